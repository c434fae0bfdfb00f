"""HTML building blocks shared by every accord report: escaping, a page shell, tables.

Everything that comes from a scenario, an article or a user is hostile text (DESIGN:
"Everything the user sees is escaped"). The rule here is one type: :class:`Html` is
markup we built ourselves; anything else that reaches a builder is escaped with
``html.escape(..., quote=True)``, so it is safe both between tags and inside
double-quoted attributes. Builders return :class:`Html`, so they nest without escaping
twice.

Pages are self-contained: the stylesheet is read from the package (``report.css``) and
inlined; nothing is fetched and no script is written.
"""

from __future__ import annotations

import html as _html
import math
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence


class Html(str):
    """A string of markup built by this package: passed through without escaping."""

    __slots__ = ()

    def __add__(self, other: str) -> "Html":
        return Html(str.__add__(self, other if isinstance(other, Html) else esc(other)))

    def __html__(self) -> str:
        """Markup for jinja2's autoescaping: passed through as it is (the templates)."""
        return str(self)


def esc(value: Any) -> Html:
    """``value`` as text safe in element content and in double-quoted attributes.

    :class:`Html` passes through; ``None`` becomes the empty string.
    """
    if isinstance(value, Html):
        return value
    if value is None:
        return Html("")
    return Html(_html.escape(str(value), quote=True))


def join(parts: Iterable[Any], sep: str = "") -> Html:
    """Concatenate parts, escaping any that are not :class:`Html`."""
    return Html(esc(sep).join(esc(p) for p in parts))


def attrs(**kw: Any) -> Html:
    """``key="value"`` pairs, escaped; ``class_`` -> ``class``; ``None``/``False`` dropped."""
    out = []
    for key, value in kw.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(f' {name}="{esc(value)}"' if value is not True else f" {name}")
    return Html("".join(out))


def tag(name: str, *content: Any, **kw: Any) -> Html:
    """``<name attrs>content</name>`` with escaped content and attributes."""
    return Html(f"<{name}{attrs(**kw)}>{join(content)}</{name}>")


def fmt(x: Any, digits: int = 1) -> str:
    """A number as the report prints it: fixed decimals, ``–`` for missing or not finite."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(v):
        return "–"
    s = f"{v:.{digits}f}"
    return "0" + s[2:] if s.startswith("-0") and float(s) == 0 else s


def fmt_range(low: float, high: float, digits: int = 1) -> str:
    """``low–high``, or the empty string for a point."""
    return "" if low == high else f"{fmt(low, digits)}–{fmt(high, digits)}"


def badge(text: str, kind: str = "") -> Html:
    return tag("span", text, class_=f"badge {kind}".strip())


def table(
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    class_: str = "",
    numeric: Sequence[int] = (),
    caption: Any = None,
) -> Html:
    """A table; cells that are not :class:`Html` are escaped. ``numeric`` columns align right."""
    num = set(numeric)
    head = join(tag("th", h, class_="num" if i in num else None, scope="col") for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cells.append(tag("td", cell, class_="num" if i in num else None))
        body.append(tag("tr", join(cells)))
    cap = tag("caption", caption) if caption is not None else Html("")
    return Html(
        f"<table{attrs(class_=class_ or None)}>{cap}<thead><tr>{head}</tr></thead>"
        f"<tbody>{join(body)}</tbody></table>"
    )


def definition_list(items: Iterable[tuple[Any, Any]], class_: str = "") -> Html:
    return tag("dl", join(join((tag("dt", k), tag("dd", v))) for k, v in items), class_=class_ or None)


def section(id_: str, title: Any, *content: Any, level: int = 2, class_: str = "") -> Html:
    """A ``<section>`` with an anchor id and a heading."""
    return tag("section", tag(f"h{level}", title), *content, id=id_, class_=class_ or None)


def anchor_id(prefix: str, key: str) -> str:
    """An element id for ``key``: letters, digits, ``-`` and ``_`` kept, others as ``-xx``."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else f"-{ord(c):x}" for c in key)
    return f"{prefix}-{safe}"


def stylesheet(name: str = "report.css") -> str:
    """The text of a stylesheet shipped in ``accord/report``."""
    return (resources.files("accord.report") / name).read_text(encoding="utf-8")


def page(title: Any, body: Any, *, css: str | None = None, lang: str = "en") -> str:
    """A whole HTML document: inline CSS, no scripts, no external resources."""
    style = stylesheet() if css is None else css
    if "</" in style:  # a stylesheet cannot close its own <style> element
        raise ValueError("stylesheet contains '</'")
    return (
        "<!doctype html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{style}</style>\n</head>\n"
        f"<body>\n{esc(body)}\n</body>\n</html>\n"
    )


def mapping_rows(d: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A flat mapping as (key, text) pairs, nested values compact, in sorted key order."""
    out = []
    for key in sorted(d, key=str):
        value = d[key]
        if isinstance(value, float):
            text = f"{value:g}"
        elif isinstance(value, (list, tuple)):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        out.append((str(key), text))
    return out
