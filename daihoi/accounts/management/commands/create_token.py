"""daihoi manage create_token USERNAME [--name NAME]: print a new API token once."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.accounts.actions import do_create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="a label to recognize the token by")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"unknown user '{options['username']}'", returncode=2)
        if not user.is_active:
            raise CommandError(f"user '{user.username}' is inactive", returncode=2)
        _token, raw = do_create_api_token(None, user, options["name"])
        self.stdout.write(raw)
