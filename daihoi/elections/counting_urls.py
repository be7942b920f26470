"""URLs of the counting pages, included in the elections namespace (elections/urls.py)."""

from django.urls import path

from daihoi.elections import counting_views as v
from daihoi.elections import live_views

urlpatterns = [
    path("<int:election_id>/counting/", v.setup, name="count_setup"),
    path("<int:election_id>/ballots.pdf", v.election_ballots, name="election_ballots"),
    path("counts/<int:count_id>/", v.count_detail, name="count_detail"),
    path("counts/<int:count_id>/progress/", v.count_progress_partial, name="count_progress"),
    path("counts/<int:count_id>/ballots.pdf", v.count_ballots, name="count_ballots"),
    path("counts/<int:count_id>/enter/", v.count_enter, name="count_enter"),
    path("counts/<int:count_id>/reconcile/", v.count_reconcile, name="count_reconcile"),
    path("counts/<int:count_id>/totals/", v.count_totals, name="count_totals"),
    path("counts/<int:count_id>/decide/", v.count_decide, name="count_decide"),
    path("counts/<int:count_id>/freeze/", v.count_freeze, name="count_freeze"),
    path("counts/<int:count_id>/recount/", v.count_recount, name="count_recount"),
    path("counts/<int:count_id>/next-round/", v.count_next_round, name="count_next_round"),
    path("counts/<int:count_id>/minutes.pdf", v.minutes_pdf, name="count_minutes_pdf"),
    path("counts/<int:count_id>/minutes.docx", v.minutes_docx, name="count_minutes_docx"),
    path("counts/<int:count_id>/count.xlsx", v.count_sheet, name="count_sheet"),
    path("live/<int:congress_id>/", live_views.live_hall, name="live_hall"),
    path("live/<int:congress_id>/panel/", live_views.live_panel, name="live_panel"),
]
