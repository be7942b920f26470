"""daihoi createuser USERNAME --unit CODE --role ROLE [--password P | --password-stdin]
[--superuser]

Create or update a user and grant a role on a unit; unknown unit or role: exit 2.
"""

import secrets
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from daihoi.accounts.actions import do_create_user, do_grant_role
from daihoi.accounts.models import Role
from daihoi.units.models import Unit


class Command(BaseCommand):
    help = "Create or update a user and give them a role on a unit (valid for its subtree)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--unit", help="code of the unit the role is granted on")
        parser.add_argument("--role", help="viewer, editor or administrator")
        secret = parser.add_mutually_exclusive_group()
        secret.add_argument("--password", help="the password (visible in the process list)")
        secret.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        parser.add_argument(
            "--superuser", action="store_true", help="make the user a superuser (sees everything)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        unit_code: str | None = options["unit"]
        role: str | None = options["role"]
        if not username:
            raise CommandError("the username is empty", returncode=2)
        if role is not None and role not in Role.values:
            raise CommandError(
                f"unknown role '{role}' (choose {', '.join(Role.values)})", returncode=2
            )
        if (unit_code is None) != (role is None):
            raise CommandError("--unit and --role go together", returncode=2)
        if unit_code is None and not options["superuser"]:
            raise CommandError("--unit and --role are required (or --superuser)", returncode=2)
        unit = None
        if unit_code is not None:
            unit = Unit.objects.filter(code=unit_code).first()
            if unit is None:
                raise CommandError(f"unknown unit '{unit_code}'", returncode=2)

        password: str | None = options["password"]
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("no password on standard input", returncode=2)

        User = get_user_model()
        with transaction.atomic():
            generated = None
            if password is None and not User.objects.filter(username=username).exists():
                generated = password = secrets.token_urlsafe(12)
            user, created = do_create_user(
                None,
                username,
                password=password,
                superuser=True if options["superuser"] else None,
            )
            if unit is not None and role is not None:
                do_grant_role(None, user, unit, role)

        what = "created" if created else "updated"
        grant = f", {role} on {unit.code}" if unit is not None else ""
        flag = ", superuser" if user.is_superuser else ""
        self.stdout.write(f"User {user.username} {what}{grant}{flag}.")
        if generated:
            self.stdout.write(f"Password: {generated}")
