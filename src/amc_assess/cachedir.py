"""The user's cache folder for code amc-assess compiles (C kernels, report templates).

``$AMC_CACHE_DIR``, else the platform's user cache folder (``$XDG_CACHE_HOME/amc-assess``,
``~/.cache/amc-assess`` on Linux). Code is kept and loaded only in folders that are
:func:`private`: owned by the user and writable by nobody else, so that nothing another user
planted there is ever run.
"""

from __future__ import annotations

import os
from pathlib import Path

UID = getattr(os, "getuid", lambda: 0)()


def cache_dir() -> Path:
    """Where compiled code is kept."""
    given = os.environ.get("AMC_CACHE_DIR")
    if given:
        return Path(given)
    import platformdirs  # lazy: only where compiled code is kept or loaded

    return platformdirs.user_cache_path("amc-assess", appauthor=False)


def private(folder: Path) -> bool:
    """Whether ``folder`` is the user's own and nobody else can write in it."""
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == UID and not info.st_mode & 0o022


def private_folder(folder: Path) -> Path | None:
    """``folder``, made (mode 0700) where missing, if it is :func:`private`; else None."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if private(folder) else None
