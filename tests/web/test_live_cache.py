"""The live panel under load: grouped progress, the cache and its bound, ETag/304, the gate.

The panel is cached per (congress, language, stamp of the counts' state) for `LIVE_TTL` seconds.
These tests move the cache's clock instead of sleeping: a freeze (or anything else the stamp
covers) must show at once whatever the TTL; the clerks' progress may lag by at most the TTL.
"""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from daihoi.elections import live
from daihoi.elections.counting.entry_actions import do_enter_totals
from daihoi.elections.counting.freeze_actions import do_freeze, do_recount
from daihoi.elections.counting.queries import count_progress, entered_by_clerk
from daihoi.elections.models import BallotEntry
from tests.elections.counting_builders import enter, make_setup, open_count

pytestmark = pytest.mark.django_db

# 4 ballots, base 5 (3 votes pass): An and Bình are elected (see test_counting_actions).
AGREED = {1: "4", 2: "4", 3: "3 4", 4: "2 d"}


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Ids repeat between tests (rolled back): a panel cached by another test must not leak in."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def s() -> dict[str, Any]:
    return make_setup()


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Any:
    """later(seconds): `seconds` have passed for the local-memory cache (and for time.time())."""
    assert isinstance(caches["default"], locmem.LocMemCache)  # whose expiry reads time.time()
    real = time.time

    def move(seconds: float) -> None:
        monkeypatch.setattr(time, "time", lambda: real() + seconds)

    return move


def panel(client: Any, s: dict[str, Any], **kwargs: Any) -> Any:
    return client.get(reverse("elections:live_panel", args=[s["congress"].pk]), **kwargs)


def test_entered_by_clerk_matches_reconciliation(s):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "4", 2: "4", 3: "3 4"})
    enter(count, s["clerk2"], {1: "4", 2: "1"})
    grouped = entered_by_clerk([count.pk])
    assert grouped == {
        count.pk: [{"name": "clerk1", "entered": 3}, {"name": "clerk2", "entered": 2}]
    }
    assert grouped[count.pk] == count_progress(count)["clerks"]
    assert entered_by_clerk([count.pk + 1000]) == {count.pk + 1000: []}


def test_the_compiled_stamp_query_gives_the_orms_rows(s):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], AGREED)
    enter(count, s["clerk2"], AGREED)
    do_recount(s["admin"], do_freeze(s["admin"], count), "Đếm lại")
    congress_id = s["congress"].pk
    rows = live._stamp_rows(congress_id)
    assert rows == [tuple(r) for r in live.stamp_queryset(congress_id)]
    assert len(rows) == 2 and rows[0][5] == "frozen" and rows[1][5] == "open"
    assert live.read_stamp(congress_id + 1000) is None


def test_panel_shows_each_streams_progress(client, s, english):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "4", 2: "4", 3: "3 4"})
    enter(count, s["clerk2"], {1: "4"})
    client.force_login(s["viewer"])
    html = panel(client, s).content.decode()
    assert '<progress max="4" value="3">' in html and "3 / 4" in html
    assert '<progress max="4" value="1">' in html and "1 / 4" in html
    assert html.index("clerk1") < html.index("clerk2")
    assert "Nguyễn Văn An" not in html  # never provisional figures


def test_panel_reads_no_entry_and_its_queries_do_not_grow_with_entries(client, s):
    count = open_count(s["election"], s["admin"], issued=40, summoned=40)
    client.force_login(s["viewer"])
    sizes = []
    for lines in ({1: "4"}, {n: "1 2" for n in range(2, 41)}):
        enter(count, s["clerk1"], lines)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert panel(client, s).status_code == 200
        sizes.append(len(queries))
        entry_table = BallotEntry._meta.db_table
        reads = [q["sql"] for q in queries.captured_queries if entry_table in q["sql"]]
        assert len(reads) == 1 and "GROUP BY" in reads[0]
    assert BallotEntry.objects.filter(count=count).count() == 40
    assert sizes[0] == sizes[1]


def test_cached_poll_makes_four_queries(client, s):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "4"})
    client.force_login(s["viewer"])
    with CaptureQueriesContext(connection) as first:
        panel(client, s)
    with CaptureQueriesContext(connection) as second:
        panel(client, s)
    entry_table = BallotEntry._meta.db_table
    assert not any(entry_table in q["sql"] for q in second.captured_queries)
    # The miss also grouped the entries and read the clerks' names (no frozen count: no result
    # to read); the hit is the session, the user, the stamp (with the congress's unit), grants.
    assert len(second) == len(first) - 2 == 4


def test_freeze_shows_the_official_result_on_the_next_poll_whatever_the_ttl(
    client, s, english, monkeypatch
):
    monkeypatch.setattr(live, "LIVE_TTL", 3600)
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], AGREED)
    enter(count, s["clerk2"], AGREED)
    client.force_login(s["viewer"])
    before = panel(client, s).content.decode()
    assert "counting" in before and "official result" not in before
    frozen = do_freeze(s["admin"], count)
    after = panel(client, s).content.decode()
    assert "official result" in after and "counting" not in after
    assert frozen.result_json is not None
    assert frozen.result_json["elected"] == ["Nguyễn Văn An", "Lê Thị Bình"]
    assert all(name in after for name in frozen.result_json["elected"])


def test_recount_shows_counting_again_at_once(client, s, english):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], AGREED)
    enter(count, s["clerk2"], AGREED)
    frozen = do_freeze(s["admin"], count)
    client.force_login(s["viewer"])
    assert "official result" in panel(client, s).content.decode()
    recount = do_recount(s["admin"], frozen, "Đếm lại theo đề nghị của đoàn đại biểu")
    html = panel(client, s).content.decode()
    assert recount.supersedes_id == frozen.pk
    assert "counting" in html and "official result" not in html
    assert "Nguyễn Văn An" not in html


def test_aggregate_totals_entered_show_at_once(client, s, english, monkeypatch):
    monkeypatch.setattr(live, "LIVE_TTL", 3600)
    count = open_count(s["election"], s["admin"], mode="aggregate", summoned=5)
    client.force_login(s["viewer"])
    assert "The board is counting the ballots." in panel(client, s).content.decode()
    votes = {name: 3 for name in count.candidates}
    do_enter_totals(s["admin"], count, returned=4, invalid=0, votes=votes)
    html = panel(client, s).content.decode()
    assert "The board has entered the totals" in html


def test_progress_lags_at_most_the_ttl(client, s, english, later):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "4"})
    client.force_login(s["viewer"])
    assert "1 / 4" in panel(client, s).content.decode()
    enter(count, s["clerk1"], {2: "4"})
    later(live.LIVE_TTL - 0.5)
    assert "1 / 4" in panel(client, s).content.decode()  # cached: within the bound
    later(live.LIVE_TTL + 0.01)
    assert "2 / 4" in panel(client, s).content.decode()  # never older than the bound


def test_unchanged_panel_is_a_bodiless_304(client, s, later):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "4"})
    client.force_login(s["viewer"])
    first = panel(client, s, headers={"HX-Request": "true"})
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    again = panel(client, s, headers={"HX-Request": "true", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    # Rebuilt after the TTL but unchanged: the same ETag, still 304.
    later(live.LIVE_TTL + 0.01)
    assert panel(client, s, headers={"If-None-Match": etag}).status_code == 304
    # A new ballot: a new panel, a new ETag.
    enter(count, s["clerk1"], {2: "4"})
    later(2 * live.LIVE_TTL + 0.02)
    changed = panel(client, s, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "2 / 4" in changed.content.decode()


def test_a_freeze_changes_the_etag(client, s):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], AGREED)
    enter(count, s["clerk2"], AGREED)
    client.force_login(s["viewer"])
    etag = panel(client, s)["ETag"]
    do_freeze(s["admin"], count)
    response = panel(client, s, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


def test_the_gate_runs_before_the_cache_and_the_etag(client, s):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "4"})
    client.force_login(s["viewer"])
    etag = panel(client, s)["ETag"]  # cached now
    client.logout()
    anonymous = panel(client, s, headers={"If-None-Match": etag})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(s["outsider"])
    outsider = panel(client, s, headers={"If-None-Match": etag})
    assert outsider.status_code == 403 and "clerk1" not in outsider.content.decode()
    hall = client.get(reverse("elections:live_hall", args=[s["congress"].pk]))
    assert hall.status_code == 403


def test_each_language_has_its_own_cached_panel(client, s):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], AGREED)
    enter(count, s["clerk2"], AGREED)
    do_freeze(s["admin"], count)
    client.force_login(s["viewer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english_html = panel(client, s).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = panel(client, s)
    assert "Official result" in english_html and "Kết quả chính thức" not in english_html
    assert "Kết quả chính thức" in vietnamese.content.decode()


def test_hall_page_embeds_the_same_panel(client, s, english):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "4", 2: "4"})
    client.force_login(s["viewer"])
    hall = client.get(reverse("elections:live_hall", args=[s["congress"].pk]))
    fragment = panel(client, s).content.decode()
    assert hall.status_code == 200
    assert fragment in hall.content.decode() and "2 / 4" in fragment
