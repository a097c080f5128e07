"""The respondent's details, kept from the first answer on: Ctrl-C in them loses none.

A new interview has no file until the name is given (the name names it); from then on the
file holds every detail given. A resumed file whose details are incomplete asks only those
missing (:func:`ask_respondent`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import questionary
from questionary import Choice

from amc_assess.interview import choose, interrupts
from amc_assess.interview.session import save
from amc_assess.interview.widgets import SELECT_HINT, say, say_command, wrapped
from amc_assess.models import Questionnaire, Respondent, Response
from amc_assess.names import shown
from amc_assess.terminal import single_line_problem


def ask_and_keep(
    q: Questionnaire,
    response: Response,
    details: bool,
    path_for: Callable[[Respondent], Path],
    resume_for: Callable[[Path], str],
) -> Path | None:
    """Ask ``response``'s missing respondent details, saving after each answer to the file
    ``path_for`` names (given the details so far, once). Returns that file, or None after
    Ctrl-C or end of input (what was kept and how to continue already said)."""
    kept: list[Path] = []

    def keep(respondent: Respondent) -> None:
        if not kept:
            kept.append(path_for(respondent))
        response.respondent = respondent
        save(kept[0], response, q)

    try:
        response.respondent = ask_respondent(
            response.assessment.firm, details=details, given=response.respondent, keep=keep
        )
    except (KeyboardInterrupt, EOFError):
        if not kept:
            say("\nStopped before the first question; nothing was saved.")
            return None
        say()
        say(f"Stopped. Saved the respondent's details given so far in {shown(kept[0])}.",
            style="bold")  # fmt: skip
        say("To continue:")
        say_command(resume_for(kept[0]))
        return None
    return kept[0] if kept else path_for(response.respondent)


LEVELS = [
    ("senior", "Senior management (board, executive team)"),
    ("middle", "Middle management (alliance or business-unit managers)"),
    ("operational", "Operational (project and functional staff)"),
]


def respondent_unfinished(respondent: Respondent, details: bool = False) -> bool:
    """True while a required detail (name, level, side; the function too with ``details``)
    is missing: the interview stopped in "About the respondent"."""
    return any(
        value is None
        for value in (respondent.name, respondent.level, respondent.side)
        + ((respondent.function,) if details else ())
    )


def ask_respondent(
    firm: str,
    details: bool = False,
    given: Respondent | None = None,
    keep: Callable[[Respondent], None] | None = None,
) -> Respondent:
    """Who is answering: name, role, level, side and function.

    ``details``: the function is required too, and the name must be the full name (a
    relationship audit places the respondent in the network by them). ``given``: details an
    earlier session kept; only the missing ones are asked (the role and an optional function
    again only if a required detail after them is missing). ``keep`` gets the details after
    every answer, so Ctrl-C loses none of them.
    """
    say()
    say("About the respondent", style="bold magenta")
    person = given.model_copy() if given is not None else Respondent()

    def required(text: str) -> bool | str:
        if not text.strip() and details:
            return "Please type your full name (first and last name)"
        if not text.strip():
            return "Please type a name (initials are fine)"
        return one_line(text)

    def one_line(text: str) -> bool | str:
        problem = single_line_problem(text) if text.strip() else None
        return f"This {problem}" if problem else True

    def function_given(text: str) -> bool | str:
        return one_line(text) if text.strip() or not details else "Please type your function"

    def kept(**values: object) -> None:
        for name, value in values.items():
            setattr(person, name, value)
        if keep is not None:
            keep(person.model_copy())

    function_asked = details or person.side is None  # an optional one: once, after the side
    if person.name is None:
        who = "Respondent's full name, as colleagues write it:" if details else "Respondent's name:"
        name = interrupts.ask(questionary.text(wrapped(who), validate=required))
        kept(name=" ".join(name.split()))
    if person.role is None and person.level is None:
        role = interrupts.ask(
            questionary.text(wrapped("Role or job title (optional):"), validate=one_line)
        )
        kept(role=role.strip() or None)
    if person.level is None:
        levels = [Choice(label, value=code, shortcut_key=str(k)) for k, (code, label) in
                  enumerate(LEVELS, start=1)]  # fmt: skip
        kept(level=interrupts.ask(choose.select("Level in the organization:", levels,
                                                instruction=SELECT_HINT)))  # fmt: skip
    if person.side is None:
        sides = [
            Choice(aside(firm, "the firm being assessed"), value="own", shortcut_key="1"),
            Choice(f"A partner of {firm}", value="partner", shortcut_key="2"),
        ]
        kept(side=interrupts.ask(choose.select(wrapped("Works for:", len(SELECT_HINT) + 1),
                                               sides, instruction=SELECT_HINT)))  # fmt: skip
    if person.function is None and function_asked:
        optional = "" if details else " (optional)"
        function = interrupts.ask(
            questionary.text(
                wrapped(f"Function, e.g. business development, R&D, legal{optional}:"),
                validate=function_given,
            )
        )
        kept(function=function.strip() or None)
    return person


def aside(name: str, remark: str) -> str:
    """``Acme (the firm being assessed)``; a name that ends in a bracket of its own takes the
    remark after a comma (``Acme (fictional), the firm being assessed``), never a second one."""
    return f"{name}, {remark}" if name.rstrip().endswith(")") else f"{name} ({remark})"
