"""Target levels: the rubric's by default, agreed in a response file, given with --targets;
every output says where they come from. Hand-computed on the mini instrument: alpha scores
4.2 (level 5; rubric target 4), beta 11/3 (level 4; rubric target 3); thresholds 1.0, 1.8,
2.6, 3.4, 4.2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from amc_assess.scored.firm import firm_result
from amc_assess.scored.read import read_scored
from amc_assess.validation import load_pair
from conftest import MINI, invoke

MINI_ARGS = ["-q", str(MINI / "questionnaire.yaml"), "-r", str(MINI / "rubric.yaml")]
Q, R = load_pair(MINI / "questionnaire.yaml", MINI / "rubric.yaml")
BETA = 11 / 3
AGREED = {"levels": {"beta": 5}, "agreed_on": "2026-03-03", "agreed_by": "J. Doe (CFO)"}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def response(path: Path, targets: object = None, **assessment: object) -> str:
    """The mini response (optionally with a targets: block) written to ``path``."""
    data = yaml.safe_load((MINI / "response.yaml").read_text())
    data["assessment"].update(assessment)
    if targets is not None:
        data["targets"] = targets
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path.name


def score_json(*args: str) -> list[dict]:
    result = invoke("score", *MINI_ARGS, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def targets_of(result: dict) -> dict[str, tuple]:
    return {
        d["dimension"]: (d["target"], d["target_source"], d["percent_to_target"])
        for d in result["dimensions"]
    }


def test_without_a_targets_block_the_targets_are_the_rubrics_and_say_so(here):
    (result,) = score_json(response(here / "r.yaml"))
    assert result["targets"] == {
        "levels": {"alpha": 4, "beta": 3}, "source": "rubric default", "agreed_on": None,
        "agreed_by": None,
    }  # fmt: skip
    assert targets_of(result) == {
        "alpha": (4, "rubric default", 1.0),
        "beta": (3, "rubric default", 1.0),
    }


def test_a_response_files_agreed_targets_are_scored_against_and_shown(here):
    (result,) = score_json(response(here / "r.yaml", AGREED))
    # beta is level 4 of agreed target 5: 3 of 4 steps; gap 4.2 - 11/3 score points
    beta = next(d for d in result["dimensions"] if d["dimension"] == "beta")
    assert (beta["target"], beta["target_source"]) == (5, "agreed")
    assert beta["percent_to_target"] == pytest.approx(3 / 4)
    assert beta["gap_to_target"] == pytest.approx(4.2 - BETA)
    # overall: alpha 3 of 3 steps, beta 3 of 4
    assert result["percent_to_target"] == pytest.approx((3 + 3) / (3 + 4))
    assert result["targets"] == {
        "levels": {"alpha": 4, "beta": 5}, "source": "mixed", "agreed_on": "2026-03-03",
        "agreed_by": "J. Doe (CFO)",
    }  # fmt: skip
    every = dict(AGREED, levels={"alpha": 5, "beta": 5})
    (result,) = score_json(response(here / "all.yaml", every))
    assert result["targets"]["source"] == "agreed"
    assert targets_of(result) == {"alpha": (5, "agreed", 1.0), "beta": (5, "agreed", 0.75)}
    table = invoke("score", *MINI_ARGS, "all.yaml")
    assert "Targets: agreed on 2026-03-03 by J. Doe (CFO)." in table.stdout


def test_inline_targets_override_the_response_files_per_dimension(here):
    name = response(here / "r.yaml", AGREED)
    (result,) = score_json(name, "--targets", "beta=2")
    assert targets_of(result) == {
        "alpha": (4, "rubric default", 1.0), "beta": (2, "given on the command line", 1.0),
    }  # fmt: skip
    assert result["targets"]["source"] == "mixed"
    assert result["targets"]["agreed_by"] is None  # nothing agreed is left
    (result,) = score_json(name, "--target", "5")  # the old option name still works
    assert result["targets"]["source"] == "given on the command line"
    assert targets_of(result) == {
        "alpha": (5, "given on the command line", 1.0),
        "beta": (5, "given on the command line", 0.75),
    }  # fmt: skip


def test_a_targets_file_is_agreed_only_when_it_says_who_or_when(here):
    name = response(here / "r.yaml")
    (here / "agreed.yaml").write_text(
        "targets:\n  levels: {alpha: 5, beta: 4}\n  agreed_on: 2026-03-03\n  agreed_by: Board\n"
    )
    (here / "plain.yaml").write_text("targets:\n  levels: {beta: 4}\n")
    (result,) = score_json(name, "--targets", "agreed.yaml")
    assert result["targets"] == {
        "levels": {"alpha": 5, "beta": 4}, "source": "agreed", "agreed_on": "2026-03-03",
        "agreed_by": "Board",
    }  # fmt: skip
    # alpha level 5 of target 5; beta level 4 of target 4
    assert targets_of(result) == {"alpha": (5, "agreed", 1.0), "beta": (4, "agreed", 1.0)}
    (result,) = score_json(name, "--targets", "plain.yaml")
    assert targets_of(result)["beta"] == (4, "given on the command line", 1.0)
    assert result["targets"]["source"] == "mixed"


@pytest.mark.parametrize(
    ("targets", "line"),
    [
        ({"levels": {"gamma": 3}},
         "r.yaml: targets.levels.gamma: 'gamma' is not a dimension of rubric mini (alpha, beta)"),
        ({"levels": {"beta": 6}}, "r.yaml: targets.levels.beta: 6 is not a level 1..5"),
        ({"levels": {"beta": "high"}}, "r.yaml: targets.levels.beta: 'high' is not a level (a whole number)"),
        ({"levels": {"beta": 3}, "agreed": "yes"},
         "r.yaml: targets.agreed: unknown field (did you mean 'agreed_on'?)"),
    ],
)  # fmt: skip
def test_bad_targets_in_a_response_file_are_one_line_each(here, targets, line):
    result = invoke("score", *MINI_ARGS, response(here / "r.yaml", targets))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == line + "\n"


@pytest.mark.parametrize(
    ("spec", "file", "line"),
    [
        ("gamma=3", None, "--targets: 'gamma' is not a dimension of rubric mini (alpha, beta)"),
        ("beta=0", None, "--targets: beta: '0' is not a level 1..5"),
        ("6", None, "--targets: '6' is not a level 1..5"),  # one line, not one per dimension
        ("t.yaml", "targets:\n  levels: {alpha: 3}\n  agreed_on: 2099-11-30\n",
         "t.yaml: targets.agreed_on: 2099-11-30 is after today: targets are agreed on a day "
         "that has come"),
        ("nope.yaml", None,
         "--targets: 'nope.yaml' is neither a file nor levels (4, or structure=4,daf=3)"),
        ("t.yaml", "targets:\n  levels: {gamma: 3}\n",
         "t.yaml: targets.levels.gamma: 'gamma' is not a dimension of rubric mini (alpha, beta)"),
        ("t.yaml", "targets:\n  levels: {alpha: 0}\n",
         "t.yaml: targets.levels.alpha: 0 is not a level 1..5"),
        ("t.yaml", "levels: {alpha: 3}\n",
         "t.yaml: targets: expected a targets: block (levels, agreed_on, agreed_by)"),
    ],
)  # fmt: skip
def test_bad_targets_on_the_command_line_are_one_line_each(here, spec, file, line):
    if file is not None:
        (here / spec).write_text(file)
    result = invoke("score", *MINI_ARGS, response(here / "r.yaml"), "--targets", spec)
    assert result.exit_code == 1
    assert result.stderr == line + "\n"


def test_a_batch_table_carries_the_targets_and_is_read_back_with_them(here):
    folder = here / "responses"
    folder.mkdir()
    response(folder / "a.yaml", AGREED, firm="Agreed Co")
    response(folder / "b.yaml", firm="Default Co")
    result = invoke("batch", *MINI_ARGS, str(folder), "-o", "out.csv")
    assert result.exit_code == 0, result.stderr
    rows = {r["firm"]: r for r in _csv(here / "out.csv")}
    agreed, default = rows["Agreed Co"], rows["Default Co"]
    assert (agreed["alpha_target"], agreed["alpha_target_source"]) == ("4", "rubric default")
    assert (agreed["beta_target"], agreed["beta_target_source"]) == ("5", "agreed")
    assert (agreed["targets_source"], agreed["targets_agreed_on"]) == ("mixed", "2026-03-03")
    assert agreed["targets_agreed_by"] == "J. Doe (CFO)"
    assert float(agreed["percent_to_target"]) == pytest.approx(6 / 7)
    assert (default["beta_target"], default["targets_source"]) == ("3", "rubric default")
    assert float(default["percent_to_target"]) == 1.0
    # the reader takes them back: the store, the report and the benchmark see these targets
    read = read_scored([here / "out.csv"], Q, R)
    assert read.problems == []
    by_firm = {p.firm: p for p in read.respondents}
    back = by_firm["Agreed Co"]
    assert (back.dimensions["beta"].target, back.dimensions["beta"].target_source) == (5, "agreed")
    assert back.result is not None and back.targets is not None
    assert back.result.targets == back.targets
    assert back.targets.source == "mixed" and back.targets.agreed_by == "J. Doe (CFO)"
    assert back.result.percent_to_target == pytest.approx(6 / 7)
    # amc history add stores them, and its export carries them again
    assert invoke("history", "add", *MINI_ARGS, "out.csv", "--db", "h.db").exit_code == 0
    assert invoke("history", "export", "--db", "h.db", "-o", "ex.csv").exit_code == 0
    exported = {r["firm"]: r for r in _csv(here / "ex.csv")}["Agreed Co"]
    assert (exported["beta_target"], exported["beta_target_source"]) == ("5", "agreed")
    assert exported["targets_agreed_by"] == "J. Doe (CFO)"


def test_an_unknown_target_source_in_a_table_is_a_problem(here):
    folder = here / "responses"
    folder.mkdir()
    response(folder / "a.yaml")
    assert invoke("batch", *MINI_ARGS, str(folder), "-o", "out.csv").exit_code == 0
    text = (here / "out.csv").read_text().replace("rubric default", "guessed")
    (here / "bad.csv").write_text(text)
    read = read_scored([here / "bad.csv"], Q, R)
    lines = {p.line() for p in read.problems}
    assert "bad.csv: row 2: alpha_target_source: 'guessed' is not a target source (rubric " \
        "default, agreed, given on the command line, given in the response file, mixed, not " \
        "recorded)" in lines  # fmt: skip


def test_a_firms_targets_are_agreed_only_when_every_respondent_agreed_the_same(here):
    same = dict(AGREED, levels={"alpha": 4, "beta": 5})
    a = response(here / "a.yaml", same)
    b = response(here / "b.yaml", dict(same, agreed_by="A. Smith (CEO)"))
    c = response(here / "c.yaml")
    firm = firm_result("Mini Corp", read_scored([a, b], Q, R).respondents, R).result
    assert firm.targets.source == "agreed"
    assert firm.targets.agreed_by == "J. Doe (CFO); A. Smith (CEO)"
    assert [(d.target, d.target_source) for d in firm.dimensions] == [(4, "agreed"), (5, "agreed")]
    firm = firm_result("Mini Corp", read_scored([a, c], Q, R).respondents, R).result
    assert firm.targets.source == "mixed"
    assert firm.targets.levels == {"alpha": 4, "beta": 5}  # the highest among the respondents
    assert [(d.target, d.target_source) for d in firm.dimensions] == [(4, "mixed"), (5, "mixed")]
    # the mean beta 11/3 is level 4 of the firm's target 5: 3 of 4 steps
    assert firm.dimensions[1].percent_to_target == pytest.approx(3 / 4)


def test_the_report_record_shows_each_target_and_its_source(here):
    name = response(here / "r.yaml", AGREED)
    out = here / "r.pdf"
    result = invoke("report", *MINI_ARGS, name, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    record = json.loads(out.with_suffix(".json").read_text())
    assert record["targets"] == {"alpha": 4, "beta": 5}
    dims = record["scores"]["dimensions"]
    assert (dims["beta"]["target"], dims["beta"]["target_source"]) == (5, "agreed")
    assert dims["alpha"]["target_source"] == "rubric default"
    assert record["targets_agreement"] == {
        "source": "mixed", "agreed_on": "2026-03-03", "agreed_by": "J. Doe (CFO)",
    }  # fmt: skip
    assert record["progress_definition"]["name"] == "level steps"
    given = invoke("report", *MINI_ARGS, name, "-o", str(out), "--targets", "alpha=5")
    assert given.exit_code == 0, given.stderr
    record = json.loads(out.with_suffix(".json").read_text())
    alpha = record["scores"]["dimensions"]["alpha"]
    assert (alpha["target"], alpha["target_source"]) == (5, "given on the command line")


def test_a_score_json_written_before_targets_were_recorded_still_reads(here):
    (result,) = score_json(response(here / "r.yaml"))
    del result["targets"]
    for d in result["dimensions"]:
        del d["target_source"]
    (here / "old.json").write_text(json.dumps([result]))
    read = read_scored([here / "old.json"], Q, R)
    assert read.problems == []
    (back,) = read.respondents
    assert back.result is not None
    assert back.result.targets.levels == {"alpha": 4, "beta": 3}
    assert back.result.targets.source == "rubric default"


def _csv(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_targets_resolve_layer_by_layer_and_keep_who_agreed_only_what_stays():
    import datetime as dt

    from amc_assess.models import Targets, TargetsBlock

    day = dt.date(2026, 3, 3)
    agreed = TargetsBlock(levels={"beta": 5}, agreed_on=day, agreed_by="X")
    given = TargetsBlock(levels={"beta": 2})
    layers = [(agreed, "given in the response file"), (given, "given on the command line")]
    targets, sources = Targets.resolve({"alpha": 4, "beta": 3}, layers)
    assert targets == Targets(levels={"alpha": 4, "beta": 2}, source="mixed")
    assert sources == {"alpha": "rubric default", "beta": "given on the command line"}
    both = TargetsBlock(levels={"alpha": 5, "beta": 4}, agreed_on=day)
    targets, _ = Targets.resolve({"alpha": 4, "beta": 3}, [(both, "given in the response file")])
    assert targets == Targets(levels={"alpha": 5, "beta": 4}, source="agreed", agreed_on=day)
    assert TargetsBlock.model_validate({"levels": {"a": "3", "b": 4.0}}).levels == {"a": 3, "b": 4}
    with pytest.raises(ValueError, match=r"True is not a level \(a whole number\)"):
        TargetsBlock.model_validate({"levels": {"a": True}})
