"""`daihoi manage refresh_stats`: recompute every congress's results summary from the rows."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from daihoi.stats.models import CongressSummary
from daihoi.stats.summary import refresh_congress_summaries


class Command(BaseCommand):
    help = _(
        "Recompute the per-congress results summary that the statistics add up (after loading "
        "rows outside the application, e.g. with SQL)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        t0 = time.perf_counter()
        refresh_congress_summaries(None)
        self.stdout.write(
            _("%(n)s congress summaries recomputed in %(s).1f s.")
            % {"n": CongressSummary.objects.count(), "s": time.perf_counter() - t0}
        )
