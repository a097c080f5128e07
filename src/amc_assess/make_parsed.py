"""Write :mod:`amc_assess.parsed_ahead`'s entries: the bundled questionnaires and rubrics,
parsed.

    python -m amc_assess.make_parsed

Run after editing a bundled instrument (tests/test_yaml_builder.py fails until then).
"""

from __future__ import annotations

import pickle

from amc_assess import limits, yamlio
from amc_assess.parsed_ahead import FOLDER, name_of
from amc_assess.resources import data_dir

INSTRUMENTS = ("questionnaires", "rubrics")


def entries() -> dict[str, bytes]:
    """Every bundled instrument's entry, by file name, as read now under the default limits."""
    out = {}
    with limits.defaults():
        for folder in INSTRUMENTS:
            for path in sorted(data_dir(folder).glob("*.yaml")):
                text = path.read_text(encoding="utf-8-sig")
                out[name_of(text)] = pickle.dumps(yamlio.parse_yaml(text, str(path)), protocol=5)
    return out


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
