"""The report on any instrument's scale (issue 13): charts, colors and words take the rubric's
score range and levels from the result being rendered; answers are named by their own codes.

The seven-point instrument of ``fixtures/scale7`` is scored on 1..7 with six levels whose
thresholds are not equal steps (``rubric_range7.yaml``)."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from pypdf import PdfReader
from reportlab.graphics.shapes import Rect, String

from amc_assess.loading import load_rubric
from amc_assess.models import Answer, Questionnaire
from amc_assess.report import (
    History,
    HistoryPoint,
    PeerStats,
    Position,
    Quartiles,
    charts,
    render_report,
)
from amc_assess.report.answers import answer_label, shows
from amc_assess.report.brand import Colors
from amc_assess.report.chartkit import walk
from amc_assess.report.context import build_context
from amc_assess.report.heatmap import heatmap
from amc_assess.report.page import BODY_W
from amc_assess.report.scale import ScoreScale, level_shade, score_shade, shade
from amc_assess.report.text import labels
from amc_assess.reporting import report_inputs
from amc_assess.validation import instrument, load_pair
from conftest import FIXTURES, REPO, invoke, read_yaml

SCALE7 = FIXTURES / "scale7"
PAL = Colors()
THRESHOLDS7 = ["1.0", "2.2", "3.4", "4.6", "5.4", "6.3", "7.0"]


@pytest.fixture(scope="module")
def pair7():
    return load_pair(SCALE7 / "questionnaire.yaml", SCALE7 / "rubric_range7.yaml")


@pytest.fixture(scope="module")
def inp7(pair7):
    q, r = pair7
    return report_inputs([SCALE7 / "response.yaml"], q, r)[0][0]


@pytest.fixture(scope="module")
def ctx7(pair7, inp7):
    q, r = pair7
    return build_context(inp7, q, r)


def strings(node) -> list[str]:
    return [s.text for s in walk(node) if isinstance(s, String)]


# --- the scale ------------------------------------------------------------------------------


def test_the_scale_is_the_rubric_s(ctx7):
    scale = ctx7["scale"]
    assert (scale.low, scale.high, scale.levels) == (1, 7, 6)
    assert scale.ticks() == [1, 2, 3, 4, 5, 6, 7]
    assert scale.rings() == [2.2, 3.4, 4.6, 5.4, 6.3, 7.0]
    assert (scale.in_place, scale.gaps, scale.sound_text) == ("6 or 7", "1 or 2", "5.5")
    amc = build_context(report_inputs([REPO / "examples" / "mid_maturity.yaml"], *instrument())[0][0],
                        *instrument())["scale"]  # fmt: skip
    assert amc == ScoreScale()  # the AMC rubric: 1..5, its five thresholds, sound score 4
    assert (amc.in_place, amc.gaps, amc.rings()) == ("4 or 5", "1 or 2", [1.8, 2.6, 3.4, 4.2, 5])


def test_a_wide_or_fractional_range_ticks_in_quarters_and_speaks_in_ranges():
    wide = ScoreScale(0, 100, (0, 40, 80), 75, whole=True)
    assert wide.ticks() == [0, 25, 50, 75, 100]
    assert (wide.in_place, wide.gaps) == ("75 to 100", "0 to 25")
    mapped = ScoreScale(whole=False)  # a 7-point scale mapped onto 1..5: scores 1, 1.67...
    assert (mapped.in_place, mapped.gaps) == ("4 to 5", "1 to 2")


def test_five_levels_or_score_steps_take_the_brand_colors_as_they_are():
    levels = [c.upper() for c in PAL.levels]
    assert [level_shade(PAL.levels, k, 5) for k in range(1, 6)] == levels
    amc = ScoreScale()
    for score in (1, 1.49, 1.5, 2.5, 3, 3.67, 4.33, 4.4, 5):  # the whole point reached
        assert score_shade(PAL.levels, score, amc) == levels[int(score) - 1]
    # a 7-point answer scored on 1..5: "Somewhat agree" (3.67) is not colored as in place
    assert score_shade(PAL.levels, 11 / 3, amc) != score_shade(PAL.levels, 13 / 3, amc)
    assert score_shade(PAL.levels, 5 / 3, amc) == levels[0]  # "Disagree": level 1's color


def test_more_levels_spread_the_brand_colors_from_first_to_last():
    seven = [level_shade(PAL.levels, k, 7) for k in range(1, 8)]
    assert len(set(seven)) == 7
    assert (seven[0], seven[-1]) == (PAL.levels[0].upper(), PAL.levels[-1].upper())
    assert seven[3] == PAL.levels[2].upper()  # the middle level: the middle color
    three = [level_shade(PAL.levels, k, 3) for k in range(1, 4)]
    assert three == [PAL.levels[k].upper() for k in (0, 2, 4)]
    assert shade(["#000000", "#FFFFFF"], 0.5) == "#808080"
    scale7 = ScoreScale(1, 7, (1, 2.2, 3.4, 4.6, 5.4, 6.3))
    assert [score_shade(PAL.levels, s, scale7) for s in range(1, 8)] == seven


# --- the charts -----------------------------------------------------------------------------


def test_radar_rings_are_the_levels_and_the_top_of_the_range(ctx7):
    lab = labels(ctx7)
    d = charts.radar(ctx7["dimensions"], lab, PAL, 470, 250, scale=ctx7["scale"])
    assert strings(d.rings) == THRESHOLDS7[1:]
    default = charts.radar(ctx7["dimensions"], lab, PAL, 470, 250)
    assert strings(default.rings) == ["1.8", "2.6", "3.4", "4.2", "5.0"]


def test_level_scale_bands_axis_and_peer_box_are_on_the_range(ctx7):
    lab = labels(ctx7)
    dim = copy.deepcopy(ctx7["dimensions"][0])
    dim["peer"] = {"q1": 3.0, "median": 4.0, "q3": 5.5, "peers": "20–49", "levels": None}
    d = charts.level_scale(dim, ctx7["levels"], lab, PAL, 470, ctx7["scale"])
    texts = strings(d)
    assert [t for t in texts if t in THRESHOLDS7] == THRESHOLDS7 and "5.0" not in texts
    assert "Score (1 to 7)" in texts
    bands = [s for s in d.contents if isinstance(s, Rect)]
    assert len(bands) == 6 and len({b.fillColor.hexval() for b in bands}) == 6
    left, right = 4, 470 - 4
    assert bands[-1].x + bands[-1].width == pytest.approx(right)
    assert bands[3].x == pytest.approx(left + (right - left) * (4.6 - 1) / 6)
    (box,) = [s for s in d.peers.contents if isinstance(s, Rect)]
    assert box.x == pytest.approx(left + (right - left) * (3.0 - 1) / 6)
    assert box.x + box.width == pytest.approx(left + (right - left) * (5.5 - 1) / 6)


def test_trend_axis_ticks_every_point_of_the_range(ctx7):
    lab = labels(ctx7)
    series = [("Trust", [4.5, 5.1, 6.8], False), ("Overall", [4.0, 4.4, 5.2], True)]
    d = charts.trend(["2024", "2025", "2026"], series, lab, PAL, 470, scale=ctx7["scale"])
    ticks = [t for t in strings(d.grid) if t.isdigit() and len(t) == 1]
    assert ticks == ["1", "2", "3", "4", "5", "6", "7"]
    assert "Score (1 to 7)" in strings(d.grid)
    ys = sorted(m.y for g in d.series.contents for m in g.contents if getattr(m, "kind", None))
    top_tick = max(s.y for s in d.grid.contents if isinstance(s, String) and s.text == "7") + 3
    assert ys[-1] < top_tick and ys[-1] > top_tick - 20  # 6.8 just under the top line


def test_heatmap_colors_and_legend_follow_the_range(ctx7):
    lab = labels(ctx7)
    d = heatmap(ctx7["dimensions"], lab, PAL, BODY_W, False, scale=ctx7["scale"])
    key = strings(d.legend)
    assert key[0] == "Practice score, 1 (lowest) to 7 (highest):"
    assert key[1:8] == ["1", "2", "3", "4", "5", "6", "7"]
    seven = {str(s): score_shade(PAL.levels, s, ctx7["scale"]) for s in range(1, 8)}
    for cell in d.cells.contents:
        (label,) = [s for s in walk(cell) if isinstance(s, String)]
        if label.text != "–":
            box = next(s for s in walk(cell) if isinstance(s, Rect))
            assert box.fillColor.hexval().upper() == "0X" + seven[label.text][1:]


# --- the words ------------------------------------------------------------------------------


def test_what_the_answers_show_uses_the_range(ctx7):
    trust = next(d for d in ctx7["dimensions"] if d["id"] == "trust")
    assert [r["score"] for r in trust["shows"]["in_place"]] == [6, 6]  # 5 is not in place
    rows = [{"score": s} for s in (1, 2, 3, 5, 6, 7)]
    assert [r["score"] for r in shows(rows)["in_place"]] == [5, 6, 7]  # the default: 1..5
    assert [r["score"] for r in shows(rows, ScoreScale(1, 7))["gaps"]] == [1, 2]


LABELS = ["never", "rarely", "sometimes", "often", "usually", "almost always", "always"]


def scales_questionnaire() -> Questionnaire:
    scales = {
        "zero": {"labels": LABELS, "codes": list(range(7))},
        "zero_back": {"labels": LABELS, "codes": list(range(7)), "reversed": True},
        "five_back": {"labels": LABELS[:5], "reversed": True},
        "tens": {"labels": LABELS[:3], "codes": [10, 20, 30]},
    }
    items = [{"id": name, "type": "agreement", "scale": name, "text": name} for name in scales]
    return Questionnaire.model_validate(
        {"id": "t", "version": "1", "scales": scales, "sections": [{"id": "s", "items": items}]}
    )


@pytest.mark.parametrize(
    ("scale", "named"),
    [
        ("zero", {0: "never", 3: "often", 6: "always", 7: "7"}),
        ("zero_back", {0: "always", 1: "almost always", 6: "never", 7: "7"}),
        ("five_back", {1: "usually", 5: "never", 0: "0", 6: "6"}),
        ("tens", {10: "never", 20: "rarely", 30: "sometimes", 2: "2", 3.0: "3.0"}),
    ],
)
def test_answer_label_reads_the_scale_s_own_codes(scale, named):
    q = scales_questionnaire()
    item = q.item_map()[scale]
    assert {code: answer_label(item, Answer(value=code), q) for code in named} == named
    assert answer_label(item, Answer(state="dont_know"), q) == "Don't know"


# --- the PDF --------------------------------------------------------------------------------


def page_strings(page) -> list[str]:
    """Every string drawn on the page, one per text operation (chart labels stay apart)."""
    out: list[str] = []
    page.extract_text(visitor_text=lambda t, *_: out.append(t.strip()) if t.strip() else None)
    return out


def test_a_seven_point_report_draws_its_own_range(tmp_path, pair7, inp7):
    q, r = pair7
    dims = {d.dimension: d for d in inp7.result.dimensions}
    middle = Position(low=50, high=75, label="50th–75th percentile", quartile=3)
    peers = PeerStats(
        definition="Fictional teams",
        size="10–19",
        dimensions={
            k: Quartiles(peers="10–19", q1=3.2, median=4.2, q3=5.6, position=middle) for k in dims
        },
        overall=Quartiles(peers="10–19", q1=3.5, median=4.4, q3=5.5, position=middle),
    )
    history = History(
        points=[
            HistoryPoint(label="2024", overall=4.1, dimensions=dict.fromkeys(dims, 4.0)),
            HistoryPoint(
                label="2026",
                overall=inp7.result.overall_score,
                dimensions={k: d.score for k, d in dims.items()},
            ),
        ]
    )
    inp = inp7.model_copy(update={"peers": peers, "history": history})
    pdf = tmp_path / "seven.pdf"
    render_report(inp, pdf, q, r)
    pages = [page_strings(p) for p in PdfReader(pdf).pages]
    text = " ".join(" ".join(p) for p in pages)
    summary = next(p for p in pages if "Profile at a glance" in p)
    assert "7.0" in summary and "5.0" not in summary  # the radar's outer ring
    assert "on a scale of 1 to 7, which places it" in " ".join(summary)
    assert f"{inp.result.overall_score:.2f} / 7" in summary
    for dim in (p for p in pages if "Results by practice" in p):
        assert [s for s in dim if s in THRESHOLDS7] == THRESHOLDS7  # the level bands' bounds
        assert "5.0" not in dim and "Score (1 to 7)" in dim
    trend = next(p for p in pages if "Scores by assessment" in p)
    assert [s for s in trend if s in list("1234567")] == list("1234567")
    assert "Score (1 to 7)" in trend
    heat = next(p for p in pages if "Practice" in p and "Score" in p)  # the heatmap's head
    assert "Practice score, 1 (lowest) to 7 (highest):" in heat
    assert heat[heat.index("Practice score, 1 (lowest) to 7 (highest):") + 1 :][:7] == list(
        "1234567"
    )
    assert "In place (practices scoring 6 or 7):" in text
    assert (
        "one of six levels" in text and "Each practice receives a whole score from 1 to 7" in text
    )
    assert "1 to 5" not in text and "/ 5" not in text
    # the rubric describes no level: no empty "typical picture", the level stays named
    assert "the typical picture" not in text and "Level 5, Strong The score is 5.67" in text


def test_three_levels_end_at_the_third(tmp_path, write, pair7):
    """The top level is the rubric's last, not level 5: no level 4 is named or reached."""
    q, _ = pair7
    data = read_yaml(SCALE7 / "rubric_range7.yaml")
    data["levels"] = [
        {"level": 1, "name": "Low", "min": 1.0},
        {"level": 2, "name": "Middle", "min": 3.0},
        {"level": 3, "name": "High", "min": 5.5},
    ]
    r = load_rubric(write("three.yaml", data))
    inp = report_inputs([SCALE7 / "response.yaml"], q, r)[0][0]
    ctx = build_context(inp, q, r)
    by_id = {d["id"]: d for d in ctx["dimensions"]}
    assert by_id["trust"]["level"] == 3 and by_id["trust"]["top_level"]
    assert (by_id["commitment"]["next_level"], by_id["commitment"]["next_level_name"]) == (
        3,
        "High",
    )
    render_report(inp, tmp_path / "three.pdf", q, r)
    text = " ".join(" ".join(page_strings(p)) for p in PdfReader(tmp_path / "three.pdf").pages)
    assert "one of three levels" in text and "This is the highest level of the scale." in text


def test_the_methodology_says_how_a_seven_point_statement_scores_on_a_five_point_range():
    """It said "agreement statements as answered" while 'Somewhat agree' scored 3.67 (a
    new-user trial); on the statements' own range they still score as answered."""
    from amc_assess.report.text import render

    sentences = {}
    for name in ("rubric.yaml", "rubric_range7.yaml"):
        q, r = load_pair(SCALE7 / "questionnaire.yaml", SCALE7 / name)
        inp = report_inputs([SCALE7 / "response.yaml"], q, r)[0][0]
        ctx = build_context(inp, q, r)
        text = " ".join(render("report_methodology.j2", ctx).split())
        sentences[name] = text[text.index("agreement statements") :].split(":")[0]
        scores = {float(s) for s in inp.result.item_scores.values() if s is not None}
        sentences[name + " scores"] = scores
    assert sentences["rubric.yaml"].startswith(
        "agreement statements placed evenly on that range (7-point answers 0.67 apart)"
    )
    assert any(not s.is_integer() for s in sentences["rubric.yaml scores"])
    assert sentences["rubric_range7.yaml"].startswith("agreement statements as answered")
    assert all(s.is_integer() for s in sentences["rubric_range7.yaml scores"])


def test_a_roadmap_step_quotes_a_seven_point_score_as_the_tables_print_it(tmp_path):
    """The roadmap said "scored 3.66667" beside a table printing 3.67 (a trial)."""
    rubric = (
        (SCALE7 / "rubric.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "{item: tr_doubt, reverse: true}",
            "{item: tr_doubt, reverse: true, advice: {text: Speak about doubts early., effort: S}}",
        )
    )
    (tmp_path / "rubric.yaml").write_text(rubric, encoding="utf-8")
    response = yaml.safe_load((SCALE7 / "response.yaml").read_text(encoding="utf-8"))
    response["answers"]["tr_doubt"] = 5  # "somewhat agree" to a doubt: 3 reversed, 2.33
    (tmp_path / "response.yaml").write_text(yaml.safe_dump(response), encoding="utf-8")
    q, r = load_pair(SCALE7 / "questionnaire.yaml", tmp_path / "rubric.yaml")
    inp = report_inputs([tmp_path / "response.yaml"], q, r)[0][0]
    assert inp.result.item_scores["tr_doubt"] == pytest.approx(7 / 3)
    steps = build_context(inp, q, r)["roadmap"]
    because = next(s["because"] for s in steps if s["id"] == "tr_doubt")
    assert because.endswith("to a statement against the practice, scored 2.33"), because


def test_the_methodology_says_how_practice_scores_are_rounded_as_they_are(tmp_path):
    """Two respondents on a seven-point scale: the tables showed 4.67 under "the mean of the 2
    respondents' scores, rounded to a whole point", and one respondent's page said "a whole
    score" beside "7-point answers 0.67 apart" (a trial)."""
    paths = []
    for k, name in enumerate(("Ann", "Bo")):
        data = yaml.safe_load((SCALE7 / "response.yaml").read_text(encoding="utf-8"))
        data.setdefault("respondent", {})["name"] = name
        data["answers"]["tr_rely"] = 5 + k  # 3.67 and 4.33 on 1..5: their mean is 4.0
        data["answers"]["cm_timely"] = 5 + 2 * k  # 3.67 and 5: 4.33, no whole point
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        paths.append(str(path))
    args = ["-q", str(SCALE7 / "questionnaire.yaml"), "-r", str(SCALE7 / "rubric.yaml")]
    pdf = tmp_path / "two.pdf"
    done = invoke("report", *paths, *args, "--out", str(pdf))
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    scores = [s for d in record["scores"]["dimensions"].values()
              for s in d["item_scores"].values() if s is not None]  # fmt: skip
    assert any(not float(s).is_integer() for s in scores)
    assert "rounded to a whole point" not in text and "(to two decimals)" in text
    one = tmp_path / "one.pdf"
    assert invoke("report", paths[0], *args, "--out", str(one)).exit_code == 0
    alone = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(one).pages)
    assert "Each practice receives a score from" in alone and "a whole score" not in alone


def test_gaps_without_a_step_are_not_said_to_be_practices_in_place(tmp_path):
    """A dimension listed a practice under "Gaps" and then said "No advice applies here: the
    practices ... are in place" (a trial): with gaps shown, the text says no step is given."""
    rubric = (
        (SCALE7 / "rubric.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  trust:\n",
            "  trust:\n    recommendations: {5: [Share the trust survey with the partner.]}\n",
        )
    )
    (tmp_path / "rubric.yaml").write_text(rubric, encoding="utf-8")
    response = yaml.safe_load((SCALE7 / "response.yaml").read_text(encoding="utf-8"))
    response["answers"]["tr_rely"] = 1  # a gap, with no advice of its own
    (tmp_path / "response.yaml").write_text(yaml.safe_dump(response), encoding="utf-8")
    q, r = load_pair(SCALE7 / "questionnaire.yaml", tmp_path / "rubric.yaml")
    inp = report_inputs([tmp_path / "response.yaml"], q, r)[0][0]
    ctx = build_context(inp, q, r)
    trust = next(d for d in ctx["dimensions"] if d["id"] == "trust")
    assert trust["advises"] and trust["shows"]["gaps"] and not trust["advice"]
    from amc_assess.report.text import render

    text = " ".join(render("report_dimension.j2", {**ctx, "d": trust}).split())
    assert "The rubric gives no step for the gaps above" in text
    assert "are in place" not in text
