"""The committed stance corpus: every gold line names its case's ids, every offset lands in
its document's text, the split is the committed one, and bad files are refused by field."""

from __future__ import annotations

import json

import pytest

import accord
from accord.errors import InputError
from accord.news import corpus


@pytest.fixture(scope="module")
def corp():
    return corpus.load()


def test_gold_names_only_its_case_ids(corp):
    cases = {}
    for g in corp.gold:
        case = corp.docs[g.doc].case
        if case not in cases:
            sc = accord.load(case)
            cases[case] = (set(sc.actor_ids), set(sc.issue_ids))
        actors, issues = cases[case]
        assert g.actor in actors and g.issue in issues, (g.doc, g.actor, g.issue)
        assert g.direction in ("up", "down") and 0 <= g.start < g.end


def test_offsets_land_in_the_text(corp):
    missing: list[str] = []
    checked = 0
    by_doc = {}
    for g in corp.gold:
        by_doc.setdefault(g.doc, []).append(g)
    for d, text in corp.texts(missing):
        for g in by_doc.get(d.doc, []):
            assert g.end <= len(text) and text[g.start:g.end].strip(), (d.doc, g.start, g.end)
            checked += 1
    if not checked:
        pytest.skip(f"no document text at hand ({len(missing)} missing, e.g. {missing[:1]})")


def test_the_split_is_the_committed_one(corp):
    frozen = json.loads((corpus.CORPUS_DIR / "split.json").read_text())
    now: dict[str, list[str]] = {}
    for d in corp.docs.values():
        now.setdefault(d.split, []).append(d.doc)
    assert {k: sorted(v) for k, v in now.items()} == frozen
    assert all(d.split == "heldout" for d in corp.docs.values()
               if d.case != "ukraine_2024" and d.case not in corpus.UNSEEN_DEV_CASES)


def test_a_case_kept_for_unseen_issues_is_never_trained_on_nor_a_test():
    for case in corpus.UNSEEN_DEV_CASES:
        for date in ("2021-11-01", "2022-03-01"):  # in and out of the held-out window
            for doc in (f"kremlin-{n}" for n in range(40)):  # ids that hash into every split
                d = corpus.Doc(doc=doc, kind="press", source="kremlin", url="u", sha256="0" * 64, date=date,
                               outlet="kremlin", case=case)
                assert d.split == "unseen-dev"
    d = corpus.Doc(doc="kremlin-1", kind="press", source="kremlin", url="u", sha256="0" * 64, date="2021-11-01",
                   outlet="kremlin", case="ukraine_2024")
    assert d.split in corpus.SPLITS


def test_bad_files_are_refused_by_field(tmp_path):
    (tmp_path / "manifest.jsonl").write_text(json.dumps({
        "doc": "x", "kind": "news", "source": "s", "url": "u", "sha256": "0" * 64, "date": "2024-01-01",
        "case": "ukraine_2024"}) + "\n")
    (tmp_path / "annotations").mkdir()
    bad = tmp_path / "annotations" / "A.jsonl"
    line = {"doc": "x", "actor": "russia", "issue": "territory", "direction": "up", "hedged": False,
            "start": 5, "end": 2}
    bad.write_text(json.dumps(line) + "\n")
    with pytest.raises(InputError, match=r"A.jsonl:1: start/end"):
        corpus.load(tmp_path)
    bad.write_text(json.dumps({**line, "start": 1, "end": 3, "doc": "y"}) + "\n")
    with pytest.raises(InputError, match=r"A.jsonl:1: doc: 'y' is not in the manifest"):
        corpus.load(tmp_path)
    bad.write_text(json.dumps({**line, "start": 1, "end": 3, "direction": "left"}) + "\n")
    with pytest.raises(InputError, match=r"A.jsonl:1: direction"):
        corpus.load(tmp_path)
