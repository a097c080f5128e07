"""``amc network`` inputs besides ties CSV (issue 7): audit response files, XLSX, templates.

Every input is turned into the same tie rows and checked by the same code, so a response file
or a workbook gives exactly the network of the equivalent CSV, and each problem is one line
naming the file and the row or the field path.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from amc_assess.cli import cli
from amc_assess.loading import InvalidInput
from amc_assess.network import audit, read_ties
from amc_assess.network.ties import COLUMNS, OPTIONAL
from conftest import REPO

AUDIT = REPO / "questionnaires" / "relationship_audit.yaml"
PEOPLE = {
    "Pat Jones": ("own", "middle", "marketing"),
    "Bo Li": ("own", "operational", "customer service"),
    "Ana Ortiz": ("partner", "senior", "marketing"),
    "Cy Park": ("partner", "middle", "customer service"),
}
KEY = {"Ana Ortiz"}
NAMED = {  # respondent -> (contact, frequency, importance, closeness)
    "Pat Jones": [("Ana Ortiz", 4, 5, 4), ("Bo Li", 5, 4, 5), ("Cy Park", 3, 4, 4)],
    "Ana Ortiz": [("Pat Jones", 4, 4, 4), ("Cy Park", 5, 5, 5)],
    "Cy Park": [("Pat Jones", 4, 3, 4), ("Ana Ortiz", 5, 4, 4), ("Bo Li", 2, 2, 1)],
}


def response_data(name: str, contacts: list | None = None) -> dict:
    side, level, function = PEOPLE[name]
    return {
        "assessment": {"firm": "Alpha", "date": "2026-03-01", "instrument": "relationship_audit",
                       "instrument_version": "1.0.0"},
        "respondent": {"name": name, "role": "x", "level": level, "side": side,
                       "function": function},
        "answers": {
            "aud_tenure_months": 12,
            "key_contact": "yes" if name in KEY else "no",
            "contacts": contacts if contacts is not None else [
                {"name": c, "side": PEOPLE[c][0], "level": PEOPLE[c][1], "function": PEOPLE[c][2],
                 "frequency": f, "importance": i, "closeness": k,
                 "key_contact": "yes" if c in KEY else "no"}
                for c, f, i, k in NAMED[name]
            ],
        },
        "completed": True,
    }  # fmt: skip


def write_response(path: Path, data: dict) -> Path:
    if path.suffix == ".json":
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def tie_rows() -> list[list[str]]:
    rows = []
    flag = {True: "yes", False: "no"}
    for name, contacts in NAMED.items():
        for contact, *ratings in contacts:
            rows.append([name, *PEOPLE[name], contact, *PEOPLE[contact], *map(str, ratings),
                         flag[name in KEY], flag[contact in KEY]])  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS + OPTIONAL)
        out.writerows(tie_rows() if rows is None else rows)
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def responses(here: Path) -> list[Path]:
    suffixes = {"Pat Jones": ".yaml", "Ana Ortiz": ".yml", "Cy Park": ".json"}
    return [
        write_response(here / f"{name.split()[0].lower()}{suffixes[name]}", response_data(name))
        for name in NAMED
    ]


def network(*args: str) -> object:
    return CliRunner().invoke(cli, ["network", *args])


def same_network(a: object, b: object) -> None:
    """Equal NetworkResults apart from the input names."""
    skip = {"sources", "firms"}
    assert a.model_dump(exclude=skip) == b.model_dump(exclude=skip)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------- response files
def test_audit_responses_give_the_network_of_the_equivalent_csv(here):
    files = responses(here)
    from_files = audit(files)
    from_csv = audit([write_csv(here / "ties.csv")])
    same_network(from_files, from_csv)
    assert from_files.people == 4 and from_files.respondents == 3
    assert from_files.ties == 5 and from_files.confirmed_ties == 3
    assert [p.name for p in from_files.persons if p.key_contact] == ["Ana Ortiz"]
    assert from_files.sources == [str(p) for p in files]


def test_amc_network_reads_response_files(here):
    files = [p.name for p in responses(here)]
    write_csv(here / "ties.csv")
    result = network(*files, "--format", "json")
    assert result.exit_code == 0, result.output
    expected = network("ties.csv", "--format", "json")
    got, want = json.loads(result.output), json.loads(expected.output)
    assert got.pop("sources") == files and want.pop("sources") == ["ties.csv"]
    assert got.pop("firms") == dict.fromkeys(files, "Alpha") and want.pop("firms") == {}
    assert got == want
    table = network(*files)
    assert table.exit_code == 0
    assert "key contact Ana Ortiz" in table.output


def test_every_bad_contact_is_one_line_with_its_field_path(here):
    contacts = [
        {"name": "Ana Ortiz", "side": "partner", "level": "boss", "frequency": 3,
         "importance": 3, "closeness": 3},
        {"name": "Bo Li", "side": "own", "level": "operational", "frequency": 6,
         "importance": 3, "closeness": 3},
        {"name": "Pat Jones", "side": "own", "level": "middle", "frequency": 3,
         "importance": 3, "closeness": 3},
        {"name": "Bo Li", "side": "own", "level": "operational", "frequency": 2,
         "importance": 2, "closeness": 2},
        {"side": "partner", "level": "middle", "frequency": 3, "importance": 3,
         "closeness": 3},
        {"name": "Cy Park", "side": "partner", "level": "middle", "frequency": 3,
         "importance": 3, "closeness": 3},
    ]  # fmt: skip
    write_response(here / "resp.yaml", response_data("Pat Jones", contacts))
    result = network("resp.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "resp.yaml: answers.contacts[0].level: 'boss' is not one of senior, middle, operational",
        "resp.yaml: answers.contacts[1].frequency: 6 is out of range (expected 1..5)",
        "resp.yaml: answers.contacts[2].name: 'Pat Jones' names themselves (self-tie)",
        "resp.yaml: answers.contacts[3].name: duplicate tie 'Pat Jones' -> 'Bo Li' "
        "(first given in answers.contacts[1])",
        "resp.yaml: answers.contacts[4].name: missing value",
        "5 problems found",
    ]


def test_the_respondent_is_checked_once(here):
    data = response_data("Pat Jones")
    data["respondent"] = {"name": "Pat Jones", "side": "ours", "level": "middle"}
    data["answers"]["key_contact"] = "perhaps"
    write_response(here / "resp.yaml", data)
    with pytest.raises(InvalidInput) as caught:
        read_ties(["resp.yaml"])
    assert caught.value.errors == [
        "resp.yaml: respondent.side: 'ours' is not one of own, partner",
        "resp.yaml: respondent.function: missing value",
        "resp.yaml: answers.key_contact: 'perhaps' is not yes or no",
    ]


def test_a_person_described_differently_in_two_inputs(here):
    write_response(here / "pat.yaml", response_data("Pat Jones"))
    rows = [["Dee", "own", "senior", "strategy", "Cy Park", "partner", "operational", "",
             "3", "3", "3", "", ""]]  # fmt: skip
    write_csv(here / "more.csv", rows)
    result = network("pat.yaml", "more.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "more.csv: row 2: contact_level: 'Cy Park' is 'operational' here but 'middle' in "
        "pat.yaml answers.contacts[2]"
    ]
    write_response(here / "cy.yaml", response_data("Cy Park"))
    data = response_data("Ana Ortiz")
    data["answers"]["contacts"][1]["function"] = "Sales"
    write_response(here / "ana.yaml", data)
    result = network("cy.yaml", "ana.yaml")
    assert result.exit_code == 0  # a different function is noted, not refused
    assert result.stderr.splitlines() == [
        "ana.yaml: answers.contacts[1].function: 'Cy Park' is 'Sales' here but "
        "'customer service' in cy.yaml respondent; 'customer service' is kept"
    ]


def test_mixed_csv_and_response_inputs(here):
    pat, ana, cy = responses(here)
    rows = [r for r in tie_rows() if r[0] == "Cy Park"]
    write_csv(here / "cy.csv", rows)
    same_network(audit([pat, ana, here / "cy.csv"]), audit([write_csv(here / "ties.csv")]))


def test_unfinished_list_and_files_without_a_list_are_refused(here):
    data = response_data("Pat Jones")
    data["unfinished"] = ["contacts"]
    data["completed"] = False
    write_response(here / "open.yaml", data)
    data = response_data("Ana Ortiz")
    del data["answers"]["contacts"]
    write_response(here / "amc.yaml", data)
    write_response(here / "empty.yaml", response_data("Cy Park", []))
    with pytest.raises(InvalidInput) as caught:
        read_ties(["open.yaml", "amc.yaml", "empty.yaml"])
    assert caught.value.errors == [
        "open.yaml: answers.contacts: the list of contacts was not finished (the interview "
        "stopped inside it): continue it with `amc assess --resume open.yaml -q "
        "relationship_audit`, or remove 'contacts' from 'unfinished' to use the list as it is",
        "amc.yaml: answers: no list of contacts (amc network reads the answers to a contacts "
        "item, as the relationship audit collects them)",
        "empty.yaml: answers.contacts: the list of contacts is empty",
    ]


def test_response_files_that_do_not_parse(here):
    (here / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (here / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    data = response_data("Pat Jones")
    del data["assessment"]["firm"]
    data["answers"]["contacts"][0]["color"] = "red"
    data["answers"]["contacts"][1] = "Bo Li"
    write_response(here / "odd.json", data)
    with pytest.raises(InvalidInput) as caught:
        read_ties(["list.yaml", "broken.yaml", "odd.json", "missing.yaml"])
    errors = caught.value.errors
    assert errors[0] == "list.yaml: (top level): expected a mapping, found list document"
    assert errors[1].startswith("broken.yaml: line 2: invalid YAML: ")
    assert errors[2:] == [
        "odd.json: assessment.firm: required field is missing",
        "odd.json: answers.contacts[0].color: unknown field",
        "odd.json: answers.contacts[1]: expected a contact (name, side, level, function, "
        "frequency, importance, closeness, key_contact), found str",
        "missing.yaml: file not found",
    ]


# ---------------------------------------------------------------------- XLSX
def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.create_sheet("notes").append(["not read"])
    book.save(path)
    return path


def test_xlsx_ties_read_like_csv(here):
    rows: list[list[object]] = []
    for row in tie_rows():
        rows.append([*row[:8], *(int(v) for v in row[8:11]), row[11] == "yes", row[12]])
    rows.insert(2, [None] * 13)  # an empty row is skipped
    write_xlsx(here / "ties.xlsx", list(COLUMNS + OPTIONAL), rows)
    same_network(audit(["ties.xlsx"]), audit([write_csv(here / "ties.csv")]))


def test_xlsx_problems_name_the_sheet_row(here):
    rows = [
        ["Pat", "own", "middle", "x", "Ana", "partner", "senior", "", 3, 3.5, 3],
        ["Pat", "own", "middle", "x", "Bo", "own", "junior", "", 3, 3, 3],
    ]
    write_xlsx(here / "t.xlsx", list(COLUMNS), rows)
    (here / "fake.xlsx").write_text("respondent,contact\n", encoding="utf-8")
    result = network("t.xlsx", "fake.xlsx")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        "t.xlsx: row 2: importance: '3.5' is not a whole number (expected 1..5)",
        "t.xlsx: row 3: contact_level: 'junior' is not one of senior, middle, operational",
    ]
    assert lines[2].startswith("fake.xlsx: cannot read: not an XLSX workbook")


# ---------------------------------------------------------------------- templates
def test_xlsx_template_filled_in_is_read_unchanged(here):
    from openpyxl import load_workbook

    result = CliRunner().invoke(cli, ["template", "-q", str(AUDIT), "-o", "ties.xlsx"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "wrote ties.xlsx (ties sheet of relationship_audit 1.0.0: one named contact per row; "
        "analyze it filled in with `amc network ties.xlsx`)\n"
    )
    book = load_workbook(here / "ties.xlsx")
    assert book.sheetnames == ["ties", "instructions"]
    sheet = book["ties"]
    assert [c.value for c in sheet[1]] == list(COLUMNS + OPTIONAL)
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1
        for dv in sheet.data_validations.dataValidation
        if dv.type == "list"
    }
    assert lists == {
        "B2": '"own,partner"', "C2": '"senior,middle,operational"',
        "F2": '"own,partner"', "G2": '"senior,middle,operational"',
        "I2": '"1,2,3,4,5"', "J2": '"1,2,3,4,5"', "K2": '"1,2,3,4,5"',
        "L2": '"yes,no"', "M2": '"yes,no"',
    }  # fmt: skip
    instructions = " ".join(str(c.value) for row in book["instructions"] for c in row)
    assert "1 Less than once a month" in instructions and "5 Every day" in instructions
    assert "amc network FILE.xlsx" in instructions
    for r, row in enumerate(tie_rows(), start=2):  # as a person fills the drop-downs in
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, int(value) if value.isdigit() else value)
    book.save(here / "ties.xlsx")
    filled = network("ties.xlsx", "--format", "json")
    assert filled.exit_code == 0, filled.output
    same_network(audit(["ties.xlsx"]), audit([write_csv(here / "ties.csv")]))


def test_csv_template_is_the_header_only(here):
    result = CliRunner().invoke(cli, ["template", "-q", str(AUDIT), "-o", "ties.csv"])
    assert result.exit_code == 0, result.output
    text = (here / "ties.csv").read_text(encoding="utf-8-sig")
    assert text == ",".join(COLUMNS + OPTIONAL) + "\n"
    with open(here / "ties.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(tie_rows())
    same_network(audit(["ties.csv"]), audit([write_csv(here / "expected.csv")]))


def test_answer_template_of_a_scored_instrument_is_unchanged(here):
    result = CliRunner().invoke(cli, ["template", "-o", "answers.csv"])
    assert result.exit_code == 0
    assert result.output.startswith("wrote answers.csv (")
    header = (here / "answers.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("firm,respondent,side,level,function,")
    assert "contacts" not in header.split(",")


def test_an_audit_of_another_firm_is_refused(here):
    files = responses(here)
    mid = REPO / "examples" / "mid_maturity.yaml"
    run = CliRunner().invoke
    result = run(cli, ["score", str(mid), "--network", str(files[0])])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "pat.yaml: assessment.firm: the relationship audit is of 'Alpha', but the assessment "
        "is of 'Lumora Medical Inc. (fictional)'"
    )
    report = run(cli, ["report", str(mid), "--network", str(files[0]), "--out", "r.pdf"])
    assert report.exit_code == 1 and "the relationship audit is of 'Alpha'" in report.stderr
    assert not (here / "r.pdf").exists()
    alpha = yaml.safe_load(mid.read_text(encoding="utf-8"))
    alpha["assessment"]["firm"] = "  alpha "
    (here / "alpha.yaml").write_text(yaml.safe_dump(alpha), encoding="utf-8")
    given = [arg for f in files for arg in ("--network", str(f))]
    scored = run(cli, ["score", "alpha.yaml", *given, "-f", "json"])
    assert scored.exit_code == 0, scored.stderr
    assert json.loads(scored.stdout)[0]["item_scores"]["network_continuity"] is not None
    assert run(cli, ["score", "alpha.yaml", "--network", "ties.csv"]).exit_code == 1  # absent
    ties = write_csv(here / "ties.csv")  # a ties table names no firm: nothing to check
    assert run(cli, ["score", str(mid), "--network", str(ties)]).exit_code == 0


def test_audits_of_two_firms_are_not_one_network(here):
    """``amc network a.yaml b.yaml`` of two firms' audits drew one network of both firms'
    people, with no firm named (amc score --network refuses such a file)."""
    files = responses(here)
    other = yaml.safe_load(files[1].read_text(encoding="utf-8"))
    other["assessment"]["firm"] = "Other Corp"
    files[1].write_text(yaml.safe_dump(other, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["network", *(f.name for f in files)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{files[1].name}: assessment.firm: 'Other Corp', where {files[0].name} is an audit of "
        "'Alpha': one run of amc network reads one firm's audit"
    ]
    other["assessment"]["firm"] = " alpha "  # the same firm, spelt with spaces and in case
    files[1].write_text(yaml.safe_dump(other, sort_keys=False), encoding="utf-8")
    assert CliRunner().invoke(cli, ["network", *(f.name for f in files)]).exit_code == 0


def test_a_scored_table_with_an_audit_is_refused_not_reported_without_it(here):
    """report TABLE --network: the table's scores were kept, the audit left out, and the PDF
    still said the rubric scored its network measures (a trial). It is refused in one line."""
    files = responses(here)
    alpha = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    alpha["assessment"]["firm"] = "Alpha"
    (here / "alpha.yaml").write_text(yaml.safe_dump(alpha), encoding="utf-8")
    run = CliRunner().invoke
    assert run(cli, ["batch", "alpha.yaml", "--out", "t.csv"]).exit_code == 0
    result = run(cli, ["report", "t.csv", "--network", files[0].name, "--out", "r.pdf"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "t.csv: --network scores a relationship audit's measures with the answers; this file "
        "holds results already scored without them: report from the response files with "
        "--network"
    ]
    assert not (here / "r.pdf").exists()
    done = run(cli, ["report", "alpha.yaml", "--network", files[0].name, "--out", "r.pdf"])
    assert done.exit_code == 0, done.stderr
