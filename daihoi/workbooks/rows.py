"""The typed rows of a workbook, what the database holds about them, and the plan to write."""

import datetime
from dataclasses import dataclass, field

from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.units.models import Level, Unit
from daihoi.units.tree import parent_path

CongressKey = tuple[str, str]  # campaign code, unit code
ElectionKey = tuple[str, str, str]  # campaign code, unit code, body


@dataclass
class CampaignRow:
    row: int
    code: str
    name: str
    previous_code: str


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    level: Level | None
    parent_code: str
    members: int | None


@dataclass
class CongressRow:
    row: int
    campaign: str
    unit_code: str
    term: str
    kind: str
    planned_on: datetime.date | None
    held_on: datetime.date | None
    summoned: int | None
    attended: int | None
    pilot: bool | None  # None: the sheet has no pilot column, leave it as it is

    @property
    def key(self) -> CongressKey:
        return (self.campaign, self.unit_code)


@dataclass
class ElectionRow:
    row: int
    campaign: str
    unit_code: str
    body: str
    seats: int | None
    elected_by: str

    @property
    def key(self) -> ElectionKey:
        return (self.campaign, self.unit_code, self.body)


@dataclass
class CandidateRow:
    row: int
    campaign: str
    unit_code: str
    body: str
    full_name: str
    incumbent: bool
    gender: str
    birth_year: int | None
    ethnicity: str
    votes: int | None
    elected: bool

    @property
    def key(self) -> ElectionKey:
        return (self.campaign, self.unit_code, self.body)


@dataclass
class Existing:
    """What the database holds about everything the workbook names."""

    levels: dict[str, Level] = field(default_factory=dict)  # by lower-case code
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)  # named units and their ancestors
    unit_by_path: dict[str, Unit] = field(default_factory=dict)
    congresses: dict[CongressKey, Congress] = field(default_factory=dict)
    elections: dict[ElectionKey, Election] = field(default_factory=dict)
    candidates: dict[ElectionKey, dict[str, Candidate]] = field(default_factory=dict)

    def parent_code(self, unit: Unit) -> str | None:
        parent = self.unit_by_path.get(parent_path(unit.path))
        return parent.code if parent is not None else None


@dataclass
class Plan:
    campaigns: list[CampaignRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    congresses: list[CongressRow] = field(default_factory=list)
    elections: list[ElectionRow] = field(default_factory=list)
    candidates: list[CandidateRow] = field(default_factory=list)
    existing: Existing = field(default_factory=Existing)

    unit_rows: dict[str, UnitRow] = field(default_factory=dict)  # by code, first row wins

    def final_parent(self, code: str) -> str | None:
        """The unit's parent once the workbook is written."""
        row = self.unit_rows.get(code)
        if row is not None:
            return row.parent_code or None
        unit = self.existing.units.get(code)
        return self.existing.parent_code(unit) if unit is not None else None
