"""The respondent's details, kept from the first answer on: Ctrl-C in them loses none.

A new interview has no file until the name is given (the name names it); from then on the
file holds every detail given. A resumed file whose details are incomplete asks only those
missing (:func:`amc_assess.interview.widgets.ask_respondent`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from amc_assess.interview import widgets
from amc_assess.interview.session import save
from amc_assess.interview.widgets import say
from amc_assess.models import Questionnaire, Respondent, Response
from amc_assess.names import shown


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
        response.respondent = widgets.ask_respondent(
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
        widgets.say_command(resume_for(kept[0]))
        return None
    return kept[0] if kept else path_for(response.respondent)
