"""What the ``amc history`` commands call: add, list, export (show is in ``history``)."""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from amc_assess import jsontext
from amc_assess.definitions import known_definitions
from amc_assess.formats import plural
from amc_assess.loading import load_rubric
from amc_assess.models.base import Model
from amc_assess.names import firm_key, once, shown
from amc_assess.problems import InvalidInput, Problem
from amc_assess.render import not_asked_warning
from amc_assess.resources import default_rubric
from amc_assess.scored.answer_tables import TableReading
from amc_assess.scored.read import read_scored
from amc_assess.scored.respondent import FOR_UNDATED, ScoredRespondent, When
from amc_assess.store.db import AddResult, Duplicate, Store, not_stored
from amc_assess.validation import instrument
from amc_assess.writers import write_tables

SHOW_DUPLICATES = 10


@dataclass
class AddReport:
    """What ``history add`` did, file by file."""

    path: Path | str  # the store as messages show it
    files: list[str]
    records: list[ScoredRespondent]
    result: AddResult
    kept: list[str] = field(default_factory=list)  # notes: inputs that kept their own date

    def lines(self) -> list[str]:
        out = []
        added = {id(r) for r in self.result.added}
        dups = {id(d.record): d for d in self.result.duplicates}
        replaced = {id(r) for r in self.result.replaced}
        for name in self.files:
            mine = [r for r in self.records if r.source.file == name]
            new = [r for r in mine if id(r) in added]
            old = [dups[id(r)] for r in mine if id(r) in dups]
            if len(mine) == 1:
                rec = mine[0]
                if new:
                    done = "replaced" if id(rec) in replaced else "added"
                    out.append(f"{name}: {done} {rec.describe()}")
                else:
                    out.append(f"{name}: already stored: {_dup(old[0])}")
                continue
            again = sum(id(r) in replaced for r in new)
            out.append(f"{name}: added {len(new)}, already stored {len(old)}"
                       + (f" ({again} replacing an earlier copy)" if again else ""))  # fmt: skip
            for dup in old[:SHOW_DUPLICATES]:
                out.append(f"  already stored: {_dup(dup)}")
            if len(old) > SHOW_DUPLICATES:
                out.append(f"  ... and {len(old) - SHOW_DUPLICATES} more already stored")
        out += [f"Warning: {c}" for c in self.result.conflicts]

        n, d = len(self.result.added) - len(replaced), len(self.result.duplicates)
        stored = [plural(n, "new assessment")] if n or not replaced else []
        if replaced:  # "1 new ...; 1 in place of" read as two stored where one was (a trial)
            stored.append(
                f"{plural(len(replaced), 'corrected copy', 'corrected copies')} in place of "
                f"{'an earlier one' if len(replaced) == 1 else 'earlier ones'}"
            )
        out.append(
            f"Stored {' and '.join(stored)} in {self.path}"
            + (f" ({d} already stored)" if d else "")
        )
        return out

    def notes(self) -> list[str]:
        """For stderr: new firms whose names differ from a stored one only in case, accents or
        punctuation (kept apart until the user renames one into the other)."""
        return [
            f"note: {new!r} is stored as a firm of its own, apart from {old!r} (the names differ "
            f"only in case, accents or punctuation); if they are one firm: amc history rename "
            f"{shlex.quote(new)} {shlex.quote(old)}"
            for new, old in self.result.close
        ] + self.kept


def _dup(dup: Duplicate) -> str:
    when = str(dup.added_at)[:10]
    return f"{dup.record.describe()} (added {when} from {dup.stored_source})"


def add_files(
    paths: Sequence[str | Path],
    db: str | Path | None = None,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    date: dt.date | None = None,
    year: int | None = None,
    replace: bool = False,
    how: TableReading | None = None,
) -> AddReport:
    """Read, score where needed, and store every assessment in the files; skip duplicates.
    ``replace``: a respondent's assessment stored for the same firm and year with other
    scores is replaced (else refused)."""
    q, r = instrument(questionnaire, rubric)
    when = When(date, year)
    paths, twice = once(paths)  # a file named twice is one assessment, not one stored already
    read = read_scored(paths, q, r, when=when, need_identity=True, how=how)
    problems = read.problems + _future(read.respondents)
    if when.differing and not when.used:  # given for nothing, and contradicting: a mistake
        problems += [
            Problem(where, f"dated {own}, but {when.given()} was given ({FOR_UNDATED})")
            for where, own in when.differing
        ]
    if problems:  # all or nothing: the good rows wait until the bad ones are mended
        raise InvalidInput(problems, _waiting(read.respondents, problems))
    records = read.respondents
    with Store.open(db) as store:
        result = store.add(records, known_definitions(q, r), replace)
        path = store.path
        moved = profile_changes(store, result.added)
    kept = (
        [
            f"note: {where} keeps its own date ({own}): {when.given()} is for inputs without one"
            for where, own in when.differing
        ]
        + twice
        + read.notes
        + moved
        + [line for rec in records for line in _unasked(rec)]
        + _unscored(result.added)
    )
    return AddReport(path, [shown(p) for p in paths], records, result, kept)


def _waiting(records: Sequence[ScoredRespondent], problems: Sequence[Problem]) -> str | None:
    """Said after the problems when some assessment was read without one: it is not stored
    either (a trial took the good row of a refused file for stored)."""
    lines = [_bare(p.line()) for p in problems]
    good = [r for r in records if not any(x.startswith(_bare(r.source.where)) for x in lines)]
    if not good:
        return None
    return "Nothing was added: the other assessments are stored once the lines above are mended."


def _bare(text: str) -> str:
    """A place as lines and records both write it ("a.json [0]", "a.json: [0]: ...")."""
    return "".join(c for c in text if c not in ": ")


def _unscored(added: Sequence[ScoredRespondent]) -> list[str]:
    """A note per stored assessment that scores no dimension (every answer "don't know", or
    too few given): kept as answered, but it gives no figure to a trend or a peer group."""
    return [
        f"note: {rec.source.where}: {rec.describe()} is stored without scores: no dimension "
        f"has enough answers to score"
        for rec in added
        if all(d.score is None for d in rec.dimensions.values())
    ]


PROFILE = ("industry", "revenue_band", "employees", "region")  # what peer groups are made of


def profile_changes(store: Store, added: Sequence[ScoredRespondent]) -> list[str]:
    """A note per firm and year whose profile (industry, revenue band, employees, region)
    differs from the firm's nearest other stored year: peer groups follow each year's own
    profile, so a typo there moves the firm between groups unseen."""
    out: list[str] = []
    for key in dict.fromkeys(rec.firm_key for rec in added):
        rows = store.conn.execute(
            f"SELECT year, {', '.join(PROFILE)} FROM assessments WHERE firm_key = ?", (key,)
        ).fetchall()
        years: dict[int, tuple[object, ...]] = {}
        for year, *values in rows:
            years.setdefault(int(year), tuple(values))
        firm = next(rec.firm for rec in added if rec.firm_key == key)
        said: set[frozenset[int]] = set()
        for year in sorted({r.year for r in added if r.firm_key == key and r.year is not None}):
            others = [y for y in years if y != year]
            if year not in years or not others:
                continue
            near = min(others, key=lambda y: (abs(y - year), y))
            if frozenset({year, near}) in said:  # two years added together: one note for both
                continue
            said.add(frozenset({year, near}))
            differ = [
                f"{name} {new} where {near} has {old}"
                for name, new, old in zip(PROFILE, years[year], years[near], strict=True)
                if new is not None and old is not None and new != old
            ]
            if differ:
                out.append(
                    f"note: {firm} {year}: profile differs from {near} ("
                    f"{'; '.join(differ)}): peer groups follow each year's own profile"
                )
    return out


def _unasked(rec: ScoredRespondent) -> list[str]:
    """A warning on answers that skip logic did not ask: stored with the file, not scored
    (as ``amc score`` and ``amc report`` warn)."""
    done = rec.result.completion if rec.result is not None else None
    return not_asked_warning(rec.source.where or rec.source.file, done.not_asked if done else [])


def _future(records: Sequence[ScoredRespondent]) -> list[Problem]:
    """Assessments dated after today: a store of record takes none (a typed 2999 would
    become every benchmark's latest year)."""
    today = dt.date.today()
    out = []
    for rec in records:
        where = rec.source.where or rec.source.file
        if rec.date is not None and rec.date > today:
            out.append(Problem(where, f"dated {rec.date}, after today ({today}): check the date"))
        elif rec.date is None and rec.year is not None and rec.year > today.year:
            message = f"of the year {rec.year}, after this one ({today.year}): check the year"
            out.append(Problem(where, message))
    return out


def rename_firm(old: str, new: str, db: str | Path | None = None, merge: bool = False) -> str:
    """Store the firm ``old`` under the name ``new`` (one firm under two spellings). A
    ``new`` stored as a firm with another profile is refused unless ``merge``: two firms
    would become one peer without a word (a trial merged a robot maker into a telecom)."""
    with Store.open(db, create=False) as store:
        found = store.firm_name(old)
        if found is None:
            guess, near = store.find_firm(old)  # a loose match is suggested, never renamed
            raise InvalidInput([not_stored(store.path, old, [guess] if guess else near)])
        if found == " ".join(new.split()):
            return f"{store.path}: {found!r} is stored under that name already: nothing renamed"
        other = store.firm_name(new)
        if other is not None and not merge and firm_key(other) != firm_key(found):
            differ = _profiles_differ(store, found, other)
            if differ:
                raise InvalidInput([
                    f"{store.path}: {other!r} is stored as a firm of its own with another "
                    f"profile ({differ}): renaming {found!r} to it would make the two one firm "
                    "in every trend and peer group; if they are one firm, give --merge"
                ])  # fmt: skip
        count, once = store.rename(found, new)
        path = store.path
    twins = (
        f"; {once} more {'was' if once == 1 else 'were'} already stored as {new!r} (the same "
        "respondent, year and scores): kept once"
    ) if once else ""  # fmt: skip
    return (
        f"{path}: {count} assessment{'' if count == 1 else 's'} of {found!r} now stored as "
        f"{new!r}{twins}"
    )


def _profiles_differ(store: Store, one: str, other: str) -> str:
    """How the latest stored profiles of two firms differ ("industry ict where ... has
    medtech"), or "" where they agree on every field both give."""
    latest = []
    for name in (one, other):
        row = store.conn.execute(
            f"SELECT {', '.join(PROFILE)} FROM assessments WHERE firm_key = ? "
            "ORDER BY year DESC, id DESC LIMIT 1",
            (firm_key(name),),
        ).fetchone()
        latest.append(tuple(row) if row else (None,) * len(PROFILE))
    return "; ".join(
        f"{field} {a} where {other!r} has {b}"
        for field, a, b in zip(PROFILE, *latest, strict=True)
        if a is not None and b is not None and a != b
    )


class ListRow(Model):
    firm: str
    year: int
    assessments: int
    instrument: str
    rubric: str
    first_date: str | None
    last_date: str | None
    added_at: str


def list_assessments(db: str | Path | None = None, firm: str | None = None) -> list[ListRow]:
    """One row per stored firm and year."""
    with Store.open(db, create=False) as store:
        frame = store.listing(store.resolve_firm(firm) if firm else None)
    frame = frame.astype(object).where(frame.notna(), None)
    return [ListRow.model_validate(row) for row in frame.to_dict("records")]


def list_json(rows: list[ListRow]) -> str:

    return jsontext.dumps([r.model_dump(mode="json") for r in rows], indent=2, ensure_ascii=False)


def render_list(rows: list[ListRow]) -> str:
    if not rows:
        return "No assessments stored yet."
    width = min(max(len(r.firm) for r in rows), 48)
    inst = max(12, *(len(r.instrument) for r in rows))  # a long version widens its column
    rub = max(12, *(len(r.rubric) for r in rows))
    lines = [
        f"{'firm':<{width}}  {'year':<5} {'assessments':>11}  {'instrument':<{inst}} "
        f"{'rubric':<{rub}} dates"
    ]
    for r in rows:
        dates = r.first_date or "–"
        if r.last_date and r.last_date != r.first_date:
            dates += f" to {r.last_date}"
        firm = r.firm if len(r.firm) <= width else r.firm[: width - 1] + "…"
        lines.append(
            f"{firm:<{width}}  {r.year:<5} {r.assessments:>11}  {r.instrument:<{inst}} "
            f"{r.rubric:<{rub}} {dates}"
        )
    return "\n".join(lines)


def export(
    out: str | Path,
    db: str | Path | None = None,
    firm: str | None = None,
    rubric: str | Path | None = None,
) -> tuple[Path, int]:
    """Write every stored assessment (or one firm's) as CSV, XLSX, Parquet or JSON."""
    order = list(load_rubric(rubric or default_rubric()).dimensions)
    with Store.open(db, create=False) as store:
        frame = store.export_frame(store.resolve_firm(firm) if firm else None, order)
    written = write_tables({"assessments": frame}, out)
    return written[0], len(frame)
