"""One path from scored assessments to a firm's result: every input kind gives the same figures.

A firm's respondents are read from their response files, from the ``amc batch`` table of
those files (CSV and Parquet), from ``amc score --format json``, and back from the store; the
firm's result must be the same every way, and the report's JSON record must show it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from amc_assess.levels import levels
from amc_assess.models import FirmResult
from amc_assess.reporting import report_inputs
from amc_assess.scored.firm import firm_frame, firm_result
from amc_assess.scored.read import read_scored
from amc_assess.scoring import asked
from amc_assess.simulate import answers_by_score
from amc_assess.store import Store
from amc_assess.store.history import history
from amc_assess.validation import instrument
from conftest import invoke

REPO = Path(__file__).resolve().parents[1]
BASE = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
FIRM = BASE["assessment"]["firm"]
Q, R = instrument()
ITEMS = Q.item_map()
SCORED = [ri for dim in R.dimensions.values() for ri in dim.items if ri.metric is None]
CHOICES = {ri.item: list(answers_by_score(ITEMS[ri.item], ri).values()) for ri in SCORED}
DIMS = list(R.dimensions)


def answer(item_id: str) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(CHOICES[item_id]), st.just("dont_know"))


RESPONDENT = st.fixed_dictionaries({ri.item: answer(ri.item) for ri in SCORED})
WHO = st.tuples(st.sampled_from(["own", "partner"]), st.sampled_from(["senior", "middle"]))


def write_firm(folder: Path, answer_sets: list[dict], who: list[tuple[str, str]]) -> list[str]:
    paths = []
    for k, (answers, (side, level)) in enumerate(zip(answer_sets, who, strict=True)):
        data = json.loads(json.dumps(BASE, default=str))
        data["respondent"] = {"name": f"Respondent {k + 1}", "side": side, "level": level}
        data["answers"].update(answers)
        flat = {i: a["value"] if isinstance(a, dict) else a for i, a in data["answers"].items()}
        shown = asked(pd.DataFrame([flat], dtype=object), Q).iloc[0]
        data["answers"] = {i: a for i, a in data["answers"].items() if shown.get(i, True)}
        path = folder / f"r{k + 1}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def figures(result: FirmResult) -> dict[str, object]:
    """What every output must agree on: per dimension score, level, gaps, progress; overall."""
    res = result.result
    out: dict[str, object] = {
        "overall": (res.overall_score, res.overall_level, _round(res.percent_to_target))
    }
    for d in res.dimensions:
        out[d.dimension] = (
            d.score, d.level, d.status, _round(d.gap_to_next), _round(d.gap_to_target),
            _round(d.percent_to_target), d.answered, d.applicable,
        )  # fmt: skip
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 9)


def firm_from(paths: list[str]) -> FirmResult:
    inputs, _ = report_inputs(paths, Q, R)
    assert len(inputs) == 1
    return inputs[0]


SLOW = settings(
    max_examples=6,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.slow
@SLOW
@given(st.lists(st.tuples(RESPONDENT, WHO), min_size=1, max_size=3))
def test_a_firm_result_is_the_same_from_every_input(tmp_path_factory, respondents):
    folder = tmp_path_factory.mktemp("firm")
    files = write_firm(folder, [a for a, _ in respondents], [w for _, w in respondents])
    direct = firm_from(files)
    expected = figures(direct)

    for suffix in ("csv", "parquet"):
        table = folder / f"scored.{suffix}"
        done = invoke("batch", *files, "--out", str(table), "--allow-errors")  # all unscored:
        assert done.exit_code == 0, done.stderr  # exit 1 without it, the table written
        assert figures(firm_from([str(table)])) == expected, suffix

    done = invoke("score", *files, "--format", "json")
    assert done.exit_code == 0, done.stderr
    (folder / "scores.json").write_text(done.stdout, encoding="utf-8")
    assert figures(firm_from([str(folder / "scores.json")])) == expected

    db = str(folder / "h.db")
    assert invoke("history", "add", *files, "--db", db).exit_code == 0
    stored = history(FIRM, db)
    for trend in stored.trends:
        year = trend.years[-1]
        if trend.dimension == "overall":
            score, level, pct = expected["overall"]  # type: ignore[misc]
            assert (year.score, year.level, _round(year.to_target)) == (score, level, pct)
        else:
            score, level = expected[trend.dimension][:2]  # type: ignore[index]
            assert (year.score, year.level) == (score, level), trend.dimension

    pdf = folder / "report.pdf"
    done = invoke("report", *files, "--out", str(pdf), "--allow-incomplete")  # any draws
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    overall = record["scores"]["overall"]
    assert (overall["score"], overall["level"], _round(overall["percent_to_target"])) == (
        expected["overall"]
    )
    for dim in DIMS:
        shown = record["scores"]["dimensions"][dim]
        got = (shown["score"], shown["level"], _round(shown["percent_to_target"]))
        want = expected[dim]
        assert got == (want[0], want[1], want[5]), dim  # type: ignore[index]


def test_a_firms_percent_to_target_comes_from_its_mean_scores():
    """Two respondents, one past the target: the firm's progress is that of the mean score,
    not the mean of the respondents' progress (which differs: the first is capped at 100%)."""
    thresholds = R.thresholds()
    target = R.dimensions["structure"].target
    top, low = 5.0, float(thresholds[0]) + 0.2
    table = pd.DataFrame(
        {
            "firm": ["A", "A"],
            **{f"{d}_score": [top, low] for d in DIMS},
            "overall_score": [top, low],
        }
    )
    row = firm_frame(table, ["firm"], R, DIMS).iloc[0]
    assert target == 4
    # the mean, (5.0 + 1.2) / 2 = 3.1, is level 3: 2 of the 3 steps from level 1 to level 4
    assert row["structure_level"] == 3
    assert row["structure_percent_to_target"] == pytest.approx(2 / 3)
    # the respondents' own progress: 5.0 reached the target (1.0), 1.2 is level 1 (0.0)
    assert row["structure_percent_to_target"] != pytest.approx((1.0 + 0.0) / 2)


BOUNDARY_SCORES = [
    (t + delta) for t in R.thresholds()[1:] for delta in (-1e-3, -1e-5, -5e-7, 0.0, 5e-7, 1e-3)
]


def test_level_boundaries_agree_on_every_path(tmp_path: Path):
    """Scores just below, at and above every threshold: one level through the engine's rule,
    a table row, the firm aggregation, the store's yearly pooling and the typed firm result."""
    thresholds = R.thresholds()
    engine = [int(v) for v in levels(np.array(BOUNDARY_SCORES), thresholds)]
    n = len(BOUNDARY_SCORES)
    # two respondents per firm with the same score; the table has no level columns, so the
    # reader reads levels by the engine's rule
    table = pd.DataFrame(
        {
            "firm": [f"Firm {k}" for k in range(n)] * 2,
            "respondent": ["A"] * n + ["B"] * n,
            "date": "2026-01-01",
            **{f"{d}_score": BOUNDARY_SCORES * 2 for d in DIMS},
            **{f"{d}_answered": 4 for d in DIMS},
            **{f"{d}_applicable": 4 for d in DIMS},
            "overall_score": BOUNDARY_SCORES * 2,
            "rules": "",
        }
    )
    table.to_csv(tmp_path / "t.csv", index=False)
    read = read_scored([tmp_path / "t.csv"], Q, R)
    assert not read.problems
    assert [r.dimensions["learning"].level for r in read.respondents] == engine * 2
    assert [r.overall_level for r in read.respondents] == engine * 2
    with Store.open(tmp_path / "s.db") as store:
        store.add(read.respondents)
    for k, score in enumerate(BOUNDARY_SCORES):
        pair = [read.respondents[k], read.respondents[n + k]]
        result = firm_result(f"Firm {k}", pair, R).result
        assert [d.level for d in result.dimensions] == [engine[k]] * len(DIMS), score
        assert result.overall_level == engine[k]
        frame = firm_frame(
            pd.DataFrame({"firm": ["x"], **{f"{d}_score": [score] for d in DIMS},
                          "overall_score": [score]}),
            ["firm"], R, DIMS,
        )  # fmt: skip
        assert int(frame["daf_level"].iloc[0]) == engine[k]
        assert int(frame["overall_level"].iloc[0]) == engine[k]
        stored = history(f"Firm {k}", tmp_path / "s.db")
        assert {t.dimension: t.years[-1].level for t in stored.trends} == {
            d: engine[k] for d in [*DIMS, "overall"]
        }, score


def test_the_level_rule_counts_a_score_within_rounding_of_a_threshold_as_reaching_it():
    t = R.thresholds()[2]
    got = levels(np.array([t - 1e-5, t - 5e-7, t, t + 1e-5]), R.thresholds())
    assert list(got) == [2, 3, 3, 3]
    assert math.isnan(levels(np.array([np.nan]), R.thresholds())[0])


def _bad_response(folder: Path) -> Path:
    data = json.loads(json.dumps(BASE, default=str))
    data["answers"]["zz_unknown"] = 3  # structural: not an item
    data["answers"]["str_legal_form_criteria"] = 9  # value: out of range
    data["answers"]["str_governance_tiering"] = "sometimes"  # value: not one of the options
    path = folder / "bad.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["score", "history add", "report"])
def test_every_problem_of_a_response_file_in_one_run(tmp_path: Path, monkeypatch, command: str):
    monkeypatch.chdir(tmp_path)
    _bad_response(tmp_path)
    extra = {"history add": ["--db", "h.db"], "report": ["--out", "r.pdf"]}.get(command, [])
    result = invoke(*command.split(), "bad.yaml", *extra)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "bad.yaml: answers.zz_unknown: not an item of questionnaire 'amc'"
    assert lines[1].startswith("bad.yaml: answers.str_legal_form_criteria: 9: ")
    assert lines[2].startswith("bad.yaml: answers.str_governance_tiering: 'sometimes': ")
    assert lines[3:] == ["3 problems found"]
    assert not (tmp_path / "r.pdf").exists()
    if command == "history add":
        assert not (tmp_path / "h.db").exists() or Store.open("h.db").count() == 0


def test_a_misspelt_answer_id_names_the_item_meant(tmp_path: Path, monkeypatch):
    """``str_stratgy_link`` read 'not an item' with no hint, though batch files name the item
    near a misspelt column; an id already answered is never offered."""
    monkeypatch.chdir(tmp_path)
    data = json.loads(json.dumps(BASE, default=str))
    data["answers"]["str_stratgy_link"] = data["answers"].pop("str_strategy_link")
    data["answers"]["crd_interfacs"] = 3  # close to crd_interfaces, which is answered
    (tmp_path / "typo.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = invoke("score", "typo.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "typo.yaml: answers.str_stratgy_link: not an item of questionnaire 'amc' (did you mean "
        "'str_strategy_link'?)",
        "typo.yaml: answers.crd_interfacs: not an item of questionnaire 'amc'",
    ]


def test_a_firms_overall_index_is_the_rubric_rule_over_its_dimension_scores(tmp_path: Path):
    """One respondent answered "don't know" to all of learning, so has no overall index of
    their own. The firm's index was the other respondent's alone, and lay outside what the
    firm's dimension scores allow; it is now the rubric's rule (here: the plain mean, and
    every dimension needed) over the firm's dimension scores, on every path."""
    middle = {ri.item: CHOICES[ri.item][len(CHOICES[ri.item]) // 2] for ri in SCORED}
    high = {ri.item: CHOICES[ri.item][-1] for ri in SCORED}
    high.update(
        {ri.item: "dont_know" for ri in R.dimensions["learning"].items if ri.metric is None}
    )
    files = write_firm(tmp_path, [middle, high], [("own", "senior"), ("own", "middle")])
    direct = firm_from(files)
    scores = [d.score for d in direct.result.dimensions]
    assert all(s is not None for s in scores)
    assert {d.dimension: d.score for d in direct.result.dimensions}["learning"] == (
        firm_from(files[:1]).result.dimensions[DIMS.index("learning")].score
    )  # the first respondent's alone
    assert R.overall.require_all_dimensions
    assert all(dim.weight == 1.0 for dim in R.dimensions.values())
    index = round(sum(scores) / len(scores), 6)  # type: ignore[arg-type]
    assert direct.result.overall_score == index
    assert direct.result.overall_level == int(levels(np.array([index]), R.thresholds())[0])
    assert min(scores) <= index <= max(scores)  # type: ignore[type-var]
    alone = firm_from(files[:1]).result.overall_score
    assert alone is not None and not math.isclose(alone, index)

    table = tmp_path / "scored.csv"
    done = invoke("batch", *files, "--out", table, "--group-by", "firm")
    assert done.exit_code == 0, done.stderr
    groups = pd.read_csv(tmp_path / "scored.groups.csv")
    assert groups["overall_mean"].tolist() == [index]
    assert groups["overall_respondents"].tolist() == [2]  # both count in it
    assert figures(firm_from([str(table)])) == figures(direct)

    db = tmp_path / "h.db"
    assert invoke("history", "add", *files, "--db", db).exit_code == 0
    overall = next(t for t in history(FIRM, str(db)).trends if t.dimension == "overall")
    assert overall.years[-1].score == index

    pdf = tmp_path / "report.pdf"
    assert invoke("report", *files, "--out", pdf).exit_code == 0
    record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["scores"]["overall"]["score"] == index
