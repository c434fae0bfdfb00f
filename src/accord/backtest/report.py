"""The backtest page: one self-contained HTML file (no scripts, no external assets).

Built from the ``run_backtest`` document only. The page shell (:func:`page`) and the
SVG plot (:func:`reliability_svg`) are local stand-ins for the shared helpers of
``accord.report``; the sections (:func:`sections`) return body HTML so that they can
be handed to the shared shell unchanged once it exists.
"""

from __future__ import annotations

from html import escape
from typing import Any

COLOURS = ("#1b6ca8", "#d1495b", "#edae49", "#00798c", "#6a4c93", "#3d3d3d", "#8ac926", "#ff7f11")


def _f(x: Any, nd: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{nd}f}"


def page(title: str, body: str) -> str:
    """A minimal standalone page around ``body``."""
    css = (
        "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}"
        "td:first-child,th:first-child{text-align:left}.win{background:#e6f4ea}.note{color:#555;font-size:.9rem}"
    )
    return (
        f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
        f"<style>{css}</style></head><body>\n<h1>{escape(title)}</h1>\n{body}\n</body></html>\n"
    )


def _error_rows(entries: dict[str, Any], winners: set[str], with_params: bool) -> str:
    rows = []
    for name, s in entries.items():
        d, dt_ = s.get("diff_vs_compromise", {}), s.get("diff_vs_compromise_test", {})
        ci, cit = d.get("ci95") or [None, None], dt_.get("ci95") or [None, None]
        cls = ' class="win"' if name in winners else ""
        cells = [
            escape(name), str(s["n"]), _f(s["mae"]), _f(s["rmse"]), _f(s["median_ae"]), _f(s["mae_test"]),
            f"{_f(d.get('mean'))} [{_f(ci[0])}, {_f(ci[1])}]", f"{_f(dt_.get('mean'))} [{_f(cit[0])}, {_f(cit[1])}]",
        ]
        if with_params:
            cells += [escape(", ".join(f"{k}={v}" for k, v in s.get("params", {}).items())), _f(s.get("fit_mae_train_dev"))]
        rows.append(f"<tr{cls}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = ["model", "n", "MAE", "RMSE", "median AE", "MAE test", "MAE - compromise [95% CI]", "on test [95% CI]"]
    if with_params:
        head += ["parameters (train+dev)", "MAE train+dev"]
    return "<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>"


def reliability_svg(levels: list[float], coverage: dict[str, dict[str, float]], size: int = 320) -> str:
    """Nominal vs observed coverage, one polyline per model, the diagonal for reference."""
    pad = 40
    span = size - 2 * pad

    def xy(a: float, b: float) -> str:
        return f"{pad + a * span:.1f},{size - pad - b * span:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 140}" height="{size}" role="img" aria-label="reliability plot">']
    parts.append(f'<rect x="{pad}" y="{pad}" width="{span}" height="{span}" fill="none" stroke="#999"/>')
    parts.append(f'<polyline points="{xy(0, 0)} {xy(1, 1)}" fill="none" stroke="#bbb" stroke-dasharray="4 3"/>')
    for t in (0.0, 0.5, 1.0):
        parts.append(f'<text x="{pad + t * span:.1f}" y="{size - pad + 14}" font-size="10" text-anchor="middle">{t:.1f}</text>')
        parts.append(f'<text x="{pad - 6}" y="{size - pad - t * span + 3:.1f}" font-size="10" text-anchor="end">{t:.1f}</text>')
    parts.append(f'<text x="{size / 2:.0f}" y="{size - 6}" font-size="11" text-anchor="middle">nominal coverage</text>')
    parts.append(f'<text x="12" y="{size / 2:.0f}" font-size="11" transform="rotate(-90 12 {size / 2:.0f})" text-anchor="middle">observed</text>')
    for i, (name, cov) in enumerate(coverage.items()):
        colour = COLOURS[i % len(COLOURS)]
        pts = " ".join(xy(lv, cov[f"{lv:.2f}"]) for lv in levels if cov.get(f"{lv:.2f}") is not None)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{size + 4}" y="{pad + 14 * i}" font-size="11" fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sections(doc: dict[str, Any]) -> str:
    """The body: summary, error tables, candidates, calibration, worst issues, skipped rows."""
    winners = set(doc.get("beats_compromise_on_test", []))
    out = []
    split = doc["split"]["issues"]
    out.append(
        f"<p>{escape(doc['source'])}: {doc['n_issues']} issues solved; capability {escape(doc['capability'])}"
        f" ({escape(doc['institutions'])}); split by proposal (seed {doc['split']['seed']}): "
        f"{split['train']} train, {split['dev']} dev, {split['test']} test issues. "
        "Differences from compromise: negative is better; 95% intervals resample proposals.</p>"
    )
    out.append("<h2>Published anchors</h2><ul>")
    for key, a in doc["anchors"].items():
        val = a.get("value", a.get("range"))
        out.append(f"<li>{escape(a['what'])}: MAE {escape(str(val))}</li>")
    out.append("</ul>")
    out.append("<h2>Models</h2>" + _error_rows(doc["models"], winners, False))
    out.append(
        "<h2>Candidate attempts to beat compromise</h2><p class=\"note\">Each named and tuned on train + dev "
        "before scoring on test; a test figure counts only if logged in docs/test-log.md.</p>"
        + _error_rows(doc["candidates"], winners, True)
    )
    verdict = ", ".join(sorted(winners)) if winners else "none"
    out.append(f"<p><strong>Beats compromise on test (95% CI below zero):</strong> {escape(verdict)}</p>")
    cal = doc["calibration"]
    noise = cal["noise"]
    out.append(
        f"<h2>Calibration</h2><p>Noise model: positions &plusmn; U({noise['position_uniform_halfwidth']}), saliences "
        f"&plusmn; U({noise['salience_uniform_halfwidth']}), {noise['draws']} draws, seed {noise['seed']}. "
        "Coverage of the central interval over all issues:</p>"
    )
    if cal["models"]:
        out.append(reliability_svg(cal["levels"], {n: m["coverage"] for n, m in cal["models"].items()}))
        head = "".join(f"<th>{lv:.2f}</th>" for lv in cal["levels"])
        rows = "".join(
            f"<tr><td>{escape(n)}</td>" + "".join(f"<td>{_f(m['coverage'][f'{lv:.2f}'])}</td>" for lv in cal["levels"]) + f"<td>{_f(m['mean_width_80'], 1)}</td></tr>"
            for n, m in cal["models"].items()
        )
        out.append(f"<table><tr><th>model</th>{head}<th>mean 80% width</th></tr>{rows}</table>")
    rows = "".join(
        f"<tr><td>{escape(n)}</td>" + "".join(f"<td>{_f(c['coverage_test'][f'{lv:.2f}'])}</td>" for lv in cal["levels"]) + f"<td>{_f(c['halfwidth']['0.80'], 1)}</td></tr>"
        for n, c in cal.get("conformal", {}).items()
    )
    head = "".join(f"<th>{lv:.2f}</th>" for lv in cal["levels"])
    out.append(f"<p>Split-conformal intervals (half-width from train + dev residuals), coverage on test:</p><table><tr><th>model</th>{head}<th>80% half-width</th></tr>{rows}</table>")
    names = list(doc["worst_issues"][0]["forecast"]) if doc["worst_issues"] else []
    out.append("<h2>Worst issues for compromise</h2><table><tr><th>issue</th><th>split</th><th>outcome</th><th>rp</th>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>")
    for w in doc["worst_issues"]:
        out.append(
            f"<tr><td>{escape(w['issue'])} (row {w['row']})</td><td>{escape(w['split'])}</td><td>{_f(w['outcome'], 0)}</td><td>{_f(w['rp'], 0)}</td>"
            + "".join(f"<td>{_f(w['forecast'][n], 1)}</td>" for n in names) + "</tr>"
        )
    out.append("</table>")
    out.append("<h2>Set aside</h2><ul>")
    for s in doc["skipped"]:
        out.append(f"<li>row {s['row']} {escape(s.get('issue', ''))}: {escape(s['reason'])}</li>")
    for s in doc["skipped_models"]:
        out.append(f"<li>model {escape(s['model'])}: {escape(s['reason'])}</li>")
    for n in doc["notes"]:
        out.append(f"<li>{escape(n)}</li>")
    out.append("</ul>")
    return "\n".join(out)


def render(doc: dict[str, Any]) -> str:
    return page(f"DEU III backtest ({doc['capability']} capability)", sections(doc))
