"""What every command shares: the exit for bad input, loading a scenario, naming models."""

from __future__ import annotations

from typing import List, Optional

import typer

from ..errors import InputError


#: the longest error line printed (a 10 KB key or value is cut, not echoed whole)
MAX_MESSAGE = 400


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` safe for a terminal on one line: control characters (escape sequences,
    newlines, carriage returns) shown as ``\\xNN``-style escapes, cut to ``limit`` characters."""
    out = terminal_safe(str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


def terminal_safe(text: str, keep: str = "") -> str:
    """``text`` with every control character (C0, DEL, C1, bidi overrides, lone surrogates)
    written as a visible escape, so hostile text cannot move the cursor, recolour the
    terminal or hide what follows. Characters in ``keep`` (e.g. ``"\\n"``) pass as they are."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if ch.isprintable() or ch == " " or ch in keep:
            out.append(ch)
        elif o < 0x100:
            out.append(f"\\x{o:02x}")
        elif o < 0x10000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    return "".join(out)


def fail(exc: Exception) -> typer.Exit:
    """Print ``accord: error: ...`` on one line and give the exit for bad input (code 2)."""
    typer.echo(f"accord: error: {one_line(str(exc))}", err=True)
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
