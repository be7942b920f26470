"""Scan pages: a count's scans (upload, batches, unreadable and decided ballots), a batch's
progress, the review queue and the ballot images. Thin: gates in `queries`, writes in `actions`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.models import Role
from daihoi.elections.counting.entry import format_reading
from daihoi.elections.counting.queries import has_surplus
from daihoi.elections.counting.stream_actions import do_set_scanned_alone
from daihoi.elections.queries import can_edit_election
from daihoi.scans import actions, files, queries, worker
from daihoi.scans.forms import (
    DecisionForm,
    DiscardForm,
    RescanForm,
    ScannedAloneForm,
    UploadForm,
    initial_for,
)
from daihoi.scans.models import ScannedBallot


def _context(count: Any, **extra: Any) -> dict[str, Any]:
    return {
        "count": count,
        "election": count.election,
        "congress": count.election.congress,
        **extra,
    }


def _reader(upload: Any) -> Any:
    def read() -> bytes:
        upload.seek(0)
        return bytes(upload.read())

    return read


# -- a count's scans ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def count_scans(request: HttpRequest, count_id: int) -> HttpResponse:
    role = Role.EDITOR if request.method == "POST" else Role.VIEWER
    count = queries.access_count_scans(request.user, count_id, role)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            sources = [(f.name, _reader(f)) for f in form.cleaned_data["images"]]
            try:
                batch = actions.do_upload_batch(request.user, count, sources)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("images", message)
                status = 422
            else:
                messages.success(
                    request,
                    _("%(n)s ballots uploaded (numbers %(first)s to %(last)s); reading them now.")
                    % {"n": batch.pages, "first": batch.first_number, "last": batch.last_number},
                )
                return redirect("scans:batch", batch_id=batch.pk)
        else:
            status = 400
    can_edit = can_edit_election(request.user, count)
    return render(
        request,
        "scans/count.html",
        _context(
            count,
            form=form,
            progress=queries.count_progress(count),
            batches=queries.list_batches(count),
            review=queries.review_queue(count) if can_edit else [],
            unreadable=queries.unreadable_ballots(count) if can_edit else [],
            decided=queries.decided_ballots(count) if can_edit else [],
            disagreements=queries.typed_disagreements(count) if can_edit else [],
            blocker=queries.unresolved_message(count),
            alone_form=ScannedAloneForm(initial={"scanned_alone": count.scanned_alone}),
            rescan_form=RescanForm(),
            discard_form=DiscardForm(),
            can_edit=can_edit,
        ),
        status=status,
    )


@login_required
@require_POST
def scanned_alone(request: HttpRequest, count_id: int) -> HttpResponse:
    count = queries.access_count_scans(request.user, count_id, Role.EDITOR)
    form = ScannedAloneForm(request.POST)
    if form.is_valid():
        try:
            do_set_scanned_alone(request.user, count, form.cleaned_data["scanned_alone"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("scans:count", count_id=count.pk)


# -- a batch --------------------------------------------------------------------------------


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = queries.access_batch_by_id(request.user, batch_id)
    return render(
        request,
        "scans/batch.html",
        _context(batch.count, batch=batch, progress=_progress_and_resume(batch)),
    )


@login_required
@require_GET
def batch_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The progress bar alone, polled by htmx while pages are being read."""
    batch = queries.access_batch_by_id(request.user, batch_id)
    return render(
        request,
        "scans/_progress.html",
        _context(batch.count, batch=batch, progress=_progress_and_resume(batch)),
    )


def _progress_and_resume(batch: Any) -> queries.Progress:
    progress = queries.batch_progress(batch)
    if progress.pending and not batch.count.is_frozen:
        worker.resume(batch.count_id)  # pages left pending by a restart, or by a dead reader
        progress = queries.batch_progress(batch)
    return progress


# -- review ---------------------------------------------------------------------------------


def _rows_for(ballot: ScannedBallot) -> list[dict[str, Any]]:
    """The machine's rows, with polygons as SVG points, doubtful ones marked."""
    out = []
    for row in ballot.machine_rows():
        polygon = row.get("polygon") or []
        out.append(
            {
                "number": row.get("number"),
                "value": row.get("value", ""),
                "doubtful": bool(row.get("doubtful")),
                "confidence": row.get("confidence"),
                "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in polygon),
            }
        )
    return out


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, count_id: int) -> HttpResponse:
    """One ballot at a time: `?ballot=<id>` or the next doubtful one, lowest confidence first.
    Saving goes on to the next doubtful ballot."""
    count = queries.access_count_scans(request.user, count_id, Role.EDITOR)
    queue = queries.review_queue(count)
    ballot = _chosen(request, count, queue)
    if ballot is None:
        messages.success(request, _("No ballot is waiting for review."))
        return redirect("scans:count", count_id=count.pk)
    surplus = has_surplus(count)
    names = list(count.candidates)
    shown = ballot.decided or (ballot.reading or {}).get("guess")
    form = DecisionForm(
        request.POST or None,
        names=names,
        surplus=surplus,
        initial=initial_for(shown, surplus, len(names)),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.do_decide_scan(request.user, ballot, form.reading())
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
                status = 422
            else:
                messages.success(
                    request, _("Ballot %(number)s decided.") % {"number": ballot.number}
                )
                return redirect("scans:review", count_id=count.pk)
        else:
            status = 400
    reading = ballot.reading or {}
    size = reading.get("size") or [0, 0]
    rows = _rows_for(ballot)
    position = next((i for i, b in enumerate(queue, 1) if b.pk == ballot.pk), None)
    return render(
        request,
        "scans/review.html",
        _context(
            count,
            ballot=ballot,
            form=form,
            surplus=surplus,
            rows=rows,
            items=form.items(rows),
            width=size[0],
            height=size[1],
            has_image=ballot.image_purged_at is None,
            queue_size=len(queue),
            position=position,
            shown_line=format_reading(
                (shown or {}).get("struck", []),
                (shown or {}).get("marks", []),
                (shown or {}).get("defects", []),
            ),
            can_decide=not count.is_frozen and ballot.status in actions.DECIDABLE,
        ),
        status=status,
    )


def _chosen(request: HttpRequest, count: Any, queue: list[ScannedBallot]) -> Any:
    number = request.GET.get("number", "")
    if number.isdigit():
        found = queries.ballot_by_number(count, int(number))
        if found is None:
            raise Http404(_("No such scanned ballot."))
        return found
    raw = request.GET.get("ballot", "")
    if raw.isdigit():
        ballot = queries.access_scanned_ballot_by_id(request.user, int(raw))
        if ballot.count_id != count.pk:
            raise Http404(_("No such scanned ballot."))
        return ballot
    return queue[0] if queue else None


@login_required
@require_GET
def ballot_image(request: HttpRequest, ballot_id: int) -> HttpResponse:
    """The page as PNG re-encoded from its pixels (no metadata), for the counting board only;
    never cached by the browser or a proxy."""
    ballot = queries.access_scanned_ballot_by_id(request.user, ballot_id, Role.EDITOR)
    try:
        data = files.load(ballot.sha256, ballot.kind)
        png, _scale = files.page_png(data, ballot.original_name, ballot.page)
    except (OSError, ValueError):
        return HttpResponse(
            _("The image of this ballot is no longer kept."), status=410, content_type="text/plain"
        )
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- unreadable ballots ---------------------------------------------------------------------


@login_required
@require_POST
def rescan(request: HttpRequest, ballot_id: int) -> HttpResponse:
    ballot = queries.access_scanned_ballot_by_id(request.user, ballot_id, Role.EDITOR)
    form = RescanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the new image of the ballot."))
        return redirect("scans:count", count_id=ballot.count_id)
    upload = form.cleaned_data["file"]
    try:
        new = actions.do_rescan(request.user, ballot, upload.name, _reader(upload)())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("scans:count", count_id=ballot.count_id)
    messages.success(
        request, _("Ballot %(number)s rescanned; reading it now.") % {"number": new.number}
    )
    return redirect("scans:batch", batch_id=new.batch_id)


@login_required
@require_POST
def discard(request: HttpRequest, ballot_id: int) -> HttpResponse:
    ballot = queries.access_scanned_ballot_by_id(request.user, ballot_id, Role.EDITOR)
    form = DiscardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this page is not a ballot of this count."))
    else:
        try:
            actions.do_discard_scan(request.user, ballot, form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Page %(number)s set aside: not a ballot of this count.")
                % {"number": ballot.number},
            )
    return redirect(reverse("scans:count", args=[ballot.count_id]) + "#unreadable")
