"""JSON text that every reader parses: a missing figure is ``null``, never ``NaN``.

Python's ``json`` writes a float NaN or infinity as the bare words ``NaN`` and ``Infinity``,
which JavaScript's ``JSON.parse``, jq and most other readers refuse. :func:`dumps` writes them
as ``null`` (a figure that could not be computed, such as a gap between two sides when one
side has no score) and refuses, rather than writes, anything else JSON cannot hold.
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float, at any depth, turned into None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps`` of :func:`finite` ``value`` (``allow_nan=False``: valid JSON only)."""
    return json.dumps(finite(value), allow_nan=False, **options)
