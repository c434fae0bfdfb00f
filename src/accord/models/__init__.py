"""Bargaining models, one file each, found by name (scikit-learn's one interface).

>>> from accord.models import get_model, MODELS
>>> get_model("compromise").solve(scenario.inputs()).outcome
"""

from __future__ import annotations

from ..errors import InputError
from .base import Model, Param, Solution, weighted_mean, weighted_median
from .registry import MODELS, register

# each module registers its models with @register, in this order
from .compromise import Compromise  # noqa: E402
from .median import Median  # noqa: E402
from .nash import Nash, NashStatusQuo  # noqa: E402
from .eum import ExpectedUtility  # noqa: E402
from .smp import SpatialModelOfPolitics  # noqa: E402
from .ensemble import Ensemble  # noqa: E402  (after its members)


def get_model(name: str, **params) -> Model:
    """An instance of the model registered as ``name``."""
    try:
        cls = MODELS[name]
    except KeyError:
        raise InputError(f"unknown model {name!r} (models are {', '.join(MODELS)})", field="model") from None
    return cls(**params)


__all__ = ["MODELS", "Model", "Param", "Solution", "get_model", "register", "weighted_mean", "weighted_median",
           "Compromise", "Median", "Nash", "NashStatusQuo", "ExpectedUtility", "SpatialModelOfPolitics", "Ensemble"]
