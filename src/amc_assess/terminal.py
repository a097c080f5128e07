"""Text that reaches a terminal: control characters shown escaped, never sent raw.

A firm or respondent name typed into a response file or a survey export could carry an ESC
or OSC sequence (recolouring the terminal, setting its title, forging a hyperlink) or a line
break that forges an output line. :func:`printable` escapes every control character of a
single-line value (``\\x1b``, ``\\n``); :func:`printable_lines` does the same for a block of
output lines, keeping its own line breaks. Characters from U+0080 on are written ``\\u009b``,
a form that is also a valid JSON escape, so JSON output stays parseable.

:func:`single_line_problem` is the input side: why a name cannot be accepted (blank, a line
break, a control character), or None.

The module imports nothing of its own (any module may use it, ``amc --help`` stays light).
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 and DEL, C1, line and paragraph separators, and the bidirectional-text controls that
# reorder what a terminal shows ("Trojan source").
_WIDE = "\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ANY = re.compile(f"[\x00-\x1f{_WIDE}]")
CONTROL = _ANY  # any character a name may not hold
_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_WIDE}]")  # keeps tab and line feed


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """One line of user text with every control character escaped (``\\x1b``, ``\\n``)."""
    return _ANY.sub(_escape, text) if _ANY.search(text) else text


def printable_lines(text: str) -> str:
    """Lines of output with every control character escaped except the line breaks and tabs."""
    return _BUT_LINES.sub(_escape, text) if _BUT_LINES.search(text) else text


def single_line_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name (firm, respondent, role): blank, or a line break or
    control character in it; None when it is fine."""
    if not value.strip():
        return "is blank: type a name"
    found = _ANY.search(value)
    if found is None:
        return None
    char = found.group()
    what = "a line break" if char in "\n\r\u2028\u2029" else "a control character"
    return f"holds {what} ({_escape(found)}): a name is one line of plain text"
