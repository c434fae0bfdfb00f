"""Article text and file names reach the terminal without their control characters."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from accord.commands.news import write_stances
from accord.errors import InputError
from accord.news.types import Statement

HOSTILE = "Peskov said\x1b]0;owned\x07 no\x1b[2J\r deal \u202eon\x9b31m land."


def _statement() -> Statement:
    return Statement(article="a\x1b[31m.txt", start=0, end=len(HOSTILE), text=HOSTILE, actor="russia",
                     speaker="Peskov\x1b[8m", act="deny")


@pytest.mark.parametrize("fmt", ["csv", "table", "jsonl"])
def test_stances_output_has_no_control_characters(fmt):
    buf = io.StringIO()
    write_stances([_statement()], fmt, buf)
    out = buf.getvalue()
    for bad in ("\x1b", "\x07", "\r", "\u202e", "\x9b"):
        assert bad not in out, (fmt, bad)
    assert "Peskov" in out
    if fmt != "table":  # the table has no text column
        assert "Peskov said" in out and "deal" in out
    if fmt == "jsonl":
        import json

        assert json.loads(out)["text"] == HOSTILE  # escaped for the terminal, the same data
    if fmt == "csv":
        assert "\\x1b[2J" in out  # shown, not dropped: the analyst sees what the article held


def test_a_scenario_name_with_an_escape_is_refused(tmp_path):
    from accord.scenario import load

    p = tmp_path / "s.yaml"
    p.write_text('id: m\nactors:\n- {id: a, name: "A\\e[2J", capability: 1}\nissues:\n- {id: x, status_quo: 5}\n'
                 "positions:\n- {actor: a, issue: x, position: 1, salience: 0.5}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"actors\[0\]\.name: holds the control character U\+001B"):
        load(str(p))


def test_ingest_summary_escapes_file_names(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[2J\x1b]0;x\x07.bin").write_text("x")
    (folder / "ok.txt").write_text("Russia said no to the plan on Monday.")
    r = subprocess.run([sys.executable, "-m", "accord.cli", "ingest", str(folder), "--db", str(tmp_path / "s.db")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "evil\\x1b[2J" in r.stdout and "skipped" in r.stdout
