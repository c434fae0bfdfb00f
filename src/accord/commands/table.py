"""Plain text tables that fit the terminal: headers wrap at spaces, a long first column
wraps, and where the table is still too wide whole columns (or column groups, e.g. a
model's without/with/shift) are dropped from the right with a note saying which.

Pure Python (no rich): a table costs nothing at start-up. The width is the terminal's
(``COLUMNS`` where set, 80 when the output is not a terminal), so output is the same for
the same width.
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass, field

#: the narrowest the first (label) column is wrapped to before columns are dropped
MIN_LABEL = 16


def terminal_width() -> int:
    return max(40, shutil.get_terminal_size((80, 24)).columns)


@dataclass
class Table:
    """Headers, right-aligned columns but the first, rows of strings (already escaped)."""

    headers: list[str]
    title: str = ""
    rows: list[list[str]] = field(default_factory=list)
    #: sizes of column groups after the first column, dropped together (default: one each)
    groups: list[int] | None = None

    def add_row(self, *cells: str) -> None:
        if len(cells) != len(self.headers):
            raise ValueError(f"{len(cells)} cells for {len(self.headers)} columns")
        self.rows.append([str(c) for c in cells])

    def render(self, width: int | None = None) -> str:
        width = width or terminal_width()
        groups = self.groups or [1] * (len(self.headers) - 1)
        if sum(groups) != len(self.headers) - 1:
            raise ValueError("groups do not cover the columns")
        cells = [max([0] + [len(r[c]) for r in self.rows]) for c in range(len(self.headers))]
        widths = [max(len(h), w) for h, w in zip(self.headers, cells)]
        keep = len(self.headers)
        dropped: list[str] = []

        def total(n: int) -> int:  # "│ a │ b │": 3 per column + 1
            return sum(widths[:n]) + 3 * n + 1

        if total(keep) > width:  # headers wrap at spaces first
            widths = [max(_longest_word(h), w) for h, w in zip(self.headers, cells)]
        label = widths[0]
        widths[0] = min(label, MIN_LABEL)  # then the label column may wrap down to MIN_LABEL
        while total(keep) > width and len(groups) > 1:  # and only then columns go, from the right
            g = groups.pop()
            dropped = self.headers[keep - g: keep] + dropped
            keep -= g
        widths[0] = max(widths[0], min(label, width - total(keep) + widths[0]))
        cols = range(keep)
        lines = []
        if self.title:
            for line in self.title.splitlines():
                lines += [part.center(total(keep)).rstrip() for part in textwrap.wrap(line, width) or [""]]
        rule = "─"
        lines.append("┌" + "┬".join(rule * (widths[c] + 2) for c in cols) + "┐")
        lines += _cells([self.headers[c] for c in cols], [widths[c] for c in cols])
        lines.append("├" + "┼".join(rule * (widths[c] + 2) for c in cols) + "┤")
        for r in self.rows:
            lines += _cells([r[c] for c in cols], [widths[c] for c in cols])
        lines.append("└" + "┴".join(rule * (widths[c] + 2) for c in cols) + "┘")
        if dropped:
            lines += textwrap.wrap(f"({len(dropped)} column(s) not shown to fit {width} columns: "
                                   f"{', '.join(dropped)}; widen the terminal, set COLUMNS, or use --json)", width)
        return "\n".join(lines) + "\n"


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _cells(cells: list[str], widths: list[int]) -> list[str]:
    wrapped = [textwrap.wrap(c, w, break_long_words=True, break_on_hyphens=False) or [""]
               if len(c) > w else [c] for c, w in zip(cells, widths)]
    height = max(len(w) for w in wrapped)
    out = []
    for i in range(height):
        parts = []
        for c, (lines, w) in enumerate(zip(wrapped, widths)):
            text = lines[i] if i < len(lines) else ""
            parts.append(text.ljust(w) if c == 0 else text.rjust(w))
        out.append("│ " + " │ ".join(parts) + " │")
    return out
