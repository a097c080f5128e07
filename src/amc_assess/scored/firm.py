"""A firm's result from its respondents: the one aggregation every command uses.

* A firm's dimension scores are the means of its respondents' own scores (rounded to 6
  decimals, like the engine's), and its overall index is the rubric's overall rule over those
  means (:func:`amc_assess.levels.overall_index`), so it lies among them even when some
  respondent had no index of their own. Levels, gaps and progress to target are read from
  those means by the engine's rules (:func:`amc_assess.scoring.figures`), never averaged. So a
  firm's progress to target counts the level steps its *mean* scores' levels have completed
  toward its targets, and its overall progress is :func:`amc_assess.scoring.overall_progress`
  of its mean dimension scores.
* A firm's target on a dimension is the highest target among its respondents (the rubric's
  where none is given). Its targets' source is its respondents' when they all had the same
  targets from the same source (``agreed`` when every respondent's were agreed and equal),
  else ``mixed``; per dimension likewise.
* Answered and applicable questions are summed over the respondents; an item's score is the
  respondents' mean item score, rounded half up when the item's scores are whole numbers (as
  all of the bundled rubric's are; else to six decimals); a rule (insight) is kept when it
  fired for at least half of the respondents, unless the practices it addresses all score 4
  or more for the firm (its advice is dropped then, so its finding is too).
* Agreement: rwg(j) per dimension ("aggregate with caution" below the threshold) and the gaps
  between sides and between levels (Welch intervals), from :mod:`amc_assess.aggregate`.

``amc batch --group-by``, the store's yearly pooling, the benchmark and the report call
:func:`firm_frame` (many groups at once) or :func:`firm_result` (one firm, typed).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from amc_assess.advice import all_sound
from amc_assess.levels import figures, levels, overall_index, overall_progress
from amc_assess.models import AssessmentResult, FiredRule, Questionnaire, Rubric, Targets
from amc_assess.models.firm import (
    CAUTION_BELOW,
    Agreement,
    CoverMeta,
    DimensionAgreement,
    FirmResult,
    GroupGap,
    RespondentEntry,
)
from amc_assess.models.targets import TargetSource, common
from amc_assess.scored.members import all_items, counted, entry, item_frame, respondent_table
from amc_assess.scored.respondent import ScoredRespondent
from amc_assess.scored.responses import as_float, as_int, dimension_result
from amc_assess.scoring import whole_scored

if TYPE_CHECKING:
    import pandas as pd

GAP_ATTRIBUTES = ("side", "level")
OVERALL = "overall"


def firm_frame(
    table: pd.DataFrame, by: list[str], rubric: Rubric, dims: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per group of respondents (``by`` columns of ``table``).

    ``table`` has ``<dim>_score`` per dimension and ``overall_score``, optionally
    ``<dim>_answered``, ``<dim>_applicable`` and ``<dim>_target``. Per dimension the result has
    ``_respondents`` (with a score), ``_mean``, ``_sd``, and the firm's figures as the engine
    names them: ``_score``, ``_level``, ``_status``, ``_target``, ``_gap_to_next``,
    ``_gap_to_target``, ``_percent_to_target``, ``_answered``, ``_applicable``,
    ``_answered_share``; then ``overall_respondents`` (those with a score on one of its
    dimensions at least: every one whose answers count in it), ``overall_score`` (the
    rubric's overall rule applied to the mean dimension scores:
    :func:`amc_assess.levels.overall_index`), ``overall_level``,
    ``overall_status`` and ``overall_percent_to_target``. ``dims``: the rubric's by default.
    """
    import pandas as pd  # lazy: several respondents only; one respondent's result is its own

    dims = list(rubric.dimensions) if dims is None else list(dims)
    thresholds, targets = rubric.thresholds(), targets_of(rubric)
    keys = [table[k] for k in by]
    grouped = table.groupby(keys, sort=True, dropna=False)
    out: dict[str, Any] = {"respondents": grouped.size()}
    index = out["respondents"].index
    for dim in dims:
        score = table[f"{dim}_score"].astype(float).groupby(keys, sort=True, dropna=False)
        out[f"{dim}_respondents"] = score.count()
        out[f"{dim}_mean"] = score.mean()
        out[f"{dim}_sd"] = score.std(ddof=1)
        for count in ("answered", "applicable"):
            col = f"{dim}_{count}"
            if col in table.columns:
                out[col] = table[col].astype(float).groupby(keys, sort=True, dropna=False).sum()
        given = f"{dim}_target"
        target = (
            table[given].astype(float).groupby(keys, sort=True, dropna=False).max()
            if given in table.columns
            else pd.Series(np.nan, index=index)
        )
        out[given] = target.fillna(targets.get(dim, 1)).astype(int)
    frame = pd.DataFrame(out, index=index)
    mean = frame[[f"{d}_mean" for d in dims]].to_numpy(dtype=float).round(6)
    target = frame[[f"{d}_target" for d in dims]].to_numpy(dtype=int)
    fig = figures(mean, thresholds, target)
    for k, dim in enumerate(dims):
        frame[f"{dim}_score"] = mean[:, k]
        frame[f"{dim}_level"] = pd.array(fig.level[:, k], dtype="Int8")
        frame[f"{dim}_status"] = np.where(np.isnan(mean[:, k]), "insufficient data", "ok")
        frame[f"{dim}_gap_to_next"] = fig.gap_to_next[:, k]
        frame[f"{dim}_gap_to_target"] = fig.gap_to_target[:, k]
        frame[f"{dim}_percent_to_target"] = fig.progress[:, k]
        if f"{dim}_applicable" in frame.columns:
            applicable = frame[f"{dim}_applicable"].to_numpy(dtype=float)
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(applicable > 0, frame[f"{dim}_answered"] / applicable, 0.0)
            frame[f"{dim}_answered_share"] = share
    weights = [rubric.dimensions[d].weight if d in rubric.dimensions else 1.0 for d in dims]
    overall_score = overall_index(mean, weights, rubric.overall.require_all_dimensions)
    any_score = table[[f"{d}_score" for d in dims]].notna().any(axis=1)
    behind = any_score.groupby(keys, sort=True, dropna=False).sum().reindex(index)
    frame["overall_respondents"] = np.where(np.isnan(overall_score), 0, behind).astype(int)
    frame["overall_score"] = overall_score
    frame["overall_level"] = pd.array(levels(overall_score, thresholds), dtype="Int8")
    frame["overall_status"] = np.where(np.isnan(overall_score), "insufficient data", "ok")
    progress = overall_progress(mean, thresholds, target) if len(frame) else np.array([])
    frame["overall_percent_to_target"] = np.where(np.isnan(overall_score), np.nan, progress)
    return frame


def group_table(
    table: pd.DataFrame,
    items: pd.DataFrame,
    rubric: Rubric,
    by: list[str],
    null: dict[str, float],
    caution_below: float = CAUTION_BELOW,
    frame: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``amc batch --group-by``: per group, respondents, per dimension mean, sd, the level of
    the mean and rwg(j) (against the items' ``null`` variances), each dimension's target, the
    overall mean and level, the progress to target (a share, as the scored table's), and a
    status. Only groups of firms or teams get an agreement verdict ("aggregate with
    caution" below ``caution_below``); other groups, compared rather than aggregated, are
    "not checked". ``frame``: the groups' :func:`firm_frame` when the caller has it already."""
    import pandas as pd  # lazy: several respondents only; one respondent's result is its own

    from amc_assess import aggregate  # lazy: agreement among several respondents (pandas)

    dims = list(rubric.dimensions)
    if frame is None:
        frame = firm_frame(table, by, rubric)
    keys = [table[k] for k in by]
    out = pd.DataFrame({"respondents": frame["respondents"]})
    caution = []
    for dim, members in aggregate.dimension_items(rubric).items():
        for metric in ("respondents", "mean", "sd", "level"):  # the mean: the firm's score
            out[f"{dim}_{metric}"] = frame[f"{dim}_{'score' if metric == 'mean' else metric}"]
        # agreement among the respondents the mean counts: one with too few answers to score
        # the dimension is left out of its rwg(j), as of its mean
        scored = table[f"{dim}_score"].notna().to_numpy()
        counted = items[members].where(pd.Series(scored, index=items.index), axis=0)
        out[f"{dim}_rwg_j"] = aggregate.rwg_j(counted, keys, members, null)
        caution.append((out[f"{dim}_rwg_j"] < caution_below).rename(dim))
    for dim in dims:  # the group's targets and its progress toward them, as a report has them
        out[f"{dim}_target"] = frame[f"{dim}_target"]
    for metric in ("respondents", "mean", "level"):
        out[f"overall_{metric}"] = frame[f"overall_{'score' if metric == 'mean' else metric}"]
    out["percent_to_target"] = frame["overall_percent_to_target"]  # as the scored table names it
    flags = pd.concat(caution, axis=1)
    dims = list(flags.columns)
    low = pd.Series(
        [[d for d, hit in zip(dims, row, strict=True) if hit] for row in flags.to_numpy(bool)],
        index=flags.index,
        dtype=object,
    )  # a list per group (no group: an empty column of lists, not of floats)
    if aggregate.is_unit(by):
        verdict = np.where(low.str.len() > 0, "aggregate with caution", "ok")
    else:
        low, verdict = low.map(lambda _: []), np.full(len(out), "not checked")
    unscored = (out[[f"{d}_respondents" for d in rubric.dimensions]] == 0).any(axis=1)
    out["status"] = np.where(
        unscored, "insufficient data",
        np.where(out["respondents"] < 2, "single respondent", verdict),
    )  # fmt: skip
    out["low_agreement"] = low.str.join(";")
    for col in ("status", "low_agreement"):
        out[col] = out[col].astype("string")
    return out.reset_index().rename(columns={f"level_{i}": k for i, k in enumerate(by)})


def targets_of(rubric: Rubric) -> dict[str, int]:
    """The rubric's target level per dimension."""
    return {d: dim.target for d, dim in rubric.dimensions.items()}


def firm_result(
    firm: str,
    respondents: Sequence[ScoredRespondent],
    r: Rubric,
    caution_below: float = CAUTION_BELOW,
    q: Questionnaire | None = None,
    include_partner: bool = False,
) -> FirmResult:
    """The firm's typed result (one respondent: that respondent's own result); ``q``: the
    questionnaire, which tells the items whose scores are whole numbers (else: those whose
    respondents' scores are) and each item's number of answer options for rwg(j) (else: five
    points).

    Respondents from the partner's side give the partner's view: they are listed, and their
    gap to the own side is shown, but the firm's scores are its own side's unless
    ``include_partner`` (or no respondent is from the own side)."""
    entries = [entry(p) for p in respondents]
    sources = {p.source.file: p.source.sha256 for p in respondents}
    partners = sum(e.side == "partner" for e in entries)
    mask = counted([e.side for e in entries], include_partner)
    counted_in = [p for p, keep in zip(respondents, mask, strict=True) if keep]
    counted_all = partners > 0 and len(counted_in) == len(entries)
    if len(respondents) == 1:
        p = respondents[0]
        assert p.result is not None
        who = p.response.respondent if p.response else None
        meta = CoverMeta(
            firm=firm,
            assessor=p.response.assessment.assessor if p.response else None,
            date=p.date,
            respondent=entries[0].name,
            respondent_role=who.role if who else p.who.get("role"),
        )
        return FirmResult(
            meta=meta, result=p.result, response=p.response, sources=sources,
            partners=partners, partners_counted=counted_all,
        )  # fmt: skip
    from amc_assess import aggregate  # lazy: agreement among several respondents (pandas)

    table = respondent_table(firm, entries, r)
    frame = firm_frame(table, ["firm"], r)
    own = [entry(p) for p in counted_in]
    own_frame: pd.DataFrame | None = frame
    if len(own) == len(entries):
        result = _firm_assessment(firm, entries, frame.iloc[0], r, _whole(q, r))
    elif len(own) == 1:
        assert counted_in[0].result is not None
        result = counted_in[0].result.model_copy(update={"firm": firm, "respondent": None})
        own_frame = None
    else:
        own_table = respondent_table(firm, own, r)
        own_frame = firm_frame(own_table, ["firm"], r)
        result = _firm_assessment(firm, own, own_frame.iloc[0], r, _whole(q, r))
    assessors = [p.response.assessment.assessor for p in respondents if p.response]
    dates = [p.date for p in respondents if p.date]
    meta = CoverMeta(
        firm=firm,
        assessor="; ".join(dict.fromkeys(a for a in assessors if a)) or None,
        date=max(dates) if dates else None,
    )
    return FirmResult(
        meta=meta,
        result=result,
        respondents=entries,
        partners=partners,
        partners_counted=counted_all,
        agreement=_agreement(
            table,
            item_frame(entries, r),
            r,
            aggregate.null_variances(q, r),
            caution_below,
            own_frame,
            mask,
        ),  # fmt: skip
        sources=sources,
    )


def _whole(q: Questionnaire | None, r: Rubric) -> set[str] | None:
    return None if q is None else whole_scored(q, r)


def _firm_assessment(
    firm: str,
    entries: Sequence[RespondentEntry],
    row: pd.Series,
    r: Rubric,
    whole: set[str] | None = None,
) -> AssessmentResult:
    first = entries[0].result
    level = as_int(row["overall_level"])
    sources = {dim: _dimension_source(entries, dim) for dim in r.dimensions}
    levels = {dim: int(row[f"{dim}_target"]) for dim in r.dimensions}
    scores = _item_means(entries, r, whole)
    return AssessmentResult(
        firm=firm,
        respondent=None,
        instrument=first.instrument,
        instrument_version=first.instrument_version,
        rubric=first.rubric,
        rubric_version=first.rubric_version,
        dimensions=[
            dimension_result(r, dim, row.get, sources[dim], scores) for dim in r.dimensions
        ],
        overall_score=as_float(row["overall_score"]),
        overall_level=level,
        overall_level_name=r.level_name(level) if level else None,
        percent_to_target=as_float(row["overall_percent_to_target"]),
        targets=Targets.of_firm([e.result.targets for e in entries], levels),
        rules=_rules(entries, scores, r),
        item_scores=scores,
    )


def _dimension_source(entries: Sequence[RespondentEntry], dim: str) -> TargetSource:
    """The respondents' common target source on ``dim`` when their levels agree, else mixed."""
    own = [d for e in entries for d in e.result.dimensions if d.dimension == dim]
    if len({d.target for d in own}) > 1:
        return "mixed"
    return common([d.target_source for d in own])


def _agreement(
    table: pd.DataFrame,
    items: pd.DataFrame,
    r: Rubric,
    null: dict[str, float],
    caution_below: float,
    frame: pd.DataFrame | None,
    mask: Sequence[bool],
) -> Agreement:
    """Agreement among the respondents whose answers make the firm's figures (``mask``, the
    one rule: :func:`~amc_assess.scored.members.counted`; ``frame``: their firm frame, if
    made), and the gaps between groups: sides over all respondents (the partner's view
    against the own side), levels and functions among the counted ones (no side mixed in)."""
    from amc_assess import aggregate  # lazy: agreement among several respondents (pandas)

    keep = np.asarray(mask, dtype=bool)
    counted_table = table[keep].reset_index(drop=True)
    counted_items = items[keep].reset_index(drop=True)
    row = group_table(counted_table, counted_items, r, ["firm"], null, caution_below, frame).iloc[0]
    dims = {}
    for dim in r.dimensions:
        rwg = as_float(row[f"{dim}_rwg_j"])
        dims[dim] = DimensionAgreement(rwg_j=rwg, caution=rwg is not None and rwg < caution_below)
    gaps = []
    for attribute in GAP_ATTRIBUTES:
        among = table if attribute == "side" else counted_table
        if attribute not in among.columns or among[attribute].dropna().nunique() < 2:
            continue
        data = among.astype({attribute: object})
        for g in aggregate.compare(data, r, attribute).itertuples(index=False):
            gaps.append(
                GroupGap(
                    dimension=str(g.dimension),
                    attribute=attribute,
                    group_a=str(g.group_a),
                    group_b=str(g.group_b),
                    mean_a=float(g.mean_a),
                    mean_b=float(g.mean_b),
                    gap=float(g.gap),
                    ci_low=as_float(g.ci_low),
                    ci_high=as_float(g.ci_high),
                    verdict=str(g.verdict),
                )  # fmt: skip
            )
    return Agreement(dimensions=dims, gaps=gaps, status=str(row["status"]))


def _rules(
    entries: Sequence[RespondentEntry], scores: dict[str, int | float | None], r: Rubric
) -> list[FiredRule]:
    """Rules that fired for at least half of the respondents, in the first firing order, less
    those whose practices (``addresses``) the firm's item ``scores`` all find in place: its
    advice is dropped then (:mod:`amc_assess.advice`), so its finding goes too, or a report
    would say "top managers keep no contact" above a table listing that contact in place."""
    counts = Counter(rule.id for e in entries for rule in e.result.rules)
    addresses = {rule.id: rule.addresses for rule in r.rules}
    kept, seen = [], set()
    for e in entries:
        for rule in e.result.rules:
            if rule.id in seen or 2 * counts[rule.id] < len(entries):
                continue
            seen.add(rule.id)
            if not (scores and all_sound(addresses.get(rule.id, []), scores, r.sound())):
                kept.append(rule)
    return kept


def _item_means(
    entries: Sequence[RespondentEntry], r: Rubric, whole: set[str] | None = None
) -> dict[str, int | float | None]:
    """Mean item scores, rounded half up to whole numbers for the items in ``whole`` (default:
    where every respondent's score is one), else to six decimals; none at all when no
    respondent has item scores (a table)."""
    out: dict[str, int | float | None] = {}
    if not any(e.result.item_scores for e in entries):
        return out
    for item in all_items(r):
        have = [v for e in entries if (v := e.result.item_scores.get(item)) is not None]
        if not have:
            out[item] = None
        elif item in whole if whole is not None else all(float(v).is_integer() for v in have):
            out[item] = math.floor(sum(have) / len(have) + 0.5)
        else:
            out[item] = round(sum(have) / len(have), 6)
    return out
