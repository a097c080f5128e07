"""Checked instruments kept between runs: taken only while nothing they depend on changed."""

from __future__ import annotations

import os
import shutil

import pytest

from amc_assess import instrument_cache, limits, yamlio
from amc_assess.loading import InvalidInput
from amc_assess.resources import default_questionnaire, default_rubric
from amc_assess.validation import load_pair


@pytest.fixture
def pair(tmp_path, monkeypatch):
    """Copies of the bundled questionnaire and rubric, and a cache folder of the test's own."""
    monkeypatch.setenv("AMC_CACHE_DIR", str(tmp_path / "cache"))
    q, r = tmp_path / "q.yaml", tmp_path / "r.yaml"
    shutil.copy(default_questionnaire(), q)
    shutil.copy(default_rubric(), r)
    return q, r


def entries(tmp_path):
    folder = tmp_path / "cache" / "instruments"
    return sorted(folder.glob("*.pickle")) if folder.exists() else []


def no_reading(monkeypatch):
    def refuse(text, name):
        raise AssertionError(f"{name} was read and parsed again")

    monkeypatch.setattr(yamlio, "_yaml", refuse)


def test_a_clean_pair_is_kept_and_taken_next_time_unparsed(pair, tmp_path, monkeypatch):
    q, r = load_pair(*pair)
    assert len(entries(tmp_path)) == 1
    no_reading(monkeypatch)
    q2, r2 = load_pair(*pair)
    assert q2 == q and r2 == r and q2 is not q
    assert [i.id for i in q2.items()] == [i.id for i in q.items()]


def test_a_changed_file_is_read_and_checked_again(pair, tmp_path):
    load_pair(*pair)
    q_path, r_path = pair
    text = r_path.read_text(encoding="utf-8")
    r_path.write_text(text.replace("weight: 1.0", "weight: -1.0", 1), encoding="utf-8")
    with pytest.raises(InvalidInput) as problem:
        load_pair(*pair)
    assert any(str(r_path) in line and "weight" in line for line in problem.value.errors)
    with pytest.raises(InvalidInput):  # problems are never kept: reported every time
        load_pair(*pair)
    assert len(entries(tmp_path)) == 1


def test_a_lower_limit_is_applied_to_a_kept_pair(pair, tmp_path):
    load_pair(*pair)
    try:
        limits.configure(["yaml_nodes=100"])
        with pytest.raises(InvalidInput) as problem:
            load_pair(*pair)
        assert "over the limit" in problem.value.errors[0]
    finally:
        limits.configure([])
    load_pair(*pair)


def test_the_same_files_elsewhere_are_a_new_entry(pair, tmp_path):
    load_pair(*pair)
    other = tmp_path / "other"
    other.mkdir()
    moved = [shutil.copy(p, other / p.name) for p in pair]
    load_pair(*moved)
    assert len(entries(tmp_path)) == 2


def test_a_damaged_or_planted_entry_is_never_taken(pair, tmp_path, monkeypatch):
    load_pair(*pair)
    (entry,) = entries(tmp_path)
    entry.write_bytes(b"not a pickle")
    q, _ = load_pair(*pair)  # read from the files and kept afresh
    assert q.items() and entry.read_bytes() != b"not a pickle"
    entry.chmod(0o666)  # writable by others: could have been planted
    no_reading(monkeypatch)
    with pytest.raises(AssertionError, match="read and parsed again"):
        load_pair(*pair)


def test_nothing_is_kept_in_a_folder_others_can_write(pair, tmp_path):
    folder = tmp_path / "cache" / "instruments"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    load_pair(*pair)
    assert entries(tmp_path) == []


def test_the_oldest_entries_go_beyond_the_limit(pair, tmp_path, monkeypatch):
    monkeypatch.setattr(instrument_cache, "KEEP", 2)
    q_path, r_path = pair
    text = q_path.read_text(encoding="utf-8")
    for k in range(4):
        q_path.write_text(text + f"\n# version {k}\n", encoding="utf-8")
        load_pair(*pair)
    assert len(entries(tmp_path)) == 2
    no_reading(monkeypatch)
    load_pair(*pair)  # the newest is kept


def test_a_new_cache_folder_is_the_users_alone(pair, tmp_path):
    load_pair(*pair)
    for folder in (tmp_path / "cache", tmp_path / "cache" / "instruments"):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_a_file_over_the_size_limit_is_not_read_for_the_key(pair, tmp_path, monkeypatch):
    q_path, r_path = pair
    with q_path.open("a", encoding="utf-8") as handle:
        handle.write("#" * (1 << 20) + "\n")  # over 1 MB
    read = []
    original = type(q_path).read_bytes
    monkeypatch.setattr(type(q_path), "read_bytes", lambda p: read.append(p) or original(p))
    try:
        limits.configure(["file_mb=1"])
        assert instrument_cache.key(q_path, r_path) is None and read == []
        with pytest.raises(InvalidInput) as problem:
            load_pair(*pair)
        assert str(q_path) in problem.value.errors[0] and "limit" in problem.value.errors[0]
    finally:
        limits.configure([])
    assert instrument_cache.key(q_path, r_path) is not None


def test_an_entry_is_written_whole_but_not_synced_while_outputs_are(pair, tmp_path, monkeypatch):
    """A cache entry skips both fsync calls (a crash loses it at most); a user's file keeps
    them: the data, then the folder's rename."""
    from amc_assess import atomic

    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    load_pair(*pair)
    assert len(entries(tmp_path)) == 1 and synced == []
    assert instrument_cache.get(entries(tmp_path)[0].stem) is not None  # whole, loadable
    atomic.write_bytes(tmp_path / "out.bin", b"kept")
    assert len(synced) == 2 and (tmp_path / "out.bin").read_bytes() == b"kept"
