"""``amc history show``: year-over-year change, reliable change, baseline and target, versions."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from amc_assess import api
from amc_assess.cli import cli
from amc_assess.store import Store
from amc_assess.store.change import DEFAULT_ALPHA, DEFAULT_SD, Reliability
from amc_assess.store.history import firm_history, history
from conftest import REPO, invoke

EXAMPLES = REPO / "examples"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "env.db"))
    return tmp_path


def as_firm(source: Path, target: Path, firm: str, date: str, version: str | None = None) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["assessment"]["firm"] = firm
    data["assessment"]["date"] = date
    if version:
        data["assessment"]["instrument_version"] = version
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture
def acme(here: Path) -> list[Path]:
    """Acme at low maturity in 2024, middle in 2025 and high in 2026."""
    return [
        as_firm(EXAMPLES / f"{m}_maturity.yaml", here / f"acme_{y}.yaml", "Acme", f"{y}-03-01")
        for m, y in (("low", 2024), ("mid", 2025), ("high", 2026))
    ]


@pytest.fixture
def acme_earlier(here: Path) -> list[Path]:
    """Acme as ``acme``, a year earlier (2023 to 2025): a later year is not in the future."""
    return [
        as_firm(EXAMPLES / f"{m}_maturity.yaml", here / f"acme_{y}.yaml", "Acme", f"{y}-03-01")
        for m, y in (("low", 2023), ("mid", 2024), ("high", 2025))
    ]


def test_reliable_change_index_by_hand():
    rel = Reliability(dimension="x", alpha=0.8, sd=0.5, alpha_n=100, sd_n=100)
    s_diff = math.sqrt(2) * 0.5 * math.sqrt(0.2)
    assert rel.s_diff() == pytest.approx(s_diff)
    assert rel.threshold() == pytest.approx(1.96 * s_diff) == pytest.approx(0.619806, abs=1e-6)
    assert rel.verdict(0.63) == "real improvement"
    assert rel.verdict(-0.63) == "real decline"
    assert rel.verdict(0.62) == "within noise"  # printed ±0.62: not beyond it, as printed
    assert rel.verdict(0.619) == "within noise"
    default = Reliability(dimension="x", alpha=DEFAULT_ALPHA, sd=DEFAULT_SD, alpha_n=0, sd_n=0)
    assert default.threshold() == pytest.approx(1.96 * math.sqrt(2) * 0.75 * math.sqrt(0.17))
    assert default.describe() == (
        "real change beyond ±0.86 points (1.1 levels) for single respondents, ±0.43 (0.5 "
        "levels) for means of 4 each year (RCI > 1.96; alpha 0.83 (default); SD 0.75 (default))"
    )


def test_year_over_year_changes_baseline_and_target(acme: list[Path], db: str):
    assert invoke("history", "add", *map(str, acme), "--db", db).exit_code == 0
    scores = api.score_files(acme)
    result = history("ACME", db)
    assert [y.year for y in result.years] == [2024, 2025, 2026]
    structure = result.trends[0]
    assert structure.dimension == "structure"
    assert (structure.target_level, structure.target_level_name) == (4, "Managed")
    assert structure.target_score == 3.4
    s = [next(d.score for d in r.dimensions if d.dimension == "structure") for r in scores]
    years = structure.years
    assert [y.score for y in years] == pytest.approx(s)
    assert years[0].change is None and years[0].baseline_year == 2024
    assert years[1].change == pytest.approx(s[1] - s[0])
    assert years[2].change == pytest.approx(s[2] - s[1])
    assert years[2].vs_baseline == pytest.approx(s[2] - s[0])
    assert years[2].to_target == pytest.approx(s[2] - 3.4)
    threshold = structure.reliability.threshold()
    for step in years[1:]:
        expected = "within noise" if abs(step.change) <= threshold else (
            "real improvement" if step.change > 0 else "real decline"
        )  # fmt: skip
        assert step.change_verdict == expected
    assert years[2].baseline_verdict == "real improvement"  # low to high maturity
    overall = result.trends[-1]
    assert overall.dimension == "overall"
    assert [y.to_target for y in overall.years] == pytest.approx(
        [r.percent_to_target for r in scores]
    )
    assert result.notes == []


def test_show_prints_each_dimension_per_year(acme: list[Path], db: str):
    assert invoke("history", "add", *map(str, acme), "--db", db).exit_code == 0
    result = invoke("history", "show", "Acme", "--db", db)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "History of Acme: 2024, 2025, 2026"
    assert lines[2:6] == [
        "year  date        respondents  instrument    rubric",
        "2024  2024-03-01            1  amc 1.0.0     amc 1.2.0",
        "2025  2025-03-01            1  amc 1.0.0     amc 1.2.0",
        "2026  2026-03-01            1  amc 1.0.0     amc 1.2.0",
    ]
    assert lines[7] == "Structure (target: level 4 Managed, score 3.40)"
    data = history("Acme", db)
    y = data.trends[0].years
    assert lines[9].split() == ["2024", f"{y[0].score:.2f}", str(y[0].level), y[0].level_name,
                                "baseline", f"{y[0].to_target:+.2f}"]  # fmt: skip
    # the change printed is that of the scores printed (1.96 to 3.28 reads +1.32, not +1.31)
    change = round(y[2].score, 2) - round(y[1].score, 2)
    assert f"{change:+.2f}  real rise" in lines[11]  # as the report says it
    rise = round(y[2].score, 2) - round(y[0].score, 2)
    assert f"{rise:+.2f} since 2024 (real rise)" in lines[11]
    # one respondent a year: no threshold for means of several (a trial saw "means of 4")
    assert lines[12] == "  " + data.trends[0].reliability.describe(1)
    assert "for means of" not in result.stdout
    # every column keeps two spaces to the next, even after the longest verdicts
    coordination = lines[lines.index("Coordination (target: level 4 Managed, score 3.40)") :]
    row = next(line for line in coordination if "level changed, within noise" in line)
    fields = re.split(r"\s{2,}", row.strip())
    assert "level changed, within noise" in fields
    assert any(f.endswith("since 2024 (within noise)") for f in fields), fields


def test_show_json_equals_the_library_result(acme: list[Path], db: str):
    assert invoke("history", "add", *map(str, acme), "--db", db).exit_code == 0
    result = invoke("history", "show", "Acme", "--db", db, "--format", "json")
    assert json.loads(result.stdout) == history("Acme", db).model_dump(mode="json")


def test_unknown_firm(acme: list[Path], db: str):
    assert invoke("history", "add", str(acme[0]), "--db", db).exit_code == 0
    result = invoke("history", "show", "Nobody", "--db", db)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{db}: no assessments of firm 'Nobody' (amc history list, without --firm, shows the stored firms)\n"
    )


def test_respondents_of_a_year_are_pooled(here: Path, db: str):
    files = [
        as_firm(EXAMPLES / "low_maturity.yaml", here / "a.yaml", "Duo", "2026-01-05"),
        as_firm(EXAMPLES / "high_maturity.yaml", here / "b.yaml", "Duo", "2026-02-05"),
    ]
    assert invoke("history", "add", *map(str, files), "--db", db).exit_code == 0
    scores = api.score_files(files)
    result = history("Duo", db)
    assert result.years[0].respondents == 2
    mean = np.mean([r.overall_score for r in scores])
    assert result.trends[-1].years[0].score == pytest.approx(mean)
    assert result.trends[-1].years[0].respondents == 2


def test_report_history_model(acme: list[Path], db: str):
    from amc_assess.models.comparison import History

    assert invoke("history", "add", *map(str, acme), "--db", db).exit_code == 0
    report = firm_history("Acme", db)
    assert isinstance(report, History)
    assert [p.label for p in report.points] == ["2024", "2025", "2026"]
    scores = api.score_files(acme)
    assert [p.overall for p in report.points] == pytest.approx([r.overall_score for r in scores])
    assert report.points[0].dimensions["daf"] == pytest.approx(scores[0].dimensions[3].score)
    assert str(report.points[-1].date) == "2026-03-01"


def test_a_report_of_an_earlier_year_ends_its_trend_there(acme: list[Path], here: Path, db: str):
    """A report of 2025, with 2026 also stored: its trend and its text stop at 2025, where
    the last point is the report's own result (a helper's trial found 2026 in both)."""
    from pypdf import PdfReader

    assert invoke("history", "add", *map(str, acme), "--db", db).exit_code == 0
    done = invoke("report", str(acme[1]), "--db", db, "--out", "r.pdf")
    assert done.exit_code == 0, done.stderr
    low, mid = (r.overall_score for r in api.score_files(acme[:2]))
    text = " ".join(page.extract_text() for page in PdfReader(here / "r.pdf").pages)
    text = " ".join(text.split())
    assert (
        f"Since the previous assessment (2024), the overall index has risen from {low:.2f} to {mid:.2f}"
        in text
    )
    assert "draws on 2 assessments of this firm (2024, 2025)" in text
    record = json.loads((here / "r.json").read_text(encoding="utf-8"))
    assert [point["label"] for point in record["history"]] == ["2024", "2025"]
    assert record["history"][-1]["overall"] == pytest.approx(mid, abs=1e-5)


def test_a_year_or_date_that_contradicts_the_file_is_refused(acme: list[Path], here: Path, db: str):
    """--year and --date are for inputs without a date: given for none of them and
    disagreeing with a file's own, it is an error naming the file, and nothing is stored (a
    trial's --year 2023 for a file dated 2026 was silently ignored)."""
    for option, value in (("--year", "2023"), ("--date", "2024-03-02")):
        result = invoke("history", "add", str(acme[0]), option, value, "--db", db)
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"acme_2024.yaml: dated 2024-03-01, but {option} {value} was given (--date and "
            "--year are for inputs without a date of their own)"
        )
    assert invoke("history", "add", str(acme[0]), "--year", "2024", "--db", db).exit_code == 0
    assert [y.year for y in history("Acme", db).years] == [2024]


def test_an_assessment_dated_after_today_is_refused(acme: list[Path], here: Path, db: str):
    """A store of record takes no future assessment: a typed 2999 would become the latest
    year of every benchmark and trend."""
    import datetime as dt

    today = dt.date.today()
    later = today + dt.timedelta(days=1)
    ahead = as_firm(acme[0], here / "ahead.yaml", "Acme", str(later))
    result = invoke("history", "add", str(ahead), "--db", db)
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == f"ahead.yaml: dated {later}, after today ({today}): check the date"
    )
    undated = yaml.safe_load(acme[0].read_text(encoding="utf-8"))
    del undated["assessment"]["date"]
    (here / "undated.yaml").write_text(yaml.safe_dump(undated), encoding="utf-8")
    result = invoke("history", "add", "undated.yaml", "--year", str(today.year + 1), "--db", db)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"undated.yaml: of the year {today.year + 1}, after this one ({today.year}): check the year"
    )
    assert invoke("history", "add", "undated.yaml", "--year", str(today.year), "--db", db
                  ).exit_code == 0  # fmt: skip


# -- versions --------------------------------------------------------------------------------


@pytest.fixture
def version_1_1(here: Path) -> tuple[Path, Path]:
    """Instrument and rubric 1.1.0: the DAF dimension weighs its first item differently."""
    q = yaml.safe_load((REPO / "questionnaires" / "amc.yaml").read_text(encoding="utf-8"))
    r = yaml.safe_load((REPO / "rubrics" / "amc.yaml").read_text(encoding="utf-8"))
    q["version"] = r["version"] = "1.1.0"
    r["dimensions"]["daf"]["items"][0]["weight"] = 1.0
    (here / "q11.yaml").write_text(yaml.safe_dump(q, sort_keys=False), encoding="utf-8")
    (here / "r11.yaml").write_text(yaml.safe_dump(r, sort_keys=False), encoding="utf-8")
    return here / "q11.yaml", here / "r11.yaml"


def test_years_scored_with_other_versions_compare_only_comparable_dimensions(
    acme_earlier: list[Path], version_1_1: tuple[Path, Path], here: Path, db: str
):
    q11, r11 = version_1_1
    assert invoke("history", "add", *map(str, acme_earlier), "--db", db).exit_code == 0
    new = as_firm(EXAMPLES / "high_maturity.yaml", here / "acme_2026.yaml", "Acme",
                  "2026-03-01", "1.1.0")  # fmt: skip
    refused = invoke("history", "add", str(new), "--db", db)
    assert refused.exit_code == 1
    assert "answers were given to version 1.1.0 but the questionnaire is version 1.0.0" in (
        refused.stderr
    )
    added = invoke("history", "add", str(new), "-q", str(q11), "-r", str(r11), "--db", db)
    assert added.exit_code == 0, added.stderr
    result = history("Acme", db)
    assert result.notes == [
        "2026 was scored with instrument amc 1.1.0 / rubric amc 1.1.0, 2025 with amc 1.0.0 / "
        "amc 1.2.0: changes are shown only for the comparable dimensions (structure, "
        "coordination, learning); not comparable: daf. The overall index is not comparable."
    ]
    by_dim = {t.dimension: t.years[-1] for t in result.trends}
    assert by_dim["structure"].change == pytest.approx(0.0)  # same answers as 2025
    assert by_dim["structure"].change_verdict == "within noise"
    assert by_dim["structure"].baseline_year == 2023
    assert by_dim["daf"].change is None
    assert by_dim["daf"].change_verdict == "not comparable"
    assert by_dim["daf"].baseline_year == 2026  # its own baseline: first year scored this way
    assert by_dim["overall"].change_verdict == "not comparable"
    shown = invoke("history", "show", "Acme", "--db", db)
    assert "not comparable" in shown.stdout
    assert shown.stdout.rstrip().endswith(f"Note: {result.notes[0]}")
    report = firm_history("Acme", db)
    assert report.points[-1].dimensions["daf"] is not None
    assert [p.dimensions["daf"] for p in report.points[:-1]] == [None, None, None]
    assert all(p.dimensions["structure"] is not None for p in report.points)
    assert [p.overall is None for p in report.points] == [True, True, True, False]


def test_a_version_that_changes_nothing_scored_stays_comparable(
    acme_earlier: list[Path], here: Path, db: str
):
    q = yaml.safe_load((REPO / "questionnaires" / "amc.yaml").read_text(encoding="utf-8"))
    r = yaml.safe_load((REPO / "rubrics" / "amc.yaml").read_text(encoding="utf-8"))
    q["version"] = r["version"] = "1.0.1"
    q["sections"][1]["items"][0]["text"] = "Reworded, same meaning."
    r["dimensions"]["structure"]["descriptors"][1] = "Reworded descriptor."
    (here / "q.yaml").write_text(yaml.safe_dump(q, sort_keys=False), encoding="utf-8")
    (here / "r.yaml").write_text(yaml.safe_dump(r, sort_keys=False), encoding="utf-8")
    assert invoke("history", "add", *map(str, acme_earlier), "--db", db).exit_code == 0
    new = as_firm(EXAMPLES / "high_maturity.yaml", here / "n.yaml", "Acme", "2026-01-01", "1.0.1")
    assert invoke("history", "add", str(new), "-q", "q.yaml", "-r", "r.yaml", "--db", db
                  ).exit_code == 0  # fmt: skip
    result = history("Acme", db)
    assert result.notes == [
        "2026 was scored with instrument amc 1.0.1 / rubric amc 1.0.1, 2025 with amc 1.0.0 / "
        "amc 1.2.0: changes are shown only for the comparable dimensions (structure, "
        "coordination, learning, daf)."
    ]
    assert all(t.years[-1].change_verdict == "within noise" for t in result.trends)


# -- reliability from the store ---------------------------------------------------------------


def test_alpha_and_sd_come_from_the_store_when_it_holds_enough(here: Path, db: str):
    from amc_assess.aggregate import cronbach_alpha
    from amc_assess.definitions import digests, versions_of
    from amc_assess.metrics import scored_items
    from amc_assess.scored.respondent import DimScore, ScoredRespondent, Source
    from amc_assess.scoring import score_frame
    from amc_assess.simulate import answers_by_score

    q, r = api.instrument()
    rng = np.random.default_rng(3)
    items = [ri.item for ri in r.dimensions["learning"].items]
    n = 60
    latent = rng.normal(0, 1, n)
    frame = pd.DataFrame(index=range(n), columns=[i.id for i in q.items()], dtype=object)
    questions = scored_items(q, r)
    for dim in r.dimensions.values():  # correlated answers: every item follows one latent
        for ri in dim.items:
            options = answers_by_score(questions[ri.item], ri)
            wanted = np.clip(np.round(3 + latent + rng.normal(0, 0.7, n)), 1, 5)
            frame[ri.item] = [options[min(options, key=lambda s, w=w: abs(s - w))] for w in wanted]
    scored = score_frame(frame, q, r)
    dims = scored.dimensions
    codes = scored.item_frame()
    records = []
    for k in range(n):
        records.append(
            ScoredRespondent(
                firm=f"Firm {k}", year=2025 + k % 2, date=None, versions=versions_of(q, r),
                dimensions={d: DimScore(None if np.isnan(v := dims[f"{d}_score"].iloc[k])
                                        else float(v)) for d in r.dimensions},
                overall_score=None, overall_level=None, overall_status="insufficient data",
                percent_to_target=None, source=Source("t.csv", "table", f"row {k}"),
                item_scores={i: None if pd.isna(v) else int(v)
                             for i, v in codes.iloc[k].items()},
            )
        )  # fmt: skip
    with Store.open(db) as store:
        store.add(records, {versions_of(q, r): digests(q, r)})
    result = history("Firm 7", db)
    learning = next(t for t in result.trends if t.dimension == "learning")
    expected = cronbach_alpha(codes[items].astype(float), "pairwise")
    assert learning.reliability.alpha == pytest.approx(expected.alpha)
    assert learning.reliability.alpha_n == n
    scores = dims["learning_score"].dropna().to_numpy()
    assert learning.reliability.sd == pytest.approx(np.std(scores, ddof=1))
    assert learning.reliability.sd_n == len(scores)
    assert f"alpha {expected.alpha:.2f} from 60 stored assessments" in (
        learning.reliability.describe()
    )


def test_a_json_result_keeps_its_date_so_history_add_needs_no_date(tmp_path: Path, db: str):
    runner = CliRunner()
    scored = runner.invoke(
        cli, ["score", str(REPO / "examples" / "mid_maturity.yaml"), "-f", "json"]
    )
    assert scored.exit_code == 0, scored.output
    day = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text())["assessment"][
        "date"
    ]
    (result,) = json.loads(scored.stdout)
    assert result["date"] == str(day)
    (tmp_path / "mid.json").write_text(scored.stdout, encoding="utf-8")
    added = runner.invoke(cli, ["history", "add", str(tmp_path / "mid.json"), "--db", db])
    assert added.exit_code == 0, added.output
    with Store.open(db) as store:
        rows = [tuple(r) for r in store.conn.execute("SELECT year, date FROM assessments")]
    assert rows == [(int(str(day)[:4]), str(day))]


def test_reliable_change_of_firm_means_by_hand():
    rel = Reliability(dimension="x", alpha=0.83, sd=0.75, alpha_n=0, sd_n=0, level_width=0.8)
    sem = 0.75 * math.sqrt(1 - 0.83)
    one = 1.96 * sem * math.sqrt(2)  # one respondent each year: 0.857
    four = 1.96 * sem * math.sqrt(1 / 4 + 1 / 4)  # means of 4 respondents each year: 0.429
    assert rel.threshold() == pytest.approx(one) and rel.threshold(4, 4) == pytest.approx(four)
    assert rel.threshold(4, 4) < rel.threshold(1, 4) < rel.threshold()
    # Learning 2.41 -> 2.69 (Emerging -> Defined): within noise for single respondents, and
    # still within noise for means of 4, but the level change is said, not hidden
    assert rel.verdict(0.28, level_changed=True) == "level changed, within noise"
    assert rel.verdict(0.28) == "within noise"
    assert rel.verdict(0.5, 4, 4) == "real improvement" and rel.verdict(0.5) == "within noise"
    text = rel.describe()
    assert f"±{one:.2f} points ({one / 0.8:.1f} levels) for single respondents" in text
    assert f"±{four:.2f} ({four / 0.8:.1f} levels) for means of 4 each year" in text


def test_a_typed_firm_name_finds_the_stored_spelling_or_suggests_it(tmp_path: Path, db: str):
    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["assessment"]["firm"] = "Müller & Söhne GmbH"
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["history", "add", str(tmp_path / "m.yaml"), "--db", db]).exit_code == 0
    )
    found = runner.invoke(cli, ["history", "show", "muller & sohne gmbh", "--db", db])
    assert found.exit_code == 0, found.stderr
    assert found.stdout.startswith("History of Müller & Söhne GmbH: 2026")
    listed = runner.invoke(cli, ["history", "list", "--firm", "MULLER SOHNE GMBH", "--db", db])
    assert listed.exit_code == 0 and "Müller & Söhne GmbH" in listed.stdout
    near = runner.invoke(cli, ["history", "show", "Mueller Soehne", "--db", db])
    assert near.exit_code == 1
    assert near.stderr == (
        f"{db}: no assessments of firm 'Mueller Soehne' (did you mean 'Müller & Söhne GmbH'?)\n"
    )
    for typed in ("Müller", "muller &"):  # typed short: the firms the name begins
        short = runner.invoke(cli, ["history", "list", "--firm", typed, "--db", db])
        assert short.exit_code == 1
        assert short.stderr.endswith("(did you mean 'Müller & Söhne GmbH'?)\n"), short.stderr


def test_one_slug_for_the_interview_file_and_the_batch_report():
    import datetime as dt

    from amc_assess.interview.session import default_path
    from amc_assess.report.batch import file_names
    from amc_assess.report.models import CoverMeta

    class Input:  # the one attribute file_names reads
        meta = CoverMeta(firm="Müller & Söhne GmbH")

    path = default_path("Müller & Söhne GmbH", "Jürgen O'Neil", dt.date(2026, 12, 2), Path("/x"))
    assert path.name == "muller-sohne-gmbh-jurgen-oneil-2026-12-02.yaml"
    assert file_names([Input()]) == ["muller-sohne-gmbh"]  # type: ignore[list-item]


def test_names_differing_only_in_case_or_sharp_s_stay_two_firms_until_renamed(
    tmp_path: Path, db: str
):
    source = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    paths = []
    for firm, who in (("Strauß AG", "Ann"), ("STRAUSS AG", "Bob")):
        data = {**source, "assessment": {**source["assessment"], "firm": firm},
                "respondent": {"name": who}}  # fmt: skip
        path = tmp_path / f"{who}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    runner = CliRunner()
    assert runner.invoke(cli, ["history", "add", str(paths[0]), "--db", db]).stderr == ""
    second = runner.invoke(cli, ["history", "add", str(paths[1]), "--db", db])
    assert second.exit_code == 0
    assert second.stderr == (
        "note: 'STRAUSS AG' is stored as a firm of its own, apart from 'Strauß AG' (the names "
        "differ only in case, accents or punctuation); if they are one firm: amc history rename "
        "'STRAUSS AG' 'Strauß AG'\n"
    )
    listed = runner.invoke(cli, ["history", "list", "--db", db]).stdout.splitlines()
    assert [line.split("  ")[0] for line in listed[1:]] == ["STRAUSS AG", "Strauß AG"]
    ambiguous = runner.invoke(cli, ["history", "show", "strauss ag", "--db", db])
    assert (
        ambiguous.exit_code == 1 and "did you mean 'STRAUSS AG' or 'Strauß AG'?" in ambiguous.stderr
    )
    renamed = runner.invoke(cli, ["history", "rename", "STRAUSS AG", "Strauß AG", "--db", db])
    assert renamed.stdout == f"{db}: 1 assessment of 'STRAUSS AG' now stored as 'Strauß AG'\n"
    listed = runner.invoke(cli, ["history", "list", "--db", db]).stdout.splitlines()
    assert len(listed) == 2 and listed[1].split()[:4] == ["Strauß", "AG", "2026", "2"]


def test_a_renamed_firm_s_export_added_again_is_already_stored(tmp_path: Path, db: str):
    """After a rename the content hash is the new name's: the store's own export added back
    adds nothing (it stored the renamed year twice, and history counted 2 respondents); the
    same assessment stored under both names is kept once."""
    source = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    paths = []
    for k, (firm, year) in enumerate([("Lumora Inc.", 2024), ("Lumora, Inc", 2025),
                                      ("Lumora Inc.", 2026), ("Lumora, Inc", 2026)]):  # fmt: skip
        data = {**source, "assessment": {**source["assessment"], "firm": firm,
                                         "date": f"{year}-03-03"}}  # fmt: skip
        path = tmp_path / f"{k}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(str(path))
    runner = CliRunner()
    assert runner.invoke(cli, ["history", "add", *paths, "--db", db]).exit_code == 0
    renamed = runner.invoke(cli, ["history", "rename", "Lumora, Inc", "Lumora Inc.", "--db", db])
    assert renamed.stdout == (
        f"{db}: 1 assessment of 'Lumora, Inc' now stored as 'Lumora Inc.'; 1 more was already "
        "stored as 'Lumora Inc.' (the same respondent, year and scores): kept once\n"
    )
    out = tmp_path / "export.csv"
    assert runner.invoke(cli, ["history", "export", "--db", db, "--out", str(out)]).exit_code == 0
    again = runner.invoke(cli, ["history", "add", str(out), "--db", db])
    assert again.exit_code == 0
    assert again.stdout.endswith(f"Stored 0 new assessments in {db} (3 already stored)\n")
    again = runner.invoke(cli, ["history", "add", *paths[:1], "--db", db])
    assert again.stdout.endswith(f"Stored 0 new assessments in {db} (1 already stored)\n")
    listed = runner.invoke(cli, ["history", "list", "--db", db, "-f", "json"]).stdout
    rows = [(r["firm"], r["year"], r["assessments"]) for r in json.loads(listed)]
    assert rows == [("Lumora Inc.", 2024, 1), ("Lumora Inc.", 2025, 1), ("Lumora Inc.", 2026, 1)]


def test_a_version_3_store_is_migrated_to_firms_as_written(tmp_path: Path, db: str):
    runner = CliRunner()
    mid = str(REPO / "examples" / "mid_maturity.yaml")
    assert runner.invoke(cli, ["history", "add", mid, "--db", db]).exit_code == 0
    with Store.open(db) as store:  # back to version 3, with its case-folded firm keys
        store.conn.execute("UPDATE assessments SET firm_key = lower(firm)")
        store.conn.execute("DELETE FROM schema_version WHERE version >= 4")
        store.conn.execute("DROP TABLE benchmark_queries")
    again = runner.invoke(cli, ["history", "add", mid, "--db", db])  # opening migrates
    assert again.exit_code == 0 and "already stored" in again.stdout  # content hash kept
    with Store.open(db) as store:
        keys = [tuple(r) for r in store.conn.execute("SELECT firm, firm_key FROM assessments")]
        version = store.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    assert keys == [("Lumora Medical Inc. (fictional)", "Lumora Medical Inc. (fictional)")]
    assert version == 5


def test_a_stored_firm_is_reported_without_its_files(acme_earlier: list[Path], here: Path, db: str):
    """`amc report --db DB --firm NAME [--year Y]`: the stored answers, scored again, give the
    report the file gives (every figure of the JSON record; the assessor is not stored), or
    one line says why not: a year not stored, answers not stored (added from a scored table)."""
    assert invoke("history", "add", *map(str, acme_earlier), "--db", db).exit_code == 0
    from_file = invoke("report", str(acme_earlier[1]), "--db", db, "--out", "f.pdf")
    assert from_file.exit_code == 0, from_file.stderr
    from_store = invoke("report", "--db", db, "--firm", "ACME", "--year", "2024", "-o", "s.pdf")
    assert from_store.exit_code == 0, from_store.stderr
    files, stored = (json.loads((here / f"{n}.json").read_text("utf-8")) for n in "fs")
    differ = {k for k in files if files[k] != stored.get(k)}
    assert differ == {"report", "assessor", "inputs", "inputs_sha256"}, differ
    assert files["assessor"] and stored["assessor"] is None
    latest = invoke("report", "--db", db, "--firm", "Acme", "--out", "l.pdf")
    assert latest.exit_code == 0, latest.stderr
    record = json.loads((here / "l.json").read_text("utf-8"))
    (high,) = api.score_files([acme_earlier[2]])
    assert record["scores"]["overall"]["score"] == pytest.approx(high.overall_score, abs=1e-6)
    assert [p["label"] for p in record["history"]] == ["2023", "2024", "2025"]
    missing = invoke("report", "--db", db, "--firm", "Acme", "--year", "2019", "-o", "x.pdf")
    assert missing.exit_code == 1
    assert missing.stderr.endswith("Acme: no assessment in 2019 (stored: 2023, 2024, 2025)\n")
    assert len(missing.stderr.splitlines()) == 1
    both = invoke("report", str(acme_earlier[1]), "--db", db, "--firm", "Acme", "-o", "x.pdf")
    assert both.exit_code == 2 and "--firm reports one stored firm" in both.stderr
    # an assessment added from a scored table has no answers to score again
    beta = as_firm(EXAMPLES / "mid_maturity.yaml", here / "beta.yaml", "Beta", "2025-05-01")
    assert invoke("batch", str(beta), "--out", "beta.csv").exit_code == 0
    assert invoke("history", "add", "beta.csv", "--db", db).exit_code == 0
    table = invoke("report", "--db", db, "--firm", "Beta", "-o", "b.pdf")
    assert table.exit_code == 1 and "stored without its answers (added from beta.csv" in (
        table.stderr
    )
    assert not (here / "b.pdf").exists()
    # the way out it names works (a plain 'report from that file' led to two refusals)
    hint = table.stderr.splitlines()[0].split("with amc report ")[1]
    assert hint == "beta.csv --batch --out-dir DIR (one report per firm)"
    made = invoke("report", "beta.csv", "--batch", "--out-dir", "reports")
    assert made.exit_code == 0, made.stderr
    pdfs = list((here / "reports").glob("*.pdf"))
    assert len(pdfs) == 1 and PdfReader(pdfs[0]).metadata.title.endswith(": Beta")
    # a store filled from a history export: that table has no counts or rules, so the way
    # out is the responses, not --batch (which refused the export)
    assert (
        invoke("history", "export", "--db", db, "--firm", "Beta", "--out", "x.csv").exit_code == 0
    )
    other = str(here / "other.db")
    assert invoke("history", "add", "x.csv", "--db", other).exit_code == 0
    copied = invoke("report", "--db", other, "--firm", "Beta", "-o", "c.pdf")
    assert copied.exit_code == 1 and "--batch" not in copied.stderr
    assert "report the responses it was scored from" in copied.stderr
    refused = invoke("report", "x.csv", "--batch", "--out-dir", "more")
    assert refused.exit_code == 1 and "not a full scored table" in refused.stderr


def test_a_file_given_twice_is_added_once_and_said(here: Path, db: str):
    """``history add a.yaml a.yaml``: one assessment, read once (it was reported as two, one
    of them "already stored")."""
    mid = str(EXAMPLES / "mid_maturity.yaml")
    result = invoke("history", "add", mid, mid, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"Stored 1 new assessment in {db}"
    assert "already stored" not in result.stdout
    assert result.stderr.strip() == (
        f"warning: {mid}: given more than once among the inputs (as {mid} first): read once"
    )  # as batch and report say it


def test_show_states_the_threshold_of_each_comparison_it_makes(acme: list[Path], db: str,
                                                                here: Path):  # fmt: skip
    """One respondent in 2025 and two in 2026: show called +0.85 a real rise under a note of
    "±0.86 for single respondents", the threshold it used (1 against 2) printed nowhere. The
    note now gives the threshold of every comparison made, and the words are the report's."""
    data = yaml.safe_load(acme[2].read_text(encoding="utf-8"))
    data["respondent"]["name"] = "Second Person"
    second = here / "acme_2026b.yaml"
    second.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert invoke("history", "add", *map(str, [*acme, second]), "--db", db).exit_code == 0
    result = invoke("history", "show", "Acme", "--db", db)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    shown = history("Acme", db)
    rel = shown.trends[0].reliability
    note = next(line for line in lines if line.startswith("  real change beyond"))
    single, mixed = rel.threshold(1, 1), rel.threshold(1, 2)
    assert mixed < single  # two respondents' mean is less noisy
    assert f"±{single:.2f} points" in note and "for single respondents" in note
    assert f"±{mixed:.2f} points" in note and "for means of 1 and 2 respondents" in note
    assert "real improvement" not in result.stdout and "real rise" in result.stdout


def test_add_notes_a_firm_whose_profile_moved_between_years(acme: list[Path], db: str,
                                                             here: Path):  # fmt: skip
    """A trial stored a year with another industry and region (a typo in one file) without a
    word, though peer groups follow each year's own profile."""
    same = [as_firm(EXAMPLES / "mid_maturity.yaml", here / f"m{y}.yaml", "Acme", f"{y}-03-01")
            for y in (2025, 2026)]  # fmt: skip
    quiet = invoke("history", "add", *map(str, same), "--db", db)
    assert quiet.exit_code == 0 and "profile differs" not in quiet.stderr
    data = yaml.safe_load(same[0].read_text(encoding="utf-8"))
    data["assessment"]["date"] = "2024-03-01"
    data["answers"].update(ctx_industry="industrial", ctx_region="europe")
    moved = here / "m2024.yaml"
    moved.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    told = invoke("history", "add", str(moved), "--db", db)
    assert told.exit_code == 0, told.stderr
    was = yaml.safe_load(same[0].read_text(encoding="utf-8"))["answers"]
    assert told.stderr.splitlines() == [
        f"note: Acme 2024: profile differs from 2025 (industry industrial where 2025 has "
        f"{was['ctx_industry']}; region europe where 2025 has {was['ctx_region']}): peer groups "
        "follow each year's own profile"
    ]


def test_no_change_is_said_so_in_both_columns(here: Path, db: str):
    """Two years with the same answers read "+0.00 no change" beside "+0.00 since 2025
    (within noise)" on one line."""
    files = [as_firm(EXAMPLES / "mid_maturity.yaml", here / f"s{y}.yaml", "Same", f"{y}-03-01")
             for y in (2025, 2026)]  # fmt: skip
    assert invoke("history", "add", *map(str, files), "--db", db).exit_code == 0
    shown = invoke("history", "show", "Same", "--db", db)
    assert shown.exit_code == 0, shown.stderr
    rows = [line for line in shown.stdout.splitlines() if line.strip().startswith("2026")]
    assert rows and all("no change" in r and "since 2025 (no change)" in r for r in rows[1:])
    assert not any("within noise" in r for r in rows[1:])


def test_history_show_rounds_progress_down_as_score_and_report_do(tmp_path: Path):
    """With a learning target of level 4 the progress is 8 of 11 level steps, 72.7%: amc score
    and the report said 72%, history show said 73% (a new-user trial)."""
    import yaml

    from conftest import REPO

    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["targets"] = {"levels": {"learning": 4}, "agreed_on": "2026-03-10", "agreed_by": "X"}
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    scored = invoke("score", path)
    assert scored.exit_code == 0
    shown = re.search(r"(\d+)% to target", scored.stdout)
    assert shown is not None
    db = str(tmp_path / "t.db")
    assert invoke("history", "add", path, "--db", db).exit_code == 0
    table = invoke("history", "show", data["assessment"]["firm"], "--db", db).stdout
    lines = table.splitlines()
    at = next(k for k, line in enumerate(lines) if line.startswith("Overall"))
    assert lines[at + 1].endswith("% to target")
    assert lines[at + 2].split()[-1] == f"{shown.group(1)}%" == "72%", lines[at + 2]


def test_a_scored_table_whose_levels_or_overall_do_not_follow_is_refused(here: Path):
    """A scored table edited by hand (structure 3.9 at level 1, overall 4.9 over dimensions
    of about 3) was stored as written: history show recomputed the year as 3.10 and level 3
    while history export gave back 4.9 and level 5 (a trial). Such rows are refused; the
    table as amc batch wrote it, or with its scores rounded to two decimals, is stored."""
    import csv

    files = [str(EXAMPLES / f"{k}_maturity.yaml") for k in ("low", "mid", "high")]
    assert invoke("batch", *files, "--out", "scored.csv").exit_code == 0
    with open("scored.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = list(rows[0])

    def table(name: str, rows: list[dict]) -> str:
        with open(name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, names)
            writer.writeheader()
            writer.writerows(rows)
        return name

    edited = [dict(r) for r in rows]
    edited[0].update(structure_score="3.9", structure_level="1", overall_score="4.9",
                     overall_level="5")  # fmt: skip
    bad = invoke("history", "add", table("edited.csv", edited), "--db", "h.db")
    assert bad.exit_code == 1
    lines = bad.stderr.splitlines()
    assert lines[0] == (
        "edited.csv: row 2: structure_level: level 1 does not follow from structure_score 3.9 "
        "(level 4 by rubric amc 1.2.0): score the answers again with amc batch rather than edit "
        "a scored table"
    )
    assert len(lines) == 4 and lines[2] == "2 problems found"  # level 5 follows from 4.9
    assert lines[3].startswith("Nothing was added: the other assessments are stored once")
    assert lines[1].startswith("edited.csv: row 2: overall_score: 4.9 does not follow from the "
                               "dimension scores (")  # fmt: skip
    assert not Path("h.db").exists() or not Store("h.db").list_firms()
    rounded = [dict(r) for r in rows]
    for r in rounded:
        for key, value in r.items():
            if key.endswith("_score") and value:
                r[key] = f"{float(value):.2f}"
    assert invoke("history", "add", table("rounded.csv", rounded), "--db", "h.db").exit_code == 0
    done = invoke("history", "add", "scored.csv", "--db", "h2.db")
    assert done.exit_code == 0, done.stderr


def test_a_change_is_judged_as_printed_against_the_printed_threshold():
    """history show printed "+0.50 since 2022 (within noise)" under "real change beyond
    ±0.49 points": 0.4946 against 0.4949, each rounded its own way (a trial). The change
    between the printed scores is judged against the printed threshold, both ways."""
    from amc_assess.store.change import Z, shown_change

    sd = 0.4949 / (Z * math.sqrt(2) * math.sqrt(1 - DEFAULT_ALPHA))
    rel = Reliability(dimension="daf", alpha=DEFAULT_ALPHA, sd=sd, alpha_n=0, sd_n=0)
    assert rel.describe(1).startswith("real change beyond ±0.49 points")
    up = shown_change(3.5160, 3.0214)  # 0.4946 exactly; printed 3.52 and 3.02: +0.50
    assert f"{up:+.2f}" == "+0.50" and rel.verdict(up) == "real improvement"
    down = shown_change(3.5148, 3.0196)  # 0.4952 exactly; printed 3.51 and 3.02: +0.49
    assert f"{down:+.2f}" == "+0.49" and rel.verdict(down) == "within noise"
    assert rel.verdict(-up) == "real decline"


def test_rename_into_a_firm_of_another_profile_needs_merge(tmp_path: Path, db: str):
    """Renaming one stored firm into another of a different industry merged them without a
    word, and a rename to the same name said it renamed (a trial)."""
    import csv

    rows = [
        {"firm": "Eos Robotics", "year": 2026, "industry": "industrial_machinery"},
        {"firm": "Ion Telecom", "year": 2026, "industry": "telecommunications"},
    ]
    scores = {"structure_score": 3.0, "coordination_score": 3.0, "learning_score": 3.0,
              "daf_score": 3.0, "overall_score": 3.0}  # fmt: skip
    path = tmp_path / "firms.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [*rows[0], *scores])
        writer.writeheader()
        writer.writerows({**r, **scores} for r in rows)
    added = invoke("history", "add", str(path), "--db", db)
    assert added.exit_code == 0, added.stderr
    refused = invoke("history", "rename", "Eos Robotics", "Ion Telecom", "--db", db)
    assert refused.exit_code == 1
    assert (
        "'Ion Telecom' is stored as a firm of its own with another profile (industry "
        in (refused.stderr)
        and "give --merge" in refused.stderr
    )
    assert [r["firm"] for r in json.loads(invoke("history", "list", "--db", db, "-f", "json")
                                          .stdout)] == ["Eos Robotics", "Ion Telecom"]  # fmt: skip
    same = invoke("history", "rename", "Ion Telecom", "Ion Telecom", "--db", db)
    assert same.exit_code == 0 and "nothing renamed" in same.stdout
    loose = invoke("history", "rename", "ion telecom", "Ion Telecom AG", "--db", db)
    assert loose.exit_code == 1 and "did you mean 'Ion Telecom'?" in loose.stderr
    merged = invoke("history", "rename", "Eos Robotics", "Ion Telecom", "--db", db, "--merge")
    assert merged.exit_code == 0, merged.stderr
