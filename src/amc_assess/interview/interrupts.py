"""Ctrl-C that is never lost: every prompt goes through :func:`ask`.

While a prompt is open the terminal is raw, and questionary turns Ctrl-C into
KeyboardInterrupt. Between prompts Ctrl-C is a signal, and a KeyboardInterrupt raised while
the interpreter runs a clean-up callback (a weak reference dying) is printed and dropped:
the interview would then open the next prompt and wait for a key. So the signal is also
remembered, and the next prompt stops at once instead of waiting.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

import questionary

_state = {"interrupted": False, "installed": False}


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

    def stop_if_interrupted() -> None:
        if _state["interrupted"]:
            app.exit(exception=KeyboardInterrupt())

    return app.run(pre_run=stop_if_interrupted)
