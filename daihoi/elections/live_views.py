"""The live page for the congress hall: counting progress, then the official results.

One full-screen page for the projector that delegates' phones can also follow; its panel is
re-fetched by htmx every few seconds. While a count is open only progress is shown (ballots
entered per clerk stream), never provisional votes; results appear once the count is frozen.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.views.decorators.http import require_GET

from daihoi.campaigns.models import Congress
from daihoi.campaigns.queries import access_congress_by_id
from daihoi.elections.counting.queries import count_progress, current_counts
from daihoi.elections.models import CountState


def _percent(text: Any) -> str:
    """The engine's percentage string ("54.17") in the active language's format (54,17%)."""
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return "—"
    decimals = len(str(text).partition(".")[2])
    return number_format(value, decimal_pos=decimals) + "%"


def _elected_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The elected, most votes first, each with votes and percent of base."""
    by_name = {r["name"]: r for r in result.get("results") or []}
    rows = [
        {
            "name": name,
            "votes": by_name.get(name, {}).get("votes"),
            "percent": _percent(by_name.get(name, {}).get("percent_of_base")),
        }
        for name in result.get("elected") or []
    ]
    rows.sort(key=lambda r: -(r["votes"] or 0))
    return rows


def live_elections(congress: Congress) -> list[dict[str, Any]]:
    """Each election of the congress with its latest current count: progress, or the result."""
    out = []
    for election in congress.elections.order_by("id"):
        counts = current_counts(election)
        count = counts[-1] if counts else None
        item: dict[str, Any] = {"election": election, "count": count}
        if count is not None and count.state == CountState.FROZEN and count.result_json:
            result = count.result_json
            item["result"] = result
            item["elected"] = _elected_rows(result)
            item["unfilled"] = result.get("unfilled") or 0
        elif count is not None:
            progress = count_progress(count)
            progress.pop("result", None)  # never show provisional figures
            item["progress"] = progress
        out.append(item)
    return out


def _context(congress: Congress) -> dict[str, Any]:
    return {"congress": congress, "unit": congress.unit, "items": live_elections(congress)}


@login_required
@require_GET
def live_hall(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress_by_id(request.user, congress_id)
    return render(request, "elections/live/hall.html", _context(congress))


@login_required
@require_GET
def live_panel(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress_by_id(request.user, congress_id)
    return render(request, "elections/live/_panel.html", _context(congress))
