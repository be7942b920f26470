from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "daihoi.scans"
    label = "scans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from daihoi.elections.counting.signals import count_blockers
        from daihoi.scans.receivers import scans_holding_back

        count_blockers.connect(scans_holding_back, dispatch_uid="scans.unresolved_scans")
