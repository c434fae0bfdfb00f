"""The learned stance decider (issue 9, item 3): ``LearnedDecider`` decides none / up /
down and hedged for each rule-proposed (holder, issue) candidate from the sentence's parse
and the issue's words, never an issue id or anyone's position (see ``DATA_CARD.md``).

Weights ship in ``weights/`` (``model.json`` + ``model.npy``), retrained by
``scripts/train_stance.py``; inference needs numpy only.
"""

from __future__ import annotations

from ..decide import register_decider
from .decider import LearnedDecider
from .model import WEIGHTS, LinearModel

__all__ = ["LearnedDecider", "LinearModel", "WEIGHTS"]

#: the decision threshold when the decider serves the extractor's own proposals
#: (``--extractor learned``): chosen on the corpus' dev split, news prose, through the whole
#: extractor (bench/bench_extractor_real.py: 0.25 -> 0.467, 0.4 -> 0.476, the weights' own
#: 0.55 -> 0.437; rules 0.428); the weights' threshold was picked for the package's broader
#: proposer
EXTRACTOR_THRESHOLD = 0.4


def _for_extractor() -> LearnedDecider:
    """The article-level decider where its pair stage ships, else the sentence head alone
    on the rules' proposals."""
    if (WEIGHTS / "pairs.json").is_file():
        from .decider import ArticleDecider

        return ArticleDecider()
    return LearnedDecider(threshold=EXTRACTOR_THRESHOLD)


def _cross() -> LearnedDecider:
    from .decider import CrossDecider

    return CrossDecider()


def _fast() -> LearnedDecider:
    """The default decider with the distilled 2-layer encoder (``weights/cross-fast``,
    ``scripts/distil_cross.py``): the same pair stage, cuts and screen, read about twice as
    fast (docs/decisions.md, entries 264-266)."""
    from .decider import CrossDecider

    return CrossDecider(CROSS_FAST)


def _learned() -> LearnedDecider:
    """The default learned decider: the cross-encoder's where it ships, else the linear one."""
    return _cross() if (CROSS / "model.onnx").is_file() else _for_extractor()


CROSS = WEIGHTS / "cross"
CROSS_FAST = WEIGHTS / "cross-fast"
# offered to the extractor as ``--extractor learned`` (the best on dev that ships), and each
# sentence head by its own name: ``linear`` (features of the parse) and ``cross`` (the
# fine-tuned encoder of :mod:`.cross`); ``fast`` is ``learned`` with the distilled 2-layer encoder
if (WEIGHTS / "model.json").is_file():
    register_decider("linear", _for_extractor)
if (CROSS / "model.onnx").is_file():
    register_decider("cross", _cross)
if (CROSS_FAST / "model.onnx").is_file():
    register_decider("fast", _fast)
if (WEIGHTS / "model.json").is_file() or (CROSS / "model.onnx").is_file():
    register_decider("learned", _learned)
