"""Compiled report templates, kept between runs in the user's cache folder.

Compiling the report's Jinja2 templates to Python code is a good part of a one-firm report's
time. Like Python's own ``__pycache__``, the compiled code is kept on disk, in
``<user cache>/amc-assess/templates`` (:mod:`amc_assess.cachedir`), and used
again while the template's text is the same: Jinja2 checks each entry against a checksum of
the source and its own version, so an edited template (bundled or from ``--template-dir``)
compiles afresh. The file names carry a digest of the environment's options, since the
compiled code depends on them. The first run compiles as before; a cache that cannot be read
or written (a read-only home, a corrupt entry) is skipped, never an error.
"""

from __future__ import annotations

import hashlib
from typing import Any

from jinja2.bccache import Bucket, FileSystemBytecodeCache

from amc_assess.cachedir import cache_dir, private_folder


class TemplateCache(FileSystemBytecodeCache):
    """Jinja2's file-system bytecode cache that never fails a render."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - unreadable or corrupt entry: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # read-only or full disk: the next run compiles again
            pass


def template_cache(options: dict[str, Any]) -> TemplateCache | None:
    """The cache for an environment described by ``options`` (its class, the options it was
    built with, its filters); None when there is no cache folder."""
    tag = options_tag(options)
    folder = private_folder(cache_dir() / "templates")  # compiled code: never from a shared one
    return None if folder is None else TemplateCache(str(folder), f"{tag}-%s.cache")


def options_tag(options: dict[str, Any]) -> str:
    """A short digest of an environment's ``options``: its compiled code depends on them."""
    return hashlib.sha1(
        repr(sorted((k, _describe(v)) for k, v in options.items())).encode(), usedforsecurity=False
    ).hexdigest()[:12]


def _describe(value: Any) -> str:
    """An option as text: functions and classes by their qualified names."""
    name = getattr(value, "__qualname__", None)
    return f"{getattr(value, '__module__', '')}.{name}" if name else repr(value)
