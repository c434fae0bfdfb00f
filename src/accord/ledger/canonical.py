"""Canonical JSON: the one text of a document that the ledger hashes.

* keys sorted, no whitespace (``separators=(",", ":")``), ASCII only (``\\uXXXX`` escapes);
* numbers: an integer, or a float that is a whole number below 2**53, is written as an
  integer (``75``, not ``75.0``); any other float in Python's shortest round-trip form
  (``repr``, so the same double is always the same text); NaN and infinity are refused.
  Computed figures (forecasts, quantiles, scores) are rounded to 6 decimals before they
  enter an entry (:func:`accord.jsonnum.json_number`), so a last-bit difference between
  machines does not change a hash; scenario inputs are kept exactly as given;
* booleans and null as JSON has them.

Parsing canonical text and writing it again gives the same text, so an entry read back
from ``ledger.jsonl`` or SQLite hashes to what it hashed to when it was written.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
from typing import Any

#: the hash of "no previous entry", the first entry's ``prev``
GENESIS = "0" * 64


def normalise(obj: Any, where: str = "") -> Any:
    """``obj`` with every number in its canonical form (tuples become lists)."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, numbers.Integral):
        return int(obj)
    if isinstance(obj, numbers.Real):
        x = float(obj)
        if not math.isfinite(x):
            raise ValueError(f"{where or 'value'}: {x} is not a finite number")
        if x.is_integer() and abs(x) < 2**53:
            return int(x)
        return x
    if isinstance(obj, dict):
        return {str(k): normalise(v, f"{where}.{k}") for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [normalise(v, f"{where}[{i}]") for i, v in enumerate(obj)]
    raise TypeError(f"{where or 'value'}: {type(obj).__name__} has no canonical JSON form")


def canonical(obj: Any) -> str:
    """The canonical JSON text of ``obj`` (see the module doc)."""
    return json.dumps(normalise(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(obj: Any) -> str:
    """sha256 (hex) of the canonical JSON of ``obj``."""
    return sha256_text(canonical(obj))
