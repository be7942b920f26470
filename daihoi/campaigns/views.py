"""Congress pages: the facts and elections of one congress, and the forms to record them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from daihoi.accounts.models import Role
from daihoi.accounts.queries import access_unit_by_id, can_access_unit
from daihoi.campaigns.actions import CONGRESS_FIELDS, do_create_congress, do_update_congress
from daihoi.campaigns.forms import CongressForm, NewCongressForm
from daihoi.campaigns.queries import (
    access_congress_by_id,
    list_campaigns_without_congress,
    list_elections_of,
    with_status,
)


def add_action_error(form: Form, exc: ValidationError) -> None:
    """Show an action's ValidationError on the form: by field where it names one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_GET
def congress_detail(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress_by_id(request.user, congress_id)
    with_status([congress], timezone.localdate())
    return render(
        request,
        "campaigns/congress_detail.html",
        {
            "congress": congress,
            "unit": congress.unit,
            "elections": list_elections_of(congress),
            "can_edit": can_access_unit(request.user, congress.unit, Role.EDITOR),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def congress_edit(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress_by_id(request.user, congress_id, Role.EDITOR)
    initial = {name: getattr(congress, name) for name in CONGRESS_FIELDS}
    form = CongressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_congress(request.user, congress, **form.cleaned_data)
        except ValidationError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The congress was saved."))
            return redirect("campaigns:congress_detail", congress_id=congress.pk)
    return render(
        request,
        "campaigns/congress_form.html",
        {"form": form, "congress": congress, "unit": congress.unit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def congress_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit_by_id(request.user, unit_id, Role.EDITOR)
    campaigns = list_campaigns_without_congress(unit.pk)
    form = NewCongressForm(
        request.POST or None, campaigns=campaigns, initial={"campaign": campaigns.first()}
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CONGRESS_FIELDS}
        try:
            congress = do_create_congress(
                request.user, form.cleaned_data["campaign"], unit, **fields
            )
        except ValidationError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The congress was created."))
            return redirect("campaigns:congress_detail", congress_id=congress.pk)
    return render(
        request,
        "campaigns/congress_form.html",
        {"form": form, "congress": None, "unit": unit, "no_campaign": not campaigns.exists()},
    )
