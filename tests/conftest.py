"""Shared test helpers: where the shared data lives, and skipping where it is absent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.scenario.schema import Inputs

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


def make_inputs(pos, sal, cap, sq, lo=0.0, hi=100.0) -> Inputs:
    k = pos.shape[-1]
    n = pos.shape[-2]
    return Inputs(
        position=np.asarray(pos, float),
        salience=np.asarray(sal, float),
        capability=np.asarray(cap, float),
        status_quo=np.asarray(sq, float),
        scale_low=np.full(k, lo),
        scale_high=np.full(k, hi),
        actors=tuple(f"a{i}" for i in range(n)),
        issues=tuple(f"i{j}" for j in range(k)),
    )
