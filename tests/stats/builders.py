"""Tiny hand-built trees for the statistics tests.

Rows are written directly (not through the actions), so each builder that adds results
refreshes the congress's summary itself, as any raw writer must.
"""

import datetime

from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.stats.summary import refresh_congress_summaries
from daihoi.units.models import Level, Unit

RANKS = {"province": 10, "district": 20, "grassroots": 30, "branch": 40}


def level(code: str) -> Level:
    return Level.objects.get_or_create(code=code, defaults={"name": code, "rank": RANKS[code]})[0]


def root(code: str = "P", level_code: str = "province") -> Unit:
    return Unit.objects.add_root({"code": code, "name": code, "level": level(level_code)})


def child(parent: Unit, code: str, level_code: str) -> Unit:
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, {"code": code, "name": code, "level": level(level_code)})


def campaign(code: str = "2020-2025", previous: Campaign | None = None) -> Campaign:
    return Campaign.objects.create(code=code, name=code, previous=previous)


def congress(
    unit: Unit, camp: Campaign, held_on: datetime.date | None = datetime.date(2020, 5, 1)
) -> Congress:
    cong = Congress.objects.create(unit=unit, campaign=camp, held_on=held_on)
    refresh_congress_summaries([cong.pk])
    return cong


def election(
    cong: Congress,
    body: str,
    seats: int,
    candidates: list[dict] | int = 0,
    elected_by: str = "committee",
) -> Election:
    """`candidates`: a list of Candidate field dicts, or a number of plain elected candidates."""
    e = Election.objects.create(congress=cong, body=body, seats=seats, elected_by=elected_by)
    if isinstance(candidates, int):
        candidates = [{"elected": True} for _ in range(candidates)]
    Candidate.objects.bulk_create(
        Candidate(election=e, full_name=f"C{i}", **fields) for i, fields in enumerate(candidates)
    )
    refresh_congress_summaries([cong.pk])
    return e
