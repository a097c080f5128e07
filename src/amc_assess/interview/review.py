"""The end of an interview: the review list, the next step, the target levels, the report."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable

import questionary
from questionary import Choice

from amc_assess.interview import choose, interrupts
from amc_assess.interview.flow import ReviewRow, answer_label
from amc_assess.interview.widgets import (
    SELECT_HINT,
    choice_for,
    entry,
    say,
    width,
    wrapped,
)
from amc_assess.models import Response, Rubric, TargetsBlock


# ---------------------------------------------------------------------- review
def review_labels(rows: list[ReviewRow], scales: dict[str, list[str]]) -> list[str]:
    """The answer column of the review: label, plus [note] when one is attached."""
    labels = []
    for row in rows:
        label = answer_label(row.item, row.answer, scales)
        if row.answer is not None and (row.answer.note or row.answer.evidence):
            label += " [note]"
        labels.append(label)
    return labels


def review_lines(rows: list[ReviewRow], scales: dict[str, list[str]], size: int) -> list[str]:
    """Per row the whole question (``12. `` and a hanging indent) and its answer (``→ ``),
    wrapped on words into lines of at most ``size`` columns: nothing is cut."""
    blocks = []
    for k, (row, label) in enumerate(zip(rows, review_labels(rows, scales), strict=True), 1):
        question = choose.hang(f"{k:>3}. {row.item.text}", size, 5)
        answer = choose.hang(f"     → {label}", size, 7)
        blocks.append("\n".join(question + answer))
    return blocks


def show_review(rows: list[ReviewRow], scales: dict[str, list[str]]) -> None:
    """Print every asked item with its answer, grouped by section."""
    say()
    say("Review your answers", style="bold magenta")
    section = None
    for row, block in zip(rows, review_lines(rows, scales, width() - 2), strict=True):
        if row.section != section:
            section = row.section
            say(section, style="bold")
        say(block)
        if row.answer is not None and row.answer.contacts():  # a roster: the names
            names = ", ".join(c.name for c in row.answer.contacts())
            say(textwrap.fill(names, width() - 2, initial_indent=" " * 7,
                              subsequent_indent=" " * 7))  # fmt: skip


# ---------------------------------------------------------------------- targets
def ask_target(title: str, levels: list[tuple[int, str]], current: int, default: int) -> int:
    """The target level of one dimension (``current`` preselected; ``default``: the rubric's)."""
    choices = [
        Choice(
            name + (" (the rubric's default)" if level == default else ""),  # "4) Managed"
            value=level,
            shortcut_key=str(level),
        )
        for level, name in levels
    ]
    picked = interrupts.ask(choose.select(
        wrapped(f"Target level for {title}:", len(SELECT_HINT) + 1), choices,
        choice_for(choices, current), SELECT_HINT, erase_when_done=True,
    ))  # fmt: skip
    return int(picked)


def ask_agreed_by(default: str) -> str | None:
    """Who agreed the target levels (Enter keeps ``default``)."""
    text = interrupts.ask(
        questionary.text(
            wrapped("Targets agreed by (name and role; Enter keeps the default):"), default=default
        )
    )
    return " ".join(text.split()) or None


def ask_render_report() -> bool:
    """Offer the PDF report after the scores (default: no)."""
    answer = interrupts.ask(questionary.confirm("Render the PDF report now?", default=False))
    return bool(answer)


def ask_review_action(dont_know: int, scored: bool = True) -> str:
    """After the review list: finish, change an answer, or stop for now."""
    note = f" ({dont_know} 'don't know')" if dont_know else ""
    finish = (
        "confirm these answers, agree the target levels and show the scores"
        if scored
        else "confirm these answers"
    )
    return str(
        interrupts.ask(
            choose.select(
                wrapped(f"All questions answered{note}. What next?", len(SELECT_HINT) + 1),
                choices=[
                    Choice(f"Finish: {finish}", value="finish", shortcut_key="f"),
                    Choice("Change an answer", value="change", shortcut_key="c"),
                    Choice(
                        "Save and stop here (finish later with --resume)",
                        value="stop",
                        shortcut_key="s",
                    ),
                ],  # fmt: skip
                instruction=SELECT_HINT,
            )
        )
    )


def ask_which(rows: list[ReviewRow]) -> str | None:
    """The item to change, by its number in the review list; None to return to the menu."""
    problem = None
    while True:
        question = f"Number of the answer to change (1-{len(rows)}; Enter alone: back to the menu):"
        text = interrupts.ask(entry(wrapped(question), refused=problem)).strip().rstrip(".")
        if not text:
            return None
        if text.isdigit() and 1 <= int(text) <= len(rows):
            return rows[int(text) - 1].item.id
        problem = f"'{text}' is not a number from the review list (1-{len(rows)})"


def no_targets_for_partner(firm: str) -> None:
    """Said in place of the target levels to a respondent from the partner's side: targets
    are the assessed firm's to agree (a trial's partner agreed them, as ``agreed``)."""
    say()
    say(
        f"Target levels are {firm}'s to agree with its own people, so a respondent from the "
        "partner's side is not asked for them: the scores are measured against the targets "
        f"{firm} has agreed, else the rubric's.",
        style="dim",
    )


def agree_targets(response: Response, r: Rubric, save: Callable[[], None]) -> None:
    """Ask the target level of every dimension of ``response`` (the saved one, else the
    rubric's, offered), then who agreed them; each answer is saved at once (``save``). The
    targets count as agreed (today, by whom) once "agreed by" is answered; a changed level
    drops an earlier agreement and reopens a finished response (a draft until finished again:
    an interruption never leaves half-changed targets in a file that says it is finished)."""
    saved = response.targets
    say()
    say("Target levels", style="bold magenta")
    say(
        "Before the scores: agree with the firm the maturity level each dimension should "
        "reach. Gaps and progress are measured against these targets. The level already "
        "agreed, else the rubric's default, is preselected."
    )
    names = [(level.level, level.name) for level in r.levels]
    levels = {d: level for d, level in (saved.levels if saved else {}).items()}
    for dim_id, dim in r.dimensions.items():
        current = levels.get(dim_id, dim.target)
        level = ask_target(dim.title, names, current, dim.target)
        block = response.targets
        kept = block is not None and block.levels.get(dim_id) == level
        if not kept:  # reopened until agreed again: stopped here, the file is a draft
            response.completed = False
        levels[dim_id] = level
        response.targets = (
            block.model_copy(update={"levels": dict(levels)})
            if kept and block is not None
            else TargetsBlock(levels=dict(levels))
        )
        save()
        say(f"  → {dim.title}: level {level} {r.level_name(level)}", style="green")
    who = response.assessment.assessor or response.respondent.name
    default = (saved.agreed_by if saved else None) or who or ""
    agreed_by = ask_agreed_by(default)
    response.targets = TargetsBlock(levels=levels, agreed_on=dt.date.today(), agreed_by=agreed_by)
    save()
    say(f"  → agreed by {agreed_by or '(not named)'} on {dt.date.today().isoformat()}",
        style="green")  # fmt: skip
