"""API: the seed's figures for a subtree, campaign and date (same JSON as `daihoi stats`)."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from daihoi.accounts.queries import AccessDenied, access_unit_by_code, home_unit
from daihoi.api_common import ERRORS, user_of
from daihoi.stats.queries import get_campaign, stats_report

router = Router()


@router.get("/", response={200: dict[str, Any], **ERRORS}, summary="Statistics of a subtree")
def get_stats(
    request: HttpRequest,
    campaign: str,
    unit: str | None = None,
    as_of: datetime.date | None = None,
) -> Any:
    """`{"campaign", "unit", "as_of", "levels": {LEVEL: {figure: number}}, "previous"}` for
    `unit`'s subtree (default: the caller's top unit), counting congresses held on or before
    `as_of` (default: today)."""
    user = user_of(request)
    found = get_campaign(campaign)
    if found is None:
        raise Http404(_("No such campaign: %(code)s.") % {"code": campaign})
    if unit:
        top = access_unit_by_code(user, unit)
    else:
        home = home_unit(user)
        if home is None:
            raise AccessDenied(_("You have no role on any unit."))
        top = home
    return stats_report(top, found, as_of or timezone.localdate())
