"""Cleaning scraped text: drop page debris, keep headings apart, split sentences simply.

The cleaned text is :attr:`accord.news.types.Article.text`; every offset downstream refers
to it. Cleaning never rewrites a kept line's characters (quotes, dashes and case stay as
the source has them); it only drops whole lines, trims spaces at line ends and lays the
text out as paragraphs separated by one blank line.

Layout rules
------------
* A line that is *debris* (navigation, newsletter, cookie, subscribe, share, comment and
  advertisement boilerplate, see :data:`DEBRIS`) is dropped. Debris is judged on the whole,
  short line, never on a phrase inside a sentence.
* A *heading* (a markdown ``#`` line, or a short line with no sentence-final punctuation)
  is its own paragraph, so the sentence after it never starts with it.
* A heading run into the next sentence on the same line ("... for KyivThe United States")
  is split where a lower-case letter is directly followed by a common sentence opener.
* Hard-wrapped text (most lines 40-100 characters, paragraphs separated by blank lines)
  has its wrapped lines joined with a space; otherwise every line is a paragraph, which is
  how scraped text usually arrives.
"""

from __future__ import annotations

import re
import statistics

__all__ = ["DEBRIS", "clean_text", "is_debris", "is_heading", "split_sentences"]

#: Patterns for whole lines of page furniture, matched case-insensitively against the
#: stripped line (at most :data:`DEBRIS_MAX_CHARS` characters).
DEBRIS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^skip to (the )?(main )?(content|navigation|search)\b",
        r"^(leave|post|add|write) a (reply|comment|response)\b",
        r"^(\d+\s+)?(comments?|responses?|replies)(\s*\(\d+\))?$",
        r"^cancel reply$",
        r"^your email address will not be published",
        r"^required fields are marked",
        r"\b(sign ?up|subscribe|unlock|join|receive|get)\b.*\bnewsletters?\b",
        r"\bnewsletters?\b.*\b(sign ?up|subscribe|for free|inbox|delivered)\b",
        r"\bcookies?\b.*\b(use|accept|policy|settings|preferences|consent|experience)\b",
        r"^(accept|reject|manage)( all)? cookies",
        r"^(subscribe|sign up|sign in|log ?in|register)\b",
        r"\bsubscribe (now|today|here|for|to)\b",
        r"^(already (a subscriber|have an account))",
        r"^(share|tweet|email|print|copy link|save)( (this|on|via|article|story|to)\b.*)?$",
        r"^(share|facebook|twitter|x|linkedin|whatsapp|reddit|email|print|telegram|pinterest)"
        r"(\s*[|/·•,]\s*(share|facebook|twitter|x|linkedin|whatsapp|reddit|email|print|telegram|pinterest))+$",
        r"^(advertisement|advertising|sponsored( content)?|ad|ads|promoted)$",
        r"\bcontinues? (below|after) (this )?(advertisement|ad)\b",
        r"^follow us( on\b.*)?$",
        r"^(read|see) (more|also|next)\b(:.*)?$",
        r"^related( articles?| stories| coverage| posts?)?:?$",
        r"^(previous|next) (article|post|story)\b",
        r"^post navigation$",
        r"^(all rights reserved|©|\(c\) \d{4}|copyright ©?\s*\d{4})",
        r"^click here\b",
        r"^(back to top|jump to|table of contents|menu|search|home)$",
        r"^(listen to (this )?article|audio is not supported)\b",
        r"^(enable javascript|javascript is (disabled|required))",
    )
)
DEBRIS_MAX_CHARS = 120

#: Words that open a sentence; a lower-case letter glued to one of them marks a run-in heading.
RUN_IN_OPENERS = (
    "The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It", "They", "We", "This",
    "That", "These", "Those", "However", "Meanwhile", "While", "When", "As", "For", "If",
    "According", "After", "Before", "Since", "Despite", "Although", "Yet",
)
_RUN_IN = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=(?:%s)\s)" % "|".join(RUN_IN_OPENERS))
_FINAL_PUNCT = tuple(".!?;,…:\"”’»)")
_HEADING_MAX_CHARS = 100
_HEADING_MAX_WORDS = 14


def is_debris(line: str) -> bool:
    """Whether a whole (stripped) line is page furniture rather than article text."""
    s = line.strip()
    if not s or len(s) > DEBRIS_MAX_CHARS:
        return False
    return any(p.search(s) for p in DEBRIS)


def is_heading(line: str) -> bool:
    """A markdown heading, or a short line that does not end like a sentence."""
    s = line.strip()
    if s.startswith("#"):
        return True
    if not s or len(s) > _HEADING_MAX_CHARS or len(s.split()) > _HEADING_MAX_WORDS:
        return False
    if s.endswith(_FINAL_PUNCT) and not s.endswith("?"):
        return False
    return s[0].isupper() or s[0].isdigit() or s[0] in "“\"‘'"


def _looks_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose: blank-line paragraphs whose lines stop near one width."""
    body = [len(x) for x in lines if x.strip()]
    if len(body) < 6 or not any(not x.strip() for x in lines):
        return False
    median = statistics.median(body)
    return 40 <= median <= 100 and max(body) <= 110


def clean_text(raw: str) -> str:
    """The article text with debris dropped and one paragraph per block (see module doc)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x00", "").replace("\ufeff", "")
    lines = [ln.rstrip() for ln in text.split("\n")]
    paragraphs: list[str] = []
    if _looks_wrapped(lines):
        short = 0.7 * statistics.median(len(x) for x in lines if x.strip())
        block: list[str] = []
        for ln in lines + [""]:
            s = ln.strip()
            if s and is_debris(s):
                continue
            if s and not (s.startswith("#") and block):
                if len(block) == 1 and is_heading(block[0]) and len(block[0]) < short:
                    paragraphs.append(block.pop())  # a heading on the line above its paragraph
                block.append(s)
                continue
            if block:
                paragraphs.append(" ".join(block))
                block = []
            if s.startswith("#"):
                block = [s]
    else:
        paragraphs = [ln.strip() for ln in lines if ln.strip() and not is_debris(ln)]
    out: list[str] = []
    for p in paragraphs:
        p = bound_runs(re.sub(r"[ \t]+", " ", p))
        out.extend(part.strip() for part in _RUN_IN.split(p) if part.strip())
    return "\n\n".join(out)


#: longest run of punctuation/symbols kept whole, and longest run without white space
MAX_SYMBOL_RUN = 16
MAX_TOKEN_RUN = 1000
_SYMBOL_RUN = re.compile(r"[^\w\s]{%d,}" % (MAX_SYMBOL_RUN + 1))
_TOKEN_RUN = re.compile(r"\S{%d,}" % (MAX_TOKEN_RUN + 1))


def bound_runs(text: str) -> str:
    """``text`` with very long runs bounded, so what reaches spaCy stays cheap.

    spaCy's tokenizer peels punctuation off a token one character at a time, rescanning
    the rest, and every symbol becomes a token of the one sentence: 20,000 ``#`` or
    ``!?`` in a row took 80 s to extract. A run of more than :data:`MAX_SYMBOL_RUN`
    symbols carries nothing a reader needs past its start, and is cut to that length; a
    run of more than :data:`MAX_TOKEN_RUN` characters without white space (no word or
    URL is that long) is broken by a space every :data:`MAX_TOKEN_RUN` characters.
    """
    text = _SYMBOL_RUN.sub(lambda m: m.group()[:MAX_SYMBOL_RUN], text)
    if len(text) <= MAX_TOKEN_RUN:
        return text
    return _TOKEN_RUN.sub(
        lambda m: " ".join(m.group()[i:i + MAX_TOKEN_RUN] for i in range(0, len(m.group()), MAX_TOKEN_RUN)), text)


# -- a simple sentence splitter for storage when no extractor runs -----------------------

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "st",
    "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "no", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "approx",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9\u0400-\u042f])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``: paragraphs, then final punctuation.

    A period after a known abbreviation ("U.S.", "Gen.") or a single capital initial does
    not end a sentence. Spans never include the surrounding white space.
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        start = para.start()
        for m in _BOUNDARY.finditer(para.group()):
            end = para.start() + m.end()
            head = para.group()[: m.start() + 1].rstrip(".").split()
            word = head[-1].lower().strip("\"“‘'(") if head else ""
            if m.group().startswith(".") and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
                continue
            spans.append(_trim(text, start, end))
            start = end
        spans.append(_trim(text, start, para.end()))
    return [s for s in spans if s[1] > s[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
