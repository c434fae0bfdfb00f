"""``bench/annotate.py restore`` puts news pages back in the git-ignored page cache only
where the text hashes to the manifest's sha256 for that URL; ``missing`` lists the rest."""

from __future__ import annotations

import json
import sys

import pytest

from accord.news import corpus
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import annotate  # noqa: E402

PAGE = "Officials met on Tuesday.\nThe talks, one said, would go on.\n"
URL = "https://example.org/a-page"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    sha = corpus.sha256_text(PAGE)
    man = tmp_path / "corpus"
    man.mkdir()
    row = {"doc": f"page-{sha[:12]}", "kind": "news", "source": "example.org", "url": URL, "sha256": sha,
           "date": "2025-01-02", "outlet": "example.org", "case": "ukraine_2024", "annotator": "N1"}
    (man / "manifest.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    monkeypatch.setattr(corpus, "CORPUS_DIR", man)
    monkeypatch.setenv("ACCORD_PAGE_CACHE", str(tmp_path / "pages"))
    return tmp_path / "pages" / f"{sha}.txt"


def _restore(tmp_path, items) -> int:
    f = tmp_path / "in.json"
    f.write_text(json.dumps(items), encoding="utf-8")
    return annotate.main(["restore", str(f)])


def test_restores_exact_text_as_add_page_keeps_it(folder, tmp_path, capsys):
    # the excerpt as the search tool gives it: no final newline (add-page adds one)
    assert _restore(tmp_path, [{"url": URL, "excerpt": PAGE.rstrip("\n")}]) == 0
    assert folder.read_bytes() == PAGE.encode("utf-8")
    assert "restored page-" in capsys.readouterr().out
    assert annotate.main(["missing"]) == 0
    assert "1 of 1 news pages at hand" in capsys.readouterr().err


def test_refuses_a_copy_one_character_off(folder, tmp_path, capsys):
    assert _restore(tmp_path, [{"url": URL, "excerpt": PAGE.replace("Tuesday", "Tuesday,")}]) == 0
    out = capsys.readouterr()
    assert "MISMATCH" in out.out and "0 restored, 1 mismatch" in out.err
    assert not folder.exists() and not list(folder.parent.glob("*"))
    assert annotate.main(["missing"]) == 0
    assert URL in capsys.readouterr().out


def test_unknown_url_and_malformed_file(folder, tmp_path, capsys):
    assert _restore(tmp_path, {"url": "https://example.org/other", "excerpt": PAGE}) == 0
    assert "not in the manifest" in capsys.readouterr().out
    assert _restore(tmp_path, [{"url": URL}]) == 2
    assert "item 0: url, excerpt" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{")
    assert annotate.main(["restore", str(bad)]) == 2
    assert f"{bad}: not a readable JSON file" in capsys.readouterr().err
    assert not folder.exists()
