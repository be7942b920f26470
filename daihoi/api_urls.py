"""Mounts the JSON API (django-ninja) at /api/v1/: docs at docs, schema at openapi.json."""

from django.urls import path

from daihoi.api import api

urlpatterns = [path("", api.urls)]
