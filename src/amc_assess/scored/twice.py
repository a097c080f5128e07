"""One respondent twice among a firm's inputs: two files of the same person's answers (a
corrected copy beside the first, or one file under two names), or one table given with
another holding the same rows.

* An exact copy (the same respondent with the same answers, or the same scores where no
  answers are kept) is one assessment: counted once, as ``amc history add`` stores it once
  and ``amc batch`` counts it once in its group figures, with a warning naming it.
* Other answers under the same name are both scored and averaged, so the person weighs
  double: a warning names them (``amc history add`` refuses such a copy without
  ``--replace``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from amc_assess.names import folded_key
from amc_assess.scored.respondent import ScoredRespondent


def without_copies(group: list[ScoredRespondent]) -> tuple[list[ScoredRespondent], list[str]]:
    """A firm's respondents less the exact copies of an earlier one, and a warning per
    respondent found more than once (copies counted once; other answers each counted)."""
    seen: dict[str, list[ScoredRespondent]] = {}
    kept: list[ScoredRespondent] = []
    firsts: dict[tuple[str, str], ScoredRespondent] = {}
    for resp in group:
        who = resp.who.get("respondent")
        if not who:
            kept.append(resp)
            continue
        name = folded_key(str(who))
        if (name, _content(resp)) not in firsts:  # else a copy of the first: left out
            firsts[(name, _content(resp))] = resp
            kept.append(resp)
        seen.setdefault(name, []).append(resp)
    out = []
    for same in seen.values():
        if len(same) < 2:
            continue
        where = ", ".join(dict.fromkeys(r.source.where for r in same))
        head = f"warning: {where}: {same[0].who.get('respondent')} answered for {same[0].firm}"
        distinct = [r for r in same if r in kept]
        if len(distinct) == 1:
            out.append(f"{head} {_times(len(same))}, with the same answers: counted once")
        else:
            out.append(
                f"{head} {_times(len(same))}, with other answers: each is counted in the "
                "firm's means; leave out the copies that do not count"
            )
    return kept, out


def _content(resp: ScoredRespondent) -> str:
    """What makes two readings one assessment: the answers where kept, else the scores."""
    if resp.answers is not None:
        return json.dumps([resp.year, resp.answers], sort_keys=True, default=str)
    return resp.content_hash()


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"


def counted_twice(groups: Sequence[list[ScoredRespondent]]) -> list[str]:
    """The warnings of :func:`without_copies` for every firm."""
    return [line for group in groups for line in without_copies(group)[1]]
