"""A count's page and the board's acts on it: the progress, the decisions on flagged ballots,
freezing, recounts and further rounds.

Thin: reads through the gate (viewer to read, editor to decide and freeze), writes through
daihoi.elections.counting.entry_actions (decisions) and freeze_actions. See docs/counting.md.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.models import Role
from daihoi.campaigns.views import add_action_error
from daihoi.elections.counting import documents, entry_actions, freeze_actions
from daihoi.elections.counting.forms import (
    OUTCOME_LABELS,
    REASON_LABELS,
    MinutesForm,
    NextRoundForm,
    RecountForm,
)
from daihoi.elections.counting.queries import (
    access_count_by_id,
    count_progress,
    has_surplus,
    preview,
)
from daihoi.elections.models import BoardDecision, Count
from daihoi.elections.queries import can_edit_election


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
        and (result or {}).get("outcome") in freeze_actions.FURTHER_ROUND_OUTCOMES
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
            "can_edit": can_edit_election(request.user, count),
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
@require_POST
def count_decide(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id, Role.EDITOR)
    raw = request.POST.get("number") or ""
    number = int(raw) if raw.isdigit() else 0
    try:
        entry_actions.do_decide_ballot(
            request.user, count, number, request.POST.get("decision", "")
        )
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
        freeze_actions.do_freeze(request.user, count)
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
        new = freeze_actions.do_recount(
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
            new = freeze_actions.do_start_round(
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
