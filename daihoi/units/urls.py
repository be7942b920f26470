from django.urls import path

from daihoi.units import views

app_name = "units"

urlpatterns = [
    path("<int:unit_id>/", views.detail, name="detail"),
]
