"""Read the scanned pages still waiting (after a restart, or when the web process was stopped)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from daihoi.scans.actions import release_stale_readings
from daihoi.scans.models import ScannedBallot, ScanStatus
from daihoi.scans.worker import read_now


class Command(BaseCommand):
    help = (
        "Read every scanned ballot page still pending, in this process. Pages left 'being read' "
        "by a reader that died are read again once they have been read for longer than "
        "DAIHOI_SCAN_STALE_SECONDS (default 300); a page a running server is reading is left "
        "to it. With the server stopped, --stale-after 0 takes them all at once."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, help="only the pages of this count (its id)")
        parser.add_argument(
            "--stale-after",
            type=float,
            metavar="SECONDS",
            help="a page being read for longer than this lost its reader "
            "(default: DAIHOI_SCAN_STALE_SECONDS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count_id = options.get("count")
        stale_after = options.get("stale_after")
        if stale_after is not None and stale_after < 0:
            raise CommandError("--stale-after must be 0 or more seconds.")
        released = release_stale_readings(count_id, stale_after)
        pending = ScannedBallot.objects.filter(status=ScanStatus.PENDING)
        if count_id is not None:
            pending = pending.filter(count_id=count_id)
        ids = list(pending.order_by("count_id", "number").values_list("pk", flat=True))
        done = read_now(ids)
        self.stdout.write(f"{done} pages read ({released} left half-read before).")
