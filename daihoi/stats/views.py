"""The dashboard: the seed's figures for one unit's subtree, a campaign and an as-of date."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from daihoi.accounts.queries import access_unit_by_id, home_unit
from daihoi.campaigns.models import Campaign
from daihoi.stats import charts, queries
from daihoi.stats.dashboard import Dashboard, build_dashboard
from daihoi.stats.exports import dashboard_workbook
from daihoi.units.models import Unit

# More bars than this would make the per-unit chart unreadable; the table below lists them all.
MAX_BARS = 60


def parse_as_of(raw: str | None) -> datetime.date | None:
    """A date from YYYY-MM-DD (what <input type=date> sends) or dd/mm/yyyy; None if invalid."""
    raw = (raw or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


class Selection:
    """The unit, campaign and date a request asks for, after the access gate."""

    def __init__(self, unit: Unit, campaign: Campaign, as_of: datetime.date) -> None:
        self.unit, self.campaign, self.as_of = unit, campaign, as_of

    def query(self, **overrides: Any) -> str:
        params = {
            "unit": self.unit.pk,
            "campaign": self.campaign.code,
            "as_of": self.as_of.isoformat(),
        }
        params.update(overrides)
        return urlencode(params)


def _select(request: HttpRequest) -> Selection | HttpResponse:
    """Read ?unit=&campaign=&as_of=; a page explaining what is missing if nothing to show."""
    raw_unit = request.GET.get("unit", "").strip()
    if raw_unit:
        if not raw_unit.isdigit():
            raise Http404(_("No such unit."))
        unit = access_unit_by_id(request.user, int(raw_unit))
    else:
        home = home_unit(request.user)
        if home is None:
            return render(request, "stats/no_unit.html", status=200)
        unit = home
    code = request.GET.get("campaign", "").strip()
    campaign = queries.get_campaign(code) if code else queries.default_campaign()
    if campaign is None:
        if code:
            raise Http404(_("No such campaign."))
        return render(request, "stats/no_campaign.html", {"unit": unit})
    as_of = parse_as_of(request.GET.get("as_of")) or timezone.localdate()
    return Selection(unit, campaign, as_of)


def _drill_href(selection: Selection, unit: Unit, is_leaf: bool) -> str:
    if is_leaf:
        try:
            return reverse("units:detail", args=[unit.pk])
        except NoReverseMatch:
            return ""
    return reverse("stats:dashboard") + "?" + selection.query(unit=unit.pk)


def _context(request: HttpRequest, selection: Selection, data: Dashboard) -> dict[str, Any]:
    series = [
        charts.Series(
            str(data.level_by_code[code].name),
            next((b.current["units"] for b in data.levels if b.level.code == code), 0),
            points,
        )
        for code, points in data.timeline.items()
    ]
    hrefs = [_drill_href(selection, row.unit, row.is_leaf) for row in data.children]
    children = [{"row": row, "href": href} for row, href in zip(data.children, hrefs, strict=True)]
    bars = [
        charts.Bar(row.unit.name, row.figures["held"], row.figures["units"], href)
        for row, href in list(zip(data.children, hrefs, strict=True))[:MAX_BARS]
    ]
    ancestors = [
        {"unit": a, "href": reverse("stats:dashboard") + "?" + selection.query(unit=a.pk)}
        for a in data.ancestors
    ]
    child_levels = {row.unit.level_id: row.unit.level for row in data.children}
    try:
        unit_detail_url = reverse("units:detail", args=[data.unit.pk])
    except NoReverseMatch:
        unit_detail_url = ""
    return {
        "d": data,
        "sel": selection,
        "campaigns": list(Campaign.objects.order_by("-code")),
        "ancestors": ancestors,
        "children": children,
        # One level for all children goes in the heading instead of a column.
        "children_level": next(iter(child_levels.values())) if len(child_levels) == 1 else None,
        "legend": [(s.label, charts.color(i)) for i, s in enumerate(series)],
        "progress_svg": charts.progress_chart(series, selection.as_of),
        "bars_svg": charts.bars_chart(bars) if children else "",
        "bars_truncated": len(children) > MAX_BARS,
        "max_bars": MAX_BARS,
        "export_url": reverse("stats:export") + "?" + selection.query(),
        "unit_detail_url": unit_detail_url,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    selection = _select(request)
    if isinstance(selection, HttpResponse):
        return selection
    data = build_dashboard(request.user, selection.unit, selection.campaign, selection.as_of)
    context = _context(request, selection, data)
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and getattr(htmx, "target", None) == "panel"
    template = "stats/_panel.html" if partial else "stats/dashboard.html"
    response = render(request, template, context)
    # The same URL gives a fragment or a page: caches (and Back) must not mix them up.
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@login_required
def export(request: HttpRequest) -> HttpResponse:
    selection = _select(request)
    if isinstance(selection, HttpResponse):
        raise Http404(_("Nothing to export."))
    data = build_dashboard(request.user, selection.unit, selection.campaign, selection.as_of)
    content = dashboard_workbook(data)
    stem = f"daihoi-{data.unit.code}-{data.campaign.code}-{data.as_of.isoformat()}"
    filename = re.sub(r"[^A-Za-z0-9._-]+", "_", stem) + ".xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
