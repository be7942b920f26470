"""API: campaigns and congresses (with their elections), and recording a congress's facts."""

import datetime
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from daihoi.accounts.models import Role
from daihoi.accounts.queries import access_unit, access_unit_by_code, subtree_filter
from daihoi.api_common import ERRORS, page_of, user_of
from daihoi.campaigns.actions import do_update_congress
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election

router = Router()


class CampaignOut(Schema):
    code: str
    name: str
    previous: str | None


class CongressOut(Schema):
    campaign: str
    unit_code: str
    unit_name: str
    term: str
    kind: str
    planned_on: datetime.date | None
    held_on: datetime.date | None
    summoned: int | None
    attended: int | None
    pilot: bool
    status: str


class CongressPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[CongressOut]


class CandidateOut(Schema):
    full_name: str
    incumbent: bool
    gender: str
    birth_year: int | None
    ethnicity: str
    votes: int | None
    elected: bool


class ElectionOut(Schema):
    body: str
    seats: int
    elected_by: str
    elected: int
    candidates: list[CandidateOut]


class CongressDetail(CongressOut):
    elections: list[ElectionOut]


class CongressPatch(Schema):
    """The facts an editor may record; fields left out are not changed."""

    held_on: datetime.date | None = None
    summoned: int | None = Field(None, ge=0)
    attended: int | None = Field(None, ge=0)
    pilot: bool | None = None


def _campaign(code: str) -> Campaign:
    campaign = Campaign.objects.filter(code=code).first()
    if campaign is None:
        raise Http404(_("No such campaign: %(code)s.") % {"code": code})
    return campaign


def congress_out(congress: Congress, as_of: datetime.date) -> dict[str, Any]:
    return {
        "campaign": congress.campaign.code,
        "unit_code": congress.unit.code,
        "unit_name": congress.unit.name,
        "term": congress.term,
        "kind": congress.kind,
        "planned_on": congress.planned_on,
        "held_on": congress.held_on,
        "summoned": congress.summoned,
        "attended": congress.attended,
        "pilot": congress.pilot,
        "status": congress.status_on(as_of),
    }


def _congress(user: Any, campaign: str, unit_code: str, role: str = Role.VIEWER) -> Congress:
    """The congress of the unit in the campaign: 404 if unknown, 403 if outside the grants."""
    unit = access_unit_by_code(user, unit_code)
    congress = (
        Congress.objects.select_related("campaign", "unit")
        .filter(campaign=_campaign(campaign), unit=unit)
        .first()
    )
    if congress is None:
        raise Http404(
            _("%(unit)s has no congress in campaign %(campaign)s.")
            % {"unit": unit.code, "campaign": campaign}
        )
    if role != Role.VIEWER:
        access_unit(user, unit, role)
    return congress


@router.get("/campaigns/", response={200: list[CampaignOut], **ERRORS}, summary="Campaigns")
def list_campaigns(request: HttpRequest) -> Any:
    rows = Campaign.objects.select_related("previous").order_by("-code")
    return [
        {"code": c.code, "name": c.name, "previous": c.previous.code if c.previous else None}
        for c in rows
    ]


@router.get("/congresses/", response={200: CongressPage, **ERRORS}, summary="List congresses")
def list_congresses(
    request: HttpRequest,
    campaign: str | None = None,
    unit: str | None = None,
    level: str | None = None,
    as_of: datetime.date | None = None,
    page: int = 1,
    page_size: int = Query(100, ge=1, le=1000),
) -> Any:
    """The congresses of `unit`'s subtree (default: every unit the caller may see), optionally
    of one campaign and one level. `status` is as of `as_of` (default: today)."""
    user = user_of(request)
    congresses = Congress.objects.select_related("campaign", "unit")
    if unit:
        top = access_unit_by_code(user, unit)
        congresses = congresses.filter(unit__path__startswith=top.path)
    else:
        congresses = congresses.filter(subtree_filter(user, prefix="unit__"))
    if campaign:
        congresses = congresses.filter(campaign=_campaign(campaign))
    if level:
        congresses = congresses.filter(unit__level__code=level)
    rows, meta = page_of(congresses.order_by("unit__path", "-campaign__code"), page, page_size)
    day = as_of or timezone.localdate()
    return {**meta, "items": [congress_out(c, day) for c in rows]}


@router.get(
    "/congresses/{campaign}/{unit_code}",
    response={200: CongressDetail, **ERRORS},
    summary="One congress with its elections and candidates",
)
def get_congress(request: HttpRequest, campaign: str, unit_code: str) -> Any:
    congress = _congress(user_of(request), campaign, unit_code)
    elections = (
        Election.objects.filter(congress=congress)
        .prefetch_related(Prefetch("candidates", queryset=Candidate.objects.order_by("id")))
        .order_by("id")
    )
    out = congress_out(congress, timezone.localdate())
    out["elections"] = [
        {
            "body": e.body,
            "seats": e.seats,
            "elected_by": e.elected_by,
            "elected": sum(1 for c in e.candidates.all() if c.elected),
            "candidates": list(e.candidates.all()),
        }
        for e in elections
    ]
    return out


@router.patch(
    "/congresses/{campaign}/{unit_code}",
    response={200: CongressOut, **ERRORS},
    summary="Record a congress's held date, attendance and pilot flag (editors)",
)
def patch_congress(
    request: HttpRequest, campaign: str, unit_code: str, payload: CongressPatch
) -> Any:
    user = user_of(request)
    congress = _congress(user, campaign, unit_code, Role.EDITOR)
    fields = payload.model_dump(exclude_unset=True)
    if fields.get("pilot", False) is None:
        del fields["pilot"]
    if fields:
        do_update_congress(user, congress, **fields)
    return congress_out(congress, timezone.localdate())
