"""Take the ballot images a scanner writes into a folder, into a count, and read them."""

import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from daihoi.elections.models import Count
from daihoi.scans import files
from daihoi.scans.actions import do_upload_batch
from daihoi.scans.models import ScannedBallot, ScanSource, ScanStatus
from daihoi.scans.worker import read_now


class Command(BaseCommand):
    help = (
        "Add the new image files of FOLDER to a count's scanned ballots (numbered after those "
        "already scanned, in file-name order) and read them. Idempotent: a file already taken "
        "(same sha256) is skipped. --watch keeps looking for new files."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder")
        parser.add_argument("--count", type=int, required=True, help="the count's id")
        parser.add_argument("--user", help="the board member recorded as uploading (username)")
        parser.add_argument("--watch", action="store_true", help="keep watching the folder")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks")
        parser.add_argument(
            "--settle",
            type=float,
            default=2.0,
            help="a file is taken once unchanged for this many seconds (the scanner has "
            "finished writing it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        count = Count.objects.filter(pk=options["count"]).first()
        if count is None:
            raise CommandError(f"no count {options['count']}")
        actor = None
        if options.get("user"):
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no user {options['user']}")
        refused: set[tuple[str, float]] = set()
        while True:
            self._pass(count, folder, actor, options["settle"], refused)
            if not options["watch"]:
                return
            try:
                time.sleep(options["interval"])
            except KeyboardInterrupt:
                return

    def _pass(
        self,
        count: Count,
        folder: Path,
        actor: Any,
        settle: float,
        refused: set[tuple[str, float]],
    ) -> None:
        known = set(
            ScannedBallot.objects.filter(count=count).values_list("received_sha256", flat=True)
        )
        now = time.time()
        taken = []
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            if path.name.startswith("."):
                continue
            stat = path.stat()
            if now - stat.st_mtime < settle or (path.name, stat.st_mtime) in refused:
                continue
            data = path.read_bytes()
            if files.sha256_of(data) in known:
                continue
            try:
                files.check_file(path.name, data)
            except files.BadScanFile as exc:
                self.stderr.write(f"skipped: {exc}")
                refused.add((path.name, stat.st_mtime))
                continue
            taken.append((path.name, _reader(path)))
        if not taken:
            return
        try:
            batch = do_upload_batch(actor, count, taken, ScanSource.FOLDER, str(folder), read=False)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            refused.update((name, (folder / name).stat().st_mtime) for name, _ in taken)
            return
        ids = list(batch.ballots.filter(status=ScanStatus.PENDING).values_list("pk", flat=True))
        read_now(ids)
        counts = dict.fromkeys(("ok", "review", "unreadable"), 0)
        for status in batch.ballots.values_list("status", flat=True):
            counts[status] = counts.get(status, 0) + 1
        self.stdout.write(
            f"ballots {batch.first_number}–{batch.last_number}: {counts['ok']} read, "
            f"{counts['review']} to review, {counts['unreadable']} unreadable"
        )


def _reader(path: Path) -> Any:
    return lambda: path.read_bytes()
