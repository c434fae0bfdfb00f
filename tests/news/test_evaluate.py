"""accord's stance scorer agrees with the reference scorer shared/eval/score_stances.py."""
from __future__ import annotations

import json
import random
import subprocess
import sys

from accord.news.evaluate import read_jsonl, score_stances
from tests.conftest import shared_path


def _random_preds(gold, seed):
    rng = random.Random(seed)
    actors = sorted({g["actor"] for g in gold}) + [None]
    issues = sorted({g["issue"] for g in gold})
    arts = sorted({g["article"] for g in gold}) + ["other.txt"]
    rows = [dict(g, hedged=rng.random() < 0.5) for g in gold if rng.random() < 0.6]
    for _ in range(40):
        rows.append({"article": rng.choice(arts), "actor": rng.choice(actors), "issue": rng.choice(issues + [None]),
                     "direction": rng.choice(["up", "down", "sideways"]), "hedged": rng.random() < 0.5})
    return rows


def test_agrees_with_reference_scorer(tmp_path):
    gold_path = shared_path("eval", "seeds-gold.jsonl")
    ref = shared_path("eval", "score_stances.py")
    gold = read_jsonl(gold_path)
    for seed in range(3):
        preds = _random_preds(gold, seed)
        p = tmp_path / f"pred{seed}.jsonl"
        p.write_text("".join(json.dumps(r) + "\n" for r in preds), encoding="utf-8")
        out = subprocess.run([sys.executable, str(ref), str(gold_path), str(p)], capture_output=True, text=True, check=True)
        theirs = json.loads(out.stdout.splitlines()[0])
        ours = score_stances(gold, preds)
        for k in ("precision", "recall", "f1", "hedge_agreement", "hits", "false_alarms", "gold"):
            assert ours[k] == theirs[k], (seed, k)
        cli = subprocess.run([sys.executable, "-m", "accord.cli", "eval-stances", str(gold_path), "--pred", str(p), "--json"],
                             capture_output=True, text=True, check=True)
        assert json.loads(cli.stdout) == ours


def test_bad_gold_exits_2(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "accord.cli", "eval-stances", str(bad), "--pred", str(bad)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "line 1" in r.stderr


def test_hedged_class_f1_is_scored_over_the_hits():
    """Of the hits, the hedged class's F1: here 1 true hedge found, 1 missed, 1 false; a
    false alarm's flag and a missed line's flag count for nothing."""
    g = [{"article": "a", "actor": "x", "issue": "i", "direction": d, "hedged": h}
         for d, h in (("up", True), ("down", True))]
    g += [{"article": "b", "actor": "x", "issue": k, "direction": "up", "hedged": h}
          for k, h in (("i", False), ("j", False), ("m", True))]
    p = [{"article": "a", "actor": "x", "issue": "i", "direction": "up", "hedged": True},
         {"article": "a", "actor": "x", "issue": "i", "direction": "down", "hedged": False},
         {"article": "b", "actor": "x", "issue": "i", "direction": "up", "hedged": True},
         {"article": "b", "actor": "x", "issue": "j", "direction": "down", "hedged": True}]
    s = score_stances(g, p)
    assert (s["hits"], s["hedged_gold_hits"]) == (3, 2)
    assert s["hedged_f1"] == round(2 * 1 / (2 * 1 + 1 + 1), 3)
    assert score_stances(g, [dict(r, hedged=False) for r in p])["hedged_f1"] == 0.0
