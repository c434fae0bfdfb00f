"""The records that pass between reading, extraction and the store.

An :class:`Article` is what the reader makes of a file (or a row of a JSONL/CSV file);
the extractor turns its text into sentences and :class:`Statement` s whose character
offsets index ``Article.text``; the store keeps both.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    id: str  # the manifest's id, else the file name (with the row number for JSONL/CSV rows)
    file: str  # the path it was read from
    text: str  # cleaned text; every offset refers to this
    title: str = ""
    published: str | None = None  # ISO date
    date_basis: str = ""  # "published", "published_between", "dateline", "text", "unknown"
    source: str = ""
    url: str = ""
    sha256: str = ""  # of the normalised cleaned text (case, quotes and whitespace folded)


@dataclass
class Quantity:
    value: float
    unit: str  # "percent", "usd", "drones", "troops", ...
    measures: str  # what it measures, e.g. "share of Ukraine's territory held by Russia"
    text: str
    start: int
    end: int
    approximate: bool = False


@dataclass
class Statement:
    """One attributed stance or act in one sentence of an article."""

    article: str  # Article.id
    start: int  # sentence span in Article.text
    end: int
    text: str  # the sentence
    actor: str | None  # the scenario's actor id, None when it is no actor of the scenario
    speaker: str  # the surface name ("Peskov", "the Kremlin", "he")
    act: str  # say, claim, deny, demand, propose, agree, reject, threaten, promise, support, oppose, accuse, report
    issue: str | None = None
    direction: str | None = None  # "up" / "down" on the issue's scale, absolute
    position: float | None = None  # 0..100 where the sentence pins a value on the anchors
    hedged: bool = False
    reported_by: str | None = None
    event_date: str | None = None  # ISO date
    cue: str = ""  # the cue word(s) (said, demanded, ...)
    cue_start: int | None = None
    cue_end: int | None = None
    quantities: list[Quantity] = field(default_factory=list)
    id: str = ""  # stable id, set by the store (article + offsets + actor + issue)
    refers_to: str | None = None  # for a denial: the id of the statement it denies

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Extraction:
    """What the extractor makes of one article."""

    sentences: list[tuple[int, int]]
    statements: list[Statement]
    quantities: list[Quantity] = field(default_factory=list)  # of every sentence, statement or not
    #: what the reading met, to say why no stance came out: "actor_mentions" (names of the
    #: case's actors), "keyword_sentences" (sentences naming an issue), "candidates"
    #: (holder and issue in one sentence), "stances" (statements with an issue)
    counts: dict[str, int] = field(default_factory=dict)
