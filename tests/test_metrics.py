"""Network measures as rubric inputs (issue 7): computed from the audit, validated like items.

The seed-001 network of tests/test_network.py: 42 people, 11 boundary spanners (2 middle,
9 operational), strong same-level ties across the firms at the middle and operational levels
only, 2 of 5 senior executives with a strong tie, one key contact whose departure cuts 4 off.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from amc_assess import api
from amc_assess.definitions import digests
from amc_assess.loading import InvalidInput
from amc_assess.metrics import METRICS, measure, with_network
from amc_assess.network import audit
from conftest import invoke
from test_network import KEY_CONTACT, STRONG, WEAK, seed001_ties, write_ties

REPO = Path(__file__).resolve().parents[1]
MID = REPO / "examples" / "mid_maturity.yaml"
# band scores of the default rubric for the seed-001 values below
SEED_MEASURES = {
    "level_coverage": round(2 / 3, 4),
    "spanner_share": round(11 / 42, 4),
    "spanner_authority": round(2 / 11, 4),
    "senior_involvement": round(2 / 5, 4),
    "continuity": round(1 - 4 / 41, 4),
}
SEED_SCORES = {"level_coverage": 3, "spanner_authority": 2, "senior_involvement": 3,
               "continuity": 3}  # fmt: skip


@pytest.fixture
def ties(tmp_path: Path) -> Path:
    return write_ties(tmp_path / "ties.csv", seed001_ties(), keys={KEY_CONTACT})


def scores_json(*args: str) -> dict:
    result = invoke("score", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [record] = json.loads(result.stdout)
    return record


def test_measures_of_the_seed_network(ties: Path) -> None:
    assert measure(audit([ties])) == SEED_MEASURES
    assert set(SEED_MEASURES) == set(METRICS)


def test_measures_enter_coordination_as_scored_items(ties: Path) -> None:
    plain = scores_json(str(MID))
    audited = scores_json(str(MID), "--network", str(ties))
    dims = {d["dimension"]: d for d in audited["dimensions"]}
    before = {d["dimension"]: d for d in plain["dimensions"]}
    coord, coord0 = dims["coordination"], before["coordination"]
    assert (coord0["answered"], coord0["applicable"]) == (12, 12)
    assert (coord["answered"], coord["applicable"]) == (16, 16)
    scores = audited["item_scores"]
    assert {k: scores[f"network_{k}"] for k in SEED_SCORES} == SEED_SCORES
    assert audited["network_measures"] == SEED_MEASURES and plain["network_measures"] is None
    table = invoke("score", str(MID), "--network", str(ties)).stdout
    assert (
        " ".join(table.split()).count(
            "Relationship audit: level coverage 67% (score 3), spanner share 26%, spanner authority "
            "18% (score 2), senior involvement 40% (score 3), continuity 90% (score 3)"
        )
        == 1
    )
    assert "Relationship audit:" not in invoke("score", str(MID)).stdout
    assert all(plain["item_scores"][f"network_{k}"] is None for k in SEED_SCORES)
    # the dimension score is the weighted mean over questionnaire items and measures
    _, r = api.instrument()
    entries = r.dimensions["coordination"].items
    total = sum(ri.weight * scores[ri.item] for ri in entries)
    assert coord["score"] == pytest.approx(total / sum(ri.weight for ri in entries), abs=1e-6)
    for other in ("structure", "learning", "daf"):
        assert dims[other]["score"] == before[other]["score"]
    fired = {rule["id"] for rule in audited["rules"]}
    assert {"network_top_not_joined", "network_single_point"} <= fired
    assert not {"network_top_not_joined", "network_single_point"} & {
        rule["id"] for rule in plain["rules"]
    }


def test_without_audit_data_scores_equal_the_rubric_without_measures(tmp_path: Path) -> None:
    data = yaml.safe_load((REPO / "rubrics" / "amc.yaml").read_text(encoding="utf-8"))
    items = data["dimensions"]["coordination"]["items"]
    data["dimensions"]["coordination"]["items"] = [e for e in items if "metric" not in e]
    data["rules"] = [rule for rule in data["rules"] if not rule["id"].startswith("network_")]
    stripped = tmp_path / "r.yaml"
    stripped.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    examples = sorted((REPO / "examples").glob("*_maturity.yaml"))
    with_measures = api.score_files(examples)
    without = api.score_files(examples, rubric=stripped)
    for a, b in zip(with_measures, without, strict=True):
        assert a.overall_score == b.overall_score
        assert [d.model_dump() for d in a.dimensions] == [d.model_dump() for d in b.dimensions]


def test_an_undefined_measure_is_left_out_not_missing(tmp_path: Path) -> None:
    people = {"A": ("own", "middle", "x"), "B": ("partner", "middle", "x"),
              "C": ("own", "operational", "x")}  # fmt: skip
    path = write_ties(tmp_path / "t.csv", [("A", "B", WEAK), ("A", "C", STRONG)], people)
    values = measure(audit([path]))
    assert values["spanner_authority"] is None  # no boundary spanner to judge
    assert values["senior_involvement"] is None  # no senior executive named
    assert values["level_coverage"] == 0.0
    record = scores_json(str(MID), "--network", str(path))
    coord = next(d for d in record["dimensions"] if d["dimension"] == "coordination")
    assert (coord["answered"], coord["applicable"]) == (14, 14)
    assert record["item_scores"]["network_level_coverage"] == 1


def test_with_network_gives_every_respondent_the_same_measures(ties: Path) -> None:
    q, _ = api.instrument()
    responses = api.load_responses([MID, REPO / "examples" / "low_maturity.yaml"], q)
    out = with_network(responses, audit([ties]))
    for response in out:
        assert response.answers["network_continuity"].value == SEED_MEASURES["continuity"]
        assert response.answers["network_spanner_authority"].value == round(2 / 11, 4)
    assert "network_continuity" not in responses[0].answers  # the inputs are not changed


def test_bad_ties_for_score_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "t.csv"
    bad.write_text("respondent\nAnn\n", encoding="utf-8")
    result = invoke("score", str(MID), "--network", str(bad))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{bad}: row 1: respondent_side: missing column"


# --- the rubric declares measures; they are validated like items ---------------------------


def write_rubric(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load((REPO / "rubrics" / "amc.yaml").read_text(encoding="utf-8"))
    edit(data)
    data["version"] += "-edited"  # a changed rubric under the bundled version is refused
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        api.validate(rubric=path)
    return info.value.errors


def coordination(data: dict) -> list[dict]:
    return data["dimensions"]["coordination"]["items"]


def test_unknown_measure(tmp_path: Path) -> None:
    path = write_rubric(tmp_path, lambda d: coordination(d)[12].update(metric="trust"))
    known = ", ".join(METRICS)
    assert errors_of(path) == [
        f"{path}: dimensions.coordination.items[12].metric: 'trust' is not a network measure "
        f"(known: {known})"
    ]


def test_measure_bands_must_cover_zero_to_one(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        coordination(d)[12]["bands"][-1]["max"] = 100
        coordination(d)[13]["bands"][1]["min"] = 0.2

    path = write_rubric(tmp_path, edit)
    assert errors_of(path) == [
        f"{path}: dimensions.coordination.items[12].bands[3].max: bands must end at the item's "
        "max 1, not 100",
        f"{path}: dimensions.coordination.items[13].bands[1].min: bands must be contiguous "
        "(0.2 does not continue from 0.1)",
    ]


def test_measure_scored_twice_or_with_an_item_id(tmp_path: Path) -> None:
    def twice(d: dict) -> None:
        d["dimensions"]["learning"]["items"].append(
            {"metric": "continuity", "bands": [{"min": 0, "max": 1, "score": 3}]}
        )

    path = write_rubric(tmp_path, twice)
    assert errors_of(path) == [
        f"{path}: dimensions.learning.items[13].metric: 'continuity' is already scored at "
        "dimensions.coordination.items[15]"
    ]
    path = write_rubric(tmp_path, lambda d: coordination(d)[0].update(metric="spanner_share"))
    assert errors_of(path) == [
        f"{path}: dimensions.coordination.items[0]: give 'item' or 'metric', not both"
    ]


def test_measure_in_a_rule_condition(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        d["rules"][0]["when"] = {"item": "network_trust", "lt": 0.5}

    path = write_rubric(tmp_path, edit)
    assert errors_of(path) == [
        f"{path}: rules[0].when.item: 'network_trust' is not an item of the questionnaire"
    ]


def test_linter_sees_a_measure_that_cannot_move_the_score(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        for band in coordination(d)[12]["bands"]:
            band["score"] = 3

    path = write_rubric(tmp_path, edit)
    assert errors_of(path) == [
        f"{path}: dimensions.coordination.items[12]: 'network_level_coverage' cannot move the "
        "dimension's score",
        f"{path}: dimensions.coordination.items[12].advice: applies to the all-highest answers "
        "(the best answer to 'network_level_coverage' scores 3)",
    ]


def test_history_digests_change_only_for_the_dimension_with_measures(tmp_path: Path) -> None:
    q, r = api.instrument()
    stripped = r.model_copy(deep=True)
    dim = stripped.dimensions["coordination"]
    dim.items = [ri for ri in dim.items if ri.metric is None]
    now, before = digests(q, r), digests(q, stripped)
    assert now["coordination"] != before["coordination"]
    assert {k: now[k] for k in ("structure", "learning", "daf")} == {
        k: before[k] for k in ("structure", "learning", "daf")
    }


def test_report_scores_the_measures_and_shows_their_values(ties: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    result = invoke("report", str(MID), "--network", str(ties), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    audited = scores_json(str(MID), "--network", str(ties))
    coord = next(d for d in audited["dimensions"] if d["dimension"] == "coordination")
    shown = record["scores"]["dimensions"]["coordination"]
    assert shown["score"] == coord["score"]
    assert (shown["answered"], shown["applicable"]) == (16, 16)
    assert {k: shown["item_scores"][f"network_{k}"] for k in SEED_SCORES} == SEED_SCORES
    assert record["network"]["measures"] == SEED_MEASURES
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    words = " ".join(text.split())  # a practice's text may wrap in its table cell
    for name, score in SEED_SCORES.items():
        assert f"{METRICS[name].text} {SEED_MEASURES[name]:.0%} {score} " in words
    plain = tmp_path / "p.pdf"
    assert invoke("report", str(MID), "--out", str(plain)).exit_code == 0
    text = "\n".join(page.extract_text() for page in PdfReader(plain).pages)
    assert "No audit data" not in text  # the four rows of dashes are one line under the table
    flat = " ".join(text.split())
    found = re.search(r"Not in the table: (\d) practices measured from a relationship audit "
                      r"[^(]*\((.*?)\)\. No audit was given", flat)  # fmt: skip
    assert found and int(found.group(1)) == len(SEED_SCORES), flat
    assert sorted(METRICS[name].text for name in SEED_SCORES) == sorted(found.group(2).split("; "))
    assert "Not in the table" not in " ".join(
        "\n".join(page.extract_text() for page in PdfReader(out).pages).split()
    )  # with the audit, its rows are in the table


def test_history_keeps_audited_years_apart(ties: Path, tmp_path: Path, monkeypatch) -> None:
    from amc_assess.store.history import history

    monkeypatch.chdir(tmp_path)
    data = yaml.safe_load(MID.read_text(encoding="utf-8"))
    for year in (2025, 2026):
        data["assessment"]["date"] = f"{year}-03-01"
        Path(f"plain_{year}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    audited = invoke("score", "plain_2026.yaml", "--network", str(ties), "-f", "json")
    Path("audited.json").write_text(audited.stdout, encoding="utf-8")
    assert invoke("history", "add", "plain_2025.yaml", "--db", "h.db").exit_code == 0
    added = invoke("history", "add", "audited.json", "--year", "2026", "--db", "h.db")
    assert added.exit_code == 0, added.stderr
    listed = invoke("history", "list", "--db", "h.db").stdout
    assert "amc 1.2.0+audit" in listed and "amc 1.2.0 " in listed
    result = history(data["assessment"]["firm"], "h.db")
    step = {t.dimension: t.years[-1] for t in result.trends}
    # coordination now includes four audit measures: not the same measurement as in 2025
    assert step["coordination"].change_verdict == "not comparable"
    assert step["structure"].change == pytest.approx(0.0)  # untouched by the audit
    assert step["structure"].change_verdict == "within noise"
    # the same respondent stored once more without the audit: the year keeps one version
    assert invoke("history", "add", "plain_2026.yaml", "--db", "h.db").exit_code == 0
    again = history(data["assessment"]["firm"], "h.db")
    year = again.years[-1]
    assert (year.respondents, year.left_out) == (1, 1)


def test_each_measure_item_is_what_validating_it_gives() -> None:
    """The measures are made without validation (no Item validator built for them); each is
    exactly the item that validating its own fields gives."""
    from amc_assess.models import Item

    for name, item in METRICS.items():
        checked = Item.model_validate(item.model_dump(exclude_unset=True))
        assert checked == item and checked.model_fields_set == item.model_fields_set, name
        assert checked.model_dump() == item.model_dump(), name


@pytest.mark.parametrize(
    ("test", "said"),
    [
        ({"lt": 95}, "every answer of 'network_continuity' (0 to 1) is below 95: the condition "
                     "always holds (a share runs from 0 to 1: 95% is 0.95)"),
        ({"gte": 2}, "no answer of 'network_continuity' (0 to 1) is at or above 2: the "
                     "condition can never hold"),
    ],
)  # fmt: skip
def test_a_rule_whose_condition_always_holds_is_refused(tmp_path: Path, test, said) -> None:
    """``lt: 95`` for a share passed amc validate, and the rule fired on a network with
    100% continuity; a condition that can never hold was already refused."""

    def edit(d: dict) -> None:
        for rule in d["rules"]:
            if rule["when"].get("item") == "network_continuity":
                rule["when"] = {"item": "network_continuity", **test}

    path = write_rubric(tmp_path, edit)
    assert [e for e in errors_of(path) if "network_continuity" in e] == [
        f"{path}: rules[1].when.{next(iter(test))}: {said}"
    ]
    kept = write_rubric(tmp_path, lambda d: None)  # gte the lowest value: "answered", kept
    assert "OK" in api.validate(rubric=kept)


def test_a_misspelt_measure_is_named_once_with_the_one_meant(tmp_path: Path) -> None:
    """``metric: continuty`` gave two more lines: the rule on network_continuity 'is not an
    item of the questionnaire', and 'did you mean network_continuty?' (the typo)."""

    def edit(d: dict) -> None:
        for ri in coordination(d):
            if ri.get("metric") == "continuity":
                ri["metric"] = "continuty"

    path = write_rubric(tmp_path, edit)
    (line,) = errors_of(path)
    assert line.endswith(
        ".metric: 'continuty' is not a network measure (did you mean 'continuity'?) (known: "
        "level_coverage, spanner_share, spanner_authority, senior_involvement, continuity)"
    )


def test_the_linter_lists_its_lines_in_the_order_of_the_file(tmp_path: Path) -> None:
    """A trial's rubric on 1..7 got 31 lines in the order of the advice's priority (learning,
    structure, learning, ...): they are in the file's order now."""

    def edit(d: dict) -> None:
        d["score_range"] = [1, 7]

    found = [e for e in errors_of(write_rubric(tmp_path, edit)) if "all-highest" in e]
    assert len(found) > 10
    dims = ["structure", "coordination", "learning", "daf"]

    def place(line: str) -> tuple[int, int]:
        field = line.split(": ")[1]
        return dims.index(field.split(".")[1]), int(field.split("[")[1].split("]")[0])

    assert [place(e) for e in found] == sorted(place(e) for e in found)
