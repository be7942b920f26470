"""`daihoi export FILE.xlsx [--unit CODE] [--campaign CODE]`: the import format, round trip."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.campaigns.models import Campaign
from daihoi.units.models import Unit
from daihoi.workbooks.exporter import export_workbook


class Command(BaseCommand):
    help = "Export the tree (or a unit's subtree) with its congresses, elections and candidates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook to write")
        parser.add_argument("--unit", help="code of the unit whose subtree to export")
        parser.add_argument("--campaign", help="code of the only campaign to export")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = campaign = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with code '{options['unit']}'.", returncode=2)
        if options["campaign"]:
            campaign = Campaign.objects.filter(code=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"No campaign with code '{options['campaign']}'.", returncode=2)
        export_workbook(options["file"], unit=unit, campaign=campaign)
        self.stdout.write(f"Wrote {options['file']}.")
