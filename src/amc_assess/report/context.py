"""The report context: plain data read off the typed results, for templates and charts.

Nothing here scores. Every figure is copied from the ``AssessmentResult`` (or the optional
peer, history, agreement and network inputs); the only arithmetic is ranking recommendations,
the descriptive spread of respondents' own scores and the network section's counts.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from amc_assess.levels import progress_explanation
from amc_assess.metrics import scored_items
from amc_assess.models import AssessmentResult, Questionnaire, Rubric
from amc_assess.models.result import DimensionResult
from amc_assess.models.rubric import overall_title
from amc_assess.report import answers, roadmap
from amc_assess.report.context_history import history, marks, series
from amc_assess.report.drafts import draft
from amc_assess.report.models import Quartiles, ReportInput
from amc_assess.report.network import network_context
from amc_assess.report.references import cited
from amc_assess.report.scale import ScoreScale, agreement_steps
from amc_assess.report.text import and_list
from amc_assess.scored.members import counted

NOT_STATED = "not_stated"


def long_date(value: dt.date | None) -> str | None:
    return None if value is None else f"{value.day} {value:%B %Y}"


def _dimension(
    d: DimensionResult,
    inp: ReportInput,
    q: Questionnaire,
    r: Rubric,
    scale: ScoreScale,
    measured: dict[str, str],
) -> dict:
    """One dimension's page; ``measured``: the network measures' values in words
    (:func:`amc_assess.report.answers.measured`, worked out once for the report)."""
    rubric_dim = r.dimensions[d.dimension]
    items = scored_items(q, r)
    rows = []
    for number, ri in enumerate(rubric_dim.items, start=1):  # as the summary cites practices
        item = items[ri.item]
        shown: str | None
        if ri.metric is not None:  # a network measure: its value, or why there is none
            shown = measured[ri.item]
        else:
            shown = answers.quoted(inp, ri.item, q)
        rows.append(
            {
                "id": ri.item,
                "number": number,
                "text": item.text,
                "answer": shown,
                "score": inp.result.item_scores.get(ri.item),
                "weight": ri.weight,
                "peer_median": inp.peers.items.get(ri.item) if inp.peers else None,
            }
        )
    notes = answers.notes(inp, [ri.item for ri in rubric_dim.items], q)
    metric = [ri.metric is not None for ri in rubric_dim.items]
    tail = len(metric) - metric[::-1].index(False) if False in metric else 0
    unaudited = [r["text"] for r in rows[tail:]] if inp.network is None else []  # no audit given
    peer = inp.peers.dimensions.get(d.dimension) if inp.peers else None
    counted = inp.peers.firm_counted if inp.peers else None
    top = len(r.levels)
    next_level = min(d.level + 1, top) if d.level else None
    return {
        "id": d.dimension,
        "title": d.title,
        "description": rubric_dim.description,
        "status": d.status,
        "ok": d.status == "ok" and d.score is not None,
        "score": d.score,
        "level": d.level,
        "level_name": d.level_name,
        "answered": d.answered,
        "applicable": d.applicable,
        "answered_share": d.answered_share,
        "gap_to_next": d.gap_to_next,
        "target": d.target,
        "target_name": r.level_name(d.target),
        "target_source": d.target_source,
        "target_score": r.levels[d.target - 1].min,
        "gap_to_target": d.gap_to_target,
        "percent_to_target": d.percent_to_target,
        "descriptor": d.descriptor,
        "next_level": next_level,
        "next_level_name": r.level_name(next_level) if next_level else None,
        "top_level": d.level == top,
        "next_steps": list(d.next_steps),
        "advice": [],
        "advises": rubric_dim.advises,
        "weight": rubric_dim.weight,
        "items": rows,
        "table_items": rows[: len(rows) - len(unaudited)],  # the audit's rows only with one
        "unaudited": unaudited,
        "items_available": bool(inp.result.item_scores),
        "notes": notes,
        "shows": answers.shows(rows, scale),
        "peer": peer_view(peer, d.level, counted),
        "history": series(inp, d.dimension),
        "history_marks": marks(inp, d.dimension),
    }


def peer_view(peer: Quartiles | None, level: int | None, counted: str | None = None) -> dict | None:
    """The released peer figures of one score, with how the report words the firm's place:
    ``phrase`` (the position band, or where its level stands among the peers' levels).
    ``counted``: whether the level counts hold the firm's own scores (``current``: the firm
    is left out of them, as it is no peer of its own) or another assessment of it."""
    if peer is None:
        return None
    out = peer.model_dump()
    if peer.position is not None:
        label = peer.position.label
        out["short"] = label
        out["phrase"] = f"the {label}" + (" band" if label.endswith("percentile") else "")
    elif peer.levels is not None and level is not None:
        below = sum(n for lv, n in peer.levels.items() if int(lv) < level)
        same = peer.levels.get(str(level), 0) - (counted == "current")
        above = sum(n for lv, n in peer.levels.items() if int(lv) > level)
        out["short"] = f"{below} lower, {same} same, {above} higher"
        out["phrase"] = (
            f"level {level}, with {below} peer firm{'s' * (below != 1)} at a lower level, "
            f"{same} at the same and {above} at a higher one"
            + (" (another assessment of the firm among them)" if counted == "other" else "")
        )
    else:
        out["short"] = out["phrase"] = None
    return out


def _targets(res: AssessmentResult) -> dict[str, Any]:
    """Where the target levels come from, in words for the report; where the dimensions'
    sources differ, which dimensions come from where."""
    t = res.targets
    if t.source != "mixed":
        said = _source_words(t.source, res)
        if t.source == "rubric default":
            said += ", not agreed with the firm"
        return {"source": t.source, "said": said, "agreed": t.source == "agreed"}
    by_source: dict[str, list[str]] = {}
    for d in res.dimensions:
        by_source.setdefault(d.target_source, []).append(d.title)
    parts = [f"for {and_list(titles)}, {_source_words(source, res)}"
             for source, titles in by_source.items()]  # fmt: skip
    return {"source": t.source, "said": "; ".join(parts), "agreed": False}


def _source_words(source: str, res: AssessmentResult) -> str:
    """One target source in words: ``agreed on 3 March 2026 by the board``."""
    t = res.targets
    if source == "agreed":
        when = long_date(t.agreed_on)
        return (
            "agreed"
            + (f" on {when}" if when else "")
            + (f" by {t.agreed_by}" if t.agreed_by else "")
        )
    words = {
        "rubric default": "the rubric's defaults",
        "given on the command line": "set for this report (--targets) and not recorded as agreed",
        "given in the response file": "given in the response file and not recorded as agreed",
        "mixed": "differing between the respondents' files",
        "not recorded": "as the scored table gives them, their source not recorded",
    }
    return words.get(source, source)


def respondent_spread(inp: ReportInput) -> dict[str, dict]:
    """Per dimension: respondents with a score, lowest, highest, range, standard deviation,
    over the respondents whose answers make the firm's figures (the one rule)."""
    keep = counted([p.side for p in inp.respondents], inp.partners_counted)
    people = [p for p, kept in zip(inp.respondents, keep, strict=True) if kept]
    out = {}
    for d in inp.result.dimensions:
        have = [
            s.score
            for p in people
            for s in p.result.dimensions
            if s.dimension == d.dimension and s.score is not None
        ]
        out[d.dimension] = {
            "n": len(have),
            "min": min(have) if have else None,
            "max": max(have) if have else None,
            "range": (max(have) - min(have)) if have else None,
            "sd": statistics.stdev(have) if len(have) > 1 else None,
        }
    return out


def _respondents(inp: ReportInput, dims: list[dict]) -> dict | None:
    if len(inp.respondents) < 2:
        return None
    people = inp.respondents
    rows = []
    for p in people:
        scores = {d.dimension: d.score for d in p.result.dimensions}
        rows.append(
            {
                "name": p.name or p.result.respondent,
                "role": p.role,
                "side": p.side,
                "level": p.level,
                "function": p.function,
                "scores": scores,
                "overall": p.result.overall_score,
            }
        )
    spread = []
    stats = respondent_spread(inp)
    for d in dims:
        agree = inp.agreement.dimensions.get(d["id"]) if inp.agreement else None
        spread.append(
            {
                "id": d["id"],
                "title": d["title"],
                **stats[d["id"]],
                "rwg_j": agree.rwg_j if agree else None,
                "caution": bool(agree and agree.caution),
            }
        )
    by_side = Counter(p.side or NOT_STATED for p in people)
    by_level = Counter(p.level or NOT_STATED for p in people)
    titles = {d["id"]: d["title"] for d in dims}
    gaps, untested = [], 0
    if inp.agreement:
        for g in inp.agreement.gaps:
            row = {**g.model_dump(), "title": titles.get(g.dimension, g.dimension)}
            if g.verdict == "too few respondents" and g.attribute == "side":
                row["verdict"] = "not tested: one respondent on a side"  # shown: the view
            elif g.verdict == "too few respondents":  # nothing to say: counted, not listed
                untested += 1
                continue
            gaps.append(row)
    return {
        "count": len(people),
        "partners": inp.partners,
        "partners_counted": inp.partners_counted,
        "counted": len(people) if inp.partners_counted else len(people) - inp.partners,
        "own_side": bool(inp.partners) and not inp.partners_counted,  # figures: own side only
        "rows": rows,
        "by_side": [
            {"group": k, "count": by_side[k]} for k in ("own", "partner", NOT_STATED) if by_side[k]
        ],
        "by_level": [
            {"group": k, "count": by_level[k]}
            for k in ("senior", "middle", "operational", NOT_STATED)
            if by_level[k]
        ],
        "spread": spread,
        "agreement": inp.agreement is not None,
        "has_rwg": any(s["rwg_j"] is not None for s in spread),
        "icc1": inp.agreement.icc1 if inp.agreement else None,
        "agreement_status": inp.agreement.status if inp.agreement else None,
        "low_agreement": [s["title"] for s in spread if s["caution"]],
        "gaps": gaps,
        "untested_gaps": untested,
    }


def report_title(title: str) -> str:
    """The report's title from the questionnaire's: ``Alliance Management Capability
    assessment`` gives ``Alliance Management Capability report``; any other title is followed
    by "report" (an instrument of one's own is not called an AMC report)."""
    words = title.split()
    if words and words[-1].lower() in ("assessment", "questionnaire", "survey", "interview"):
        words = words[:-1]
    return " ".join([*words, "report"])


def _step_of(advice_id: str, steps: list[dict[str, Any]]) -> int | None:
    """The rank of the roadmap step that gives the advice ``advice_id`` (its own, or folded
    into it), or None where no step does (a finding that asks for no action)."""
    return next((s["rank"] for s in steps if advice_id in s["holds"]), None)


def build_context(
    inp: ReportInput,
    q: Questionnaire,
    r: Rubric,
    brand: Any = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the templates and charts read, as plain data. Every answer from the
    partner's side: the questions are quoted as those respondents read them."""
    res = inp.result
    partner_only = inp.partners > 0 and inp.partners == max(len(inp.respondents), 1)
    q = q.for_side("partner", inp.meta.firm) if partner_only else q
    scale = ScoreScale.of(r, res.item_scores.values())
    measured = answers.measured(inp, r)
    dims = [_dimension(d, inp, q, r, scale, measured) for d in res.dimensions]
    ranked = sorted((d for d in dims if d["ok"]), key=lambda d: d["score"])
    strongest = [d for d in ranked if d["score"] == ranked[-1]["score"]] if ranked else []
    weakest = [d for d in ranked if d["score"] == ranked[0]["score"]] if ranked else []
    if ranked and ranked[0]["score"] == ranked[-1]["score"]:
        weakest = []
    steps = roadmap.entries(inp, q, r)
    priorities = steps[:3]
    silent = answers.not_answered(inp, q, r)
    dont_know = answers.unscored_dont_know(inp, q)
    for dim in dims:
        dim["not_answered"] = sum(1 for i in dim["items"] if i["id"] in silent[0])
        dim["dont_know"] = sum(1 for i in dim["items"] if i["id"] in dont_know)
        for row in dim["items"]:
            row["missing"] = "not_asked" if row["id"] in silent[1] else "not_answered"
    for d, rows in roadmap.by_dimension(steps).items():
        for dim in dims:
            if dim["id"] == d:
                dim["advice"] = rows
    titles = {d["id"]: d["title"] for d in dims}
    peers = inp.peers
    overall_peer = peer_view(
        peers.overall if peers else None, res.overall_level, peers.firm_counted if peers else None
    )
    meta = inp.meta
    overall = overall_title(q.id)
    return {
        "draft": draft(inp),
        "firm": meta.firm,
        "assessor": meta.assessor,
        "date": long_date(meta.date),
        "respondent": meta.respondent if len(inp.respondents) < 2 else None,
        "respondent_role": meta.respondent_role if len(inp.respondents) < 2 else None,
        "generated": long_date(today or dt.date.today()),
        "consultancy": brand.name if brand else None,
        "consultant": brand.consultant if brand else None,
        "footer": brand.footer if brand else None,
        "instrument": {"id": res.instrument, "version": res.instrument_version, "title": q.title},
        "report_title": report_title(q.title),
        "overall_title": overall,  # the overall score's name, and in a sentence:
        "overall_words": overall[:1].lower() + overall[1:],
        "dimension_words": [d.title[:1].lower() + d.title[1:] for d in r.dimensions.values()],
        "rubric": {"id": res.rubric, "version": res.rubric_version},
        "agreement_steps": agreement_steps(q, r),
        "overall": {
            "ok": res.overall_score is not None,
            "score": res.overall_score,
            "level": res.overall_level,
            "level_name": res.overall_level_name,
            "percent_to_target": res.percent_to_target,
            "peer": overall_peer,
            "history": series(inp, None),
            "history_marks": marks(inp, "overall"),
        },
        "dimensions": dims,
        "insufficient": [d for d in dims if not d["ok"]],
        "strongest": strongest,
        "weakest": weakest,
        "rules": [
            {
                **rule.model_dump(),
                "dimension_title": titles.get(rule.dimension or ""),
                "step": _step_of(f"rule:{rule.id}", steps),
            }
            for rule in res.rules
        ],  # fmt: skip
        "roadmap": steps,
        "unknown": roadmap.unknown_refs(inp, q, r),
        "unanswered": roadmap.refs_of(silent[0], r),
        "priorities": priorities,
        "all_targets_met": bool(dims) and all(d["ok"] and not d["gap_to_target"] for d in dims),
        "advises": any(d["advises"] for d in dims) or any(rule.message for rule in r.rules),
        "levels": [{"level": lv.level, "name": lv.name, "min": lv.min} for lv in r.levels],
        "scale": scale,
        "min_answered_share": r.missing.min_answered_share,
        "require_all_dimensions": r.overall.require_all_dimensions,
        "peers": None
        if peers is None
        else {
            "definition": peers.definition,
            "size": peers.size,
            "filters": peers.filters,
            "as_of": long_date(peers.as_of),
            "disclosure": peers.disclosure.model_dump() if peers.disclosure else None,
            "firm_counted": peers.firm_counted,
        },
        "peers_withheld": inp.peers_withheld,
        "history": history(inp, r),
        "respondents": _respondents(inp, dims),
        # every answer from the partner's side: the figures are its view, not the firm's own
        "partner_only": partner_only,
        "partners": inp.partners,
        "has_answers": inp.response is not None
        or any(p.response is not None for p in inp.respondents),
        "profile": answers.profile(inp, q, r),
        "targets": _targets(res),
        "progress_explanation": progress_explanation(len(r.levels)),
        "references": cited(
            q,
            r,
            {
                "respondents": len(inp.respondents) > 1,
                "history": inp.history is not None,
                "progress": True,
                "peers": inp.peers is not None,
            },
        ),  # fmt: skip
        "network": None if inp.network is None else network_context(inp.network),
        "network_measures": [
            ri.metric for dim in r.dimensions.values() for ri in dim.items if ri.metric
        ],
        "network_result": inp.network,
    }
