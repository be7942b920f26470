"""Counting setup page: the election's regulation, the list with its surplus check, and
opening the first-round count.

Thin: reads through the gate (viewer to read, editor to write), writes through
daihoi.elections.counting.setup_actions. See docs/counting.md.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from daihoi.accounts.models import Role
from daihoi.campaigns.views import add_action_error
from daihoi.elections.counting import setup_actions
from daihoi.elections.counting.forms import OpenCountForm, SetupForm
from daihoi.elections.counting.queries import (
    committee_frozen,
    election_counts,
    election_list,
    needs_committee_first,
)
from daihoi.elections.models import CountMode
from daihoi.elections.queries import access_election_by_id, can_edit_election
from daihoi.tally import Attendance, TallyError, check_surplus, compute_base


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
            setup_actions.do_configure_election(request.user, election, **setup_form.cleaned_data)
        except ValidationError as exc:
            add_action_error(setup_form, exc)
        else:
            messages.success(request, _("The election's setup was saved."))
            return redirect("elections:count_setup", election_id=election.pk)
    if request.method == "POST" and "open" in request.POST and open_form.is_valid():
        data = open_form.cleaned_data
        try:
            count = setup_actions.do_open_count(
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
            "can_edit": can_edit_election(request.user, election),
        },
    )


def compute_base_preview(kind: str, summoned: int | None) -> int | None:
    if not summoned:
        return None
    return compute_base(Attendance(congress=kind, summoned=summoned))
