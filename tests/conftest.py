"""Shared fixtures: the mini instrument, and helpers to write broken copies."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
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


# -- stores on both backends ----------------------------------------------------------------

from postgres import pg_server  # noqa: E402,F401  (the session's PostgreSQL server fixture)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def stores(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """``stores(name)``: the ``--db`` of a store on the test's backend (SQLite: ``name``.db
    in the test's folder; PostgreSQL: a fresh database per name)."""
    made: dict[str, str] = {}

    def get(name: str) -> str:
        if name not in made:
            if backend == "sqlite":
                made[name] = str(tmp_path / f"{name}.db")
            else:
                made[name] = request.getfixturevalue("pg_server").new_database()
        return made[name]

    return get


@pytest.fixture
def db(stores: Callable[[str], str]) -> str:
    """The ``--db`` of one store on the test's backend."""
    return stores("h")


def stored(db: str | Path) -> int:
    """How many assessments the store holds."""
    from amc_assess.store import Store

    with Store.open(db, create=False) as store:
        return store.count()
