"""`daihoi import FILE.xlsx [--dry-run]`: all or nothing; every problem on stderr, exit 1."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from daihoi.workbooks.actions import do_import_workbook


class Command(BaseCommand):
    help = "Import a workbook (sheets campaigns, units, congresses, elections, candidates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            self.stderr.write(f"{path}: no such file.")
            sys.exit(1)
        with path.open("rb") as source:
            result = do_import_workbook(source, actor=None, dry_run=options["dry_run"])
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"{path.name}: {error}")
            self.stderr.write(f"{len(result.errors)} problem(s); nothing was written.")
            sys.exit(1)
        verb = "would be" if result.dry_run else "were"
        for sheet, count in result.counts.items():
            self.stdout.write(f"{sheet}: {count['created']} created, {count['updated']} updated")
        self.stdout.write(
            f"{result.changed} row(s) {verb} written" + (" (dry run: nothing written)." if
                                                         result.dry_run else ".")
        )  # fmt: skip
