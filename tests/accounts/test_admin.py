"""The admin: every page opens, grants made there are audited, the audit log is read-only."""

import pytest

from daihoi.accounts.models import AuditEntry, Grant, Role
from tests.accounts.tree import make_user

PAGES = [
    "accounts/grant",
    "accounts/apitoken",
    "accounts/auditentry",
    "units/level",
    "units/unit",
    "campaigns/campaign",
    "campaigns/congress",
    "elections/election",
    "elections/candidate",
]


@pytest.fixture
def admin_client(client, tree):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("page", PAGES)
def test_admin_changelist_opens(admin_client, page):
    assert admin_client.get(f"/admin/{page}/").status_code == 200


def test_admin_congress_detail_shows_elections(admin_client, tree, english):
    response = admin_client.get(f"/admin/campaigns/congress/{tree.congresses['A1'].pk}/change/")
    assert response.status_code == 200
    assert "committee" in response.content.decode().lower()


def test_admin_grant_add_is_audited(admin_client, tree):
    lan = make_user("lan")
    response = admin_client.post(
        "/admin/accounts/grant/add/", {"user": lan.pk, "unit": tree["B"].pk, "role": "editor"}
    )
    assert response.status_code == 302
    assert Grant.objects.get(user=lan).role == Role.EDITOR
    entry = AuditEntry.objects.get(action="grant_role")
    assert entry.actor.username == "root"


def test_admin_grant_delete_is_audited(admin_client, tree):
    lan = make_user("lan", {tree["A"]: Role.VIEWER})
    grant = Grant.objects.get(user=lan)
    response = admin_client.post(f"/admin/accounts/grant/{grant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Grant.objects.filter(user=lan).exists()
    assert AuditEntry.objects.get(action="revoke_role").actor.username == "root"


def test_admin_audit_log_is_read_only(admin_client, tree):
    lan = make_user("lan")
    admin_client.post(
        "/admin/accounts/grant/add/", {"user": lan.pk, "unit": tree["B"].pk, "role": "viewer"}
    )
    entry = AuditEntry.objects.get()
    assert admin_client.get("/admin/accounts/auditentry/add/").status_code == 403
    response = admin_client.post(
        f"/admin/accounts/auditentry/{entry.pk}/change/", {"action": "forged"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.get().action == "grant_role"


def test_admin_refuses_staff_without_permissions(client, tree):
    client.force_login(make_user("staff", is_staff=True))
    assert client.get("/admin/accounts/auditentry/").status_code == 403
