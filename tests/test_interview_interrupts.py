"""Ctrl-C that reaches the interview between a prompt's start and its raw terminal."""

from __future__ import annotations

import threading

import pytest
import questionary
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from amc_assess.interview import interrupts


def test_ctrl_c_noted_after_the_prompt_starts_stops_it_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The signal handler noted Ctrl-C after ``pre_run`` (its KeyboardInterrupt dropped): the
    prompt stops once drawn, instead of waiting for and taking the next key."""
    monkeypatch.setitem(interrupts._state, "interrupted", False)
    monkeypatch.setitem(interrupts._state, "installed", True)  # keep pytest's own handler
    with create_pipe_input() as keys:
        question = questionary.text("Name?", input=keys, output=DummyOutput())
        app = question.application
        app.pre_run_callables.append(lambda: interrupts._state.update(interrupted=True))
        typed = threading.Timer(2.0, keys.send_text, ["typed later\r"])
        typed.start()  # without the check after drawing, this key would answer the prompt
        try:
            with pytest.raises(KeyboardInterrupt):
                interrupts.ask(question)
        finally:
            typed.cancel()


def test_a_prompt_without_ctrl_c_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(interrupts._state, "interrupted", False)
    monkeypatch.setitem(interrupts._state, "installed", True)
    monkeypatch.setenv("AMC_ASSESS_SETTLE_MS", "0")
    with create_pipe_input() as keys:
        keys.send_text("Dana\r")
        question = questionary.text("Name?", input=keys, output=DummyOutput())
        assert interrupts.ask(question) == "Dana"
