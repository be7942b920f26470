"""Counting documents to download: the ballots (of an election's list or of a count), and a
frozen count's minutes (PDF, DOCX) and sheet (XLSX), built by daihoi.elections.counting.documents.

Read-only: a viewer of the congress's unit may download them. See docs/counting.md.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from daihoi.elections.counting import documents
from daihoi.elections.counting.forms import MinutesForm
from daihoi.elections.counting.queries import access_count_by_id, election_list
from daihoi.elections.queries import access_election_by_id

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def election_ballots(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election_by_id(request.user, election_id)
    names = election_list(election)
    try:
        pdf = documents.election_ballot_pdf(election, names)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("elections:count_setup", election_id=election.pk)
    return _file(pdf, PDF, f"phieu-bau-{election.pk}.pdf")


@login_required
@require_GET
def count_ballots(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id)
    return _file(
        documents.ballot_pdf(count), PDF, f"phieu-bau-{count.election_id}-{count.round}.pdf"
    )


def _extras(request: HttpRequest) -> documents.MinutesExtras:
    form = MinutesForm(request.GET)
    if not form.is_valid():
        return documents.MinutesExtras()
    d = form.cleaned_data
    return documents.MinutesExtras(
        place=d["place"],
        venue=d["venue"],
        started_at=d["started_at"],
        finished_at=d["finished_at"],
        number=d["number"],
    )


def _document(request: HttpRequest, count_id: int, kind: str) -> HttpResponse:
    count = access_count_by_id(request.user, count_id)
    if not count.is_frozen:
        messages.error(request, _("The minutes exist once the count is frozen."))
        return redirect("elections:count_detail", count_id=count.pk)
    stem = f"bien-ban-kiem-phieu-{count.election_id}-{count.round}"
    try:
        if kind == "pdf":
            return _file(documents.minutes_pdf(count, _extras(request)), PDF, f"{stem}.pdf")
        if kind == "docx":
            return _file(documents.minutes_docx(count, _extras(request)), DOCX, f"{stem}.docx")
        return _file(
            documents.count_xlsx(count, _extras(request)),
            XLSX,
            f"kiem-phieu-{count.election_id}-{count.round}.xlsx",
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("elections:count_detail", count_id=count.pk)


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, count_id: int) -> HttpResponse:
    return _document(request, count_id, "pdf")


@login_required
@require_GET
def minutes_docx(request: HttpRequest, count_id: int) -> HttpResponse:
    return _document(request, count_id, "docx")


@login_required
@require_GET
def count_sheet(request: HttpRequest, count_id: int) -> HttpResponse:
    return _document(request, count_id, "xlsx")
