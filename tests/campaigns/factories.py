"""Builders for tests of units, congresses and elections (state made through the actions)."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from daihoi.accounts.models import Grant
from daihoi.campaigns.actions import do_create_campaign, do_create_congress
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.actions import do_add_candidate, do_create_election
from daihoi.elections.models import Election
from daihoi.units.models import Level, Unit

LEVELS = [
    ("province", "Tỉnh", 1),
    ("district", "Huyện", 2),
    ("grassroots", "Cơ sở", 3),
    ("branch", "Chi bộ", 4),
]


def level(code: str) -> Level:
    for c, name, rank in LEVELS:
        if c == code:
            return Level.objects.get_or_create(code=c, defaults={"name": name, "rank": rank})[0]
    raise KeyError(code)


def make_tree() -> dict[str, Unit]:
    """A province P with districts A and B; A has grassroots A1 with branch A1a; B has B1."""

    def child(parent: Unit, code: str, name: str, lvl: str, members: int) -> Unit:
        parent = Unit.objects.get(pk=parent.pk)
        return Unit.objects.add_child(
            parent, {"code": code, "name": name, "level": level(lvl), "members": members}
        )

    p = Unit.objects.add_root(
        {"code": "P", "name": "Tỉnh P", "level": level("province"), "members": 100}
    )
    a = child(p, "A", "Huyện A", "district", 60)
    b = child(p, "B", "Huyện B", "district", 40)
    a1 = child(a, "A1", "Xã A1", "grassroots", 30)
    a1a = child(a1, "A1a", "Chi bộ A1a", "branch", 12)
    b1 = child(b, "B1", "Xã B1", "grassroots", 20)
    return {u.code: Unit.objects.get(pk=u.pk) for u in (p, a, b, a1, a1a, b1)}


def make_user(username: str, unit: Unit | None = None, role: str | None = None, **kw: Any):
    user = get_user_model().objects.create_user(username=username, password="pw-123456", **kw)
    if unit is not None and role is not None:
        Grant.objects.create(user=user, unit=unit, role=role)
    return user


def make_admin():
    return get_user_model().objects.create_superuser(username="root", password="pw-123456")


def make_campaign(actor: Any = None, code: str = "2020-2025") -> Campaign:
    return do_create_campaign(actor, code, f"Đại hội nhiệm kỳ {code}")


def make_congress(
    unit: Unit, campaign: Campaign | None = None, actor: Any = None, **fields: Any
) -> Congress:
    campaign = campaign or Campaign.objects.first() or make_campaign(actor)
    fields.setdefault("summoned", 30)
    fields.setdefault("attended", 28)
    return do_create_congress(actor, campaign, unit, **fields)


def make_election(
    congress: Congress, body: str = "committee", seats: int = 3, actor: Any = None
) -> Election:
    return do_create_election(actor, congress, body, seats, "congress")


def add_candidates(election: Election, n: int, elected: int = 0, actor: Any = None) -> list:
    return [
        do_add_candidate(
            actor,
            election,
            f"Nguyễn Văn {i}",
            i % 2 == 0,
            "male",
            1970 + i,
            "Kinh",
            votes=20,
            elected=i < elected,
        )
        for i in range(n)
    ]


HELD = datetime.date(2020, 7, 1)
