"""`daihoi demo`: create or migrate the database, load the demo province, print logins, serve."""

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from daihoi.demo.generator import load_demo
from daihoi.demo.static import collect_static
from daihoi.demo.users import PASSWORD, ensure_demo_users


class Command(BaseCommand):
    help = _("Create or migrate the database, load the demo province and serve the app.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help=_("only load the demo, do not serve")
        )
        parser.add_argument(
            "--addr", default="127.0.0.1:8000", help=_("address to serve on (ADDR:PORT)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(_("Preparing the database…"))
        call_command("migrate", interactive=False, verbosity=0)
        collect_static()
        started = time.monotonic()
        if load_demo():
            seconds = f"{time.monotonic() - started:.1f}"
            self.stdout.write(_("Demo province loaded in %(s)s s.") % {"s": seconds})
        else:
            self.stdout.write(_("The demo province is already loaded."))
        users = ensure_demo_users()
        self.stdout.write("")
        self.stdout.write(_("Open http://%(addr)s/ and log in as:") % {"addr": options["addr"]})
        for username, role, unit in users:
            self.stdout.write(f"  {username} / {PASSWORD}  ({role}, {unit})")
        if options["no_serve"]:
            return
        self.stdout.write(_("Press Ctrl+C to stop."))
        call_command("serve", options["addr"], collectstatic=False)
