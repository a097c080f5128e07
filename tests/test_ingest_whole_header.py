"""A CSV header is read whole, however long: every row is scored under its own firm.

The delimiter is sniffed on a 64 KiB sample; the header used to be cut at the sample's end,
its missing fields then shifted each row's leading cells into the index, and rows were scored
under another row's firm and answers (exit 0 with ``unmatched: ignore``). The expected scores
here come from the same answers in a narrow file (firm and items only).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hostile
from amc_assess import bounds
from amc_assess.batch import score_batch
from conftest import MINI, answer_column, invoke

Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
ITEMS = ["a_agree1", "a_agree2", "a_yes", "b_exists", "b_agree"]
ROWS = 7
MAP = "meta: {firm: Company}\nunmatched: ignore\n"


def answers(k: int) -> list[str]:
    """Row k's answers to ITEMS: different in every row."""
    return [str(1 + k % 5), str(1 + (k * 3) % 5), "yes" if k % 2 else "no", "yes", str(5 - k % 5)]


def write(path: Path, filler: list[str], items_first: bool = True) -> Path:
    """Company, the items and ``filler`` columns (before or after the items), ROWS rows."""
    header = ["Company", *ITEMS, *filler] if items_first else ["Company", *filler, *ITEMS]
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(header)
    for k in range(ROWS):
        extra = [f"x{k}"] * len(filler)
        row = [*answers(k), *extra] if items_first else [*extra, *answers(k)]
        out.writerow([f"Firm {k}", *row])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def narrow_scores(tmp_path: Path) -> pd.DataFrame:
    result = score_batch([write(tmp_path / "narrow.csv", [])], Q, R, map_path=map_file(tmp_path))
    return result.table.drop(columns=["source_file"])


def map_file(tmp_path: Path) -> Path:
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    return tmp_path / "map.yaml"


LONG = "How far does the alliance office reach into the business units' own planning? " * 3
FILLERS = {
    "plain": [f"Q{j}. {LONG}" for j in range(300)],
    # quoted headers holding the delimiter, quotes and line breaks, as survey tools write them
    "quoted": [f'Q{j}, part "{j % 7}"\n{LONG}' for j in range(300)],
}


@pytest.mark.parametrize("items_first", [True, False], ids=["items-first", "items-last"])
@pytest.mark.parametrize("kind", list(FILLERS))
def test_a_header_past_64_kib_scores_every_row_under_its_own_firm(
    tmp_path: Path, kind: str, items_first: bool
):
    wide = write(tmp_path / "wide.csv", FILLERS[kind], items_first)
    assert wide.read_text(encoding="utf-8").index("\nFirm 0,") > 1 << 16  # the header alone
    result = score_batch([wide], Q, R, map_path=map_file(tmp_path))
    assert result.ingested.meta["firm"].tolist() == [f"Firm {k}" for k in range(ROWS)]
    assert answer_column(result, "a_agree1") == [1 + k % 5 for k in range(ROWS)]
    assert len(result.ingested.errors) == 0
    expected = narrow_scores(tmp_path)
    pd.testing.assert_frame_equal(result.table.drop(columns=["source_file"]), expected)


def test_rows_wider_than_the_header_are_refused_not_shifted(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shifted.csv").write_text(
        "firm,a_agree1,a_agree2\nAcme,4,2,5\nBeta,1,3,2\n", encoding="utf-8"
    )
    result = invoke("batch", "-q", Q, "-r", R, "shifted.csv", "-o", "o.csv", "--allow-errors")
    assert (result.exit_code, result.stderr) == (
        1,
        "shifted.csv: row 2 has 4; row 3 has 4 fields where the header has 3 (check the "
        "delimiter)\n",
    )
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.slow
def test_twenty_thousand_columns_with_a_map_score_each_row_as_its_own(tmp_path: Path):
    filler = [f"extra column {j:05d}" for j in range(20_000 - 1 - len(ITEMS))]
    write(tmp_path / "wide.csv", filler, items_first=False)
    map_file(tmp_path)
    run = hostile.run_bounded(
        "batch", "-q", Q, "-r", R, "--map", "map.yaml", "wide.csv", "-o", "wide_scored.csv",
        cwd=tmp_path, timeout=180,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert run.seconds < 60, f"{run.seconds:.1f} s"  # 420 s when the header was cut
    scored = pd.read_csv(tmp_path / "wide_scored.csv").drop(columns=["source_file"])
    expected = narrow_scores(tmp_path)
    assert scored["firm"].tolist() == [f"Firm {k}" for k in range(ROWS)]
    pd.testing.assert_frame_equal(
        scored[["firm", "alpha_score", "beta_score"]],
        expected[["firm", "alpha_score", "beta_score"]],
        check_dtype=False,
    )


FIELD = st.text(alphabet=st.sampled_from(list('ab ,;"\n\r')), max_size=6)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.lists(FIELD, min_size=1, max_size=5), min_size=1, max_size=8),
    chunk=st.integers(min_value=1, max_value=9),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_the_head_is_the_records_the_csv_module_reads_whatever_the_chunks(rows, chunk, ending):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerows(rows)
    text = buffer.getvalue()
    previous = bounds.CHUNK
    bounds.CHUNK = chunk  # records and quotes split between reads at every place
    try:
        head = bounds.csv_head(io.StringIO(text, newline=""), ",", 3, "t.csv")
    finally:
        bounds.CHUNK = previous
    assert text.startswith(head)
    expected = list(csv.reader(io.StringIO(text, newline="")))[:3]
    assert list(csv.reader(io.StringIO(head, newline=""))) == expected
