"""GET /api/v1/units/: scoped to the caller's grants, paginated, constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from daihoi.accounts.models import Role
from daihoi.units.models import Level, Unit
from tests.accounts.tree import make_user
from tests.api.conftest import bearer


def codes(response):
    assert response.status_code == 200, response.content
    return [u["code"] for u in response.json()["items"]]


def test_units_top_is_the_callers_granted_units(client, tree):
    user = make_user("two", {tree["A1"]: Role.VIEWER, tree["B"]: Role.VIEWER})
    assert codes(client.get("/api/v1/units/", headers=bearer(user))) == ["A1", "B"]


def test_units_top_for_superuser_is_the_root(client, superuser):
    assert codes(client.get("/api/v1/units/", headers=bearer(superuser))) == ["P"]


def test_units_children_of_parent(client, a_viewer):
    response = client.get("/api/v1/units/?parent=A", headers=bearer(a_viewer))
    assert codes(response) == ["A1", "A2"]
    first = response.json()["items"][0]
    assert first == {
        "code": "A1",
        "name": "Unit A1",
        "level": "grassroots",
        "level_name": Level.objects.get(code="grassroots").name,
        "members": 30,
        "parent_code": "A",
        "children": 1,
    }


def test_units_level_below_parent(client, superuser):
    response = client.get("/api/v1/units/?parent=P&level=grassroots", headers=bearer(superuser))
    assert codes(response) == ["A1", "A2", "B1"]
    assert [u["parent_code"] for u in response.json()["items"]] == ["A", "A", "B"]


def test_units_level_without_parent_is_scoped(client, a_viewer):
    assert codes(client.get("/api/v1/units/?level=grassroots", headers=bearer(a_viewer))) == [
        "A1",
        "A2",
    ]


def test_units_unknown_level_is_400(client, a_viewer):
    response = client.get("/api/v1/units/?level=galaxy", headers=bearer(a_viewer))
    assert response.status_code == 400
    assert "galaxy" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/units/?parent=B", 403),
        ("/api/v1/units/?parent=P", 403),
        ("/api/v1/units/?parent=NOPE", 404),
        ("/api/v1/units/B", 403),
        ("/api/v1/units/B1", 403),
        ("/api/v1/units/P", 403),
        ("/api/v1/units/NOPE", 404),
    ],
)
def test_units_outside_grant_denied(client, a_viewer, url, status):
    response = client.get(url, headers=bearer(a_viewer))
    assert response.status_code == status
    assert response.json()["detail"]
    assert "Unit B" not in response.content.decode()


def test_unit_detail(client, a_viewer):
    response = client.get("/api/v1/units/A1a", headers=bearer(a_viewer))
    assert response.status_code == 200
    body = response.json()
    assert (body["level"], body["parent_code"], body["children"], body["members"]) == (
        "branch",
        "A1",
        0,
        12,
    )


def test_unit_detail_root_has_no_parent(client, superuser):
    assert client.get("/api/v1/units/P", headers=bearer(superuser)).json()["parent_code"] is None


def _add_branches(tree, count):
    branch = Level.objects.get(code="branch")
    for i in range(count):
        Unit.objects.add_child(
            tree["A2"], create_kwargs={"code": f"A2-{i:03}", "name": f"B {i}", "level": branch}
        )


def test_units_paginated(client, tree, a_viewer):
    _add_branches(tree, 25)
    headers = bearer(a_viewer)
    body = client.get("/api/v1/units/?parent=A2&page=2&page_size=10", headers=headers).json()
    assert (body["count"], body["page"], body["pages"], body["page_size"]) == (25, 2, 3, 10)
    assert [u["code"] for u in body["items"]] == [f"A2-{i:03}" for i in range(10, 20)]
    last = client.get("/api/v1/units/?parent=A2&page=3&page_size=10", headers=headers).json()
    assert len(last["items"]) == 5
    assert client.get("/api/v1/units/?page=0", headers=headers).status_code == 400
    assert client.get("/api/v1/units/?page_size=5000", headers=headers).status_code == 422


def _queries(client, url, headers):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, headers=headers).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/api/v1/units/?level=branch", "/api/v1/units/?parent=A2"])
def test_units_query_count_does_not_grow_with_rows(
    client, tree, a_viewer, url, django_assert_max_num_queries
):
    headers = bearer(a_viewer)
    _add_branches(tree, 2)
    few = _queries(client, url, headers)
    _add_branches_more = 40
    branch = Level.objects.get(code="branch")
    for i in range(_add_branches_more):
        Unit.objects.add_child(
            tree["A1"], create_kwargs={"code": f"A1-{i:03}", "name": f"C {i}", "level": branch}
        )
        Unit.objects.add_child(
            tree["A2"], create_kwargs={"code": f"A2-x{i:03}", "name": f"D {i}", "level": branch}
        )
    many = _queries(client, url, headers)
    assert many == few
    with django_assert_max_num_queries(8):
        client.get(url, headers=headers)
