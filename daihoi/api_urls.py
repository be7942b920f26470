"""Mounts the JSON API (django-ninja): /api/v1/."""

from django.urls import path

urlpatterns: list = []
