from django.urls import path

from daihoi.elections import counting_urls, views

app_name = "elections"

urlpatterns = [
    path("new/for-congress/<int:congress_id>/", views.election_create, name="election_create"),
    path("<int:election_id>/edit/", views.election_edit, name="election_edit"),
    path("<int:election_id>/delete/", views.election_delete, name="election_delete"),
    path("<int:election_id>/results/", views.results, name="results"),
]

urlpatterns += counting_urls.urlpatterns
