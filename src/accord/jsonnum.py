"""Numbers as accord's JSON documents write them."""

from __future__ import annotations

import math
from typing import Any


def json_number(x: Any, digits: int = 6) -> float | None:
    """``x`` rounded to ``digits`` decimals, or ``None`` where it is missing or not finite
    (JSON has no NaN or infinity, and documents must compare byte for byte)."""
    if x is None:
        return None
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None
