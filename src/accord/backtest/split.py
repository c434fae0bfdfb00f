"""The fixed train/dev/test split of DEU III proposals.

Issues of one proposal share actors, dates and negotiators, so they are not independent:
the split (and the bootstrap in :mod:`accord.backtest.metrics`) works on proposals
(``prnr``), never on issues. The split was drawn once with :data:`SEED` and committed
(``deu_split.json``) before any candidate was tuned; anything tuned uses train + dev
only, and every scoring of test is logged in ``docs/test-log.md``.

Regenerate (only to check it is reproducible; never to change it)::

    python -m accord.backtest.split ../shared/data/deu3/deu3.tsv
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

SEED = 20240605
FRACTIONS = {"train": 0.6, "dev": 0.2, "test": 0.2}
SPLIT_FILE = Path(__file__).with_name("deu_split.json")


def make_split(proposals: list[str], seed: int = SEED) -> dict[str, str]:
    """Proposal id -> ``train``/``dev``/``test``: a seeded permutation of the sorted ids."""
    ids = sorted(set(proposals))
    order = np.random.default_rng(seed).permutation(len(ids))
    n_train = int(round(FRACTIONS["train"] * len(ids)))
    n_dev = int(round(FRACTIONS["dev"] * len(ids)))
    out: dict[str, str] = {}
    for rank, idx in enumerate(order):
        out[ids[idx]] = "train" if rank < n_train else "dev" if rank < n_train + n_dev else "test"
    return dict(sorted(out.items()))


def load_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """The committed split: proposal id -> part."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(data["proposals"])


def split_document(split: dict[str, str], seed: int = SEED) -> str:
    counts = {part: sum(v == part for v in split.values()) for part in FRACTIONS}
    doc = {
        "what": "DEU III proposals (prnr) -> train/dev/test; derived ids only, no data",
        "seed": seed,
        "fractions": FRACTIONS,
        "counts": counts,
        "proposals": split,
    }
    return json.dumps(doc, indent=1, sort_keys=False) + "\n"


def _main(argv: list[str]) -> None:  # pragma: no cover - one-off tool
    import csv

    with open(argv[0], encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    prnr = [r["prnr"] for r in rows if r.get("prnr")]
    sys.stdout.write(split_document(make_split(prnr)))


if __name__ == "__main__":  # pragma: no cover
    _main(sys.argv[1:])
