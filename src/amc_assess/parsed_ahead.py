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

    python -m amc_assess.parsed_ahead

writes the entries again; run it after editing a bundled instrument (tests/test_yaml_builder.py
fails until then).
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from amc_assess import limits

FOLDER = Path(__file__).resolve().parent / "parsed"
YAML_LIMITS = ("yaml_nodes", "yaml_aliases", "depth", "digits")
INSTRUMENTS = ("questionnaires", "rubrics")


def name_of(text: str) -> str:
    """The entry's file name for this text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() + ".pickle"


def lookup(text: str) -> tuple[bool, Any]:
    """``(True, data)`` where ``text`` is a bundled instrument's, else ``(False, None)``."""
    try:
        with open(FOLDER / name_of(text), "rb") as handle:
            entry = handle.read()
    except OSError:
        return False, None
    if any(limits.value(k) < limits.LIMITS[k].default for k in YAML_LIMITS):
        return False, None
    try:
        return True, pickle.loads(entry)  # noqa: S301 - a file of the package, as its code
    except Exception:  # noqa: BLE001 - a damaged entry: the file is parsed as before
        return False, None


def entries() -> dict[str, bytes]:
    """Every bundled instrument's entry, by file name, as read now under the default limits."""
    from amc_assess import yamlio  # lazy: yamlio imports this module
    from amc_assess.resources import data_dir  # lazy: only to write the entries

    saved = dict(limits._options)
    limits._options.clear()  # the defaults, whatever AMC_LIMITS says
    limits._options.update({k: limits.LIMITS[k].default for k in limits.LIMITS})
    try:
        out = {}
        for folder in INSTRUMENTS:
            for path in sorted(data_dir(folder).glob("*.yaml")):
                text = path.read_text(encoding="utf-8-sig")
                out[name_of(text)] = pickle.dumps(yamlio.parse_yaml(text, str(path)), protocol=5)
        return out
    finally:
        limits._options.clear()
        limits._options.update(saved)


def main() -> None:
    """Write the entries, and remove those of instruments no longer bundled."""
    FOLDER.mkdir(exist_ok=True)
    made = entries()
    for old in FOLDER.glob("*.pickle"):
        if old.name not in made:
            old.unlink()
    for name, data in made.items():
        (FOLDER / name).write_bytes(data)
    print(f"wrote {len(made)} entries to {FOLDER}")


if __name__ == "__main__":
    main()
