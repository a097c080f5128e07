"""Terminal prompts: one questionary widget per item type, respondent details, review.

Every prompt is asked through :func:`interrupts.ask` so Ctrl-C raises KeyboardInterrupt,
which the interview turns into "save and print the resume command".
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import questionary
from prompt_toolkit import PromptSession
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import SimpleLexer
from prompt_toolkit.styles import Style
from questionary import Choice, Separator
from questionary.styles import merge_styles_default
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from amc_assess.interview import choose, interrupts
from amc_assess.interview.flow import answer_label, format_number, parse_number
from amc_assess.models import Answer, Item, Scale
from amc_assess.models.response import PendingNote

BACK = "back"
SELECT_HINT = "(↑↓ or a key, then Enter)"
Action = Literal["help", "back", "note", "dont_know", "not_applicable"]
# the same letters as in the select lists, so typed questions work alike
KEYWORDS: dict[str, Action] = {
    "h": "help", "?": "help", "help": "help",
    "b": "back", "<": "back", "back": "back",
    "a": "note", "+": "note", "note": "note",
    "d": "dont_know", "dk": "dont_know", "don't know": "dont_know", "dont know": "dont_know",
    "n": "not_applicable", "na": "not_applicable", "n/a": "not_applicable",
}  # fmt: skip
OPTION_KEYS = [*"1234567890", *"cefgilmopqrstuvwxyz"]  # not d n h a b (actions), j k (moves)
MAX_SHORTCUTS = 36  # questionary's limit for a list with shortcut keys
console = Console(highlight=False)


NARROWEST = 30  # columns wrapped to at least: below, the terminal's own wrapping takes over


def width() -> int:
    """The columns to wrap to: the terminal's (at most 120). Wrapping to 60 on a narrower
    terminal had the prompt cut words off its line ends (a trial at 50 columns)."""
    return max(NARROWEST, min(shutil.get_terminal_size((100, 40)).columns, 120))


def say(text: str = "", style: str | None = None, indent: int = 0) -> None:
    """Print plain text (never read as markup), wrapped on words, optionally indented."""
    body = Text(text, style=style or "")
    console.print(Padding(body, (0, 0, 0, indent)) if indent else body, width=width())


def say_answered(question: str, answer: str) -> None:
    """``? question answer`` as questionary leaves a prompt answered (for a prompt erased
    when done, whose answer is to stay on screen)."""
    line = Text.assemble(("?", "color(67)"), (f" {question} ", "bold"), (answer, "color(214)"))
    console.print(line, width=width())


def entry(message: str, default: str = "", refused: str | None = None) -> questionary.Question:
    """A typed prompt (questionary's text prompt) that leaves no trace when done; ``refused``:
    why the last entry was not taken, in red above the question. The reason is part of the
    prompt, so the next prompt's reason replaces it and an answer taken erases it, wherever
    the screen has scrolled or typed-ahead keys were echoed."""
    tokens: StyleAndTextTuples = []
    if refused:
        lines = textwrap.wrap(
            f"✗ {refused}", width=width() - 3, initial_indent="  ", subsequent_indent="    ",
            break_on_hyphens=False,
        )  # fmt: skip
        tokens.append(("class:refused", "\n".join(lines) + "\n"))
    tokens += [("class:qmark", "?"), ("class:question", f" {message} ")]
    session: PromptSession[str] = PromptSession(
        tokens,
        style=merge_styles_default([Style([("refused", "fg:ansired bold")])]),
        lexer=SimpleLexer("class:answer"),
        erase_when_done=True,
        reserve_space_for_menu=0,  # no completions: no room below to take
    )
    session.default_buffer.reset(Document(default))
    return questionary.Question(session.app)


def wrapped(question: str, reserve: int = 0) -> str:
    """A question wrapped on words after questionary's ``? ``, leaving ``reserve`` columns
    free on the last line (for the instruction questionary prints after it)."""
    filler = "\0" * reserve
    text = textwrap.fill(
        f"{question} {filler}", width=width() - 3, subsequent_indent="  ", break_on_hyphens=False
    )
    text = text.replace(filler, "").rstrip(" ")
    return text + " " if text.endswith("\n") else text  # the instruction starts a new line


def echo_question(item: Item) -> None:
    """The question as a plain line, to keep it on screen after its prompt is gone."""
    text = textwrap.fill(
        f"? {item.text}", width=width() - 1, subsequent_indent="  ", break_on_hyphens=False
    )
    say(text, style="bold")


def say_command(command: str) -> None:
    """Print a command on its own line, never broken by a hard line break (copy-paste safe)."""
    console.print(Text(f"  {command}", style="bold"), soft_wrap=True)


def show_help(item: Item) -> None:
    if item.help:
        say(f"Help: {item.help}", style="cyan", indent=2)
    else:  # h typed where no help is offered
        say("This question has no help text.", style="cyan", indent=2)


@dataclass
class Pending:
    """A note and evidence reference waiting to be attached to the next answer."""

    note: str | None = None
    evidence: str | None = None

    def attach(self, answer: Answer) -> Answer:
        return answer.model_copy(update={"note": self.note, "evidence": self.evidence})


def ask_note(pending: Pending) -> None:
    """Ask for a note and an evidence reference (Enter keeps the current text). Ctrl-C keeps
    what is typed on the prompt, as if Enter had been pressed first."""
    note = _typed(
        questionary.text(
            wrapped("Note (what you were told or shown; Enter to skip):"),
            default=pending.note or "",
        ),
        lambda text: setattr(pending, "note", text.strip() or None),
    )
    pending.note = note.strip() or None
    evidence = _typed(
        questionary.text(
            wrapped("Evidence reference (document, file or link; Enter to skip):"),
            default=pending.evidence or "",
        ),
        lambda text: setattr(pending, "evidence", text.strip() or None),
    )
    pending.evidence = evidence.strip() or None
    if pending.note or pending.evidence:
        say("  Note kept; it is saved with your answer to this question.", style="green")


def _typed(question: questionary.Question, keep: Callable[[str], None]) -> str:
    """The text answer to ``question``; on Ctrl-C, ``keep`` gets the text on the prompt
    before the interrupt goes on (a note typed and not yet confirmed is not lost)."""
    try:
        answer: str = interrupts.ask(question)
    except (KeyboardInterrupt, EOFError):
        keep(question.application.current_buffer.text)
        raise
    return answer


def ask_item(
    item: Item,
    scales: dict[str, list[str]],
    progress: str,
    current: Answer | None,
    can_go_back: bool,
    noted: PendingNote | None = None,
) -> Answer | str:
    """Ask one item until it is answered; returns the Answer (not yet echoed: the caller
    saves it, then :func:`echo_answer` shows it), or BACK. ``noted``: a note typed for the
    item before the interview stopped, attached to the answer."""
    say()
    say(progress, style="bold magenta")
    given = current or noted
    pending = Pending(given.note, given.evidence) if given else Pending()
    if current is not None:
        say(f"  Current answer: {answer_label(item, current, scales)}{note_text(current)}")
    elif noted is not None:
        say(f"  Note typed before the stop, kept for your answer{note_text(noted)}")
    ask = _ask_typed if item.type in ("number", "text") else _ask_select
    kept = (pending.note, pending.evidence)
    try:
        while True:
            result = ask(item, scales, current, can_go_back, pending)
            if result == "help":
                show_help(item)
            elif result == "note":
                echo_question(item)
                ask_note(pending)
            elif result == BACK:
                say("  ← back to the previous question", style="dim")
                return BACK
            else:
                assert isinstance(result, Answer)
                return pending.attach(result)
    except (KeyboardInterrupt, EOFError):
        if (pending.note, pending.evidence) == kept:
            raise
        raise interrupts.NoteLeft(
            item.id, pending.attach(current) if current else None, pending.note, pending.evidence
        ) from None


def echo_answer(item: Item, answer: Answer, scales: dict[str, list[str]]) -> None:
    """The question and ``→ the answer given``: said once the answer is saved."""
    if item.type == "contacts":
        count = len(answer.contacts())
        say(f"  → list finished: {count} contact{'s' if count > 1 else ''}", style="green")
        return
    extra = " (with note)" if answer.note or answer.evidence else ""
    echo_question(item)
    text = textwrap.fill(  # a long answer wraps under itself, not at the left edge
        f"{answer_label(item, answer, scales)}{extra}", width=width() - 1,
        initial_indent="  → ", subsequent_indent="    ", break_on_hyphens=False,
    )  # fmt: skip
    say(text, style="green")


def note_text(answer: Answer | PendingNote) -> str:
    """`` (note: …; evidence: …)`` for an answer that carries them, else empty."""
    parts = [f"note: {answer.note}"] if answer.note else []
    parts += [f"evidence: {answer.evidence}"] if answer.evidence else []
    return f" ({'; '.join(parts)})" if parts else ""


def _options(item: Item, scales: dict[str, list[str]]) -> list[tuple[Any, str]]:
    if item.type == "agreement":
        labels = scales[item.scale or "agree5"]
        if isinstance(labels, Scale):  # its own codes (explicit, or in reverse order)
            return list(labels.options())
        return list(enumerate(labels, start=1))
    if item.type == "yesno":
        return [("yes", "Yes"), ("no", "No")]
    return [(o.code, o.label) for o in item.options or []]


def choice_for(choices: Iterable[object], value: object) -> Choice | None:
    """The choice a select list offers for ``value`` (its default), None when it has none."""
    for choice in choices:
        if isinstance(choice, Choice) and not isinstance(choice, Separator):
            if choice.value == value:
                return choice
    return None


def _key(k: int) -> str | bool:
    """The shortcut key of the k-th option (False: none, reachable with the arrows)."""
    return OPTION_KEYS[k] if k < len(OPTION_KEYS) else False


def _ask_select(
    item: Item,
    scales: dict[str, list[str]],
    current: Answer | None,
    can_go_back: bool,
    pending: Pending,
) -> Answer | str:
    yesno = item.type == "yesno"  # y and n, and the digits too
    options = _options(item, scales)
    choices: list[Any] = [
        Choice(label, value=("answer", code), shortcut_key="yn"[k] if yesno else _key(k))
        for k, (code, label) in enumerate(options)
    ]
    aliases = {str(k): ("answer", code) for k, (code, _) in enumerate(options, 1)} if yesno else {}
    choices.append(Separator("   ──"))
    choices.append(Choice("Don't know", value=("dont_know",), shortcut_key="d"))
    if item.not_applicable:
        na_key = "x" if yesno else "n"
        choices.append(Choice("Not applicable", value=("not_applicable",), shortcut_key=na_key))
    choices.append(Separator("   ──"))
    if item.help:
        choices.append(Choice("Show help", value=("help",), shortcut_key="h"))
    has_note = pending.note or pending.evidence
    note_title = "Edit the note or evidence" if has_note else "Add a note or evidence"
    choices.append(Choice(note_title, value=("note",), shortcut_key="a"))
    if can_go_back:
        choices.append(Choice("Back to the previous question", value=(BACK,), shortcut_key="b"))
    default = None
    if current is not None:
        wanted = ("answer", current.value) if current.state == "answered" else (current.state,)
        default = choice_for(choices, wanted)
    picked = interrupts.ask(choose.select(
        wrapped(item.text, len(SELECT_HINT) + 1), choices, default, SELECT_HINT, aliases,
        erase_when_done=True,
    ))  # fmt: skip
    kind = picked[0]
    if kind == "answer":
        return Answer(value=picked[1])
    if kind in ("dont_know", "not_applicable"):
        return Answer(state=kind)
    return str(kind)


def typed_hint(item: Item, can_go_back: bool, glue: str = " ") -> str:
    """The line above a typed question: what to type, and the action keys (each key joined to
    its word by ``glue``)."""
    if item.type == "number":
        whole = "a whole number" if item.integer else "a number"
        unit = f" ({item.unit})" if item.unit else ""
        span = f"{format_number(item.min)} to {format_number(item.max)}{unit}"
        what = f"Type {whole} from {span} and press Enter"
        keys = {"help": "h", "dont_know": "d", "not_applicable": "n", "note": "a", "back": "b"}
    else:
        what = "Type your answer and press Enter (Enter alone: no answer)"
        keys = {"help": "h", "note": "a", "back": "b"}
    extras = [f"{keys['help']} help"] if item.help else []
    if "dont_know" in keys:
        extras.append(f"{keys['dont_know']} don't know")
    if item.not_applicable and "not_applicable" in keys:
        extras.append(f"{keys['not_applicable']} not applicable")
    extras.append(f"{keys['note']} note")
    if can_go_back:
        extras.append(f"{keys['back']} back")
    return f"{what}; or type " + " · ".join(e.replace(" ", glue) for e in extras)


def say_hint(item: Item, can_go_back: bool, indent: int = 2) -> None:
    """The typed question's hint, wrapped so that no key is parted from its word ("b" at the
    end of a line, "back" on the next)."""
    glue = "\0"
    text = textwrap.fill(
        typed_hint(item, can_go_back, glue), width=width() - indent - 1,
        break_on_hyphens=False, break_long_words=False,
    )  # fmt: skip
    for line in text.replace(glue, " ").splitlines():
        console.print(Padding(Text(line, style="dim"), (0, 0, 0, indent)), width=width())


def keyword(text: str, item: Item) -> Action | None:
    """The action a typed entry asks for (help, back, note, dont_know, not_applicable)."""
    word = text.strip().lower()
    if item.type == "text":  # words may be real answers here; one letter alone is not
        return KEYWORDS[word] if word in ("h", "b", "a", "?", "<", "+") else None
    return KEYWORDS.get(word)


def _ask_typed(
    item: Item,
    scales: dict[str, list[str]],
    current: Answer | None,
    can_go_back: bool,
    pending: Pending,
) -> Answer | str:
    say_hint(item, can_go_back)
    default = ""
    keep = current is not None and item.type != "text"
    if keep:  # a number is typed afresh (digits typed after "15" made 1520): Enter keeps it
        say("  Enter alone keeps the current answer", style="dim")
    elif current is not None and current.state == "answered":
        default = format_number(current.value)  # text: shown to be edited
    problem = None
    while True:
        text = interrupts.ask(entry(wrapped(item.text), default, problem))
        if keep and not text.strip() and not problem:
            assert current is not None
            return Answer(state=current.state, value=current.value)
        text = key_after(text, default, item)
        problem = typed_problem(text, item, can_go_back)
        if problem is None:
            break
        default = "" if keyword(text, item) else text  # a number stays to be mended
    word = keyword(text, item)
    if word in ("help", "note", "back"):
        return word
    if word in ("dont_know", "not_applicable"):
        return Answer(state=word)
    if item.type == "text":
        return Answer(value=text.strip()) if text.strip() else Answer(state="dont_know")
    number = parse_number(text, item)
    if item.share_in_percent and 0 < number < 1:  # "0.5%" typed with its sign:
        return Answer(value=f"{format_number(number)}%")  # kept so, no later run warns of it
    return Answer(value=number)


def key_after(text: str, default: str, item: Item) -> str:
    """An action key typed after the answer shown for editing is the key alone: back at a
    number answered 22 reads ``22b``, which must go back, not be refused as a number."""
    if default and text.startswith(default) and keyword(text[len(default) :], item):
        return text[len(default) :]
    return text


def typed_problem(text: str, item: Item, can_go_back: bool) -> str | None:
    """Why typed input is not accepted for ``item`` (None when it is)."""
    word = keyword(text, item)
    if word == "back" and not can_go_back:
        return "There is no previous question to go back to from here"
    if word == "not_applicable" and not item.not_applicable:
        return "'Not applicable' is not offered for this question: it applies to every firm"
    if word is not None or item.type == "text":
        return None
    try:
        parse_number(text, item)
    except ValueError as exc:
        return str(exc)
    return None
