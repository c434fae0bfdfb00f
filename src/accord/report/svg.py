"""Inline SVG charts for accord reports: a scale strip, a line chart, a scatter plot.

Each function returns :class:`~accord.report.html.Html` holding one ``<svg>`` element
with a ``viewBox`` (CSS scales it to the column width), a ``<title>`` for screen
readers, and no script, no external reference, no ``xmlns`` (inline SVG in HTML5 needs
none). Every label is escaped. Coordinates are printed with one decimal, so the same
input gives the same bytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from .html import Html, esc, fmt

#: Okabe & Ito's colour-blind-safe palette (yellow left out: unreadable on white).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B")
ACTOR_FILL = "#3b5b8a"
RANGE_FILL = "#9fb3cf"
STATUS_QUO = "#555555"
MUTED = "#6b7280"
GRID = "#e5e7eb"


def colour(i: int) -> str:
    """The i-th series colour, cycling through :data:`PALETTE`."""
    return PALETTE[i % len(PALETTE)]


def _n(v: float) -> str:
    """A coordinate: one decimal, never ``-0.0``."""
    s = f"{v:.1f}"
    return "0.0" if s == "-0.0" else s


def _clip_label(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[lo, hi]`` (steps 1, 2, 2.5, 5 x 10^k)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    raw = (hi - lo) / max(n - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw * 0.999)
    start = math.ceil(lo / step - 1e-9) * step
    ticks = []
    t = start
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _svg(width: float, height: float, title: str, body: Sequence[str], class_: str) -> Html:
    return Html(
        f'<svg class="{esc(class_)}" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label="{esc(title)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{esc(title)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", cls: str = "", fill: str | None = None,
          full: str | None = None) -> str:
    extra = f' class="{esc(cls)}"' if cls else ""
    extra += f' style="fill:{esc(fill)}"' if fill else ""
    tip = f"<title>{esc(full)}</title>" if full and full != text else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>{tip}{esc(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1.0, extra: str = "") -> str:
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{esc(stroke)}" '
            f'stroke-width="{_n(width)}"{extra}/>')


# -- scale strip -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StripActor:
    """One actor's row: position with its range, and its weight (capability x salience)."""

    label: str
    position: float
    low: float
    high: float
    weight: float
    assumption: bool = False


@dataclass(frozen=True)
class StripMarker:
    """One model's forecast; ``interval`` optionally holds p025, p10, p50, p90, p975."""

    label: str
    value: float
    colour: str
    interval: Mapping[str, float] | None = None


@dataclass(frozen=True)
class StripSpec:
    title: str
    scale: tuple[float, float]
    actors: Sequence[StripActor]
    markers: Sequence[StripMarker] = ()
    status_quo: tuple[float, float, float] | None = None  # value, low, high
    anchors: Sequence[float] = field(default_factory=tuple)


def scale_strip(spec: StripSpec, width: float = 960.0) -> Html:
    """An issue's scale with one row per model forecast, the status quo, and one per actor.

    Actors are sorted by position. Each is a circle whose *area* is proportional to its
    weight w = capability x salience (radius r_max * sqrt(w / w_max)), over a faint bar
    for the range of its position; a dashed circle marks a position that is an
    assumption. Each model is a coloured tick in its own row, repeated as a thin line
    through the actor rows; where an interval is given, a thin whisker spans p2.5-p97.5
    and a thick one p10-p90. Values are printed in a column at the right.
    """
    lo, hi = float(spec.scale[0]), float(spec.scale[1])
    gutter, right, pad = 214.0, 62.0, 14.0
    x0, x1 = gutter + pad, width - right - pad

    def x(v: float) -> float:
        return x0 + (min(max(v, lo), hi) - lo) / (hi - lo) * (x1 - x0)

    actors = sorted(spec.actors, key=lambda a: (a.position, -a.weight, a.label))
    row = 26.0 if len(actors) <= 24 else 16.0
    r_max = row * 0.46
    w_max = max((a.weight for a in actors if math.isfinite(a.weight)), default=0.0)
    mrow = 20.0
    out: list[str] = []
    y = 8.0
    value_x = width - 6.0
    label_x = gutter - 8.0
    max_chars = 26

    top_models = y
    model_rows = []
    for m in spec.markers:
        cy = y + mrow / 2
        model_rows.append((m, cy))
        y += mrow
    sq_y = None
    if spec.status_quo is not None:
        sq_y = y + mrow / 2
        y += mrow
    y += 4.0
    actor_top = y
    actor_rows = []
    for a in actors:
        actor_rows.append((a, y + row / 2))
        y += row
    actor_bottom = y
    axis_y = y + 8.0
    height = axis_y + 34.0

    # band behind the actor rows, grid at ticks
    out.append(f'<rect x="{_n(x0 - pad)}" y="{_n(actor_top)}" width="{_n(x1 - x0 + 2 * pad)}" '
               f'height="{_n(max(actor_bottom - actor_top, 1))}" fill="#f8fafc"/>')
    ticks = nice_ticks(lo, hi, 5)
    for t in ticks:
        out.append(_line(x(t), top_models, x(t), axis_y, GRID))
    # zebra separators between actor rows
    for i, (a, cy) in enumerate(actor_rows):
        if i % 2 == 1:
            out.append(f'<rect x="0" y="{_n(cy - row / 2)}" width="{_n(width)}" height="{_n(row)}" fill="#f1f5f9" '
                       f'fill-opacity="0.6"/>')

    # status quo: dashed line through the actor rows, diamond in its row
    if spec.status_quo is not None and sq_y is not None:
        v, slo, shi = spec.status_quo
        if math.isfinite(v):
            out.append(_line(x(v), sq_y, x(v), actor_bottom, STATUS_QUO, 1.2, ' stroke-dasharray="4 3"'))
            if shi > slo:
                out.append(f'<rect x="{_n(x(slo))}" y="{_n(sq_y - 3)}" width="{_n(x(shi) - x(slo))}" height="6" '
                           f'rx="3" fill="{STATUS_QUO}" fill-opacity="0.18"/>')
            d = 6.0
            out.append(f'<path d="M{_n(x(v))} {_n(sq_y - d)}L{_n(x(v) + d)} {_n(sq_y)}L{_n(x(v))} {_n(sq_y + d)}'
                       f'L{_n(x(v) - d)} {_n(sq_y)}Z" fill="{STATUS_QUO}"/>')
        out.append(_text(label_x, sq_y + 4, "status quo", anchor="end", cls="lab sq"))
        out.append(_text(value_x, sq_y + 4, fmt(v), anchor="end", cls="val"))

    # model forecasts: whiskers, tick, line through the actors
    for m, cy in model_rows:
        c = m.colour
        iv = m.interval or {}
        if _finite(iv.get("p025")) and _finite(iv.get("p975")):
            a_, b_ = x(iv["p025"]), x(iv["p975"])
            out.append(_line(a_, cy, b_, cy, c, 1.2))
            out.append(_line(a_, cy - 4, a_, cy + 4, c, 1.2))
            out.append(_line(b_, cy - 4, b_, cy + 4, c, 1.2))
        if _finite(iv.get("p10")) and _finite(iv.get("p90")):
            out.append(_line(x(iv["p10"]), cy, x(iv["p90"]), cy, c, 6.0, ' stroke-opacity="0.35" stroke-linecap="round"'))
        if _finite(iv.get("p50")):
            out.append(f'<circle cx="{_n(x(iv["p50"]))}" cy="{_n(cy)}" r="2.5" fill="#fff" stroke="{esc(c)}"/>')
        if math.isfinite(m.value):
            xv = x(m.value)
            out.append(_line(xv, cy + 7, xv, actor_bottom, c, 1.4, ' stroke-opacity="0.55"'))
            out.append(_line(xv, cy - 7, xv, cy + 7, c, 3.5))
        out.append(_text(label_x, cy + 4, _clip_label(m.label, max_chars), anchor="end", cls="lab model",
                         fill=c, full=m.label))
        out.append(_text(value_x, cy + 4, fmt(m.value), anchor="end", cls="val", fill=c))

    # actors: range bar, circle (area ~ weight), name, value
    for a, cy in actor_rows:
        if a.high > a.low:
            out.append(f'<rect x="{_n(x(a.low))}" y="{_n(cy - 3)}" width="{_n(x(a.high) - x(a.low))}" height="6" '
                       f'rx="3" fill="{RANGE_FILL}" fill-opacity="0.55"/>')
        r = r_max * math.sqrt(a.weight / w_max) if w_max > 0 and a.weight > 0 else 0.0
        r = max(r, 3.0)
        dash = ' stroke-dasharray="2.5 2"' if a.assumption else ""
        fill_op = "0.25" if a.assumption else "0.72"
        tip = f"{a.label}: {fmt(a.position)}" + (f" (range {fmt(a.low)}–{fmt(a.high)})" if a.high > a.low else "")
        tip += f", weight {a.weight:.3g}" + (" — assumption" if a.assumption else "")
        out.append(f'<circle cx="{_n(x(a.position))}" cy="{_n(cy)}" r="{_n(r)}" fill="{ACTOR_FILL}" '
                   f'fill-opacity="{fill_op}" stroke="{ACTOR_FILL}" stroke-width="1.2"{dash}>'
                   f"<title>{esc(tip)}</title></circle>")
        out.append(_text(label_x, cy + 4, _clip_label(a.label, max_chars), anchor="end", cls="lab", full=a.label))
        out.append(_text(value_x, cy + 4, fmt(a.position), anchor="end", cls="val"))

    # axis with ticks and anchors
    out.append(_line(x0 - pad, axis_y, x1 + pad, axis_y, "#374151", 1.2))
    anchor_set = sorted({float(v) for v in spec.anchors if math.isfinite(float(v)) and lo <= float(v) <= hi})
    labels = sorted(set(ticks) | set(anchor_set))
    for t in labels:
        out.append(_line(x(t), axis_y, x(t), axis_y + 5, "#374151", 1.0))
        out.append(_text(x(t), axis_y + 18, fmt(t, 0) if float(t).is_integer() else fmt(t), anchor="middle", cls="tick"))
    for v in anchor_set:
        out.append(f'<circle cx="{_n(x(v))}" cy="{_n(axis_y)}" r="3.2" fill="#fff" stroke="#374151" stroke-width="1.2">'
                   f"<title>anchor {esc(fmt(v))}</title></circle>")
    out.append(_text(label_x, axis_y + 4, "scale", anchor="end", cls="lab muted"))
    return _svg(width, height, spec.title, out, "strip")


def _finite(v: object) -> bool:
    try:
        return v is not None and math.isfinite(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


# -- line chart ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    colour: str


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    x_label: str = "round",
    y_label: str = "",
    y_range: tuple[float, float] | None = None,
    references: Sequence[tuple[str, float]] = (),
    width: float = 520.0,
    height: float = 220.0,
    x_start: int = 0,
) -> Html:
    """Lines over integer steps (``x_start``, ``x_start + 1``, ...), a legend at the right,
    and dashed horizontal ``references`` (label, value), e.g. the status quo."""
    left, right, top, bottom = 46.0, 130.0, 26.0, 34.0
    n = max((len(s.values) for s in series), default=0)
    finite = [float(v) for s in series for v in s.values if _finite(v)]
    finite += [float(v) for _, v in references if _finite(v)]
    if y_range is None:
        if finite:
            a, b = min(finite), max(finite)
            if b - a < 1e-9:
                a, b = a - 1, b + 1
            padv = (b - a) * 0.08
            y_range = (a - padv, b + padv)
        else:
            y_range = (0.0, 1.0)
    ylo, yhi = y_range
    px0, px1 = left, width - right
    py0, py1 = height - bottom, top

    def sx(i: float) -> float:
        return px0 + (i / max(n - 1, 1)) * (px1 - px0)

    def sy(v: float) -> float:
        return py0 + (v - ylo) / (yhi - ylo) * (py1 - py0)

    out: list[str] = [_text(left, 15, title, cls="ctitle")]
    for t in nice_ticks(ylo, yhi, 5):
        if ylo <= t <= yhi:
            out.append(_line(px0, sy(t), px1, sy(t), GRID))
            out.append(_text(px0 - 6, sy(t) + 4, _tick(t), anchor="end", cls="tick"))
    out.append(_line(px0, py0, px1, py0, "#374151"))
    out.append(_line(px0, py0, px0, py1, "#374151"))
    xt = nice_ticks(0, max(n - 1, 1), 6) if n > 1 else [0]
    for t in xt:
        if float(t).is_integer() and 0 <= t <= max(n - 1, 0):
            out.append(_line(sx(t), py0, sx(t), py0 + 4, "#374151"))
            out.append(_text(sx(t), py0 + 16, str(int(t) + x_start), anchor="middle", cls="tick"))
    out.append(_text((px0 + px1) / 2, height - 4, x_label, anchor="middle", cls="muted"))
    if y_label:
        mid = (py0 + py1) / 2
        out.append(f'<text x="12" y="{_n(mid)}" text-anchor="middle" class="muted" '
                   f'transform="rotate(-90 12 {_n(mid)})">{esc(y_label)}</text>')
    for label, v in references:
        if _finite(v):
            out.append(_line(px0, sy(v), px1, sy(v), STATUS_QUO, 1.0, ' stroke-dasharray="4 3"'))
            out.append(_text(px0 + 4, sy(v) - 4, f"{label} {fmt(v)}", cls="muted"))
    legend_y = top + 8
    for s in series:
        pts = [(sx(i), sy(float(v))) for i, v in enumerate(s.values) if _finite(v)]
        if len(pts) > 1:
            d = " ".join(f"{_n(px)},{_n(py)}" for px, py in pts)
            out.append(f'<polyline points="{d}" fill="none" stroke="{esc(s.colour)}" stroke-width="2"/>')
        for px, py in pts if len(pts) <= 40 else pts[-1:]:
            out.append(f'<circle cx="{_n(px)}" cy="{_n(py)}" r="2.6" fill="{esc(s.colour)}"/>')
        last = next((float(v) for v in reversed(list(s.values)) if _finite(v)), float("nan"))
        out.append(_line(px1 + 6, legend_y - 4, px1 + 20, legend_y - 4, s.colour, 2.5))
        out.append(_text(px1 + 24, legend_y, _clip_label(f"{s.label} {fmt(last)}", 16), fill=s.colour, cls="lab",
                         full=s.label))
        legend_y += 16
    return _svg(width, height, title, out, "chart")


def _tick(t: float) -> str:
    return str(int(t)) if float(t).is_integer() else f"{t:g}"


# -- scatter / reliability plot --------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str = ""
    size: float = 1.0  # area relative to the largest point
    colour: str = ACTOR_FILL


def scatter_plot(
    points: Sequence[Point],
    *,
    title: str,
    x_label: str,
    y_label: str,
    x_range: tuple[float, float] = (0.0, 1.0),
    y_range: tuple[float, float] = (0.0, 1.0),
    diagonal: bool = True,
    width: float = 380.0,
    height: float = 380.0,
) -> Html:
    """Points on two axes, with the line y = x where ``diagonal`` (a reliability diagram:
    predicted probability against observed frequency, point area ~ count; or forecast
    against actual outcome in a backtest). Point radius is 9 * sqrt(size)."""
    left, right, top, bottom = 50.0, 16.0, 28.0, 42.0
    px0, px1, py0, py1 = left, width - right, height - bottom, top
    xlo, xhi = x_range
    ylo, yhi = y_range

    def sx(v: float) -> float:
        return px0 + (min(max(v, xlo), xhi) - xlo) / (xhi - xlo) * (px1 - px0)

    def sy(v: float) -> float:
        return py0 + (min(max(v, ylo), yhi) - ylo) / (yhi - ylo) * (py1 - py0)

    out: list[str] = [_text(left, 16, title, cls="ctitle")]
    for t in nice_ticks(xlo, xhi, 5):
        out.append(_line(sx(t), py0, sx(t), py1, GRID))
        out.append(_text(sx(t), py0 + 16, _tick(t), anchor="middle", cls="tick"))
    for t in nice_ticks(ylo, yhi, 5):
        out.append(_line(px0, sy(t), px1, sy(t), GRID))
        out.append(_text(px0 - 6, sy(t) + 4, _tick(t), anchor="end", cls="tick"))
    out.append(_line(px0, py0, px1, py0, "#374151"))
    out.append(_line(px0, py0, px0, py1, "#374151"))
    if diagonal:
        a, b = max(xlo, ylo), min(xhi, yhi)
        if b > a:
            out.append(_line(sx(a), sy(a), sx(b), sy(b), MUTED, 1.0, ' stroke-dasharray="4 3"'))
    for p in points:
        if not (_finite(p.x) and _finite(p.y)):
            continue
        r = 9.0 * math.sqrt(max(p.size, 0.0)) if p.size > 0 else 2.0
        tip = f"<title>{esc(p.label)} ({fmt(p.x, 2)}, {fmt(p.y, 2)})</title>" if p.label else ""
        out.append(f'<circle cx="{_n(sx(p.x))}" cy="{_n(sy(p.y))}" r="{_n(max(r, 2.0))}" fill="{esc(p.colour)}" '
                   f'fill-opacity="0.6" stroke="{esc(p.colour)}">{tip}</circle>')
    out.append(_text((px0 + px1) / 2, height - 6, x_label, anchor="middle", cls="muted"))
    out.append(f'<text x="12" y="{_n((py0 + py1) / 2)}" text-anchor="middle" class="muted" '
               f'transform="rotate(-90 12 {_n((py0 + py1) / 2)})">{esc(y_label)}</text>')
    return _svg(width, height, title, out, "chart scatter")


__all__ = [
    "PALETTE", "Point", "Series", "StripActor", "StripMarker", "StripSpec", "colour", "line_chart",
    "nice_ticks", "scale_strip", "scatter_plot",
]
