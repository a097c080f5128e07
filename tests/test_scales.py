"""Any instrument, any scale (issue 13): scales of 2..11 points, any score range, 2..7 levels,
and boilerplate that is optional. Expected scores are computed here by plain arithmetic."""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from amc_assess.api import score_files, validate, write_schemas
from amc_assess.cli import cli
from amc_assess.loading import InvalidInput
from amc_assess.scoring import score_frame
from amc_assess.validation import load_pair
from conftest import FIXTURES, read_yaml

SCALE7 = FIXTURES / "scale7"
Q7, R7 = SCALE7 / "questionnaire.yaml", SCALE7 / "rubric.yaml"
AMC_THRESHOLDS = [1.0, 1.8, 2.6, 3.4, 4.2]  # the default five levels on 1..5
DIMS7 = {
    "trust": [("tr_rely", False), ("tr_doubt", True), ("tr_share", False)],
    "communication": [("cm_timely", False), ("cm_clear", False), ("cm_silence", True)],
    "commitment": [("co_invest", False), ("co_exit", True)],
}


def on_range(code: int, points: int, low: float = 1, high: float = 5, reverse: bool = False):
    """A k-point answer code 1..k placed linearly on low..high (mirrored when reversed)."""
    score = Fraction(low) + Fraction(code - 1, points - 1) * (Fraction(high) - Fraction(low))
    return Fraction(low) + Fraction(high) - score if reverse else score


def level_of(score: float, thresholds: list[float]) -> int:
    return max(k + 1 for k, t in enumerate(thresholds) if score + 1e-9 >= t)


def by_hand(answers: dict[str, object]) -> dict[str, float | None]:
    """Dimension scores (unweighted means of answered items) and the overall mean."""
    out: dict[str, float | None] = {}
    for dim, items in DIMS7.items():
        scores = [
            on_range(int(answers[i]), 7, reverse=rev)
            for i, rev in items
            if answers.get(i) not in (None, "", "dont_know")
        ]
        share = len(scores) / len(items)
        out[dim] = float(sum(scores) / len(scores)) if share >= 0.6 else None
    dims = [v for k, v in out.items() if k in DIMS7]
    out["overall"] = None if None in dims else sum(dims) / len(dims)  # type: ignore[arg-type]
    return out


def problems(write, q: dict, r: dict) -> list[str]:
    qpath, rpath = write("questionnaire.yaml", q), write("rubric.yaml", r)
    with pytest.raises(InvalidInput) as caught:
        validate(qpath, rpath)
    return caught.value.errors


# ------------------------------------------------------------------ the 7-point instrument
def test_minimal_seven_point_instrument_validates_with_warnings_only():
    lines = validate(Q7, R7).splitlines()
    assert lines[-1].startswith("OK: ") and "3 dimensions, 8 scored items" in lines[-1]
    warnings = lines[:-1]
    assert warnings and all(line.startswith("warning: ") for line in warnings)
    assert any(".help: none for 8 of 8 items" in line for line in warnings)
    assert any("dimensions.trust.descriptors: none for levels 1, 2, 3, 4, 5" in w for w in warnings)
    q, r = load_pair(Q7, R7)
    assert q.scales["agree7"].codes == (1, 2, 3, 4, 5, 6, 7)
    assert r.thresholds() == AMC_THRESHOLDS and r.score_range == (1, 5)
    assert [d.target for d in r.dimensions.values()] == [4, 4, 4]


def test_seven_point_response_file_scores_as_computed_by_hand():
    (result,) = score_files([SCALE7 / "response.yaml"], Q7, R7)
    answers = read_yaml(SCALE7 / "response.yaml")["answers"]
    want = by_hand(answers)
    for d in result.dimensions:
        expected = want[d.dimension]
        assert expected is not None
        assert d.score == pytest.approx(expected, abs=1e-6)
        assert d.level == level_of(expected, AMC_THRESHOLDS)
    assert result.overall_score == pytest.approx(want["overall"], abs=1e-6)
    # trust: (13/3 + 13/3 + 11/3) / 3 = 37/9; communication: (5 + 5) / 2 with cm_clear
    # unknown; commitment: (7/3 + 3) / 2 = 8/3
    assert [d.score for d in result.dimensions] == pytest.approx([37 / 9, 5.0, 8 / 3], abs=1e-6)
    assert result.item_scores["tr_rely"] == pytest.approx(13 / 3)
    assert result.item_scores["cm_silence"] == 5  # code 1 of a reverse-keyed item: the top
    assert result.item_scores["cm_clear"] is None


def test_seven_point_csv_through_amc_batch_scores_as_computed_by_hand(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["batch", str(SCALE7 / "answers.csv"), "-q", str(Q7), "-r", str(R7), "-o", "out.csv"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with open(SCALE7 / "answers.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    scored = pd.read_csv(tmp_path / "out.csv")
    assert len(scored) == len(rows) == 4
    for row, (_, out) in zip(rows, scored.iterrows(), strict=True):
        want = by_hand(row)
        for dim in [*DIMS7, "overall"]:
            expected = want[dim]
            assert expected is not None
            assert out[f"{dim}_score"] == pytest.approx(expected, abs=1e-6), (row, dim)
            assert out[f"{dim}_level"] == level_of(expected, AMC_THRESHOLDS)
    assert scored["overall_score"].tolist()[1:3] == [1.0, 5.0]  # all-lowest, all-highest


# ------------------------------------------------------------------ small instruments
def four_point(write) -> tuple[str, str]:
    q = {
        "id": "tiny", "version": "1",
        "scales": {"agree4": ["Disagree", "Rather disagree", "Rather agree", "Agree"]},
        "sections": [{"id": "s", "dimension": "only", "items": [
            {"id": "q1", "type": "agreement", "scale": "agree4", "text": "We agree."},
        ]}],
    }  # fmt: skip
    r = {"id": "tiny", "version": "1", "questionnaire": "tiny",
         "dimensions": {"only": {"items": [{"item": "q1"}]}}}  # fmt: skip
    return write("questionnaire.yaml", q), write("rubric.yaml", r)


def test_four_point_single_item_dimension_validates_and_scores(write):
    qpath, rpath = four_point(write)
    lines = validate(qpath, rpath).splitlines()
    assert lines[-1].startswith("OK: questionnaire.yaml (tiny 1, 1 item in 1 section)")
    # 1, 7/3, 11/3, 5: no answer lands in level 3 (2.6 to 3.4); a warning, not an error
    assert (
        "warning: rubric.yaml: dimensions.only: level 3 (Defined) is never reached: no full set "
        "of answers scores from 2.6 to below 3.4"
    ) in lines
    q, r = load_pair(qpath, rpath)
    scored = score_frame(pd.DataFrame({"q1": [1, 2, 3, 4, 5]}), q, r)
    want = [1, 7 / 3, 11 / 3, 5]
    assert scored.dimensions["only_score"].tolist()[:4] == pytest.approx(want, abs=1e-6)
    assert scored.dimensions["only_level"].tolist()[:4] == [1, 2, 4, 5]
    assert scored.dimensions["only_status"].tolist()[4] == "insufficient data"  # 5 is no code
    assert scored.problems["reason"].tolist() == ["expected a whole number 1..4"]


def scored_scale(write, scale: object, answers: list[object], reverse: bool = False):
    q = {
        "id": "s", "version": "1", "scales": {"sc": scale},
        "sections": [{"id": "s", "dimension": "d", "items": [
            {"id": "a", "type": "agreement", "scale": "sc", "text": "A.", "reverse_worded": reverse},
        ]}],
    }  # fmt: skip
    r = {"id": "s", "version": "1", "questionnaire": "s",
         "dimensions": {"d": {"items": [{"item": "a", "reverse": reverse}]}}}  # fmt: skip
    pair = load_pair(write("questionnaire.yaml", q), write("rubric.yaml", r))
    return score_frame(pd.DataFrame({"a": answers}), *pair)


def test_explicit_codes_pair_with_the_labels_in_order(write):
    scale = {
        "labels": ["never", "rarely", "sometimes", "often", "always"],
        "codes": [0, 1, 2, 3, 4],
    }
    scored = scored_scale(write, scale, [0, 1, 2, 3, 4, 5])
    assert scored.item_frame()["a"].tolist()[:5] == [1, 2, 3, 4, 5]
    assert scored.problems["reason"].tolist() == ["expected a whole number 0..4"]


def test_codes_with_gaps_and_a_reverse_key(write):
    scale = {"labels": ["low", "mid", "high"], "codes": [10, 20, 30]}
    scored = scored_scale(write, scale, [10, 20, 30, 15], reverse=True)
    assert scored.item_frame()["a"].tolist()[:3] == [5, 3, 1]
    assert scored.problems["reason"].tolist() == ["expected one of: 10, 20, 30"]


def test_reversed_code_order(write):
    # coded 1 = strongly agree: the first label (the lowest score) has code 6
    labels = ["Strongly disagree", "Disagree", "Slightly disagree", "Slightly agree", "Agree",
              "Strongly agree"]  # fmt: skip
    scored = scored_scale(write, {"labels": labels, "reversed": True}, [1, 2, 5, 6])
    assert scored.item_frame()["a"].tolist() == pytest.approx([5, 4.2, 1.8, 1])
    q, _ = load_pair("questionnaire.yaml", "rubric.yaml")
    scale = q.scales["sc"]
    assert scale.options()[0] == (1, "Strongly agree") and scale.label_of(6) == labels[0]
    # explicit codes given in reverse order of the labels
    scored = scored_scale(
        write, {"labels": labels[:3], "codes": [0, 1, 2], "reversed": True}, [0, 2]
    )
    assert scored.item_frame()["a"].tolist() == [5, 1]


def test_score_range_levels_map_and_bands_take_any_value(write):
    q = {
        "id": "p", "version": "1",
        "scales": {"two": ["No", "Yes"], "eleven": {"labels": [str(k) for k in range(11)], "codes": list(range(11))}},
        "sections": [{"id": "s", "dimension": "d", "items": [
            {"id": "nps", "type": "agreement", "scale": "eleven", "text": "Recommend?"},
            {"id": "yes", "type": "yesno", "text": "Yes?"},
            {"id": "pick", "type": "choice", "text": "Pick.",
             "options": [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}]},
            {"id": "num", "type": "number", "text": "How many?", "min": 0, "max": 10},
            {"id": "flip", "type": "agreement", "scale": "two", "text": "Flip?",
             "reverse_worded": True},
        ]}],
    }  # fmt: skip
    r = {
        "id": "p", "version": "1", "questionnaire": "p", "score_range": [0, 100],
        "levels": [{"level": 1, "name": "Low", "min": 0}, {"level": 2, "name": "Mid", "min": 40},
                   {"level": 3, "name": "High", "min": 75}],
        "dimensions": {"d": {"items": [
            {"item": "nps", "weight": 2},
            {"item": "yes"},
            {"item": "pick", "map": {"a": 12.5, "b": 100}},
            {"item": "num", "bands": [{"min": 0, "max": 5, "score": 0},
                                      {"min": 5, "max": 10, "score": 62.5}]},
            {"item": "flip", "reverse": True},
        ]}},
    }  # fmt: skip
    qpath, rpath = write("questionnaire.yaml", q), write("rubric.yaml", r)
    assert validate(qpath, rpath).splitlines()[-1].startswith("OK: ")
    qq, rr = load_pair(qpath, rpath)
    assert rr.dimensions["d"].target == 3  # the top level: there is no level 4
    answers = pd.DataFrame(
        {"nps": [0, 7, 10], "yes": ["no", "yes", "yes"], "pick": ["a", "a", "b"],
         "num": [1, 6, 10], "flip": [2, 1, 1]}
    )  # fmt: skip
    scored = score_frame(answers, qq, rr)
    items = scored.item_frame()  # nps: code c of 0..10 scores 10c
    assert items["nps"].tolist() == [0, 70, 100]
    assert items["yes"].tolist() == [0, 100, 100]
    assert items["flip"].tolist() == [0, 100, 100]
    want = [(2 * 0 + 0 + 12.5 + 0 + 0) / 6, (2 * 70 + 100 + 12.5 + 62.5 + 100) / 6,
            (2 * 100 + 100 + 100 + 62.5 + 100) / 6]  # fmt: skip
    assert scored.dimensions["d_score"].tolist() == pytest.approx(want, abs=1e-6)
    assert scored.dimensions["d_level"].tolist() == [1, 2, 3]
    assert scored.dimensions["d_gap_to_next"].tolist() == pytest.approx(
        [40 - want[0], 75 - want[1], 0]
    )


def test_agreement_map_gives_any_score(write):
    labels = ["No", "Partly", "Yes"]
    q = {"id": "m", "version": "1", "scales": {"three": labels}, "sections": [
        {"id": "s", "dimension": "d",
         "items": [{"id": "a", "type": "agreement", "scale": "three", "text": "A."}]}]}  # fmt: skip
    r = {"id": "m", "version": "1", "questionnaire": "m", "dimensions": {"d": {"items": [
        {"item": "a", "map": {1: 1, 2: 4.5, 3: 5}}]}}}  # fmt: skip
    pair = load_pair(write("questionnaire.yaml", q), write("rubric.yaml", r))
    scored = score_frame(pd.DataFrame({"a": [1, 2, 3]}), *pair)
    assert scored.item_frame()["a"].tolist() == [1, 4.5, 5]
    r["dimensions"]["d"]["items"][0]["map"] = {1: 1, 2: 3, 4: 5}
    assert problems(write, q, r) == [
        "rubric.yaml: dimensions.d.items[0].map: no score for code(s) 3 of 'a'",
        "rubric.yaml: dimensions.d.items[0].map: '4' is not a code of scale 'three'",
    ]


# ------------------------------------------------------------------ one-line errors
def test_bad_scales_are_one_line_errors_with_their_field_paths(write, mini_q, mini_r):
    six = ["a", "b", "c", "d", "e", "f"]
    mini_q["scales"] = {
        "agree5": mini_q.get("scales", {}).get("agree5", ["1", "2", "3", "4", "5"]),
        "agree7": {"labels": six, "codes": [1, 2, 3, 4, 5, 6, 7]},
        "dupes": {"labels": ["x", "y", "z"], "codes": [1, 1, 2]},
        "long": [str(k) for k in range(12)],
        "one": ["only"],
        "neg": {"labels": ["x", "y"], "codes": [-1, 1]},
        "same": ["x", "x"],
        "typo": {"labels": ["x", "y"], "revesred": True},
    }
    assert problems(write, mini_q, mini_r) == [
        "questionnaire.yaml: scales.agree7.codes: 7 codes for 6 labels",
        "questionnaire.yaml: scales.dupes.codes: duplicate code 1",
        "questionnaire.yaml: scales.long.labels: List should have at most 11 items after "
        "validation, not 12",
        "questionnaire.yaml: scales.one.labels: List should have at least 2 items after "
        "validation, not 1",
        "questionnaire.yaml: scales.neg.codes[0]: Input should be greater than or equal to 0 "
        "(found -1)",
        "questionnaire.yaml: scales.same.labels: duplicate label 'x'",
        "questionnaire.yaml: scales.typo.revesred: unknown field",
    ]


def test_bad_levels_and_score_range_are_one_line_errors(write, mini_q, mini_r):
    mini_r["levels"][1]["min"] = 0.9
    mini_r["dimensions"]["alpha"]["descriptors"][6] = "beyond"
    mini_r["dimensions"]["beta"]["target"] = 6
    assert problems(write, mini_q, mini_r)[:3] == [
        "rubric.yaml: levels[1].min: thresholds must ascend (0.9 is not above 1)",
        "rubric.yaml: dimensions.alpha.descriptors: level 6 does not exist (levels are 1..5)",
        "rubric.yaml: dimensions.beta.target: level 6 does not exist (levels are 1..5)",
    ]
    r = dict(mini_r, levels=[{"level": k + 1, "name": f"L{k}", "min": 1 + k / 2} for k in range(8)])
    assert problems(write, mini_q, r) == [
        "rubric.yaml: levels: List should have at most 7 items after validation, not 8"
    ]
    r = dict(mini_r, levels=[{"level": 1, "name": "Only", "min": 1}])
    assert problems(write, mini_q, r) == [
        "rubric.yaml: levels: give 2 to 7 levels, or none for the default five"
    ]
    r = dict(mini_r, score_range=[5, 1])
    assert problems(write, mini_q, r) == [
        "rubric.yaml: score_range: the lowest score must be below the highest (found 5, 1)"
    ]
    mini_r["levels"][1]["min"] = 1.8
    del mini_r["dimensions"]["alpha"]["descriptors"][6]
    mini_r["dimensions"]["beta"]["target"] = 3
    mini_r["dimensions"]["alpha"]["items"][3]["map"]["full"] = 6
    mini_r["dimensions"]["beta"]["items"][1]["bands"][0]["score"] = 0.5
    assert problems(write, mini_q, mini_r) == [
        "rubric.yaml: dimensions.alpha.items[3].map.full: 6 is outside the score range 1..5",
        "rubric.yaml: dimensions.beta.items[1].bands[0].score: 0.5 is outside the score range 1..5",
    ]
    mini_r["dimensions"]["alpha"]["items"][3]["map"]["full"] = 5
    mini_r["dimensions"]["beta"]["items"][1]["bands"][0]["score"] = 1
    mini_r["levels"][4]["min"] = 5.5
    assert problems(write, mini_q, mini_r)[0] == (
        "rubric.yaml: levels[4].min: must be at most 5, the highest score, so the top level can "
        "be reached"
    )


def test_contacts_ratings_keep_five_point_scales(write):
    from amc_assess.resources import data_dir

    q = read_yaml(data_dir("questionnaires") / "relationship_audit.yaml")
    q["scales"]["frequency"] = q["scales"]["frequency"][:4]
    path = write("questionnaire.yaml", q)
    with pytest.raises(InvalidInput) as caught:
        validate(path)
    assert any(
        "ratings.frequency.scale: scale 'frequency' must be a list of 5 labels (a tie is rated "
        "1..5)" in line
        for line in caught.value.errors
    )


# ------------------------------------------------------------------ schema
def test_json_schema_covers_the_new_fields(tmp_path: Path):
    paths = {p.name: p for p in write_schemas(tmp_path)}
    q = json.loads(paths["amc-questionnaire.schema.json"].read_text(encoding="utf-8"))
    r = json.loads(paths["amc-rubric.schema.json"].read_text(encoding="utf-8"))
    scale = q["properties"]["scales"]["additionalProperties"]["anyOf"]
    assert scale[0]["type"] == "array" and scale[0]["maxItems"] == 11
    assert set(q["$defs"]["ScaleSpec"]["properties"]) == {"labels", "codes", "reversed"}
    assert set(q["$defs"]["Item"]["required"]) == {"id", "type", "text"}
    assert "score_range" in r["properties"] and r["properties"]["levels"]["maxItems"] == 7
    assert set(r["$defs"]["Dimension"]["required"]) == {"items"}
    assert set(r["required"]) == {"id", "version", "questionnaire", "dimensions"}


# ------------------------------------------------------------------ the documentation
def _yaml_after(text: str, marker: str) -> object:
    import yaml

    return yaml.safe_load(text.split(marker, 1)[1].split("```yaml", 1)[1].split("```", 1)[0])


def test_documented_examples_validate_and_score(write):
    docs = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text("utf-8")
    scales = _yaml_after(docs, "### Scales (`scales:`)")
    q = _yaml_after(docs, "minimal instrument is items and one scale:")
    r = _yaml_after(docs, "A minimal rubric is dimensions, items and reverse keys:")
    assert isinstance(scales, dict) and isinstance(q, dict) and isinstance(r, dict)
    q["scales"].update(scales["scales"])
    qpath, rpath = write("questionnaire.yaml", q), write("rubric.yaml", r)
    assert validate(qpath, rpath).splitlines()[-1].startswith("OK: questionnaire.yaml (team7 1")
    loaded, _ = load_pair(qpath, rpath)
    assert loaded.scales["often5"].codes == (0, 1, 2, 3, 4)
    assert loaded.scales["agree6_reversed"].label_of(6) == "Strongly disagree"
    response = {
        "assessment": {"firm": "F", "instrument": "team7", "instrument_version": "1"},
        "answers": {"tr_rely": 7, "tr_doubt": 7},
    }
    (result,) = score_files([write("resp.yaml", response)], qpath, rpath)
    assert result.dimensions[0].score == 3.0  # (5 + 1) / 2


def test_interview_offers_and_names_a_scale_s_own_codes():
    from amc_assess.interview.flow import answer_label
    from amc_assess.interview.widgets import _options
    from amc_assess.models import Answer, Item, Scale
    from amc_assess.models.scales import ScaleSpec

    item = Item(id="a", type="agreement", scale="often", text="How often?")
    labels = ["Never", "Sometimes", "Always"]
    scales = {"often": Scale.of(ScaleSpec(labels=labels, codes=[0, 5, 10]))}
    assert _options(item, scales) == [(0, "Never"), (5, "Sometimes"), (10, "Always")]
    assert answer_label(item, Answer(value=10), scales) == "10 Always"
    scales = {"often": Scale.of(ScaleSpec(labels=labels, reversed=True))}
    assert _options(item, scales) == [(1, "Always"), (2, "Sometimes"), (3, "Never")]
    assert answer_label(item, Answer(value=3), scales) == "3 Never"


# ------------------------------------------------------------------ targets above level 5
SEVEN_LEVELS = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 6.5]


def seven_level_rubric(write) -> str:
    """The 7-point instrument's rubric on the score range 1..7 with seven levels."""
    r = read_yaml(R7)
    r["score_range"] = [1, 7]
    r["levels"] = [{"level": k + 1, "name": f"Stage {k + 1}", "min": m}
                   for k, m in enumerate(SEVEN_LEVELS)]  # fmt: skip
    return write("rubric7.yaml", r)


def test_targets_above_five_on_a_seven_level_rubric(write):
    rpath = seven_level_rubric(write)
    response = read_yaml(SCALE7 / "response.yaml")
    response["targets"] = {"levels": {"trust": 7, "communication": 6}}
    write("r.yaml", response)
    (result,) = score_files(["r.yaml"], Q7, rpath, targets="commitment=6")
    answers = response["answers"]
    for d in result.dimensions:  # the 7-point answers land on 1..7 unchanged (reverse: 8 - c)
        rev = dict(DIMS7[d.dimension])
        codes = [8 - int(answers[i]) if rev[i] else int(answers[i])
                 for i in rev if answers[i] != "dont_know"]  # fmt: skip
        score = sum(codes) / len(codes)
        level = level_of(score, SEVEN_LEVELS)
        target = {"trust": 7, "communication": 6, "commitment": 6}[d.dimension]
        assert (d.score, d.level, d.target) == (pytest.approx(score), level, target)
        assert d.percent_to_target == pytest.approx((min(level, target) - 1) / (target - 1))
        assert d.gap_to_target == pytest.approx(max(0.0, SEVEN_LEVELS[target - 1] - score))
    assert result.targets.levels == {"trust": 7, "communication": 6, "commitment": 6}


def test_a_target_above_the_rubric_s_top_level_is_one_line(write):
    rpath = seven_level_rubric(write)
    response = read_yaml(SCALE7 / "response.yaml")
    response["targets"] = {"levels": {"trust": 8}}
    write("r.yaml", response)
    with pytest.raises(InvalidInput) as caught:
        score_files(["r.yaml"], Q7, rpath)
    assert caught.value.errors == ["r.yaml: targets.levels.trust: 8 is not a level 1..7"]
    with pytest.raises(InvalidInput) as caught:
        score_files([SCALE7 / "response.yaml"], Q7, R7, targets="trust=6")
    assert caught.value.errors == ["--targets: trust: '6' is not a level 1..5"]


def test_markdown_summary_names_the_rubric_s_score_range():
    from amc_assess.render import to_markdown

    (result,) = score_files([SCALE7 / "response.yaml"], Q7, SCALE7 / "rubric_range7.yaml")
    assert result.score_range == (1, 7)
    text = to_markdown([result])
    assert f"{result.overall_score:.2f} on a scale of 1 to 7 —" in text and "of 5" not in text
    (amc,) = score_files(["examples/mid_maturity.yaml"])
    assert f"{amc.overall_score:.2f} on a scale of 1 to 5 —" in to_markdown([amc])
