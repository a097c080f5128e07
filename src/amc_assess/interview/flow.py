"""Navigation through an interview, free of any terminal I/O.

Which items are asked comes from the scoring engine's own skip logic
(:func:`amc_assess.scoring.asked_rows`), so the interview and the scorer always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from amc_assess.models import Answer, Item, Questionnaire, Response, Scale
from amc_assess.models.conditions import clauses
from amc_assess.numtext import read_number, with_unit_text, without_unit


@dataclass(frozen=True)
class Progress:
    """Where an item sits: in its section and in the whole interview (1-based)."""

    section: str
    section_pos: int
    section_total: int
    overall_pos: int
    overall_total: int

    def __str__(self) -> str:
        return (
            f"{self.section} · {self.section_pos}/{self.section_total} · "
            f"overall {self.overall_pos}/{self.overall_total}"
        )


@dataclass(frozen=True)
class ReviewRow:
    """One line of the review list."""

    item: Item
    section: str
    answer: Answer | None


class Flow:
    """The interview's position logic over one response (which it updates in place)."""

    def __init__(self, questionnaire: Questionnaire, response: Response):
        self.questionnaire = questionnaire
        self.response = response
        self._items = questionnaire.items()
        self._order = [item.id for item in self._items]
        self._section = {
            item.id: section.title for section in questionnaire.sections for item in section.items
        }
        self._asked: list[str] | None = None

    # ------------------------------------------------------------------ skip logic
    def asked_ids(self) -> list[str]:
        """Items asked given the answers so far, in questionnaire order."""
        if self._asked is None:
            # lazy: the engine loads at the first question, not before the intro
            from amc_assess.scored.responses import answer_columns
            from amc_assess.scoring import asked_rows

            columns = answer_columns([self.response], self.questionnaire)
            rows = asked_rows(columns, 1, self.questionnaire)
            self._asked = [item_id for item_id in self._order if bool(rows[item_id][0])]
        return self._asked

    def expected_ids(self) -> list[str]:
        """Asked items plus those that may still be asked once earlier answers are given.

        Used for progress totals, so the total does not jump when a gating
        question is answered.
        """
        asked = set(self.asked_ids())
        answers = self.response.answers
        pending: set[str] = set()  # not answered yet, and asked or maybe asked
        expected = []
        for item in self._items:
            maybe = False
            if item.id not in asked and item.when is not None:
                refs = {c.subject[1] for c in clauses(item.when) if c.subject[0] == "item"}
                maybe = bool(refs & pending)
            if item.id in asked or maybe:
                expected.append(item.id)
                if item.id not in answers:
                    pending.add(item.id)
        return expected

    # ------------------------------------------------------------------ navigation
    def first_unanswered(self) -> str | None:
        """The first asked item without an answer (where an interview resumes)."""
        answers, unfinished = self.response.answers, self.response.unfinished
        return next((i for i in self.asked_ids() if i not in answers or i in unfinished), None)

    def next_item(self, item_id: str | None) -> str | None:
        """The asked item after ``item_id`` (the first one when None)."""
        asked = self.asked_ids()
        if item_id is None:
            return asked[0] if asked else None
        start = self._order.index(item_id)
        return next((i for i in asked if self._order.index(i) > start), None)

    def previous_item(self, item_id: str) -> str | None:
        """The asked item before ``item_id``, or None at the start."""
        start = self._order.index(item_id)
        before = [i for i in self.asked_ids() if self._order.index(i) < start]
        return before[-1] if before else None

    def progress(self, item_id: str) -> Progress:
        """Position of ``item_id`` among the expected items of its section and overall."""
        expected = self.expected_ids()
        if item_id not in expected:
            expected = sorted([*expected, item_id], key=self._order.index)
        section = self._section[item_id]
        in_section = [i for i in expected if self._section[i] == section]
        return Progress(
            section=section,
            section_pos=in_section.index(item_id) + 1,
            section_total=len(in_section),
            overall_pos=expected.index(item_id) + 1,
            overall_total=len(expected),
        )

    def section_title(self, item_id: str) -> str:
        return self._section[item_id]

    # ------------------------------------------------------------------ answers
    def answer(self, item_id: str, answer: Answer) -> tuple[list[str], list[str]]:
        """Record an answer; return the ids of the answers that no longer apply, and of
        those that apply again.

        Answers to follow-up questions that a changed gate no longer asks stay in the
        file (nothing a respondent typed is lost, and they return if the gate changes
        back); the scorer leaves skipped items out. Any change reopens the response
        (``completed`` becomes False until the review is confirmed again).
        """
        answers = self.response.answers
        if answers.get(item_id) != answer:
            self.response.completed = False
        before = set(self.asked_ids())
        answers[item_id] = answer
        self._asked = None
        asked = set(self.asked_ids())
        dropped = [i for i in self._order if i in before - asked and i in answers]
        back = [i for i in self._order if i in asked - before and i in answers and i != item_id]
        return dropped, back

    def answered_count(self) -> tuple[int, int]:
        """(answered asked items, items asked or still to be asked) — as progress counts them."""
        answers, unfinished = self.response.answers, self.response.unfinished
        done = sum(1 for i in self.asked_ids() if i in answers and i not in unfinished)
        return done, len(self.expected_ids())

    def review(self) -> list[ReviewRow]:
        """Every asked item with its answer (None when still unanswered)."""
        items = self.questionnaire.item_map()
        return [
            ReviewRow(items[i], self._section[i], self.response.answers.get(i))
            for i in self.asked_ids()
        ]


def answer_label(item: Item, answer: Answer | None, scales: dict[str, list[str]]) -> str:
    """A short human-readable form of an answer (``scales`` labels agreement codes)."""
    if answer is None:
        return "(not answered)"
    if answer.state == "dont_know":
        return "No answer" if item.type == "text" else "Don't know"
    if answer.state == "not_applicable":
        return "Not applicable"
    value = answer.value
    if item.type == "contacts":
        count = len(answer.contacts())
        return f"{count} contact{'' if count == 1 else 's'}"
    if item.type == "agreement":
        labels = scales.get(item.scale or "agree5")
        code = int(value) if isinstance(value, int | float) else 0
        if isinstance(labels, Scale):
            label = labels.label_of(value) if isinstance(value, int | float) else None
            return f"{code} {label}" if label is not None else str(value)
        return f"{code} {labels[code - 1]}" if labels and 1 <= code <= len(labels) else str(value)
    if item.type == "yesno":
        return str(value).capitalize()
    if item.type == "choice":
        names = {o.code: o.label for o in item.options or []}
        return names.get(str(value), str(value))
    if item.type == "number" and isinstance(value, str):  # written with its unit: "0.5%"
        return value
    if item.type == "number":
        return with_unit_text(format_number(value), item.unit)
    return str(value)


def format_number(value: object) -> str:
    """12 for 12.0, 2.5 for 2.5; anything else as text."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def parse_number(text: str, item: Item) -> int | float:
    """Read a typed number for a number item; ValueError says why it is not accepted."""
    assert item.min is not None and item.max is not None
    raw, with_unit = without_unit(text, item.unit)
    unit = f" ({item.unit})" if item.unit else ""
    span = f"from {format_number(item.min)} to {format_number(item.max)}{unit}"
    kind = "a whole number" if item.integer else "a number"
    if not raw:
        raise ValueError(f"Type {kind} {span}, or d if you don't know")
    read = read_number(raw)  # as a file's cell is read: 1,200 is 1200, 12,5 is 12.5
    if read is None:
        example = "12" if item.integer else "12 or 3.5"  # no decimals where they are refused
        raise ValueError(f"'{text.strip()}' is not a number: type digits, e.g. {example}")
    number = read
    if item.integer and not number.is_integer():
        raise ValueError(f"{raw} has decimals: type a whole number {span}")
    if not item.min <= number <= item.max:
        raise ValueError(f"{raw} is out of range: type {kind} {span}")
    if item.unit == "%" and item.max >= 100 and 0 < number < 1 and not with_unit:
        # a share typed as a fraction (0.65 for 65%) would be kept as 0.65%
        shown = format_number(round(number * 100, 10))
        raise ValueError(
            f"{raw} would be {raw}%: for {shown}% type {shown}; to keep {raw}%, type {raw}%"
        )
    return int(number) if number.is_integer() else number
