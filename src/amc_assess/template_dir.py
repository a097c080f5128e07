"""What ``--template-dir`` holds that the report does not read: a file that names no bundled
template (``report_sumary.j2``), a label of ``report_labels.j2`` that no table uses."""

from __future__ import annotations

from pathlib import Path

from amc_assess.names import shown
from amc_assess.resources import data_dir


def unused_templates(template_dir: str | None) -> list[str]:
    """A warning per ``.j2`` file of ``template_dir`` that names no bundled template (a typo
    such as ``report_sumary.j2`` would leave the bundled wording in place without a word)."""
    if not template_dir:
        return []
    import difflib  # lazy: only with --template-dir, a rare option

    known = sorted(p.name for p in data_dir("report_templates").glob("*.j2"))
    out = []
    for path in sorted(Path(template_dir).glob("*.j2")):
        if path.name not in known:
            near = difflib.get_close_matches(path.name, known, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            out.append(f"warning: {shown(path)}: not a template amc reads{hint}; the bundled "
                       "templates are used")  # fmt: skip
    return out + _unknown_labels(Path(template_dir) / "report_labels.j2")


def _unknown_labels(path: Path) -> list[str]:
    """A warning per label of an overriding ``report_labels.j2`` that the report does not
    use (a misspelt key was taken without a word, its bundled wording kept)."""
    if not path.is_file():
        return []
    import difflib  # lazy: only with --template-dir

    from amc_assess.report.text import label_lines  # lazy: the report package

    bundled = label_lines((data_dir("report_templates") / "report_labels.j2").read_text("utf-8"))
    given = label_lines(path.read_text(encoding="utf-8"))
    out = []
    for key in given:
        if key not in bundled:
            near = difflib.get_close_matches(key, list(bundled), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            out.append(f"warning: {shown(path)}: label {key!r} is not one the report uses{hint}; "
                       "it is left unused")  # fmt: skip
    return out
