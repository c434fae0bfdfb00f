"""The DEU III backtest end to end: read, solve every model, score, bootstrap, calibrate.

:func:`run_backtest` returns a plain dict (the ``--json`` document); nothing here
prints or writes except :func:`log_test`, which appends test scorings to the log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import time
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..errors import InputError

from ..models import MODELS, get_model
from . import calibration, metrics
from .candidates import run_candidates
from .deu import DeuData, load_deu
from .split import SEED as SPLIT_SEED
from .split import load_split
from ..jsonnum import json_number as _r

SCHEMA = "accord.backtest.deu/1"
REFERENCE = "compromise"
#: published figures printed beside ours (as quoted in issue 5)
ANCHORS: dict[str, dict[str, Any]] = {
    "compromise_equal_capability_mae": {"value": 23.68, "n": 353, "what": "equal-capability salience-weighted mean, DEU III (reproduced exactly here)"},
    "compromise_council_weights_mae": {"value": 23.0, "what": "capability x salience weighted mean with Council voting weights"},
    "expected_utility_reconstructions_mae": {"range": [26.8, 28.3], "what": "reconstructions of Bueno de Mesquita's expected utility model on DEU III"},
}
#: models that solve draw by draw (a Python loop) are calibrated on the first N draws of the
#: same stream only (block-seeded: the same values as the first N of the full run). A fixed
#: rule, not a timing, so the document is the same on a busy machine and an idle one.
DRAW_CAP = {"smp": 50}
WORST = 15


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, (float, np.floating)):
        return _r(float(obj))
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def _first(inputs, count: int):
    """The first ``count`` draws of inputs with a leading draws axis."""
    return dataclasses.replace(inputs, **{f: getattr(inputs, f)[:count] for f in ("position", "salience", "capability", "status_quo", "scale_low", "scale_high")})


def solve_models(data: DeuData, names: Iterable[str]) -> tuple[dict[str, np.ndarray], dict[str, float], list[dict]]:
    """Each model's forecast (k,), its time in seconds, and the models set aside with why."""
    out: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    skipped: list[dict] = []
    for name in names:
        t0 = time.perf_counter()
        try:
            out[name] = np.asarray(get_model(name).solve(data.inputs).outcome, dtype=float)
        except NotImplementedError as exc:
            skipped.append({"model": name, "reason": f"not implemented: {exc}".rstrip(": ")})
            continue
        seconds[name] = time.perf_counter() - t0
    return out, seconds, skipped


def _scores(f: np.ndarray, data: DeuData, test: np.ndarray, ref: np.ndarray | None) -> dict[str, Any]:
    s: dict[str, Any] = metrics.summary(f, data.outcome)
    s["mae_test"] = metrics.summary(f, data.outcome, test)["mae"]
    s["n_test"] = metrics.summary(f, data.outcome, test)["n"]
    s["mae_test_ci95"] = metrics.cluster_bootstrap_mae(np.abs(f - data.outcome), np.array(data.proposal), test)["ci95"]
    if ref is not None:
        a, b = np.abs(f - data.outcome), np.abs(ref - data.outcome)
        cl = np.array(data.proposal)
        s["diff_vs_compromise"] = metrics.cluster_bootstrap_diff(a, b, cl)
        s["diff_vs_compromise_test"] = metrics.cluster_bootstrap_diff(a, b, cl, test)
    return s


def run_backtest(
    path: str | Path,
    capability: str = "equal",
    models: Iterable[str] | None = None,
    draws: int = 200,
    institutions: str = "max",
    widths: tuple[float, ...] = calibration.WIDTHS,
) -> tuple[dict[str, Any], dict[str, float]]:
    """The backtest document and the seconds each model took (kept out of the document).

    ``widths``: the position half-widths tried when tuning the calibration ranges on
    train + dev (tests pass fewer to stay fast)."""
    data = load_deu(path, capability, institutions)
    if len(data.outcome) == 0:
        reasons = sorted({s.reason for s in data.skipped})
        raise InputError(f"no issue left to score: all {len(data.skipped)} rows were skipped "
                         f"({'; '.join(reasons[:3]) or 'no rows'})", source=str(path))
    names = list(models) if models else [m for m in MODELS if not getattr(MODELS[m], "composite", False)]
    if REFERENCE not in names:
        names.insert(0, REFERENCE)
    split = load_split()
    part = np.array([split.get(p, "unsplit") for p in data.proposal])
    test = part == "test"
    fit = (part == "train") | (part == "dev")
    forecasts, seconds, skipped_models = solve_models(data, names)
    ref = forecasts[REFERENCE]
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "source": Path(data.source).name,
        "capability": capability,
        "institutions": institutions if capability == "council" else "equal",
        "n_issues": data.k,
        "split": {"seed": SPLIT_SEED, "issues": {p: int((part == p).sum()) for p in ("train", "dev", "test", "unsplit")}},
        "models": {n: _scores(f, data, test, ref) for n, f in forecasts.items()},
    }
    cands = run_candidates(data, fit, forecasts)
    doc["candidates"] = {}
    for c in cands:
        entry = {"description": c.description, "params": c.params, "fit_mae_train_dev": c.fit_mae}
        entry.update(_scores(c.forecast, data, test, ref))
        doc["candidates"][c.name] = entry
    everything: dict[str, Any] = {**doc["models"], **doc["candidates"]}
    doc["beats_compromise_on_test"] = sorted(
        n for n, s in everything.items() if n != REFERENCE and s["diff_vs_compromise_test"]["ci95"][1] < 0
    )
    doc["anchors"] = ANCHORS
    lo_hi: list[float] = ANCHORS["expected_utility_reconstructions_mae"]["range"]
    doc["eum_test_mae_vs_reconstructions"] = {
        name: {"mae_test": s["mae_test"], "ci95": s["mae_test_ci95"], "range": lo_hi,
               "overlaps": bool(s["mae_test_ci95"][0] <= lo_hi[1] and s["mae_test_ci95"][1] >= lo_hi[0])}
        for name, s in everything.items() if name == "eum" or name.startswith("eum")
    }
    # calibration: Estimate ranges around every position and salience, drawn by accord.simulate
    cal: dict[str, Any] = {
        "noise": {
            "dist": calibration.DIST,
            "salience_halfwidth": calibration.NOISE_SALIENCE,
            "position_halfwidth": None,
            "seed": calibration.CALIBRATION_SEED,
            "draws": draws,
            "drawn_by": "accord.simulate.draws.draw (stream 0)",
        },
        "levels": list(calibration.LEVELS),
        "models": {},
    }
    if draws > 0:
        def solve_ref(inp):
            return np.asarray(get_model(REFERENCE).solve(inp).outcome, dtype=float)

        tuned = calibration.tune_width(solve_ref, data.inputs, data.outcome, fit, draws, widths=widths)
        cal["tuning"] = tuned
        w = tuned["chosen_position_halfwidth"]
        cal["noise"]["position_halfwidth"] = w
        noisy = calibration.perturbed(data.inputs, draws, w)
        for n in forecasts:
            used = min(draws, DRAW_CAP.get(n, draws))
            inp = noisy if used == draws else _first(noisy, used)
            t0 = time.perf_counter()
            samples = np.asarray(get_model(n).solve(inp).outcome, dtype=float)
            seconds[f"calibration {n}"] = time.perf_counter() - t0
            cal["models"][n] = {
                "coverage": calibration.coverage(samples, data.outcome),
                "coverage_fit": calibration.coverage(samples, data.outcome, fit),
                "coverage_test": calibration.coverage(samples, data.outcome, test),
                "mean_width_80": calibration.mean_width(samples),
                "draws": used,
            }
    cal["conformal"] = {n: calibration.conformal_coverage(f, data.outcome, fit, test, cluster=np.array(data.proposal))
                        for n, f in forecasts.items()}
    doc["calibration"] = cal
    err = np.abs(ref - data.outcome)
    order = np.argsort(-err, kind="stable")[:WORST]
    allf = {**forecasts, **{c.name: c.forecast for c in cands}}
    doc["worst_issues"] = [
        {
            "issue": data.inputs.issues[j],
            "proposal": data.proposal[j],
            "row": data.row[j],
            "split": str(part[j]),
            "outcome": float(data.outcome[j]),
            "rp": float(data.rp[j]) if np.isfinite(data.rp[j]) else None,
            "forecast": {n: float(f[j]) for n, f in allf.items()},
        }
        for j in order
    ]
    doc["scatter"] = {"model": REFERENCE, "issue": list(data.inputs.issues), "forecast": ref.tolist(), "outcome": data.outcome.tolist()}
    doc["skipped"] = [s.to_dict() for s in data.skipped]
    doc["skipped_models"] = skipped_models
    doc["notes"] = data.notes
    return _clean(doc), seconds


def git_commit(repo: Path) -> str:
    """The short commit of ``repo``, with ``-dirty`` if tracked files changed; '' if unknown."""
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no", "--", "src/accord/backtest"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + ("-dirty" if dirty else "")


LOG_HEADER = (
    "# Test-split log (DEU III backtest)\n\n"
    "Every scoring of the test split, appended by `accord backtest deu --log-test`. A test figure\n"
    "not in this table does not count. Split: src/accord/backtest/deu_split.json (seed 20240605).\n\n"
    "| date (UTC) | candidate | capability | git commit | n test | MAE test | diff vs compromise [95% CI] |\n"
    "|---|---|---|---|---|---|---|\n"
)


def log_test(doc: dict[str, Any], log: Path, repo: Path, now: dt.datetime | None = None) -> int:
    """Append one line per model and candidate scored on test; returns the lines added."""
    from ..scenario.io import write_atomic

    now = now or dt.datetime.now(dt.timezone.utc)
    commit = git_commit(repo) or "unknown"
    text = log.read_text(encoding="utf-8") if log.exists() else LOG_HEADER
    if not text.endswith("\n"):
        text += "\n"
    lines = []
    for name, s in {**doc["models"], **doc["candidates"]}.items():
        d = s.get("diff_vs_compromise_test", {})
        ci = d.get("ci95") or [None, None]
        fmt = lambda x: "n/a" if x is None else f"{x:.2f}"  # noqa: E731
        mci = s.get("mae_test_ci95")
        mae = fmt(s["mae_test"]) + (f" [{fmt(mci[0])}, {fmt(mci[1])}]" if mci else "")
        lines.append(
            f"| {now.strftime('%Y-%m-%d %H:%M')} | {name} | {doc['capability']} | {commit} | {s['n_test']} | {mae} | "
            f"{fmt(d.get('mean'))} [{fmt(ci[0])}, {fmt(ci[1])}] |"
        )
    # the DEU rows go at the end of the DEU part, before any later section (the stance
    # corpus keeps its own table below it)
    cut = text.find("\n## ", text.rfind("| date (UTC) | candidate | capability |"))
    head, tail = (text, "") if cut < 0 else (text[:cut].rstrip("\n") + "\n", text[cut:])
    write_atomic(log, head + "\n".join(lines) + "\n" + tail)
    return len(lines)


def read_test_log(log: Path) -> list[dict[str, str]]:
    """The rows of the test log, oldest first: date, candidate, capability, commit,
    n_test, mae_test, diff (as written). An absent log has no rows."""
    if not log.exists():
        return []
    rows = []
    keys = ("date", "candidate", "capability", "commit", "n_test", "mae_test", "diff")
    for line in log.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == len(keys) and cells[0][:1].isdigit():
            rows.append(dict(zip(keys, cells)))
    return rows
