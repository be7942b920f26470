"""Machine-readable ballots of a count to download (docs/scanning.md): one ballot per page on
A5 or A4, markers and QR code for the reader, every copy the same.

Read-only: a viewer of the congress's unit may download them, like the ordinary ballot.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from daihoi.elections.counting.paper import election_paper_for_count
from daihoi.elections.counting.queries import access_count_by_id
from daihoi.printing.ballot_layout import DEFAULT_PAPER, PAPERS, LayoutError
from daihoi.printing.machine_ballot import MAX_COPIES, render_machine_ballot_pdf
from daihoi.tally import TallyError


class MachineBallotForm(forms.Form):
    paper = forms.ChoiceField(
        label=gettext_lazy("Paper"), choices=[(p, p) for p in PAPERS], initial=DEFAULT_PAPER
    )
    copies = forms.IntegerField(
        label=gettext_lazy("Copies"), min_value=1, max_value=MAX_COPIES, initial=1
    )


@login_required
@require_GET
def count_machine_ballots(request: HttpRequest, count_id: int) -> HttpResponse:
    count = access_count_by_id(request.user, count_id)
    back = redirect("elections:count_detail", count_id=count.pk)
    form = MachineBallotForm(request.GET)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose A5 or A4 and between 1 and %(max)s copies.") % {"max": MAX_COPIES},
        )
        return back
    paper_size = form.cleaned_data["paper"]
    try:
        paper = election_paper_for_count(count)
        layout = paper.layout(paper_size)
    except LayoutError:
        if paper_size == "A5":
            messages.error(request, _("The list is too long for one A5 ballot: choose A4."))
        else:
            messages.error(request, _("The list is too long for one machine-readable ballot."))
        return back
    except TallyError as exc:
        messages.error(
            request,
            _("This count cannot be printed for machine reading: %(error)s") % {"error": exc},
        )
        return back
    pdf = render_machine_ballot_pdf(paper, layout, form.cleaned_data["copies"])
    name = f"phieu-bau-doc-may-{count.election_id}-{count.round}-{paper_size}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
