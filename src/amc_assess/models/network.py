"""The relationship audit's result: typed, so reports and JSON read it without
networkx. :func:`amc_assess.network.analysis.analyze` fills it; definitions are there."""

from pydantic import BaseModel, ConfigDict


class _Result(BaseModel):
    """Built (validator and serializer) on first use: a report without an audit never uses it."""

    model_config = ConfigDict(defer_build=True)


class PersonResult(_Result):
    name: str
    side: str
    level: str
    function: str
    respondent: bool
    ties: int
    strong_ties: int
    weighted_degree: float
    betweenness: float
    core: bool
    boundary_spanner: bool
    key_contact: bool = False
    cut_off: int = 0  # people who would lose touch with the largest group if this person left


class Link(_Result):
    """One tie of the graph (``a`` < ``b``); ``confirmed`` when both named it."""

    a: str
    b: str
    strength: float
    confirmed: bool


class KeyContact(_Result):
    name: str
    side: str
    level: str
    partner_ties: int
    channel_share: float | None
    boundary_spanner: bool
    cut_off: int


class Channel(_Result):
    side: str
    people: int
    with_partner_ties: int
    key_contacts: list[str]


class LevelCoverage(_Result):
    level: str
    present: bool
    ties: int
    strong_ties: int
    mean_strength: float | None


class CutPoint(_Result):
    name: str
    side: str
    level: str
    cut_off: int


class Broker(_Result):
    name: str
    side: str
    level: str
    betweenness: float


class Density(_Result):
    own: float | None
    partner: float | None
    across: float | None


FEW_ANSWERS = 5  # fewer respondents than this, or than half the people: findings are uncertain


class NetworkResult(_Result):
    sources: list[str]
    people: int
    people_by_side: dict[str, int]
    respondents: int
    ties: int
    confirmed_ties: int
    components: int
    strong_threshold: float
    core_k: int
    betweenness_sample: int | None
    core: list[str]
    peripheral: list[str]
    boundary_spanners: list[str]
    spanners_by_level: dict[str, int]
    coverage: list[LevelCoverage]
    weak_seniors: list[str]
    articulation_points: list[CutPoint]
    top_betweenness: list[Broker]
    density: Density
    channels: list[Channel]
    key_contacts: list[KeyContact]
    persons: list[PersonResult]
    links: list[Link]
    notes: list[str] = []
    firms: dict[str, str] = {}  # audit response file -> the firm named in it
    key_contacts_given: bool = True  # False: no input said who the key contacts are

    @property
    def few_answered(self) -> bool:
        """Too few people answered for findings about the silent ones to be sure."""
        return bool(self.people) and (
            self.respondents < FEW_ANSWERS or 2 * self.respondents < self.people
        )
