"""The bundled questionnaires and rubrics, parsed ahead: YAML read once, when they are made.

Every command that scores reads the bundled instrument; on a first run (an empty cache
folder, :mod:`amc_assess.instrument_cache`) most of that time is PyYAML's. The data each
bundled YAML file reads as ships in ``parsed/<sha256 of its text>.pickle``, so a file whose
text is exactly a bundled one (the bundled file itself, or a copy) is not parsed again:

* the entry is the data :func:`amc_assess.yamlio.read_data` builds (plain lists, mappings,
  text, numbers), pickled, so it does not depend on the pydantic or PyYAML version; the
  models still validate it as they validate any file;
* it is taken only while the YAML limits in force are at least the defaults, under which
  the file was read when the entry was made (a lower ``--limit`` reads it afresh);
* any other text, or a damaged entry, is parsed as before.

    python -m amc_assess.make_parsed

writes the entries again (:mod:`amc_assess.make_parsed`); run it after editing a bundled
instrument (tests/test_yaml_builder.py fails until then).
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from amc_assess import limits

FOLDER = Path(__file__).resolve().parent / "parsed"
YAML_LIMITS = ("yaml_nodes", "yaml_aliases", "depth", "digits")


def name_of(text: str) -> str:
    """The entry's file name for this text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() + ".pickle"


def lookup(text: str) -> tuple[bool, Any]:
    """``(True, data)`` where ``text`` is a bundled instrument's, else ``(False, None)``."""
    if any(limits.value(k) < limits.LIMITS[k].default for k in YAML_LIMITS):
        return False, None
    try:
        with open(FOLDER / name_of(text), "rb") as handle:
            entry = handle.read()
    except OSError:
        return False, None
    try:
        return True, pickle.loads(entry)  # noqa: S301 - a file of the package, as its code
    except Exception:  # noqa: BLE001 - a damaged entry: the file is parsed as before
        return False, None
