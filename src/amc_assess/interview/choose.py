"""Select lists for the interview: options wrap, nothing is picked until the respondent picks.

questionary's ``select`` draws each choice on one line of a window that does not wrap, so a
long option is cut at the terminal's edge, and its cursor starts on the first option, so a
stray Enter records it. :func:`select` builds the same kind of prompt (questionary's
``InquirerControl`` in its layout) with:

- each option wrapped on words to the terminal's width as it is drawn, under its key, with a
  hanging indent (``1) At least yearly …`` / ``   continued``);
- no option under the cursor when there is no default: Enter alone asks to choose first,
  ↑ or ↓ lands on the last or the first option;
- every shown key works (``aliases`` add keys that pick the same option, e.g. ``1`` for Yes);
- a key that is not offered prints a short hint line under the list instead of nothing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from questionary import Choice, Question, Separator
from questionary.prompts import common
from questionary.styles import merge_styles_default

POINTER = " » "
MOVES = "↑↓ moves, Enter confirms"


def following(text: str, used: int, columns: int) -> str:
    """``text`` to print after ``used`` columns of its first line, wrapped on words to the
    ``columns`` of the terminal with the question's indent of 2 on the lines after (the
    terminal broke a long answer mid-word at its edge, flush left)."""
    lines = textwrap.wrap(
        text, width=max(columns - 1, used + 10), initial_indent="\0" * used,
        subsequent_indent="  ", break_on_hyphens=False,
    ) or [""]  # fmt: skip
    return "\n".join(lines).lstrip("\0")


def hang(text: str, width: int, indent: int) -> list[str]:
    """``text`` wrapped on words into lines of at most ``width`` columns, every line after the
    first indented by ``indent`` spaces (a word longer than a line is split, never cut)."""
    return textwrap.wrap(
        text, width=max(width, indent + 10), subsequent_indent=" " * indent,
        break_on_hyphens=False,
    ) or [""]  # fmt: skip


def key_list(keys: Sequence[str]) -> str:
    """``1-5, d, h, b``: the offered keys, three or more digits in a row in short."""
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        parts.extend([f"{run[0]}-{run[-1]}"] if len(run) > 2 else run)
        run.clear()

    for key in keys:
        digit = len(key) == 1 and key in "123456789"
        if not (digit and run and int(key) == int(run[-1]) + 1):
            flush()
        (run if digit else parts).append(key)
    flush()
    return ", ".join(parts)


class ListControl(common.InquirerControl):
    """questionary's list, drawn wrapped, with an optional neutral cursor and a hint line."""

    def __init__(self, choices: Sequence[Any], default: Choice | None):
        super().__init__(
            choices, default=default, initial_choice=default, pointer=POINTER.strip(),
            use_indicator=False, use_shortcuts=True, show_description=False,
        )  # fmt: skip
        self.neutral = default is None
        self.hint: str | None = None

    def width(self) -> int:
        return max(get_app().output.get_size().columns - 1, 30)

    def _get_choice_tokens(self) -> StyleAndTextTuples:
        width = self.width()
        tokens: StyleAndTextTuples = []
        for k, choice in enumerate(self.choices):
            here = k == self.pointed_at and not self.neutral
            tokens.append(("class:pointer" if here else "class:text", POINTER if here else "   "))
            if here or (self.neutral and k == 0):
                tokens.append(("[SetCursorPosition]", ""))
            if isinstance(choice, Separator):
                tokens.append(("class:separator", str(choice.title)))
            else:
                key = f"{choice.shortcut_key}) " if choice.shortcut_key else "   "
                lines = hang(key + str(choice.title), width - len(POINTER), len(key))
                body = ("\n" + " " * len(POINTER)).join(lines)
                tokens.append(("class:highlighted" if here else "class:text", body))
            tokens.append(("", "\n"))
        if self.hint:
            lines = hang(f"✗ {self.hint}", width - 2, 2)
            tokens.append(("class:instruction", "  " + "\n  ".join(lines)))
        else:
            tokens.pop()  # the last newline
        return tokens

    def offered(self) -> list[str]:
        return [
            str(c.shortcut_key)
            for c in self.choices
            if not isinstance(c, Separator) and c.shortcut_key and not c.disabled
        ]

    def step(self, down: bool) -> None:
        """One option down or up; from the neutral cursor the first or the last option."""
        if self.neutral:
            self.neutral = False
            self.pointed_at = 0 if down else len(self.choices) - 1
        else:
            self.pointed_at = (self.pointed_at + (1 if down else -1)) % len(self.choices)
        while not self.is_selection_valid():
            self.pointed_at = (self.pointed_at + (1 if down else -1)) % len(self.choices)
        self.hint = None


def select(
    message: str,
    choices: Sequence[Any],
    default: Choice | None = None,
    instruction: str | None = None,
    aliases: dict[str, Any] | None = None,
    erase_when_done: bool = False,
) -> Question:
    """A select list to pass to :func:`interrupts.ask`; its answer is the picked value.

    ``default``: the choice under the cursor at the start (an answer given before); None
    starts on no option. ``aliases``: extra keys, each picking the choice with that value.
    """
    ic = ListControl(choices, default)

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", "?"), ("class:question", f" {message} ")]
        if ic.is_answered:
            used = len(f"? {message} ".split("\n")[-1])
            columns = get_app().output.get_size().columns
            tokens.append(
                ("class:answer", following(str(ic.get_pointed_at().title), used, columns))
            )
        elif instruction:
            tokens.append(("class:instruction", instruction))
        return tokens

    bindings = KeyBindings()

    @bindings.add(Keys.ControlC, eager=True)
    @bindings.add(Keys.ControlQ, eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    def pick(k: int) -> Callable[[KeyPressEvent], None]:
        def handler(event: KeyPressEvent) -> None:
            ic.pointed_at, ic.neutral, ic.hint = k, False, None

        return handler

    values = [getattr(c, "value", None) for c in ic.choices]
    for k, choice in enumerate(ic.choices):
        if not isinstance(choice, Separator) and choice.shortcut_key and not choice.disabled:
            bindings.add(str(choice.shortcut_key), eager=True)(pick(k))
    for key, value in (aliases or {}).items():
        bindings.add(key, eager=True)(pick(values.index(value)))
    moves = {Keys.Down: True, "j": True, Keys.ControlN: True,
             Keys.Up: False, "k": False, Keys.ControlP: False}  # fmt: skip
    for key, down in moves.items():
        bindings.add(key, eager=True)(lambda event, down=down: ic.step(down))

    @bindings.add(Keys.ControlM, eager=True)
    def _confirm(event: KeyPressEvent) -> None:
        if ic.neutral:
            ic.hint = f"Choose an answer first: press its key ({key_list(ic.offered())}) or ↑↓"
            return
        ic.is_answered = True
        event.app.exit(result=ic.get_pointed_at().value)

    @bindings.add(Keys.Any)
    def _other(event: KeyPressEvent) -> None:
        data = event.key_sequence[0].data
        key = repr(data) if data.isprintable() and data.strip() else "That key"
        also = ""
        if aliases:  # e.g. 1 and 2 for Yes and No: they work, so they are named
            titles = {getattr(c, "value", None): c.title for c in ic.choices}
            named = [f"{k} for {titles.get(v, v)}" for k, v in aliases.items()]
            also = f" (also {', '.join(named)})"
        ic.hint = f"{key} is not offered here: keys {key_list(ic.offered())}{also}; {MOVES}"

    layout = common.create_inquirer_layout(ic, prompt_tokens)
    return Question(
        Application(
            layout=layout, key_bindings=bindings, style=merge_styles_default([None]),
            erase_when_done=erase_when_done,
        )
    )  # fmt: skip
