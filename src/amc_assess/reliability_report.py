"""``amc reliability``: read and score the inputs exactly as ``amc batch`` does, then report
each dimension's internal consistency (:mod:`amc_assess.reliability`) over the whole sample or
per value of one column, as a terminal table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from amc_assess import aggregate, jsontext
from amc_assess.batch import BatchResult, score_batch
from amc_assess.grouping import group_column
from amc_assess.ingest.inputs import Step
from amc_assess.reliability import BOOT_COLUMNS, ITEM_COLUMNS, SCALE_COLUMNS, reliability_tables

MISSING_TEXT = {
    "pairwise": "pairwise (each covariance over the respondents answering both items)",
    "listwise": "listwise (only respondents answering every item of the dimension)",
    "median": "filled with each item's median",
}
SHOW_ERRORS = 5


@dataclass
class ReliabilityReport:
    """The scored inputs and, per dimension (and group), the scale and item figures."""

    result: BatchResult
    scales: pd.DataFrame  # [by], dimension, SCALE_COLUMNS, [BOOT_COLUMNS], dropped
    items: pd.DataFrame  # [by], dimension, ITEM_COLUMNS
    by: str | None
    missing: str
    level: float
    bootstrap: int
    sizes: dict[str, int]  # dimension -> items
    unaudited: list[str] = field(default_factory=list)  # network measures no row holds

    # ------------------------------------------------------------ stderr

    def notes(self) -> list[str]:
        """How the inputs were read, what was scored, and any bad cells (stderr)."""
        result = self.result
        out = list(result.ingested.notes) + [result.summary()]
        out += result.error_lines(SHOW_ERRORS)
        bad = len(result.errors)
        if bad > SHOW_ERRORS:
            out.append(f"... and {bad - SHOW_ERRORS} more (amc batch lists them all)")
        return out

    def refusal(self) -> str:
        """Why ``amc reliability`` exits 1 on bad input (a bad cell, or only columns unused)."""
        bad = len(self.result.errors)
        said = f"{bad} problem{'s' if bad > 1 else ''} in the inputs"
        if self.result.cells_refused:
            said += "; the bad cells were left out"
        else:
            said += "; no cell was refused"
        return f"{said}. Fix the input, or rerun with --allow-errors to accept."

    # ------------------------------------------------------------ outputs

    def to_json(self) -> str:
        lead = [self.by] if self.by else []
        scales = []
        for row, members in self._blocks():
            record = {k: _plain(v) for k, v in row.items() if k != "dropped"}
            record["dropped"] = [d for d in str(row["dropped"]).split(";") if d]
            record["item_stats"] = [
                {k: _plain(v) for k, v in item.items() if k not in (*lead, "dimension")}
                for item in members.to_dict("records")
            ]
            scales.append(record)
        data = {
            "by": self.by,
            "missing": self.missing,
            "level": self.level,
            "bootstrap": self.bootstrap,
            "left_out_network_measures": self.unaudited,
            "scales": scales,
        }
        return jsontext.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def csv_columns(self) -> list[str]:
        lead = [self.by] if self.by else []
        boot = list(BOOT_COLUMNS) if self.bootstrap else []
        item_only = [c for c in ITEM_COLUMNS if c not in ("item", "n")]
        return [*lead, "dimension", "item", *SCALE_COLUMNS, *boot, "dropped", *item_only]

    def to_csv(self) -> str:
        """One row per scale (``item`` empty) followed by one row per item of it."""
        columns = self.csv_columns()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row, members in self._blocks():
            writer.writerow([_cell(row.get(c, "")) for c in columns])
            for item in members.to_dict("records"):
                writer.writerow([_cell(item.get(c, "")) for c in columns])
        return buffer.getvalue()

    def to_table(self) -> str:
        result = self.result
        groups = self.scales[self.by].nunique(dropna=False) if self.by else 0
        over = (
            f"each value of {self.by} ({groups} group{'s' * (groups != 1)})"
            if self.by
            else "the whole sample"
        )
        lines = [
            f"Reliability of the dimensions of rubric {result.rubric.id} {result.rubric.version} "
            f"over {over}",
            f"Missing answers: {MISSING_TEXT[self.missing]}.",
            READING,
        ]
        if self.unaudited:
            lines.append(
                f"Left out: network measures {', '.join(self.unaudited)} (they come from a "
                "relationship audit, amc network, and no row holds one)."
            )
        current: object = object()
        for row, members in self._blocks():
            if self.by and not _same(row[self.by], current):
                current = row[self.by]
                lines += ["", f"{self.by} = {_label(current)}"]
            lines += [""] + [
                ("  " if self.by else "") + line for line in _block(row, members, self)
            ]
        return "\n".join(lines) + "\n"

    def _blocks(self) -> list[tuple[dict[str, object], pd.DataFrame]]:
        """Each scale row with its item rows (they come in the same order, one row per item
        of the dimension)."""
        out = []
        start = 0
        for row in self.scales.to_dict("records"):
            size = self.sizes[str(row["dimension"])]
            out.append((row, self.items.iloc[start : start + size]))
            start += size
        return out


def _same(a: object, b: object) -> bool:
    return a is b or a == b or (_missing(a) and _missing(b))


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _label(value: object) -> str:
    return "(missing)" if _missing(value) else str(value)


def _plain(value: object) -> object:
    """JSON-ready: NaN and <NA> as null, numpy numbers as Python numbers."""
    if _missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _cell(value: object) -> object:
    if _missing(value):
        return ""
    if isinstance(value, float):
        return format(value, ".10g")
    return value


FEW_RESPONDENTS = 10  # below: a caution under the scale's figures


def _num(value: object, spec: str = ".3f") -> str:
    return "–" if _missing(value) else format(float(value), spec)  # type: ignore[arg-type]


def _block(row: dict[str, object], members: pd.DataFrame, report: ReliabilityReport) -> list[str]:
    head = f"{row['dimension']}: {row['items']} items, n = {row['n']}"
    if not row["items"]:
        head = (
            f"{row['dimension']}: n = {row['n']}, no figures (fewer than two items answered "
            "at least twice and with variance)"
        )
    elif row["dropped"]:
        left = str(row["dropped"]).replace(";", ", ")
        head += f" (left out, without variance or answered less than twice: {left})"
    percent = f"{report.level:.0%}"
    line = (
        f"  alpha {_num(row['alpha'])} ({percent} Feldt {_num(row['ci_low'])} to "
        f"{_num(row['ci_high'])}"
    )
    if report.bootstrap:
        line += f"; bootstrap {_num(row.get('boot_low'))} to {_num(row.get('boot_high'))}"
    line += (
        f"), standardized {_num(row['alpha_std'])}, lambda-6 {_num(row['lambda6'])} "
        f"(standardized {_num(row.get('lambda6_std'))}, psych's G6(smc)), mean inter-item r "
        f"{_num(row['average_r'])}"
    )
    lines = [head, line]
    if row["items"] and _missing(row["alpha"]):
        lines.append("  (no figures: some items were never answered together by two respondents)")
    elif row["items"] and _missing(row["alpha_std"]):
        lines.append(
            "  (no standardized figures: some item does not vary among the respondents "
            "answering it and another)"
        )
    elif row["items"] and _missing(row["lambda6"]):
        lines.append(
            "  (no lambda-6: with answers missing pairwise, the item covariances taken over "
            "different respondents fit no single set of answers (a negative eigenvalue), so "
            "each item's variance left by the others cannot be worked out)"
        )
    n = int(row["n"]) if not _missing(row["n"]) else 0  # type: ignore[call-overload]
    items = int(row["items"]) if row["items"] else 0  # type: ignore[call-overload]
    if items and n <= items:
        lines.append(
            f"  (no more respondents than items, {n} for {items}: the item covariances cannot "
            "be told from chance, so alpha and lambda-6 can take any value; read none of these "
            "figures)"
        )
    elif items and n < FEW_RESPONDENTS:
        lines.append(
            f"  (only {n} respondents: figures from so few vary widely from one sample to the "
            "next; read them as a rough indication)"
        )
    if items and n > items and not _missing(row["alpha"]) and float(row["alpha"]) < 0:  # type: ignore[arg-type]
        lines.append(
            "  (negative alpha: the items go against each other on average; the usual cause "
            "is an item's reverse_worded: mark in the questionnaire, missing or wrong: see "
            "r.drop)"
        )
    beyond = [str(i["item"]) for i in members.to_dict("records")
              if not _missing(i["r_drop"]) and abs(float(i["r_drop"])) > 1]  # fmt: skip
    if beyond:
        lines.append(
            f"  (r.drop beyond ±1 for {', '.join(beyond)}: with pairwise missing answers the "
            "covariances come from different respondents, and too few answered together)"
        )
    width = max([len("item"), *(len(str(i)) for i in members["item"])])
    lines.append(
        f"  {'item':<{width}}  {'n':>6}  {'missing':>7}  {'mean':>6}  {'sd':>6}  "
        f"{'r.drop':>6}  {'alpha if dropped':>16}"
    )
    rows = members.to_dict("records")
    for item in rows:
        lines.append(
            f"  {str(item['item']):<{width}}  {item['n']:>6}  "
            f"{_num(item['missing_share'], '.1%'):>7}  {_num(item['mean'], '.2f'):>6}  "
            f"{_num(item['sd'], '.2f'):>6}  {_r_drop(item['r_drop']):>6}  "
            f"{_num(item['alpha_if_dropped']):>16}"
        )
    return lines + _pulling_down(row, rows)


READING = (
    "Reading: the closer alpha is to 1, the more the items of a dimension move together; "
    "r.drop is how closely an item follows the others, and an item whose alpha if dropped is "
    "above its dimension's alpha pulls that alpha down. An item's mean and sd are of the "
    "scores the rubric gives its answers, not of the answers as coded."
)


def _pulling_down(row: dict[str, object], items: list[dict[str, object]]) -> list[str]:
    """A line per item whose alpha if dropped is above the dimension's, as printed; none
    where the figures mean nothing (no more respondents than items, or an alpha outside 0..1,
    where the table says why)."""
    if _missing(row["alpha"]) or not 0 <= float(row["alpha"]) <= 1:  # type: ignore[arg-type]
        return []
    if _missing(row["n"]) or int(row["n"]) <= int(row["items"] or 0):  # type: ignore[call-overload]
        return []
    alpha = _num(row["alpha"])
    out = []
    for item in items:
        without = item["alpha_if_dropped"]
        if not _missing(without) and float(_num(without)) > float(alpha):
            out.append(
                f"  (without {item['item']}, alpha would rise from {alpha} to {_num(without)}: "
                "check its wording and its reverse_worded: mark before leaving it out)"
            )
    return out


def _r_drop(value: object) -> str:
    """r.drop to 2 decimals; one beyond ±1 (flagged above the table) with 3, so that it does
    not print as 1.00 beside the flag (1.0005 -> 1.001)."""
    if _missing(value):
        return _num(value, ".2f")
    number = float(value)  # type: ignore[arg-type]
    if abs(number) > 1:
        return f"{math.copysign(math.ceil(abs(number) * 1000) / 1000, number):.3f}"
    return f"{number:.2f}"


def run(
    inputs: Sequence[str | Path],
    *,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    profile: str = "auto",
    map_path: str | Path | None = None,
    dictionary: str | Path | None = None,
    by: str | None = None,
    missing: str = "pairwise",
    level: float = 0.95,
    bootstrap: int = 0,
    seed: int | None = 0,
    step: Step | None = None,
) -> ReliabilityReport:
    """Score the inputs (``amc batch``'s reading and engine) and compute every dimension's
    reliability from the engine's item scores (reverse keys, maps and bands applied)."""
    keep = [by] if by else []
    result = score_batch(inputs, questionnaire, rubric, profile, map_path, dictionary, step, keep)
    groups = group_column(result.table, result.ingested, by, "--by") if by else None
    if step:
        step("reliability", 1.0)
    items = result.scored.item_frame().astype("float64").reset_index(drop=True)
    unaudited = aggregate.unaudited(result.rubric, items)  # listed as 100% missing, they were
    scales = aggregate.scale_items(result.rubric, items, unaudited)
    skipped = result.scored.skipped  # questions skip logic did not ask: not missing answers
    asked = pd.DataFrame(
        {c: ~skipped[c] if c in skipped else np.ones(len(items), bool) for c in items.columns},
        index=items.index,
    )
    scale_table, item_table = reliability_tables(
        items, scales, groups, missing, level, bootstrap, seed, asked
    )
    if by:
        scale_table = scale_table.rename(columns={"group": by})
        item_table = item_table.rename(columns={"group": by})
    sizes = {name: len(members) for name, members in scales.items()}
    return ReliabilityReport(
        result, scale_table, item_table, by, missing, level, bootstrap, sizes, unaudited
    )
