"""The dashboard through the client: figures, formatting, dates, drill-down and access."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from daihoi.accounts.models import Grant
from daihoi.units.models import Unit
from tests.web.dashboard_tree import AS_OF, FigureTables, build_tree, user_with_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_tree()


def dashboard(client, user, **params):
    client.force_login(user)
    return client.get(reverse("stats:dashboard"), params)


def figures(response, level):
    return FigureTables(response.content.decode()).tables[level]


@pytest.fixture
def province_viewer(tree):
    return user_with_grant("pv", tree["P"])


def test_dashboard_requires_login(client, tree):
    response = client.get(reverse("stats:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_shows_grassroots_figures_vietnamese_style(client, tree, province_viewer):
    response = dashboard(client, province_viewer, as_of=AS_OF.isoformat())
    assert response.status_code == 200
    g = figures(response, "grassroots")
    assert g["held"][0] == "3/3 (100%)"
    assert g["full_leadership"][0] == "2/3 (66,7%)"
    assert g["direct_secretary"][0] == "1"
    assert g["committee_seats"][0] == "1.242"
    assert g["committee_elected"][0] == "11/1.242 (0,9%)"
    assert g["committee_shortfall"][0] == "1.231"
    assert g["incumbents_not_reelected"][0] == "2"
    assert g["women"][0] == "2/11 (18,2%)"
    assert g["under_40"][0] == "1/11 (9,1%)"
    assert g["ethnic_minority"][0] == "1/11 (9,1%)"
    assert g["first_time"][0] == "9/11 (81,8%)"


def test_dashboard_shows_every_level_below_in_rank_order(client, tree, province_viewer):
    response = dashboard(client, province_viewer, as_of=AS_OF.isoformat())
    tables = FigureTables(response.content.decode()).tables
    assert list(tables) == ["district", "grassroots", "branch"]
    assert tables["district"]["held"][0] == "0/2 (0%)"
    assert tables["branch"]["held"][0] == "4/6 (66,7%)"
    assert tables["branch"]["full_leadership"][0] == "3/4 (75,0%)"


def test_dashboard_shows_previous_term_column(client, tree, province_viewer):
    response = dashboard(client, province_viewer, as_of=AS_OF.isoformat())
    html = response.content.decode()
    assert "2015-2020" in html
    g = figures(response, "grassroots")
    assert g["committee_shortfall"] == ["1.231", "2"]
    assert g["incumbents_not_reelected"] == ["2", "4"]
    assert g["held"][1] == "1/3 (33,3%)"
    assert figures(response, "branch")["held"][1] == "1/6 (16,7%)"


def test_dashboard_as_of_before_held_dates_shows_zero_held(client, tree, province_viewer):
    response = dashboard(client, province_viewer, as_of="2020-04-30")
    for level in ("district", "grassroots", "branch"):
        assert figures(response, level)["held"][0].startswith("0/")
    assert figures(response, "grassroots")["committee_elected"][0] == "0/0 (—)"
    assert "30/04/2020" in response.content.decode()


def test_dashboard_accepts_day_month_year_dates(client, tree, province_viewer):
    response = dashboard(client, province_viewer, as_of="21/07/2020")
    assert figures(response, "branch")["held"][0] == "5/6 (83,3%)"


def test_dashboard_defaults_to_today_and_latest_campaign(client, tree, province_viewer):
    response = dashboard(client, province_viewer)
    assert response.context["sel"].as_of == datetime.date.today()
    assert response.context["sel"].campaign.code == "2020-2025"
    assert figures(response, "district")["held"][0] == "1/2 (50,0%)"


def test_dashboard_campaign_selector_switches_campaign(client, tree, province_viewer):
    response = dashboard(client, province_viewer, campaign="2015-2020", as_of="2020-01-01")
    assert figures(response, "grassroots")["held"] == ["1/3 (33,3%)"]  # no earlier campaign


def test_dashboard_unknown_campaign_is_404(client, tree, province_viewer):
    assert dashboard(client, province_viewer, campaign="1900-1905").status_code == 404


def test_dashboard_in_english_uses_commas(client, tree, province_viewer):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = dashboard(client, province_viewer, as_of=AS_OF.isoformat())
    g = figures(response, "grassroots")
    assert g["committee_seats"][0] == "1,242"
    assert g["full_leadership"][0] == "2/3 (66.7%)"


def test_dashboard_children_link_to_their_dashboards(client, tree, province_viewer):
    response = dashboard(client, province_viewer, as_of=AS_OF.isoformat())
    html = response.content.decode()
    for code in ("A", "B"):
        assert f"?unit={tree[code].pk}&amp;campaign=2020-2025&amp;as_of=2020-07-09" in html
    children = response.context["children"]
    assert [c["row"].unit.code for c in children] == ["A", "B"]
    a = children[0]["row"].figures
    # A's subtree: itself (not yet held), G1, G2, b1-b4 (b1, b2, b4 held).
    assert (a["held"], a["units"]) == (5, 7)


def test_dashboard_drills_down_to_a_branch_page(client, tree, province_viewer):
    response = dashboard(client, province_viewer, unit=tree["G1"].pk, as_of=AS_OF.isoformat())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("units:detail", args=[tree["b1"].pk])}"' in html
    assert figures(response, "branch")["held"][0] == "2/3 (66,7%)"
    # Breadcrumb drills back up.
    for code in ("P", "A"):
        assert f"?unit={tree[code].pk}&amp;" in html


def test_dashboard_of_a_branch_says_nothing_below(client, tree, province_viewer):
    response = dashboard(client, province_viewer, unit=tree["b1"].pk)
    assert response.status_code == 200
    assert response.context["d"].levels == []
    assert reverse("units:detail", args=[tree["b1"].pk]) in response.content.decode()


def test_dashboard_opens_on_the_users_home_unit(client, tree):
    user = user_with_grant("a-viewer", tree["A"])
    response = dashboard(client, user, as_of=AS_OF.isoformat())
    assert response.context["d"].unit == tree["A"]
    assert [c["row"].unit.code for c in response.context["children"]] == ["G1", "G2"]


def test_dashboard_denies_another_districts_unit(client, tree):
    user = user_with_grant("a-viewer", tree["A"])
    assert dashboard(client, user, unit=tree["B"].pk).status_code == 403
    assert dashboard(client, user, unit=tree["G3"].pk).status_code == 403
    assert dashboard(client, user, unit=tree["P"].pk).status_code == 403


def test_dashboard_breadcrumb_hides_units_above_the_grant(client, tree):
    user = user_with_grant("a-viewer", tree["A"])
    response = dashboard(client, user, unit=tree["G1"].pk)
    assert [a["unit"].code for a in response.context["ancestors"]] == ["A"]


def test_dashboard_unknown_unit_is_404(client, tree, province_viewer):
    assert dashboard(client, province_viewer, unit=999999).status_code == 404
    assert dashboard(client, province_viewer, unit="abc").status_code == 404


def test_dashboard_without_grant_shows_friendly_page(client, tree):
    response = dashboard(client, user_with_grant("nobody"))
    assert response.status_code == 200
    assert response.templates[0].name == "stats/no_unit.html"


def test_dashboard_htmx_request_returns_the_panel_only(client, tree, province_viewer):
    client.force_login(province_viewer)
    response = client.get(
        reverse("stats:dashboard"),
        {"unit": tree["P"].pk, "as_of": AS_OF.isoformat()},
        headers={"HX-Request": "true", "HX-Target": "panel"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="panel"')
    assert "<html" not in html
    assert figures(response, "grassroots")["held"][0] == "3/3 (100%)"


def test_dashboard_draws_both_charts(client, tree, province_viewer):
    response = dashboard(client, province_viewer, as_of=AS_OF.isoformat())
    html = response.content.decode()
    assert html.count("<svg") == 2
    assert "<polyline" in html
    assert "Đơn vị A" in response.context["bars_svg"]


def test_dashboard_query_count_does_not_grow_with_units(client, django_assert_max_num_queries):
    small = build_tree()
    user = user_with_grant("pv", small["P"])
    client.force_login(user)
    url = reverse("stats:dashboard")
    with django_assert_max_num_queries(30) as small_ctx:
        assert client.get(url, {"as_of": AS_OF.isoformat()}).status_code == 200
    # Grow the tree: many more branches and congresses under G3.
    from tests.web.dashboard_tree import _congress, _leadership

    g3 = small["G3"]
    for i in range(40):
        g3.refresh_from_db()
        unit = Unit.objects.add_child(
            g3, create_kwargs={"code": f"y{i}", "name": f"y{i}", "level": small["b5"].level}
        )
        _leadership(_congress(small.campaign, unit, datetime.date(2020, 5, 6)), 2, 2)
    with django_assert_max_num_queries(30) as big_ctx:
        response = client.get(url, {"as_of": AS_OF.isoformat()})
    assert figures(response, "branch")["held"][0] == "44/46 (95,7%)"
    assert len(big_ctx.captured_queries) == len(small_ctx.captured_queries)


def test_dashboard_superuser_opens_on_the_root(client, tree):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x")
    response = dashboard(client, admin)
    assert response.context["d"].unit == tree["P"]


def test_dashboard_nav_shows_audit_link_to_administrators_only(client, tree):
    viewer = user_with_grant("v", tree["A"])
    html = dashboard(client, viewer).content.decode()
    assert reverse("accounts:audit") not in html
    Grant.objects.filter(user=viewer).update(role="administrator")
    html = dashboard(client, viewer).content.decode()
    assert reverse("accounts:audit") in html
    assert re.search(r'<form method="post" action="/i18n/setlang/"', html)


def test_dashboard_varies_on_htmx_headers(client, tree, province_viewer):
    response = dashboard(client, province_viewer)
    assert "HX-Request" in response["Vary"]
