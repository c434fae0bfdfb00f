"""Reading articles from files: text, markdown, HTML, JSON lines, JSON, CSV, and a manifest.

Each input becomes zero or more :class:`Read` records: an :class:`~accord.news.types.Article`
with its cleaned text, or the reason it could not be read. Nothing here raises for a bad
file; the run accounts for every input (see :mod:`accord.news.ingest`).

Decoding
--------
UTF-8 (with or without BOM) first; UTF-16/UTF-32 where the file starts with their BOM;
a file with NUL bytes and no such BOM is *binary* and fails; other bytes are decoded as
Windows-1252, else Latin-1, and the encoding is recorded with the article. Files above
:data:`MAX_ARTICLE_BYTES` (JSON/CSV feeds: :data:`MAX_FEED_BYTES`) fail as too large;
nothing is read truncated, since a cut article would be stored as if whole.

Dates
-----
An article's date is, in order: the manifest's or feed's ``published``; the later end of
the manifest's ``published_between``; a dated dateline at the top of the text; the first
full date (with a year) in the text; else unknown. :attr:`Article.date_basis` records
which one it was.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Iterator

from .clean import clean_text, is_heading
from .types import Article

__all__ = [
    "ARTICLE_SUFFIXES", "FEED_SUFFIXES", "MAX_ARTICLE_BYTES", "MAX_FEED_BYTES", "Read", "content_sha256",
    "decode", "load_manifest", "normalise_date", "read_input", "resolve_aliases", "text_date",
]

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
MANIFEST_NAME = "manifest.json"
MAX_ARTICLE_BYTES = 10 * 2**20
MAX_FEED_BYTES = 512 * 2**20
FIELDS = ("id", "title", "text", "published", "date", "url", "source")


@dataclass
class Read:
    """One article read from an input, or why the input (or row) was not read."""

    input: str  # the path, with "#row" for a row of a feed
    article: Article | None = None
    error: str = ""
    encoding: str = ""


# -- decoding ---------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


class ReadError(Exception):
    """Why an input cannot be read (becomes a ``failed`` line, never a crash)."""


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of a text file, or :class:`ReadError`."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ReadError(f"starts with a {enc.upper()} BOM but is not {enc.upper()} (byte {exc.start})") from None
    if b"\x00" in data[:65536]:
        raise ReadError("binary file (NUL bytes), expected text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text, enc = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, enc = data.decode("latin-1"), "latin-1"
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.01 * min(len(text), 65536):
        raise ReadError("binary file (control bytes), expected text")
    return text, enc


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size == 0:
            raise ReadError("empty file")
        if size > limit:
            raise ReadError(f"too large ({size / 2**20:.1f} MiB; limit {limit // 2**20} MiB)")
        return path.read_bytes()
    except PermissionError:
        raise ReadError("cannot be read (permission denied)") from None
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror or exc})") from None


# -- dates ------------------------------------------------------------------------------

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MON = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"), ("M", "d", "y")),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(\d{4})\b"), ("d", "M", "y")),
)
DATELINE_CHARS = 200


def _match_date(m: re.Match[str], order: tuple[str, ...]) -> str | None:
    parts = dict(zip(order, m.groups()))
    try:
        month = int(parts["m"]) if "m" in parts else _MONTHS[parts["M"].lower()[:3]]
        return date(int(parts["y"]), month, int(parts["d"])).isoformat()
    except (ValueError, KeyError):
        return None


def _dates_in(text: str) -> list[tuple[int, str]]:
    found = []
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            iso = _match_date(m, order)
            if iso:
                found.append((m.start(), iso))
    return sorted(found)


def text_date(text: str) -> tuple[str | None, str]:
    """``(iso date, basis)`` from the text: a dateline in its first lines, else the first
    full date (with a year) anywhere, else ``(None, "unknown")``."""
    dates = _dates_in(text)
    if not dates:
        return None, "unknown"
    pos, iso = dates[0]
    return iso, "dateline" if pos < DATELINE_CHARS else "text"


def normalise_date(value: Any) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from a feed's date value, or ``None`` if it is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"expected a date, got the number {value!r}")
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {type(value).__name__}")
    s = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            raise ValueError(f"{s!r} is not a calendar date") from None
    for pattern, order in _DATE_PATTERNS[1:]:
        m2 = pattern.fullmatch(s.rstrip("."))
        if m2 and (iso := _match_date(m2, order)):
            return iso
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        raise ValueError(f"{s!r} is not a date (expected e.g. 2024-11-12 or November 12, 2024)") from None


def resolve_aliases(scenario: Any, when: str | None) -> dict[str, str]:
    """``{alias text: actor id}`` for the names valid on date ``when`` (ISO).

    An alias with ``valid_from``/``valid_to`` counts where ``valid_from <= when < valid_to``.
    When the article's date is unknown the scenario's own ``date`` stands in; when that is
    unknown too, only aliases without dates count. Each actor's name and id are aliases
    always. A text that two actors claim on the same date is ambiguous and left out.
    """
    when = when or getattr(scenario, "date", None)
    claims: dict[str, set[str]] = {}
    for actor in scenario.actors:
        names = [actor.id, actor.name]
        for a in actor.aliases:
            if a.valid_from is None and a.valid_to is None:
                names.append(a.text)
            elif when is not None and (a.valid_from is None or a.valid_from <= when) and (
                a.valid_to is None or when < a.valid_to
            ):
                names.append(a.text)
        for n in names:
            if n:
                claims.setdefault(n, set()).add(actor.id)
    return {text: next(iter(ids)) for text, ids in sorted(claims.items()) if len(ids) == 1}


# -- manifest ---------------------------------------------------------------------------


def load_manifest(folder: Path) -> tuple[dict[str, dict[str, Any]], str]:
    """``({file name: entry}, error)`` from ``folder/manifest.json`` (empty if absent)."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}, ""
    try:
        text, _ = decode(_read_bytes(path, MAX_FEED_BYTES))
        doc = _json(text)
    except ReadError as exc:
        return {}, f"manifest not used: {exc}"
    rows = doc.get("articles") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        return {}, "manifest not used: articles: expected a list of entries"
    entries: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("file"), str):
            return {}, f"manifest not used: articles[{i}].file: expected a file name"
        entries[row["file"]] = row
    return entries, ""


def _dates_from_meta(meta: dict[str, Any]) -> tuple[str | None, str]:
    if meta.get("published") not in (None, ""):
        return normalise_date(meta["published"]), "published"
    between = meta.get("published_between")
    if between is not None:
        if not isinstance(between, list) or len(between) != 2:
            raise ValueError("published_between: expected [first date, last date]")
        ends = [normalise_date(d) for d in between]
        return max(d for d in ends if d), "published_between"
    return None, "unknown"


# -- articles ---------------------------------------------------------------------------


def content_sha256(text: str) -> str:
    """sha256 of the text as :mod:`accord.news.dedup` normalises it (see there)."""
    from .dedup import normalise

    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _title_of(raw: str, fallback: str) -> str:
    for line in raw.splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            return s.lstrip("#").strip() or fallback
        from .clean import is_debris

        if is_debris(s):
            continue
        return s if is_heading(s) and not s.endswith("?") else fallback
    return fallback


def _html_text(raw: str) -> tuple[str, str]:
    """(title, main text) of an HTML page, offline: trafilatura on the string, no fetching."""
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_links=False, include_images=False,
                               include_tables=True, favor_recall=True, deduplicate=False) or ""
    title = ""
    m = re.search(r"<title[^>]*>(.*?)</title>", raw, re.IGNORECASE | re.DOTALL)
    if m:
        import html as _html

        title = re.sub(r"\s+", " ", _html.unescape(m.group(1))).strip()
    if not text.strip():  # no main block found: the visible text without scripts and styles
        import html as _html

        body = re.sub(r"<(script|style|noscript|template)\b.*?</\1\s*>", " ", raw, flags=re.IGNORECASE | re.DOTALL)
        body = re.sub(r"<(br|p|div|h[1-6]|li|tr)\b[^>]*>", "\n", body, flags=re.IGNORECASE)
        text = _html.unescape(re.sub(r"<[^>]+>", " ", body))
    return title, text


def _article(input_name: str, path: Path, raw: str, meta: dict[str, Any], default_id: str,
             title: str, html_title: str = "") -> Article:
    text = clean_text(raw)
    if not text.strip():
        raise ReadError("no text after cleaning")
    published, basis = _dates_from_meta(meta)
    if published is None:
        published, basis = text_date(text)
    return Article(
        id=str(meta.get("id") or default_id), file=str(path), text=text,
        title=str(meta.get("title") or title or html_title or default_id), published=published,
        date_basis=basis, source=str(meta.get("source") or ""), url=str(meta.get("url") or ""),
        sha256=content_sha256(text),
    )


def read_input(path: Path, manifest: dict[str, dict[str, Any]] | None = None,
               fields: dict[str, str] | None = None) -> Iterator[Read]:
    """The :class:`Read` records of one file: one for an article file, one per feed row."""
    suffix = path.suffix.lower()
    name = str(path)
    meta = (manifest or {}).get(path.name, {})
    try:
        if suffix in ARTICLE_SUFFIXES:
            raw, enc = decode(_read_bytes(path, MAX_ARTICLE_BYTES))
            html_title = ""
            if suffix in HTML_SUFFIXES:
                html_title, raw = _html_text(raw)
                title = html_title
            else:
                title = _title_of(raw, path.name)
            try:
                art = _article(name, path, raw, meta, path.name, title)
            except ValueError as exc:
                raise ReadError(f"manifest entry: {exc}") from None
            yield Read(name, art, encoding=enc)
        elif suffix in FEED_SUFFIXES:
            raw, enc = decode(_read_bytes(path, MAX_FEED_BYTES))
            yield from _read_feed(path, raw, enc, fields or {})
        else:
            yield Read(name, error=f"unsupported file type {suffix or '(none)'!r}")
    except ReadError as exc:
        yield Read(name, error=str(exc))


def _json(text: str) -> Any:
    """A JSON document read with :func:`accord.safeload.load_json` (depth, huge integers,
    NaN and lone surrogates refused): :class:`ReadError` with the reason, never a crash."""
    from ..errors import InputError
    from ..safeload import load_json

    try:
        return load_json(text)
    except InputError as exc:
        msg = str(exc)
        if msg.startswith("malformed JSON (") and msg.endswith(")"):
            msg = msg[len("malformed JSON ("):-1]
        raise ReadError(f"invalid JSON ({msg})") from None


def _feed_rows(path: Path, raw: str) -> Iterator[tuple[int, Any]]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        for n, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                try:
                    yield n, _json(line)
                except ReadError as exc:
                    yield n, exc
    elif suffix == ".json":
        doc = _json(raw)
        rows = doc.get("articles", [doc]) if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise ReadError("expected a list of articles, an object with 'articles', or one article")
        yield from enumerate(rows, 1)
    else:
        csv.field_size_limit(MAX_ARTICLE_BYTES)
        try:
            yield from enumerate(csv.DictReader(io.StringIO(raw, newline="")), 1)
        except csv.Error as exc:
            raise ReadError(f"invalid CSV ({exc})") from None


def _read_feed(path: Path, raw: str, enc: str, fields: dict[str, str]) -> Iterator[Read]:
    col = {f: fields.get(f, f) for f in FIELDS}
    n_rows = 0
    for n, row in _feed_rows(path, raw):
        n_rows += 1
        where = f"{path}#{n}"
        if isinstance(row, ReadError):
            yield Read(where, error=str(row))
            continue
        if not isinstance(row, dict):
            yield Read(where, error=f"expected an object with a {col['text']!r} field, got {type(row).__name__}")
            continue
        text = row.get(col["text"])
        if text is None or (isinstance(text, str) and not text.strip()):
            yield Read(where, error=f"{col['text']}: missing or empty")
            continue
        if not isinstance(text, str):
            yield Read(where, error=f"{col['text']}: expected a string, got {type(text).__name__}")
            continue
        if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
            yield Read(where, error=f"{col['text']}: too large (limit {MAX_ARTICLE_BYTES // 2**20} MiB)")
            continue
        meta: dict[str, Any] = {}
        bad = ""
        for f in ("id", "title", "url", "source"):
            v = row.get(col[f])
            if v not in (None, ""):
                if not isinstance(v, (str, int)) or isinstance(v, bool):
                    bad = f"{col[f]}: expected a string, got {type(v).__name__}"
                    break
                meta[f] = str(v)
        pub_field = col["published"] if row.get(col["published"]) not in (None, "") else col["date"]
        if not bad and row.get(pub_field) not in (None, ""):
            try:
                meta["published"] = normalise_date(row[pub_field])
            except ValueError as exc:
                bad = f"{pub_field}: {exc}"
        if bad:
            yield Read(where, error=bad)
            continue
        try:
            art = _article(where, path, text, meta, f"{path.name}#{n}", meta.get("title", ""))
        except ReadError as exc:
            yield Read(where, error=f"{col['text']}: {exc}")
            continue
        yield Read(where, art, encoding=enc)
    if n_rows == 0:
        yield Read(str(path), error="no rows")
