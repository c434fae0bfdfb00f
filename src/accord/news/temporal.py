"""Dates and quantities in a sentence, normalised against the article's date.

"on November 11" in an article of November 2024 is 2024-11-11: a month-day without a
year takes the year that puts it nearest the article date (a story dated 2 January that
says "on December 30" means last year). A weekday ("on Monday") is the latest such day
on or before the article date (news reports what happened). Quantities keep what they
measure: "around 18% of Ukraine's territory" is 18 percent, approximate, measuring
"Ukraine's territory".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .types import Quantity

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MD = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(\d{4}))?\b")
_WD = re.compile(r"\b(?i:on|last|this|since|by)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DIGIT = re.compile(r"\d")
_REL = re.compile(r"\b(yesterday|today|last week)\b", re.I)


def _parse_iso(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def _nearest_year(month: int, day: int, ref: date) -> date | None:
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((d - ref).days) < abs((best - ref).days):
            best = d
    return best


def event_date(text: str, article_date: str | None) -> str | None:
    """The first date the sentence names, as ISO, resolved against ``article_date``."""
    ref = _parse_iso(article_date)
    found: list[tuple[int, date]] = []
    digits = _DIGIT.search(text) is not None  # a month-day date has a number
    for m in (_MD.finditer(text) if digits else ()):
        month, day, year = MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)), m.group(3)
        d = _make(int(year), month, day) if year else (_nearest_year(month, day, ref) if ref else None)
        if d:
            found.append((m.start(), d))
    for m in (_DM.finditer(text) if digits else ()):
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower().rstrip(".")], m.group(3)
        d = _make(int(year), month, day) if year else (_nearest_year(month, day, ref) if ref else None)
        if d:
            found.append((m.start(), d))
    if ref is not None:
        for m in _WD.finditer(text):
            wd = WEEKDAYS.index(m.group(1).lower())
            back = (ref.weekday() - wd) % 7
            found.append((m.start(), ref - timedelta(days=back)))
        for m in _REL.finditer(text):
            w = m.group(1).lower()
            d = ref - timedelta(days={"yesterday": 1, "today": 0, "last week": 7}[w])
            found.append((m.start(), d))
    if not found:
        return None
    return min(found, key=lambda x: x[0])[1].isoformat()


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_APPROX = r"(?:(around|about|roughly|nearly|almost|approximately|some|over|more than|up to|at least|close to|an estimated)\s+)?"
_Q = re.compile(
    _APPROX + r"(\$|€|£)?" + _NUM + r"(?:\s*(thousand|million|billion|trillion))?(?:\s*(%|percent|per cent))?"
    r"(?:\s+((?:[A-Z][A-Za-z\-]+\s+){0,2}[A-Za-z][A-Za-z\-]+))?",
)
#: a share written as a fraction: "about a fifth of", "nearly one-fifth of", "two-thirds of"
_FRACTION_DEN = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
                 "fifths": 5, "sixth": 6, "tenth": 10, "tenths": 10}
_FRACTION_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_FRACTION = re.compile(r"\b" + _APPROX + r"\b(a|an|one|two|three|four)[\s\-]+(" + "|".join(_FRACTION_DEN)
                       + r")\b(?=\s+of\b)", re.I)
_UNIT_WORDS = {"drones", "troops", "soldiers", "missiles", "people", "civilians", "tanks", "barrel", "kilometers",
               "kilometres", "miles", "square", "casualties", "deaths", "dead", "killed", "refugees", "days", "years"}
_MEASURE = re.compile(r"\s*(?:of|in)\s+((?:the\s+)?[A-Z]?[\w’'\-]+(?:\s+(?:[\w’'\-]+)){0,3})")


def quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Percentages, money and counted things in ``text`` (offsets shifted by ``offset``)."""
    out: list[Quantity] = []
    for m in _FRACTION.finditer(text):  # "about a fifth of Ukraine's territory" is 20 percent
        approx_word, num, den = m.groups()
        value = round(100.0 * _FRACTION_NUM[num.lower()] / _FRACTION_DEN[den.lower()], 2)
        mm = _MEASURE.match(text, m.end())
        out.append(Quantity(value, "percent", _trim_measure(mm.group(1)) if mm else "", m.group(0),
                            offset + m.start(), offset + m.end(), approximate=True))
    if _DIGIT.search(text) is None:  # every other quantity has a number
        return out
    for m in _Q.finditer(text):
        approx_word, cur, num, scale, pct, word = m.groups()
        value = float(num.replace(",", "")) * _SCALE.get((scale or "").lower(), 1.0)
        if pct:
            unit = "percent"
        elif cur:
            unit = {"$": "usd", "€": "eur", "£": "gbp"}[cur]
        elif word and word.split()[-1].lower() in _UNIT_WORDS:
            unit = word.split()[-1].lower()  # "11,000 North Korean troops": troops
        else:
            continue  # a bare number (a year, a day) is no quantity
        end = m.end() if unit not in ("percent", "usd", "eur", "gbp") or not word else m.start(6) - 1
        if unit in ("percent", "usd", "eur", "gbp"):
            end = m.end(5) if pct else (m.end(4) if scale else m.end(3))
        measures = ""
        mm = _MEASURE.match(text, end)
        if mm and unit in ("percent",):
            measures = _trim_measure(mm.group(1))
        elif unit not in ("percent", "usd", "eur", "gbp"):
            measures = unit
        elif mm:
            measures = _trim_measure(mm.group(1))
        start = m.start(2) if cur else m.start(3)
        if approx_word:
            start = m.start(1)
        out.append(Quantity(value, unit, measures, text[start:end], offset + start, offset + end,
                            approximate=bool(approx_word)))
    out.sort(key=lambda q: q.start)
    return out


_STOP_TAIL = {"and", "or", "but", "that", "which", "who", "to", "in", "on", "by", "for", "with", "as", "is",
              "was", "are", "were", "would", "will", "occupied", "held", "controlled", "since"}


def _trim_measure(s: str) -> str:
    words = s.split()
    out = []
    for w in words:
        w2 = w.strip(",.;:")
        if w2.lower() in _STOP_TAIL:
            break
        out.append(w2)
        if w2 != w:
            break
    return " ".join(out)
