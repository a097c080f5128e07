"""Faults of files and of the machine, as one line a person reads.

Every error that is not a problem with the input's content (those are
:class:`~amc_assess.problems.InvalidInput`) ends here: an OS error (read-only folder, full
disk, missing file, a directory where a file was expected), SQLite, Arrow, openpyxl, Pillow
and YAML errors, running out of memory. :func:`describe` turns one into
``path: cannot write: the disk is full``: the user's own path (never a temporary name), the
cause in words, no exception class names. The CLI prints that line and exits 1; ``--debug``
shows the traceback instead.

Exceptions are recognised by their class names along the MRO, so nothing heavy (pyarrow,
openpyxl, PIL) is imported to describe one.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from amc_assess.names import shown

STORE_CHECK = "run `amc history check`"

_CAUSES = {
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is too large for its file system",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOENT: "no such file",
    errno.EEXIST: "already exists",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EIO: "an input/output error (the disk or its connection failed)",
    errno.EMFILE: "too many open files",
    errno.ENFILE: "too many open files",
    errno.EBUSY: "the file is busy",
    errno.ETXTBSY: "the file is busy",
    errno.ENXIO: "no such device",
    errno.ENODEV: "no such device",
    errno.ESTALE: "the network file is stale: open the folder again",
    errno.ENOMEM: "out of memory",
    errno.EINVAL: "not a valid file name here",
}
# errors a read never gives: these say "cannot write"
_WRITING = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class Fault(Exception):
    """A file could not be read or written: the user's path, what was done, and why."""

    def __init__(self, path: str | Path, cause: BaseException, action: str = "") -> None:
        self.path = Path(path)
        self.cause = cause
        self.action = action  # "read", "write" or "" (the cause says it)
        super().__init__(describe(cause, path, action))

    def __reduce__(self) -> tuple[type[Fault], tuple[Path, BaseException, str]]:
        return (Fault, (self.path, self.cause, self.action))  # from a worker process, whole


def _names(exc: BaseException) -> set[str]:
    """``module.Class`` and ``Class`` of every class of ``exc`` (pyarrow.lib.ArrowInvalid)."""
    out = set()
    for cls in type(exc).__mro__:
        out |= {cls.__name__, f"{cls.__module__}.{cls.__name__}"}
    return out


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else ""


def not_utf8(exc: UnicodeDecodeError) -> str:
    """Where a file stops being UTF-8, by line and column, and what to do."""
    data = bytes(exc.object)
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    byte = data[exc.start : exc.start + 1].hex().upper()
    return (
        f"line {line}, column {column}: not UTF-8 text (byte 0x{byte}; saved as Latin-1 or "
        "Windows-1252?): save the file as UTF-8"
    )


def cause(exc: BaseException) -> str:
    """The cause of ``exc`` in words, without a path or class name."""
    if isinstance(exc, Fault):
        return cause(exc.cause)
    names = _names(exc)
    if isinstance(exc, OSError) and exc.errno in _CAUSES:
        return _CAUSES[exc.errno]
    if isinstance(exc, MemoryError) or "ArrowMemoryError" in names:
        return "out of memory"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    if isinstance(exc, UnicodeDecodeError):
        return not_utf8(exc)
    if "DecompressionBombError" in names:
        return "the image has too many pixels"
    if "UnidentifiedImageError" in names:
        return "not an image file (PNG or JPEG expected)"
    if names & {"BadZipFile", "InvalidFileException"}:
        return "not an XLSX workbook, or a damaged one"
    if "YAMLError" in names:
        return yaml_problem(exc)
    if "ArrowInvalid" in names or "ArrowException" in names:
        return f"cannot be read as a table: {_first_line(exc)}"
    if "sqlite3.Error" in names:
        return _sqlite_cause(exc)
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return "a number with too many digits"
    if isinstance(exc, OSError):
        return exc.strerror.lower() if exc.strerror else _first_line(exc) or "a system error"
    return _first_line(exc) or "an unexpected failure"


def _sqlite_cause(exc: BaseException) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "the database is busy (another amc command is writing to it): try again"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only"
    if "unable to open" in text:
        return "cannot open the database file (does its folder exist, can it be written?)"
    if "disk is full" in text or "database or disk is full" in text:
        return "the disk is full"
    if "disk i/o" in text:
        return "an input/output error (the disk or its connection failed)"
    if "not a database" in text:
        return "not an amc database (not a SQLite file)"
    return f"the database file is damaged: {STORE_CHECK}"


def describe(exc: BaseException, path: str | Path | None = None, action: str = "") -> str:
    """``path: cannot write: the disk is full``: one line for any fault.

    ``path`` defaults to the file the exception names (an OS error's ``filename``);
    ``action`` (read, write) is said when given, or when only a write can cause it."""
    if isinstance(exc, Fault):
        return describe(exc.cause, exc.path, exc.action)
    if path is None and isinstance(exc, OSError) and exc.filename is not None:
        path = os.fsdecode(exc.filename)
    if not action and isinstance(exc, OSError) and exc.errno in _WRITING:
        action = "write"
    words = cause(exc)
    head = [shown(path)] if path is not None else []
    if action:
        head.append(f"cannot {action}")
    return ": ".join([*head, words])


def known(exc: BaseException) -> bool:
    """True when ``exc`` is a fault this module describes in words (not a program error)."""
    names = _names(exc)
    return isinstance(exc, Fault | OSError | MemoryError | RecursionError) or bool(
        names
        & {
            "sqlite3.Error", "ArrowException", "YAMLError", "BadZipFile", "InvalidFileException",
            "UnidentifiedImageError", "DecompressionBombError", "UnicodeDecodeError",
        }
    ) or (isinstance(exc, ValueError) and "integer string conversion" in str(exc))  # fmt: skip


_OPENED = {  # a quote or bracket left open, in a user's words
    "quoted scalar": "a quote",
    "flow sequence": "a '[' list",
    "flow mapping": "a '{' mapping",
}


def yaml_problem(exc: BaseException, text: str = "") -> str:
    """``line N: invalid YAML: ...``; a quote or bracket left open is named at the line that
    opens it (PyYAML finds the fault where the scan gives up, often lines later): where its
    scan ran on, or where an earlier line of ``text`` opens a double quote it does not close
    (a quoted value may span lines, so PyYAML reads on to the next quote)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or _first_line(exc)
    opened, context = getattr(exc, "context_mark", None), getattr(exc, "context", None) or ""
    what = next((words for w, words in _OPENED.items() if w in context), None)
    if what and opened is not None and mark is not None and opened.line != mark.line:
        return (
            f"line {opened.line + 1}: invalid YAML: {what} opens here and is not closed "
            f"({problem} at line {mark.line + 1})"
        )
    if "simple key" in context and opened is not None and mark is not None:
        return (  # PyYAML names the line after the key that lacks its colon
            f"line {opened.line + 1}: invalid YAML: a key without its ':' ({problem} at line "
            f"{mark.line + 1})"
        )
    if mark is not None and "mapping values are not allowed" in problem:
        before = _no_colon_above(text, mark.line)
        if before is not None:
            return (
                f"line {before + 1}: invalid YAML: a key without its ':', which the next line's "
                f"':' then trips over ({problem} at line {mark.line + 1})"
            )
    if mark is not None and (odd := _odd_quote(text, mark.line)) is not None:
        return (
            f"line {odd + 1}: invalid YAML: a quote opens here and is not closed on its line, so "
            f"the value runs on to the next quote ({problem} at line {mark.line + 1})"
        )
    where = f"line {mark.line + 1}: " if mark is not None else ""
    return f"{where}invalid YAML: {problem}"


def _no_colon_above(text: str, line: int) -> int | None:
    """The line (0-based) above ``line`` when it is a plain ``key value`` with no colon at the
    same indentation: its missing ':' made the two lines one value."""
    lines = text.splitlines()
    if not 0 < line < len(lines):
        return None
    here = lines[line]
    k = line - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k < 0:
        return None
    above = lines[k]
    indent = len(above) - len(above.lstrip())
    same = indent == len(here) - len(here.lstrip())
    plain = above.strip()
    if same and ":" not in plain and not plain.startswith(("#", "-", '"', "'")) and " " in plain:
        return k
    return None


def _odd_quote(text: str, before: int) -> int | None:
    """The first line (0-based) before line ``before`` with an odd number of double quotes
    outside comments: a quoted value opened there and closed lines later, if ever."""
    for k, line in enumerate(text.splitlines()[:before]):
        body = line.replace('\\"', "")
        if "#" in body and body.count('"', 0, body.index("#")) % 2 == 0:
            body = body[: body.index("#")]
        if body.count('"') % 2:
            return k
    return None
