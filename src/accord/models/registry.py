"""The registry of models: ``@register`` on a :class:`~accord.models.base.Model`
subclass adds it under its ``name``. A new model is one file with a decorated class
plus its import line in :mod:`accord.models`; it then runs in the conformance suite.
"""

from __future__ import annotations

from .base import Model

MODELS: dict[str, type[Model]] = {}


def register(cls: type[Model]) -> type[Model]:
    """Add a model class to the registry under its ``name`` (a class decorator)."""
    if not cls.name:
        raise TypeError(f"{cls.__name__} has no name")
    if cls.name in MODELS and MODELS[cls.name] is not cls:
        raise TypeError(f"two models named {cls.name!r}")
    MODELS[cls.name] = cls
    return cls
