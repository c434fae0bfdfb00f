"""Tables fit the terminal (COLUMNS): columns that do not fit are dropped with a note
naming them; `accord trades` prints a summary with the full list behind --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.commands.table import Table

WORD = st.text(alphabet="abcdefghij_ ", min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(width=st.integers(40, 200), ncols=st.integers(2, 12), rows=st.integers(0, 5), data=st.data())
def test_every_line_fits_and_every_column_is_shown_or_named(width, ncols, rows, data):
    headers = [data.draw(WORD.filter(str.strip)) for _ in range(ncols)]
    t = Table(headers, title=data.draw(WORD))
    for _ in range(rows):
        t.add_row(data.draw(WORD), *[f"{data.draw(st.floats(-1e4, 1e4)):.1f}" for _ in range(ncols - 1)])
    text = t.render(width)
    lines = text.splitlines()
    header_line = next(i for i, line in enumerate(lines) if line.startswith("┌"))
    shown = lines[header_line].count("┬") + 1
    # a table of the label and one column may still be wider than a very narrow width;
    # otherwise every line fits
    if shown > 2:
        assert max(len(line) for line in lines) <= width, text
    if shown < ncols:
        assert f"{ncols - shown} column(s) not shown" in text
    else:
        assert "not shown" not in text


def test_groups_are_dropped_whole():
    t = Table(["issue", "a without", "a with", "a shift", "b without", "b with", "b shift"], groups=[3, 3])
    t.add_row("x", "1.0", "2.0", "+1.0", "1.0", "2.0", "+1.0")
    wide, narrow = t.render(200), t.render(45)
    assert "not shown" not in wide and wide.splitlines()[0].count("┬") == 6
    assert narrow.splitlines()[0].count("┬") == 3 and "b without, b with, b shift" in " ".join(narrow.splitlines())


def _accord(*args, columns=80):
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True, text=True, env=env)


def test_whatif_fits_80_columns():
    import accord

    lever = accord.load("ukraine_2024").levers[0].id
    proc = _accord("whatif", "ukraine_2024", "--lever", lever)
    assert proc.returncode == 0, proc.stderr
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80, proc.stdout
    assert "column(s) not shown" in proc.stdout and "smp shift" in proc.stdout.replace("\n", " ")


def test_trades_prints_a_summary_and_the_full_list_with_json():
    table = _accord("trades", "ukraine_2024")
    full = _accord("trades", "ukraine_2024", "--json")
    assert table.returncode == 0 and full.returncode == 0, table.stderr + full.stderr
    n = len(json.loads(full.stdout)["exchanges"])
    assert n > 20
    assert len(table.stdout.splitlines()) < 40  # was one line per trade (210 here)
    assert f"largest 5 of {n} trades" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()[1:] if not line.startswith("  round")) <= 80


def test_forecast_table_fits_and_names_the_models_left_out():
    wide = _accord("forecast", "ukraine_2024", columns=200)
    narrow = _accord("forecast", "ukraine_2024", columns=60)
    assert wide.returncode == 0 and narrow.returncode == 0, wide.stderr + narrow.stderr
    assert "not shown" not in wide.stdout and "│ smp" not in wide.stdout and " smp │" in wide.stdout
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines if not line.startswith("smp:")) <= 60, narrow.stdout
    note = " ".join(lines[[i for i, line in enumerate(lines) if line.startswith("(")][0]:])
    assert "smp" in note and "not shown" in note and "--json" in note
