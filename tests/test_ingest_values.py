"""Reading cells: labels, codes and non-answers; encodings, delimiters, XLSX, Parquet, folders."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from amc_assess.batch import score_batch
from amc_assess.daytext import BOTH_WAYS, EXPECTED, read_days
from amc_assess.ingest.readers import detect_encoding, sniff_delimiter
from amc_assess.ingest.values import coder, decode
from amc_assess.loading import InvalidInput
from amc_assess.validation import load_pair
from conftest import MINI

Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
HEADER = "firm,respondent,ctx_repeat_share,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_count,b_budget,b_agree"
ROWS = [
    "Acme,Ann,70,4,2,yes,some,yes,7,not_applicable,dont_know",
    "Acme,Bob,65,5,1,yes,full,yes,12,2.5,4",
    "Beta,Cem,20,3,4,no,none,no,,,2",
]
ALPHA, BETA = [4.2, 5.0, 1.6], [3.6667, 4.4, 1.5]


@pytest.fixture(scope="module")
def mini():
    return load_pair(Q, R)[0]


def cells(mini, item_id: str, *values: object) -> list[object]:
    """Decode values for one item; errors come back as 'ERROR: message'."""
    decoded = decode(pd.Series(list(values), dtype=object), coder(mini.item_map()[item_id], mini))
    out: list[object] = [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in decoded.values
    ]
    for pos, message in zip(decoded.bad, decoded.messages, strict=True):
        out[pos] = f"ERROR: {message}"
    return out


def scores(result, dim: str) -> list[float | None]:
    return [None if math.isnan(v) else round(v, 4) for v in result.table[f"{dim}_score"]]


# ---------------------------------------------------------------- labels and codes


def test_labels_ignore_case_spaces_and_typographic_quotes(mini):
    assert cells(
        mini,
        "a_agree1",
        "Agree",
        "  strongly AGREE ",
        "Neither  agree nor disagree",
        "4 - Agree",
        "2",
    ) == [4.0, 5.0, 3.0, 4.0, 2.0]
    assert cells(mini, "a_choice", "Some", " FULL", "none", "None") == [
        "some",
        "full",
        "none",
        "none",
    ]
    assert cells(mini, "a_yes", "Yes", "N", "true", 0, 1) == ["yes", "no", "yes", "no", "yes"]


def test_non_answer_labels_are_states_never_scores(mini):
    assert (
        cells(
            mini,
            "a_agree1",
            "Don’t know",
            "DON'T KNOW",
            "I don’t want to answer this question",
            "Prefer not to say",
            "dont_know",
            "",
        )
        == [None] * 6
    )
    assert cells(mini, "b_budget", "Does not apply", "N/A", "not applicable", "0.4") == [
        "not_applicable",
        "not_applicable",
        "not_applicable",
        0.4,
    ]


def test_negative_recodes_of_coded_items_are_dont_know(mini):
    assert cells(mini, "a_agree1", -99, "-1", 3) == [None, None, 3.0]
    assert cells(mini, "a_choice", "-9", "some") == [None, "some"]
    assert cells(mini, "a_yes", -1, "no") == [None, "no"]


def test_unknown_labels_are_errors_with_what_was_expected(mini):
    assert cells(mini, "a_agree1", "Sometimes") == [
        "ERROR: unknown label (expected 1..5 or one of: Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)"
    ]
    assert cells(mini, "a_yes", "maybe") == ["ERROR: unknown label (expected yes or no)"]
    assert cells(mini, "a_choice", "Lots") == [
        "ERROR: unknown label (expected one of: None, Some, Full)"
    ]
    assert cells(mini, "b_count", "about 5") == ["ERROR: not a number"]


def test_a_non_answer_typed_without_its_apostrophe_or_misspelt(mini):
    """'dont know' was an unknown label, and the message named only the scale's labels."""
    assert cells(mini, "a_agree1", "dont know") == [None]
    assert cells(mini, "a_yes", "I dont know") == [None]
    (said,) = cells(mini, "a_agree1", "Dont knwo")
    assert said.endswith(")" + ' (did you mean "Don\'t know"?)')


def test_numeric_column_of_agreement_passes_through_and_counts_negative_codes(mini):
    decoded = decode(
        pd.Series([4.0, -99.0, float("nan"), 7.0]), coder(mini.item_map()["a_agree1"], mini)
    )
    assert [None if math.isnan(v) else v for v in decoded.values] == [4.0, None, None, 7.0]
    assert decoded.non_answers == {"dont_know": 1}  # 7 is left to the engine: out of range


# ---------------------------------------------------------------- encodings and delimiters


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
def test_encodings_are_detected_and_labels_read(tmp_path: Path, encoding: str, expected: str):
    rows = [r.replace("dont_know", "Don’t know") for r in ROWS]
    rows[2] = rows[2].replace("Beta", "Bêta")
    path = write(tmp_path / "r.csv", "\r\n".join([HEADER, *rows]) + "\r\n", encoding)
    assert detect_encoding(path) == expected
    result = score_batch([path], Q, R)
    assert list(result.table["firm"]) == ["Acme", "Acme", "Bêta"]
    assert scores(result, "alpha") == ALPHA and scores(result, "beta") == BETA
    assert result.errors.empty


def test_semicolons_and_decimal_commas_as_excel_writes_them_in_europe(tmp_path: Path):
    text = "\n".join(
        [HEADER.replace(",", ";")] + [r.replace(",", ";").replace("2.5", "2,5") for r in ROWS]
    )
    path = write(tmp_path / "r.csv", text, "cp1252")
    result = score_batch([path], Q, R)
    assert "CSV, utf-8, ';'-separated" in result.ingested.notes[0]  # plain ASCII is valid UTF-8
    assert scores(result, "beta") == BETA  # 2,5 read as 2.5


def test_a_comma_grouping_thousands_is_not_a_decimal_comma(mini):
    """1,200 is twelve hundred, as the interview reads it; a comma that groups no thousands
    (12,5) is a decimal comma; in a semicolon-separated file the marks swap."""
    read = cells(mini, "ctx_repeat_share", "1,200", "12,5", "1,20", "1.200", " 7 ", "1,2,3")
    assert read[:5] == [1200.0, 12.5, 1.2, 1.2, 7.0] and read[5] == "ERROR: not a number"
    euro = coder(mini.item_map()["ctx_repeat_share"], mini, decimal=",")
    decoded = decode(pd.Series(["1.200", "12,5", "1.5", "1,200"], dtype=object), euro)
    assert list(decoded.values) == [1200.0, 12.5, 1.5, 1.2]
    # a leading 0 groups no thousands: 0.044 is a decimal point even in such a file (a trial
    # saw it read as 44)
    zero = decode(pd.Series(["0.044", "0,044", "-0.5", "0.044,5"], dtype=object), euro)
    assert list(zero.values[:3]) == [0.044, 0.044, -0.5] and zero.bad.tolist() == [3]
    assert cells(mini, "ctx_repeat_share", "0,044", "0.044")[:2] == [0.044, 0.044]


def test_a_number_written_with_its_unit_is_read_as_the_interview_reads_it(mini):
    """Excel's "save as CSV" writes a percent-formatted cell as "90%" (or "12,5 %" in Europe):
    every such cell was "not a number". The item's own unit after the number is read, as the
    interview reads it; another unit, or a unit alone, is still an error."""
    read = cells(mini, "ctx_repeat_share", "90%", "90 %", "1,200 %", "12.5%", "%", "90 FTE")
    assert read[:4] == [90.0, 90.0, 1200.0, 12.5]
    assert read[4:] == ["ERROR: not a number"] * 2
    assert cells(mini, "b_count", "12 FTE", "12 fte", "12%")[:2] == [12.0, 12.0]
    assert (
        cells(mini, "b_count", "12%")[0] == "ERROR: a percentage, but the item is answered in FTE"
    )
    euro = coder(mini.item_map()["ctx_repeat_share"], mini, decimal=",")
    decoded = decode(pd.Series(["12,5%", "1.200 %"], dtype=object), euro)
    assert list(decoded.values) == [12.5, 1200.0]


@pytest.mark.parametrize("sep", [",", ";"])
def test_thousands_in_a_file_read_as_the_interview_reads_them(tmp_path: Path, sep: str):
    """1,000 FTE (1.000 in a semicolon file) is out of 0..100, not 1 FTE."""
    thousand, decimal = ('"1,000"', '"12,5"') if sep == "," else ("1.000", "12,5")
    rows = [
        ["Acme", "Ann", decimal, "4", "2", "yes", "some", "yes", thousand, "", "4"],
        ["Acme", "Bob", "65", "5", "1", "yes", "full", "yes", "12", "2", "4"],
    ]
    text = "\n".join(sep.join(r) for r in [HEADER.split(","), *rows])
    result = score_batch([write(tmp_path / "r.csv", text, "utf-8")], Q, R)
    bad = result.errors[result.errors["row"].notna()]
    assert list(bad["item"]) == ["b_count"] and [int(r) for r in bad["row"]] == [2], bad
    assert "1" in str(bad["value"].iloc[0]) and "0 to 100" in bad["error"].iloc[0]
    # the number it was read as: "expected a number from 0 to 100" of '1.000' read as if
    # 1.000 were out of range (a trial)
    assert bad["error"].iloc[0].endswith(" (read as 1000)")
    assert list(result.ingested.answers["ctx_repeat_share"]) == [12.5, 65.0]


def test_tab_separated(tmp_path: Path):
    path = write(
        tmp_path / "r.tsv", "\n".join(line.replace(",", "\t") for line in [HEADER, *ROWS]), "utf-8"
    )
    result = score_batch([path], Q, R)
    assert "tab-separated" in result.ingested.notes[0]
    assert scores(result, "alpha") == ALPHA


def test_sniffer_keeps_commas_inside_quotes():
    sample = 'a;b;c\n"1,5";"x, y";3\n'
    assert sniff_delimiter(sample) == ";"
    assert sniff_delimiter('a,b\n"q;r",2\n') == ","


# ---------------------------------------------------------------- XLSX, Parquet, folders


def frame() -> pd.DataFrame:
    rows = [r.split(",") for r in ROWS]
    data = pd.DataFrame(rows, columns=HEADER.split(","))
    for col in ("ctx_repeat_share", "a_agree1", "a_agree2"):
        data[col] = data[col].astype(int)
    return data


def test_xlsx_with_typed_cells(tmp_path: Path):
    path = tmp_path / "r.xlsx"
    frame().replace("", None).to_excel(path, index=False)
    result = score_batch([path], Q, R)
    assert result.ingested.notes[0].startswith(
        f"{path}: items layout (item ids: item id headers; XLSX)"
    )
    assert scores(result, "alpha") == ALPHA and scores(result, "beta") == BETA
    assert list(result.table["source_row"]) == [2, 3, 4]


def test_parquet_keeps_dtypes_and_numbers_records_from_one(tmp_path: Path):
    path = tmp_path / "r.parquet"
    data = frame()
    data["b_count"] = pd.array([7, 12, None], dtype="Int64")
    data.to_parquet(path)
    result = score_batch([path], Q, R)
    assert scores(result, "alpha") == ALPHA and scores(result, "beta") == BETA
    assert list(result.table["source_row"]) == [1, 2, 3]


def test_folder_of_response_files_reports_unreadable_files(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "responses"
    folder.mkdir()
    shutil.copy(MINI / "response.yaml", folder / "a.yaml")
    (folder / "b.yaml").write_text("assessment: [not, a, mapping]\n", encoding="utf-8")
    (folder / "notes.txt").write_text("ignored: not a response file\n", encoding="utf-8")
    result = score_batch([folder], Q, R)
    assert list(result.table["source_file"]) == ["responses/a.yaml"]
    assert list(result.table["firm"]) == ["Mini Corp"]
    assert scores(result, "alpha") == [4.2]
    assert result.error_lines() == [
        "responses/b.yaml: assessment: expected a mapping, found a list",
        "responses/b.yaml: file not scored: it could not be read",
    ]


def test_empty_rows_are_skipped_with_a_line(tmp_path: Path):
    path = write(
        tmp_path / "r.csv",
        "\n".join([HEADER, ROWS[0], ",,,,,,,,,,", "", " , ,\t, , , , , , , , ", ROWS[1]]),
        "utf-8",
    )
    result = score_batch([path], Q, R)
    assert result.ingested.notes[0] == f"{path}: skipped 3 empty rows (rows 3, 4, 5)"
    assert list(result.table["source_row"]) == [2, 6]


def test_two_columns_for_one_item_is_an_error(tmp_path: Path):
    path = write(tmp_path / "r.csv", "a_agree1,A_AGREE1,a_yes\n4,5,yes\n", "utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns: {A_AGREE1: a_agree1}\n", encoding="utf-8")
    result = score_batch([path], Q, R, map_path=mapping)
    assert result.error_lines() == [
        f"{path}: A_AGREE1: column skipped: a_agree1 is already read from column 'a_agree1' "
        "(column A; this one is column B)"
    ]
    assert result.ingested.answers["a_agree1"].tolist() == [4.0]


def test_map_file_naming_an_unknown_item_is_invalid(tmp_path: Path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns: {Q1: a_agree9}\n", encoding="utf-8")
    path = write(tmp_path / "r.csv", "Q1\n4\n", "utf-8")
    with pytest.raises(InvalidInput) as caught:
        score_batch([path], Q, R, map_path=mapping)
    assert caught.value.errors == [
        f"{mapping}: columns.Q1: 'a_agree9' is not an item of the questionnaire"
    ]


def test_dates_from_survey_timestamps():
    from amc_assess.ingest.meta import decode_meta

    raw = pd.Series(["2026/03/02 9:14:41 AM GMT+1", " 2017-07-18T08:28:09", "2017/07/18", None,
                     "[not completed]", "3/14/2026 10:00:00"])  # fmt: skip
    dates, bad, messages = decode_meta(raw, "date")
    assert [None if pd.isna(d) else d for d in dates] == [
        "2026-03-02", "2017-07-18", "2017-07-18", None, None, "2026-03-14",
    ]  # fmt: skip
    assert bad.tolist() == [4] and messages == [EXPECTED]


@pytest.mark.parametrize(
    ("texts", "day_first", "days", "note"),
    [
        # dotted dates are day first, each of them (12.03 was read as December 3rd beside
        # 15.03 as March 15th); worded dates whole (they were cut at the first space: year 1)
        (
            [
                "12.03.2024",
                "15.03.2024",
                "4.3.24",
                "Mar 15, 2024",
                "2 March 2026",
                "2-Mar-26",
                "Sept 9, 2025",
            ],
            False,
            [
                "2024-03-12",
                "2024-03-15",
                "2024-03-04",
                "2024-03-15",
                "2026-03-02",
                "2026-03-02",
                "2025-09-09",
            ],
            "",
        ),
        # slashed: the column's order, from a date whose day is above 12
        (["25/03/2024", "04/03/2024"], False, ["2024-03-25", "2024-03-04"], ""),
        (["03/25/2024", "04/03/2024"], True, ["2024-03-25", "2024-04-03"], ""),
        # none tells: month first, or day first in a file of decimal commas; a note says so
        (["04/03/2024", "05/05/2024"], False, ["2024-04-03", "2024-05-05"], "month first"),
        (["04/03/2024"], True, ["2024-03-04"], "day first"),
    ],
)
def test_dates_in_the_forms_spreadsheets_write(texts, day_first, days, note):
    got, messages, said = read_days(texts, day_first)
    assert got == days and messages == [""] * len(texts)
    assert (note in said) if note else said == ""
    if note:
        assert said.startswith("1 date such as 04/03/2024 read " + note)


def test_dates_without_a_day_or_told_both_ways_are_bad_cells():
    texts = ["March 2024", "31.02.2024", "25/03/2024", "03/25/2024", "04/03/2024", "13"]
    got, messages, _ = read_days(texts, False)
    assert got == [None, None, "2024-03-25", "2024-03-25", None, None]
    assert messages == [EXPECTED, EXPECTED, "", "", BOTH_WAYS, EXPECTED]


def test_a_date_after_today_is_a_bad_cell_as_history_add_has_it():
    """A typed 2062, or next year's date: amc batch scored it without a word, and only
    amc history add refused it later. Today itself is a date."""
    import datetime as dt

    today = dt.date.today()
    later = today + dt.timedelta(days=1)
    texts = [today.isoformat(), later.isoformat(), "02.03.2062", "2 March 2024"]
    got, messages, _ = read_days(texts, False)
    assert got == [today.isoformat(), None, None, "2024-03-02"]
    said = f"after today ({today.isoformat()}): check the date"
    assert messages == ["", said, said, ""]


def test_side_and_level_are_checked():
    from amc_assess.ingest.meta import decode_meta

    sides, bad, messages = decode_meta(pd.Series(["Own", "partner firm", "theirs", None]), "side")
    assert [None if pd.isna(s) else s for s in sides] == ["own", "partner", None, None]
    assert bad.tolist() == [2] and messages == ["expected one of: own, partner"]


@pytest.mark.parametrize("sep", [",", ";"])
def test_a_batch_reads_its_dates_in_the_file_s_order(tmp_path: Path, sep: str):
    """Through the whole batch: a semicolon file with decimal commas reads undecidable
    slashed dates day first, a comma file month first, and says so; bad dates are bad cells."""
    rows = ["firm;respondent;date;a_agree1;ctx_repeat_share"]
    rows += [f"Acme;r{k};{d};4;{'12,5' if sep == ';' else '12.5'}"
             for k, d in enumerate(["12.03.2024", "04/03/2024", "March 2024"])]  # fmt: skip
    path = tmp_path / "dates.csv"
    path.write_text("\n".join(r.replace(";", sep) for r in rows) + "\n", encoding="utf-8")
    result = score_batch([path], Q, R)
    dates = result.table["date"].astype("string").tolist()
    assert dates[0] == "2024-03-12" and pd.isna(dates[2])
    assert dates[1] == ("2024-03-04" if sep == ";" else "2024-04-03")
    order = "day first" if sep == ";" else "month first"
    assert f"dates.csv: column 'date': 1 date such as 04/03/2024 read {order}" in "\n".join(
        result.ingested.notes
    )
    assert result.errors[["row", "value", "error"]].values.tolist() == [[4, "March 2024", EXPECTED]]


def test_excel_percent_cells_and_a_sheet_a_year(tmp_path: Path):
    """Excel keeps a cell typed as 90% as 0.9, shown with a % format: on an item answered in
    percent it is 90 (it was 0.9%, scored in the lowest band, with no error). A second sheet
    of the same columns is not read, and a line says so (it was skipped silently)."""
    from openpyxl import Workbook

    book = Workbook()
    header = ["firm", "respondent", "ctx_repeat_share", "b_exists", "b_budget", "a_agree1"]
    for title in ("2024", "2025"):
        sheet = book.active if title == "2024" else book.create_sheet(title)
        sheet.title = title
        sheet.append(header)
        sheet.append(["Acme", "r1", 70, "yes", 7.5, 4])
        sheet.append(["Acme", "r2", 0.7, "yes", 0.075, 0.04])
        for cell in ("C3", "E3", "F3"):  # F3: a percent look on an agreement item stays 0.04
            sheet[cell].number_format = "0.0%"
    book.create_sheet("notes").append(["read me", "first"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    result = score_batch([path], Q, R)
    answers = result.ingested.answers
    assert answers["ctx_repeat_share"].tolist() == [70, 70]
    assert answers["b_budget"].tolist() == [7.5, 7.5]
    notes = "\n".join(result.ingested.notes)
    assert "two.xlsx: read sheet '2024' only; not read, though of the same columns: '2025'" in (
        notes
    )
    assert "XLSX, sheet '2024'" in notes and "'notes'" not in notes
    assert result.errors["row"].tolist() == [3]  # 0.04 is no answer on the agreement scale


def test_a_column_that_matches_no_item_names_the_item_it_is_near(tmp_path: Path):
    """A renamed column or a typo in a question names the item meant; the count of items
    without a column reads '1 item', not '1 items'."""
    path = tmp_path / "near.csv"
    path.write_text(
        "firm,respondent,a_agree1_v2,We rarely do A!,a_yes,a_choice,b_exists,b_count,b_budget,"
        "b_agree,ctx_repeat_share,zzz,sex\nAcme,r1,4,2,yes,some,yes,3,2,4,50,x,f\n",
        encoding="utf-8",
    )
    result = score_batch([path], Q, R)
    errors = dict(zip(result.errors["column"], result.errors["error"], strict=True))
    assert errors["a_agree1_v2"].startswith("column matches no item (near: item a_agree1) (map")
    assert errors["We rarely do A!"].startswith("column matches no item (near: item a_agree2)")
    assert errors["zzz"].startswith("column matches no item (map it")
    # three letters running across two words of a question name no item ("sex" was "near"
    # crd_role_stability, whose question runs "... project leads, executive sponsors")
    assert errors["sex"].startswith("column matches no item (map it")
    from amc_assess.api import instrument
    from amc_assess.ingest.cells import nearest_item

    bundled = instrument()[0]
    assert nearest_item("sex", [], bundled) == ""
    assert nearest_item("decision rights", [], bundled) == " (near: item str_decision_rights)"
    notes = "\n".join(result.ingested.notes)
    assert "no column for 3 items (counted as don't know): ctx_comment, a_agree1, a_agree2" in notes


def test_percent_cells_on_a_share_of_revenue_and_on_a_count(tmp_path: Path):
    """An item in "% of revenue" is answered in percent too: a cell shown as 0.05% is 0.05
    (it was 0.0005, silently), and "0.05%" typed in a CSV file is read (it was 'not a
    number'). A count shown as a percentage (100%) is a bad cell, as "100%" in a CSV file is
    (it was read as 1 alliance)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["firm", "respondent", "daf_exists", "daf_budget_share", "ctx_active_alliances"])
    sheet.append(["Acme", "r1", "yes", 0.0005, 1])
    sheet["D2"].number_format, sheet["E2"].number_format = "0.00%", "0%"
    path = tmp_path / "shares.xlsx"
    book.save(path)
    result = score_batch([path], None, None)
    assert result.ingested.answers["daf_budget_share"].tolist() == [0.05]
    bad = result.errors[["row", "item", "value", "error"]].values.tolist()
    assert bad == [[2, "ctx_active_alliances", "100%",
                    "a percentage, but the item is answered in alliances"]]  # fmt: skip
    typed = tmp_path / "shares.csv"
    typed.write_text(
        "firm,respondent,daf_exists,daf_budget_share\nAcme,r1,yes,0.05%\n", encoding="utf-8"
    )
    again = score_batch([typed], None, None)
    assert again.ingested.answers["daf_budget_share"].tolist() == [0.05] and again.errors.empty


def test_a_name_with_a_line_break_or_a_formula_error_is_a_bad_cell(tmp_path: Path):
    """A firm "Line\\nbreak" (or with an ESC), or #REF! from a broken formula, was a firm of
    its own in amc batch, which amc history add then refused; each is now a bad cell and no
    firm. A formula's error on an item says so (it was an 'unknown label')."""
    rows = [
        '"Line\nbreak",Ann,70,4,2,yes,some,yes,7,2,4',
        "#REF!,Bob,65,5,1,#N/A,full,yes,12,2.5,4",
        "Acme,#N/A,65,5,1,yes,full,yes,12,2.5,4",
        "Acme,Dan,60,4,2,yes,some,yes,7,2,4",
    ]
    path = write(tmp_path / "names.csv", "\n".join([HEADER, *rows]) + "\n", "utf-8")
    result = score_batch([path], Q, R)
    bad = result.errors[["row", "column", "error"]].values.tolist()
    assert bad == [
        [2, "firm", "holds a line break (\\n): a name is one line of plain text"],
        [3, "firm", "a spreadsheet's error value, not a name"],
        [3, "a_yes", "a spreadsheet's error value, not an answer"],
        [4, "respondent", "a spreadsheet's error value, not a name"],
    ]
    assert result.table["firm"].isna().tolist() == [True, True, False, False]
    assert result.table["respondent"].isna().tolist() == [False, False, True, False]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_title_row_above_the_header(tmp_path: Path, kind: str):
    """A client's sheet often has a title above the header (and an empty first column): the
    header row is found below it, and rows keep the numbers the sheet shows (it was 'cannot
    tell the export layout', or with --profile items every answer 'don't know')."""
    title = ["Acme alliance survey 2025"]
    rows = [title, [], HEADER.split(","), *(r.split(",") for r in ROWS[:2])]
    rows[4][3] = "9"  # Bob's a_agree1: out of the scale, a bad cell in the sheet's row 5
    if kind == "csv":
        path = tmp_path / "titled.csv"
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        for r in rows:
            book.active.append([None, *r] if r else [])  # column A left empty
        path = tmp_path / "titled.xlsx"
        book.save(path)
    for profile in ("auto", "items"):
        result = score_batch([path], Q, R, profile=profile)
        assert result.ingested.answers["a_agree2"].tolist() == [2, 1]
        assert result.errors[["row", "item"]].values.tolist() == [[5, "a_agree1"]]
        notes = "\n".join(result.ingested.notes)
        assert "item id headers in row 3 (the rows above skipped)" in notes


@pytest.mark.parametrize("blank", [True, False])
def test_long_numeric_ids_keep_every_digit(tmp_path: Path, blank: bool):
    """Ids of 17 digits were read as floats (beside a blank cell by pandas, else on their way
    to text): two respondents became the same id, 12345678901234568, unnoticed."""
    rows = [r.split(",") for r in (ROWS[0], ROWS[1], ROWS[1])]
    third = "" if blank else "3"
    for row, who in zip(rows, ["12345678901234567", "12345678901234568", third], strict=True):
        row[1] = who
    text = "\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n"
    result = score_batch([write(tmp_path / "ids.csv", text, "utf-8")], Q, R)
    assert result.table["respondent"].tolist()[:2] == ["12345678901234567", "12345678901234568"]
    assert not any("more than one row" in note for note in result.ingested.notes)


def test_fractions_on_an_item_in_percent_are_named(tmp_path: Path):
    """Every answer to an item in percent (0..100) between 0 and 1, some not whole: 0.65 is
    read as 0.65%, as given, and a line says they may be fractions (the interview asks)."""
    rows = [r.split(",") for r in ROWS[:2]]
    rows[0][2], rows[1][2] = "0.7", "0.65"  # ctx_repeat_share
    text = "\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n"
    result = score_batch([write(tmp_path / "f.csv", text, "utf-8")], Q, R)
    assert result.ingested.answers["ctx_repeat_share"].tolist() == [0.7, 0.65]
    notes = "\n".join(result.ingested.notes)
    assert (
        "f.csv: column 'ctx_repeat_share': every answer to ctx_repeat_share is between 0 and 1 "
        "(2 answers), read as a percentage (0.65 is 0.65%); if they are fractions (0.65 for "
        "65%), multiply by 100"
    ) in notes
    rows[0][2] = "70"  # one answer above 1: percentages, and a fraction among them
    text = "\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n"
    g = write(tmp_path / "g.csv", text, "utf-8")
    again = score_batch([g], Q, R)
    assert again.ingested.answers["ctx_repeat_share"].tolist() == [70.0, 0.65]
    notes = "\n".join(again.ingested.notes)
    assert "every answer" not in notes
    assert (  # as amc score and amc report warn of such an answer in a response file
        f"warning: {g}: column 'ctx_repeat_share': 1 answer to ctx_repeat_share is between 0 "
        "and 1 among percentages above 1 (row 3), read as percentages (0.65 is 0.65%); if a "
        "fraction was meant (0.65 for 65%), write it times 100"
    ) in notes
    rows[1][2] = "1"  # whole numbers only: no line
    text = "\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n"
    whole = score_batch([write(tmp_path / "h.csv", text, "utf-8")], Q, R)
    assert "between 0 and 1" not in "\n".join(whole.ingested.notes)


def test_an_answer_behind_a_bad_condition_cell_says_so_not_that_the_condition_is_false(
    tmp_path: Path,
):
    """b_count is asked when b_exists is yes: with b_exists unreadable ('#N/A', 'maybe') the
    answers behind it were 'not asked (its when: condition does not hold)', which it may well
    hold; an answer behind a plain 'no' still is."""
    rows = [
        "Acme,Ann,70,4,2,yes,some,#N/A,7,2.5,4",
        "Acme,Bob,65,5,1,yes,full,maybe,12,,4",
        "Beta,Cem,20,3,4,no,none,no,5,,2",
        "Beta,Dan,20,3,4,no,none,yes,5,,2",
    ]
    path = write(tmp_path / "r.csv", "\n".join([HEADER, *rows]), "utf-8")
    result = score_batch([path], Q, R)
    behind = "ignored: whether it was asked depends on b_exists, whose cell in this row is bad"
    assert result.error_lines() == [
        f"{path}: row 2: b_exists: '#N/A': a spreadsheet's error value, not an answer",
        f"{path}: row 2: b_count: '7': {behind}",
        f"{path}: row 2: b_budget: '2.5': {behind}",
        f"{path}: row 3: b_exists: 'maybe': unknown label (expected yes or no)",
        f"{path}: row 3: b_count: '12': {behind}",
        f"{path}: row 4: b_count: '5': not asked: asked only when b_exists is yes, which this "
        "row's answers do not meet, so the answer is ignored",
    ]
    assert list(result.scored.skipped["b_count"]) == [True, True, True, False]


def test_a_misspelt_label_is_named_with_the_labels_offered_and_the_one_meant(tmp_path: Path):
    """A sheet filler typed "Stronlgy agree" and "50-250 million" and read "expected 1..5 or
    a label of scale agree5" and a list of internal codes: the message now lists the labels
    the sheet offered (codes beside those that differ) and the one probably meant."""
    from amc_assess.api import instrument
    from amc_assess.batch import score_batch

    q, _ = instrument()
    band = q.item_map()["ctx_revenue_band"]
    meant = next(o for o in band.options or [] if o.code == "from_50m_to_250m")
    sheet = tmp_path / "s.csv"
    sheet.write_text("firm,ctx_revenue_band,str_strategy_link\nAcme,50-250 million,Stronlgy "
                     "agree\n", encoding="utf-8")  # fmt: skip
    lines = score_batch([sheet]).error_lines()
    revenue = next(line for line in lines if "ctx_revenue_band" in line)
    assert f"{meant.label} ({meant.code})" in revenue
    assert revenue.endswith(f"(did you mean {meant.label!r}?)")
    agree = next(line for line in lines if "str_strategy_link" in line)
    assert "or one of: Strongly disagree, Disagree, " in agree and "scale agree5" not in agree
    assert agree.endswith("(did you mean 'Strongly agree'?)")
