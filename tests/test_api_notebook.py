"""docs/quickstart.ipynb runs from top to bottom, in-process (no Jupyter needed): each code
cell is executed in one namespace, as a kernel would, and each cell's last expression is
shown the way a notebook shows it (its HTML or SVG view)."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "quickstart.ipynb"


def _run_cell(source: str, ns: dict) -> object:
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), ns)
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns) if last else None


def _display(value: object) -> str:
    for method in ("_repr_html_", "_repr_svg_"):
        if hasattr(value, method):
            return getattr(value, method)()
    return repr(value)


def test_quickstart_notebook_runs(tmp_path):
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    cells = [("".join(c["source"]), c.get("outputs")) for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(cells) >= 8
    assert all(not outputs for _, outputs in cells), "commit the notebook without outputs"
    ns: dict = {"__name__": "__main__"}
    shown = []
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for source, _ in cells:
            shown.append(_display(_run_cell(source, ns)))
    finally:
        os.chdir(cwd)
    # the report it writes is the full page, for the scenario it built
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Iran nuclear talks" in page and "If an input were wrong" in page
    assert any(s.startswith("<svg") for s in shown)  # the plot cell draws
    assert any("<table" in s for s in shown)  # frames render as tables
