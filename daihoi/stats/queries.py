"""The figures of a subtree (seed table), computed live from congresses, elections, candidates.

Every function runs a small constant number of aggregate queries whatever the size of the tree:
the subtree is a path prefix (`path LIKE 'prefix%'`, indexed), rows are grouped in the database
by level (or by direct child) and counted with conditional aggregation. Nothing loops over units
or candidates in Python.

Definitions (issue 2, item 6). "Held" means `held_on <= as_of`; every figure but `units` counts
only held congresses of the campaign:

- units: units of the level in the subtree (whatever the date);
- held: congresses held;
- full_leadership: held congresses where every committee, secretary and deputy_secretary election
  elected at least its seats (a congress with none of these elections counts as full);
- direct_secretary: held congresses whose secretary election is elected by the congress;
- committee_seats / committee_elected: committee seats, elected committee candidates;
- committee_shortfall: sum of max(0, seats - elected) over committee elections;
- incumbents_not_reelected: incumbent committee candidates not elected;
- women, under_40 (held year - birth year < 40; unknown birth year not counted),
  ethnic_minority (ethnicity given and not Kinh), first_time (not incumbent): among elected
  committee members.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.db import connection
from django.db.models import Count, Expression, F, FilteredRelation, Q, QuerySet
from django.db.models.functions import ExtractYear, Substr

from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import (
    LEADERSHIP_BODIES,
    MAJORITY_ETHNICITY,
    Body,
    Candidate,
    ElectedBy,
    Election,
    Gender,
)
from daihoi.units.models import Level, Unit

FIGURES: tuple[str, ...] = (
    "units",
    "held",
    "full_leadership",
    "direct_secretary",
    "committee_seats",
    "committee_elected",
    "committee_shortfall",
    "incumbents_not_reelected",
    "women",
    "under_40",
    "ethnic_minority",
    "first_time",
)

# How rows are grouped: by the unit's level, or by the direct child of the unit the row is under.
_BY_LEVEL = "level"
_BY_CHILD = "child"


def get_campaign(code: str) -> Campaign | None:
    return Campaign.objects.filter(code=code).select_related("previous").first()


def default_campaign() -> Campaign | None:
    """The latest campaign (codes like 2020-2025 sort by time)."""
    return Campaign.objects.select_related("previous").order_by("-code").first()


def _empty() -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def _group_key(unit: Unit, prefix: str, by: str) -> Expression | F:
    """The grouping expression on a unit reached through `prefix` (e.g. "congress__unit__")."""
    if by == _BY_LEVEL:
        return F(f"{prefix}level_id")
    return Substr(f"{prefix}path", 1, len(unit.path) + Unit.steplen)


def _below(unit: Unit, prefix: str = "") -> Q:
    """The units strictly below `unit`, reached through `prefix`."""
    return Q(**{f"{prefix}path__startswith": unit.path, f"{prefix}depth__gt": unit.depth})


def _held(campaign: Campaign, as_of: datetime.date, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}campaign": campaign,
            f"{prefix}held_on__isnull": False,
            f"{prefix}held_on__lte": as_of,
        }
    )


def _add(
    out: dict[Any, dict[str, int]], rows: Iterable[dict[str, Any]], names: Iterable[str]
) -> None:
    names = tuple(names)
    for row in rows:
        figures = out.setdefault(row["grp"], _empty())
        for name in names:
            figures[name] += int(row[name] or 0)


def _unit_rows(unit: Unit, by: str) -> QuerySet:
    return (
        Unit.objects.filter(_below(unit))
        .values(grp=_group_key(unit, "", by))
        .annotate(units=Count("id"))
        .order_by()
    )


def _congress_rows(unit: Unit, campaign: Campaign, as_of: datetime.date, by: str) -> QuerySet:
    return (
        Congress.objects.filter(_held(campaign, as_of), _below(unit, "unit__"))
        .values(grp=_group_key(unit, "unit__", by))
        .annotate(held=Count("id"))
        .order_by()
    )


def _election_rows(
    unit: Unit, campaign: Campaign, as_of: datetime.date, by: str
) -> list[dict[str, Any]]:
    """Seats, shortfall, short congresses and direct secretaries: a two-level aggregate.

    The inner query (built by the ORM, so it is right on every backend) gives one row per
    leadership election with its number of elected candidates; the outer one sums per group.
    """
    inner = (
        Election.objects.filter(
            _held(campaign, as_of, "congress__"),
            _below(unit, "congress__unit__"),
            body__in=LEADERSHIP_BODIES,
        )
        # Join only the elected candidates: fewer rows to group.
        .annotate(won=FilteredRelation("candidates", condition=Q(candidates__elected=True)))
        .values(
            grp=_group_key(unit, "congress__unit__", by),
            eid=F("id"),
            cid=F("congress_id"),
            b=F("body"),
            s=F("seats"),
            eb=F("elected_by"),
        )
        .annotate(n=Count("won"))
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    q = connection.ops.quote_name
    grp, cid, b, s, eb, n = (q(x) for x in ("grp", "cid", "b", "s", "eb", "n"))
    committee = f"{b} = %s"
    outer = f"""
        SELECT {grp},
          SUM(CASE WHEN {committee} THEN {s} ELSE 0 END),
          SUM(CASE WHEN {committee} AND {s} > {n} THEN {s} - {n} ELSE 0 END),
          COUNT(DISTINCT CASE WHEN {s} > {n} THEN {cid} END),
          SUM(CASE WHEN {b} = %s AND {eb} = %s THEN 1 ELSE 0 END)
        FROM ({sql}) inner_rows
        GROUP BY {grp}
    """
    # Placeholders in order: the four in SELECT, then the inner query's.
    with connection.cursor() as cursor:
        cursor.execute(
            outer,
            (
                Body.COMMITTEE.value,
                Body.COMMITTEE.value,
                Body.SECRETARY.value,
                ElectedBy.CONGRESS.value,
                *params,
            ),
        )
        return [
            {
                "grp": row[0],
                "committee_seats": row[1],
                "committee_shortfall": row[2],
                "short_congresses": row[3],
                "direct_secretary": row[4],
            }
            for row in cursor.fetchall()
        ]


def _candidate_rows(unit: Unit, campaign: Campaign, as_of: datetime.date, by: str) -> QuerySet:
    elected = Q(elected=True)
    held_year = ExtractYear("election__congress__held_on")
    return (
        Candidate.objects.filter(
            _held(campaign, as_of, "election__congress__"),
            _below(unit, "election__congress__unit__"),
            election__body=Body.COMMITTEE,
        )
        .values(grp=_group_key(unit, "election__congress__unit__", by))
        .annotate(
            committee_elected=Count("id", filter=elected),
            incumbents_not_reelected=Count("id", filter=Q(incumbent=True, elected=False)),
            women=Count("id", filter=elected & Q(gender=Gender.FEMALE)),
            under_40=Count("id", filter=elected & Q(birth_year__gt=held_year - 40)),
            ethnic_minority=Count(
                "id",
                filter=elected & ~Q(ethnicity="") & ~Q(ethnicity=MAJORITY_ETHNICITY),
            ),
            first_time=Count("id", filter=elected & Q(incumbent=False)),
        )
        .order_by()
    )


_CANDIDATE_FIGURES = (
    "committee_elected",
    "incumbents_not_reelected",
    "women",
    "under_40",
    "ethnic_minority",
    "first_time",
)


def _figures(
    unit: Unit, campaign: Campaign, as_of: datetime.date, by: str
) -> dict[Any, dict[str, int]]:
    """group key -> figures, for the units strictly below `unit` (5 queries at most)."""
    out: dict[Any, dict[str, int]] = {}
    _add(out, _unit_rows(unit, by), ["units"])
    _add(out, _congress_rows(unit, campaign, as_of, by), ["held"])
    elections = _election_rows(unit, campaign, as_of, by)
    _add(out, elections, ["committee_seats", "committee_shortfall", "direct_secretary"])
    _add(out, _candidate_rows(unit, campaign, as_of, by), _CANDIDATE_FIGURES)
    short = {row["grp"]: int(row["short_congresses"] or 0) for row in elections}
    for key, figures in out.items():
        figures["full_leadership"] = figures["held"] - short.get(key, 0)
    return out


def level_figures(
    unit: Unit, campaign: Campaign, as_of: datetime.date
) -> dict[str, dict[str, int]]:
    """Level code -> figures for the units strictly below `unit`, ordered by Level.rank.

    Only levels that have units in the subtree appear.
    """
    by_level = _figures(unit, campaign, as_of, _BY_LEVEL)
    levels = Level.objects.filter(id__in=list(by_level)).order_by("rank", "code")
    return {level.code: by_level[level.id] for level in levels}


def stats_report(unit: Unit, campaign: Campaign, as_of: datetime.date) -> dict[str, Any]:
    """The `daihoi stats --json` document for `unit`'s subtree.

    The previous campaign is counted with the same as-of date: its congresses were held in the
    earlier term, so on any date of this campaign they are all in the past and the previous
    column shows that term's final figures (the seed compares 2 with 16 and 27 with 54 so).
    """
    previous = campaign.previous
    return {
        "campaign": campaign.code,
        "unit": unit.code,
        "as_of": as_of.isoformat(),
        "levels": level_figures(unit, campaign, as_of),
        "previous": None
        if previous is None
        else {"campaign": previous.code, "levels": level_figures(unit, previous, as_of)},
    }


def held_timeline(unit: Unit, campaign: Campaign) -> dict[str, list[tuple[datetime.date, int]]]:
    """Level code -> cumulative congresses held below `unit`, one point per distinct held date.

    Ordered by Level.rank; every held date is included (also those after today).
    """
    rows = (
        Congress.objects.filter(campaign=campaign, held_on__isnull=False)
        .filter(_below(unit, "unit__"))
        .values("unit__level_id", "held_on")
        .annotate(n=Count("id"))
        .order_by("unit__level_id", "held_on")
    )
    series: dict[int, list[tuple[datetime.date, int]]] = {}
    for row in rows:
        points = series.setdefault(row["unit__level_id"], [])
        total = (points[-1][1] if points else 0) + row["n"]
        held_on = cast(datetime.date, row["held_on"])
        points.append((held_on, total))
    levels = Level.objects.filter(id__in=list(series)).order_by("rank", "code")
    return {level.code: series[level.id] for level in levels}


def child_figures(
    unit: Unit, campaign: Campaign, as_of: datetime.date
) -> list[tuple[Unit, dict[str, int]]]:
    """One row per direct child of `unit` (in tree order), figures over the child's whole
    subtree, the child included, summed over levels."""
    by_child = _figures(unit, campaign, as_of, _BY_CHILD)
    children = (
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .select_related("level")
        .order_by("path")
    )
    return [(child, by_child.get(child.path, _empty())) for child in children]


def total_figures(unit: Unit, campaign: Campaign, as_of: datetime.date) -> dict[str, int]:
    """All figures of the subtree below `unit`, summed over levels."""
    total = _empty()
    for figures in level_figures(unit, campaign, as_of).values():
        for name in FIGURES:
            total[name] += figures[name]
    return total


__all__ = [
    "FIGURES",
    "child_figures",
    "default_campaign",
    "get_campaign",
    "held_timeline",
    "level_figures",
    "stats_report",
    "total_figures",
]
