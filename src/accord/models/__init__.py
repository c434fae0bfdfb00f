"""Bargaining models, one file each, found by name (scikit-learn's one interface).

>>> from accord.models import get_model, MODELS
>>> get_model("compromise").solve(scenario.inputs()).outcome
"""

from __future__ import annotations

from .base import Model, Solution, weighted_mean, weighted_median
from .compromise import Compromise
from .eum import ExpectedUtility
from .median import Median
from .nash import Nash, NashStatusQuo
from .smp import SpatialModelOfPolitics

MODELS: dict[str, type[Model]] = {}


def register(cls: type[Model]) -> type[Model]:
    """Add a model class to the registry under its ``name``."""
    MODELS[cls.name] = cls
    return cls


for _cls in (Compromise, Median, Nash, NashStatusQuo, ExpectedUtility, SpatialModelOfPolitics):
    register(_cls)


def get_model(name: str, **params) -> Model:
    """An instance of the model registered as ``name``."""
    try:
        cls = MODELS[name]
    except KeyError:
        raise ValueError(f"unknown model {name!r} (models are {', '.join(MODELS)})") from None
    return cls(**params)


__all__ = ["MODELS", "Model", "Solution", "get_model", "register", "weighted_mean", "weighted_median"]
