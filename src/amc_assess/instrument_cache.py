"""Checked instruments kept between runs, as Python keeps bytecode.

A questionnaire and rubric that loaded and cross-checked without a problem are pickled into
the user's cache folder (:mod:`amc_assess.cachedir`, subfolder ``instruments``). The key is
both files' paths and bytes, the limits in force, the Python and pydantic versions and the
source of every module that reads or checks them, so a changed file, limit or program is
read and checked afresh. Only clean pairs are kept: a file with problems is reported from
its source every time. Entries are kept only in a folder nobody else can write (a pickle
could run code), written atomically, and the oldest are removed beyond :data:`KEEP`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from amc_assess import cachedir, limits
from amc_assess.models import Questionnaire, Rubric

KEEP = 32  # entries; a rubric being edited adds one per version
_PACKAGE = Path(__file__).resolve().parent
_CODE = ("models", "loading.py", "validation.py", "yamlio.py", "limits.py", "problems.py",
         "instrument_cache.py")  # fmt: skip
_digest: bytes | None = None


def _code() -> bytes:
    """What identifies the program that reads and checks instruments."""
    global _digest
    if _digest is None:
        import pydantic  # lazy: already imported by the models

        h = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}".encode())
        for name in _CODE:
            path = _PACKAGE / name
            for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
                h.update(source.name.encode() + b"\0" + source.read_bytes())
        _digest = h.digest()
    return _digest


def key(qpath: str | Path, rpath: str | Path) -> str | None:
    """The entry's name for this pair now (None where a file cannot be read or is over the
    size limit: the loader reports it)."""
    h = hashlib.sha256(_code())
    most = limits.value("file_mb") * limits.MB
    try:
        for path in (Path(qpath), Path(rpath)):
            if path.stat().st_size > most:  # the loader refuses it unread: so does the key
                return None
            data = path.read_bytes()
            h.update(f"{path.resolve()}\0{len(data)}\0".encode() + data)
    except OSError:
        return None
    h.update(repr(sorted((name, limits.value(name)) for name in limits.LIMITS)).encode())
    return h.hexdigest()[:40]


def _folder() -> Path | None:
    try:
        root = cachedir.private_folder(cachedir.cache_dir())  # made 0700 where missing
        return cachedir.private_folder(root / "instruments") if root is not None else None
    except OSError:
        return None


def get(name: str | None) -> tuple[Questionnaire, Rubric] | None:
    """The kept pair ``name``, or None (none kept, or not loadable)."""
    folder = _folder() if name else None
    if folder is None:
        return None
    path = folder / f"{name}.pickle"
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_uid != cachedir.UID or info.st_mode & 0o022:
                return None
            found = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):  # fmt: skip
        return None
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Questionnaire)
            and isinstance(found[1], Rubric)):  # fmt: skip
        return None
    return found[0], found[1]


def put(name: str | None, pair: tuple[Questionnaire, Rubric]) -> None:
    """Keep ``pair`` as ``name``; a folder that cannot be written keeps nothing."""
    folder = _folder() if name else None
    if folder is None:
        return
    from amc_assess.atomic import write_bytes  # lazy: only when an entry is written

    try:
        entry = pickle.dumps(pair, protocol=5)  # a crash loses it at most: not synced
        write_bytes(folder / f"{name}.pickle", entry, durable=False)
        kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
