"""Unit pages. Thin: gate, read, render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from daihoi.accounts.models import Role
from daihoi.accounts.queries import access_unit_by_id, can_access_unit
from daihoi.campaigns.queries import (
    list_campaigns_without_congress,
    list_congresses_for_unit,
    with_status,
)
from daihoi.units.queries import breadcrumb, page_of_children


@login_required
@require_GET
def detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit_by_id(request.user, unit_id)
    today = timezone.localdate()
    can_edit = can_access_unit(request.user, unit, Role.EDITOR)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "ancestors": breadcrumb(request.user, unit),
            "children": page_of_children(unit, request.GET.get("page")),
            "congresses": with_status(list_congresses_for_unit(unit.pk), today),
            "can_add_congress": can_edit and list_campaigns_without_congress(unit.pk).exists(),
            "today": today,
        },
    )
