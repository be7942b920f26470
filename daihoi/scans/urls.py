from django.urls import path

from daihoi.scans import views

app_name = "scans"

urlpatterns = [
    path("counts/<int:count_id>/", views.count_scans, name="count"),
    path("counts/<int:count_id>/scanned-alone/", views.scanned_alone, name="scanned_alone"),
    path("counts/<int:count_id>/review/", views.review, name="review"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch"),
    path("batches/<int:batch_id>/progress/", views.batch_progress, name="batch_progress"),
    path("ballots/<int:ballot_id>/image.png", views.ballot_image, name="image"),
    path("ballots/<int:ballot_id>/rescan/", views.rescan, name="rescan"),
    path("ballots/<int:ballot_id>/discard/", views.discard, name="discard"),
]
