"""GET /api/v1/stats/: the CLI's JSON, for a subtree the caller may see."""

import datetime

import pytest

from daihoi.stats.queries import stats_report
from tests.api.conftest import bearer


def test_stats_same_as_stats_report(client, tree, a_viewer):
    response = client.get(
        "/api/v1/stats/?campaign=2020-2025&unit=A&as_of=2020-07-09", headers=bearer(a_viewer)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == stats_report(tree["A"], tree.campaign, datetime.date(2020, 7, 9))
    assert body["unit"] == "A" and body["as_of"] == "2020-07-09"
    assert body["levels"]["grassroots"]["units"] == 2
    assert body["levels"]["grassroots"]["held"] == 2
    assert body["levels"]["grassroots"]["committee_elected"] == 1
    assert body["previous"]["campaign"] == "2015-2020"


def test_stats_as_of_before_any_congress(client, tree, a_viewer):
    body = client.get(
        "/api/v1/stats/?campaign=2020-2025&unit=A&as_of=2020-05-09", headers=bearer(a_viewer)
    ).json()
    assert body["levels"]["grassroots"]["held"] == 0


def test_stats_default_unit_is_callers_top_unit(client, tree, a_viewer):
    body = client.get("/api/v1/stats/?campaign=2020-2025", headers=bearer(a_viewer)).json()
    assert body["unit"] == "A"
    assert "district" not in body["levels"] or body["levels"]["district"]["units"] <= 1


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("campaign=2020-2025&unit=B", 403),
        ("campaign=2020-2025&unit=P", 403),
        ("campaign=2020-2025&unit=NOPE", 404),
        ("campaign=1900-1905&unit=A", 404),
        ("campaign=2020-2025&unit=A&as_of=09/07/2020", 422),
        ("unit=A", 422),
    ],
)
def test_stats_errors(client, a_viewer, query, status):
    response = client.get(f"/api/v1/stats/?{query}", headers=bearer(a_viewer))
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_stats_user_without_grants_is_403(client, tree):
    from tests.accounts.tree import make_user

    response = client.get("/api/v1/stats/?campaign=2020-2025", headers=bearer(make_user("nobody")))
    assert response.status_code == 403
