"""Survey definitions as --dictionary: LimeSurvey .lss, Qualtrics .qsf negative recodes.

The fixtures are described in tests/fixtures/exports/limesurvey/README.md and
tests/fixtures/exports/qualtrics/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from amc_assess.batch import score_batch
from amc_assess.ingest.codebooks import load_codebook
from amc_assess.loading import InvalidInput
from conftest import FIXTURES, MINI, answer_column

EXPORTS = FIXTURES / "exports"
Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
LSS = "limesurvey/mini_survey.lss"
LSS_CSV = "limesurvey/mini_survey_lss_codes.csv"
TSV = "limesurvey/mini_survey_structure.txt"  # the same survey, tab-separated structure


@pytest.fixture(autouse=True)
def _in_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXPORTS)


# ---------------------------------------------------------------- LimeSurvey .lss


@pytest.mark.parametrize("path", [LSS, TSV])
def test_lss_gives_codes_labels_code_order_and_non_answers(path: str):
    book = load_codebook(Path(path), path)
    assert book.kind == "limesurvey"
    assert book.labels["aagree[SQ001]"] == "How far do you agree with these statements? [We do A.]"
    assert book.labels["bagree"] == "B is strong."  # HTML stripped
    # codes in LimeSurvey's sortorder (the file lists A3 first), A1 the top of the scale
    assert book.values["aagree[SQ001]"] == {
        "A1": "Strongly agree", "A2": "Agree", "A3": "Neither agree nor disagree",
        "A4": "Disagree", "A5": "Strongly disagree", "DK": "Don't know", "NA": "Not applicable",
    }  # fmt: skip
    assert book.values["ayes"] == {"Y": "Yes", "N": "No"}  # Yes/No question: fixed codes
    assert book.values["achoice"] == {"A1": "None", "A2": "Some", "A3": "Full"}
    assert "bcount" not in book.values  # numerical input: plain numbers
    assert book.non_answers["aagree[SQ002]"] == {"DK": "dont_know", "NA": "not_applicable"}
    assert book.non_answers["bagree"] == {"DK": "dont_know"}


@pytest.mark.parametrize("path", [LSS, TSV])
def test_lss_dictionary_reads_reversed_codes_by_their_labels(path: str):
    result = score_batch([LSS_CSV], Q, R, dictionary=path)
    assert result.ingested.rows_read == len(pd.read_csv(LSS_CSV, encoding="utf-8-sig")) == 4
    assert result.ingested.notes[0] == (
        f"{LSS_CSV}: limesurvey layout (LimeSurvey: question codes; CSV, utf-8-sig, "
        "','-separated), 4 rows; 9 item columns, 2 metadata, ignored: 5 LimeSurvey fields"
    )
    # A2 is "Agree" (4), A1 "Strongly agree" (5): never the code's own number
    assert answer_column(result, "a_agree1") == [4.0, 5.0, 3.0, 4.0]
    assert answer_column(result, "a_agree2") == [2.0, 1.0, "not_applicable", None]
    assert answer_column(result, "a_yes") == ["yes", "yes", "no", "no"]
    assert answer_column(result, "a_choice") == ["some", "full", "none", None]
    assert answer_column(result, "b_agree") == [None, 4.0, 2.0, 1.0]  # DK: don't know
    assert result.ingested.non_answers == {"dont_know": 1, "not_applicable": 1}
    assert result.error_lines() == [
        f"{LSS_CSV}: row 4: aagree[SQ002] (a_agree2): 'NA': 'not applicable' is not allowed for "
        "this item",
        f"{LSS_CSV}: row 5: aagree[SQ002] (a_agree2): 'A6': not a code of this column in the "
        "dictionary (codes: A1, A2, A3, A4, A5, DK, NA)",
    ]


@pytest.mark.parametrize("path", [LSS, TSV])
def test_lss_among_the_inputs_is_recognized_as_the_dictionary(path: str):
    result = score_batch([LSS_CSV, path], Q, R)
    assert result.ingested.files == [LSS_CSV]
    assert answer_column(result, "a_agree1") == [4.0, 5.0, 3.0, 4.0]


def test_lss_before_limesurvey_4_has_its_texts_inline(tmp_path: Path):
    old = tmp_path / "old.lss"
    old.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<document>
 <LimeSurveyDocType>Survey</LimeSurveyDocType>
 <DBVersion>366</DBVersion>
 <languages><language>de</language><language>en</language></languages>
 <answers><rows>
  <row><qid>7</qid><code>B</code><answer><![CDATA[Trifft nicht zu]]></answer>
   <sortorder>2</sortorder><language>de</language><scale_id>0</scale_id></row>
  <row><qid>7</qid><code>A</code><answer><![CDATA[Trifft zu]]></answer>
   <sortorder>1</sortorder><language>de</language><scale_id>0</scale_id></row>
  <row><qid>7</qid><code>A</code><answer><![CDATA[Applies]]></answer>
   <sortorder>1</sortorder><language>en</language><scale_id>0</scale_id></row>
 </rows></answers>
 <questions><rows>
  <row><qid>7</qid><parent_qid>0</parent_qid><type>L</type><title>G1Q1</title>
   <question><![CDATA[Wie ist es?]]></question><other>Y</other><language>de</language></row>
  <row><qid>7</qid><parent_qid>0</parent_qid><type>L</type><title>G1Q1</title>
   <question><![CDATA[How is it?]]></question><other>Y</other><language>en</language></row>
 </rows></questions>
 <surveys><rows><row><sid>1</sid><language>de</language></row></rows></surveys>
</document>
""",
        encoding="utf-8",
    )
    book = load_codebook(old, "old.lss")
    assert book.labels == {"G1Q1": "Wie ist es?"}
    assert book.values == {"G1Q1": {"A": "Trifft zu", "B": "Trifft nicht zu", "-oth-": "Other"}}


def test_a_file_that_is_no_survey_structure_is_refused(tmp_path: Path):
    bad = tmp_path / "group.lsg"
    bad.write_text(
        "<?xml version='1.0'?><document><LimeSurveyDocType>Group</LimeSurveyDocType></document>",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        score_batch([LSS_CSV], Q, R, dictionary=bad)
    assert caught.value.errors == [
        f"{bad}: not a LimeSurvey survey structure (.lss or queXML): found <document> of type "
        "Group, expected a .lss <document> of type Survey or a queXML <questionnaire>"
    ]


# ---------------------------------------------------------------- LimeSurvey queXML


QUEXML = "limesurvey/mini_survey_quexml.xml"  # the .lss survey as LimeSurvey's queXML export


def test_quexml_gives_the_codes_labels_order_and_non_answers_the_lss_gives():
    lss = load_codebook(Path(LSS), LSS)
    book = load_codebook(Path(QUEXML), QUEXML)
    assert book.kind == "limesurvey" and book.record_id == "id"
    for name, values in lss.values.items():  # every coded column of the .lss, the same
        assert list(book.values[name].items()) == list(values.items())  # order too
        assert book.labels[name] == lss.labels[name]
        assert book.non_answers[name] == lss.non_answers.get(name, {})
    assert list(book.values["aagree[SQ001]"])[:2] == ["A1", "A2"]  # "Strongly agree" first
    assert book.labels["bagree"] == "B is strong."  # the export escapes the HTML; stripped
    # the varNames themselves (C1_SQ001) name the same columns
    assert book.values["aagree_SQ002"] == book.values["aagree[SQ002]"]
    # options beyond the .lss: multiple choice, Yes/Uncertain/No, a dual-scale array
    assert book.values["mtools[SQ002]"] == {"Y": "Yes"}
    assert (
        book.labels["mtools[SQ002]"]
        == "Which tools does the alliance team use? [Joint project plan]"
    )
    assert book.non_answers["cagreed[SQ001]"] == {"U": "dont_know"}
    assert list(book.values["drate[SQ002#0]"]) == ["L1", "L2"]
    assert list(book.values["drate[SQ002#1]"]) == ["P1", "P2", "P9"]
    assert book.labels["drate[SQ001#1]"] == "How do the two firms rate these? Performance [Trust]"
    assert "ctxrepeatshare" not in book.values and "ctxcomment" not in book.values  # free


def test_quexml_dictionary_scores_as_the_lss_does():
    by_lss = score_batch([LSS_CSV], Q, R, dictionary=LSS)
    by_quexml = score_batch([LSS_CSV], Q, R, dictionary=QUEXML)
    pd.testing.assert_frame_equal(by_quexml.ingested.answers, by_lss.ingested.answers)
    pd.testing.assert_frame_equal(by_quexml.table.drop(columns=["source_file"]),
                                  by_lss.table.drop(columns=["source_file"]))  # fmt: skip
    assert by_quexml.error_lines() == by_lss.error_lines()
    assert answer_column(by_quexml, "a_agree1") == [4.0, 5.0, 3.0, 4.0]  # A2 "Agree", A1 "Strongly"
    assert by_quexml.ingested.non_answers == {"dont_know": 1, "not_applicable": 1}


def test_survey_xml_is_told_by_its_content_not_its_name(tmp_path: Path):
    quexml_named_lss = tmp_path / "survey.lss"
    quexml_named_lss.write_bytes(Path(QUEXML).read_bytes())
    lss_named_xml = tmp_path / "survey.xml"
    lss_named_xml.write_bytes(Path(LSS).read_bytes())
    for path in (quexml_named_lss, lss_named_xml):
        result = score_batch([LSS_CSV, path], Q, R)  # among the inputs: the dictionary
        assert result.ingested.files == [LSS_CSV]
        assert answer_column(result, "a_agree1") == [4.0, 5.0, 3.0, 4.0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<?xml version='1.0'?><survey><title>T</title></survey>",
         "found <survey>, expected a .lss <document> of type Survey or a queXML <questionnaire>"),
        ("<questionnaire><section><question>", "no element found: line 1, column 34"),
    ],
)  # fmt: skip
def test_xml_that_is_neither_lss_nor_quexml_is_refused_in_one_line(
    tmp_path: Path, text: str, message: str
):
    bad = tmp_path / "structure.xml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        score_batch([LSS_CSV], Q, R, dictionary=bad)
    assert caught.value.errors == [
        f"{bad}: not a LimeSurvey survey structure (.lss or queXML): {message}"
    ]


# ---------------------------------------------------------------- Qualtrics .qsf


QSF = "qualtrics/mini_negative_recodes.qsf"
QSF_CSV = "qualtrics/mini_negative_recodes.csv"


def test_qsf_negative_recodes_are_non_answers():
    result = score_batch([QSF_CSV], Q, R, dictionary=QSF)
    assert result.ingested.rows_read == len(pd.read_csv(QSF_CSV, skiprows=[1, 2])) == 3
    assert answer_column(result, "a_agree1") == [4.0, 5.0, None]  # -1 "Can't say"
    assert answer_column(result, "a_agree2") == [None, 1.0, 5.0]
    assert answer_column(result, "b_exists") == [
        "yes",
        None,
        "not_applicable",
    ]  # -2 "Does not apply"
    assert answer_column(result, "b_agree") == [None, 4.0, 2.0]  # -99 "Unfamiliar"
    assert result.ingested.non_answers == {"dont_know": 4, "not_applicable": 1}
    assert result.error_lines() == [
        f"{QSF_CSV}: row 6: Q2 (b_exists): '-2': 'not applicable' is not allowed for this item"
    ]


def test_a_dictionary_applies_to_its_own_export_only(tmp_path: Path):
    """A REDCap dictionary given for one export switched every file of the batch to the REDCap
    layout: an amc template sheet's description rows were read as answers and its labels
    refused as "not a code of this column". Other files now keep their own layout."""
    import csv

    from conftest import invoke

    sheet = tmp_path / "sheet.csv"
    made = invoke("template", "-q", str(Q), "-r", str(R), "-o", str(sheet))
    assert made.exit_code == 0, made.stderr
    with open(sheet, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    given = {"firm": "Sheet Co", "respondent": "P1", "a_agree1": "Agree", "a_agree2": "Disagree",
             "a_yes": "Yes", "a_choice": "Some", "b_exists": "No"}  # fmt: skip
    rows.append([given.get(h, "") for h in rows[0]])
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    alone = score_batch([sheet], Q, R)
    mixed = score_batch([sheet, "redcap/mini_redcap.csv"], Q, R,
                        dictionary="redcap/mini_redcap_dictionary.csv")  # fmt: skip
    assert not any(str(sheet) in line for line in mixed.error_lines())
    mine = mixed.table[mixed.table["source_file"].astype(str) == str(sheet)]
    assert len(mine) == 1 == len(alone.table)
    assert mine["alpha_score"].tolist() == alone.table["alpha_score"].tolist()
    assert any("the redcap dictionary" in n and "is not applied to it" in n
               for n in mixed.ingested.notes)  # fmt: skip
    redcap = score_batch(["redcap/mini_redcap.csv"], Q, R,
                         dictionary="redcap/mini_redcap_dictionary.csv")  # fmt: skip
    theirs = mixed.table[mixed.table["source_file"].astype(str) != str(sheet)]
    assert theirs["overall_score"].tolist() == redcap.table["overall_score"].tolist()


def test_an_export_of_codes_without_its_dictionary_is_told_to_give_it():
    """A REDCap export without its dictionary gave "a_choice: '2': unknown label" and nothing
    more, though the layout line itself said "without a data dictionary"."""
    bare = score_batch(["redcap/mini_redcap.csv"], Q, R)
    assert any(line.endswith("a redcap export of codes reads with its data dictionary (.csv) "
                             "(--dictionary FILE)") for line in bare.ingested.notes)  # fmt: skip
    booked = score_batch(["redcap/mini_redcap.csv"], Q, R,
                         dictionary="redcap/mini_redcap_dictionary.csv")  # fmt: skip
    assert not any("--dictionary FILE" in line for line in booked.ingested.notes)


def test_a_misspelt_label_is_no_export_of_codes(tmp_path: Path):
    """One label misspelt in a Qualtrics export of choice texts ("Agree strongly") was taken
    for an export of codes and sent the user after a .qsf; the hint is for codes only, and
    names the columns."""
    source = EXPORTS / "qualtrics" / "mini_qualtrics.csv"
    text = source.read_text(encoding="utf-8-sig")
    assert "Strongly agree" in text
    typo = tmp_path / "typo.csv"
    typo.write_text(text.replace("Strongly agree", "Agree strongly", 1), encoding="utf-8")
    result = score_batch([typo], Q, R)
    assert any("unknown label" in line for line in result.error_lines())
    assert not any("--dictionary FILE" in line for line in result.ingested.notes)
    bare = score_batch(["redcap/mini_redcap.csv"], Q, R)
    (hint,) = [line for line in bare.ingested.notes if "--dictionary FILE" in line]
    assert "of answers in codes no label matches or off the scale ('" in hint


def test_recoded_values_off_the_scale_point_to_the_survey_definition():
    """QualtricsTools' matrix export holds RecodeValues 10..13: read without its .qsf, each
    cell was "expected a whole number 1..5" with no word of --dictionary, as LimeSurvey and
    REDCap exports of codes get (a trial)."""
    folder = "qualtrics"
    csv_file = f"{folder}/QualtricsTools_Single_Answer_Matrix_Insights.csv"
    args = dict(map_path=f"{folder}/QualtricsTools_map.yaml")
    bare = score_batch([csv_file], Q, R, **args)
    assert any("expected a whole number 1..5" in line for line in bare.error_lines())
    (hint,) = [line for line in bare.ingested.notes if "--dictionary FILE" in line]
    assert "2 columns of answers in codes no label matches or off the scale ('Q4_1', 'Q4_2')" in (
        hint
    )
    booked = score_batch(
        [csv_file], Q, R, dictionary=f"{folder}/QualtricsTools_Single_Answer_Matrix.qsf", **args
    )
    assert not any("--dictionary FILE" in line for line in booked.ingested.notes)
    assert not any("expected a whole number" in line for line in booked.error_lines())
