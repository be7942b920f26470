"""Counting pages: setup, double entry, reconciliation, board decisions, freezing, documents.

Thin: every read goes through the gate (viewer to read, editor to enter and freeze) and every
write through daihoi.elections.counting.actions. See docs/counting.md.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.models import Role
from daihoi.accounts.queries import can_access_unit
from daihoi.campaigns.views import add_action_error
from daihoi.elections.counting import actions, documents
from daihoi.elections.counting.entry import EntryError, format_reading, parse_entry
from daihoi.elections.counting.forms import (
    DEFECT_LABELS,
    OUTCOME_LABELS,
    REASON_LABELS,
    EntryForm,
    MinutesForm,
    NextRoundForm,
    OpenCountForm,
    RecountForm,
    SetupForm,
    TotalsForm,
)
from daihoi.elections.counting.queries import (
    access_count_by_id,
    committee_frozen,
    count_progress,
    election_counts,
    election_list,
    has_surplus,
    needs_committee_first,
    preview,
    reconcile,
)
from daihoi.elections.models import BallotEntry, BoardDecision, Count, CountMode, CountState
from daihoi.elections.queries import access_election_by_id
from daihoi.tally import TallyError, check_surplus, compute_base

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_edit(user: Any, count_or_election: Any) -> bool:
    election = getattr(count_or_election, "election", count_or_election)
    return can_access_unit(user, election.congress.unit, Role.EDITOR)


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- setup ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, election_id: int) -> HttpResponse:
    role = Role.EDITOR if request.method == "POST" else Role.VIEWER
    election = access_election_by_id(request.user, election_id, role)
    congress = election.congress
    names = election_list(election)
    setup_form = SetupForm(
        request.POST if "configure" in request.POST else None,
        initial={
            "rules": election.rules,
            "seats": election.seats,
            "alternates": election.alternates,
        },
    )
    kind = "conference" if needs_committee_first(election) else congress.kind
    default_summoned = congress.summoned
    if kind == "conference":
        committee = election.congress.elections.filter(body="committee").first()
        default_summoned = committee.candidates.filter(elected=True).count() if committee else None
    open_form = OpenCountForm(
        request.POST if "open" in request.POST else None,
        kind=kind,
        initial={
            "mode": CountMode.BALLOTS,
            "summoned": default_summoned,
            "issued": congress.attended,
        },
    )
    if request.method == "POST" and "configure" in request.POST and setup_form.is_valid():
        try:
            actions.do_configure_election(request.user, election, **setup_form.cleaned_data)
        except ValidationError as exc:
            add_action_error(setup_form, exc)
        else:
            messages.success(request, _("The election's setup was saved."))
            return redirect("elections:count_setup", election_id=election.pk)
    if request.method == "POST" and "open" in request.POST and open_form.is_valid():
        data = open_form.cleaned_data
        try:
            count = actions.do_open_count(
                request.user,
                election,
                mode=data["mode"],
                issued=data["issued"],
                summoned=data["summoned"],
                deductions=open_form.deductions(),
                board=open_form.board_members(),
                accept_surplus=data["accept_surplus"],
            )
        except ValidationError as exc:
            add_action_error(open_form, exc)
        else:
            messages.success(request, _("The count is open."))
            return redirect("elections:count_detail", count_id=count.pk)
    places = election.seats + election.alternates
    surplus = check_surplus(len(names), places, election.body) if places >= 1 else None
    try:
        base_preview = compute_base_preview(kind, default_summoned)
    except TallyError:
        base_preview = None
    return render(
        request,
        "elections/counting/setup.html",
        {
            "election": election,
            "congress": congress,
            "names": names,
            "setup_form": setup_form,
            "open_form": open_form,
            "deduction_fields": [open_form[f"d_{n}"] for n in open_form.deduction_names],
            "surplus": surplus,
            "surplus_ballot": len(names) > places,
            "base_preview": base_preview,
            "kind": kind,
            "committee_first": needs_committee_first(election),
            "committee_frozen": committee_frozen(election),
            "counts": election_counts(election),
            "can_edit": _can_edit(request.user, election),
        },
    )


def compute_base_preview(kind: str, summoned: int | None) -> int | None:
    from daihoi.tally import Attendance

    if not summoned:
        return None
    return compute_base(Attendance(congress=kind, summoned=summoned))


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


# -- a count --------------------------------------------------------------------------------


def _describe(count: Count, reading: Any) -> str:
    if reading is None:
        return _("not entered")
    struck, marks, defects = reading
    parts = []
    if struck:
        parts.append(
            _("struck: %(names)s")
            % {"names": ", ".join(f"{n}. {count.candidates[n - 1]}" for n in struck)}
        )
    labels = {"disagree": _("disagree"), "both": _("both boxes"), "none": _("no box")}
    other = [
        f"{i}. {count.candidates[i - 1]}: {labels.get(m, m)}"
        for i, m in enumerate(marks, 1)
        if m != "agree"
    ]
    if other:
        parts.append("; ".join(other))
    if defects:
        parts.append(
            _("defects: %(list)s")
            % {"list": ", ".join(str(DEFECT_LABELS.get(d, d)) for d in defects)}
        )
    return "; ".join(parts) or (_("all names kept") if has_surplus(count) else _("all agree"))


def _label(reason: str) -> str:
    return str(REASON_LABELS.get(reason, reason))


@login_required
@require_GET
def count_detail(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id)
    shown = preview(count)
    result = shown.result
    decisions = dict(BoardDecision.objects.filter(count=count).values_list("number", "decision"))
    superseded_by = Count.objects.filter(supersedes=count).first()
    next_round = (
        count.is_frozen
        and superseded_by is None
        and (result or {}).get("outcome") in actions.FURTHER_ROUND_OUTCOMES
        and not Count.objects.filter(election=count.election, round__gt=count.round).exists()
    )
    return render(
        request,
        "elections/counting/count.html",
        {
            "count": count,
            "election": count.election,
            "congress": count.election.congress,
            "progress": count_progress(count),
            "preview": shown,
            "result": result,
            "flagged": [(n, _label(r)) for n, r in sorted(shown.flagged_numbers.items())],
            "decisions": sorted(decisions.items()),
            "invalid_numbers": [(n, _label(r)) for n, r in sorted(shown.invalid_numbers.items())],
            "invalid_reasons": [
                (_label(r), n) for r, n in ((result or {}).get("invalid_reasons") or {}).items()
            ],
            "outcome": OUTCOME_LABELS.get((result or {}).get("outcome", ""), ""),
            "superseded_by": superseded_by,
            "next_round": next_round,
            "recount_form": RecountForm(initial={"issued": count.issued}),
            "minutes_form": MinutesForm(initial={"place": documents.default_place(count.election)}),
            "can_edit": _can_edit(request.user, count),
            "surplus_ballot": has_surplus(count),
        },
    )


@login_required
@require_GET
def count_progress_partial(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id)
    return render(
        request,
        "elections/counting/_progress.html",
        {"count": count, "progress": count_progress(count)},
    )


@login_required
@require_GET
def count_ballots(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id)
    return _file(
        documents.ballot_pdf(count), PDF, f"phieu-bau-{count.election_id}-{count.round}.pdf"
    )


def _next_number(count: Count, clerk: Any, after: int) -> int | None:
    done = set(
        BallotEntry.objects.filter(count=count, clerk=clerk).values_list("number", flat=True)
    )
    limit = count.issued or 0
    for n in [*range(after + 1, limit + 1), *range(1, after + 1)]:
        if n not in done:
            return n
    return None


@login_required
@require_http_methods(["GET", "POST"])
def count_enter(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id, Role.EDITOR)
    if count.mode != CountMode.BALLOTS or count.state != CountState.OPEN:
        return redirect("elections:count_detail", count_id=count.pk)
    names = list(count.candidates)
    surplus = has_surplus(count)
    mine = BallotEntry.objects.filter(count=count, clerk_id=request.user.pk)
    if request.method == "POST" and "delete" in request.POST:
        raw = request.POST.get("number") or ""
        number = int(raw) if raw.isdigit() else 0
        actions.do_delete_entry(request.user, count, number)
        messages.success(request, _("Your entry of ballot %(n)s was removed.") % {"n": number})
        return redirect(f"{reverse('elections:count_enter', args=[count.pk])}?n={number}")
    if request.method == "POST":
        form = EntryForm(request.POST, names=names if surplus else [])
        if form.is_valid():
            number = form.cleaned_data["number"]
            try:
                reading = parse_entry(
                    form.cleaned_data["line"],
                    len(names),
                    surplus,
                    checked=form.cleaned_data["struck"],
                    defects=form.cleaned_data["defects"],
                )
                actions.do_save_entry(request.user, count, number, reading)
            except EntryError as exc:
                form.add_error("line", str(exc))
            except ValidationError as exc:
                add_action_error(form, exc)
            else:
                nxt = _next_number(count, request.user, number)
                messages.success(request, _("Ballot %(n)s saved.") % {"n": number})
                url = reverse("elections:count_enter", args=[count.pk])
                return redirect(f"{url}?n={nxt}" if nxt else url)
    else:
        wanted = request.GET.get("n")
        shown = int(wanted) if wanted and wanted.isdigit() else _next_number(count, request.user, 0)
        initial: dict[str, Any] = {"number": shown}
        existing = mine.filter(number=shown).first() if shown else None
        if existing is not None:
            initial["line"] = format_reading(existing.struck, existing.marks, existing.defects)
        form = EntryForm(initial=initial, names=names if surplus else [])
    recent = list(mine.order_by("-updated_at")[:8])
    return render(
        request,
        "elections/counting/enter.html",
        {
            "count": count,
            "election": count.election,
            "congress": count.election.congress,
            "form": form,
            "names": list(enumerate(names, 1)),
            "surplus": surplus,
            "entered": mine.count(),
            "done": form.initial.get("number") is None and request.method == "GET",
            "recent": [
                (e.number, format_reading(e.struck, e.marks, e.defects) or "—") for e in recent
            ],
            "progress": count_progress(count),
        },
    )


@login_required
@require_GET
def count_reconcile(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id)
    rec = reconcile(count)
    rows = [
        {
            "number": d.number,
            "readings": [
                (name, _describe(count, d.readings.get(clerk_id)), clerk_id == request.user.pk)
                for clerk_id, name, _n in rec.clerks
            ],
        }
        for d in rec.disagreements
    ]
    return render(
        request,
        "elections/counting/reconcile.html",
        {
            "count": count,
            "election": count.election,
            "congress": count.election.congress,
            "rec": rec,
            "rows": rows,
            "can_edit": _can_edit(request.user, count),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def count_totals(request: HttpRequest, count_id: int) -> HttpResponse:
    role = Role.EDITOR
    count = access_count_by_id(request.user, count_id, role)
    if count.mode != CountMode.AGGREGATE or count.state != CountState.OPEN:
        return redirect("elections:count_detail", count_id=count.pk)
    names = list(count.candidates)
    initial: dict[str, Any] = {"returned": count.returned, "invalid": count.invalid}
    for i, n in enumerate(names, 1):
        initial[f"v{i}"] = count.votes.get(n, 0)
    for code, n in (count.invalid_reasons or {}).items():
        initial[f"r_{code}"] = n
    form = TotalsForm(request.POST or None, names=names, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_enter_totals(
                request.user,
                count,
                form.cleaned_data["returned"],
                form.cleaned_data["invalid"],
                form.votes(),
                form.invalid_reasons(),
            )
        except ValidationError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The board's totals were saved."))
            return redirect("elections:count_detail", count_id=count.pk)
    return render(
        request,
        "elections/counting/totals.html",
        {
            "count": count,
            "election": count.election,
            "congress": count.election.congress,
            "form": form,
        },
    )


@login_required
@require_POST
def count_decide(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id, Role.EDITOR)
    raw = request.POST.get("number") or ""
    number = int(raw) if raw.isdigit() else 0
    try:
        actions.do_decide_ballot(request.user, count, number, request.POST.get("decision", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The board's decision on ballot %(n)s was recorded.") % {"n": number}
        )
    return redirect("elections:count_detail", count_id=count.pk)


@login_required
@require_POST
def count_freeze(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id, Role.EDITOR)
    try:
        actions.do_freeze(request.user, count)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The count is frozen and the results are recorded."))
    return redirect("elections:count_detail", count_id=count.pk)


@login_required
@require_POST
def count_recount(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id, Role.EDITOR)
    form = RecountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the ballots are counted again."))
        return redirect("elections:count_detail", count_id=count.pk)
    try:
        new = actions.do_recount(
            request.user, count, form.cleaned_data["reason"], form.cleaned_data["issued"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("elections:count_detail", count_id=count.pk)
    messages.success(request, _("A recount was opened."))
    return redirect("elections:count_detail", count_id=new.pk)


@login_required
@require_http_methods(["GET", "POST"])
def count_next_round(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id, Role.EDITOR)
    result = count.result_json or {}
    elected = set(result.get("elected", []))
    choices = [n for n in count.candidates if n not in elected]
    suggested = result.get("tied") or choices
    form = NextRoundForm(
        request.POST or None,
        names=choices,
        initial={"names": suggested, "mode": count.mode, "issued": count.issued},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = actions.do_start_round(
                request.user,
                count,
                data["names"],
                data["authorized_by"],
                data["reason"],
                mode=data["mode"],
                issued=data["issued"],
            )
        except ValidationError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Round %(n)s is open.") % {"n": new.round})
            return redirect("elections:count_detail", count_id=new.pk)
    return render(
        request,
        "elections/counting/next_round.html",
        {
            "count": count,
            "election": count.election,
            "congress": count.election.congress,
            "form": form,
            "result": result,
        },
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
