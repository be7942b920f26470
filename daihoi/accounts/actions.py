"""The only writers of users, grants and API tokens. Every change is audited."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from daihoi.accounts.audit import diff, record_change, snapshot
from daihoi.accounts.models import ApiToken, Grant, Role
from daihoi.units.models import Unit

USER_FIELDS = ("username", "is_active", "is_staff", "is_superuser")


@transaction.atomic
def do_create_user(
    actor: Any,
    username: str,
    *,
    password: str | None = None,
    superuser: bool | None = None,
) -> tuple[AbstractUser, bool]:
    """Create the user, or update it if it exists. Returns (user, created).

    The password is set only when given (a new user without one cannot log in with a
    password). `superuser` True/False sets superuser and staff flags; None leaves them.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username)
        before: dict[str, Any] = {}
    else:
        before = snapshot(user, USER_FIELDS)
    if superuser is not None:
        user.is_superuser = superuser
        user.is_staff = superuser
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    changes = diff(before, snapshot(user, USER_FIELDS))
    if password is not None:
        # Never the password itself: only that it changed.
        changes["password"] = ["***", "***"] if not created else [None, "***"]
    if changes:
        record_change(actor, "create_user" if created else "update_user", user, changes)
    return user, created


@transaction.atomic
def do_grant_role(actor: Any, user: Any, unit: Unit, role: str) -> Grant:
    """Give `user` the role on `unit` (and its subtree), replacing any role held there."""
    role = Role(role)
    grant = Grant.objects.select_for_update().filter(user=user, unit=unit).first()
    if grant is None:
        grant = Grant.objects.create(user=user, unit=unit, role=role)
        record_change(
            actor,
            "grant_role",
            grant,
            {"user": [None, user.username], "unit": [None, unit.code], "role": [None, str(role)]},
            unit_id=unit.pk,
        )
    elif grant.role != role:
        old = grant.role
        grant.role = role
        grant.save(update_fields=["role"])
        record_change(actor, "change_role", grant, {"role": [old, str(role)]}, unit_id=unit.pk)
    return grant


@transaction.atomic
def do_revoke_role(actor: Any, user: Any, unit: Unit) -> bool:
    """Remove the user's grant on `unit`. Returns whether there was one."""
    grant = Grant.objects.select_for_update().filter(user=user, unit=unit).first()
    if grant is None:
        return False
    record_change(
        actor,
        "revoke_role",
        grant,
        {"user": [user.username, None], "unit": [unit.code, None], "role": [grant.role, None]},
        unit_id=unit.pk,
    )
    grant.delete()
    return True


@transaction.atomic
def do_create_api_token(actor: Any, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`. Returns (token, raw); the raw value is shown once, never stored."""
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(raw))
    record_change(
        actor,
        "create_api_token",
        token,
        {"user": [None, user.username], "name": [None, name], "prefix": [None, raw[:7]]},
    )
    return token, raw
