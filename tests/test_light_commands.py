"""Light commands stay light: one firm's commands never import the batch and network stack.

Each command runs in a fresh process that prints the heavy modules it imported at exit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import MINI, REPO
from test_network import KEY_CONTACT, seed001_ties, write_ties

HEAVY = ("pandas", "pyarrow", "scipy", "numba", "networkx")
MARK = "HEAVY-MODULES:"
# Runs ``amc ARGS...`` as ``python -m amc_assess`` does; prints the heavy modules at exit.
PROGRAM = f"""
import atexit, runpy, sys
atexit.register(lambda: print({MARK!r}, ",".join(
    m for m in sorted(sys.modules) if m.split(".")[0] in {HEAVY!r})))
sys.argv = ["amc", *sys.argv[1:]]
runpy.run_module("amc_assess", run_name="__main__", alter_sys=True)
"""
EXAMPLE = str(REPO / "examples" / "mid_maturity.yaml")


def heavy_modules(output: str) -> list[str]:
    """The modules listed after the mark (a terminal may put control codes before it)."""
    lines = [line for line in output.splitlines() if MARK in line]
    assert lines, output[-2000:]
    return [m for m in lines[-1].split(MARK)[1].strip().split(",") if m]


def run_amc(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, *args], cwd=cwd, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "args",
    [
        ["score", EXAMPLE],
        ["score", "-f", "json", EXAMPLE],
        ["score", "-f", "markdown", EXAMPLE],
        ["validate"],
        ["validate", "-q", str(REPO / "questionnaires" / "relationship_audit.yaml")],
    ],
    ids=["score", "score-json", "score-markdown", "validate", "validate-unscored"],
)
def test_one_file_commands_import_no_heavy_module(args):
    done = run_amc(*args)
    assert done.returncode == 0, done.stderr
    assert heavy_modules(done.stdout) == []


def test_a_network_audit_brings_no_heavy_module(tmp_path):
    """The audit computes betweenness with igraph (compiled, light); networkx stays out."""
    ties = write_ties(tmp_path / "ties.csv", seed001_ties(), keys={KEY_CONTACT})
    done = run_amc("score", EXAMPLE, "--network", str(ties))
    assert done.returncode == 0, done.stderr
    assert heavy_modules(done.stdout) == []


def test_one_firms_report_imports_no_heavy_module(tmp_path):
    """One respondent's report: its result is its own, so no frame is built."""
    done = run_amc("report", EXAMPLE, "-o", str(tmp_path / "r.pdf"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.pdf").exists()
    assert heavy_modules(done.stdout) == []
    scored = run_amc("score", "-f", "json", EXAMPLE).stdout.split(MARK)[0]
    (tmp_path / "scored.json").write_text(scored, encoding="utf-8")
    done = run_amc("report", str(tmp_path / "scored.json"), "-o", str(tmp_path / "s.pdf"))
    assert done.returncode == 0, done.stderr
    assert heavy_modules(done.stdout) == []


@pytest.mark.slow
def test_the_interview_to_its_scores_imports_no_heavy_module(tmp_path):
    """Resume the answered mini interview, finish it, agree the targets, see the scores, no report."""
    for name in ("questionnaire.yaml", "rubric.yaml", "response.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    with open(tmp_path / "response.yaml", "a", encoding="utf-8") as f:  # every item answered
        f.write("  ctx_comment: {value: null, state: dont_know}\n")
    env = dict(
        os.environ,
        TERM="xterm",
        PROMPT_TOOLKIT_NO_CPR="1",
        COLUMNS="120",
        LINES="40",
        AMC_ASSESS_SETTLE_MS="0",
    )  # a script types the instant a prompt appears
    args = ["assess", "--resume", "response.yaml", "-q", "questionnaire.yaml", "-r", "rubric.yaml"]
    child = pexpect.spawn(
        sys.executable, ["-c", PROGRAM, *args], cwd=str(tmp_path), env=env,
        dimensions=(40, 120), encoding="utf-8", codec_errors="replace", timeout=30,
    )  # fmt: skip
    steps = [
        ("What next?", "f\r"),  # the review: finish
        ("Target level for Alpha:", "\r"),
        ("Target level for Beta:", "\r"),
        ("Targets agreed by", "\r"),
        ("Render the PDF report now?", "n"),
    ]
    output = ""
    for text, keys in steps:
        child.expect_exact(text)
        output += (child.before or "") + text
        child.send(keys)
    child.expect(pexpect.EOF)
    output += child.before or ""
    child.close()
    assert "Overall index" in output  # the mini instrument: its own index
    assert child.exitstatus == 0, output[-2000:]
    assert heavy_modules(output) == []


# Runs ``amc ARGS...`` in-process; prints at exit the model classes whose validator was built.
BUILT = """
import atexit, sys
from amc_assess.cli import main

def built():
    from pydantic import BaseModel
    seen, todo = set(), [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen and sub.__module__.startswith("amc_assess."):
                seen.add(sub)
            todo.append(sub)
    names = sorted(c.__name__ for c in seen if c.__dict__.get("__pydantic_complete__"))
    print("BUILT:", ",".join(names))

atexit.register(built)
main(sys.argv[1:])
"""


def test_a_report_builds_only_the_models_it_validates(tmp_path):
    """A model class builds its validator on first use: one firm's report (its instruments
    checked and kept by an earlier run) validates its response and result, never the
    questionnaire or its items (the network measures are items made unvalidated), the rubric,
    or the peer, history and audit results it does not have."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "AMC_CACHE_DIR": ""}
    for run in ("first", "kept"):
        done = subprocess.run(
            [sys.executable, "-c", BUILT, "report", EXAMPLE, "-o", str(tmp_path / f"{run}.pdf")],
            cwd=REPO, capture_output=True, text=True, env=env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    built = set(done.stdout.split("BUILT:")[1].split()[0].split(","))
    assert {"Response", "AssessmentResult", "FirmResult"} <= built
    unused = {"Questionnaire", "Item", "Rubric", "ReportInput", "PeerStats", "History",
              "NetworkResult"}  # fmt: skip
    assert not built & unused, built & unused


# Builds every model class of the package; prints those whose build parsed a signature's text.
BUILD_ALL = """
import importlib, inspect, pkgutil
import amc_assess
from pydantic import BaseModel

for info in pkgutil.walk_packages(amc_assess.__path__, "amc_assess."):
    if not info.name.startswith(("amc_assess.report.compiled", "amc_assess.__main__")):
        importlib.import_module(info.name)
parsed, real = [], inspect._signature_fromstr
inspect._signature_fromstr = lambda cls, obj, s, *a, **k: parsed.append(repr(obj)) or real(
    cls, obj, s, *a, **k
)
seen, todo = set(), [BaseModel]
while todo:
    for sub in todo.pop().__subclasses__():
        if sub not in seen and sub.__module__.startswith("amc_assess."):
            seen.add(sub)
            sub.model_rebuild(force=True)
        todo.append(sub)
print(len(seen), "PARSED:", sorted(set(parsed)))
"""


def test_no_model_makes_pydantic_parse_a_builtins_signature():
    """A builtin as a field's ``default_factory`` (``list``, ``dict``) makes pydantic read its
    signature from text, which compiles the tokenizer's expressions: ~10 ms of every command."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD_ALL], cwd=REPO, capture_output=True, text=True
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    count, parsed = done.stdout.split(" PARSED: ")
    assert int(count) > 40 and parsed.strip() == "[]", done.stdout
