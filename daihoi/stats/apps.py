from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "daihoi.stats"
    label = "stats"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from daihoi.campaigns.signals import congress_results_changed
        from daihoi.stats.receivers import on_congress_results_changed

        congress_results_changed.connect(
            on_congress_results_changed, dispatch_uid="stats.refresh_congress_summaries"
        )
