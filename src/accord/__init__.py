"""accord: read news about a negotiation, model who wants what, forecast the bargain.

>>> import accord
>>> scenario = accord.load("ukraine_2024")
>>> accord.solve(scenario, models=["compromise", "eum"]).to_frame()
"""

__version__ = "0.1.0"

from .errors import InputError  # noqa: E402
from .forecast import Forecast, solve  # noqa: E402
from .scenario import Scenario, load  # noqa: E402

__all__ = ["Forecast", "InputError", "Scenario", "__version__", "load", "solve"]
