"""The one way amc writes a file: whole or not at all, never through a link.

:func:`write_file` creates a temporary file beside the target with an unpredictable name
(``O_CREAT | O_EXCL | O_NOFOLLOW``, so a file or symlink planted at a guessable name is never
opened), lets the caller write into it, flushes, ``fsync``\\ s, checks that the file on disk
holds every byte written, then renames it over the target. The rename replaces a symlink at
the target instead of writing through it. On any failure the temporary file is removed, the
target is left as it was, and an OS error becomes a :class:`~amc_assess.faults.Fault` naming
the user's path (never the temporary name). A process killed half-way leaves at most a
hidden ``.<name>.<random>.tmp`` file, never a truncated file under the final name.

A stream is the exception (:func:`is_stream`): a character device or named pipe given as the
path itself (``-o /dev/null``), or a process's own stream (``/dev/stdout``, ``/dev/fd/N``,
``/proc/self/fd/N``). It is written into as it is, never renamed over: the rename would put a
regular file in place of the device or pipe (as root, in place of ``/dev/null``).
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from amc_assess.deferred_interrupt import held
from amc_assess.faults import Fault

if TYPE_CHECKING:
    from typing_extensions import Buffer

_PREFIX_CHARS = 100  # of the target's name in the temporary name (name length limits)
_OWN_STREAMS = re.compile(r"/dev/(?:stdout|stderr|fd/\d+)|/proc/(?:self|\d+)/fd/\d+")


def is_stream(path: str | Path) -> bool:
    """True for a character device or named pipe (the path itself, not through a link), and
    for a process's own stream paths (``/dev/stdout``, ``/dev/fd/1``): written into, not
    replaced."""
    if _OWN_STREAMS.fullmatch(os.path.abspath(path)):
        return True
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


Writer = Callable[[BinaryIO], object]
Job = tuple[Path, Writer]  # a file to write and what writes it


def write_file(path: str | Path, write: Writer, durable: bool = True) -> Path:
    """Write ``path`` atomically: ``write`` receives the binary handle of the temporary file.

    ``durable=False`` skips the two ``fsync`` calls (about 10 ms, at times 40): for a cache
    entry, which a crash may lose but never leaves half-written under its name."""
    return write_files([(Path(path), write)], durable=durable)[0]


def write_files(
    jobs: Sequence[Job], remove: Sequence[Path] = (), durable: bool = True
) -> list[Path]:
    """Write several files as a set: every one goes to its temporary file first, and only
    when all are whole are they renamed over their targets (and ``remove``\\ d files, such as
    a stale errors file, deleted). A failure or an interrupt while writing leaves every
    target as it was; the renames themselves are not interrupted by Ctrl-C."""
    staged: list[tuple[Path, str]] = []
    try:
        for path, write in jobs:
            if is_stream(path):
                _write_stream(path, write)
            else:
                staged.append((path, _stage(path, write, durable)))
    except BaseException:
        for _, tmp in staged:
            with suppress(OSError):
                os.unlink(tmp)
        raise
    held(lambda: _commit(staged, remove, durable))
    return [path for path, _ in jobs]


def _stage(path: Path, write: Writer, durable: bool) -> str:
    """Write a temporary file beside ``path`` and check it; return its name."""
    folder = path.parent
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where a folder of the path should be
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
        if path.is_dir() and not path.is_symlink():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name[:_PREFIX_CHARS]}.", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise Fault(path, exc, "write") from exc
    try:
        raw = _Counted(fd, "wb")
        with io.BufferedWriter(raw) as handle:
            write(handle)
            handle.flush()
            if durable:
                os.fsync(raw.fileno())
            on_disk = os.fstat(raw.fileno()).st_size
        if on_disk != raw.end:
            raise OSError(errno.EIO, f"{on_disk} of {raw.end} bytes reached the disk")
        os.chmod(tmp, _mode_for(path))
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise Fault(path, exc, "write") from exc
        raise
    return tmp


def _commit(staged: list[tuple[Path, str]], remove: Sequence[Path], durable: bool) -> None:
    """Rename the staged files over their targets, then delete ``remove``. A rename that
    fails (a target turned into a folder meanwhile) leaves the files not yet renamed."""
    folders: dict[Path, None] = {}
    for k, (path, tmp) in enumerate(staged):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            for _, left in staged[k:]:
                with suppress(OSError):
                    os.unlink(left)
            raise Fault(path, exc, "write") from exc
        folders[path.parent] = None
    for path in remove:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise Fault(path, exc, "remove") from exc
        folders[path.parent] = None
    if durable:
        for folder in folders:
            _sync_folder(folder)


def _write_stream(path: Path, write: Writer) -> Path:
    """Write into a device or pipe as it is (no temporary file, rename or fsync)."""
    try:
        with open(path, "wb") as handle:
            write(handle)
    except OSError as exc:
        raise Fault(path, exc, "write") from exc
    return path


class _Counted(io.FileIO):
    """The temporary file; ``end`` is the furthest byte the writer was told was written."""

    end = 0

    def write(self, data: Buffer) -> int:
        count: int = super().write(data)
        self.end = max(self.end, self.tell())
        return count


def write_bytes(path: str | Path, data: bytes, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically (``durable``: as :func:`write_file`)."""

    def put(handle: BinaryIO) -> None:
        handle.write(data)

    return write_file(path, put, durable)


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically (line ends as given)."""
    return write_bytes(path, text.encode("utf-8"))


def save_workbook(book: Any, handle: BinaryIO) -> None:
    """Save an openpyxl workbook into ``handle`` (a :func:`write_file` callback). On failure
    its zip archive and sheet writers are dropped quietly: left open they would fail again
    when garbage-collected and print "Exception ignored" tracebacks."""
    import datetime as dt  # lazy: only to save a workbook
    from zipfile import ZIP_DEFLATED, ZipFile  # lazy: only to save a workbook

    from openpyxl.writer.excel import ExcelWriter  # lazy: openpyxl only for .xlsx output

    if book.write_only and not book.worksheets:
        book.create_sheet()
    book.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    archive = ZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        for sheet in book.worksheets:
            rows = getattr(sheet, "_rows", None)  # a write-only sheet's row writer
            if rows is not None:
                with suppress(Exception):
                    rows.close()
                sheet._rows = None
        with suppress(Exception):
            archive.close()
        archive.fp = None  # closed or not, it never writes again
        raise


def close_workbook(book: Any) -> None:
    """Close an XlsxWriter workbook (which writes it out). On failure the zip archive it had
    open is dropped quietly, as in :func:`save_workbook`: its handle is closed by then, and
    the archive, closed again when garbage-collected, would print "Exception ignored"."""
    from zipfile import ZipFile  # lazy: only to close a workbook

    try:
        book.close()
    except BaseException as exc:
        seen: BaseException | None = exc
        while seen is not None:  # the OSError inside XlsxWriter's own error holds the archive
            frames = seen.__traceback__
            while frames is not None:
                for value in list(frames.tb_frame.f_locals.values()):
                    if isinstance(value, ZipFile):
                        value.fp = None  # it never writes again
                frames = frames.tb_next
            seen = seen.__context__
        raise


def _mode_for(path: Path) -> int:
    """An existing regular file keeps its mode; a new file (or one replacing a symlink) gets
    0o666 less the umask (mkstemp creates 0o600)."""
    with suppress(OSError):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            return info.st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is synced
    finally:
        os.close(fd)
