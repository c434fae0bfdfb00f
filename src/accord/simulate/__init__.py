"""Simulation around the models: levers (what-ifs), Monte Carlo over input ranges,
sensitivity, the bargaining clock, and running chunks on a Dask cluster.

Simulation wraps models, never the other way round (DESIGN.md).
"""

from __future__ import annotations

from .levers import apply_levers, apply_to_inputs, check_levers
from .montecarlo import MonteCarloResult, monte_carlo

__all__ = ["MonteCarloResult", "apply_levers", "apply_to_inputs", "check_levers", "monte_carlo"]
