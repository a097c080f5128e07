"""The contacts roster of a relationship audit: add, list, edit and remove people, then finish.

The respondent names the colleagues they deal with on the alliance, in either firm, and for
each gives the firm, level and function and rates the tie (frequency, importance, closeness
on the questionnaire's labeled scales), plus whether the person is their firm's designated
key contact. Every added, edited or removed contact is handed to ``on_change`` at once (the
interview saves the file), so Ctrl-C loses at most the contact being typed.

Keys as in the rest of the interview: in lists a number or letter picks, ``h`` help,
``b`` back; in typed fields ``h`` help and ``b`` back too (typed alone: no name or function is
one letter; ``?`` and ``<`` still work).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import questionary
from questionary import Choice, Separator

from amc_assess.interview import choose, interrupts
from amc_assess.interview.contact_fields import Back, ContactFields
from amc_assess.interview.widgets import (
    BACK,
    SELECT_HINT,
    _key,
    choice_for,
    say,
    show_help,
    width,
    wrapped,
)
from amc_assess.models import Answer, Contact, Item, Respondent

Change = Callable[[list[Contact]], None]


class Roster(ContactFields):
    """One contacts item being answered: the list so far and the prompts that change it."""

    def __init__(
        self,
        item: Item,
        scales: dict[str, list[str]],
        firm: str,
        respondent: Respondent,
        contacts: list[Contact],
        on_change: Change,
    ):
        super().__init__(item, scales, firm, respondent, contacts)
        self.on_change = on_change

    def show(self) -> None:
        if not self.contacts:
            say("  Nobody on your list yet.", style="dim")
            return
        say(f"  Your contacts so far ({len(self.contacts)}):", style="bold")
        for k, contact in enumerate(self.contacts, start=1):
            who, ratings = self.describe(contact)
            say(
                textwrap.fill(
                    who, width() - 1, initial_indent=f"  {k:>2}. ", subsequent_indent=" " * 6
                )
            )
            say(
                textwrap.fill(
                    ratings, width() - 1, initial_indent=" " * 6, subsequent_indent=" " * 6
                ),
                style="dim",
            )

    # ------------------------------------------------------------------ the list
    def run(self, progress: str, can_go_back: bool) -> Answer | str:
        """The roster menu until the list is finished (an Answer) or the respondent goes BACK."""
        say()
        say(progress, style="bold magenta")
        say(wrapped(f"? {self.item.text}"), style="bold")
        self.show()
        while True:
            action = self.menu(can_go_back)
            if action == "add":
                self.add()
            elif action == "edit":
                k = self.pick("Which contact do you want to change?")
                if k is not None:
                    self.edit(k)
            elif action == "remove":
                k = self.pick("Which contact do you want to remove?")
                if k is not None:
                    self.remove(k)
            elif action == "list":
                self.show()
            elif action == "help":
                show_help(self.item)
            elif action == BACK:
                say("  ← back to the previous question", style="dim")
                return BACK
            elif not self.contacts:
                say(
                    "✗ Add at least one person you deal with on the alliance before "
                    "finishing the list",
                    style="bold red",
                    indent=2,
                )
            else:
                return Answer(value=list(self.contacts))  # echoed once saved (echo_answer)

    def menu(self, can_go_back: bool) -> str:
        n = len(self.contacts)
        choices: list[Any] = [Choice("Add a person", value="add", shortcut_key="a")]
        if n:
            choices += [
                Choice("Edit a person's details or ratings", value="edit", shortcut_key="e"),
                Choice("Remove a person from the list", value="remove", shortcut_key="r"),
                Choice("Show the list again", value="list", shortcut_key="l"),
            ]
        finish = f"Finish: the list is complete ({n} {'person' if n == 1 else 'people'})"
        choices += [Choice(finish, value="finish", shortcut_key="f"), Separator("   ──")]
        if self.item.help:
            choices.append(Choice("Show help", value="help", shortcut_key="h"))
        if can_go_back:
            choices.append(Choice("Back to the previous question", value=BACK, shortcut_key="b"))
        title = f"{n} on your list. What next?" if n else "What next?"
        return str(
            interrupts.ask(choose.select(title, choices, instruction=SELECT_HINT,
                                         erase_when_done=True))
        )  # fmt: skip

    def pick(self, question: str) -> int | None:
        """The position of a contact chosen from the list; None to go back to the menu."""
        choices: list[Any] = [
            Choice(contact.name, value=k, shortcut_key=_key(k))
            for k, contact in enumerate(self.contacts)
        ]
        choices += [Separator("   ──"), Choice("Back to the list", value=-1, shortcut_key="b")]
        k = interrupts.ask(choose.select(question, choices, instruction=SELECT_HINT,
                                         erase_when_done=True))  # fmt: skip
        return None if k == -1 else int(k)

    def changed(self, message: str) -> None:
        self.on_change(list(self.contacts))
        say(f"{message}; saved.", style="green", indent=2)

    # ------------------------------------------------------------------ add, edit, remove
    def add(self) -> None:
        say("New person: type the full name; b goes back to the list, h shows the help",
            style="dim", indent=2)  # fmt: skip
        values: dict[str, Any] = {}
        steps = self.steps()
        k = 0
        try:
            while k < len(steps):
                field, ask = steps[k]
                try:
                    values[field] = ask(values, None)
                    k += 1
                except Back:
                    if k == 0:
                        say("  ← back to the list", style="dim")
                        return
                    k -= 1
        except (KeyboardInterrupt, EOFError):
            if values.get("name"):
                say(f"\n  ({values['name']} was not complete and is not saved.)", style="dim")
            raise
        contact = Contact(**values)
        self.contacts.append(contact)
        self.changed(f"+ {contact.name} added ({len(self.contacts)} on the list)")

    def edit(self, k: int) -> None:
        steps = dict(self.steps())
        last = None  # after a change the cursor waits on Done
        while True:
            contact = self.contacts[k]
            current = contact.model_dump()
            choices: list[Any] = [
                Choice(f"{label}: {self.value_label(field, current[field])}", value=field,
                       shortcut_key=_key(j))
                for j, (field, label) in enumerate(self.field_labels().items())
            ]  # fmt: skip
            choices += [Separator("   ──"), Choice("Done", value="done", shortcut_key="f")]
            field = interrupts.ask(choose.select(
                wrapped(f"What do you want to change for {contact.name}?", len(SELECT_HINT) + 1),
                choices, choice_for(choices, last), SELECT_HINT, erase_when_done=True,
            ))  # fmt: skip
            if field == "done":
                return
            try:
                value = steps[field](current, current[field])
            except Back:
                continue
            if value == current[field]:
                continue
            self.contacts[k] = Contact(**{**current, field: value})
            label = self.field_labels()[field].lower()
            self.changed(f"✎ {self.contacts[k].name}: {label} changed")
            last = "done"

    def remove(self, k: int) -> None:
        name = self.contacts[k].name
        sure = interrupts.ask(questionary.confirm(f"Remove {name} from your list?", default=False))
        if not sure:
            return
        del self.contacts[k]
        self.changed(f"− {name} removed ({len(self.contacts)} on the list)")


def ask_contacts(
    item: Item,
    scales: dict[str, list[str]],
    progress: str,
    firm: str,
    respondent: Respondent,
    current: Answer | None,
    can_go_back: bool,
    on_change: Change,
) -> Answer | str:
    """Ask a contacts item: the finished list as an Answer, or BACK."""
    contacts = current.contacts() if current is not None else []
    return Roster(item, scales, firm, respondent, contacts, on_change).run(progress, can_go_back)
