"""The list against the surplus rules, QĐ 190-QĐ/TW Điều 14 (election-rules.md §2.5)."""

from __future__ import annotations

import pytest

from daihoi.tally import (
    Options,
    TallyError,
    check_prepared_list,
    check_surplus,
    floor_nominee_admitted,
    max_candidates,
)

CAPS = [  # seats, max names with the default 30% rounded down; 3–5 seats: one extra name
    (1, 1),
    (2, 2),
    (3, 4),
    (4, 5),
    (5, 6),
    (6, 7),
    (9, 11),
    (10, 13),
    (35, 45),
    (55, 71),
]


@pytest.mark.parametrize(("seats", "cap"), CAPS, ids=[f"seats_{s}" for s, _ in CAPS])
def test_surplus_max_candidates(seats, cap):
    assert max_candidates(seats) == cap


@pytest.mark.parametrize(
    ("options", "seats", "cap"),
    [
        (Options(surplus_max_percent=20), 10, 12),
        (Options(surplus_cap_rounding="ceil"), 9, 12),
        (Options(surplus_cap_rounding="half_up"), 35, 46),  # 10.5 → 11
        (Options(small_body_max_surplus=0), 4, 4),
    ],
)
def test_surplus_max_candidates_configured(options, seats, cap):
    assert max_candidates(seats, options) == cap


SURPLUS = [
    # candidates, seats, body, round, ok, problems
    ("committee_within_cap", 12, 10, "committee", 1, True, ()),
    ("committee_at_cap", 13, 10, "committee", 1, True, ()),
    ("committee_over_cap", 14, 10, "committee", 1, False, ("over_cap",)),
    ("committee_without_surplus", 10, 10, "committee", 1, False, ("no_surplus",)),
    ("btv_without_surplus", 5, 5, "standing_committee", 1, False, ("no_surplus",)),
    ("committee_further_round_without_surplus", 2, 2, "committee", 2, True, ()),
    ("secretary_one_candidate", 1, 1, "secretary", 1, True, ()),
    ("secretary_two_candidates", 2, 1, "secretary", 1, True, ()),
    ("short_list", 8, 10, "delegates", 1, False, ("fewer_candidates_than_seats",)),
    ("small_body_one_extra", 4, 3, "committee", 1, True, ()),
    ("small_body_two_extra", 5, 3, "committee", 1, False, ("over_cap",)),
]


@pytest.mark.parametrize(
    ("candidates", "seats", "body", "round", "ok", "problems"),
    [c[1:] for c in SURPLUS],
    ids=[c[0] for c in SURPLUS],
)
def test_surplus_check(candidates, seats, body, round, ok, problems):
    report = check_surplus(candidates, seats, body, round=round)
    assert report.ok is ok
    assert report.problems == problems


PREPARED = [  # seats, prepared, ok — 10–15% prepared by the convening committee
    (35, 40, True),  # HD 03-HD/TW 2020 example: 40 for 35 (14.28%)
    (35, 39, True),
    (35, 38, False),
    (35, 41, False),
    (10, 11, True),
    (10, 12, False),
    (5, 6, True),  # 3–5 seats: one extra name
    (5, 7, False),
    (6, 7, True),  # no whole number in 10–15% of 6: one extra name
]


@pytest.mark.parametrize(("seats", "prepared", "ok"), PREPARED)
def test_surplus_prepared_list(seats, prepared, ok):
    assert check_prepared_list(prepared, seats).ok is ok


FLOOR = [  # agree, attending, admitted: more than 30% of those attending
    (30, 100, False),
    (31, 100, True),
    (9, 30, False),
    (10, 30, True),
    (3, 10, False),
    (4, 10, True),
]


@pytest.mark.parametrize(("agree", "attending", "admitted"), FLOOR)
def test_surplus_floor_nominee(agree, attending, admitted):
    assert floor_nominee_admitted(agree, attending) is admitted


@pytest.mark.parametrize(("agree", "attending"), [(11, 10), (-1, 10), (0, 0)])
def test_surplus_floor_nominee_refused(agree, attending):
    with pytest.raises(TallyError):
        floor_nominee_admitted(agree, attending)
