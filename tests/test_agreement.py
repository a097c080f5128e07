"""rwg(j) against each item's own uniform null, recomputed by hand from the raw answer codes,
and the agreement verdict given only to groups of firms or teams."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from amc_assess.batch import run
from amc_assess.cli import cli
from conftest import FIXTURES

SCALE7 = FIXTURES / "scale7"
Q7, R7 = SCALE7 / "questionnaire.yaml", SCALE7 / "rubric.yaml"
REVERSED = {"tr_doubt", "cm_silence", "co_exit"}
DIMENSIONS = {
    "trust": ["tr_rely", "tr_doubt", "tr_share"],
    "communication": ["cm_timely", "cm_clear", "cm_silence"],
    "commitment": ["co_invest", "co_exit"],
}


def answers7(seed: int = 3) -> pd.DataFrame:
    """Three firms of five respondents answering the 7-point team7 instrument, each firm
    around its own level, a few answers left blank."""
    rng = np.random.default_rng(seed)
    rows = []
    for firm, center in (("North", 6), ("South", 3), ("East", 4)):
        for k in range(5):
            row: dict[str, object] = {"firm": firm, "respondent": f"{firm} {k}"}
            for items in DIMENSIONS.values():
                for item in items:
                    value = int(np.clip(center + rng.integers(-2, 3), 1, 7))
                    row[item] = 8 - value if item in REVERSED else value
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame.loc[[1, 7], "tr_share"] = np.nan
    frame.loc[12, "co_exit"] = np.nan
    return frame


def rwg_by_hand(raw: pd.Series | pd.DataFrame, points: list[int]) -> float:
    """rwg(j) of one group from its raw answer codes: observed variances (n - 1) over each
    item's answers in answer steps, against (A^2 - 1) / 12 for the item's A points
    (James, Demaree & Wolf 1984); the ratio of the means, truncated at 1."""
    frame = pd.DataFrame(raw)
    observed, expected = [], []
    for column, a in zip(frame.columns, points, strict=True):
        values = frame[column].dropna().to_numpy(dtype=float)
        if len(values) >= 2:
            observed.append(values.var(ddof=1))
            expected.append((a**2 - 1) / 12)
    j = len(observed)
    ratio = float(np.mean(observed)) / float(np.mean(expected))
    if ratio >= 1:
        return 0.0
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


def test_rwg_j_of_a_seven_point_instrument_against_a_hand_computation(tmp_path: Path):
    data = answers7()
    data.to_csv(tmp_path / "answers.csv", index=False)
    report = run([tmp_path / "answers.csv"], tmp_path / "out.csv", questionnaire=Q7,
                 rubric=R7, group_by="firm")  # fmt: skip
    groups = report.tables["groups"].set_index("firm")
    scored = report.tables["scored"].reset_index(drop=True)
    checked = 0
    for firm, rows in data.groupby("firm"):
        for dim, items in DIMENSIONS.items():
            # over the respondents the dimension's mean counts (those with its score)
            counted = rows[scored.loc[rows.index, f"{dim}_score"].notna().to_numpy()]
            # reverse keys mirror the codes: variances are unchanged, so raw codes serve
            expected = rwg_by_hand(counted[items], [7] * len(items))
            assert groups.loc[firm, f"{dim}_rwg_j"] == pytest.approx(expected, abs=1e-9)
            checked += expected > 0
    assert checked >= 3  # not only truncated zeros
    # the five-point null (2 on the 1..5 scores) would give other figures
    north = data[data["firm"] == "North"][DIMENSIONS["commitment"]]
    scores = 1 + (north - 1) * 4 / 6
    ratio = scores.var(ddof=1).mean() / 2
    five_point = 2 * (1 - ratio) / (2 * (1 - ratio) + ratio)
    assert groups.loc["North", "commitment_rwg_j"] != pytest.approx(five_point, abs=1e-3)


def test_a_dimension_mixing_scales_uses_each_items_own_points(tmp_path: Path):
    """One 5-point and two 7-point items: rwg(j) compares the mean observed variance of the
    item scores with the mean of the items' own null variances, on the score range."""
    q = yaml.safe_load(Q7.read_text(encoding="utf-8"))
    q["scales"]["agree5"] = ["Disagree a lot", "Disagree", "Neutral", "Agree", "Agree a lot"]
    q["sections"][0]["items"][2]["scale"] = "agree5"  # tr_share: five points
    (tmp_path / "q.yaml").write_text(yaml.safe_dump(q, sort_keys=False), encoding="utf-8")
    data = answers7(seed=11)
    data["tr_share"] = data["tr_share"].clip(upper=5)
    data.to_csv(tmp_path / "answers.csv", index=False)
    report = run([tmp_path / "answers.csv"], tmp_path / "out.csv",
                 questionnaire=tmp_path / "q.yaml", rubric=R7, group_by="firm")  # fmt: skip
    groups = report.tables["groups"].set_index("firm")
    points = {"tr_rely": 7, "tr_doubt": 7, "tr_share": 5}
    for firm, rows in data.groupby("firm"):
        observed, expected = [], []
        for item, a in points.items():
            step = 4 / (a - 1)  # the score range 1..5 in steps of the item's scale
            values = rows[item].dropna().to_numpy(dtype=float) * step
            if len(values) >= 2:
                observed.append(values.var(ddof=1))
                expected.append(step**2 * (a**2 - 1) / 12)
        ratio = np.mean(observed) / np.mean(expected)
        j = len(observed)
        want = 0.0 if ratio >= 1 else j * (1 - ratio) / (j * (1 - ratio) + ratio)
        assert groups.loc[firm, "trust_rwg_j"] == pytest.approx(want, abs=1e-9)


def invoke(*args: str):
    return CliRunner().invoke(
        cli, ["batch", "-q", str(Q7), "-r", str(R7), *args], catch_exceptions=False
    )


def test_caution_lines_only_for_groups_of_firms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    data = answers7()
    data["side"] = ["own", "partner"] * 7 + ["own"]
    data.to_csv("answers.csv", index=False)
    by_firm = invoke("answers.csv", "-o", "firm.csv", "-g", "firm")
    assert by_firm.exit_code == 0
    groups = pd.read_csv("firm.groups.csv")
    flagged = int((groups["status"] == "aggregate with caution").sum())
    assert flagged > 0
    assert by_firm.stdout.count("  aggregate with caution: ") == flagged
    by_side = invoke("answers.csv", "-o", "side.csv", "-g", "side")
    assert by_side.exit_code == 0
    assert "aggregate with caution" not in by_side.stdout
    assert "2 groups by side: 0 single respondent; agreement not checked" in by_side.stdout
    sides = pd.read_csv("side.groups.csv")
    assert list(sides["status"]) == ["not checked", "not checked"]
    assert sides["low_agreement"].isna().all()
    assert sides["trust_rwg_j"].notna().all()  # the figure is still there to read
