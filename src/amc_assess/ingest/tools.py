"""The survey tools whose exports amc reads, and what each export holds of its own.

Each profile is faithful to its tool's documented CSV export:

* ``qualtrics``: three header rows (export tags; question text; ``{"ImportId": ...}`` JSON),
  or the legacy two rows (``V1..Vn`` system columns, then labels) with a BOM and a
  trailing comma. Matrix rows are ``TAG_row`` columns, question text ``Question-Statement``.
* ``google_forms``: ``Timestamp`` first, then the full question text as header (grid rows
  as ``Question [Row]``) and answer labels as text.
* ``limesurvey``: ``id, submitdate, lastpage, startlanguage, ...`` then question codes
  (``C1[SQ001]``) or ``code. question text [subquestion]``; "N/A" means "no answer".
* ``redcap``: raw export, variable names as headers, numeric codes; the data dictionary
  gives the labels. ``*_complete``, ``*_timestamp`` and ``redcap_*`` columns are system fields.
* ``surveymonkey``: "All responses data" export: ``Respondent ID, Collector ID, Start Date,
  End Date, IP Address, Email Address, First Name, Last Name, Custom Data 1`` then one column
  per answer; row 1 holds the question (blank over the further columns of the same question),
  row 2 the answer option (matrix row, checkbox option, ``Other (please specify)``) or
  ``Response`` / ``Open-Ended Response``. Each column is named ``Question - Option``, or
  ``Question`` alone for a ``Response`` column.
* ``items``: item ids as headers (optionally the two description rows of ``amc template``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from amc_assess.answertext import DONT_KNOW, normalize

GOOGLE_TIMESTAMPS = {
    "timestamp",
    "marca temporal",
    "horodateur",
    "zeitstempel",
    "carimbo de data/hora",
    "informazioni cronologiche",
    "tijdstempel",
}


@dataclass
class Spec:
    """What a profile knows about its tool's own columns and codes."""

    title: str
    system: frozenset[str] = frozenset()
    system_patterns: tuple[str, ...] = ()
    respondent: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    vocabulary: dict[str, str] = field(default_factory=dict)
    month_first: bool = False  # its exports write dates MM/DD/YYYY, always

    def is_system(self, name: str) -> bool:
        return self.is_system_name(name) or self.is_system_pattern(name)

    def is_system_name(self, name: str) -> bool:
        """One of the tool's own documented columns (``StartDate``, ``submitdate``)."""
        return normalize(name) in self.system

    def is_system_pattern(self, name: str) -> bool:
        """A column of a family the tool adds (LimeSurvey ``…Time`` timings)."""
        return any(re.fullmatch(p, name) for p in self.system_patterns)


SPECS = {
    "items": Spec("item ids"),
    "qualtrics": Spec(
        "Qualtrics",
        frozenset(
            normalize(n)
            for n in (
                "StartDate",
                "EndDate",
                "Status",
                "IPAddress",
                "Progress",
                "Duration (in seconds)",
                "Finished",
                "RecordedDate",
                "ResponseId",
                "ResponseID",
                "ResponseSet",
                "Name",
                "RecipientLastName",
                "RecipientFirstName",
                "RecipientEmail",
                "ExternalReference",
                "ExternalDataReference",
                "EmailAddress",
                "LocationLatitude",
                "LocationLongitude",
                "LocationAccuracy",
                "DistributionChannel",
                "UserLanguage",
            )
        ),
        (r"Q_[A-Za-z]+.*", r".+_DO(_\d+)?"),
        ("responseid",),
        ("recordeddate", "enddate"),
    ),
    "google_forms": Spec(
        "Google Forms",
        frozenset(GOOGLE_TIMESTAMPS | {"email address", "score"}),
        respondent=("email address",),
        date=tuple(sorted(GOOGLE_TIMESTAMPS)),
    ),
    "limesurvey": Spec(
        "LimeSurvey",
        frozenset(
            {
                "id",
                "submitdate",
                "lastpage",
                "startlanguage",
                "seed",
                "startdate",
                "datestamp",
                "token",
                "ipaddr",
                "refurl",
                "interviewtime",
            }
        ),
        (r"groupTime\d+", r"[A-Za-z0-9]+Time", r".+\[(other|comment)\]"),
        ("id",),
        ("submitdate",),
        {"n/a": DONT_KNOW, "no answer": DONT_KNOW},
    ),
    "surveymonkey": Spec(
        "SurveyMonkey",
        frozenset(
            normalize(n)
            for n in (
                "Respondent ID",
                "Collector ID",
                "Start Date",
                "End Date",
                "IP Address",
                "Email Address",
                "First Name",
                "Last Name",
            )
        ),
        (r"Custom Data \d+",),
        ("respondent id",),
        ("end date",),
        month_first=True,
    ),
    "redcap": Spec(
        "REDCap",
        frozenset(
            {
                "redcap_survey_identifier",
                "redcap_event_name",
                "redcap_repeat_instrument",
                "redcap_repeat_instance",
                "redcap_data_access_group",
            }
        ),
        (r".+_timestamp", r".+_complete"),
    ),
}
