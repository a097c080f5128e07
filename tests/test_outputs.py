"""Inputs are never outputs; writes never follow links; nothing half-written (issue 17, 3-4).

Each way an output could land on an input is refused with one line and exit 2, and every
input is byte-identical afterwards (sha256). Every file goes through one atomic writer: a
symlink planted where an output or a temporary file goes is replaced, never written through.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from amc_assess.atomic import write_bytes, write_file
from amc_assess.faults import Fault
from conftest import REPO, invoke
from test_network import KEY_CONTACT, seed001_ties, write_ties

MID = REPO / "examples" / "mid_maturity.yaml"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "env.db"))
    shutil.copy(MID, tmp_path / "m.yaml")
    assert invoke("score", "m.yaml", "-f", "json").exit_code == 0
    (tmp_path / "s.json").write_text(invoke("score", "m.yaml", "-f", "json").stdout)
    assert invoke("batch", "m.yaml", "--out", "a.csv").exit_code == 0
    write_ties(tmp_path / "t.csv", seed001_ties(), keys={KEY_CONTACT})
    assert invoke("history", "add", "m.yaml", "--db", "h.db").exit_code == 0
    return tmp_path


# arguments -> the one line (exit 2)
CLASHES = {
    "report record over a score JSON": (
        ["report", "s.json", "--out", "s.pdf"],
        "s.json: is an input file: its JSON record would overwrite it; write it under another name",
    ),
    "report over its response file": (
        ["report", "m.yaml", "--out", "m.yaml"],  # a report is a .pdf: refused before any clash
        "Error: Invalid value for --out: m.yaml: the report is a PDF; name it .pdf",
    ),
    "report --out x.json": (
        ["report", "m.yaml", "--out", "x.json"],
        "Error: Invalid value for --out: x.json: the report is a PDF; name it .pdf",
    ),
    "report over its brand file": (
        ["report", "m.yaml", "--brand", "b.yaml", "--out", "b.yaml"],
        "Error: Invalid value for --out: b.yaml: the report is a PDF; name it .pdf",
    ),
    "report --batch record over a response": (
        ["report", "--batch", "lumora-medical-inc-fictional.json", "--out-dir", "."],
        "lumora-medical-inc-fictional.json: is an input file: its JSON record would overwrite "
        "it; write it under another name",
    ),
    "batch over its input": (
        ["batch", "a.csv", "--out", "a.csv"],
        "a.csv: is an input file: the --out table would overwrite it; write it under another name",
    ),
    "batch errors file over its input": (
        ["batch", "m.yaml", "--out", "o.csv", "--errors", "m.yaml"],
        "m.yaml: is an input file: the errors file would overwrite it; write it under another name",
    ),
    "batch <out>.errors.csv over an input": (
        ["batch", "o.errors.csv", "--out", "o.csv"],
        "o.errors.csv: is an input file: the errors file would overwrite it; write it under "
        "another name",
    ),
    "batch group table over an input": (
        ["batch", "m.yaml", "o.groups.csv", "--out", "o.csv", "-g", "firm"],
        "o.groups.csv: is an input file: the groups table would overwrite it; write it under "
        "another name",
    ),
    "batch over its codebook": (
        ["batch", "m.yaml", "--dictionary", "q.csv", "--out", "q.csv"],
        "q.csv: is an input file: the --out table would overwrite it; write it under another name",
    ),
    "network over its ties": (
        ["network", "t.csv", "--out", "t.csv"],
        "t.csv: is an input file: the --out file would overwrite it; write it under another name",
    ),
    "history export over the store": (
        ["history", "export", "--db", "store.csv", "--out", "store.csv"],
        "store.csv: is an input file: the --out table would overwrite it; write it under another "
        "name",
    ),
    "history export beside the store": (
        ["history", "export", "--db", "h.db", "--out", "h.db.csv"],
        None,  # not a clash: another file (the control case)
    ),
    "history add into a response file": (
        ["history", "add", "m.yaml", "--db", "m.yaml"],
        "m.yaml: is an input file: the --db store would overwrite it; write it under another name",
    ),
    "template over its questionnaire": (
        ["template", "-q", "q.csv", "-o", "q.csv"],
        "q.csv: is an input file: the --out sheet would overwrite it; write it under another name",
    ),
}


@pytest.mark.parametrize("case", list(CLASHES))
def test_an_output_over_an_input_is_refused_and_inputs_stay_byte_identical(
    here: Path, case: str
) -> None:
    shutil.copy(here / "a.csv", here / "o.errors.csv")
    shutil.copy(here / "a.csv", here / "o.groups.csv")
    shutil.copy(here / "a.csv", here / "q.csv")
    data = yaml.safe_load((here / "m.yaml").read_text(encoding="utf-8"))
    (here / "lumora-medical-inc-fictional.json").write_text(json.dumps(data, default=str))
    (here / "b.yaml").write_text("colors:\n  primary: '#123456'\n")
    shutil.copy(here / "h.db", here / "store.csv")
    before = {p.name: sha(p) for p in here.iterdir() if p.is_file()}
    args, expected = CLASHES[case]
    result = invoke(*args)
    after = {p.name: sha(p) for p in here.iterdir() if p.is_file() and p.name in before}
    assert after == before
    if expected is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert result.stderr == expected + "\n"
    assert {p.name for p in here.iterdir()} == set(before)  # nothing new was written


def test_an_output_through_a_symlink_to_an_input_is_refused(here: Path) -> None:
    (here / "link.csv").symlink_to(here / "a.csv")
    before = sha(here / "a.csv")
    result = invoke("batch", "a.csv", "--out", "link.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "link.csv: is an input file (as a.csv): the --out table would overwrite it; write it "
        "under another name\n"
    )
    assert sha(here / "a.csv") == before and (here / "link.csv").is_symlink()


# -- one atomic writer --------------------------------------------------------------------


def test_a_symlink_planted_at_the_errors_file_is_replaced_not_written_through(
    here: Path,
) -> None:
    victim = here / "victim.txt"
    victim.write_text("precious\n")
    text = (here / "m.yaml").read_text(encoding="utf-8")
    bad = re.sub(r"(?m)^  str_strategy_link: .*$", "  str_strategy_link: 9", text)
    (here / "bad.yaml").write_text(bad, encoding="utf-8")
    (here / "o.errors.csv").symlink_to(victim)
    result = invoke("batch", "bad.yaml", "--out", "o.csv", "--allow-errors")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious\n"
    errors = here / "o.errors.csv"
    assert not errors.is_symlink()
    assert "str_strategy_link" in errors.read_text()


def test_symlinks_planted_at_the_old_predictable_temporary_names_are_left_alone(
    here: Path,
) -> None:
    victim = here / "victim.txt"
    victim.write_text("precious\n")
    for name in (".o.csv.tmp", ".o.errors.csv.tmp", ".r.pdf.tmp", ".r.json.tmp"):
        (here / name).symlink_to(victim)
    assert invoke("batch", "m.yaml", "--out", "o.csv").exit_code == 0
    assert invoke("report", "m.yaml", "--out", "r.pdf").exit_code == 0
    assert victim.read_text() == "precious\n"
    assert (here / "o.csv").is_file() and (here / "r.pdf").read_bytes().startswith(b"%PDF")


def test_a_temporary_name_already_taken_by_a_link_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a link planted at the exact random name drawn: O_EXCL refuses it, and the writer
    draws another name."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / ".out.txt.planted.tmp").symlink_to(victim)
    names = iter(["planted", "planted", "fresh"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    write_bytes(tmp_path / "out.txt", b"new\n")
    assert victim.read_text() == "precious\n"
    assert (tmp_path / "out.txt").read_bytes() == b"new\n"
    assert (tmp_path / ".out.txt.planted.tmp").is_symlink()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "o.csv"
    target.write_text("old\n")

    def half(handle) -> None:
        handle.write(b"half a tab")
        raise OSError(5, "Input/output error")

    with pytest.raises(Fault) as caught:
        write_file(target, half)
    assert str(caught.value) == f"{target}: cannot write: an input/output error (the disk or " \
        "its connection failed)"  # fmt: skip
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv"]


def test_the_size_check_catches_bytes_that_never_reached_the_file(tmp_path: Path) -> None:
    """A writer whose data is lost (here: the file cut short under it) never becomes the
    final file."""

    def lost(handle) -> None:
        handle.write(b"x" * 10_000)
        handle.flush()
        os.ftruncate(handle.fileno(), 100)

    with pytest.raises(Fault) as caught:
        write_file(tmp_path / "o.bin", lost)
    assert "cannot write" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_gets_the_usual_mode_and_an_existing_one_keeps_its_own(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_bytes(tmp_path / "new.txt", b"a")
        (tmp_path / "kept.txt").write_text("b")
        (tmp_path / "kept.txt").chmod(0o600)
        write_bytes(tmp_path / "kept.txt", b"c")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "kept.txt").stat().st_mode & 0o777 == 0o600


def test_score_csv_writes_formula_like_names_as_text(tmp_path):
    """amc batch and history export guarded such cells; amc score --format csv did not."""
    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["assessment"]["firm"] = "=cmd|' /C calc'!A0, Inc."
    data["respondent"]["name"] = "+Dana"
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = invoke("score", str(path), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["firm"] == "'=cmd|' /C calc'!A0, Inc." and row["respondent"] == "'+Dana"
