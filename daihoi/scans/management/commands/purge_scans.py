"""Remove ballot images kept past their retention date (frozen counts only)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from daihoi.scans.retention import do_purge_images


class Command(BaseCommand):
    help = (
        "Delete the image files of scanned ballots whose retention date (upload + 6 months) has "
        "passed, for frozen counts only. The hashes, readings and decisions stay."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would go, remove nothing"
        )
        parser.add_argument("--today", help="YYYY-MM-DD instead of today (to check a date ahead)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: {exc}") from exc
        report = do_purge_images(None, today, dry_run=options["dry_run"])
        verb = "would remove" if options["dry_run"] else "removed"
        self.stdout.write(
            f"{report.ballots} ballot images past retention; {verb} {report.files_removed} files."
        )
