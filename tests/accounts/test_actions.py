"""Every writer in accounts.actions records who changed what in the audit log."""

import pytest
from django.contrib.auth import get_user_model

from daihoi.accounts.actions import (
    do_create_api_token,
    do_create_user,
    do_grant_role,
    do_revoke_role,
)
from daihoi.accounts.models import ApiToken, AuditEntry, Grant, Role
from tests.accounts.tree import make_user


@pytest.fixture
def boss(tree):
    return make_user("boss", {tree["P"]: Role.ADMINISTRATOR})


def _entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_do_create_user_new_is_audited(db, tree, boss):
    user, created = do_create_user(boss, "lan", password="s3cret-pass")

    assert created is True
    assert user.check_password("s3cret-pass")
    [entry] = _entries("create_user")
    assert entry.actor == boss
    assert entry.object_id == str(user.pk)
    assert entry.changes["username"] == [None, "lan"]
    assert entry.changes["password"] == [None, "***"]
    assert "s3cret-pass" not in str(entry.changes)


def test_do_create_user_existing_updates_and_audits_only_changes(db, boss):
    make_user("lan")
    user, created = do_create_user(boss, "lan", superuser=True)

    assert created is False
    user.refresh_from_db()
    assert user.is_superuser and user.is_staff
    [entry] = _entries("update_user")
    assert entry.actor == boss
    assert entry.changes == {"is_staff": [False, True], "is_superuser": [False, True]}


def test_do_create_user_unchanged_writes_no_entry(db, boss):
    make_user("lan")
    do_create_user(boss, "lan")
    assert AuditEntry.objects.count() == 0


def test_do_create_user_without_password_cannot_log_in(db):
    user, _ = do_create_user(None, "nopass")
    assert user.has_usable_password() is False
    assert AuditEntry.objects.get(action="create_user").actor is None


def test_do_grant_role_new_grant_audited(db, tree, boss):
    lan = make_user("lan")
    grant = do_grant_role(boss, lan, tree["A"], Role.EDITOR)

    assert Grant.objects.get(user=lan, unit=tree["A"]).role == Role.EDITOR
    [entry] = _entries("grant_role")
    assert entry.actor == boss
    assert entry.unit == tree["A"]
    assert entry.object_id == str(grant.pk)
    assert entry.changes == {"user": [None, "lan"], "unit": [None, "A"], "role": [None, "editor"]}


def test_do_grant_role_changes_existing_role(db, tree, boss):
    lan = make_user("lan", {tree["A"]: Role.VIEWER})
    do_grant_role(boss, lan, tree["A"], Role.ADMINISTRATOR)

    assert Grant.objects.filter(user=lan).count() == 1
    assert Grant.objects.get(user=lan).role == Role.ADMINISTRATOR
    [entry] = _entries("change_role")
    assert entry.actor == boss
    assert entry.changes == {"role": ["viewer", "administrator"]}


def test_do_grant_role_same_role_writes_nothing(db, tree, boss):
    lan = make_user("lan", {tree["A"]: Role.VIEWER})
    do_grant_role(boss, lan, tree["A"], Role.VIEWER)
    assert AuditEntry.objects.count() == 0


def test_do_grant_role_unknown_role_refused(db, tree, boss):
    lan = make_user("lan")
    with pytest.raises(ValueError):
        do_grant_role(boss, lan, tree["A"], "king")
    assert Grant.objects.filter(user=lan).count() == 0
    assert AuditEntry.objects.count() == 0


def test_do_revoke_role_audited(db, tree, boss):
    lan = make_user("lan", {tree["A"]: Role.EDITOR})
    assert do_revoke_role(boss, lan, tree["A"]) is True

    assert Grant.objects.filter(user=lan).count() == 0
    [entry] = _entries("revoke_role")
    assert entry.actor == boss
    assert entry.unit == tree["A"]
    assert entry.changes == {"user": ["lan", None], "unit": ["A", None], "role": ["editor", None]}


def test_do_revoke_role_without_grant(db, tree, boss):
    lan = make_user("lan")
    assert do_revoke_role(boss, lan, tree["A"]) is False
    assert AuditEntry.objects.count() == 0


def test_do_create_api_token_stores_only_digest(db, boss):
    lan = make_user("lan")
    token, raw = do_create_api_token(boss, lan, "script")

    assert raw.startswith("dh_") and len(raw) > 30
    assert ApiToken.objects.get(pk=token.pk).digest == ApiToken.digest_of(raw)
    assert not ApiToken.objects.filter(digest=raw).exists()
    [entry] = _entries("create_api_token")
    assert entry.actor == boss
    assert entry.changes["user"] == [None, "lan"]
    assert entry.changes["name"] == [None, "script"]
    assert raw not in str(entry.changes)


def test_do_create_api_token_each_token_differs(db):
    lan = make_user("lan")
    raws = {do_create_api_token(None, lan)[1] for _ in range(3)}
    assert len(raws) == 3
    assert get_user_model().objects.get(username="lan").api_tokens.count() == 3
