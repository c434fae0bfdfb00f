"""The model of a negotiation: schema, validation, reading and writing, built-in cases."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .io import dump, load_file, save
from .schema import Actor, Effect, Estimate, Evidence, Inputs, Issue, Lever, Position, Scenario
from .validate import scenario_from_dict


def builtin_cases() -> list[str]:
    """Names of the scenarios shipped with accord (``accord/cases/*.yaml``)."""
    from importlib import resources  # ~2 ms of start-up: imported where a case is looked up

    root = resources.files("accord") / "cases"
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


def case_path(name: str) -> Path:
    """The file of built-in case ``name``."""
    from importlib import resources

    path = Path(str(resources.files("accord") / "cases" / f"{name}.yaml"))
    if not path.exists():
        raise InputError(f"no built-in case {name!r} (cases are {', '.join(builtin_cases()) or 'none'})")
    return path


def load(name_or_path: str | Path) -> Scenario:
    """A built-in case by name (``"ukraine_2024"``) or a scenario file by path."""
    p = Path(name_or_path)
    if isinstance(name_or_path, str) and p.suffix == "" and not p.exists() and "/" not in name_or_path:
        return load_file(case_path(name_or_path))
    return load_file(p)


__all__ = [
    "Actor", "Effect", "Estimate", "Evidence", "InputError", "Inputs", "Issue", "Lever", "Position",
    "Scenario", "builtin_cases", "case_path", "dump", "load", "load_file", "save", "scenario_from_dict",
]
