"""The checks of relationship-audit tie rows, shared by every kind of ties input.

:class:`Reader` checks one tie row at a time (columns as in :mod:`amc_assess.network.ties`),
collects every problem as one line and, at the end, turns the rows into :class:`Ties` or
raises ``InvalidInput``. The table reader (:mod:`~amc_assess.network.ties`) feeds it the rows
of CSV and XLSX files, :mod:`~amc_assess.network.responses` the contacts of audit response
files, so both are checked by the same code and reported in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from amc_assess.names import folded_key
from amc_assess.problems import InvalidInput

SIDES = ("own", "partner")
LEVELS = ("senior", "middle", "operational")
RATINGS = ("frequency", "importance", "closeness")
PERSON_FIELDS = ("side", "level", "function", "key_contact")
YES, NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")
COLUMNS = (
    "respondent",
    "respondent_side",
    "respondent_level",
    "respondent_function",
    "contact",
    "contact_side",
    "contact_level",
    "contact_function",
    *RATINGS,
)
OPTIONAL = ("respondent_key_contact", "contact_key_contact")


@dataclass(frozen=True)
class Person:
    name: str
    side: str
    level: str
    function: str
    key_contact: bool = False


@dataclass(frozen=True)
class Tie:
    """One named tie: ``strength`` is the mean of the three ratings (1..5)."""

    respondent: str
    contact: str
    frequency: int
    importance: int
    closeness: int
    where: str

    def __init__(
        self, respondent: str, contact: str, frequency: int, importance: int, closeness: int,
        where: str,
    ) -> None:  # fmt: skip
        # the fields straight into the instance's dict: the frozen dataclass's own __init__
        # sets each through object.__setattr__, about 1.5x as long (0.145 vs 0.093 s, 44,000 ties)
        fields = self.__dict__
        fields["respondent"], fields["contact"], fields["where"] = respondent, contact, where
        fields["frequency"], fields["importance"] = frequency, importance
        fields["closeness"] = closeness

    @property
    def strength(self) -> float:
        return (self.frequency + self.importance + self.closeness) / 3


class TieRows(Sequence[Tie]):
    """The ties of one clean table as columns; the :class:`Tie` objects are made when first
    asked for (the analysis reads the columns: :func:`~amc_assess.network.graph.build`)."""

    def __init__(self, name: str, respondents: Sequence[str], contacts: Sequence[str],
                 ratings: list[list[int]]) -> None:  # fmt: skip
        self.name = name
        self.respondents, self.contacts = respondents, contacts
        self.frequency, self.importance, self.closeness = ratings
        self._rows: list[Tie] | None = None

    @property
    def rows(self) -> list[Tie]:
        """The ties as :class:`Tie` objects (row ``N`` is the N-1st tie: header first)."""
        if self._rows is None:
            where = [f"{self.name}: row {n}" for n in range(2, len(self.respondents) + 2)]
            self._rows = list(map(Tie, self.respondents, self.contacts, self.frequency,
                                  self.importance, self.closeness, where))  # fmt: skip
        return self._rows

    def __len__(self) -> int:
        return len(self.respondents)

    def __getitem__(self, i: int) -> Tie:  # type: ignore[override]  # slices via rows too
        return self.rows[i]

    def __iter__(self) -> Iterator[Tie]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self.rows == list(other)

    __hash__ = None  # type: ignore[assignment]  # compared by value, as a list

    def __repr__(self) -> str:
        return repr(self.rows)


@dataclass
class Ties:
    people: dict[str, Person]
    ties: Sequence[Tie]  # a list, or the columns of one clean table (TieRows)
    respondents: set[str]
    sources: list[str]
    notes: list[str] = dataclass_field(default_factory=list)
    firms: dict[str, str] = dataclass_field(default_factory=dict)  # response file -> its firm
    key_contacts_given: bool = False  # some input says who the key contacts are


@dataclass
class _Seen:
    """What is known of one person so far, and where each attribute was first given."""

    values: dict[str, str]
    where: dict[str, str]


def _rating(value: str) -> tuple[int | None, str | None]:
    if value in _WHOLE:
        return _WHOLE[value], None
    try:
        number = float(value)
    except ValueError:
        return None, f"{value!r} is not a number (expected a whole number 1..5)"
    if not number.is_integer():
        return None, f"{value!r} is not a whole number (expected 1..5)"
    if not 1 <= number <= 5:
        return None, f"{value} is out of range (expected 1..5)"
    return int(number), None


_WHOLE = {str(k): k for k in range(1, 6)}
_DESCRIBED = {role: [f"{role}_{f}" for f in PERSON_FIELDS] for role in ("respondent", "contact")}


def _ref(where: str, path: str) -> str:
    """``row N`` when ``where`` is in file ``path``, else ``file row N``."""
    file, _, row = where.rpartition(": ")
    return row if file == path else f"{file} {row}"


class Reader:
    """Checks tie rows one by one; ``finish`` returns the ties or raises InvalidInput."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.seen: dict[str, _Seen] = {}
        self.pairs: dict[tuple[str, str], str] = {}
        self.ties: list[Tie] = []
        self.respondents: set[str] = set()
        self.fields: dict[str, dict[str, str]] = {}  # where -> column -> field path (responses)
        self.flawed: set[str] = set()  # people given an invalid side or level (reported)
        self.names: dict[str, str] = {}  # name key (case and spaces ignored) -> first form
        self.notes: list[str] = []
        self.firms: dict[str, str] = {}
        self.noted: set[str] = set()
        self.key_contacts_given = False  # a key-contact column or question was in the input
        self.known: dict[str, str] = {}  # name as written -> name (after its note, if any)
        self.described: set[tuple[str, ...]] = set()  # descriptions already found clean

    def canon(self, where: str, column: str, raw: str) -> str:
        """The person's name as first given; other spellings (case, spaces) noted once each."""
        name = self.known.get(raw)
        if name is not None:  # seen before, and noted then if it had to be
            return name
        clean = " ".join(raw.split())
        name = self.names.setdefault(clean.casefold(), clean)
        if raw != name and raw not in self.noted:
            self.noted.add(raw)
            what = f"{raw!r} is taken as {name!r} (names are matched ignoring case and spaces)"
            self.notes.append(self.line(where, column, what))
        self.known[raw] = name
        return name

    def line(self, where: str, column: str, message: str) -> str:
        """``file: row N: column: message``, or ``file: field.path: message`` for a response."""
        fields = self.fields.get(where)
        if fields is None:
            return f"{where}: {column}: {message}"
        return f"{where.rsplit(': ', 1)[0]}: {fields.get(column, column)}: {message}"

    def describe(self, where: str, role: str, name: str, row: dict[str, str]) -> None:
        """Record side/level/function of ``name``; report conflicts with earlier rows."""
        given = (name, role, *[row.get(column, "") for column in _DESCRIBED[role]])
        if given in self.described:  # the same description again: nothing new to check
            return
        before = len(self.errors), len(self.notes)
        self._describe(where, role, name, row)
        if (len(self.errors), len(self.notes)) == before:
            self.described.add(given)

    def _describe(self, where: str, role: str, name: str, row: dict[str, str]) -> None:
        seen = self.seen.setdefault(name, _Seen({}, {}))
        for field in PERSON_FIELDS:
            column = f"{role}_{field}"
            value = row.get(column, "")
            if not value:
                if role == "respondent" and field != "key_contact":
                    self.errors.append(self.line(where, column, "missing value"))
                continue
            key = value.lower()
            if field == "function":  # free text: compared ignoring case and spaces, kept as given
                key = " ".join(value.split())
            if field == "key_contact":
                if key not in YES + NO:
                    self.errors.append(self.line(where, column, f"{value!r} is not yes or no"))
                    continue
                key = "yes" if key in YES else "no"
            if field == "side" and key not in SIDES:
                msg = f"{value!r} is not one of own, partner"
                self.errors.append(self.line(where, column, msg))
                self.flawed.add(name)
                continue
            if field == "level" and key not in LEVELS:
                msg = f"{value!r} is not one of senior, middle, operational"
                self.errors.append(self.line(where, column, msg))
                self.flawed.add(name)
                continue
            earlier = seen.values.get(field)
            if earlier is None:
                seen.values[field] = key
                seen.where[field] = where
            elif earlier.casefold() != key.casefold():
                first = _ref(seen.where[field], where.rsplit(": ", 1)[0])
                msg = f"{name!r} is {key!r} here but {earlier!r} in {first}"
                if field == "function":  # free text, not used by the analysis: a note
                    self.notes.append(self.line(where, column, f"{msg}; {earlier!r} is kept"))
                else:
                    self.errors.append(self.line(where, column, msg))

    def row(self, path: str, number: int, row: dict[str, str], where: str | None = None,
            respondent_described: bool = False) -> None:  # fmt: skip
        """Check one tie row; ``where`` (default ``path: row N``) locates its problems.

        ``respondent_described``: the respondent was described (and checked) once already,
        as for a response file, where the respondent's details are not repeated per contact.
        """
        where = where or f"{path}: row {number}"
        before = len(self.errors)
        respondent, contact = row.get("respondent", ""), row.get("contact", "")
        for column, name in (("respondent", respondent), ("contact", contact)):
            if not name and not (column == "respondent" and respondent_described):
                self.errors.append(self.line(where, column, "missing value"))
        if respondent and not respondent_described:
            respondent = self.canon(where, "respondent", respondent)
        if contact:
            contact = self.canon(where, "contact", contact)
        ratings: dict[str, int] = {}
        for column in RATINGS:
            value = row.get(column, "")
            if not value:
                self.errors.append(self.line(where, column, "missing value"))
                continue
            rating, problem = _rating(value)
            if problem:
                self.errors.append(self.line(where, column, problem))
            elif rating is not None:
                ratings[column] = rating
        if respondent and not respondent_described:
            self.respondents.add(respondent)
            self.describe(where, "respondent", respondent, row)
        if contact:
            self.describe(where, "contact", contact, row)
        if respondent and contact and respondent == contact:
            msg = f"{contact!r} names themselves (self-tie)"
            self.errors.append(self.line(where, "contact", msg))
            return
        if respondent and contact:
            earlier = self.pairs.get((respondent, contact))
            if earlier is not None:
                first = _ref(earlier, path)
                msg = f"duplicate tie {respondent!r} -> {contact!r} (first given in {first})"
                self.errors.append(self.line(where, "contact", msg))
                return
            self.pairs[(respondent, contact)] = where
        if len(self.errors) == before:
            self.ties.append(Tie(respondent, contact, **ratings, where=where))

    def finish(self, sources: list[str]) -> Ties:
        people: dict[str, Person] = {}
        for name, seen in self.seen.items():
            missing = [f for f in ("side", "level") if f not in seen.values]
            if missing and name in self.flawed:  # an invalid value was reported already
                continue
            if missing:
                where = next(
                    (t.where for t in self.ties if name in (t.respondent, t.contact)), None
                )
                if where is None:  # only in rows that had other problems: already reported
                    continue
                what = " and ".join(missing)
                msg = f"unknown person {name!r}: {what} not given in any row"
                self.errors.append(self.line(where, f"contact_{missing[0]}", msg))
                continue
            people[name] = Person(name, seen.values["side"], seen.values["level"],
                                  seen.values.get("function", ""),
                                  seen.values.get("key_contact") == "yes")  # fmt: skip
        self.errors += mixed_firms(self.firms)
        if self.errors:
            raise InvalidInput(self.errors)
        return Ties(
            people, self.ties, self.respondents, sources, self.notes, self.firms,
            self.key_contacts_given,
        )  # fmt: skip


def mixed_firms(firms: dict[str, str]) -> list[str]:
    """A line per audit response file naming another firm than the first one does: one
    network is one firm's alliance (``amc score --network`` refuses such a file too)."""
    if not firms:
        return []
    first_path, first = next(iter(firms.items()))
    return [
        f"{path}: assessment.firm: {firm!r}, where {first_path} is an audit of {first!r}: one "
        "run of amc network reads one firm's audit"
        for path, firm in firms.items()
        if folded_key(firm) != folded_key(first)
    ]


def cell_str(value: object) -> str:
    """A spreadsheet or YAML value as the text a CSV cell would hold (``3`` for 3.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
