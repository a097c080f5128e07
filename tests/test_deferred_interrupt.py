"""A Ctrl-C during a call that an interrupt would crash (pandas' parallel CSV read) is held
back and raised once the call has returned, and the handler before is put back."""

from __future__ import annotations

import os
import signal
import time

import pytest

from amc_assess.deferred_interrupt import held


def test_an_interrupt_during_the_call_is_raised_after_it() -> None:
    before = signal.getsignal(signal.SIGINT)
    finished = []

    def call() -> int:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the signal arrives while the call still runs
        finished.append(True)
        return 5

    with pytest.raises(KeyboardInterrupt):
        held(call)
    assert finished == [True]  # the call ran to its end first
    assert signal.getsignal(signal.SIGINT) is before


def test_without_an_interrupt_the_result_comes_back() -> None:
    before = signal.getsignal(signal.SIGINT)
    assert held(lambda: 7) == 7
    assert signal.getsignal(signal.SIGINT) is before
    with pytest.raises(KeyboardInterrupt):  # and Ctrl-C works as before once it is over
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
