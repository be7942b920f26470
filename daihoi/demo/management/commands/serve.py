"""`daihoi serve [ADDR:PORT]`: serve the app (static files by whitenoise, no reloader).

Good for the demo and a small office; for production put gunicorn behind a web server (README).
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from daihoi.demo.static import collect_static


class Command(BaseCommand):
    help = _("Serve the app on ADDR:PORT (default 127.0.0.1:8000).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-collectstatic",
            dest="collectstatic",
            action="store_false",
            help=_("do not collect static files first (they are collected only when changed)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["collectstatic"]:
            collect_static()
        call_command("runserver", options["addrport"], use_reloader=False, skip_checks=True)
