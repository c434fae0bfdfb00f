"""Council voting weights by treaty period, for ``--capability council``.

Periods, by the date a proposal was introduced (``intro``):

* ``pre-nice``  (before 1 May 2004): Article 205(2) EC Treaty (as amended by the 1994
  Act of Accession): DE, FR, IT, UK 10; ES 8; BE, EL, NL, PT 5; AT, SE 4; DK, IE, FI 3;
  LU 2 (total 87).
* ``accession-2004`` (1 May to 31 October 2004): the same, plus the transitional weights
  of the ten new members in Article 26 of the 2003 Act of Accession: PL 8; CZ, HU 5;
  EE, LV, LT, SI, SK 3; CY, MT 2.
* ``nice`` (1 November 2004 to 31 October 2014): the Treaty of Nice's Protocol on the
  enlargement (Article 3), as set for EU-25 by the 2003 Act of Accession (Article 12)
  and extended by the 2005 (BG, RO) and 2012 (HR) Acts: DE, FR, IT, UK 29; ES, PL 27;
  RO 14; NL 13; BE, CZ, EL, HU, PT 12; AT, BG, SE 10; DK, IE, LT, SK, FI, HR 7;
  CY, EE, LV, LU, SI 4; MT 3 (total 352).
* ``lisbon`` (from 1 November 2014): Article 16(4) TEU and Article 238(3) TFEU replace
  weights with a double majority (55 % of states representing 65 % of the population).
  We approximate a state's weight by its population share, the binding half of the rule
  for large states: population on 1 January 2015 in millions (Eurostat ``demo_pjan``,
  rounded to 0.1 million), scaled so that the total is 352 like Nice's.

The Commission and the Parliament have no Council votes. By default each gets the
weight of the largest member state of the period (``institutions="max"``): both are
veto players or agenda setters in the ordinary procedure, and the largest state's
weight keeps each comparable to one big government without letting either outweigh
the Council as a whole. ``"mean"`` (the average state) is the alternative reported.
"""

from __future__ import annotations

import datetime as dt

PRE_NICE: dict[str, float] = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
    "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2,
}
ACCESSION_2004: dict[str, float] = {
    **PRE_NICE, "pl": 8, "cz": 5, "hu": 5, "ee": 3, "lv": 3, "lt": 3, "si": 3, "sk": 3, "cy": 2, "mt": 2,
}
NICE: dict[str, float] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3,
}
POPULATION_2015: dict[str, float] = {  # millions, 1 January 2015 (Eurostat), rounded
    "de": 81.2, "fr": 66.4, "uk": 64.9, "it": 60.8, "es": 46.4, "pl": 38.0, "ro": 19.9,
    "nl": 16.9, "be": 11.3, "el": 10.9, "cz": 10.5, "pt": 10.4, "hu": 9.9, "se": 9.7,
    "at": 8.6, "bu": 7.2, "dk": 5.7, "fi": 5.5, "sk": 5.4, "ie": 4.6, "cr": 4.2,
    "lt": 2.9, "si": 2.1, "lv": 2.0, "ee": 1.3, "cy": 0.8, "lu": 0.6, "mt": 0.4,
}
_POP_TOTAL = sum(POPULATION_2015.values())
LISBON: dict[str, float] = {k: 352.0 * v / _POP_TOTAL for k, v in POPULATION_2015.items()}

PERIODS: tuple[tuple[str, dt.date, dict[str, float]], ...] = (
    ("pre-nice", dt.date(1900, 1, 1), PRE_NICE),
    ("accession-2004", dt.date(2004, 5, 1), ACCESSION_2004),
    ("nice", dt.date(2004, 11, 1), NICE),
    ("lisbon", dt.date(2014, 11, 1), LISBON),
)
INSTITUTIONS = ("com", "ep")


def period_of(date: dt.date) -> str:
    """The treaty period in force on ``date``."""
    name = PERIODS[0][0]
    for label, start, _ in PERIODS:
        if date >= start:
            name = label
    return name


def table(period: str) -> dict[str, float]:
    for label, _, weights in PERIODS:
        if label == period:
            return weights
    raise KeyError(period)


def council_weight(actor: str, period: str, institutions: str = "max") -> tuple[float, bool]:
    """``(weight, fallback)`` of ``actor`` in ``period``.

    A state with a position but no vote in that period's table (a proposal introduced
    before its accession and decided after) gets its Nice weight scaled to the period's
    largest weight, and ``fallback`` is True.
    """
    weights = table(period)
    if actor in INSTITUTIONS:
        values = list(weights.values())
        if institutions == "max":
            return max(values), False
        if institutions == "mean":
            return sum(values) / len(values), False
        raise ValueError(f"institutions must be 'max' or 'mean', not {institutions!r}")
    if actor in weights:
        return float(weights[actor]), False
    if actor in NICE:
        return NICE[actor] * max(weights.values()) / max(NICE.values()), True
    return 1.0, True
