"""Parse YAML and JSON from hostile files with bounded work: one clear error, never a crash.

What is refused, each as :class:`~accord.errors.InputError` naming the line (YAML, JSON)
or the field path (after parsing):

* nesting deeper than :data:`MAX_DEPTH` (a flow list 100,000 deep would overflow the C
  stack of libyaml's composer, and the JSON scanner recurses too);
* YAML aliases to a node not yet closed (a self-reference), and aliases whose expansion
  adds more than :data:`MAX_ALIAS_NODES` nodes (the "billion laughs" bomb: every alias is
  expanded again when the document is hashed or written);
* YAML tags outside plain data (``!!str !!int !!float !!bool !!null !!map !!seq``):
  ``!!set``, ``!!binary``, ``!!timestamp``, ``!!python/...`` and local ``!tags``;
* integers longer than :data:`MAX_INT_DIGITS` digits (Python refuses to parse more than
  4,300), by line; floats that are not finite (``.nan``, ``.inf``, ``1e999``, JSON's
  ``NaN``), by field path;
* strings holding a lone surrogate (JSON's ``"\\ud800"``): they cannot be written as UTF-8.

Unquoted YAML dates (``published: 2024-11-12``) are read as the string written, not as
a ``datetime.date``: every reader downstream expects text.

The YAML check is a first pass over libyaml's event stream (iterative: no recursion, so
depth costs nothing), then the usual safe loader builds the document.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import yaml

from .errors import InputError

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "MAX_INT_DIGITS", "check_tree", "load_json", "load_yaml"]

#: deepest nesting of lists and mappings accepted (a scenario needs 6)
MAX_DEPTH = 64
#: nodes that aliases may add to a YAML document in all (the document itself is bounded by its size)
MAX_ALIAS_NODES = 10_000
#: longest integer parsed, in digits (Python parses at most 4,300; the schema then refuses
#: any number past its magnitude bound by field path)
MAX_INT_DIGITS = 1000

_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")
} | {"!"}  # "!" is the non-specific tag of a quoted scalar written as ! "text"

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _plain_resolvers(resolvers: dict) -> dict:
    """The implicit resolvers without the timestamp one (dates stay strings)."""
    return {
        ch: [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:timestamp"]
        for ch, entries in resolvers.items()
    }


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader, with dates left as strings and numbers range-checked."""

    yaml_implicit_resolvers = _plain_resolvers(_Base.yaml_implicit_resolvers)

    def construct_yaml_int(self, node):  # noqa: D102
        digits = re.sub(r"[^0-9a-fA-F]", "", str(node.value))
        if len(digits) > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"an integer of {len(digits)} digits (at most {MAX_INT_DIGITS})", node.start_mark)
        return super().construct_yaml_int(node)



_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _line(mark: Any) -> str:
    return f"line {mark.line + 1}: " if mark is not None else ""


def _yaml_error(exc: yaml.YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or "not valid YAML"
    return InputError(f"{_line(mark)}malformed YAML ({_one_line(problem)})")


def _one_line(text: object, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _prescan(text: str) -> None:
    """Depth, aliases and tags checked over the event stream, before anything is built."""
    depth = 0
    open_anchors: list[tuple[str | None, int]] = []  # (anchor, node count at its start) per open collection
    size: dict[str, int] = {}  # nodes in each closed anchor's expansion
    nodes = 0  # nodes so far, aliases expanded
    added = 0  # nodes added by aliases
    for ev in yaml.parse(text, Loader=_Base):
        tag = getattr(ev, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            raise InputError(f"{_line(ev.start_mark)}the tag {_one_line(tag, 60)!r} is not allowed (plain data only)")
        if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"{_line(ev.start_mark)}nested more than {MAX_DEPTH} levels deep")
            nodes += 1
            open_anchors.append((ev.anchor, nodes))
        elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
            anchor, start = open_anchors.pop()
            if anchor is not None:
                size[anchor] = nodes - start + 1
        elif isinstance(ev, yaml.ScalarEvent):
            nodes += 1
            if ev.anchor is not None:
                size[ev.anchor] = 1
        elif isinstance(ev, yaml.AliasEvent):
            if ev.anchor not in size:
                if any(a == ev.anchor for a, _ in open_anchors):
                    raise InputError(f"{_line(ev.start_mark)}the alias *{ev.anchor} refers to itself")
                raise InputError(f"{_line(ev.start_mark)}the alias *{ev.anchor} names no anchor before it")
            nodes += size[ev.anchor]
            added += size[ev.anchor]
            if added > MAX_ALIAS_NODES:
                raise InputError(
                    f"{_line(ev.start_mark)}aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)")


def load_yaml(text: str) -> Any:
    """The document in ``text``; :class:`InputError` (with the line) for anything refused."""
    try:
        _prescan(text)
        doc = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    except RecursionError:  # not reached after the depth check; kept as a last guard
        raise InputError(f"malformed YAML (nested more than {MAX_DEPTH} levels deep)") from None
    check_tree(doc)
    return doc


# -- JSON ------------------------------------------------------------------------------


def _json_int(s: str) -> int:
    digits = len(s.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise ValueError(f"an integer of {digits} digits (at most {MAX_INT_DIGITS})")
    return int(s)


def _json_depth(text: str) -> tuple[int, int]:
    """(deepest nesting, line where it passes :data:`MAX_DEPTH`) of JSON text; strings skipped."""
    depth = deepest = 0
    # brackets outside strings: drop every string literal first (escapes included)
    stripped = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    for m in re.finditer(r"[\[\]{}]", stripped):
        if m.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return depth, stripped.count("\n", 0, m.start()) + 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest, 0


def load_json(text: str) -> Any:
    """The JSON document in ``text``; :class:`InputError` (with the line) for anything refused."""
    _, line = _json_depth(text)
    if line:
        raise InputError(f"line {line}: nested more than {MAX_DEPTH} levels deep")
    try:
        doc = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {exc.lineno}: malformed JSON ({exc.msg})") from None
    except ValueError as exc:
        raise InputError(f"malformed JSON ({_one_line(exc)})") from None
    except RecursionError:
        raise InputError(f"malformed JSON (nested more than {MAX_DEPTH} levels deep)") from None
    check_tree(doc)
    return doc


# -- the parsed tree ---------------------------------------------------------------------


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_tree(doc: Any) -> None:
    """Depth, lone surrogates and non-finite floats in a parsed document, by field path.

    Iterative (a stack, no recursion), so it is safe on whatever a parser returned.
    """
    stack: list[tuple[Any, str, int]] = [(doc, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"nested more than {MAX_DEPTH} levels deep", field=path or None)
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(k, str) and _has_surrogate(k):
                    raise InputError("a key holds a lone surrogate (not valid Unicode text)", field=path or None)
                stack.append((v, f"{path}.{k}" if path else str(k), depth + 1))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                stack.append((v, f"{path}[{i}]", depth + 1))
        elif isinstance(node, str):
            if _has_surrogate(node):
                raise InputError("holds a lone surrogate (not valid Unicode text)", field=path or None)
        elif isinstance(node, float):
            if not math.isfinite(node):
                raise InputError(f"{node!r} is not a finite number", field=path or None)
