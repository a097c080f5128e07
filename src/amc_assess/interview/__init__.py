"""The interactive interview behind ``amc assess``.

``flow`` (pure navigation and skip logic), ``widgets`` (questionary prompts),
``session`` (the autosaved response file) and ``app`` (the loop that ties them).
Importing this package imports questionary: do it inside the command only.
"""

from amc_assess.interview.app import run
from amc_assess.interview.session import InterviewError

__all__ = ["InterviewError", "run"]
