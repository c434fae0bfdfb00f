"""``--param model.name=value``: one model parameter from the command line.

The value is read as the parameter's default is typed (a whole number, a number, true/
false, a word; ``none`` for a parameter that may be unset), then the model checks it
as it checks any parameter. Every failure is one :class:`~accord.errors.InputError`
naming ``--param``.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..errors import InputError


def _read(raw: str, default: Any) -> Any:
    low = raw.strip().lower()
    if low in ("none", "null"):
        return None
    if isinstance(default, bool):
        if low in ("true", "false"):
            return low == "true"
        raise ValueError("expected true or false")
    if isinstance(default, int) or default is None:
        try:
            return int(raw)
        except ValueError:
            if default is not None:
                raise ValueError("expected a whole number") from None
    if isinstance(default, float) or default is None:
        try:
            return float(raw)
        except ValueError:
            if default is not None:
                raise ValueError("expected a number") from None
    return raw.strip()


def parse_params(specs: Iterable[str], names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``["eum.probability=all_pairs"]`` -> ``{"eum": {"probability": "all_pairs"}}``,
    each value checked by constructing the model; ``names`` are the models being run."""
    from . import MODELS

    out: dict[str, dict[str, Any]] = {}
    run = set(names)
    for spec in specs:
        key, eq, raw = spec.partition("=")
        model, dot, name = key.strip().partition(".")
        if not eq or not dot or not model or not name:
            raise InputError(f"{spec!r} is not MODEL.NAME=VALUE", field="--param")
        if model not in MODELS:
            raise InputError(f"unknown model {model!r} in {spec!r} (models are {', '.join(MODELS)})", field="--param")
        if model not in run:
            raise InputError(f"{spec!r}: model {model!r} is not being run (add --model {model})", field="--param")
        defaults = MODELS[model].default_params()
        if name not in defaults:
            raise InputError(f"model {model!r} has no parameter {name!r} (it has {', '.join(defaults) or 'none'})",
                             field="--param")
        try:
            value = _read(raw, defaults[name])
        except ValueError as exc:
            raise InputError(f"{spec!r}: {exc}", field="--param") from None
        out.setdefault(model, {})[name] = value
    for model, params in out.items():
        try:
            MODELS[model](**params)
        except (ValueError, TypeError) as exc:
            msg = exc.message if isinstance(exc, InputError) else str(exc)
            field = f" {exc.field}" if isinstance(exc, InputError) and exc.field else ""
            raise InputError(f"{model}{field}: {msg}", field="--param") from None
    return out
