"""Reading articles: formats, manifest, cleaning, dates, aliases by date, decoding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.news.clean import clean_text, is_debris, split_sentences
from accord.news.read import decode, normalise_date, read_input, resolve_aliases, text_date, load_manifest
from accord.scenario.schema import Actor, Alias, Estimate
from conftest import shared_path


def one(path: Path, **kw):
    reads = list(read_input(path, **kw))
    assert len(reads) == 1, reads
    return reads[0]


def test_txt_title_from_short_first_line_and_heading_is_own_sentence(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Talks resume in Geneva\nThe Kremlin said on Monday it was ready. Kyiv disagreed.\n", encoding="utf-8")
    r = one(f)
    art = r.article
    assert art.title == "Talks resume in Geneva"
    assert art.id == "a.txt"
    sents = [art.text[s:e] for s, e in split_sentences(art.text)]
    assert sents == ["Talks resume in Geneva", "The Kremlin said on Monday it was ready.", "Kyiv disagreed."]


def test_txt_title_falls_back_to_file_name_when_first_line_is_a_sentence(tmp_path):
    f = tmp_path / "b.txt"
    f.write_text("Putin said the war would go on until Kyiv gave up its claims.\nMore text.\n")
    assert one(f).article.title == "b.txt"


def test_markdown_heading_title_and_hard_wrapped_paragraphs_joined(tmp_path):
    f = tmp_path / "c.md"
    body = (
        "# Ceasefire talk grows louder\n\n"
        "Officials in Moscow and Kyiv have both said that a ceasefire along the\n"
        "current line of contact could be discussed, though neither side has\n"
        "said on what terms such a pause would hold for long.\n\n"
        "## What Europe wants\n\n"
        "European leaders want guarantees that would bind the United States to\n"
        "the defence of Ukraine after any deal, and they said so on Tuesday in\n"
        "a joint statement that named no date for a summit with the Americans.\n"
    )
    f.write_text(body)
    art = one(f).article
    assert art.title == "Ceasefire talk grows louder"
    paras = art.text.split("\n\n")
    assert paras[0] == "# Ceasefire talk grows louder"
    assert paras[1].startswith("Officials in Moscow") and "along the current line" in paras[1]
    assert paras[2] == "## What Europe wants"
    assert paras[3].startswith("European leaders")


def test_html_main_text_without_scripts(tmp_path):
    f = tmp_path / "page.html"
    script = "<script>var stolen = 'SECRET_TOKEN'; document.write('<p>fake</p>');</script>" * 50
    f.write_text(
        "<html><head><title>Peskov denies call</title>" + script + "<style>p{color:red}</style></head><body>"
        "<nav><a href='http://example.com/next'>Next story</a></nav><article><h1>Peskov denies call</h1>"
        "<p>Kremlin spokesperson Dmitry Peskov on Monday denied a report that Donald Trump had spoken with "
        "Vladimir Putin about the war in Ukraine, calling it simply false information.</p>"
        "<p>The report, published on November 10, 2024, said Trump urged Putin not to escalate the war.</p>"
        + script + "</article></body></html>"
    )
    art = one(f).article
    assert "Dmitry Peskov on Monday denied" in art.text
    assert "SECRET_TOKEN" not in art.text and "document.write" not in art.text and "color:red" not in art.text
    assert art.title == "Peskov denies call"
    assert art.published == "2024-11-10" and art.date_basis == "text"


def test_jsonl_fields_renamed_and_bad_rows_named(tmp_path):
    f = tmp_path / "feed.jsonl"
    rows = [
        {"headline": "A", "body": "Zelenskyy said Ukraine would never cede Crimea.", "date": "2024-11-14T08:00:00Z",
         "url": "https://example.org/a", "source": "Wire"},
        {"headline": "B", "date": "2024-11-15"},
        {"headline": "C", "body": 42},
        {"headline": "D", "body": "Some text here.", "published": "not a date"},
        {"headline": "E", "body": "Scholz called for talks.", "published": "Tue, 19 Nov 2024 10:00:00 GMT"},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n")
    reads = list(read_input(f, fields={"text": "body", "title": "headline"}))
    assert [r.input for r in reads] == [f"{f}#{n}" for n in range(1, 7)]
    a = reads[0].article
    assert (a.id, a.title, a.published, a.date_basis, a.url, a.source) == (
        "feed.jsonl#1", "A", "2024-11-14", "published", "https://example.org/a", "Wire")
    assert reads[1].article is None and reads[1].error.startswith("body: missing")
    assert reads[2].article is None and reads[2].error == "body: expected a string, got int"
    assert reads[3].article is None and reads[3].error.startswith("published: ")
    assert reads[4].article.published == "2024-11-19"
    assert reads[5].article is None and "invalid JSON" in reads[5].error


def test_csv_and_json_feeds(tmp_path):
    c = tmp_path / "feed.csv"
    c.write_text('id,title,text,published\nx1,First,"Putin said, again, that talks were possible.",2024-11-20\n'
                 "x2,Second,,2024-11-21\n", encoding="utf-8")
    reads = list(read_input(c))
    assert reads[0].article.id == "x1" and reads[0].article.published == "2024-11-20"
    assert reads[0].article.text == "Putin said, again, that talks were possible."
    assert reads[1].article is None and reads[1].error.startswith("text: missing")
    j = tmp_path / "feed.json"
    j.write_text(json.dumps({"articles": [{"title": "T", "text": "NATO met in Brussels.", "date": "November 12, 2024"}]}))
    (r,) = list(read_input(j))
    assert r.article.published == "2024-11-12" and r.article.id == "feed.json#1"


def test_seed_manifest_published_between_takes_the_later_end():
    seeds = shared_path("corpus", "seeds")
    manifest, err = load_manifest(seeds)
    assert err == ""
    art = one(seeds / "002_d63f49641d1b52f6.txt", manifest=manifest).article
    assert art.published == "2024-11-13" and art.date_basis == "published_between"
    # the text's "On November 11, ..." has no year and is no date
    assert text_date(art.text)[0] != "2024-11-11"


def test_manifest_published_beats_between_and_sets_id(tmp_path):
    (tmp_path / "x.txt").write_text("Trump said he would end the war in 24 hours.\n")
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [
        {"file": "x.txt", "id": "art-x", "title": "X", "published": "2024-11-09",
         "published_between": ["2024-11-01", "2024-11-30"], "source": "S"}]}))
    manifest, _ = load_manifest(tmp_path)
    art = one(tmp_path / "x.txt", manifest=manifest).article
    assert (art.id, art.title, art.published, art.date_basis, art.source) == ("art-x", "X", "2024-11-09", "published", "S")


def test_seed_debris_dropped_and_headings_kept_apart():
    seeds = shared_path("corpus", "seeds")
    t4 = clean_text((seeds / "004_699c404c680496bb.txt").read_text(encoding="utf-8"))
    assert "Skip to content" not in t4 and "newsletter" not in t4
    t2 = clean_text((seeds / "002_d63f49641d1b52f6.txt").read_text(encoding="utf-8"))
    assert "Leave a Reply" not in t2
    for name, heading in (("001_09a50c4239ba18c6.txt", "Trump’s Peace Plan For Ukraine"),
                          ("003_0bbf496ca2c49458.txt", "The Context of It All")):
        text = clean_text((seeds / name).read_text(encoding="utf-8"))
        sents = [text[s:e] for s, e in split_sentences(text)]
        assert heading in sents, name
        assert not any(s.startswith(heading) and s != heading for s in sents)


@pytest.mark.parametrize("line", [
    "Skip to main content", "Leave a Comment", "Subscribe to our newsletter", "Sign up for the Daily Brief newsletter",
    "We use cookies to improve your experience", "Accept all cookies", "Share on Facebook", "Share this article",
    "Facebook | Twitter | LinkedIn", "Advertisement", "Story continues below advertisement", "Read more: Ukraine",
    "Related articles", "Your email address will not be published.", "Unlock the Editor's Digest newsletter for free",
])
def test_debris_patterns(line):
    assert is_debris(line)
    assert clean_text(f"{line}\nThe Kremlin rejected the plan on Tuesday.\n") == "The Kremlin rejected the plan on Tuesday."


def test_sentences_mentioning_debris_words_are_kept():
    for s in ("Putin said he would share the details of the plan with Trump when they meet in person.",
              "The newsletter of the Kremlin's press office, read by officials, said talks were possible."):
        assert not is_debris(s)
        assert clean_text(s) == s


def test_run_in_heading_split():
    text = clean_text("Even beyond the question of NATO member for KyivThe United States could take steps.")
    assert text.split("\n\n") == ["Even beyond the question of NATO member for Kyiv",
                                  "The United States could take steps."]


def test_text_dates():
    assert text_date("On November 11, Kremlin spokesperson Dmitry Peskov denied it.") == (None, "unknown")
    assert text_date("MOSCOW, November 11, 2024 - Peskov denied it.") == ("2024-11-11", "dateline")
    body = "x " * 200 + "The call happened on 2024-11-06 and again on 10 Nov. 2024."
    assert text_date(body) == ("2024-11-06", "text")
    assert text_date("x " * 200 + "It was held on 12th of November 2024.") == ("2024-11-12", "text")
    assert normalise_date("2024-11-12T23:59:00+02:00") == "2024-11-12"
    with pytest.raises(ValueError):
        normalise_date("2024-02-30")


def _actor(aid, aliases):
    return Actor(aid, aid.title(), Estimate.exact(1.0), tuple(aliases))


def test_resolve_aliases_by_date():
    class Sc:
        date = "2024-11-15"
        actors = (
            _actor("us", [Alias("Trump"), Alias("the White House", valid_from="2025-01-20")]),
            _actor("us_outgoing", [Alias("Biden"), Alias("the White House", valid_to="2025-01-20")]),
        )

    before = resolve_aliases(Sc, "2024-11-12")
    after = resolve_aliases(Sc, "2025-01-20")
    assert before["the White House"] == "us_outgoing" and after["the White House"] == "us"
    assert before["Trump"] == after["Trump"] == "us" and before["Biden"] == "us_outgoing"
    assert resolve_aliases(Sc, None)["the White House"] == "us_outgoing"  # the scenario's date stands in
    Sc.date = None
    assert "the White House" not in resolve_aliases(Sc, None)


def test_decoding_fallbacks():
    assert decode("Zelenskyy – “no”".encode("utf-16")) == ("Zelenskyy – “no”", "utf-16")
    assert decode("Scholz über Kyjiw".encode("latin-1"))[0] == "Scholz über Kyjiw"
    assert decode(b"\xef\xbb\xbfhello") == ("hello", "utf-8-sig")
    from accord.news.read import ReadError

    with pytest.raises(ReadError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


_MARKS = {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " "}


def _normalise_by_definition(text: str) -> str:
    """dedup's module doc word for word: NFKC, marks made plain, case-folded, spaces collapsed."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKC", text).translate(str.maketrans(_MARKS))
    return re.sub(r"\s+", " ", plain.casefold()).strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_MARKS) + list("aZß ﬁ\t\n\r\x0b\x1c\u2003\u3000É.é'\"-½")) | st.characters(),
               max_size=60))
def test_fast_normalise_is_the_documented_one(text):
    from accord.news.dedup import normalise

    assert normalise(text) == _normalise_by_definition(text)
