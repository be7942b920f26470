"""Election pages: set up an election and record its candidates and results in one form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from daihoi.accounts.models import Role
from daihoi.campaigns.queries import access_congress_by_id
from daihoi.campaigns.views import add_action_error
from daihoi.elections.actions import (
    ELECTION_FIELDS,
    do_create_election,
    do_delete_election,
    do_save_candidates,
    do_update_election,
)
from daihoi.elections.forms import ElectionForm, candidate_formset
from daihoi.elections.queries import access_election_by_id, list_candidates


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress_by_id(request.user, congress_id, Role.EDITOR)
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = do_create_election(request.user, congress, **form.cleaned_data)
        except ValidationError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The election was added. Now enter its candidates."))
            return redirect("elections:results", election_id=election.pk)
    return render(
        request,
        "elections/election_form.html",
        {"form": form, "congress": congress, "election": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_edit(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election_by_id(request.user, election_id, Role.EDITOR)
    initial = {name: getattr(election, name) for name in ELECTION_FIELDS}
    form = ElectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_election(request.user, election, **form.cleaned_data)
        except ValidationError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The election was saved."))
            return redirect("campaigns:congress_detail", congress_id=election.congress_id)
    return render(
        request,
        "elections/election_form.html",
        {"form": form, "congress": election.congress, "election": election},
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_delete(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election_by_id(request.user, election_id, Role.EDITOR)
    if request.method == "POST":
        congress_id = election.congress_id
        do_delete_election(request.user, election)
        messages.success(request, _("The election and its candidates were deleted."))
        return redirect("campaigns:congress_detail", congress_id=congress_id)
    return render(
        request,
        "elections/election_delete.html",
        {"election": election, "congress": election.congress},
    )


@login_required
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election_by_id(request.user, election_id, Role.EDITOR)
    congress = election.congress
    formset = candidate_formset(
        request.POST or None, list_candidates(election), election.seats, congress.attended
    )
    action_errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            changed = do_save_candidates(request.user, election, formset.to_rows())
        except ValidationError as exc:
            action_errors = list(exc.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "The results of the %(body)s election were saved (%(count)s change).",
                    "The results of the %(body)s election were saved (%(count)s changes).",
                    changed,
                )
                % {"body": election.get_body_display(), "count": changed},
            )
            return redirect("campaigns:congress_detail", congress_id=congress.pk)
    return render(
        request,
        "elections/results.html",
        {
            "election": election,
            "congress": congress,
            "formset": formset,
            "action_errors": action_errors,
        },
    )
