from django.urls import path

from daihoi.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("<int:congress_id>/", views.congress_detail, name="congress_detail"),
    path("<int:congress_id>/edit/", views.congress_edit, name="congress_edit"),
    path("new/for-unit/<int:unit_id>/", views.congress_create, name="congress_create"),
]
