"""Real file-system faults for tests: a read-only folder and a full disk, as small tmpfs mounts.

The tests run as root here, where ``chmod`` does not stop a write: a read-only folder has to
be a read-only mount. Where mounting is not allowed (not root, no tmpfs) the tests that
need one are skipped, saying why.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FILL_CHUNK = 4096


def _mount(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("a read-only folder or full disk needs a tmpfs mount, and that needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """``folder`` as an empty read-only file system."""
    _mount(folder, "ro,size=1m")
    try:
        yield folder
    finally:
        _unmount(folder)


@contextmanager
def full_folder(folder: Path, size: str = "256k") -> Iterator[Path]:
    """``folder`` on a small file system filled to the last byte (a ``filler`` file)."""
    _mount(folder, f"size={size}")
    try:
        fill(folder / "filler")
        yield folder
    finally:
        _unmount(folder)


def fill(path: Path) -> None:
    """Write ``path`` until the disk it is on is full."""
    with open(path, "wb", buffering=0) as handle:
        while True:
            try:
                handle.write(b"\0" * FILL_CHUNK)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
        for size in (512, 64, 1):  # the last partial page
            try:
                while handle.write(b"\0" * size):
                    pass
            except OSError:
                continue
