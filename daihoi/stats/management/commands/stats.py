"""`daihoi stats`: the figures of a subtree for a campaign and an as-of date."""

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.stats.queries import FIGURES, get_campaign, stats_report
from daihoi.units.models import Unit


def _fail(message: str) -> CommandError:
    # Exit status 2 and a single line on stderr ("CommandError: …").
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = _("Print the statistics of a unit's subtree for a campaign, as of a date.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, help=_("campaign code, e.g. 2020-2025"))
        parser.add_argument("--unit", help=_("unit code (default: the root of the tree)"))
        parser.add_argument("--as-of", dest="as_of", help=_("date YYYY-MM-DD (default: today)"))
        parser.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                raise _fail(
                    _("bad date (expected YYYY-MM-DD): %(value)s") % {"value": options["as_of"]}
                ) from None
        campaign = get_campaign(options["campaign"])
        if campaign is None:
            raise _fail(_("unknown campaign: %(code)s") % {"code": options["campaign"]})
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise _fail(_("unknown unit: %(code)s") % {"code": options["unit"]})
        else:
            unit = Unit.objects.filter(depth=1).order_by("path").first()
            if unit is None:
                raise _fail(_("there are no units yet: import a workbook or run the demo"))
        report = stats_report(unit, campaign, as_of)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{campaign.code} · {unit.code} {unit.name} · {_('as of')} {as_of.isoformat()}"
        )
        self.stdout.write(_table(report["levels"]))
        if report["previous"] is not None:
            self.stdout.write("")
            self.stdout.write(f"{_('previous campaign')}: {report['previous']['campaign']}")
            self.stdout.write(_table(report["previous"]["levels"]))


def _table(levels: dict[str, dict[str, int]]) -> str:
    """Figures down, levels across, numbers right-aligned."""
    header = ["", *levels]
    rows = [[name, *(str(levels[code][name]) for code in levels)] for name in FIGURES]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join(
            [first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True))]
        ).rstrip()

    return "\n".join(line(row) for row in [header, *rows])
