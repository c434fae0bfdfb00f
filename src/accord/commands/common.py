"""What every command shares: the exit for bad input, loading a scenario, naming models."""

from __future__ import annotations

from typing import List, Optional

import typer

from ..errors import InputError


def fail(exc: Exception) -> typer.Exit:
    """Print ``accord: error: ...`` on one line and give the exit for bad input (code 2)."""
    typer.echo(f"accord: error: {exc}", err=True)
    return typer.Exit(code=2)


def load_scenario(file_or_case: str):
    """A built-in case by name or a scenario file by path, or exit 2 naming what is wrong."""
    from ..scenario import load

    try:
        return load(file_or_case)
    except InputError as exc:
        raise fail(exc) from None


def model_names(models: Optional[List[str]]) -> list[str]:
    """The models named (all registered ones by default), or exit 2 for an unknown one."""
    from ..forecast import default_models
    from ..models import MODELS

    names = list(models) if models else default_models()
    for m in names:
        if m not in MODELS:
            raise fail(InputError(f"unknown model {m!r} (models are {', '.join(MODELS)})", field="--model"))
    return names
