"""A small tree for access tests: province P with districts A and B.

    P (province)
    ├── A (district) ── A1 (grassroots) ── A1a (branch)
    │                └─ A2 (grassroots)
    └── B (district) ── B1 (grassroots)

Campaign 2020-2025 (previous 2015-2020); every unit has a congress in 2020-2025; A1's has a
committee election with two candidates.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from daihoi.accounts.models import Grant
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.stats.summary import refresh_congress_summaries
from daihoi.units.models import Level, Unit


@dataclass
class Tree:
    units: dict[str, Unit] = field(default_factory=dict)
    campaign: Campaign | None = None
    congresses: dict[str, Congress] = field(default_factory=dict)

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]


def build_tree() -> Tree:
    levels = {
        code: Level.objects.get_or_create(code=code, defaults={"name": code.title(), "rank": rank})[
            0
        ]
        for rank, code in enumerate(("province", "district", "grassroots", "branch"), 1)
    }
    tree = Tree()

    def add(code: str, level: str, parent: str | None, members: int = 10) -> None:
        kwargs = {"code": code, "name": f"Unit {code}", "level": levels[level], "members": members}
        if parent is None:
            tree.units[code] = Unit.objects.add_root(create_kwargs=kwargs)
        else:
            tree.units[code] = Unit.objects.add_child(tree.units[parent], create_kwargs=kwargs)

    add("P", "province", None, 100)
    add("A", "district", "P", 50)
    add("A1", "grassroots", "A", 30)
    add("A1a", "branch", "A1", 12)
    add("A2", "grassroots", "A", 20)
    add("B", "district", "P", 50)
    add("B1", "grassroots", "B", 40)
    for unit in tree.units.values():
        unit.refresh_from_db()

    previous = Campaign.objects.create(code="2015-2020", name="Term 2015-2020")
    tree.campaign = Campaign.objects.create(
        code="2020-2025", name="Term 2020-2025", previous=previous
    )
    for code, unit in tree.units.items():
        tree.congresses[code] = Congress.objects.create(
            campaign=tree.campaign,
            unit=unit,
            term="2020-2025",
            planned_on=datetime.date(2020, 5, 1),
            held_on=datetime.date(2020, 5, 10) if code != "B1" else None,
            summoned=10,
            attended=9,
        )
    election = Election.objects.create(congress=tree.congresses["A1"], body="committee", seats=2)
    Candidate.objects.create(election=election, full_name="Nguyễn Văn An", elected=True, votes=8)
    Candidate.objects.create(
        election=election, full_name="Trần Thị Bình", gender="female", elected=False, votes=3
    )
    # Raw rows: refresh the results summaries as the actions would.
    refresh_congress_summaries(None)
    return tree


def make_user(username: str, grants: dict[Unit, str] | None = None, **extra: Any) -> Any:
    user = get_user_model().objects.create_user(username=username, password="pw-123456", **extra)
    for unit, role in (grants or {}).items():
        Grant.objects.create(user=user, unit=unit, role=role)
    return user
