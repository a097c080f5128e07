"""A clean ties table read at once (amc_assess.network.clean) gives exactly what the row by row
Reader gives; a table with anything to report falls back to the Reader, same messages."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from amc_assess.network.reader import COLUMNS, OPTIONAL
from amc_assess.network.ties import _clean_csv, read_rows, read_ties
from amc_assess.problems import InvalidInput

HEADER = list(COLUMNS + OPTIONAL)


def outcome(read: Any, path: Path) -> tuple[Any, ...]:
    """Everything read_ties returns (people in order), or every problem line."""
    try:
        t = read([path])
    except InvalidInput as exc:
        return ("invalid", exc.errors)
    people = list(t.people.items())
    return (people, t.ties, t.respondents, t.sources, t.notes, t.firms, t.key_contacts_given)


def clean_rows() -> list[list[str]]:
    """A small clean table: both firms, all levels, key contacts, contacts described only in
    another row, answers and ties named back."""
    a = ["Ann", "own", "senior", "finance", "yes"]
    b = ["Bob", "own", "middle", "marketing", "no"]
    c = ["Cid", "partner", "operational", "systems", ""]
    d = ["Dee", "partner", "middle", "customer service", "y"]
    blank = ["", "", "", ""]

    def row(r: list[str], k: list[str], ratings: str, described: bool = True) -> list[str]:
        contact = [k[0], *(k[1:4] if described else blank[:3])]
        return [*r[:4], *contact, *ratings.split(), r[4], k[4] if described else ""]

    return [
        HEADER,
        row(a, b, "5 4 5"),
        row(b, a, "4 4 3"),
        row(a, c, "2 3 1"),
        row(c, d, "3 3 3", described=False),
        row(d, b, "1 2 5"),
        row(b, c, "3 5 4", described=False),
    ]


def write(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_a_clean_table_is_read_at_once_as_the_reader_reads_it(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", clean_rows())
    assert _clean_csv(path) is not None
    assert outcome(read_ties, path) == outcome(read_rows, path)
    assert outcome(read_ties, path)[0][3][1].function == "customer service"


def test_tidied_cells_are_read_at_once_too(tmp_path: Path) -> None:
    rows = clean_rows()
    rows[1][1] = " Own "  # spaces around, another case: the Reader takes them silently
    rows[2][2] = "MIDDLE"
    rows[3][3] = "  finance"
    rows[1][11] = "YES"
    rows[5][12] = "false"
    rows[4][3] = "systems  "
    path = write(tmp_path / "t.csv", [[h.upper() for h in rows[0]], *rows[1:]], ";")
    assert _clean_csv(path) is not None
    assert outcome(read_ties, path) == outcome(read_rows, path)


def test_without_the_optional_columns(tmp_path: Path) -> None:
    rows = [r[:11] for r in clean_rows()]
    rows[0] = rows[0][:11]
    path = write(tmp_path / "t.csv", [rows[0][::-1], *[r[::-1] for r in rows[1:]]])
    assert _clean_csv(path) is not None
    assert outcome(read_ties, path) == outcome(read_rows, path)
    assert outcome(read_ties, path)[6] is False


def test_a_generated_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from network_bench import generate

    path = tmp_path / "t.csv"
    generate(path, 400, 8, seed=3)
    assert _clean_csv(path) is not None
    assert outcome(read_ties, path) == outcome(read_rows, path)


def _set(row: int, column: str, value: str) -> Any:
    def change(rows: list[list[str]]) -> None:
        rows[row][HEADER.index(column)] = value

    return change


def _append(*extra: list[str]) -> Any:
    def change(rows: list[list[str]]) -> None:
        rows.extend(extra)

    return change


def _copy_row(row: int) -> Any:
    return lambda rows: rows.append(list(rows[row]))


def _header(fn: Any) -> Any:
    def change(rows: list[list[str]]) -> None:
        rows[0] = fn(rows[0])

    return change


PROBLEMS = {
    "rating out of range": _set(1, "frequency", "6"),
    "rating written 3.0": _set(2, "importance", "3.0"),
    "rating not a number": _set(3, "closeness", "often"),
    "rating missing": _set(4, "frequency", ""),
    "respondent missing": _set(2, "respondent", ""),
    "contact missing": _set(2, "contact", ""),
    "respondent side missing": _set(1, "respondent_side", ""),
    "respondent function missing": _set(1, "respondent_function", ""),
    "unknown side": _set(1, "respondent_side", "ours"),
    "unknown contact level": _set(1, "contact_level", "junior"),
    "side given two ways": _set(2, "contact_side", "partner"),
    "level given two ways": _set(5, "contact_level", "senior"),
    "function given two ways (a note)": _set(2, "contact_function", "sales"),
    "function in another case": _set(2, "contact_function", "Finance"),
    "key contact given two ways": _set(2, "contact_key_contact", "no"),
    "key contact not yes or no": _set(1, "respondent_key_contact", "maybe"),
    "name in another case (a note)": _set(2, "contact", "ann"),
    "name with two spaces (a note)": _set(1, "contact", "Bo  b"),
    "self-tie": _set(4, "contact", "Cid"),
    "duplicate tie": _copy_row(1),
    "contact described nowhere": _append(
        ["Ann", "own", "senior", "finance", "Eve", "", "", "", "1", "1", "1", "", ""]
    ),
    "contact side only": _append(
        ["Ann", "own", "senior", "finance", "Eve", "own", "", "", "1", "1", "1", "", ""]
    ),
    "blank row": _append(
        [""] * 13,
        ["Dee", "partner", "middle", "customer service", "Ann", "", "", "", "2", "2", "2", "", ""],
    ),  # fmt: skip
    "row of blanks only": _append([]),
    "short row (padded)": _append(
        ["Dee", "partner", "middle", "customer service", "Ann", "", "", "", "2", "2", "2"]
    ),  # fmt: skip
    "long row": _append(
        [
            "Dee",
            "partner",
            "middle",
            "customer service",
            "Ann",
            "",
            "",
            "",
            "2",
            "2",
            "2",
            "",
            "",
            "extra",
        ]
    ),  # fmt: skip
    "missing column": _header(lambda h: ["closenesss" if c == "closeness" else c for c in h]),
    "unknown column": _header(lambda h: [*h[:-1], "notes"]),
    "column given twice": _header(lambda h: [*h[:-1], "frequency"]),
    "header only": lambda rows: rows.__delitem__(slice(1, None)),
    "empty file": lambda rows: rows.clear(),
}


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_a_table_with_a_problem_is_read_row_by_row(tmp_path: Path, problem: str) -> None:
    rows = clean_rows()
    PROBLEMS[problem](rows)
    path = write(tmp_path / "t.csv", rows)
    assert _clean_csv(path) is None
    assert outcome(read_ties, path) == outcome(read_rows, path)


def test_unreadable_inputs_are_read_row_by_row(tmp_path: Path) -> None:
    bad = tmp_path / "t.csv"
    bad.write_bytes(b'respondent,"contact\n"x\0y' + b"\xff" * 10)
    for path in (tmp_path / "missing.csv", tmp_path, bad, write(tmp_path / "t.xlsx", [])):
        assert _clean_csv(path) is None
        assert outcome(read_ties, path) == outcome(read_rows, path)


def test_several_files_are_read_row_by_row(tmp_path: Path) -> None:
    first = write(tmp_path / "a.csv", clean_rows())
    second = write(tmp_path / "b.csv", [clean_rows()[0], clean_rows()[1]])
    with pytest.raises(InvalidInput, match="duplicate tie"):
        read_ties([first, second])


def _text(rows: list[list[str]], end: str = "\n") -> str:
    return end.join(",".join(r) for r in rows)


LAYOUTS = {
    "LF": lambda rows: _text(rows) + "\n",
    "CRLF": lambda rows: _text(rows, "\r\n") + "\r\n",
    "no last line end": lambda rows: _text(rows),
    "lone CR line ends": lambda rows: _text(rows, "\r") + "\r",
    "CR and LF mixed": lambda rows: _text(rows[:3], "\r") + "\r" + _text(rows[3:]) + "\n",
    "quoted cells": lambda rows: "\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n",
    "a quote inside a cell": lambda rows: _text(rows).replace("finance", 'fin"ance', 1) + "\n",
    "NUL in a cell": lambda rows: _text(rows).replace("finance", "fin\0ance", 1) + "\n",
    "blank line inside": lambda rows: _text(rows[:3]) + "\n\n" + _text(rows[3:]) + "\n",
    "blank lines at the end": lambda rows: _text(rows) + "\n\n\n",
    "spaces around cells": lambda rows: _text(rows).replace(",own,", ", own ,") + "\n",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_text_layouts_read_at_once_as_the_reader_reads_them(tmp_path: Path, layout: str) -> None:
    """The whole-text split (ties._split) gives the csv module's cells, or leaves it to it."""
    path = tmp_path / "t.csv"
    path.write_bytes(LAYOUTS[layout](clean_rows()).encode("utf-8"))
    assert outcome(read_ties, path) == outcome(read_rows, path)


def test_a_cell_over_the_csv_size_limit_is_read_row_by_row(tmp_path: Path) -> None:
    rows = clean_rows()
    rows[1][3] = "finance" + " " * 200  # the Reader strips it; the csv module refuses it
    path = tmp_path / "t.csv"
    path.write_text(_text(rows) + "\n", encoding="utf-8")
    limit = csv.field_size_limit(100)
    try:
        assert _clean_csv(path) is None
        assert outcome(read_ties, path) == outcome(read_rows, path)
    finally:
        csv.field_size_limit(limit)
