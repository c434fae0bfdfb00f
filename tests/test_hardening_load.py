"""Hostile scenario and overrides files: each answered by one line naming file and field, exit 2.

Issue 10: alias bombs, self-references, deep nesting, tags outside plain data, unquoted
dates, huge integers, lone surrogates, NaN, 1e308, ids with a newline, impossible dates,
``assumption: "no"``, KTAB header counts, a lever's actor as a list.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from accord.errors import InputError
from accord.scenario import load

MINI = textwrap.dedent("""\
    id: mini
    name: Mini
    actors:
    - {id: a, name: A, capability: 1, aliases: [{text: Alpha, from: "2024-01-01"}]}
    - {id: b, name: B, capability: 2}
    issues:
    - {id: x, name: X, scale: [0, 100], status_quo: 50}
    positions:
    - {actor: a, issue: x, position: 10, salience: 0.5}
    - {actor: b, issue: x, position: 90, salience: 0.7}
    levers:
    - id: l
      effects:
      - {target: capability, op: scale, actor: a, amount: 2}
    """)


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _error(tmp_path: Path, text: str, name: str = "s.yaml") -> str:
    p = _write(tmp_path, text, name)
    with pytest.raises(InputError) as info:
        load(str(p))
    msg = str(info.value)
    assert msg.startswith(str(p)), msg
    assert "\n" not in msg
    return msg


def test_mini_is_valid(tmp_path):
    sc = load(str(_write(tmp_path, MINI)))
    assert [a.id for a in sc.actors] == ["a", "b"]


BOMB = "".join(
    f"  {c}: &{c} [" + ", ".join([f"*{p}"] * 9 if p else ["x"] * 9) + "]\n"
    for p, c in zip([None, "a", "b", "c", "d", "e", "f", "g"], "abcdefgh")
)


@pytest.mark.parametrize("extra, expect", [
    ("zz:\n" + BOMB, "alias bomb"),
    ("sources:\n- &s {title: t, more: [*s]}\n", "refers to itself"),
    ("zz: &s [1, *s]\n", "refers to itself"),
    ("zz: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested more than"),
    ("zz: !!set {a, b}\n", "tag"),
    ("zz: !!binary aGVsbG8=\n", "tag"),
    ("zz: !!python/object/apply:os.system ['true']\n", "tag"),
    ("zz: !custom 1\n", "tag"),
    ("zz: " + "9" * 5000 + "\n", "5000 digits"),
], ids=["bomb", "self-source", "self", "deep", "set", "binary", "python", "local-tag", "int5000"])
def test_yaml_refused_with_line(tmp_path, extra, expect):
    msg = _error(tmp_path, MINI + extra)
    assert expect in msg
    m = re.search(r": line (\d+): ", msg)  # the line of the offending node, in what was added
    assert m and MINI.count("\n") < int(m.group(1)) <= (MINI + extra).count("\n"), msg


def test_nan_named_by_field_path(tmp_path):
    assert ": zz[1].q: nan is not a finite number" in _error(tmp_path, MINI + "zz: [1, {q: .nan}]\n")


def test_unquoted_date_in_sources_is_a_string(tmp_path):
    sc = load(str(_write(tmp_path, MINI + "sources:\n- {published: 2024-11-12, title: t}\n")))
    assert sc.sources[0]["published"] == "2024-11-12"
    from accord.scenario import dump

    assert "2024-11-12" in dump(sc)  # hashing/writing it works


@pytest.mark.parametrize("old, new, field", [
    ("capability: 2}", "capability: 1e308}", "actors[1].capability"),
    ("capability: 2}", "capability: " + "9" * 400 + "}", "actors[1].capability"),
    ("capability: 2}", "capability: .inf}", "actors[1].capability"),
    ("scale: [0, 100]", "scale: [-1.0e+308, 1.0e+308]", "issues[0].scale[0]"),
    ("amount: 2}", "amount: 1.0e+308}", "levers[0].effects[0].amount"),
    ("id: mini", 'id: "mini\\n"', "id"),
    ('from: "2024-01-01"', "from: 2024-13-40", "actors[0].aliases[0].from"),
    ('from: "2024-01-01"', 'from: "2024-02-30"', "actors[0].aliases[0].from"),
    ("- id: l\n", '- id: l\n  assumption: "no"\n', "levers[0].assumption"),
    ("actor: a, amount", "actor: [a, b], amount", "levers[0].effects[0].actor"),
    ("issue: x, position: 10", "issue: [x], position: 10", "positions[0].issue"),
])
def test_bad_values_name_their_field(tmp_path, old, new, field):
    assert old in MINI
    msg = _error(tmp_path, MINI.replace(old, new, 1))
    assert f": {field}" in msg, msg


def _json_doc() -> dict:
    return yaml.safe_load(MINI)


@pytest.mark.parametrize("text, expect", [
    (json.dumps(_json_doc())[:-1] + ', "zz": ' + "9" * 4400 + "}", "digits"),
    (json.dumps(_json_doc())[:-1] + ', "zz": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than"),
    (json.dumps(_json_doc())[:-1] + ', "zz": [NaN]}', "zz[0]: nan is not a finite number"),
    (json.dumps(_json_doc())[:-1] + ', "zz": 1e999}', "zz: inf is not a finite number"),
    (json.dumps(_json_doc()).replace('"name": "A"', '"name": "\\ud800"'), "actors[0].name: holds a lone surrogate"),
])
def test_json_refused(tmp_path, text, expect):
    assert expect in _error(tmp_path, text, "s.json")


@pytest.mark.parametrize("head, expect", [
    ("k, d, inf, 1", "number of actors"),
    ("k, d, 2, -1", "number of dimensions"),
    ("k, d, 2, 2.5", "number of dimensions"),
    ("k, d, 1e400, 1", "number of actors"),
])
def test_ktab_header_counts(tmp_path, head, expect):
    text = head + "\nActor, Description, Power, A Position, A Salience\na, x, 1, 10, 50\nb, y, 2, 90, 40\n"
    msg = _error(tmp_path, text, "k.csv")
    assert "line 1" in msg and expect in msg


def test_plain_csv_huge_number(tmp_path):
    msg = _error(tmp_path, "actor,capability,position,salience\na,1e308,10,0.5\nb,1,90,0.5\n", "p.csv")
    assert "line 2, column capability" in msg


def test_overrides_mixing_number_and_string_keys(tmp_path):
    from accord.aggregate import load_overrides, merge_overrides

    sc = load(str(_write(tmp_path, MINI)))
    p = _write(tmp_path, "overrides:\n- {actor: a, issue: x, position: 20, note: n, 1: 2, zz: 3}\n", "o.yaml")
    with pytest.raises(InputError) as info:
        merge_overrides(sc, load_overrides(p), str(p))
    assert "overrides[0]." in str(info.value)


def test_overrides_alias_bomb_refused(tmp_path):
    from accord.aggregate import load_overrides

    p = _write(tmp_path, "zz:\n" + BOMB + "overrides: []\n", "o.yaml")
    with pytest.raises(InputError, match="alias bomb"):
        load_overrides(p)


def _cli(*args, cwd=None, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def test_cli_one_line_exit_2(tmp_path):
    """Through the real command: exit 2, one line on stderr, control characters escaped."""
    bad = MINI.replace("id: mini", 'id: "mini\\u001b[2J\\nrm"', 1) + "zz: " + "[" * 100_000 + "]" * 100_000 + "\n"
    p = _write(tmp_path, bad)
    r = _cli("validate", str(p))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("accord: error: ")
    assert "\x1b" not in r.stderr
    r = _cli("forecast", str(_write(tmp_path, MINI + "zz:\n" + BOMB, "b.yaml")), "--json")
    assert r.returncode == 2 and "alias bomb" in r.stderr and not r.stdout


def test_clock_errors_name_the_file(tmp_path):
    p = _write(tmp_path, MINI + "clock: {issue: nope}\n")
    r = _cli("clock", str(p))
    assert r.returncode == 2 and r.stderr.startswith(f"accord: error: {p}: clock.issue: unknown issue")
