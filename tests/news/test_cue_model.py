"""The learned cue model beside the cue rules (accord.news.cue_model)."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from accord.news import attribution, cue_model
from accord.news.evaluate import case_scenario
from accord.news.extract import Extractor


@pytest.fixture(scope="module")
def nlp():
    return Extractor(case_scenario("ukraine_2024")).nlp


def cues(nlp, text, learned=None):
    return [(c.cue.text, c.source.text if c.source is not None else None)
            for c in attribution.find_cues(nlp(text), learned=learned)]


def test_shipped_model_loads_and_is_checked():
    m = cue_model.load()
    assert len(m.weights) > 1000 and len(m.drop_weights) > 100
    assert 0.0 < m.cut < 1.0 and 0.0 <= m.drop_cut < 1.0
    assert m.meta["split"] == "data/train"  # trained on PolNeAR train only
    text = resources.files("accord.news").joinpath("lexicons", "cue_model.json").read_text(encoding="utf-8")
    assert json.loads(text)["sha256"] == cue_model.digest(m)
    # written back, the same bytes (the training script writes it so)
    assert cue_model.to_json(m) == text


def test_a_damaged_model_is_refused_with_the_field_named():
    text = resources.files("accord.news").joinpath("lexicons", "cue_model.json").read_text(encoding="utf-8")
    data = json.loads(text)
    name = next(iter(data["weights"]))
    data["weights"][name] += 1.0
    with pytest.raises(ValueError, match="'sha256'"):
        cue_model.from_json(json.dumps(data))
    data = json.loads(text)
    data["cut"] = 1.5
    with pytest.raises(ValueError, match="'cut'"):
        cue_model.from_json(json.dumps(data))


SENTENCES = [
    "The minister said the talks would resume in Vienna next week.",
    "Zelensky has repeatedly dismissed the idea of a ceasefire along the current front line.",
    "Putin wants Ukraine to abandon its plans to join NATO, the Kremlin said on Monday.",
    "Kyiv rejected the proposal. Moscow insisted that any deal must recognise the annexed regions.",
]


def test_switching_the_model_off_gives_the_rules_cues(nlp, monkeypatch):
    for text in SENTENCES:
        doc = nlp(text)
        off = [(c.cue_chars, c.source_chars) for c in attribution.find_cues(doc, learned=False)]
        monkeypatch.setattr(attribution, "LEARNED", False)
        default_off = [(c.cue_chars, c.source_chars) for c in attribution.find_cues(doc)]
        monkeypatch.setattr(attribution, "LEARNED", True)
        assert off == default_off
        # the rules' cues are the learned step's input: with every score below its cuts the
        # model adds nothing and drops nothing
        m = cue_model.load()
        silent = cue_model.CueModel(m.weights, -100.0, m.cut, m.drop_weights, 100.0, m.drop_cut, m.meta)
        rules = attribution.find_cues(doc, learned=False)
        got = cue_model.apply(doc[:], rules, attribution.quoted(doc), silent)
        assert [(c.cue_chars, c.source_chars) for c in got] == off


def test_the_model_finds_a_cue_the_rules_miss(nlp):
    # a verb phrase no cue list holds ("threw her support behind", decisions: where the
    # rules still miss): the model reads the taken side from the object "support"
    text = "The governor threw his support behind the senator on Tuesday."
    assert cues(nlp, text, learned=False) == []
    got = cues(nlp, text)
    assert len(got) == 1 and got[0][0].startswith("threw") and got[0][1] == "The governor"
    # the same verb with no stance noun is no cue
    assert cues(nlp, "The governor threw the ball behind the senator on Tuesday.") == []


def test_the_model_drops_a_rule_cue_train_shows_is_rarely_gold(nlp):
    # the participle rule reads "voters supporting X" as a side taken (19 of 32 such
    # participles in PolNeAR train); the dropping model has learned that on "voters" it is
    # mostly a kind of voter named, not a stance reported
    text = "Voters supporting Zelensky rallied in Kyiv."
    assert cues(nlp, text, learned=False) == [("supporting", "Voters")]
    assert cues(nlp, text) == []
    # a plain report stays
    assert cues(nlp, "The minister said the talks would resume.") == [("said", "The minister")]


def test_training_without_the_mirror_says_so_in_one_line(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, str(root / "scripts" / "train_cues.py"), "--write"], capture_output=True,
                       text=True, env={**os.environ, "POLNEAR_GIT": str(tmp_path / "none")}, timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "PolNeAR mirror not found" in r.stderr
