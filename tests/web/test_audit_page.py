"""The audit log page: administrators only, scoped to their subtrees."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from daihoi.accounts.models import AuditEntry
from daihoi.accounts.views import AUDIT_PAGE_SIZE
from tests.web.dashboard_tree import build_tree, user_with_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_tree()


def entry(unit, action="update", actor=None, **changes):
    return AuditEntry.objects.create(
        unit=unit,
        actor=actor,
        action=action,
        object_type="units.unit",
        object_id=str(unit.pk) if unit else "",
        object_repr=f"object of {unit.code if unit else 'none'}",
        changes=changes or {"name": ["old", "new"]},
    )


def audit(client, viewer, **params):
    client.force_login(viewer)
    return client.get(reverse("accounts:audit"), params)


def reprs(response):
    return {r["entry"].object_repr for r in response.context["rows"]}


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_audit_page_is_403_for_non_administrators(client, tree, role):
    assert audit(client, user_with_grant("u", tree["P"], role)).status_code == 403


def test_audit_page_requires_login(client, tree):
    assert client.get(reverse("accounts:audit")).status_code == 302


def test_audit_page_shows_only_the_administrators_subtree(client, tree):
    entry(tree["A"])
    entry(tree["b1"])
    entry(tree["B"])
    entry(tree["P"])
    entry(None)
    response = audit(client, user_with_grant("adm", tree["A"], "administrator"))
    assert response.status_code == 200
    assert reprs(response) == {"object of A", "object of b1"}
    html = response.content.decode()
    assert "object of B" not in html
    assert "old → new" in html


def test_audit_page_ignores_viewer_grants_elsewhere(client, tree):
    user = user_with_grant("adm", tree["A"], "administrator")
    from daihoi.accounts.models import Grant

    Grant.objects.create(user=user, unit=tree["B"], role="viewer")
    entry(tree["G3"])
    entry(tree["G1"])
    assert reprs(audit(client, user)) == {"object of G1"}


def test_audit_page_superuser_sees_everything(client, tree):
    entry(tree["A"])
    entry(tree["B"])
    entry(None)
    root = get_user_model().objects.create_superuser("root", password="x")
    assert reprs(audit(client, root)) == {"object of A", "object of B", "object of none"}


def test_audit_page_filters_by_action_and_user(client, tree):
    admin = user_with_grant("adm", tree["P"], "administrator")
    clerk = user_with_grant("clerk", tree["A"], "editor")
    entry(tree["A"], action="create", actor=clerk)
    entry(tree["B"], action="update", actor=clerk)
    entry(tree["G1"], action="update", actor=admin)
    assert reprs(audit(client, admin, action="update")) == {"object of B", "object of G1"}
    assert reprs(audit(client, admin, user="clerk")) == {"object of A", "object of B"}
    assert reprs(audit(client, admin, action="update", user="clerk")) == {"object of B"}
    assert response_actions(audit(client, admin)) == ["create", "update"]


def response_actions(response):
    return response.context["actions"]


def test_audit_page_is_paginated(client, tree):
    AuditEntry.objects.bulk_create(
        AuditEntry(unit=tree["A"], action="update", object_type="x", object_repr=f"e{i}")
        for i in range(AUDIT_PAGE_SIZE + 5)
    )
    admin = user_with_grant("adm", tree["A"], "administrator")
    first = audit(client, admin)
    assert len(first.context["rows"]) == AUDIT_PAGE_SIZE
    assert "page=2" in first.content.decode()
    second = audit(client, admin, page=2)
    assert len(second.context["rows"]) == 5
