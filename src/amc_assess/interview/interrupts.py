"""Ctrl-C that is never lost: every prompt goes through :func:`ask`.

While a prompt is open the terminal is raw, and questionary turns Ctrl-C into
KeyboardInterrupt. Between prompts Ctrl-C is a signal, and a KeyboardInterrupt raised while
the interpreter runs a clean-up callback (a weak reference dying) is printed and dropped:
the interview would then open the next prompt and wait for a key. So the signal is also
remembered, and the next prompt stops at once instead of waiting.

Every prompt also ignores the keys that reach it in its first moments (``SETTLE_MS``, 150 ms;
the environment variable ``AMC_ASSESS_SETTLE_MS`` changes it, 0 turns it off): a key pressed
twice by mistake, or typed ahead while the previous answer was saved, answers nothing.
Ctrl-C always passes.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Sequence
from types import FrameType
from typing import Any

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.key_binding.key_processor import KeyPress
from prompt_toolkit.keys import Keys

from amc_assess.models import Answer

_state = {"interrupted": False, "installed": False}
SETTLE_MS = 150
ALWAYS = {Keys.ControlC, Keys.CPRResponse, Keys.SIGINT}  # never ignored


def settle_seconds() -> float:
    """How long a new prompt ignores keys (``AMC_ASSESS_SETTLE_MS``, else ``SETTLE_MS``)."""
    try:
        return max(float(os.environ.get("AMC_ASSESS_SETTLE_MS", SETTLE_MS)), 0.0) / 1000
    except ValueError:
        return SETTLE_MS / 1000


def settle(app: Application[Any]) -> None:
    """Drop the keys ``app`` receives in its first :func:`settle_seconds` (from its start)."""
    seconds = settle_seconds()
    if not seconds:
        return
    start = time.monotonic()
    processor = app.key_processor
    feed = processor.feed_multiple

    def feed_settled(keys: Sequence[KeyPress], first: bool = False) -> None:
        if not first and time.monotonic() - start < seconds:  # input, not keys fed back
            keys = [k for k in keys if k.key in ALWAYS]
        feed(list(keys), first)

    setattr(processor, "feed_multiple", feed_settled)  # noqa: B010 (a method on one object)


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _state["interrupted"] = True
    raise KeyboardInterrupt


def install() -> None:
    """Remember Ctrl-C between prompts (main thread only; idempotent)."""
    if not _state["installed"] and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_sigint)
        _state["installed"] = True


def ask(question: questionary.Question) -> Any:
    """The answer to ``question``; KeyboardInterrupt on Ctrl-C, also one given before it
    opened."""
    install()
    if _state["interrupted"]:
        raise KeyboardInterrupt
    app = question.application

    def stop_if_interrupted(*_: object) -> None:
        if _state["interrupted"] and app.future is not None and not app.future.done():
            app.exit(exception=KeyboardInterrupt())

    def start() -> None:
        settle(app)
        stop_if_interrupted()

    # a Ctrl-C after pre_run but before the terminal is raw is a signal whose
    # KeyboardInterrupt may be dropped: the flag is read again once the prompt is drawn
    app.after_render += stop_if_interrupted
    return app.run(pre_run=start)


class NoteLeft(KeyboardInterrupt):
    """Ctrl-C with a note typed for the item on screen: ``answer`` is its earlier answer with
    the new note (to save), or None when the item has no answer to keep the note with."""

    def __init__(self, item_id: str, answer: Answer | None, note: str | None = None,
                 evidence: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self.item_id, self.answer = item_id, answer
        self.note, self.evidence = note, evidence  # kept apart when there is no answer
