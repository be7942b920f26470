"""URLs of the counting pages, included in the elections namespace (elections/urls.py)."""

from django.urls import path

from daihoi.elections import ballot_views, live_views
from daihoi.elections import count_board_views as board
from daihoi.elections import count_document_views as document
from daihoi.elections import count_entry_views as entry
from daihoi.elections import count_setup_views as setup

urlpatterns = [
    path("<int:election_id>/counting/", setup.setup, name="count_setup"),
    path("<int:election_id>/ballots.pdf", document.election_ballots, name="election_ballots"),
    path("counts/<int:count_id>/", board.count_detail, name="count_detail"),
    path("counts/<int:count_id>/progress/", board.count_progress_partial, name="count_progress"),
    path("counts/<int:count_id>/ballots.pdf", document.count_ballots, name="count_ballots"),
    path(
        "counts/<int:count_id>/machine-ballots.pdf",
        ballot_views.count_machine_ballots,
        name="count_machine_ballots",
    ),
    path("counts/<int:count_id>/enter/", entry.count_enter, name="count_enter"),
    path("counts/<int:count_id>/reconcile/", entry.count_reconcile, name="count_reconcile"),
    path("counts/<int:count_id>/totals/", entry.count_totals, name="count_totals"),
    path("counts/<int:count_id>/decide/", board.count_decide, name="count_decide"),
    path("counts/<int:count_id>/freeze/", board.count_freeze, name="count_freeze"),
    path("counts/<int:count_id>/recount/", board.count_recount, name="count_recount"),
    path("counts/<int:count_id>/next-round/", board.count_next_round, name="count_next_round"),
    path("counts/<int:count_id>/minutes.pdf", document.minutes_pdf, name="count_minutes_pdf"),
    path("counts/<int:count_id>/minutes.docx", document.minutes_docx, name="count_minutes_docx"),
    path("counts/<int:count_id>/count.xlsx", document.count_sheet, name="count_sheet"),
    path("live/<int:congress_id>/", live_views.live_hall, name="live_hall"),
    path("live/<int:congress_id>/panel/", live_views.live_panel, name="live_panel"),
]
