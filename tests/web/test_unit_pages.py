import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from daihoi.campaigns.models import CongressStatus
from daihoi.units.models import Unit
from tests.campaigns.factories import (
    add_candidates,
    level,
    make_campaign,
    make_congress,
    make_election,
    make_tree,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return make_tree()


def unit_url(unit):
    return reverse("units:detail", args=[unit.pk])


def label(status):
    with translation.override("vi"):
        return str(CongressStatus(status).label).capitalize()


def test_unit_page_shows_unit_ancestors_children_and_dashboard_link(client, tree):
    client.force_login(make_user("a", tree["A"], "viewer"))
    response = client.get(unit_url(tree["A1"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xã A1" in html and "A1" in html
    assert f'href="{unit_url(tree["A"])}"' in html  # ancestor within the grant: a link
    assert f'href="{unit_url(tree["P"])}"' not in html  # above the grant: name only
    assert "Tỉnh P" in html
    assert f'href="{unit_url(tree["A1a"])}"' in html  # child
    assert f"{reverse('stats:dashboard')}?unit={tree['A1'].pk}" in html


def test_unit_page_other_district_is_forbidden(client, tree):
    client.force_login(make_user("a", tree["A"], "administrator"))
    assert client.get(unit_url(tree["B"])).status_code == 403
    assert client.get(unit_url(tree["B1"])).status_code == 403
    assert client.get(unit_url(tree["P"])).status_code == 403


def test_unit_page_unknown_is_404(client, tree):
    client.force_login(make_user("a", tree["P"], "viewer"))
    assert client.get(reverse("units:detail", args=[999_999])).status_code == 404


def test_unit_page_requires_login(client, tree):
    response = client.get(unit_url(tree["A"]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_unit_page_status_derived_from_held_date(client, tree):
    today = datetime.date.today()
    old = make_campaign(code="2015-2020")
    new = make_campaign(code="2020-2025")
    make_congress(tree["A1"], campaign=old, held_on=today - datetime.timedelta(days=1))
    make_congress(tree["A1"], campaign=new, held_on=today + datetime.timedelta(days=1))
    client.force_login(make_user("a", tree["A"], "viewer"))
    html = client.get(unit_url(tree["A1"])).content.decode()
    assert html.count("status-held") == 1
    assert html.count("status-planned") == 1
    assert label("held") in html and label("planned") in html
    assert html.index("2020-2025") < html.index("2015-2020")


def test_unit_page_offers_new_congress_to_editors_only(client, tree):
    make_campaign()
    create_url = reverse("campaigns:congress_create", args=[tree["A1"].pk])
    client.force_login(make_user("v", tree["A"], "viewer"))
    assert create_url not in client.get(unit_url(tree["A1"])).content.decode()
    client.force_login(make_user("e", tree["A"], "editor"))
    assert create_url in client.get(unit_url(tree["A1"])).content.decode()


def child_links(response):
    return response.content.decode().count('<td><a href="/units/')


def add_branches(parent, n):
    for i in range(n):
        Unit.objects.add_child(
            Unit.objects.get(pk=parent.pk),
            {"code": f"{parent.code}-{i:03}", "name": f"Chi bộ {i}", "level": level("branch")},
        )


def test_unit_page_query_count_does_not_grow_with_children(
    client, tree, django_assert_max_num_queries
):
    add_branches(tree["A1"], 9)  # 10 children with A1a
    add_branches(tree["B1"], 60)
    for unit in (tree["A1"], tree["B1"]):
        congress = make_congress(unit, held_on=datetime.date(2020, 7, 1))
        add_candidates(make_election(congress, seats=3), 3, elected=2)
    client.force_login(make_user("p", tree["P"], "viewer"))
    with CaptureQueriesContext(connection) as small:
        response = client.get(unit_url(tree["A1"]))
    assert response.status_code == 200
    assert child_links(response) == 10
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(unit_url(tree["B1"]))
    assert child_links(response) == 50
    assert "?page=2" in response.content.decode()
    assert child_links(client.get(unit_url(tree["B1"]) + "?page=2")) == 10
