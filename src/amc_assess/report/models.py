"""What a report shows: a firm's result plus optional peers, history and relationship audit.

Every optional part renders only when given, and the report says so when it is absent.
"""

from __future__ import annotations

from pydantic import Field

from amc_assess.models.base import empty_dict
from amc_assess.models.comparison import History, HistoryPoint, PeerStats, Position, Quartiles
from amc_assess.models.firm import (
    Agreement,
    CoverMeta,
    DimensionAgreement,
    FirmResult,
    GroupGap,
    RespondentEntry,
)
from amc_assess.models.network import NetworkResult

__all__ = [
    "Agreement", "CoverMeta", "DimensionAgreement", "FirmResult", "GroupGap", "History",
    "HistoryPoint", "PeerStats", "Position", "Quartiles", "ReportInput", "RespondentEntry",
]  # fmt: skip


class ReportInput(FirmResult):
    """Everything one firm's report shows: the firm's result, and what it is compared with."""

    peers: PeerStats | None = None
    peers_withheld: bool = Field(
        default=False,
        description="peers were asked for, but too few comparable firms to release figures",
    )
    history: History | None = None
    network: NetworkResult | None = Field(
        default=None, description="the relationship audit of the alliance (amc network)"
    )
    owners: dict[str, str] = Field(
        default_factory=empty_dict, description="advice id -> who owns it (the consultant's choice)"
    )
