"""Shared fixtures: the mini instrument, and helpers to write broken copies."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
REPO = Path(__file__).resolve().parents[1]


def read_yaml(path: Path) -> Any:
    from amc_assess.yamlio import read_data

    return read_data(path)


@pytest.fixture
def mini_q() -> dict:
    return copy.deepcopy(read_yaml(MINI / "questionnaire.yaml"))


@pytest.fixture
def mini_r() -> dict:
    return copy.deepcopy(read_yaml(MINI / "rubric.yaml"))


@pytest.fixture
def mini_pair():
    from amc_assess.validation import load_pair

    return load_pair(MINI / "questionnaire.yaml", MINI / "rubric.yaml")


@pytest.fixture
def write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write data as YAML under tmp_path (which becomes the working folder); return the name."""
    monkeypatch.chdir(tmp_path)

    def _write(name: str, data: Any) -> str:
        (tmp_path / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return name

    return _write


def outline_titles(reader) -> list[str]:
    """Every bookmark title of a PDF (pypdf reader), nested ones included, in order."""

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(reader.outline))


def invoke(*args: object):
    """Run the amc CLI in-process with these arguments (paths as text); exceptions propagate."""
    from click.testing import CliRunner

    from amc_assess.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def answer_column(result, name: str) -> list[object]:
    """A batch result's ingested answers of one column, None where empty."""
    return [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else v
        for v in result.ingested.answers[name].tolist()
    ]
