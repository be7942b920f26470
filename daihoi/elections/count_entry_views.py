"""Counting pages where the board enters: each clerk's ballots (keyboard first), the
reconciliation of the clerks' streams, and the aggregated totals.

Thin: reads through the gate (viewer to read, editor to enter), writes through
daihoi.elections.counting.entry_actions. See docs/counting.md.
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
from django.views.decorators.http import require_GET, require_http_methods

from daihoi.accounts.models import Role
from daihoi.campaigns.views import add_action_error
from daihoi.elections.counting import entry_actions
from daihoi.elections.counting.entry import EntryError, format_reading, parse_entry
from daihoi.elections.counting.forms import DEFECT_LABELS, EntryForm, TotalsForm
from daihoi.elections.counting.queries import (
    access_count_by_id,
    count_progress,
    has_surplus,
    reconcile,
)
from daihoi.elections.models import BallotEntry, Count, CountMode, CountState
from daihoi.elections.queries import can_edit_election


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
        entry_actions.do_delete_entry(request.user, count, number)
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
                entry_actions.do_save_entry(request.user, count, number, reading)
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
            "can_edit": can_edit_election(request.user, count),
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
            entry_actions.do_enter_totals(
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
