"""Jobs run ahead on two threads (:mod:`amc_assess.ahead`), their results taken in order."""

from __future__ import annotations

import threading

import pytest

from amc_assess import ahead, clib


def _jobs(ran: list[tuple[int, str]]) -> list[tuple[str, object]]:
    def job(k: int):
        def run() -> int:
            ran.append((k, threading.current_thread().name))
            return k * k

        return run

    return [(f"j{k}", job(k)) for k in range(10)]


def test_large_work_runs_on_two_threads_at_most_a_window_ahead(monkeypatch) -> None:
    monkeypatch.setattr(clib, "threads", lambda: 2)
    ran: list[tuple[int, str]] = []
    with ahead.ahead(_jobs(ran), ahead.PARALLEL_FROM) as take:
        first = take("j0")
        assert len(ran) <= ahead.WINDOW + 1  # started: the one taken and a window after it
        got = [first, *(take(f"j{k}") for k in range(1, 10))]
    assert got == [k * k for k in range(10)]
    assert sorted(k for k, _ in ran) == list(range(10))
    assert all(name.startswith("amc-encode") for _, name in ran)


def test_a_job_taken_out_of_order_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(clib, "threads", lambda: 2)
    with ahead.ahead(_jobs([]), ahead.PARALLEL_FROM) as take, pytest.raises(KeyError):
        take("j1")


@pytest.mark.parametrize("rows, cores", [(ahead.PARALLEL_FROM - 1, 2), (10**6, 1)])
def test_small_work_or_one_core_runs_each_job_when_taken(monkeypatch, rows, cores) -> None:
    monkeypatch.setattr(clib, "threads", lambda: cores)
    ran: list[tuple[int, str]] = []
    with ahead.ahead(_jobs(ran), rows) as take:
        assert ran == []
        assert take("j3") == 9 and take("j0") == 0  # any order: nothing runs ahead
    assert ran == [(3, threading.current_thread().name), (0, threading.current_thread().name)]


def test_an_error_in_a_job_reaches_the_caller(monkeypatch) -> None:
    monkeypatch.setattr(clib, "threads", lambda: 2)

    def fails() -> int:
        raise ValueError("bad column")

    with ahead.ahead([("a", fails), ("b", lambda: 1)], 10**6) as take:
        with pytest.raises(ValueError, match="bad column"):
            take("a")
