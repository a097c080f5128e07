"""Which dimension scores can be compared across instrument and rubric versions.

A dimension's *definition digest* hashes everything that decides its score and level: for each
of its rubric items the weight, reverse key, map and bands, and the questionnaire item's type,
scale, reverse wording, option codes, range, not-applicable flag and skip logic (and the scale's
codes and their order, for any scale but a plain 5-point one); plus the level thresholds, the
minimum answered share and the score range (when it is not the default 1..5). Item wording,
help texts, descriptors and recommendations are left out: they do not change a score. The
overall index's digest adds the dimension weights and the overall policy to the dimensions'
digests.

Two scores of a dimension are comparable when their digests are equal. The store registers the
digests of every instrument/rubric version pair it has seen scoring; for a version pair it has
never seen, only scores made with that very pair compare (a *version key* stands in for the
digest).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from amc_assess.metrics import scored_items
from amc_assess.models import Questionnaire, Rubric
from amc_assess.models.rubric import SCALE_MAX, SCALE_MIN

OVERALL = "overall"
QUESTION_FIELDS = {
    "id", "type", "scale", "reverse_worded", "options", "min", "max", "integer",
    "not_applicable", "when",
}  # fmt: skip
Versions = tuple[str, str, str, str]  # instrument, instrument_version, rubric, rubric_version


def _digest(data: object) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def versions_of(q: Questionnaire, r: Rubric) -> Versions:
    return (q.id, q.version, r.id, r.version)


def version_key(versions: Versions, dimension: str) -> str:
    """Stands in for a digest when the version pair's definitions are unknown."""
    instrument, iv, rubric, rv = versions
    return f"{instrument}@{iv}/{rubric}@{rv}/{dimension}"


def digests(q: Questionnaire, r: Rubric) -> dict[str, str]:
    """Definition digest per dimension, and ``overall``."""
    items = scored_items(q, r)
    common: dict[str, object] = {
        "thresholds": r.thresholds(),
        "min_answered_share": r.missing.min_answered_share,
    }
    if tuple(r.score_range) != (SCALE_MIN, SCALE_MAX):  # the bundled rubric's digests stay
        common["score_range"] = list(r.score_range)
    out = {}
    for dim_id, dim in r.dimensions.items():
        parts = []
        for ri in dim.items:
            item = items.get(ri.item)
            question = None
            if item is not None:
                question = item.model_dump(mode="json", include=QUESTION_FIELDS)
            if question and question.get("options"):
                question["options"] = [o["code"] for o in question["options"]]
            if question and item is not None and item.type == "agreement":
                scale = q.scale_of(item)
                if not (scale.plain and scale.points == 5):
                    question["scale_codes"] = [list(scale.codes), list(scale.ranks)]
            # ``metric`` is left out when unset, so digests of item-only rubrics stay as before
            rubric = ri.model_dump(mode="json", exclude=None if ri.metric else {"metric"})
            parts.append({"rubric": rubric, "question": question})
        out[dim_id] = _digest({"dimension": dim_id, "items": parts, **common})
    out[OVERALL] = _digest(
        {
            "dimensions": {d: [out[d], dim.weight] for d, dim in r.dimensions.items()},
            "overall": r.overall.model_dump(mode="json"),
            **common,
        }
    )
    return out


AUDITED = "+audit"  # rubric-version suffix of assessments scored with relationship-audit data


def audited(versions: Versions, item_scores: Mapping[str, int | float | None] | None) -> Versions:
    """``versions`` marked ``+audit`` when network measures were scored (their dimensions are
    then made of more practices, so they compare only with other audited years)."""
    scored = any(k.startswith("network_") and v is not None for k, v in (item_scores or {}).items())
    if not scored or versions[3].endswith(AUDITED):
        return versions
    return (*versions[:3], versions[3] + AUDITED)


def known_definitions(q: Questionnaire, r: Rubric) -> dict[Versions, dict[str, str]]:
    """Definition digests of the versions pair, plain and audited (see :func:`audited`)."""
    plain = digests(q, r)
    measured = {d for d, dim in r.dimensions.items() if any(ri.metric for ri in dim.items)}
    if not measured:
        return {versions_of(q, r): plain}
    marked = {d: _digest([v, AUDITED]) if d in measured else v for d, v in plain.items()}
    marked[OVERALL] = _digest([plain[OVERALL], AUDITED])
    versions = versions_of(q, r)
    return {versions: plain, (*versions[:3], versions[3] + AUDITED): marked}


def bundled_clash(q: Questionnaire, r: Rubric, where: str) -> list[str]:
    """A questionnaire and rubric under the bundled instrument's versions that score some
    dimension differently from it: one line naming the dimensions (an edited ``amc init``
    copy whose versions were kept would mix with the bundled one in stores and benchmarks)."""
    from amc_assess.validation import instrument  # lazy: the bundled pair, loaded once

    bundled_q, bundled_r = instrument()
    if versions_of(q, r) != versions_of(bundled_q, bundled_r):
        return []
    ours, theirs = digests(q, r), digests(bundled_q, bundled_r)
    differ = [d for d in ours if theirs.get(d) != ours[d]]
    if not differ:
        return []
    return [
        f"{where}: instrument {q.id} {q.version} / rubric {r.id} {r.version} are the bundled "
        f"files' versions, but these score {', '.join(differ)} differently: give the changed "
        "files versions of their own (version: 1.0.0-client), so that scores, stores and "
        "peer groups never mix the two"
    ]


def clash_warnings(
    questionnaire: str | Path | None, rubric: str | Path | None, q: Questionnaire, r: Rubric
) -> list[str]:
    """``warning: ...`` lines of :func:`bundled_clash` for files given on the command line
    (the bundled pair itself is never in doubt)."""
    if questionnaire is None and rubric is None:
        return []
    where = ", ".join(str(p) for p in (questionnaire, rubric) if p is not None)
    return [f"warning: {line}" for line in bundled_clash(q, r, where)]
