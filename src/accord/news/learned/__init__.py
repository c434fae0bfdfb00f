"""The learned stance decider (issue 9, item 3): ``LearnedDecider`` decides none / up /
down and hedged for each rule-proposed (holder, issue) candidate from the sentence's parse
and the issue's words, never an issue id or anyone's position (see ``DATA_CARD.md``).

Weights ship in ``weights/`` (``model.json`` + ``model.npy``), retrained by
``scripts/train_stance.py``; inference needs numpy only.
"""

from __future__ import annotations

from .decider import LearnedDecider
from .model import WEIGHTS, LinearModel

__all__ = ["LearnedDecider", "LinearModel", "WEIGHTS"]

try:  # where the extractor has a decider registry, offer this one as ``--extractor learned``
    from ..decide import register_decider  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - the registry is not on this branch yet
    register_decider = None
if register_decider is not None and (WEIGHTS / "model.json").is_file():
    register_decider("learned", LearnedDecider)
