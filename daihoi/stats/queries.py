"""The figures of a subtree (seed table), added up from the per-congress results summary.

Each congress's figures are kept in `stats.CongressSummary` by the writers (see stats/summary.py
for how they are computed); a report adds them up for the congresses held by the as-of date in
a unit's subtree. Every function runs a small constant number of aggregate queries whatever the
size of the tree: the subtree is a path range (`path > prefix AND path < prefix || '~'`, which
both PostgreSQL, with the C collation of units/0002, and SQLite serve from the path index), rows
are grouped in the database by level (or by direct child) and counted with conditional
aggregation. Nothing loops over units or candidates in Python.

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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection
from django.db.models import Count, DateField, F, Func, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Substr

from daihoi.campaigns.models import Campaign, Congress
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
# Summed from the summary rows of the held congresses.
_SUMMED = (
    "committee_seats",
    "committee_elected",
    "committee_shortfall",
    "incumbents_not_reelected",
    "women",
    "under_40",
    "ethnic_minority",
    "first_time",
)
# Sorts after every character of a materialized path (digits and capitals), bytewise.
_PATH_END = "~"


def get_campaign(code: str) -> Campaign | None:
    return Campaign.objects.filter(code=code).select_related("previous").first()


def default_campaign() -> Campaign | None:
    """The latest campaign (codes like 2020-2025 sort by time)."""
    return Campaign.objects.select_related("previous").order_by("-code").first()


def _empty() -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def subtree_range(path: str, prefix: str = "") -> Q:
    """Units whose path starts with `path` (the unit itself included), reached through
    `prefix`: a range, so that the path index serves it on SQLite as on PostgreSQL."""
    return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path + _PATH_END})


def _below(unit: Unit, prefix: str = "") -> Q:
    """The units strictly below `unit`, reached through `prefix`."""
    return subtree_range(unit.path, prefix) & Q(**{f"{prefix}depth__gt": unit.depth})


def _child_key(unit: Unit, prefix: str) -> Substr:
    return Substr(f"{prefix}path", 1, len(unit.path) + Unit.steplen)


def _held_congresses(
    unit: Unit, campaigns: Sequence[Campaign], as_of: datetime.date | None
) -> QuerySet[Congress]:
    """Congresses of `campaigns` below `unit` with a held date (on or before `as_of` if given).

    On SQLite the campaign and date are compared through a no-op unary plus, which keeps
    SQLite's planner from starting at the (campaign, held_on) index, i.e. from every congress of
    the campaign in the country, instead of at the subtree's units (a province: 1.2 s → 10 ms).
    PostgreSQL's planner chooses by cost and needs no such hint.
    """
    rows = Congress.objects.filter(_below(unit, "unit__"))
    campaign, held_on = "campaign_id", "held_on"
    if connection.vendor == "sqlite":
        rows = rows.alias(
            _cmp=Func(F(campaign), template="+%(expressions)s", output_field=IntegerField()),
            _held=Func(F(held_on), template="+%(expressions)s", output_field=DateField()),
        )
        campaign, held_on = "_cmp", "_held"
    rows = rows.filter(
        **{f"{campaign}__in": [c.pk for c in campaigns], f"{held_on}__isnull": False}
    )
    if as_of is not None:
        rows = rows.filter(**{f"{held_on}__lte": as_of})
    return rows


@dataclass
class _Collected:
    """Figures below a unit, keyed by (level id, child path or "") and, but units, campaign."""

    units: dict[tuple[int, str], int]
    figures: dict[int, dict[tuple[int, str], dict[str, int]]]

    def level_ids(self) -> set[int]:
        return {level_id for level_id, _child in self.units}

    def sum_by(self, campaign: Campaign, index: int) -> dict[Any, dict[str, int]]:
        """Figures of `campaign` summed per level (index 0) or per child path (index 1)."""
        out: dict[Any, dict[str, int]] = {}
        for key, n in self.units.items():
            out.setdefault(key[index], _empty())["units"] += n
        for key, figures in self.figures.get(campaign.pk, {}).items():
            target = out.setdefault(key[index], _empty())
            for name, value in figures.items():
                target[name] += value
        return out


def _collect(
    unit: Unit, campaigns: Sequence[Campaign], as_of: datetime.date, by_child: bool
) -> _Collected:
    """Two queries: the units below `unit`, and the summaries of their held congresses in
    `campaigns`, both grouped by level (and by direct child if asked)."""
    unit_keys: dict[str, Any] = {"lvl": F("level_id")}
    congress_keys: dict[str, Any] = {"cmp": F("campaign_id"), "lvl": F("unit__level_id")}
    if by_child:
        unit_keys["child"] = _child_key(unit, "")
        congress_keys["child"] = _child_key(unit, "unit__")
    unit_rows = (
        Unit.objects.filter(_below(unit)).values(**unit_keys).annotate(n=Count("id")).order_by()
    )
    units = {(row["lvl"], row.get("child", "")): row["n"] for row in unit_rows}
    figures: dict[int, dict[tuple[int, str], dict[str, int]]] = {}
    if campaigns:
        # A congress without a summary row has no leadership election: full, every sum 0.
        full = Q(summary__isnull=True) | Q(summary__full_leadership=True)
        rows = (
            _held_congresses(unit, campaigns, as_of)
            .values(**congress_keys)
            .annotate(
                held=Count("id"),
                full_leadership=Count("id", filter=full),
                direct_secretary=Count("id", filter=Q(summary__direct_secretary=True)),
                **{name: Sum(f"summary__{name}") for name in _SUMMED},
            )
            .order_by()
        )
        row: dict[str, Any]
        for row in rows:  # type: ignore[assignment]
            key = (row["lvl"], row.get("child", ""))
            figures.setdefault(row["cmp"], {})[key] = {
                name: int(row[name] or 0)
                for name in ("held", "full_leadership", "direct_secretary", *_SUMMED)
            }
    return _Collected(units, figures)


def _levels(ids: set[int]) -> list[Level]:
    return list(Level.objects.filter(id__in=ids).order_by("rank", "code"))


def _by_level_code(levels: list[Level], by_id: dict[Any, dict[str, int]]) -> dict[str, Any]:
    return {level.code: by_id[level.id] for level in levels if level.id in by_id}


def level_figures(
    unit: Unit, campaign: Campaign, as_of: datetime.date
) -> dict[str, dict[str, int]]:
    """Level code -> figures for the units strictly below `unit`, ordered by Level.rank.

    Only levels that have units in the subtree appear.
    """
    collected = _collect(unit, [campaign], as_of, by_child=False)
    return _by_level_code(_levels(collected.level_ids()), collected.sum_by(campaign, 0))


def stats_report(unit: Unit, campaign: Campaign, as_of: datetime.date) -> dict[str, Any]:
    """The `daihoi stats --json` document for `unit`'s subtree (3 queries).

    The previous campaign is counted with the same as-of date: its congresses were held in the
    earlier term, so on any date of this campaign they are all in the past and the previous
    column shows that term's final figures (the seed compares 2 with 16 and 27 with 54 so).
    """
    previous = campaign.previous
    campaigns = [campaign] if previous is None else [campaign, previous]
    collected = _collect(unit, campaigns, as_of, by_child=False)
    levels = _levels(collected.level_ids())
    return {
        "campaign": campaign.code,
        "unit": unit.code,
        "as_of": as_of.isoformat(),
        "levels": _by_level_code(levels, collected.sum_by(campaign, 0)),
        "previous": None
        if previous is None
        else {
            "campaign": previous.code,
            "levels": _by_level_code(levels, collected.sum_by(previous, 0)),
        },
    }


def _timeline(unit: Unit, campaign: Campaign) -> dict[int, list[tuple[datetime.date, int]]]:
    rows = (
        _held_congresses(unit, [campaign], None)
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
    return series


def held_timeline(unit: Unit, campaign: Campaign) -> dict[str, list[tuple[datetime.date, int]]]:
    """Level code -> cumulative congresses held below `unit`, one point per distinct held date.

    Ordered by Level.rank; every held date is included (also those after today).
    """
    series = _timeline(unit, campaign)
    return _by_level_code(_levels(set(series)), series)  # type: ignore[arg-type]


def _children(unit: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(subtree_range(unit.path), depth=unit.depth + 1)
        .select_related("level")
        .order_by("path")
    )


def child_figures(
    unit: Unit, campaign: Campaign, as_of: datetime.date
) -> list[tuple[Unit, dict[str, int]]]:
    """One row per direct child of `unit` (in tree order), figures over the child's whole
    subtree, the child included, summed over levels."""
    by_child = _collect(unit, [campaign], as_of, by_child=True).sum_by(campaign, 1)
    return [(child, by_child.get(child.path, _empty())) for child in _children(unit)]


def total_figures(unit: Unit, campaign: Campaign, as_of: datetime.date) -> dict[str, int]:
    """All figures of the subtree below `unit`, summed over levels."""
    total = _empty()
    for figures in level_figures(unit, campaign, as_of).values():
        for name in FIGURES:
            total[name] += figures[name]
    return total


@dataclass
class DashboardFigures:
    """Everything the dashboard shows, from one pass (6 queries)."""

    levels: list[Level]
    current: dict[str, dict[str, int]]
    previous: dict[str, dict[str, int]] | None
    children: list[tuple[Unit, dict[str, int]]]
    timeline: dict[str, list[tuple[datetime.date, int]]]


def dashboard_figures(unit: Unit, campaign: Campaign, as_of: datetime.date) -> DashboardFigures:
    """The figures by level for the campaign and its previous one, per child, and the timeline:
    the same numbers as level_figures, child_figures and held_timeline, with fewer queries."""
    previous = campaign.previous
    campaigns = [campaign] if previous is None else [campaign, previous]
    collected = _collect(unit, campaigns, as_of, by_child=True)
    series = _timeline(unit, campaign)
    levels = _levels(collected.level_ids() | set(series))
    by_child = collected.sum_by(campaign, 1)
    return DashboardFigures(
        levels=levels,
        current=_by_level_code(levels, collected.sum_by(campaign, 0)),
        previous=None
        if previous is None
        else _by_level_code(levels, collected.sum_by(previous, 0)),
        children=[(c, by_child.get(c.path, _empty())) for c in _children(unit)],
        timeline=_by_level_code(levels, series),  # type: ignore[arg-type]
    )


__all__ = [
    "FIGURES",
    "DashboardFigures",
    "child_figures",
    "dashboard_figures",
    "default_campaign",
    "get_campaign",
    "held_timeline",
    "level_figures",
    "stats_report",
    "subtree_range",
    "total_figures",
]
