"""What the dashboard shows, assembled once for the page and its Excel export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from daihoi.accounts.queries import granted_paths
from daihoi.campaigns.models import Campaign
from daihoi.stats import queries
from daihoi.units.models import Level, Unit


@dataclass(frozen=True)
class FigureRow:
    """One line of a level's table: a figure, optionally as a share of another."""

    figure: str
    label: str | Promise
    of: str | None = None


# The seed's table, in its order; `of` is the figure the percentage is taken of.
FIGURE_ROWS: tuple[FigureRow, ...] = (
    FigureRow("held", _("Congresses held"), "units"),
    FigureRow(
        "full_leadership",
        _("Elected the full number of committee members, secretary and deputy secretary"),
        "held",
    ),
    FigureRow("direct_secretary", _("Secretary elected directly by the congress")),
    FigureRow("committee_seats", _("Committee seats")),
    FigureRow("committee_elected", _("Committee members elected"), "committee_seats"),
    FigureRow("committee_shortfall", _("Committee seats left unfilled")),
    FigureRow("incumbents_not_reelected", _("Incumbents not re-elected")),
    FigureRow("women", _("Women among those elected"), "committee_elected"),
    FigureRow("under_40", _("Under 40 among those elected"), "committee_elected"),
    FigureRow("ethnic_minority", _("Ethnic minorities among those elected"), "committee_elected"),
    FigureRow("first_time", _("First-time members among those elected"), "committee_elected"),
)


@dataclass
class LevelBlock:
    """One level below the unit: its figures this term and in the previous campaign."""

    level: Level
    current: dict[str, int]
    previous: dict[str, int] | None

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for row in FIGURE_ROWS:
            prev = self.previous
            out.append(
                {
                    "row": row,
                    "value": self.current[row.figure],
                    "whole": self.current[row.of] if row.of else None,
                    "prev_value": prev[row.figure] if prev is not None else None,
                    "prev_whole": prev[row.of] if prev is not None and row.of else None,
                }
            )
        return out


@dataclass
class ChildRow:
    unit: Unit
    figures: dict[str, int]
    is_leaf: bool


@dataclass
class Dashboard:
    unit: Unit
    campaign: Campaign
    as_of: datetime.date
    ancestors: list[Unit]
    levels: list[LevelBlock]
    children: list[ChildRow]
    timeline: dict[str, list[tuple[datetime.date, int]]]
    level_by_code: dict[str, Level] = field(default_factory=dict)

    @property
    def previous_campaign(self) -> Campaign | None:
        return self.campaign.previous


def visible_ancestors(user: Any, unit: Unit) -> list[Unit]:
    """The ancestors of `unit` the user may open, root first (one query)."""
    step = Unit.steplen
    paths = [unit.path[: step * i] for i in range(1, unit.depth)]
    ancestors = list(Unit.objects.filter(path__in=paths).order_by("depth"))
    if user.is_superuser:
        return ancestors
    paths = granted_paths(user)
    return [a for a in ancestors if any(a.path.startswith(p) for p in paths)]


def build_dashboard(user: Any, unit: Unit, campaign: Campaign, as_of: datetime.date) -> Dashboard:
    """Every figure the dashboard shows for `unit`'s subtree; a constant number of queries."""
    figures = queries.dashboard_figures(unit, campaign, as_of)
    current, previous = figures.current, figures.previous
    level_by_code = {lv.code: lv for lv in figures.levels}
    blocks = [
        LevelBlock(
            level_by_code[code],
            values,
            None if previous is None else previous.get(code, dict.fromkeys(queries.FIGURES, 0)),
        )
        for code, values in current.items()
    ]
    children = [ChildRow(child, values, child.numchild == 0) for child, values in figures.children]
    return Dashboard(
        unit=unit,
        campaign=campaign,
        as_of=as_of,
        ancestors=visible_ancestors(user, unit),
        levels=blocks,
        children=children,
        timeline=figures.timeline,
        level_by_code=level_by_code,
    )
