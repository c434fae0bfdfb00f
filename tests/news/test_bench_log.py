"""The real-corpus bench logs each test-split scoring in its own table of docs/test-log.md,
whatever sections other benches have added after it."""

from __future__ import annotations

import sys

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from bench_extractor_real import HEADING, insert_row  # noqa: E402


def test_a_row_goes_under_its_own_table_not_at_the_end():
    text = (f"# log\n\n{HEADING} (x)\n\n| date | candidate |\n|---|---|\n| 2026-11-30 | a |\n\n"
            "## PolNeAR\n\n| date | other |\n|---|---|\n| 2026-11-30 | p |\n")
    out = insert_row(text, "| 2026-12-01 | b |\n")
    assert out.index("| 2026-11-30 | a |") < out.index("| 2026-12-01 | b |") < out.index("## PolNeAR")
    assert out.count("| 2026-12-01 | b |") == 1 and out.endswith("| 2026-11-30 | p |\n")


def test_the_table_is_made_where_there_is_none():
    out = insert_row("# log\n", "| 2026-12-01 | b |\n")
    assert HEADING in out and out.index(HEADING) < out.index("| 2026-12-01 | b |")
