"""A small province for the web tests, with figures worked out by hand.

    P (province)
    ├── A (district; congress 01/08/2020)
    │   ├── G1 (grassroots; 10/06/2020)
    │   │   └── b1 (01/05), b2 (02/05, one committee seat unfilled), b3 (no congress)
    │   └── G2 (grassroots; 12/06/2020; 1,234 committee seats, 3 elected)
    │       └── b4 (03/05, no elections)
    └── B (district; no congress)
        └── G3 (grassroots; 20/06/2020) ── b5 (04/05), b6 (20/07/2020)

As of 09/07/2020 (campaign 2020-2025):
  district:   0/2 held
  grassroots: 3/3 held; full leadership 2/3 (G2 short); direct secretary 1 (G1);
              committee seats 1,242, elected 11; unfilled 1,231; incumbents not re-elected 2;
              women 2, under 40 1, ethnic minority 1, first time 9 (of the 11 elected)
  branch:     4/6 held; full leadership 3/4 (b2 short)
Previous campaign 2015-2020: G1 held 2015 with committee 3/5 (unfilled 2), 4 incumbents not
re-elected; b1 held 2015.
"""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.contrib.auth import get_user_model

from daihoi.accounts.models import Grant
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.stats.summary import refresh_congress_summaries
from daihoi.units.models import Level, Unit

AS_OF = datetime.date(2020, 7, 9)
D = datetime.date


@dataclass
class Tree:
    units: dict[str, Unit] = field(default_factory=dict)
    campaign: Any = None
    previous: Any = None

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]


def _congress(camp: Campaign, unit: Unit, held_on: datetime.date | None) -> Congress:
    return Congress.objects.create(campaign=camp, unit=unit, held_on=held_on)


def _election(
    cong: Congress, body: str, seats: int, candidates: list[dict[str, Any]], by: str = "committee"
) -> None:
    election = Election.objects.create(congress=cong, body=body, seats=seats, elected_by=by)
    Candidate.objects.bulk_create(
        Candidate(election=election, full_name=f"{body} {i}", **c) for i, c in enumerate(candidates)
    )
    # Raw rows: refresh the congress's results summary as the actions would.
    refresh_congress_summaries([cong.pk])


def _elected(n: int, **fields: Any) -> list[dict[str, Any]]:
    return [{"elected": True, "ethnicity": "Kinh", "birth_year": 1970, **fields} for _ in range(n)]


def _leadership(cong: Congress, seats: int, elected: int) -> None:
    _election(cong, "committee", seats, _elected(elected))
    _election(cong, "secretary", 1, _elected(1))
    _election(cong, "deputy_secretary", 1, _elected(1))


def build_tree(extra_branches: int = 0) -> Tree:
    """The tree above; `extra_branches` more held branches under G3 (for query-count tests)."""
    levels = {
        code: Level.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})[0]
        for rank, (code, name) in enumerate(
            [
                ("province", "Đảng bộ tỉnh"),
                ("district", "Đảng bộ cấp huyện"),
                ("grassroots", "Tổ chức cơ sở đảng"),
                ("branch", "Chi bộ trực thuộc"),
            ],
            1,
        )
    }
    tree = Tree()

    def add(code: str, level: str, parent: str | None) -> Unit:
        kwargs = {"code": code, "name": f"Đơn vị {code}", "level": levels[level], "members": 10}
        if parent is None:
            unit = Unit.objects.add_root(create_kwargs=kwargs)
        else:
            tree.units[parent].refresh_from_db()
            unit = Unit.objects.add_child(tree.units[parent], create_kwargs=kwargs)
        tree.units[code] = unit
        return unit

    add("P", "province", None)
    add("A", "district", "P")
    add("G1", "grassroots", "A")
    for b in ("b1", "b2", "b3"):
        add(b, "branch", "G1")
    add("G2", "grassroots", "A")
    add("b4", "branch", "G2")
    add("B", "district", "P")
    add("G3", "grassroots", "B")
    add("b5", "branch", "G3")
    add("b6", "branch", "G3")
    for i in range(extra_branches):
        add(f"x{i}", "branch", "G3")

    prev = Campaign.objects.create(code="2015-2020", name="Nhiệm kỳ 2015-2020")
    cur = Campaign.objects.create(code="2020-2025", name="Nhiệm kỳ 2020-2025", previous=prev)
    tree.campaign, tree.previous = cur, prev
    u = tree.units

    _congress(cur, u["A"], D(2020, 8, 1))
    g1 = _congress(cur, u["G1"], D(2020, 6, 10))
    _election(
        g1,
        "committee",
        5,
        [
            *_elected(1, gender="female", incumbent=True),
            *_elected(1, birth_year=1985),
            *_elected(1, ethnicity="Tày", incumbent=True),
            *_elected(2),
            {"incumbent": True, "elected": False},
        ],
    )
    _election(g1, "secretary", 1, _elected(1), by="congress")
    _election(g1, "deputy_secretary", 1, _elected(1))
    g2 = _congress(cur, u["G2"], D(2020, 6, 12))
    _election(g2, "committee", 1234, _elected(3))
    g3 = _congress(cur, u["G3"], D(2020, 6, 20))
    _election(g3, "committee", 3, [*_elected(2), *_elected(1, gender="female")])
    _election(g3, "secretary", 1, _elected(1))
    Candidate.objects.create(
        election=Election.objects.get(congress=g3, body="committee"),
        full_name="not re-elected",
        incumbent=True,
        elected=False,
    )
    _leadership(_congress(cur, u["b1"], D(2020, 5, 1)), 3, 3)
    _leadership(_congress(cur, u["b2"], D(2020, 5, 2)), 3, 2)
    _congress(cur, u["b4"], D(2020, 5, 3))
    _leadership(_congress(cur, u["b5"], D(2020, 5, 4)), 2, 2)
    _leadership(_congress(cur, u["b6"], D(2020, 7, 20)), 2, 2)
    for i in range(extra_branches):
        _leadership(_congress(cur, u[f"x{i}"], D(2020, 5, 5)), 2, 2)

    g1_prev = _congress(prev, u["G1"], D(2015, 6, 1))
    _election(
        g1_prev,
        "committee",
        5,
        [*_elected(3), *({"incumbent": True, "elected": False} for _ in range(4))],
    )
    _congress(prev, u["b1"], D(2015, 5, 1))
    refresh_congress_summaries(None)  # the raw candidate above
    for unit in u.values():
        unit.refresh_from_db()
    return tree


def user_with_grant(username: str, unit: Unit | None = None, role: str = "viewer") -> Any:
    user = get_user_model().objects.create_user(username, password="pw-" + username)
    if unit is not None:
        Grant.objects.create(user=user, unit=unit, role=role)
    return user


class FigureTables(HTMLParser):
    """Cells of the dashboard's level tables: {level_code: {figure: [cell texts]}}."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self._level: str | None = None
        self._figure: str | None = None
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("data-level"):
            self._level = a["data-level"]
            self.tables[self._level] = {}
        elif tag == "tr" and self._level and a.get("data-figure"):
            self._figure = a["data-figure"]
            self.tables[self._level][self._figure] = []
        elif tag == "td" and self._figure:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._level and self._figure:
            self.tables[self._level][self._figure].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._figure = None
        elif tag == "table":
            self._level = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
