from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "daihoi.elections"
    label = "elections"
    default_auto_field = "django.db.models.BigAutoField"
