"""Attribution on PolNeAR TRAIN: the extractor's cue finder scored as bench_polnear.py scores dev.

    python bench/train_attribution_check.py [--cache DIR] [--learned]

For developing cue rules without looking at dev (dev is for measuring once) or test
(never read). Reads only ``data/train/`` of the PolNeAR git mirror, through the helpers
of bench/derive_cue_lexicon.py (one annotator per article, the first in name order).
``--cache DIR`` keeps the parses (a spaCy DocBin) so rule changes can be re-scored
without re-parsing; the cache is keyed by the mirror commit. Prints cue overlap P/R/F1,
exact F1 and source accuracy on matched cues. It scores the cue rules alone: the learned
cue model (accord.news.cue_model) was fitted on these very articles, so its train figure
says nothing; ``--learned`` adds it anyway (in-sample), and scripts/train_cues.py --check
gives its cross-validated figure.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from derive_cue_lexicon import GIT, _git, train_pairs  # noqa: E402


def main() -> None:
    if not (GIT / "HEAD").exists():
        print(f"PolNeAR mirror not found at {GIT}; nothing scored")
        return
    from spacy.tokens import DocBin

    from accord.news.attribution import find_cues
    from accord.news.evaluate import case_scenario, read_brat, score_attribution
    from accord.news.extract import Extractor

    cache = Path(sys.argv[sys.argv.index("--cache") + 1]) if "--cache" in sys.argv else None
    learned = "--learned" in sys.argv
    pairs = train_pairs()
    commit = _git("rev-parse", "HEAD").strip()
    ex = Extractor(case_scenario("ukraine_2024"))
    texts = [_git("show", f"HEAD:{t}") for t, _ in pairs]
    binpath = cache / f"polnear-train-{commit[:12]}.spacy" if cache is not None else None
    if binpath is not None and binpath.exists():
        docs = list(DocBin().from_disk(binpath).get_docs(ex.nlp.vocab))
    else:
        docs = list(ex.nlp.pipe(texts, batch_size=32))
        if binpath is not None:
            binpath.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=True, docs=docs).to_disk(binpath)
    items = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc, (_, ann) in zip(docs, pairs):
            p = Path(tmp) / "a.ann"
            p.write_text(_git("show", f"HEAD:{ann}"), encoding="utf-8")
            items.append(([(c.cue_chars, c.source_chars) for c in find_cues(doc, learned=learned)], read_brat(p)))
    s = score_attribution(items)
    ov = s["cue"]["overlap"]
    print(json.dumps(s))
    print(f"train ({len(pairs)} articles, {'rules + learned model, in-sample' if learned else 'rules alone'}): cue overlap P={ov['precision']} R={ov['recall']} F1={ov['f1']}; "
          f"exact F1={s['cue']['exact']['f1']}; source acc={s['source']['accuracy_on_matched_cues']}")


if __name__ == "__main__":
    main()
