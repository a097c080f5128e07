"""Templates are data, and what reaches a terminal is safe (issue 17, items 5 and 6)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from amc_assess.terminal import printable, printable_lines, single_line_problem
from conftest import REPO, invoke

MID = REPO / "examples" / "mid_maturity.yaml"
OSC_TITLE = "Evil\x1b]0;pwned\x07 Co"  # sets the terminal's title
OSC_LINK = "\x1b]8;;https://attacker.example\x1b\\Click\x1b]8;;\x1b\\"  # a hidden hyperlink
FORGED = "Two\nwrote all.pdf (1 pages) and all.json"  # a line break forging an output line
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what must never reach the terminal raw


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "env.db"))
    shutil.copy(MID, tmp_path / "m.yaml")
    return tmp_path


# -- templates ----------------------------------------------------------------------------


def test_a_template_reaching_for_python_internals_gets_one_line_and_runs_nothing(
    here: Path,
) -> None:
    folder = here / "templates"
    folder.mkdir()
    (folder / "report_summary.j2").write_text(
        "<h1>Summary</h1>\n"
        "<p>{{ cycler.__init__.__globals__.os.popen('touch pwned; id').read() }}</p>\n",
        encoding="utf-8",
    )
    result = invoke("report", "m.yaml", "--out", "r.pdf", "--template-dir", "templates")
    assert result.exit_code == 1
    assert result.stderr == (
        "templates/report_summary.j2: line 2: access to attribute '__init__' of 'type' object "
        "is unsafe.\n"
    )
    assert not (here / "pwned").exists()
    assert not (here / "r.pdf").exists()


def test_a_template_cannot_change_the_values_it_is_given(here: Path) -> None:
    folder = here / "templates"
    folder.mkdir()
    (folder / "report_summary.j2").write_text(
        "<h1>Summary</h1>\n{% set x = dimensions.append(1) %}<p>ok</p>\n", encoding="utf-8"
    )
    result = invoke("report", "m.yaml", "--out", "r.pdf", "--template-dir", "templates")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("templates/report_summary.j2: line 2: ")
    assert "unsafe" in line and "\n" not in line


def test_a_template_linked_to_a_file_outside_its_folder_is_refused_unread(here: Path) -> None:
    secret = here / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT {{ oops\n", encoding="utf-8")
    folder = here / "templates"
    folder.mkdir()
    (folder / "report_summary.j2").symlink_to(secret)
    result = invoke("report", "m.yaml", "--out", "r.pdf", "--template-dir", "templates")
    assert result.exit_code == 1
    assert result.stderr == (
        "templates/report_summary.j2: a link to a file outside the template folder; copy the "
        "template into the folder instead\n"
    )
    assert "TOP-SECRET" not in result.output
    assert not (here / "r.pdf").exists()


def test_a_link_between_templates_of_the_folder_is_fine(here: Path) -> None:
    folder = here / "templates"
    folder.mkdir()
    bundled = REPO / "report_templates" / "report_summary.j2"
    shutil.copy(bundled, folder / "summary_copy.j2")
    (folder / "report_summary.j2").symlink_to(folder / "summary_copy.j2")
    result = invoke("report", "m.yaml", "--out", "r.pdf", "--template-dir", "templates")
    assert result.exit_code == 0, result.output
    assert (here / "r.pdf").read_bytes().startswith(b"%PDF")


def test_the_markdown_summary_renders_in_the_sandbox_too(here: Path) -> None:
    from jinja2.exceptions import SecurityError

    from amc_assess import api, render

    (here / "summary.md.j2").write_text("{{ results.__class__.__mro__ }}", encoding="utf-8")
    results = api.score_files(["m.yaml"])
    with pytest.raises(SecurityError):
        render.to_markdown(results, str(here))


# -- names at input -----------------------------------------------------------------------


def _response(here: Path, name: str, firm: str, respondent: str = "Dana", role: str = "x") -> str:
    data = yaml.safe_load(MID.read_text(encoding="utf-8"))
    data["assessment"]["firm"] = firm
    data["respondent"]["name"] = respondent
    data["respondent"]["role"] = role
    (here / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return name


def test_names_with_controls_line_breaks_or_nothing_are_refused_by_field(here: Path) -> None:
    files = [
        _response(here, "osc.yaml", OSC_TITLE),
        _response(here, "forged.yaml", "Fine AG", respondent=FORGED),
        _response(here, "role.yaml", "Fine AG", role="Head\r\nof alliances"),
        _response(here, "blank.yaml", "   "),
        _response(here, "nobody.yaml", "Fine AG", respondent=" \t "),
    ]
    result = invoke("score", *files)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "osc.yaml: assessment.firm: holds a control character (\\x1b): a name is one line of "
        "plain text",
        "forged.yaml: respondent.name: holds a line break (\\n): a name is one line of plain text",
        "role.yaml: respondent.role: holds a line break (\\r): a name is one line of plain text",
        "blank.yaml: assessment.firm: is blank: type a name",
        "nobody.yaml: respondent.name: is blank: type a name",
        "5 problems found",
    ]
    for name in files:  # the same files are refused by every command that reads them
        added = invoke("history", "add", name, "--db", "h.db")
        assert added.exit_code == 1 and not RAW.search(added.stderr)


def test_names_in_a_scored_table_are_checked_too(here: Path) -> None:
    assert invoke("batch", "m.yaml", "--out", "a.csv").exit_code == 0
    text = (here / "a.csv").read_text(encoding="utf-8")
    firm = yaml.safe_load(MID.read_text(encoding="utf-8"))["assessment"]["firm"]
    (here / "evil.csv").write_text(text.replace(firm, OSC_TITLE), encoding="utf-8")
    result = invoke("history", "add", "evil.csv", "--db", "h.db")
    assert result.exit_code == 1
    assert result.stderr == (
        "evil.csv: row 2: firm: holds a control character (\\x1b): a name is one line of plain "
        "text\n"
    )
    assert not RAW.search(result.stderr)


def test_the_interview_refuses_a_firm_name_on_two_lines() -> None:
    result = invoke("assess", "--firm", "Acme\n\x1b[2Jnew line")
    assert result.exit_code == 1
    assert result.stderr == (
        "--firm 'Acme\\n\\x1b[2Jnew line': holds a line break (\\n): a name is one line of plain "
        "text\n"
    )


# -- names already stored, shown escaped ----------------------------------------------------


def _store_with_names(here: Path, names: list[str]) -> Path:
    """A store written before names were checked (as an earlier version could)."""
    for k in range(len(names)):
        data = yaml.safe_load(MID.read_text(encoding="utf-8"))
        data["assessment"]["firm"] = f"Firm {k}"
        data["respondent"]["name"] = f"Person {k}"
        (here / f"p{k}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        assert invoke("history", "add", f"p{k}.yaml", "--db", "old.db").exit_code == 0
    with sqlite3.connect(here / "old.db") as conn:
        for k, firm in enumerate(names):
            conn.execute(
                "UPDATE assessments SET firm = ?, firm_key = ? WHERE firm = ?",
                (firm, " ".join(firm.split()), f"Firm {k}"),
            )
    return here / "old.db"


def test_history_list_shows_stored_control_characters_escaped(here: Path) -> None:
    _store_with_names(here, [OSC_TITLE, FORGED, OSC_LINK])
    result = invoke("history", "list", "--db", "old.db")
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.output)
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # the header and one line per firm: nothing forged
    firms = sorted(line.split("  ")[0] for line in lines[1:])
    assert firms[:2] == ["Evil\\x1b]0;pwned\\x07 Co", "Two\\nwrote all.pdf (1 pages) and all.json"]
    assert firms[2].startswith("\\x1b]8;;https://attacker.example\\x1b\\Click")  # cut at 48
    listed = json.loads(invoke("history", "list", "--db", "old.db", "-f", "json").stdout)
    assert sorted(r["firm"] for r in listed) == sorted([OSC_TITLE, FORGED, OSC_LINK])


def test_history_show_shows_the_firm_escaped(here: Path) -> None:
    _store_with_names(here, [FORGED])
    result = invoke("history", "show", "two wrote all pdf 1 pages and all json", "--db", "old.db")
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.output)
    assert result.stdout.startswith("History of Two\\nwrote all.pdf (1 pages) and all.json: ")
    assert not any(line.startswith("wrote ") for line in result.stdout.splitlines())


def test_benchmark_shows_the_firm_escaped(here: Path) -> None:
    _store_with_names(here, [FORGED, "Peer A", "Peer B", "Peer C", "Peer D", "Peer E"])
    result = invoke("benchmark", "two wrote all pdf 1 pages and all json", "--db", "old.db")
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.output)
    assert "Benchmark of Two\\nwrote all.pdf (1 pages) and all.json, " in result.stdout
    assert not any(line.startswith("wrote ") for line in result.stdout.splitlines())


def test_score_and_history_show_escape_a_rubric_title(here: Path) -> None:
    """Text of the user's own instrument files reaches the terminal escaped too."""
    rubric = yaml.safe_load((REPO / "rubrics" / "amc.yaml").read_text(encoding="utf-8"))
    first = next(iter(rubric["dimensions"]))
    rubric["dimensions"][first]["title"] = "Structure\x1b[31m red"
    (here / "r.yaml").write_text(yaml.safe_dump(rubric, sort_keys=False), encoding="utf-8")
    result = invoke("score", "m.yaml", "-r", "r.yaml")
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.output)
    assert "Structure\\x1b[31m red" in result.stdout


def test_printable_forms() -> None:
    assert printable("a\x1b[31mb\nc\td\x9b\u202e") == "a\\x1b[31mb\\nc\\td\\u009b\\u202e"
    assert printable_lines("a\x1b\nb\tc\r") == "a\\x1b\nb\tc\\r"
    assert json.loads(printable_lines(json.dumps({"k": "x\x9by"}, ensure_ascii=False))) == {
        "k": "x\x9by"
    }  # the escape of a wide control is valid JSON: the data survives
    assert single_line_problem("Acme AG") is None
    assert single_line_problem("Zürich 北京 GmbH") is None
