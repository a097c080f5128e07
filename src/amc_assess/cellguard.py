"""The CSV-injection guard for text cells (OWASP), light to import: no pandas, no numpy.

:mod:`amc_assess.writers` guards whole frames with the same rule; ``amc network`` writes its
CSV with the csv module and needs only this."""

from __future__ import annotations

import re

TRIGGER = re.compile(r"^[=+\-@\t\r]")


def guard_cell(value: str) -> str:
    """Neutralise a text cell a spreadsheet would run as a formula (OWASP)."""
    return "'" + value if TRIGGER.match(value) else value


__all__ = ["TRIGGER", "guard_cell"]
