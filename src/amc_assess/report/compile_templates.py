"""Write :mod:`amc_assess.report.compiled`, the bundled report templates compiled ahead.

    python -m amc_assess.report.compile_templates

Run after changing a bundled template (tests/test_report_speed.py fails until then); see
:mod:`amc_assess.report.precompiled`.
"""

from __future__ import annotations

from amc_assess.report.precompiled import FOLDER, generate
from amc_assess.report.text import bundled_environment


def main() -> None:
    """Write one module per bundled report template, as the report's environment compiles it."""
    environment, folder, tag = bundled_environment()
    FOLDER.mkdir(exist_ok=True)
    files = generate(environment, folder, tag)
    for old in FOLDER.glob("*.py"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} modules to {FOLDER}")


if __name__ == "__main__":
    main()
