"""Each model's predictive half-widths from its own errors on DEU III train + dev.

Split-conformal (Lei et al. 2018, sec. 2.2): for level L the half-width is the
ceil((m + 1) L)-th smallest of the m absolute errors |forecast - outcome| on the train
and dev issues (equal capability, on DEU's 0-100 scale). The interval forecast +- q_L
then holds a new outcome with probability >= L if issues are exchangeable with DEU's;
it covers the model's error, not the uncertainty of the inputs (the Monte Carlo
intervals). Written to ``conformal_halfwidths.json`` beside this module by
``python -m accord.backtest.conformal DEU_TSV``; the test split is not read here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent / "conformal_halfwidths.json"
LEVELS = (0.8, 0.95)


def halfwidths(path: str | Path) -> dict:
    from ..models import MODELS, get_model
    from .calibration import conformal_coverage
    from .deu import load_deu
    from .split import load_split

    data = load_deu(path, "equal", "max")
    split = load_split()
    part = np.array([split.get(p, "unsplit") for p in data.proposal])
    fit = (part == "train") | (part == "dev")
    none = np.zeros_like(fit)
    out = {}
    for name in (m for m in MODELS if not getattr(MODELS[m], "composite", False)):
        f = np.asarray(get_model(name).solve(data.inputs).outcome, dtype=float)
        c = conformal_coverage(f, data.outcome, fit, none, LEVELS)
        out[name] = {k: round(v, 4) for k, v in c["halfwidth"].items()}
    return {
        "what": "split-conformal half-widths of each model's predictive interval, on a 0-100 scale: the "
                "ceil((m+1)L)-th smallest absolute error on DEU III train+dev (equal capability)",
        "n_issues": int(fit.sum()),
        "levels": [f"{lv:.2f}" for lv in LEVELS],
        "models": out,
    }


def load() -> dict:
    """The committed table (empty models when absent)."""
    try:
        return json.loads(HERE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"models": {}}


if __name__ == "__main__":  # pragma: no cover
    HERE.write_text(json.dumps(halfwidths(sys.argv[1]), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {HERE}")
