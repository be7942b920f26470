"""Read the scanned pages still waiting (after a restart, or when the web process was stopped)."""

from typing import Any

from django.core.management.base import BaseCommand

from daihoi.scans.actions import release_stale_readings
from daihoi.scans.models import ScannedBallot, ScanStatus
from daihoi.scans.worker import read_now


class Command(BaseCommand):
    help = (
        "Read every scanned ballot page still pending, in this process. Pages left 'being read' "
        "by a stopped server are read again: run it while the server is stopped, or with --count."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, help="only the pages of this count (its id)")

    def handle(self, *args: Any, **options: Any) -> None:
        count_id = options.get("count")
        released = release_stale_readings(count_id)
        pending = ScannedBallot.objects.filter(status=ScanStatus.PENDING)
        if count_id is not None:
            pending = pending.filter(count_id=count_id)
        ids = list(pending.order_by("count_id", "number").values_list("pk", flat=True))
        done = read_now(ids)
        self.stdout.write(f"{done} pages read ({released} left half-read before).")
