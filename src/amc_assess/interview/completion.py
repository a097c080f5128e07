"""A typed answer with Tab completion from the answers typed before (the contact's function).

questionary's autocomplete relies on prompt_toolkit's Tab, which completes from the menu
that "complete while typing" fills in the background. Tab pressed right after a key (or the
keys typed faster than the menu loads) finds no menu yet and does nothing, so the next Enter
keeps the typed prefix. Here Tab computes the completions itself, at once: one match replaces
the text, several select the first (Tab again steps through them), none leaves the text.
"""

from __future__ import annotations

import questionary
from prompt_toolkit.buffer import CompletionState
from prompt_toolkit.completion import CompleteEvent, Completer
from prompt_toolkit.document import Document
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from questionary.prompts.autocomplete import WordCompleter

from amc_assess.interview import interrupts


def tab_completion(completer: Completer) -> KeyBindings:
    """Key bindings with a Tab that completes synchronously (see the module docstring)."""
    bindings = KeyBindings()

    @bindings.add("tab")
    def _complete(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        state = buffer.complete_state
        if state is not None and state.completions and state.complete_index is not None:
            buffer.complete_next()  # already stepping through the menu
            return
        document = buffer.document
        found = completer.get_completions(document, CompleteEvent(completion_requested=True))
        completions = list({c.text: c for c in found}.values())
        if len(completions) == 1:
            buffer.complete_state = None
            buffer.document = Document(completions[0].text)  # cursor at the end
        elif completions:
            buffer.complete_state = CompletionState(document, completions)
            buffer.go_to_completion(0)

    return bindings


def ask_completed(question: str, choices: list[str], default: str = "") -> str:
    """A typed answer; Tab completes from ``choices`` (any part, any case)."""
    if not choices:
        return str(interrupts.ask(questionary.text(question, default=default)))
    completer = WordCompleter(choices, ignore_case=True, match_middle=True)
    return str(
        interrupts.ask(questionary.autocomplete(
            question, choices=choices, default=default, completer=completer,
            key_bindings=tab_completion(completer),
        ))
    )  # fmt: skip
