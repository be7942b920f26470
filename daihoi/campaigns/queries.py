"""Reads of campaigns and congresses, and the gate to a congress."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from daihoi.accounts.models import Role
from daihoi.accounts.queries import access_unit
from daihoi.campaigns.models import Campaign, Congress, CongressStatus


def access_congress_by_id(user: Any, congress_id: int, role: str = Role.VIEWER) -> Congress:
    """The congress if the user holds `role` over its unit: 404 if unknown, 403 if outside."""
    congress = (
        Congress.objects.select_related("campaign", "unit", "unit__level")
        .filter(pk=congress_id)
        .first()
    )
    if congress is None:
        raise Http404(_("No such congress."))
    access_unit(user, congress.unit, role)
    return congress


def list_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-code")


def list_congresses_for_unit(unit_id: int) -> QuerySet[Congress]:
    """The unit's congresses, newest campaign first, with their election counts."""
    return (
        Congress.objects.filter(unit_id=unit_id)
        .select_related("campaign")
        .annotate(
            election_count=Count("elections", distinct=True),
            elected_count=Count(
                "elections__candidates", filter=Q(elections__candidates__elected=True)
            ),
        )
        .order_by("-campaign__code")
    )


def list_campaigns_without_congress(unit_id: int) -> QuerySet[Campaign]:
    """Campaigns in which the unit has no congress yet (where one may be created)."""
    return Campaign.objects.exclude(congresses__unit_id=unit_id).order_by("-code")


def list_elections_of(congress: Congress) -> list[Any]:
    """The congress's elections with their candidates (two queries), each with `elected_count`
    and `shortfall` (seats minus elected, where positive)."""
    elections = list(congress.elections.prefetch_related("candidates").order_by("id"))
    election: Any
    for election in elections:
        candidates = list(election.candidates.all())
        elected = sum(1 for c in candidates if c.elected)
        election.elected_count = elected
        election.shortfall = max(election.seats - elected, 0)
    return elections


def with_status(congresses: Iterable[Congress], as_of: datetime.date) -> list[Congress]:
    """The congresses, each with `status_value` and `status_label` from `Congress.status_on`."""
    out = []
    for congress in congresses:
        congress.status_value = congress.status_on(as_of)  # type: ignore[attr-defined]
        congress.status_label = CongressStatus(congress.status_value).label  # type: ignore[attr-defined]
        out.append(congress)
    return out
