"""The report on any instrument's scale (issue 13): answers are named by their own codes."""

from __future__ import annotations

import pytest

from amc_assess.models import Answer, Questionnaire
from amc_assess.report.answers import answer_label

LABELS = ["never", "rarely", "sometimes", "often", "usually", "almost always", "always"]


def scales_questionnaire() -> Questionnaire:
    scales = {
        "zero": {"labels": LABELS, "codes": list(range(7))},
        "zero_back": {"labels": LABELS, "codes": list(range(7)), "reversed": True},
        "five_back": {"labels": LABELS[:5], "reversed": True},
        "tens": {"labels": LABELS[:3], "codes": [10, 20, 30]},
    }
    items = [{"id": name, "type": "agreement", "scale": name, "text": name} for name in scales]
    return Questionnaire.model_validate(
        {"id": "t", "version": "1", "scales": scales, "sections": [{"id": "s", "items": items}]}
    )


@pytest.mark.parametrize(
    ("scale", "named"),
    [
        ("zero", {0: "never", 3: "often", 6: "always", 7: "7"}),
        ("zero_back", {0: "always", 1: "almost always", 6: "never", 7: "7"}),
        ("five_back", {1: "usually", 5: "never", 0: "0", 6: "6"}),
        ("tens", {10: "never", 20: "rarely", 30: "sometimes", 2: "2", 3.0: "3.0"}),
    ],
)
def test_answer_label_reads_the_scale_s_own_codes(scale, named):
    q = scales_questionnaire()
    item = q.item_map()[scale]
    assert {code: answer_label(item, Answer(value=code), q) for code in named} == named
    assert answer_label(item, Answer(state="dont_know"), q) == "Don't know"
