"""The columns a command groups respondents by: ``amc reliability --by``, ``amc batch
--group-by`` and ``--compare`` find them here, one way.

A name is, in this order: a column of the scored table (metadata such as firm, side, level,
role; source_file; the instrument columns; a context answer), ``year`` from the date, a
metadata column named loosely (``Firm``), a questionnaire item (its id, or its header in an
input file), or any other column of the inputs, matched as item ids are (exact header first,
else ignoring case, spaces and punctuation). Such a column must be in every input file."""

from __future__ import annotations

import pandas as pd

from amc_assess import aggregate
from amc_assess.answertext import compact
from amc_assess.ingest import Ingested
from amc_assess.ingest.keep import find_columns, near
from amc_assess.names import loose_key
from amc_assess.problems import InvalidInput
from amc_assess.terminal import printable

META_ORDER = ("firm", "respondent", "side", "level", "function", "role", "year", "date")


def split_keys(spec: str | None) -> list[str]:
    """``firm,year`` -> ["firm", "year"]."""
    return [k.strip() for k in (spec or "").split(",") if k.strip()]


def group_column(table: pd.DataFrame, ingested: Ingested, key: str, option: str) -> pd.Series:
    """The value of ``key`` for every scored row (as ``table``, positionally); ``option``
    names the command's option in the one-line error when no column has that name."""
    table = table.reset_index(drop=True)
    if key in table.columns:
        return table[key]
    if compact(key) == "year" and "date" in table.columns:
        return pd.to_datetime(table["date"], errors="coerce").dt.year.astype("Int64")
    meta = [c for c in (*META_ORDER, "source_file") if c in table.columns]
    loose = find_columns(meta, key)
    if len(loose) == 1:
        return table[meta[loose[0]]]
    answers = ingested.answers.reset_index(drop=True)
    if key in answers.columns:
        return answers[key]
    for headers in ingested.columns.values():  # an item by its header in a file
        items = [item for item in headers if item in answers.columns]
        found = find_columns([headers[item] for item in items], key)
        if len(found) == 1:
            return answers[items[found[0]]]
    lacking = [f for f in ingested.files if len(ingested.kept.get(f, {}).get(key, [])) != 1]
    if not lacking and key in ingested.extra.columns:
        return ingested.extra[key].reset_index(drop=True).astype("string")
    file = lacking[0] if lacking else (ingested.files or [""])[0]
    raise InvalidInput([_absent(ingested, key, option, file, meta)])


def group_columns(
    table: pd.DataFrame, ingested: Ingested, keys: list[str], option: str
) -> list[str]:
    """Put each of ``keys`` in ``table`` as a column (those not there yet); the keys."""
    for key in keys:
        if key not in table.columns:
            table[key] = group_column(table, ingested, key, option).to_numpy()
    return keys


def _absent(ingested: Ingested, key: str, option: str, file: str, meta: list[str]) -> str:
    """``file: --by: no column 'gendr' (near: 'gender'); ...`` in one line."""
    found = ingested.kept.get(file, {}).get(key, [])
    if len(found) > 1:
        shown = " and ".join(repr(h) for h in found)
        return (
            f"{file}: {option}: columns {shown} all match {key!r} (case, spaces and "
            "punctuation ignored); give the exact header"
        )
    have = ", ".join(m for m in meta if m != "source_file") or "none found"
    what = f"metadata ({have}), source_file or an item id"
    if file not in ingested.column_order:  # a response file (YAML/JSON)
        return f"{file}: {option}: no column {key!r}: a response file can be grouped by {what}"
    close = near(list(ingested.column_order[file]) + meta, key)
    hint = f" (near: {', '.join(repr(c) for c in close)})" if close else ""
    return f"{file}: {option}: no column {key!r}{hint}; group by a column of every input, {what}"


SHOWN_SPELLINGS = 3  # pairs of spellings named in the note


def split_spellings(table: pd.DataFrame, keys: list[str]) -> str:
    """A note on the firms or teams grouped apart whose names differ only in case, accents or
    punctuation ("ACME" and "Acme"): each spelling is a group of its own, as in the store
    until renamed; empty when there is none."""
    found: list[list[str]] = []
    for key in keys:
        if key.strip().casefold() not in aggregate.UNITS or key not in table.columns:
            continue
        names = pd.Series(table[key].dropna().unique()).astype(str)
        spellings: dict[str, list[str]] = {}
        for name in names:
            spellings.setdefault(loose_key(name), []).append(name)
        found += [sorted(v) for v in spellings.values() if len(v) > 1]
    if not found:
        return ""
    shown = "; ".join(" / ".join(repr(printable(n)) for n in names)
                      for names in found[:SHOWN_SPELLINGS])  # fmt: skip
    more = " ..." if len(found) > SHOWN_SPELLINGS else ""
    return (
        f"{len(found)} name{'s' * (len(found) != 1)} spelt more than one way ({shown}{more}): "
        "grouped apart, as they differ only in case, accents or punctuation; if they are one, "
        "write them alike in the inputs"
    )
