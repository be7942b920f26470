from django.apps import AppConfig


class WorkbooksConfig(AppConfig):
    name = "daihoi.workbooks"
    label = "workbooks"
    default_auto_field = "django.db.models.BigAutoField"
