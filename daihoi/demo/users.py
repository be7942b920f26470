"""The demo's logins: a province administrator and a district editor."""

from typing import Any

from django.contrib.auth import get_user_model

from daihoi.accounts.actions import do_create_user, do_grant_role
from daihoi.accounts.models import Grant, Role
from daihoi.demo.generator import PILOT_DISTRICT, PROVINCE_CODE
from daihoi.units.models import Unit

PASSWORD = "daihoi-demo"
# (username, unit code, role, superuser)
USERS = (
    ("admin", PROVINCE_CODE, Role.ADMINISTRATOR, True),
    ("yendung", f"{PROVINCE_CODE}-{PILOT_DISTRICT}", Role.EDITOR, False),
)


def ensure_demo_users() -> list[tuple[str, str, str]]:
    """Create the demo users and their grants if missing (an existing user's password is kept).

    Returns (username, role, unit name) for each.
    """
    out = []
    user: Any
    User = get_user_model()
    for username, code, role, superuser in USERS:
        unit = Unit.objects.get(code=code)
        existing = User.objects.filter(username=username).first()
        if existing is None:
            user, _ = do_create_user(None, username, password=PASSWORD, superuser=superuser)
        else:
            user = existing
        if not Grant.objects.filter(user=user, unit=unit).exists():
            do_grant_role(None, user, unit, role)
        out.append((username, str(Role(role).label), unit.name))
    return out
