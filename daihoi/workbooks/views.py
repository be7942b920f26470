"""Upload a workbook, download a unit's data or the blank template. Thin: the work is in
actions (import) and exporter (export)."""

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from daihoi.accounts.models import Role
from daihoi.accounts.queries import AccessDenied, access_unit_by_id, home_unit
from daihoi.campaigns.models import Campaign
from daihoi.workbooks.actions import do_import_workbook
from daihoi.workbooks.exporter import export_workbook, template_workbook
from daihoi.workbooks.forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# More errors than this are counted, not listed, on the page (the CLI lists them all).
ERRORS_SHOWN = 500


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_workbook(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = do_import_workbook(
                upload.file, actor=request.user, dry_run=form.cleaned_data["dry_run"]
            )
            if not result.ok:
                status = 422
        else:
            status = 400
    context = {
        "form": form,
        "result": result,
        "errors": result.errors[:ERRORS_SHOWN] if result else [],
        "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
        "home": home_unit(request.user),
    }
    return render(request, "workbooks/import.html", context, status=status)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    raw_unit = request.GET.get("unit", "").strip()
    if raw_unit:
        if not raw_unit.isdigit():
            raise Http404(_("No such unit."))
        unit = access_unit_by_id(request.user, int(raw_unit), Role.VIEWER)
    elif request.user.is_superuser:
        unit = None  # the whole tree, every root included
    else:
        unit = home_unit(request.user)
        if unit is None:
            raise AccessDenied(_("You have no role on any unit."))
    campaign = None
    if code := request.GET.get("campaign", "").strip():
        campaign = get_object_or_404(Campaign, code=code)
    out = io.BytesIO()
    export_workbook(out, unit=unit, campaign=campaign)
    name = "daihoi" + (f"-{unit.code}" if unit else "") + (f"-{campaign.code}" if campaign else "")
    return _xlsx_response(out.getvalue(), f"{name}.xlsx")


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    out = io.BytesIO()
    template_workbook(out)
    return _xlsx_response(out.getvalue(), "daihoi-template.xlsx")
