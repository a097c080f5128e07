"""Locate the data folders bundled with the package (wheel or editable install)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

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


def default_questionnaire() -> Path:
    return data_dir("questionnaires") / "amc.yaml"


def default_rubric() -> Path:
    return data_dir("rubrics") / "amc.yaml"


def example(name: str) -> Path:
    return data_dir("examples") / name
