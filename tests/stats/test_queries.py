"""Every figure of the seed table on tiny hand-built trees."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from daihoi.stats.queries import (
    FIGURES,
    child_figures,
    default_campaign,
    get_campaign,
    held_timeline,
    level_figures,
    stats_report,
)
from tests.stats.builders import campaign, child, congress, election, root

pytestmark = pytest.mark.django_db

HELD = datetime.date(2020, 5, 10)
AFTER = datetime.date(2020, 7, 9)


def person(elected=True, incumbent=False, gender="male", birth_year=1970, ethnicity="Kinh"):
    return {
        "elected": elected,
        "incumbent": incumbent,
        "gender": gender,
        "birth_year": birth_year,
        "ethnicity": ethnicity,
    }


# Each case: (elections of one grassroots congress held on HELD, as-of date, expected figures
# of the grassroots level; figures not listed must be 0, except units which is always 1).
CASES = {
    "no elections: held and vacuously full": ([], AFTER, {"held": 1, "full_leadership": 1}),
    "as-of before the held date: nothing counted": (
        [("committee", 3, [person()] * 1)],
        HELD - datetime.timedelta(days=1),
        {},
    ),
    "as-of on the held date: counted": (
        [("committee", 1, [person()])],
        HELD,
        {
            "held": 1,
            "full_leadership": 1,
            "committee_seats": 1,
            "committee_elected": 1,
            "first_time": 1,
        },
    ),
    "committee short by 2": (
        [("committee", 3, [person(), person(elected=False), person(elected=False)])],
        AFTER,
        {
            "held": 1,
            "committee_seats": 3,
            "committee_elected": 1,
            "committee_shortfall": 2,
            "first_time": 1,
        },
    ),
    "committee over-elected: no negative shortfall": (
        [("committee", 1, [person(), person()])],
        AFTER,
        {
            "held": 1,
            "full_leadership": 1,
            "committee_seats": 1,
            "committee_elected": 2,
            "first_time": 2,
        },
    ),
    "secretary not elected: not full": (
        [("secretary", 1, [person(elected=False)])],
        AFTER,
        {"held": 1},
    ),
    "deputy secretary short: not full": (
        [("secretary", 1, [person()]), ("deputy_secretary", 2, [person()])],
        AFTER,
        {"held": 1},
    ),
    "standing committee short does not matter": (
        [("standing_committee", 3, [person()]), ("secretary", 1, [person()])],
        AFTER,
        {"held": 1, "full_leadership": 1},
    ),
    "secretary elected by the congress": (
        [("secretary", 1, [person()], "congress")],
        AFTER,
        {"held": 1, "full_leadership": 1, "direct_secretary": 1},
    ),
    "incumbents: only not re-elected committee ones": (
        [
            (
                "committee",
                3,
                [person(incumbent=True), person(elected=False, incumbent=True), person()],
            ),
            ("inspection_committee", 1, [person(elected=False, incumbent=True)]),
        ],
        AFTER,
        {
            "held": 1,
            "committee_seats": 3,
            "committee_elected": 2,
            "committee_shortfall": 1,
            "incumbents_not_reelected": 1,
            "first_time": 1,
        },
    ),
    "women, age, ethnicity among elected only": (
        [
            (
                "committee",
                6,
                [
                    person(gender="female", birth_year=1981, ethnicity="Tày"),  # age 39
                    person(birth_year=1980, ethnicity=""),  # age 40, ethnicity unknown
                    person(birth_year=None, incumbent=True),  # unknown age
                    person(gender="female", birth_year=1995, ethnicity="Nùng", elected=False),
                    person(birth_year=1990, ethnicity="Kinh"),
                ],
            ),
        ],
        AFTER,
        {
            "held": 1,
            "committee_seats": 6,
            "committee_elected": 4,
            "committee_shortfall": 2,
            "women": 1,
            "under_40": 2,
            "ethnic_minority": 1,
            "first_time": 3,
        },
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_level_figures_case(name):
    elections, as_of, expected = CASES[name]
    p = root()
    d = child(p, "D", "district")
    g = child(d, "G", "grassroots")
    camp = campaign()
    cong = congress(g, camp, HELD)
    for spec in elections:
        body, seats, people, *by = spec
        election(cong, body, seats, list(people), elected_by=by[0] if by else "committee")
    other = campaign("2015-2020")
    congress(g, other, HELD)  # another campaign's congress never counts

    figures = level_figures(p, camp, as_of)

    assert list(figures) == ["district", "grassroots"]
    assert figures["district"] == {**dict.fromkeys(FIGURES, 0), "units": 1}
    assert figures["grassroots"] == {**dict.fromkeys(FIGURES, 0), "units": 1, **expected}


def test_level_figures_not_held_congress_counts_only_units():
    p = root()
    g = child(p, "G", "grassroots")
    camp = campaign()
    cong = congress(g, camp, None)
    election(cong, "committee", 3, 3)

    assert level_figures(p, camp, AFTER) == {
        "grassroots": {**dict.fromkeys(FIGURES, 0), "units": 1}
    }


def test_level_figures_sums_shortfall_over_congresses_and_orders_by_rank():
    p = root()
    camp = campaign()
    b_parent = child(p, "G1", "grassroots")
    for code, seats, elected in (("G2", 5, 3), ("G3", 4, 3), ("G4", 2, 2)):
        g = child(p, code, "grassroots")
        election(congress(g, camp), "committee", seats, elected)
    child(b_parent, "B1", "branch")  # a lower level without any congress

    figures = level_figures(p, camp, AFTER)

    assert list(figures) == ["grassroots", "branch"]
    assert figures["grassroots"]["units"] == 4
    assert figures["grassroots"]["held"] == 3
    assert figures["grassroots"]["committee_shortfall"] == 3
    assert figures["grassroots"]["committee_seats"] == 11
    assert figures["grassroots"]["committee_elected"] == 8
    assert figures["grassroots"]["full_leadership"] == 1
    assert figures["branch"]["units"] == 1


def test_level_figures_of_subtree_excludes_unit_itself_and_siblings():
    p = root()
    camp = campaign()
    d1 = child(p, "D1", "district")
    d2 = child(p, "D2", "district")
    congress(d1, camp)
    g1 = child(d1, "G1", "grassroots")
    congress(g1, camp)
    congress(child(d2, "G2", "grassroots"), camp)

    figures = level_figures(d1, camp, AFTER)

    assert figures == {
        "grassroots": {**dict.fromkeys(FIGURES, 0), "units": 1, "held": 1, "full_leadership": 1}
    }
    assert level_figures(g1, camp, AFTER) == {}


def test_stats_report_without_previous_campaign():
    p = root("BG")
    camp = campaign()
    congress(child(p, "G", "grassroots"), camp)

    report = stats_report(p, camp, AFTER)

    assert report["campaign"] == "2020-2025"
    assert report["unit"] == "BG"
    assert report["as_of"] == "2020-07-09"
    assert report["levels"]["grassroots"]["held"] == 1
    assert report["previous"] is None


def test_stats_report_previous_campaign_uses_same_as_of():
    p = root("BG")
    prev = campaign("2015-2020")
    camp = campaign("2020-2025", previous=prev)
    g = child(p, "G", "grassroots")
    election(congress(g, prev, datetime.date(2015, 6, 1)), "committee", 5, 3)
    congress(g, camp, datetime.date(2020, 8, 1))  # not yet held on AFTER

    report = stats_report(p, camp, AFTER)

    assert report["levels"]["grassroots"]["held"] == 0
    assert report["previous"]["campaign"] == "2015-2020"
    assert report["previous"]["levels"]["grassroots"]["held"] == 1
    assert report["previous"]["levels"]["grassroots"]["committee_shortfall"] == 2


def test_child_figures_cover_each_child_subtree_including_the_child():
    p = root()
    camp = campaign()
    d1 = child(p, "D1", "district")
    child(p, "D2", "district")
    congress(d1, camp)
    g = child(d1, "G", "grassroots")
    election(congress(g, camp), "committee", 3, 2)
    child(g, "B", "branch")

    rows = child_figures(p, camp, AFTER)

    assert [unit.code for unit, _ in rows] == ["D1", "D2"]
    first, second = rows[0][1], rows[1][1]
    assert first["units"] == 3
    assert first["held"] == 2
    assert first["committee_shortfall"] == 1
    assert first["full_leadership"] == 1
    assert second == dict.fromkeys(FIGURES, 0) | {"units": 1}


def test_held_timeline_is_cumulative_per_level_and_date():
    p = root()
    camp = campaign()
    d = child(p, "D", "district")
    congress(d, camp, datetime.date(2020, 8, 1))
    for code, day in (("G1", 3), ("G2", 3), ("G3", 9), ("G4", None)):
        congress(child(d, code, "grassroots"), camp, day and datetime.date(2020, 6, day))

    timeline = held_timeline(p, camp)

    assert list(timeline) == ["district", "grassroots"]
    assert timeline["district"] == [(datetime.date(2020, 8, 1), 1)]
    assert timeline["grassroots"] == [
        (datetime.date(2020, 6, 3), 2),
        (datetime.date(2020, 6, 9), 3),
    ]


def test_get_campaign_and_default_campaign():
    assert default_campaign() is None
    old = campaign("2015-2020")
    new = campaign("2020-2025", previous=old)

    assert get_campaign("2015-2020") == old
    assert get_campaign("nope") is None
    assert default_campaign() == new


def _grow(parent, camp, prefix, n):
    for i in range(n):
        g = child(parent, f"{prefix}{i}", "grassroots")
        cong = congress(g, camp)
        election(cong, "committee", 3, [person(), person(incumbent=True, elected=False)])
        election(cong, "secretary", 1, 1)
        child(g, f"{prefix}{i}B", "branch")


def test_query_count_does_not_grow_with_the_tree():
    p = root()
    camp = campaign("2020-2025", previous=campaign("2015-2020"))
    _grow(p, camp, "A", 2)
    with CaptureQueriesContext(connection) as small:
        stats_report(p, camp, AFTER)
        child_figures(p, camp, AFTER)
        held_timeline(p, camp)
    _grow(p, camp, "Z", 12)
    with CaptureQueriesContext(connection) as large:
        report = stats_report(p, camp, AFTER)
        child_figures(p, camp, AFTER)
        held_timeline(p, camp)

    assert report["levels"]["grassroots"]["held"] == 14
    assert len(large) == len(small)
    assert len(large) <= 20
