"""Shared test helpers: where the shared data lives, and skipping where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()
DATA = SHARED / "data"
SEEDS = SHARED / "corpus" / "seeds"
EVAL = SHARED / "eval"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (tests read it from ../shared beside the repo)")
    return path
