"""One respondent counted twice in a firm's report: two files of the same person's answers
(a corrected copy beside the first, or one file under two names). Both are scored and
averaged, so the person weighs double; a warning names them (``amc batch`` names repeated
respondent ids, and ``amc history add`` refuses such a copy)."""

from __future__ import annotations

from collections.abc import Sequence

from amc_assess.names import folded_key
from amc_assess.scored.respondent import ScoredRespondent


def counted_twice(groups: Sequence[list[ScoredRespondent]]) -> list[str]:
    """A warning per respondent found more than once among a firm's inputs."""
    out = []
    for group in groups:
        seen: dict[str, list[ScoredRespondent]] = {}
        for resp in group:
            who = resp.who.get("respondent")
            if who:
                seen.setdefault(folded_key(str(who)), []).append(resp)
        for same in seen.values():
            if len(same) < 2:
                continue
            where = ", ".join(dict.fromkeys(r.source.where for r in same))
            alike = len({r.content_hash() for r in same}) == 1
            what = "the same scores" if alike else "other scores"
            out.append(
                f"warning: {where}: {same[0].who.get('respondent')} answered for "
                f"{same[0].firm} {_times(len(same))}, with {what}: each is counted in the "
                "firm's means; leave out the copies that do not count"
            )
    return out


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"
