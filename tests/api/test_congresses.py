"""Congresses through the API: scoped lists, detail with elections, and the editor's PATCH."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from daihoi.accounts.models import AuditEntry, Role
from daihoi.campaigns.models import Congress
from daihoi.units.models import Level, Unit
from tests.accounts.tree import make_user
from tests.api.conftest import bearer


def test_campaigns_list(client, a_viewer):
    response = client.get("/api/v1/campaigns/", headers=bearer(a_viewer))
    assert response.json() == [
        {"code": "2020-2025", "name": "Term 2020-2025", "previous": "2015-2020"},
        {"code": "2015-2020", "name": "Term 2015-2020", "previous": None},
    ]


def test_congresses_list_only_callers_subtree(client, a_viewer):
    response = client.get("/api/v1/congresses/?campaign=2020-2025", headers=bearer(a_viewer))
    body = response.json()
    assert [c["unit_code"] for c in body["items"]] == ["A", "A1", "A1a", "A2"]
    assert body["count"] == 4


def test_congresses_list_of_a_unit_subtree(client, superuser):
    response = client.get(
        "/api/v1/congresses/?campaign=2020-2025&unit=B", headers=bearer(superuser)
    )
    items = response.json()["items"]
    assert [c["unit_code"] for c in items] == ["B", "B1"]
    assert items[1] == {
        "campaign": "2020-2025",
        "unit_code": "B1",
        "unit_name": "Unit B1",
        "term": "2020-2025",
        "kind": "members",
        "planned_on": "2020-05-01",
        "held_on": None,
        "summoned": 10,
        "attended": 9,
        "pilot": False,
        "status": "planned",
    }
    assert items[0]["status"] == "held"


def test_congresses_status_as_of(client, superuser):
    url = "/api/v1/congresses/?unit=A&level=district&as_of=2020-05-09"
    assert client.get(url, headers=bearer(superuser)).json()["items"][0]["status"] == "planned"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/congresses/?unit=B", 403),
        ("/api/v1/congresses/?unit=P", 403),
        ("/api/v1/congresses/?unit=NOPE", 404),
        ("/api/v1/congresses/?campaign=1900-1905", 404),
        ("/api/v1/congresses/2020-2025/B1", 403),
        ("/api/v1/congresses/2020-2025/P", 403),
        ("/api/v1/congresses/1900-1905/A1", 404),
        ("/api/v1/congresses/2015-2020/A1", 404),
    ],
)
def test_congresses_outside_grant_or_unknown(client, a_viewer, url, status):
    response = client.get(url, headers=bearer(a_viewer))
    assert response.status_code == status
    assert response.json()["detail"]


def test_congress_detail_with_elections_and_candidates(client, a_viewer):
    response = client.get("/api/v1/congresses/2020-2025/A1", headers=bearer(a_viewer))
    body = response.json()
    assert body["unit_code"] == "A1" and body["held_on"] == "2020-05-10"
    [election] = body["elections"]
    assert (election["body"], election["seats"], election["elected"]) == ("committee", 2, 1)
    assert [c["full_name"] for c in election["candidates"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert election["candidates"][1]["gender"] == "female"


def test_patch_congress_by_editor_updates_and_audits(client, tree, a_editor):
    response = client.patch(
        "/api/v1/congresses/2020-2025/A2",
        {"held_on": "2020-06-01", "summoned": 20, "attended": 18, "pilot": True},
        content_type="application/json",
        headers=bearer(a_editor),
    )
    assert response.status_code == 200, response.content
    assert response.json()["held_on"] == "2020-06-01"
    congress = Congress.objects.get(unit=tree["A2"])
    assert (congress.held_on, congress.summoned, congress.attended, congress.pilot) == (
        datetime.date(2020, 6, 1),
        20,
        18,
        True,
    )
    entry = AuditEntry.objects.get(action="update_congress")
    assert entry.actor == a_editor
    assert entry.changes["pilot"] == [False, True]


def test_patch_congress_partial_leaves_other_fields(client, tree, a_editor):
    client.patch(
        "/api/v1/congresses/2020-2025/A2",
        {"pilot": True},
        content_type="application/json",
        headers=bearer(a_editor),
    )
    congress = Congress.objects.get(unit=tree["A2"])
    assert (congress.pilot, congress.held_on, congress.attended) == (
        True,
        datetime.date(2020, 5, 10),
        9,
    )


def _snapshot():
    return list(
        Congress.objects.order_by("pk").values_list("held_on", "summoned", "attended", "pilot")
    )


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("a_viewer", "A1", 403),  # viewer cannot write
        ("b_editor", "A1", 403),  # district B cannot touch district A
        ("a_editor", "B1", 403),  # and the other way round
        ("a_editor", "P", 403),  # nor the province above
        ("a_editor", "NOPE", 404),
    ],
)
def test_patch_congress_denied_leaves_db_unchanged(client, request, tree, who, unit, status):
    user = request.getfixturevalue(who)
    before = _snapshot()
    response = client.patch(
        f"/api/v1/congresses/2020-2025/{unit}",
        {"pilot": True, "summoned": 99},
        content_type="application/json",
        headers=bearer(user),
    )
    assert response.status_code == status
    assert response.json()["detail"]
    assert _snapshot() == before
    assert not AuditEntry.objects.filter(action="update_congress").exists()


def test_patch_congress_invalid_attendance_is_400(client, a_editor):
    before = _snapshot()
    response = client.patch(
        "/api/v1/congresses/2020-2025/A2",
        {"summoned": 5, "attended": 8},
        content_type="application/json",
        headers=bearer(a_editor),
    )
    assert response.status_code == 400
    assert "attended" in response.json()["detail"]
    assert _snapshot() == before


def test_patch_congress_negative_number_is_422(client, a_editor):
    response = client.patch(
        "/api/v1/congresses/2020-2025/A2",
        {"summoned": -1},
        content_type="application/json",
        headers=bearer(a_editor),
    )
    assert response.status_code == 422
    assert "summoned" in response.json()["detail"]


def test_congresses_query_count_does_not_grow_with_rows(
    client, tree, django_assert_max_num_queries
):
    user = make_user("v", {tree["A"]: Role.VIEWER})
    headers = bearer(user)
    url = "/api/v1/congresses/?campaign=2020-2025"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, headers=headers).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    branch = Level.objects.get(code="branch")
    for i in range(30):
        unit = Unit.objects.add_child(
            tree["A2"], create_kwargs={"code": f"X{i}", "name": f"X {i}", "level": branch}
        )
        Congress.objects.create(campaign=tree.campaign, unit=unit)
    assert count() == few
    with django_assert_max_num_queries(8):
        client.get(url, headers=headers)
