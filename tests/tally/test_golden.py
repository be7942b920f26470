"""Golden cases from the regulation's own worked examples and statements (election-rules.md).

Each case id names its source. Where a source gives figures, the engine must give the same.
"""

from __future__ import annotations

import pytest

from daihoi.tally import Options, check_prepared_list, check_surplus, max_candidates

from .factory import election, run

TRUNCATE = Options(percent_rounding="down")

# HD 03-HD/TW 2020 (via baonghean, election-rules.md §2.5): a district congress electing 35.
HD03_LISTS = [
    # (what, names, percent as HD 03 writes it, within the 30% cap)
    ("prepared_by_the_committee", 40, "14.28", True),
    ("after_floor_and_self_nominations", 51, "45.71", False),
    ("after_3_of_7_withdrawals_allowed", 48, "37.14", False),
    ("after_the_poll_within_30_percent", 45, "28.57", True),
]


@pytest.mark.parametrize(
    ("names", "percent", "within_cap"),
    [c[1:] for c in HD03_LISTS],
    ids=[f"HD03-2020_district_35_seats_{c[0]}" for c in HD03_LISTS],
)
def test_golden_hd03_surplus_example(names, percent, within_cap):
    report = check_surplus(names, 35, "committee", TRUNCATE)
    assert report.percent == percent
    assert report.max_candidates == 45
    assert report.ok is within_cap


def test_golden_hd03_prepared_list_is_within_10_to_15_percent():
    """HD 03-HD/TW 2020: 40 prepared for 35 (14.28%), inside QĐ 190 Điều 14's 10–15%."""
    assert check_prepared_list(40, 35, TRUNCATE).ok
    assert check_prepared_list(40, 35, TRUNCATE).percent == "14.28"


def test_golden_hd03_percent_needs_truncation_not_half_up():
    """HD 03-HD/TW 2020 writes 14.28% for 5/35 = 14.2857…: the default half-up shows 14.29.

    The rounding rule is [U]; this is why `percent_rounding` is an option, shown in the result.
    """
    assert check_surplus(40, 35, "committee").percent == "14.29"


@pytest.mark.parametrize("seats", [3, 4, 5])
def test_golden_baothainguyen_2025_small_body_one_extra(seats):
    """baothainguyen.vn Q&A 2025 on QĐ 190 Điều 14: a BCH/BTV of 3–5 has a surplus of at most 1."""
    assert max_candidates(seats) == seats + 1
    assert check_surplus(seats + 1, seats, "standing_committee").ok
    assert not check_surplus(seats + 2, seats, "standing_committee").ok


def test_golden_dieu30_more_than_half_of_base_24():
    """QĐ 190 Điều 30 / 244 Điều 32: 'quá một nửa' of the base; 12 of 24 is not elected."""
    ballots = [{"kept": ["Nguyễn Văn An", "Lê Thị Bình"]}] * 12 + [
        {"kept": ["Nguyễn Văn An", "Trần Văn Cường"]}
    ]
    result = run(election(ballots=ballots))
    assert result["needed"] == 13
    assert [(r["votes"], r["percent_of_base"], r["passed"]) for r in result["results"]] == [
        (13, "54.17", True),
        (12, "50.00", False),
        (1, "4.17", False),
    ]
    assert result["elected"] == ["Nguyễn Văn An"]
    assert result["outcome"] == "shortfall"


def test_golden_dieu17_valid_with_full_number_or_fewer():
    """QĐ 244 Điều 17 khoản 2: valid when voting for the full number or fewer; more is invalid."""
    names = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
    ballots = [{"kept": names[:3]}, {"kept": names[:1]}, {"kept": names}]
    result = run(election(seats=3, candidates=names, ballots=ballots, base=3))
    assert (result["valid"], result["invalid"]) == (2, 1)
    assert result["invalid_reasons"] == {"too_many_kept": 1}


def test_golden_chi_bo_secretary_two_candidates_keep_both_invalid():
    """§2.10: two candidates for one secretary seat use the strike-out ballot; keeping both is
    voting for more names than seats (244 Điều 17 khoản 2)."""
    names = ["Nguyễn Văn An", "Lê Thị Bình"]
    data = election(body="secretary", seats=1, candidates=names, base=9)
    data["ballots"] = [{"kept": names}] + [{"kept": names[:1]}] * 5 + [{"kept": names[1:]}] * 3
    result = run(data)
    assert result["invalid_reasons"] == {"too_many_kept": 1}
    assert result["elected"] == ["Nguyễn Văn An"]  # 5 of 9 > half
    assert result["surplus"]["ok"]


def test_golden_laodongthudo_2020_shortfall_is_a_result():
    """BTCTW report 2020 (laodongthudo.vn): 828 committee seats were left unfilled nationwide —
    a shortfall is a recorded outcome, not an error."""
    names = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
    ballots = [{"kept": names[:2]}] * 13 + [{"kept": names[2:]}] * 11
    result = run(election(seats=3, candidates=names, ballots=ballots))
    assert result["elected"] == names[:2]
    assert result["unfilled"] == 1
    assert result["outcome"] == "shortfall"


def test_golden_dieu18_delegates_officials_first_then_alternates():
    """QĐ 190 Điều 18: one joint list; officials elected first, then alternates among those with
    more than half (order by votes is practice, [U])."""
    names = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
    data = election(body="delegates", seats=2, alternates=1, candidates=names, base=10)
    data["ballots"] = (
        [{"kept": names[:3]}] * 4
        + [{"kept": [names[0], names[1], names[3]]}] * 3
        + [{"kept": [names[0], names[2]]}] * 2
    )
    result = run(data)
    assert result["elected"] == [names[0], names[1]]  # 9, 7
    assert result["alternates"] == [names[2]]  # 6 passes (> 5); Phạm Thị Dung 3 does not
    assert result["outcome"] == "complete"
