"""The live page for the congress hall: counting progress, then the official results.

One full-screen page for the projector that delegates' phones can also follow; its panel is
re-fetched by htmx every few seconds. While a count is open only progress is shown (ballots
entered per clerk stream), never provisional votes; results appear once the count is frozen.

The panel comes from `daihoi.elections.live` (cached per congress; see there how stale it may
be) with an ETag: a phone's browser revalidates each poll (`Cache-Control: no-cache`) and gets a
bodiless 304 while nothing changed. The gate is unchanged and runs before the cache is looked
at: a logged-in user holding a viewer grant over the congress's unit (404 for an unknown
congress, 403 outside). The panel reads the unit with the stamp, in the same query.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from daihoi.accounts.queries import access_unit
from daihoi.campaigns.queries import access_congress_by_id
from daihoi.elections.live import cached_panel, read_stamp


@login_required
@require_GET
def live_hall(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress_by_id(request.user, congress_id)
    stamp = read_stamp(congress.pk)
    if stamp is None:  # deleted in between
        raise Http404(_("No such congress."))
    # The panel is the output of our own template, escaped when it was rendered.
    panel = mark_safe(cached_panel(stamp).html)
    return render(
        request,
        "elections/live/hall.html",
        {"congress": congress, "unit": congress.unit, "panel": panel},
    )


@login_required
@require_GET
def live_panel(request: HttpRequest, congress_id: int) -> HttpResponse:
    stamp = read_stamp(congress_id)
    if stamp is None:
        raise Http404(_("No such congress."))
    access_unit(request.user, stamp.unit)  # the gate of access_congress_by_id
    panel = cached_panel(stamp)
    response = HttpResponse(panel.html)
    response["ETag"] = panel.etag
    # Private: the panel is behind the login; no-cache: revalidate on every poll (If-None-Match).
    patch_cache_control(response, private=True, no_cache=True)
    conditional = get_conditional_response(request, etag=panel.etag, response=response)
    return conditional if conditional is not None else response
