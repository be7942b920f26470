"""The demo: a synthetic Bắc Giang province whose figures reproduce the seed's table.

Deterministic (seeded) and fast: the whole tree, both campaigns, their elections and candidates
are built in memory and written with a handful of bulk inserts (materialized paths computed
here, not through treebeard's slow per-node API). Everything is invented except the shape and
the figures reported in the seed (as of 9 July 2020, and the 2015–2020 term for comparison):

- 4,195 branches under grassroots committees, all held (term 2020-2022); 4,175 with full
  leadership (committee, secretary, deputy secretary);
- 658 grassroots organizations, 654 held by 9 July 2020 (4 later); 5 pilot committees electing
  the secretary directly at the congress; 4,314 committee members elected; 2 committee seats
  left unfilled (16 in 2015–2020); 27 incumbents not re-elected (54 in 2015–2020);
- 15 district-level units, Yên Dũng first (the pilot congress), the province in October.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from daihoi.campaigns.models import Campaign, Congress, CongressKind
from daihoi.demo import names
from daihoi.elections.models import Body, Candidate, ElectedBy, Election, Gender
from daihoi.stats.summary import refresh_congress_summaries
from daihoi.units.models import Level, Unit

SEED = 2020
PROVINCE_CODE = "BG"
PROVINCE_NAME = "Đảng bộ tỉnh Bắc Giang"
PILOT_DISTRICT = "YDU"
BRANCHES = 4195
AS_OF = datetime.date(2020, 7, 9)
LEVELS = {
    "province": ("Đảng bộ tỉnh", 10),
    "district": ("Đảng bộ cấp huyện và tương đương", 20),
    "grassroots": ("Chi bộ, đảng bộ cơ sở", 30),
    "branch": ("Chi bộ trực thuộc đảng ủy cơ sở", 40),
}
CAMPAIGNS = {
    "2015-2020": "Đại hội đảng bộ các cấp nhiệm kỳ 2015–2020",
    "2020-2025": "Đại hội đảng bộ các cấp nhiệm kỳ 2020–2025",
}


@dataclass(frozen=True)
class Term:
    """What differs between the two campaigns."""

    code: str
    year: int
    branch_term: str
    term: str
    branch_short: int  # branches without their full leadership
    late_grassroots: int  # grassroots congresses held after AS_OF of that year
    pilots: int  # grassroots committees electing the secretary at the congress
    committee_elected: int | None  # exact elected committee members (held grassroots) or None
    shortfall: tuple[int, ...]  # unfilled seats of the short grassroots committees
    incumbents_lost: int  # incumbent grassroots committee members not re-elected


TERMS = (
    Term("2015-2020", 2015, "2015-2017", "2015-2020", 37, 0, 0, None, (1,) * 12 + (2, 2), 54),
    Term("2020-2025", 2020, "2020-2022", "2020-2025", 20, 4, 5, 4314, (1, 1), 27),
)


@dataclass
class Node:
    unit: Unit
    level: str
    district: int  # index in names.DISTRICTS
    children: list[Node] = field(default_factory=list)


def demo_loaded() -> bool:
    return Unit.objects.filter(code=PROVINCE_CODE).exists()


def load_demo() -> bool:
    """Load the demo province unless it is there already. True when it was loaded now."""
    if demo_loaded():
        return False
    with transaction.atomic():
        _Builder(random.Random(SEED)).build()
        # Rows were bulk-written without the actions: summarize them all at once.
        refresh_congress_summaries(None)
    return True


def _path(parent: str, index: int) -> str:
    step = Unit.numconv_obj().int2str(index)
    return parent + step.rjust(Unit.steplen, Unit.alphabet[0])


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.levels = {
            code: Level.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})[0]
            for code, (name, rank) in LEVELS.items()
        }
        self.units: list[Unit] = []
        self.congresses: list[Congress] = []
        self.elections: list[Election] = []
        self.candidates: list[Candidate] = []

    # ---- the tree -------------------------------------------------------------------------
    def build(self) -> None:
        root = self._tree()
        Unit.objects.bulk_create(self.units, batch_size=2000)
        previous = None
        for term in TERMS:
            campaign, _ = Campaign.objects.get_or_create(
                code=term.code, defaults={"name": CAMPAIGNS[term.code], "previous": previous}
            )
            if previous is not None and campaign.previous_id is None:
                campaign.previous = previous
                campaign.save(update_fields=["previous"])
            self._campaign(root, campaign, term)
            previous = campaign
        Congress.objects.bulk_create(self.congresses, batch_size=2000)
        Election.objects.bulk_create(self.elections, batch_size=2000)
        Candidate.objects.bulk_create(self.candidates, batch_size=5000)

    def _unit(self, path: str, code: str, name: str, level: str, district: int) -> Node:
        unit = Unit(
            path=path,
            depth=len(path) // Unit.steplen,
            numchild=0,
            code=code,
            name=name,
            level=self.levels[level],
        )
        self.units.append(unit)
        return Node(unit, level, district)

    def _add(self, parent: Node, code: str, name: str, level: str, district: int) -> Node:
        parent.unit.numchild += 1
        node = self._unit(
            _path(parent.unit.path, parent.unit.numchild), code, name, level, district
        )
        parent.children.append(node)
        return node

    def _tree(self) -> Node:
        rng = self.rng
        last_root = Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True)
        last = last_root.first()
        index = Unit.numconv_obj().str2int(last) + 1 if last else 1
        root = self._unit(_path("", index), PROVINCE_CODE, PROVINCE_NAME, "province", -1)
        committees: list[Node] = []
        for d, (dcode, dname, kind, count, _share) in enumerate(names.DISTRICTS):
            district = self._add(root, f"{PROVINCE_CODE}-{dcode}", dname, "district", d)
            for g in range(count):
                committee = rng.random() < {"rural": 0.8, "city": 0.75, "bloc": 0.45}[kind]
                gname = self._grassroots_name(kind, committee)
                code = f"{district.unit.code}-{g + 1:03d}"
                node = self._add(district, code, gname, "grassroots", d)
                if committee:
                    committees.append(node)
        # Every committee has at least 3 branches; the rest go where the weights say.
        weights = [
            rng.randint(2, 12) * (2 if n.unit.name.startswith("Đảng bộ xã") else 1)
            for n in committees
        ]
        extra = Counter(
            rng.choices(range(len(committees)), weights, k=BRANCHES - 3 * len(committees))
        )
        for i, node in enumerate(committees):
            village = node.unit.name.startswith(("Đảng bộ xã", "Đảng bộ phường"))
            for b in range(3 + extra[i]):
                bname = f"Chi bộ thôn {names.place(rng)}" if village else f"Chi bộ số {b + 1}"
                branch = self._add(
                    node, f"{node.unit.code}-{b + 1:02d}", bname, "branch", node.district
                )
                small = rng.random() < 0.12
                branch.unit.members = rng.randint(4, 9) if small else rng.randint(10, 60)
        self._sum_members(root)
        return root

    def _grassroots_name(self, kind: str, committee: bool) -> str:
        place = names.place(self.rng)
        if kind == "bloc":
            org = self.rng.choice(names.BLOC_TEMPLATES).format(p=place)
            return f"Đảng bộ {org}" if committee else f"Chi bộ {org}"
        if committee:
            return f"Đảng bộ {'phường' if kind == 'city' else 'xã'} {place}"
        return "Chi bộ " + self.rng.choice(names.AGENCY_TEMPLATES).format(p=place)

    def _sum_members(self, node: Node) -> int:
        if node.children:
            node.unit.members = sum(self._sum_members(child) for child in node.children)
        elif node.level == "grassroots":
            node.unit.members = self.rng.randint(5, 45)
        return node.unit.members

    # ---- congresses -----------------------------------------------------------------------
    def _date(self, year: int, start: tuple[int, int], end: tuple[int, int]) -> datetime.date:
        first = datetime.date(year, *start)
        days = (datetime.date(year, *end) - first).days
        return first + datetime.timedelta(days=self.rng.randint(0, days))

    def _congress(
        self, campaign: Campaign, node: Node, held_on: datetime.date, term: str, pilot: bool = False
    ) -> Congress:
        members = node.unit.members
        if node.level == "branch" or (node.level == "grassroots" and members <= 200):
            kind, summoned = CongressKind.MEMBERS, members
        else:
            kind = CongressKind.DELEGATES
            summoned = {"grassroots": 120, "district": 250, "province": 350}[node.level]
            summoned += self.rng.randint(-20, 20)
        attended = max(1, summoned - self.rng.randint(0, max(0, summoned // 12)))
        congress = Congress(
            campaign=campaign,
            unit=node.unit,
            term=term,
            kind=kind,
            planned_on=held_on,
            held_on=held_on,
            summoned=summoned,
            attended=attended,
            pilot=pilot,
        )
        self.congresses.append(congress)
        return congress

    def _campaign(self, root: Node, campaign: Campaign, term: Term) -> None:
        rng, year = self.rng, term.year
        districts = root.children
        grassroots = [g for d in districts for g in d.children]
        branches = [b for g in grassroots for b in g.children]
        # Branches: all held in April–May (the pilot district in April).
        short_branches = set(rng.sample(range(len(branches)), term.branch_short))
        for i, node in enumerate(branches):
            pilot_district = names.DISTRICTS[node.district][0] == PILOT_DISTRICT
            held = self._date(year, (4, 1), (4, 30) if pilot_district else (5, 31))
            congress = self._congress(campaign, node, held, term.branch_term)
            self._branch_elections(congress, node, short=i in short_branches)
        # Grassroots: May to early July; a few late ones (never in the pilot district).
        eligible_late = [
            i for i, g in enumerate(grassroots) if names.DISTRICTS[g.district][0] != PILOT_DISTRICT
        ]
        late = set(rng.sample(eligible_late, term.late_grassroots))
        committees = [i for i, g in enumerate(grassroots) if g.children and i not in late]
        pilots = set(rng.sample(committees, term.pilots))
        plans = []
        for i, node in enumerate(grassroots):
            pilot_district = names.DISTRICTS[node.district][0] == PILOT_DISTRICT
            if i in late:
                held = self._date(year, (7, 12), (7, 28))
            elif pilot_district:
                held = self._date(year, (5, 5), (6, 20))
            else:
                held = self._date(year, (6, 1) if node.children else (5, 5), (7, 8))
            congress = self._congress(campaign, node, held, term.term, pilot=i in pilots)
            plans.append(_Plan(congress, node, self._grassroots_seats(node), i in pilots))
        self._fit_grassroots(term, [p for i, p in enumerate(plans) if i not in late])
        for plan in plans:
            self._grassroots_elections(plan)
        # District level: the pilot first (early July), the others late July to August.
        for node in districts:
            if names.DISTRICTS[node.district][0] == PILOT_DISTRICT:
                held, pilot = datetime.date(year, 7, 2), True
            else:
                held, pilot = self._date(year, (7, 20), (8, 25)), False
            congress = self._congress(campaign, node, held, term.term, pilot=pilot)
            self._upper_elections(congress, node, rng.choice((35, 37, 39, 41, 43)))
        congress = self._congress(campaign, root, datetime.date(year, 10, 14), term.term)
        self._upper_elections(congress, root, 55)

    def _grassroots_seats(self, node: Node) -> int:
        if not node.children:
            return self.rng.choice((3, 3, 5))
        members = node.unit.members
        return self.rng.choice((5, 7) if members < 150 else (7, 9) if members < 400 else (9, 11))

    def _fit_grassroots(self, term: Term, plans: list[_Plan]) -> None:
        """Adjust seats, shortfalls and losing incumbents to the term's exact figures."""
        rng = self.rng
        if term.committee_elected is not None:
            target = term.committee_elected + sum(term.shortfall)
            total = sum(p.seats for p in plans)
            while total != target:
                plan = rng.choice(plans)
                step = 1 if total < target else -1
                if 3 <= plan.seats + step <= 15:
                    plan.seats += step
                    total += step
        roomy = [p for p in plans if p.seats >= 5 and not p.pilot]
        for plan, short in zip(rng.sample(roomy, len(term.shortfall)), term.shortfall, strict=True):
            plan.short = short
        for plan in plans:
            plan.losers = plan.short + max(1, round(plan.seats * rng.uniform(0.1, 0.3)))
        slots = [(i, k) for i, plan in enumerate(plans) for k in range(plan.losers)]
        for i, _k in rng.sample(slots, term.incumbents_lost):
            plans[i].incumbents_lost += 1

    # ---- elections ------------------------------------------------------------------------
    def _person(self, node: Node, year: int, taken: set[str]) -> dict:
        rng = self.rng
        share = names.DISTRICTS[node.district][4] if node.district >= 0 else 0.05
        ethnic = names.ethnicity(rng, share)
        female = rng.random() < 0.27
        for _ in range(50):
            full_name = names.person_name(rng, female, ethnic)
            if full_name not in taken:
                break
        taken.add(full_name)
        birth_year = None if rng.random() < 0.02 else year - rng.randint(26, 59)
        return {
            "full_name": full_name,
            "gender": Gender.FEMALE if female else Gender.MALE,
            "birth_year": birth_year,
            "ethnicity": ethnic,
        }

    def _election(
        self,
        congress: Congress,
        body: str,
        seats: int,
        by: str,
        people: list[dict],
        elected: int,
        voters: int,
        incumbents_lost: int = 0,
    ) -> list[dict]:
        """People in order: the first `elected` win; returns the winners."""
        rng = self.rng
        election = Election(congress=congress, body=body, seats=seats, elected_by=by)
        self.elections.append(election)
        half = voters // 2
        for i, person in enumerate(people):
            won = i < elected
            incumbent = rng.random() < 0.55 if won else i - elected < incumbents_lost
            votes = rng.randint(half + 1, voters) if won else rng.randint(voters // 5, half)
            self.candidates.append(
                Candidate(
                    election=election, incumbent=incumbent, votes=votes, elected=won, **person
                )
            )
        return people[:elected]

    def _people(self, node: Node, year: int, count: int) -> list[dict]:
        taken: set[str] = set()
        return [self._person(node, year, taken) for _ in range(count)]

    def _leaders(
        self,
        congress: Congress,
        committee: list[dict],
        deputies: int,
        secretary_by: str = ElectedBy.COMMITTEE,
        deputy_short: bool = False,
    ) -> None:
        """Secretary and deputies chosen among the elected committee members."""
        voters = len(committee) if secretary_by == ElectedBy.COMMITTEE else congress.attended or 1
        self._election(congress, Body.SECRETARY, 1, secretary_by, committee[:1], 1, voters)
        elected = deputies - (1 if deputy_short else 0)
        self._election(
            congress,
            Body.DEPUTY_SECRETARY,
            deputies,
            ElectedBy.COMMITTEE,
            committee[1 : 1 + deputies],
            elected,
            max(1, len(committee)),
        )

    def _branch_elections(self, congress: Congress, node: Node, short: bool) -> None:
        year = congress.campaign.code[:4]
        people = self._people(node, int(year), 7)
        voters = congress.attended or 1
        if node.unit.members < 10:
            # A small branch elects its secretary and deputy at the congress, no committee.
            self._election(congress, Body.SECRETARY, 1, ElectedBy.CONGRESS, people[:1], 1, voters)
            self._election(
                congress,
                Body.DEPUTY_SECRETARY,
                1,
                ElectedBy.CONGRESS,
                people[1:2],
                0 if short else 1,
                voters,
            )
            return
        seats = 5 if node.unit.members >= 45 else 3
        short_committee = short and self.rng.random() < 0.5
        count = seats + self.rng.choice((0, 1, 1, 2))
        count = max(count, seats + (1 if short_committee else 0))
        elected = seats - (1 if short_committee else 0)
        committee = self._election(
            congress,
            Body.COMMITTEE,
            seats,
            ElectedBy.CONGRESS,
            people[:count],
            elected,
            voters,
            incumbents_lost=1 if count > elected and self.rng.random() < 0.1 else 0,
        )
        self._leaders(congress, committee, 1, deputy_short=short and not short_committee)

    def _grassroots_elections(self, plan: _Plan) -> None:
        congress, node, seats = plan.congress, plan.node, plan.seats
        year = int(congress.campaign.code[:4])
        people = self._people(node, year, seats + plan.losers - plan.short)
        committee = self._election(
            congress,
            Body.COMMITTEE,
            seats,
            ElectedBy.CONGRESS,
            people,
            seats - plan.short,
            congress.attended or 1,
            plan.incumbents_lost,
        )
        deputies = 2 if seats >= 9 else 1
        by = ElectedBy.CONGRESS if plan.pilot else ElectedBy.COMMITTEE
        if seats >= 9:
            self._election(
                congress,
                Body.STANDING_COMMITTEE,
                3,
                ElectedBy.COMMITTEE,
                committee[:3],
                3,
                len(committee),
            )
        self._leaders(congress, committee, deputies, secretary_by=by)
        if node.children:
            inspectors = 5 if seats >= 9 else 3
            self._election(
                congress,
                Body.INSPECTION_COMMITTEE,
                inspectors,
                ElectedBy.COMMITTEE,
                self._people(node, year, inspectors),
                inspectors,
                len(committee),
            )

    def _upper_elections(self, congress: Congress, node: Node, seats: int) -> None:
        """District-level and province congresses: every body, full results."""
        rng, year = self.rng, int(congress.campaign.code[:4])
        voters = congress.attended or 1
        people = self._people(node, year, seats + seats // 10 + 2)
        committee = self._election(
            congress,
            Body.COMMITTEE,
            seats,
            ElectedBy.CONGRESS,
            people,
            seats,
            voters,
            incumbents_lost=rng.randint(0, 2),
        )
        standing = 15 if node.level == "province" else rng.choice((11, 13))
        self._election(
            congress,
            Body.STANDING_COMMITTEE,
            standing,
            ElectedBy.COMMITTEE,
            committee[:standing],
            standing,
            seats,
        )
        self._leaders(congress, committee, 3 if node.level == "province" else 2)
        inspectors = 11 if node.level == "province" else 9
        self._election(
            congress,
            Body.INSPECTION_COMMITTEE,
            inspectors,
            ElectedBy.COMMITTEE,
            self._people(node, year, inspectors),
            inspectors,
            seats,
        )
        delegates = 13 if node.level == "province" else max(8, node.unit.members // 350)
        self._election(
            congress,
            Body.DELEGATES,
            delegates,
            ElectedBy.CONGRESS,
            self._people(node, year, delegates + delegates // 10 + 1),
            delegates,
            voters,
        )


@dataclass
class _Plan:
    """A grassroots congress being shaped to the term's figures."""

    congress: Congress
    node: Node
    seats: int
    pilot: bool
    short: int = 0
    losers: int = 0
    incumbents_lost: int = 0
