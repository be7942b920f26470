"""The live hall page through the client: the gate, progress while open, results once frozen."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from daihoi.elections.counting.freeze_actions import do_freeze
from tests.elections.counting_builders import enter, make_setup, open_count

pytestmark = pytest.mark.django_db

# 4 ballots, base 5 (3 votes pass): An and Bình are elected (see test_counting_actions).
AGREED = {1: "4", 2: "4", 3: "3 4", 4: "2 d"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """The panel is cached by congress id, and ids repeat between (rolled back) tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def s():
    return make_setup()


def hall(client, s):
    return client.get(reverse("elections:live_hall", args=[s["congress"].pk]))


def panel(client, s):
    return client.get(reverse("elections:live_panel", args=[s["congress"].pk]))


def test_live_hall_200_for_a_viewer_with_polling_panel(client, s, english):
    client.force_login(s["viewer"])
    response = hall(client, s)
    assert response.status_code == 200
    html = response.content.decode()
    panel_url = reverse("elections:live_panel", args=[s["congress"].pk])
    assert f'hx-get="{panel_url}"' in html
    assert 'hx-trigger="every 3s"' in html and 'hx-swap="outerHTML"' in html
    assert "not started" in html


@pytest.mark.parametrize("name", ["elections:live_hall", "elections:live_panel"])
def test_live_pages_403_for_another_district(client, s, name):
    client.force_login(s["outsider"])
    response = client.get(reverse(name, args=[s["congress"].pk]))
    assert response.status_code == 403


def test_live_hall_requires_login(client, s):
    response = hall(client, s)
    assert response.status_code == 302 and "login" in response["Location"]


def test_live_panel_shows_progress_only_while_open(client, s, english):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "4", 2: "4", 3: "3 4"})
    client.force_login(s["viewer"])
    response = panel(client, s)
    assert response.status_code == 200
    html = response.content.decode()
    assert "counting" in html and "clerk1" in html
    assert "3 / 4" in html and '<progress max="4" value="3">' in html
    # No provisional results: no candidate name, no "official" label.
    assert "Nguyễn Văn An" not in html and "official result" not in html


def test_live_panel_shows_the_elected_once_frozen(client, s, english):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], AGREED)
    enter(count, s["clerk2"], AGREED)
    frozen = do_freeze(s["admin"], count)
    client.force_login(s["viewer"])
    html = panel(client, s).content.decode()
    assert "official result" in html
    results = {r["name"]: r for r in frozen.result_json["results"]}
    elected = frozen.result_json["elected"]
    assert elected == ["Nguyễn Văn An", "Lê Thị Bình"]
    positions = [html.index(name) for name in elected]
    order = sorted(elected, key=lambda n: -results[n]["votes"])
    assert [html.index(n) for n in order] == sorted(positions)
    for name in elected:
        assert results[name]["percent_of_base"] + "%" in html
    assert "Trần Văn Cường" not in html  # not elected: not listed
    assert "1 seat left unfilled" in html


def test_live_panel_vietnamese_official_result_and_number_format(client, s):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], AGREED)
    enter(count, s["clerk2"], AGREED)
    do_freeze(s["admin"], count)
    client.force_login(s["viewer"])
    html = panel(client, s).content.decode()
    assert "Kết quả chính thức" in html
    assert "," in html.split("Nguyễn Văn An")[1].split("%")[0]  # 60,00% style decimal comma


def test_congress_page_links_to_the_hall_screen(client, s):
    client.force_login(s["viewer"])
    response = client.get(reverse("campaigns:congress_detail", args=[s["congress"].pk]))
    assert reverse("elections:live_hall", args=[s["congress"].pk]) in response.content.decode()
