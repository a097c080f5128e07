"""A contact's fields in the contacts roster (:mod:`amc_assess.interview.contacts`): their
labels as the respondent sees them, and the questions that ask for each, in order. The base
of :class:`~amc_assess.interview.contacts.Roster`, which keeps the list.

Keys as in the rest of the interview: in lists a number or letter picks, ``h`` help, ``b``
back; in typed fields ``h`` help and ``b`` back too (typed alone: no name or function is one
letter; ``?`` and ``<`` still work). Stepping back out of a contact raises :class:`Back`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from questionary import Choice, Separator

from amc_assess.interview import choose, interrupts
from amc_assess.interview.completion import ask_completed
from amc_assess.interview.respondent import LEVELS, aside
from amc_assess.interview.widgets import (
    BACK,
    SELECT_HINT,
    _key,
    choice_for,
    entry,
    say,
    say_answered,
    show_help,
    wrapped,
)
from amc_assess.models import RATINGS, Contact, Item, Respondent

RATING_NAMES = {"frequency": "How often", "importance": "Importance", "closeness": "Closeness"}
LEVEL_WORDS = {
    "senior": "senior level",
    "middle": "middle level",
    "operational": "operational level",
}
BACK_WORDS, HELP_WORDS = ("b", "<"), ("h", "?")  # typed alone in a name or function field


class Back(Exception):
    """The respondent stepped back out of the contact being entered."""


class ContactFields:
    """A contact's fields: labels and questions, for one contacts item and respondent."""

    def __init__(
        self,
        item: Item,
        scales: dict[str, list[str]],
        firm: str,
        respondent: Respondent,
        contacts: list[Contact],
    ):
        assert item.ratings is not None
        self.item, self.scales, self.firm, self.respondent = item, scales, firm, respondent
        self.contacts = list(contacts)

    # ------------------------------------------------------------------ labels
    def side_label(self, side: str) -> str:
        """The firm a contact works for, as the respondent sees it."""
        mine = self.respondent.side or "own"
        if side == "own":
            return aside(self.firm, "your firm") if mine == "own" else self.firm
        return "the partner firm" if mine == "own" else f"your firm ({self.firm}'s partner)"

    def rating_label(self, name: str, value: int) -> str:
        assert self.item.ratings is not None
        return self.scales[self.item.ratings[name].scale][value - 1]

    def describe(self, contact: Contact) -> tuple[str, str]:
        """Two lines: who the contact is, and the three ratings of the tie."""
        who = [self.side_label(contact.side), LEVEL_WORDS[contact.level]]
        who.append(contact.function or "function not given")
        if contact.key_contact:
            who.append("designated key contact")
        ratings = " · ".join(self.rating_label(r, getattr(contact, r)) for r in RATINGS)
        return f"{contact.name} — {', '.join(who)}", ratings

    # ------------------------------------------------------------------ the questions
    def field_labels(self) -> dict[str, str]:
        labels = {"name": "Name", "side": "Firm", "level": "Level", "function": "Function"}
        labels.update(RATING_NAMES)
        if self.item.key_contact:
            labels["key_contact"] = "Key contact"
        return labels

    def value_label(self, field: str, value: Any) -> str:
        if field == "side":
            return self.side_label(value)
        if field == "level":
            return LEVEL_WORDS[value]
        if field in RATINGS:
            return f"{value} {self.rating_label(field, value)}"
        if field == "key_contact":
            return {True: "yes", False: "no", None: "not sure"}[value]
        return str(value) if value else "(not given)"

    def steps(self) -> list[tuple[str, Callable[[dict[str, Any], Any], Any]]]:
        steps: list[tuple[str, Callable[[dict[str, Any], Any], Any]]] = [
            ("name", self.ask_name),
            ("side", self.ask_side),
            ("level", self.ask_level),
            ("function", self.ask_function),
        ]
        steps += [(name, self._rating_step(name)) for name in RATINGS]
        if self.item.key_contact:
            steps.append(("key_contact", self.ask_key_contact))
        return steps

    def name_problem(self, name: str, current: str | None) -> str | None:
        """Why a typed name cannot be added (None when it can)."""
        key = name.casefold()
        own = (self.respondent.name or "").strip()
        if own and key == own.casefold():
            return (
                f"{name} is your own name: list the people you deal with, not yourself (a self-tie)"
            )
        for contact in self.contacts:
            if contact.name.casefold() == key and contact.name != current:
                return (
                    f"{contact.name} is already on your list (a duplicate tie): list each "
                    "person once (Edit changes their details), or tell two people apart by "
                    "their full names"
                )
        return None

    def ask_name(self, values: dict[str, Any], current: str | None) -> str:
        default = current or values.get("name") or ""
        problem = None
        while True:
            text = interrupts.ask(entry("Full name:", default, problem))
            name = " ".join(text.split())
            if name.lower() in BACK_WORDS or not name:
                raise Back
            if name.lower() in HELP_WORDS:
                show_help(self.item)
                problem = None
                continue
            problem = self.name_problem(name, current)
            if problem is None:
                say_answered("Full name:", name)  # the prompt was erased: its answer stays
                return name
            default = current or ""  # a name refused is another person's: typed anew

    def _select(self, field: str, question: str, options: list[tuple[Any, str]], default: Any,
                help_text: str | None = None) -> Any:  # fmt: skip
        """A labeled list with number keys, h help and b back; the pick is echoed in short."""
        choices: list[Any] = [
            Choice(label, value=("answer", code), shortcut_key=_key(k))
            for k, (code, label) in enumerate(options)
        ]
        choices.append(Separator("   ──"))
        if help_text or self.item.help:
            choices.append(Choice("Show help", value=("help",), shortcut_key="h"))
        choices.append(Choice("Back", value=(BACK,), shortcut_key="b"))
        while True:
            picked = interrupts.ask(choose.select(
                wrapped(question, len(SELECT_HINT) + 1), choices,
                choice_for(choices, ("answer", default)) if default is not None else None,
                SELECT_HINT, erase_when_done=True,
            ))  # fmt: skip
            if picked[0] == "answer":
                label = dict(options)[picked[1]]
                say(f"{self.field_labels()[field]}: {label}", indent=2)
                return picked[1]
            if picked[0] == BACK:
                raise Back
            say(f"Help: {help_text or self.item.help}", style="cyan", indent=2)

    def ask_side(self, values: dict[str, Any], current: str | None) -> str:
        mine = self.respondent.side or "own"
        other = "partner" if mine == "own" else "own"
        options = [(side, _capital(self.side_label(side))) for side in (mine, other)]
        name = values.get("name") or "this person"
        return str(
            self._select(
                "side", f"Which firm does {name} work for?", options,
                current or values.get("side"),
                f"{self.firm} is the firm being assessed; the partner firm is its alliance "
                f"partner{', where you work' if mine == 'partner' else ''}. Pick the firm that "
                "employs the person.",
            )
        )  # fmt: skip

    def ask_level(self, values: dict[str, Any], current: str | None) -> str:
        name = values.get("name") or "this person"
        return str(
            self._select(
                "level", f"At which level does {name} work?", list(LEVELS),
                current or values.get("level"),
                "Senior: board and executive team. Middle: managers of a unit, project or the "
                "alliance. Operational: staff who do the day-to-day work. Give your best guess "
                "if you are not sure.",
            )
        )  # fmt: skip

    def functions(self) -> list[str]:
        """Functions typed so far (the respondent's own first), once each."""
        seen: dict[str, str] = {}
        for text in [self.respondent.function, *(c.function for c in self.contacts)]:
            if text and text.casefold() not in seen:
                seen[text.casefold()] = text
        return list(seen.values())

    def ask_function(self, values: dict[str, Any], current: str | None) -> str | None:
        name = values.get("name") or "this person"
        known = self.functions()
        tab = " · Tab: one typed before" if known else ""
        say(f"e.g. marketing, R&D, legal{tab} · Enter alone: not known · h help · b back",
            style="dim", indent=2)  # fmt: skip
        question = f"Function of {name}:"
        default = current if current is not None else values.get("function") or ""
        while True:
            text = " ".join(ask_completed(question, known, default).split())
            if text.lower() in BACK_WORDS:
                raise Back
            if text.lower() in HELP_WORDS:
                say(
                    "Help: the person's line of work on the alliance, such as marketing, sales, "
                    "customer service, R&D, IT or legal. Reuse the wording you typed before for "
                    "the same function, so people can be grouped.",
                    style="cyan", indent=2,
                )  # fmt: skip
                continue
            for function in known:  # the spelling typed before
                if function.casefold() == text.casefold():
                    return function
            return text or None

    def _rating_step(self, name: str) -> Callable[[dict[str, Any], Any], int]:
        def ask(values: dict[str, Any], current: int | None) -> int:
            assert self.item.ratings is not None
            rating = self.item.ratings[name]
            labels = self.scales[rating.scale]
            options = list(enumerate(labels, start=1))
            who = values.get("name")
            question = f"{who}: {rating.text}" if who else rating.text
            default = current or values.get(name)
            return int(self._select(name, question, options, default, rating.help))

        return ask

    def ask_key_contact(self, values: dict[str, Any], current: Any) -> bool | None:
        name = values.get("name") or "this person"
        side, mine = values.get("side"), self.respondent.side or "own"
        firms: dict[str, str] = {"own": self.firm, mine: "your firm"}
        firm = firms.get(side or "", "the partner firm")
        options = [(True, "Yes"), (False, "No"), ("unsure", "Not sure")]
        default = values.get("key_contact", current)
        answer = self._select(
            "key_contact", f"Has {firm} designated {name} as its key contact for this alliance?",
            options, "unsure" if default is None and "key_contact" in values else default,
            "Yes only if the firm has formally named this person as the one through whom "
            "alliance communication with the partner should pass.",
        )  # fmt: skip
        return None if answer == "unsure" else bool(answer)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
