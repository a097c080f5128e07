"""Import profiles against real survey-tool exports and exports built in each tool's layout.

The fixtures in tests/fixtures/exports/ are described in its PROVENANCE.md and per-folder READMEs.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from amc_assess.batch import score_batch
from conftest import FIXTURES, MINI, answer_column

EXPORTS = FIXTURES / "exports"
Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"


@pytest.fixture(autouse=True)
def _in_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXPORTS)  # file names in messages are then relative: qualtrics/...


def batch(*paths: str, **options: object):
    return score_batch(list(paths), Q, R, **options)  # type: ignore[arg-type]


def rounded(result, name: str) -> list[float | None]:
    return [None if math.isnan(v) else round(v, 4) for v in result.table[name].astype(float)]


# ---------------------------------------------------------------- Qualtrics


def test_qualtrics_current_layout_three_header_rows_and_import_ids():
    result = batch("qualtrics/qualtRics_sample.csv", map_path="qualtrics/qualtRics_map.yaml")
    assert result.ingested.notes[0] == (
        "qualtrics/qualtRics_sample.csv: qualtrics layout (Qualtrics: 3 header rows with ImportId "
        "JSON; CSV, utf-8, ','-separated), 1 row; 2 item columns, 2 metadata, ignored: "
        "15 Qualtrics fields, 1 in the map's ignore list"
    )
    row = result.table.iloc[0]
    assert row["source_row"] == 4  # data start below the three header rows
    assert row["respondent"] == "R_2YPOQ602ER1jkf1" and row["date"] == "2017-07-18"
    assert answer_column(result, "a_choice") == ["some"]  # numeric code 2 through the map
    assert answer_column(result, "ctx_comment") == ["Hello World!"]
    assert result.errors.empty


def test_qualtrics_legacy_layout_bom_two_header_rows_trailing_comma():
    result = batch("qualtrics/qualtRics_sample_legacy.csv", map_path="qualtrics/qualtRics_map.yaml")
    assert result.ingested.notes[0] == (
        "qualtrics/qualtRics_sample_legacy.csv: qualtrics layout (Qualtrics: legacy 2 header rows "
        "(V1, V2, ...); CSV, utf-8-sig, ','-separated), 1 row; 2 item columns, 2 metadata, "
        "ignored: 11 Qualtrics fields, 1 empty, unnamed"
    )
    row = result.table.iloc[0]
    assert row["source_row"] == 3
    assert row["respondent"] == "R_2YPOQ602ER1jkf1"  # V1 is named ResponseID in row 2
    assert row["date"] == "2017-07-18"  # V9 EndDate
    assert answer_column(result, "a_choice") == ["some"]
    assert result.errors.empty


def test_qualtrics_unmapped_questions_are_reported_per_column():
    result = batch("qualtrics/qualtRics_sample.csv")
    assert result.error_lines() == [
        "qualtrics/qualtRics_sample.csv: Q1: column matches no item (map it, or list it under "
        "ignore: in a --map file)",
        "qualtrics/qualtRics_sample.csv: Q2: column matches no item (map it, or list it under "
        "ignore: in a --map file)",
        "qualtrics/qualtRics_sample.csv: Q2 - Topics: column matches no item (map it, or list it "
        "under ignore: in a --map file)",
    ]


def test_qualtrics_recodes_without_the_survey_file_are_out_of_range_not_scores():
    result = batch(
        "qualtrics/QualtricsTools_Single_Answer_Matrix_Insights.csv",
        map_path="qualtrics/QualtricsTools_map.yaml",
    )
    lines = result.error_lines()
    assert len(lines) == 10
    assert lines[:2] == [
        "qualtrics/QualtricsTools_Single_Answer_Matrix_Insights.csv: row 4: Q4_1 (a_agree1): "
        "'12': expected a whole number 1..5",
        "qualtrics/QualtricsTools_Single_Answer_Matrix_Insights.csv: row 4: Q4_2 (b_agree): "
        "'10': expected a whole number 1..5",
    ]
    assert result.scored.item_frame()["a_agree1"].isna().all()  # never scored as 12


def test_qualtrics_recodes_10_to_13_through_the_qsf_labels():
    result = batch(
        "qualtrics/QualtricsTools_Single_Answer_Matrix_Insights.csv",
        "qualtrics/QualtricsTools_Single_Answer_Matrix.qsf",
        map_path="qualtrics/QualtricsTools_map.yaml",
    )
    # Q4_1 exported 12, 12, 12, 10, 11 = scale points 3, 3, 3, 1, 2 (RecodeValues 10..13)
    assert answer_column(result, "a_agree1") == [3.0, 3.0, 3.0, 1.0, 2.0]
    assert answer_column(result, "b_agree") == [1.0, 2.0, 2.0, 2.0, 4.0]
    assert result.errors.empty
    assert list(result.table["respondent"])[:2] == ["R_9H2nlL82R9Yq21v", "R_4MlalJojzHA3Uzj"]


def test_qualtrics_built_export_matrix_rows_by_question_text_and_labels():
    result = batch("qualtrics/mini_qualtrics.csv")
    assert result.ingested.notes[0].endswith(
        "4 rows; 10 item columns, 3 metadata, ignored: 15 Qualtrics fields"
    )
    assert answer_column(result, "a_agree1") == [4.0, 5.0, 3.0, 4.0]  # Q3_1 "... - We do A."
    assert answer_column(result, "b_agree") == [None, 4.0, 2.0, 1.0]  # "Don’t know" (U+2019)
    assert answer_column(result, "b_budget") == [
        "not_applicable",
        2.5,
        None,
        0.4,
    ]  # "Does not apply"
    assert rounded(result, "alpha_score") == [4.2, 5.0, 1.5, 2.6]
    assert rounded(result, "beta_score") == [3.6667, 4.4, 1.5, 2.3333]
    assert rounded(result, "overall_score") == [4.0222, 4.8, 1.5, 2.5111]
    assert list(result.table["firm"]) == ["Acme", "Acme", "Beta", "Beta"]
    assert list(result.table["date"]) == ["2026-03-02", "2026-03-02", "2026-03-03", "2026-03-04"]
    assert result.error_lines() == [
        "qualtrics/mini_qualtrics.csv: row 6: Q3_2 (a_agree2): 'Agree strongly': unknown label "
        "(expected 1..5 or one of: Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)",
        "qualtrics/mini_qualtrics.csv: row 7: b_count: 'about 5': not a number",
    ]


# ---------------------------------------------------------------- Google Forms


def test_google_forms_question_text_headers_grid_rows_and_labels():
    result = batch("google_forms/mini_google_forms.csv")
    assert result.ingested.notes[0] == (
        "google_forms/mini_google_forms.csv: google_forms layout (Google Forms: 'Timestamp' column, "
        "question text headers; CSV, utf-8, ','-separated), 4 rows; 10 item columns, 3 metadata"
    )
    assert answer_column(result, "a_agree2") == [2.0, 1.0, 4.0, 2.0]  # "... [We rarely do A.]"
    assert answer_column(result, "b_budget") == ["not_applicable", 2.5, None, 0.4]
    assert list(result.table["respondent"]) == [
        "ana@acme.example",
        "ben@acme.example",
        "cem@beta.example",
        "dan@beta.example",
    ]
    assert list(result.table["date"]) == ["2026-03-02", "2026-03-02", "2026-03-03", "2026-03-04"]
    assert rounded(result, "alpha_score") == [4.2, 5.0, 1.6, 2.5]
    assert rounded(result, "beta_score") == [3.6667, 4.4, 1.5, 2.6]
    assert result.error_lines() == [
        "google_forms/mini_google_forms.csv: row 5: How much A? (a_choice): 'Loads': unknown label "
        "(expected one of: None, Some, Full)"
    ]


def test_google_forms_question_edited_in_punctuation_still_matches(tmp_path: Path):
    """A form whose questions were retouched after the questionnaire was written ("Do you have
    A ?!", "How much A") is read by the letters and digits of its headers; a header whose words
    differ still matches nothing."""
    source = (EXPORTS / "google_forms/mini_google_forms.csv").read_text(encoding="utf-8")
    edited = source.replace('"Do you have A?"', '"Do you have A ?!"', 1)
    edited = edited.replace('"How much A?"', '"How much A"', 1)
    edited = edited.replace('"B budget"', '"B budget (share)"', 1)
    path = tmp_path / "edited.csv"
    path.write_text(edited, encoding="utf-8")
    original, result = batch("google_forms/mini_google_forms.csv"), batch(str(path))
    assert answer_column(result, "a_yes") == answer_column(original, "a_yes")
    assert "b_budget" not in result.table or answer_column(result, "b_budget") == [None] * 4
    assert "9 item columns" in result.ingested.notes[0]
    assert result.error_lines() == [
        f"{path}: B budget (share): column matches no item (near: item b_budget) (map it, or "
        "list it under ignore: in a --map file)",
        f"{path}: row 5: How much A (a_choice): 'Loads': unknown label "
        "(expected one of: None, Some, Full)",
    ]


# ---------------------------------------------------------------- LimeSurvey


@pytest.mark.parametrize(
    "name, why",
    [
        ("n2_dummy_data_codeonly_textanswers.csv", "question codes"),
        ("n2_dummy_data_codeandtext.csv", "code and question text headers"),
    ],
)
def test_limesurvey_real_export_text_answers_and_non_answer_codes(name: str, why: str):
    result = batch(f"limesurvey/{name}", map_path="limesurvey/n2_map.yaml")
    assert (
        f"limesurvey layout (LimeSurvey: {why}; CSV, utf-8-sig, ','-separated), 12 rows"
        in (result.ingested.notes[1])
    )
    assert result.ingested.notes[0] == f"limesurvey/{name}: skipped 1 empty row (row 14)"
    dk = None
    # "I don’t want to answer this question" has U+2019: read as don't know, never a score
    assert answer_column(result, "a_agree1") == [
        1.0,
        dk,
        3.0,
        1.0,
        dk,
        5.0,
        3.0,
        dk,
        4.0,
        1.0,
        1.0,
        1.0,
    ]
    # LimeSurvey's "N/A" is its "no answer": don't know, not "not applicable"
    assert answer_column(result, "a_yes") == [
        "no",
        dk,
        "no",
        "no",
        "yes",
        "no",
        "yes",
        "yes",
        "yes",
        "no",
        "no",
        "no",
    ]
    assert answer_column(result, "b_exists") == [
        "no",
        dk,
        "no",
        "yes",
        "no",
        "yes",
        dk,
        "yes",
        "no",
        dk,
        "yes",
        dk,
    ]
    assert list(result.table["respondent"])[:3] == ["23", "26", "29"]
    # "Does not apply" is not-applicable; b_agree does not allow it, so it is reported
    assert result.error_lines() == [
        f"limesurvey/{name}: row 6: C1[SQ015] (b_agree): 'Does not apply': 'not applicable' is "
        "not allowed for this item"
    ]
    assert result.ingested.non_answers == {"dont_know": 6, "not_applicable": 1}


def test_limesurvey_built_export_question_codes_and_answer_codes():
    result = batch("limesurvey/mini_limesurvey_codes.csv")
    assert answer_column(result, "a_yes") == ["yes", "yes", "no", "no"]  # Y / N
    assert answer_column(result, "a_choice") == ["some", "full", "none", "some"]
    assert list(result.table["respondent"]) == ["11", "12", "13", "14"]
    assert list(result.table["date"].fillna("")) == ["2026-03-02", "2026-03-02", "", "2026-03-04"]
    assert result.error_lines() == [
        "limesurvey/mini_limesurvey_codes.csv: row 4: aagree2 (a_agree2): '6': expected a whole "
        "number 1..5"
    ]


# ---------------------------------------------------------------- REDCap


def test_redcap_real_export_with_its_dictionary():
    result = batch(
        "redcap/REDCapR_survey_data.csv",
        dictionary="redcap/REDCapR_survey_dictionary.csv",
        map_path="redcap/REDCapR_map.yaml",
    )
    assert (
        "redcap layout (REDCap: with data dictionary redcap/REDCapR_survey_dictionary.csv"
        in (result.ingested.notes[0])
    )
    assert list(result.table["respondent"]) == ["1", "2"]  # the record id, the first field
    assert answer_column(result, "a_yes") == ["yes", "no"]  # truefalse 1/0
    assert answer_column(result, "b_exists") == ["yes", "no"]  # checkbox consent___1
    assert result.errors.empty


def test_redcap_dictionary_given_among_the_inputs_is_recognized():
    result = batch("redcap/mini_redcap.csv", "redcap/mini_redcap_dictionary.csv")
    assert result.ingested.files == ["redcap/mini_redcap.csv"]
    # codes through the dictionary: -9 "Don't know" is a non-answer, NA the missing-data code
    assert answer_column(result, "b_agree") == [None, 4.0, 2.0, 1.0]
    assert answer_column(result, "b_budget") == ["not_applicable", 2.5, None, 0.4]
    assert answer_column(result, "a_choice") == ["some", "full", "none", "some"]
    assert rounded(result, "alpha_score") == [4.2, 5.0, 1.5, 2.6]
    assert result.error_lines() == [
        "redcap/mini_redcap.csv: row 4: a_agree2: '7': not a code of this column in the "
        "dictionary (codes: 1, 2, 3, 4, 5, -9)"
    ]


def test_redcap_codes_without_dictionary_read_as_numbers():
    result = batch("redcap/mini_redcap.csv", profile="redcap")
    assert "redcap layout (REDCap: without a data dictionary" in result.ingested.notes[0]
    assert answer_column(result, "a_agree1") == [4.0, 5.0, 3.0, 4.0]
    assert answer_column(result, "b_agree") == [None, 4.0, 2.0, 1.0]  # negative code -9: don't know
    assert answer_column(result, "a_choice") == [None] * 4  # codes 1..3 are not option codes
    assert result.error_lines() == [
        "redcap/mini_redcap.csv: row 2: a_choice: '2': unknown label (expected one of: None, Some, "
        "Full)",
        "redcap/mini_redcap.csv: row 3: a_choice: '3': unknown label (expected one of: None, Some, "
        "Full)",
        "redcap/mini_redcap.csv: row 4: a_agree2: '7': expected a whole number 1..5",
        "redcap/mini_redcap.csv: row 4: a_choice: '1': unknown label (expected one of: None, Some, "
        "Full)",
        "redcap/mini_redcap.csv: row 5: a_choice: '2': unknown label (expected one of: None, Some, "
        "Full)",
    ]
    assert list(result.table["respondent"]) == ["1", "2", "3", "4"]  # the first column


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize(
    "path, profile",
    [
        ("qualtrics/qualtRics_sample.csv", "qualtrics"),
        ("qualtrics/qualtRics_sample_legacy.csv", "qualtrics"),
        ("qualtrics/QualtricsTools_Single_Answer_Matrix_Insights.csv", "qualtrics"),
        ("google_forms/mini_google_forms.csv", "google_forms"),
        ("limesurvey/n2_dummy_data_codeonly_textanswers.csv", "limesurvey"),
        ("limesurvey/n2_dummy_data_codeandtext.csv", "limesurvey"),
        ("redcap/REDCapR_survey_data.csv", "redcap"),
    ],
)
def test_auto_detects_each_tool(path: str, profile: str):
    from amc_assess.ingest.profiles import detect
    from amc_assess.ingest.readers import open_sheet
    from amc_assess.validation import load_pair

    q, _ = load_pair(Q, R)
    sheet = open_sheet(Path(path), path)
    layout = detect(sheet.head, "auto", q, None, None)
    assert layout is not None and layout.profile == profile


def test_unknown_layout_says_how_to_proceed(tmp_path: Path):
    from amc_assess.loading import InvalidInput

    (tmp_path / "x.csv").write_text("color,size\nred,3\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        batch(str(tmp_path / "x.csv"))
    assert caught.value.errors == [
        f"{tmp_path / 'x.csv'}: cannot tell the export layout: no header in its first 2 rows "
        "is an item id and no survey tool matches; pass --profile or --map"
    ]


def test_the_sheet_read_is_named_responses_in_any_case_else_the_first_shown(tmp_path: Path):
    """A workbook whose data sheet is 'Responses' behind a 'Read me' sheet, or behind a
    hidden sheet, was read from its first sheet ('cannot tell the export layout', naming no
    sheet); the message now names the sheet it read."""
    from openpyxl import Workbook

    from amc_assess.loading import InvalidInput

    def book(order: list[tuple[str, str]]) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, state in order:
            sheet = workbook.create_sheet(title)
            sheet.sheet_state = state
            if title != "Read me":
                sheet.append(["firm", "respondent", "a_agree1"])
                sheet.append(["Acme", "r1", 4])
            else:
                sheet.append(["How to fill in this survey"])
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}.xlsx"
        workbook.save(path)
        return path

    named = book([("Read me", "visible"), ("Responses", "visible")])
    hidden = book([("Lists", "hidden"), ("Data", "visible")])
    for path in (named, hidden):
        assert batch(str(path)).ingested.answers["a_agree1"].tolist() == [4]
    notes = book([("Read me", "visible"), ("Data", "visible")])
    with pytest.raises(InvalidInput) as caught:
        batch(str(notes))
    assert (
        "cannot tell the export layout (sheet 'Read me'): no header in its first"
        in (caught.value.errors[0])
    )
    # the way to the answers is named: the workbook's other sheets, and --sheet
    assert caught.value.errors[0].endswith(
        "pass --profile or --map, or --sheet NAME for another of its sheets ('Data')"
    )
    assert batch(str(notes), sheets=["Data"]).ingested.answers["a_agree1"].tolist() == [4]


def test_a_second_byte_order_mark_is_no_part_of_the_first_header(tmp_path: Path):
    """A UTF-8 file with a byte-order mark, converted to UTF-16 (iconv), starts with two: the
    inner one stayed in the first header, so 'Timestamp' matched nothing and the layout
    was not recognized (every firm lost). It is read as the UTF-8 file is."""
    source = (EXPORTS / "google_forms/mini_google_forms.csv").read_text(encoding="utf-8")
    path = tmp_path / "utf16.csv"
    path.write_bytes(("\ufeff" + source).encode("utf-16"))
    original, result = batch("google_forms/mini_google_forms.csv"), batch(str(path))
    assert "google_forms layout" in result.ingested.notes[0]
    assert "utf-16" in result.ingested.notes[0]
    assert list(result.table["firm"]) == list(original.table["firm"])
    assert rounded(result, "alpha_score") == rounded(original, "alpha_score")
