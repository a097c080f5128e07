"""Opening a large table on another thread while the instrument loads (``ingest.prefetch``)
and the Parquet writer's plain row ids: the same results, the same errors, as before."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from amc_assess.batch import score_batch
from amc_assess.ingest import files as inputs
from amc_assess.writers import write_parquet
from conftest import FIXTURES, MINI

EXPORTS = FIXTURES / "exports"
Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
MAP = "surveymonkey/mini_surveymonkey_map.yaml"
FILES = ["surveymonkey/mini_surveymonkey_cp1252.csv", "surveymonkey/mini_surveymonkey_utf8.csv"]


@pytest.fixture(autouse=True)
def _in_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXPORTS)


def _both(monkeypatch: pytest.MonkeyPatch, paths: list[str], **kw: object):
    plain = score_batch(paths, Q, R, **kw)  # type: ignore[arg-type]
    monkeypatch.setattr(inputs, "PREFETCH_FROM", 0)
    assert inputs.prefetch(paths)  # this time the table opens on another thread
    early = score_batch(paths, Q, R, **kw)  # type: ignore[arg-type]
    return plain, early


@pytest.mark.parametrize("path", FILES)
def test_prefetched_csv_gives_the_same_table_and_error_lines(
    monkeypatch: pytest.MonkeyPatch, path: str
):
    plain, early = _both(monkeypatch, [path], map_path=MAP)
    pd.testing.assert_frame_equal(plain.table, early.table)
    pd.testing.assert_frame_equal(plain.errors, early.errors)
    assert plain.error_lines() == early.error_lines() and plain.error_lines()
    assert plain.ingested.notes == early.ingested.notes


def test_prefetched_parquet_gives_the_same_table(monkeypatch: pytest.MonkeyPatch, tmp_path):
    first = pd.read_csv(FILES[1], nrows=0).columns
    path = tmp_path / "answers.parquet"
    pd.read_csv(FILES[1], header=[0, 1]).set_axis(first, axis=1).to_parquet(path)
    plain, early = _both(monkeypatch, [str(path)], profile="items")
    assert len(plain.table) == 4 and len(plain.errors)
    pd.testing.assert_frame_equal(plain.table, early.table)
    pd.testing.assert_frame_equal(plain.errors, early.errors)


def test_small_files_open_in_the_calling_thread():
    assert inputs.prefetch(FILES) == {}
    assert inputs.prefetch(["no/such/folder/"]) == {}


def test_a_file_that_cannot_be_opened_fails_as_before(monkeypatch: pytest.MonkeyPatch, tmp_path):
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(Exception) as before:
        score_batch([str(bad)], Q, R)
    monkeypatch.setattr(inputs, "PREFETCH_FROM", 0)
    with pytest.raises(Exception) as after:
        score_batch([str(bad)], Q, R)
    assert type(after.value) is type(before.value) and str(after.value) == str(before.value)


def test_parquet_row_ids_are_written_plainly_and_read_back_the_same(tmp_path: Path):
    table = score_batch(FILES[:1], Q, R, map_path=MAP).table
    path = write_parquet(table, tmp_path / "scored.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(path), pd.read_parquet(_pandas(table, tmp_path)))
    meta = pq.ParquetFile(path).metadata.row_group(0)
    encodings = {
        meta.column(j).path_in_schema: meta.column(j).encodings for j in range(meta.num_columns)
    }
    assert "RLE_DICTIONARY" not in encodings["respondent"] + encodings["source_row"]
    assert "RLE_DICTIONARY" in encodings["firm"]


def _pandas(table: pd.DataFrame, folder: Path) -> Path:
    path = folder / "pandas.parquet"
    table.to_parquet(path, index=False)
    return path


def test_threads_give_the_same_notes_errors_and_table(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """A large file's item columns decode on the decoder's threads while its names and dates
    decode on the calling thread, and repeated ids are looked for while the engine scores:
    the same table, bad cells (in reading order) and notes, in the same order, as one thread."""
    from amc_assess.ingest import repeats, values

    body = (
        "firm,respondent,date,a_agree1,a_yes\n"
        "Acme,R1,03/04/2025,4,yes\n"
        "#REF!,R2,05/06/2025,9,maybe\n"
        "Acme,R1,03/04/2025,2,no\n"
        "Beta,R3,not a date,3,yes\n"
        "Acme,R2,01/02/2025,5,no\n"
    )
    path = tmp_path / "answers.csv"
    path.write_text(body, encoding="utf-8")
    plain = score_batch([str(path)], Q, R)
    names: list[str] = []
    looked = repeats.repeated_respondents

    def on_which_thread(meta: pd.DataFrame) -> str | None:
        import threading

        names.append(threading.current_thread().name)
        return looked(meta)

    monkeypatch.setattr(values, "PARALLEL_FROM", 0)
    monkeypatch.setattr(repeats, "PARALLEL_FROM", 0)
    monkeypatch.setattr(repeats, "repeated_respondents", on_which_thread)
    threaded = score_batch([str(path)], Q, R)
    assert names and names[0].startswith("amc-repeats")
    pd.testing.assert_frame_equal(plain.table, threaded.table)
    pd.testing.assert_frame_equal(plain.errors, threaded.errors)
    assert plain.ingested.notes == threaded.ingested.notes
    notes = "\n".join(threaded.ingested.notes)
    assert "'R1' of Acme in " in notes and "answers.csv row 2, " in notes
    assert "answers.csv row 4" in notes
    assert "month first" in notes or "day first" in notes  # the dates' order, said
    lines = threaded.error_lines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "row 3", "row 3", "row 3", "row 5"
    ]  # fmt: skip  # firm, a_agree1, a_yes of row 3 in column order; row 5's date


def test_many_repeated_ids_name_the_first_three_and_count_the_rest() -> None:
    from amc_assess.ingest.repeats import repeated_respondents

    ids = [f"r{i}" for i in range(5)] * 2 + ["alone"]
    meta = pd.DataFrame({
        "firm": ["Acme"] * len(ids), "respondent": ids, "source_file": ["a.csv"] * len(ids),
        "source_row": range(2, len(ids) + 2),
    })  # fmt: skip
    note = repeated_respondents(meta)
    assert note is not None and note.startswith("5 respondent ids appear in more than one row")
    assert "'r0' of Acme in a.csv row 2, a.csv row 7; 'r1' of Acme in a.csv row 3" in note
    assert "'r2' of Acme in a.csv row 4, a.csv row 9; and 2 more" in note
    assert "r3" not in note and "alone" not in note


@pytest.mark.parametrize("repeat", [None, 0, 59_998])
def test_a_large_column_of_ids_is_checked_for_repeats_as_a_small_one(repeat: int | None) -> None:
    """From PARALLEL_FROM rows, ids read as Arrow text are checked by the compiled hash
    first; a repeat anywhere still gives the note, naming both rows, and none gives None."""
    from amc_assess.ingest.repeats import repeated_respondents
    from amc_assess.ingest.values import PARALLEL_FROM

    n = 60_000
    assert n >= PARALLEL_FROM
    ids = [f"R{i:07d}" for i in range(n)]
    if repeat is not None:
        ids[-1] = ids[repeat]
    meta = pd.DataFrame({
        "firm": pd.Series(["Acme"] * n, dtype="str"), "respondent": pd.Series(ids, dtype="str"),
        "source_file": ["a.csv"] * n, "source_row": range(2, n + 2),
    })  # fmt: skip
    assert isinstance(meta["respondent"].array, pd.arrays.ArrowStringArray)
    note = repeated_respondents(meta)
    if repeat is None:
        assert note is None
    else:
        assert note is not None and note.startswith("1 respondent id appears in more than one")
        assert f"'{ids[repeat]}' of Acme in a.csv row {repeat + 2}, a.csv row {n + 1}" in note


@pytest.mark.parametrize("n", [7, 10_000])
def test_given_cells_of_a_categorical_leave_out_empty_and_non_answer_cells(n: int) -> None:
    """Below and past the compiled kernels' size: a cell holds an answer unless it is empty
    or a non-answer label; the same mask as each cell looked at in Python."""
    import numpy as np

    from amc_assess.answertext import DONT_KNOW, NOT_APPLICABLE
    from amc_assess.batch_cells import _given

    rng = np.random.default_rng(n)
    labels = ["yes", DONT_KNOW, "no", NOT_APPLICABLE, None]
    cells = pd.Series(pd.Categorical([labels[k] for k in rng.integers(0, 5, n)]))
    expected = [c is not None and not pd.isna(c) and c not in (DONT_KNOW, NOT_APPLICABLE)
                for c in cells.astype(object)]  # fmt: skip
    assert _given(cells).tolist() == expected
    assert _given(cells).dtype == np.bool_


def test_target_columns_without_targets_blocks_equal_those_of_blocks_saying_nothing() -> None:
    """No response file sets targets (the quick path): the same columns, types and cells as
    the general path gives for rows whose blocks are all the rubric's default."""
    from amc_assess.api import instrument
    from amc_assess.batch_table import TargetColumns
    from amc_assess.models import TargetsBlock

    _, r = instrument()
    quick = TargetColumns.of({}, r, 5)
    slow = TargetColumns.of({2: TargetsBlock()}, r, 5)  # sets nothing: the rubric's targets
    assert list(quick.columns) == list(slow.columns)
    for name, column in slow.columns.items():
        assert pd.Series(quick.columns[name]).equals(pd.Series(column)), name
    assert (quick.levels == slow.levels).all()
    assert pd.Series(quick.columns["targets_agreed_on"]).isna().all()
    agreed = TargetsBlock(levels={next(iter(r.dimensions)): 3}, agreed_by="Board")
    named = TargetColumns.of({1: agreed}, r, 5).columns
    assert named["targets_agreed_by"].dtype == quick.columns["targets_agreed_by"].dtype
    assert pd.Series(named["targets_agreed_by"]).fillna("-").tolist() == [
        "-",
        "Board",
        "-",
        "-",
        "-",
    ]
