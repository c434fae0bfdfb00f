"""Attribution on PolNeAR dev: cue P/R/F1 (exact, overlap), source accuracy on matched cues.

    python bench/bench_polnear.py
    python bench/bench_polnear.py --split test --candidate NAME [--log]

Baseline in the same run: a plain dependency rule (any verb whose lemma is in the
reporting lexicon, source = its nsubj), over the same parses; and the cue rules alone,
without the learned cue model (``find_cues(..., learned=False)``). Target (issue 9): cue
overlap P >= 0.85 and R >= 0.80, source accuracy >= 0.95.

Dev is read from ../shared/data/polnear-dev. ``--split test`` reads PolNeAR's test split
from the git mirror of networkdynamics/PolNeAR (as bench/derive_cue_lexicon.py does; set
POLNEAR_GIT), for named candidates only; ``--log`` appends the scoring to
docs/test-log.md. No rule is chosen on test.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.news.attribution import SPEECH, find_cues  # noqa: E402
from accord.news.evaluate import case_scenario, polnear_articles, read_brat, score_attribution  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402
from accord.news.nlp import parser_text  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "polnear-dev"


def plain_rule(doc):
    out = []
    for t in doc:
        if t.pos_ == "VERB" and t.lemma_ in SPEECH:
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            src = (subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)) if subj is not None else None
            out.append(((t.idx, t.idx + len(t)), src))
    return out


def _test_split(tmp: Path) -> Path | None:
    """PolNeAR's test split written out of the git mirror into ``tmp`` (text/, attributions/)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from derive_cue_lexicon import GIT, _git

    if not (GIT / "HEAD").exists():
        print(f"PolNeAR mirror not found at {GIT}: run fetch github:networkdynamics/PolNeAR (or set POLNEAR_GIT)")
        return None
    for name in _git("ls-tree", "-r", "--name-only", "HEAD", "data/test/").splitlines():
        parts = name.split("/")
        if len(parts) == 4 and parts[2] in ("text", "attributions") and name.endswith((".txt", ".ann")):
            out = tmp / parts[2] / parts[3]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(_git("show", f"HEAD:{name}"), encoding="utf-8")
    return tmp


def _log(candidate: str, n: int, s: dict, b: dict) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    ov, bo = s["cue"]["overlap"], b["cue"]["overlap"]
    row = (f"| {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} | {candidate} | {commit} | {n} | "
           f"{ov['precision']:.4f} / {ov['recall']:.4f} / {ov['f1']:.4f} | {s['cue']['exact']['f1']:.4f} | "
           f"{s['source']['accuracy_on_matched_cues']:.4f} | {bo['precision']:.4f} / {bo['recall']:.4f} / {bo['f1']:.4f} |\n")
    log = ROOT / "docs" / "test-log.md"
    text = log.read_text(encoding="utf-8").rstrip("\n") + "\n"
    if "## PolNeAR attribution" not in text:
        text += ("\n## PolNeAR attribution (issue 9)\n\n"
                 "Every scoring of PolNeAR's test split (networkdynamics/PolNeAR data/test, first annotator per "
                 "article), appended by `bench/bench_polnear.py --split test --candidate NAME --log`. Cue P/R/F1 by "
                 "overlap; plain rule = the bench's baseline in the same run.\n\n"
                 "| date (UTC) | candidate | commit | n articles | cue overlap P/R/F1 | cue exact F1 | source acc "
                 "| plain rule P/R/F1 |\n|---|---|---|---|---|---|---|---|\n")
    log.write_text(text + row, encoding="utf-8")
    print(f"logged in {log}")


def main() -> None:
    split = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else "dev"
    if split not in ("dev", "test"):
        print(f"--split: dev or test, not {split}", file=sys.stderr)
        sys.exit(2)
    if split == "test":
        if "--candidate" not in sys.argv:
            print("--split test needs --candidate NAME (test is scored for named candidates only)", file=sys.stderr)
            sys.exit(2)
        with tempfile.TemporaryDirectory() as tmp:
            root = _test_split(Path(tmp))
            if root is not None:
                _run(root, sys.argv[sys.argv.index("--candidate") + 1], "--log" in sys.argv)
        return
    if not DEV.exists():
        print(f"PolNeAR dev not found at {DEV}")
        return
    _run(DEV, None, False)


def _run(split_root: Path, candidate: str | None, log: bool) -> None:
    arts = polnear_articles(split_root)
    ex = Extractor(case_scenario("ukraine_2024"))
    texts = [t.read_text(encoding="utf-8") for _, t, _ in arts]
    ours, rules, base = [], [], []
    for doc, (_, _, ann) in zip(ex.nlp.pipe([parser_text(t) for t in texts], batch_size=32), arts):
        gold = read_brat(ann)
        ours.append(([(c.cue_chars, c.source_chars) for c in find_cues(doc)], gold))
        rules.append(([(c.cue_chars, c.source_chars) for c in find_cues(doc, learned=False)], gold))
        base.append((plain_rule(doc), gold))
    s, r0, b = score_attribution(ours), score_attribution(rules), score_attribution(base)
    print(json.dumps({"extractor": s, "rules_alone": r0, "baseline_plain_rule": b}))
    for name, r in (("extractor", s), ("rules alone (learned cue model off)", r0), ("plain rule", b)):
        ov = r["cue"]["overlap"]
        print(f"{name}: cue overlap P={ov['precision']} R={ov['recall']}; exact F1={r['cue']['exact']['f1']}; "
              f"source acc={r['source']['accuracy_on_matched_cues']}")
    ok = s["cue"]["overlap"]["precision"] >= 0.85 and s["cue"]["overlap"]["recall"] >= 0.80 and \
        s["source"]["accuracy_on_matched_cues"] >= 0.95
    print(f"{split_root.name if candidate is None else 'test, ' + candidate}: {len(arts)} articles; "
          f"target P>=0.85 R>=0.80 source>=0.95: {'met' if ok else 'NOT met'}")
    if candidate is not None and log:
        _log(candidate, len(arts), s, b)


if __name__ == "__main__":
    main()
