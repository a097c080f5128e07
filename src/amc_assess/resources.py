"""Locate the data folders bundled with the package (wheel or editable install)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import BaseLoader

DATA_FOLDERS = ("questionnaires", "rubrics", "report_templates", "examples")


def data_dir(name: str) -> Path:
    """Return the folder ``name`` shipped with amc-assess.

    In a wheel the folders live inside the package (hatchling force-include);
    in an editable install or a source checkout they sit at the repository root.
    """
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {DATA_FOLDERS}")
    packaged = Path(str(files("amc_assess"))) / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"data folder {name!r} not found in {packaged} or {checkout}")


def template_loader(template_dir: str | Path | None = None) -> BaseLoader:
    """Jinja2 loader: ``template_dir`` first (file by file), then the bundled templates."""
    from amc_assess.sandbox import loader  # lazy: jinja2 only to render templates

    return loader(template_dir, data_dir("report_templates"))


def default_questionnaire() -> Path:
    return data_dir("questionnaires") / "amc.yaml"


def default_rubric() -> Path:
    return data_dir("rubrics") / "amc.yaml"


def example(name: str) -> Path:
    return data_dir("examples") / name


def bundled(folder: str, value: str | None) -> str | None:
    """``value`` as given, or the bundled ``folder/<value>.yaml`` when ``value`` names one.

    Lets ``-q relationship_audit`` pick a bundled instrument without a checkout; a file that
    exists always wins (a folder of that name does not).
    """
    if value is None or Path(value).is_file() or any(c in value for c in "/\\."):
        return value
    candidate = data_dir(folder) / f"{value}.yaml"
    return str(candidate) if candidate.is_file() else value


def bundled_file(folder: str, name: str | None) -> Path | None:
    """The bundled ``folder/<name>.yaml`` when ``name`` names one (a plain name, no path)."""
    if not name or any(c in name for c in "/\\.") or name.startswith("-"):
        return None
    try:
        candidate = data_dir(folder) / f"{name}.yaml"
    except FileNotFoundError:
        return None
    return candidate if candidate.is_file() else None


def bundled_name(folder: str, path: str | Path | None) -> str | None:
    """The name ``-q``/``-r`` takes for ``path`` when it is a bundled file of ``folder``.

    None for any other file, so that a command printed for later use names a bundled
    instrument the same way wherever it is run (and a file of one's own by its absolute path).
    """
    if path is None:
        return None
    name = Path(path).stem
    found = bundled_file(folder, name)
    if found is None or Path(path).suffix != ".yaml":
        return None
    return name if Path(path).resolve() == found.resolve() else None
