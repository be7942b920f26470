# ruff: noqa: E501  (tables: one case per line)
"""Elected in vote order, ties at the cut-off, shortfall and alternates (§2.8, §2.9)."""

from __future__ import annotations

from typing import Any

import pytest

from .factory import NAMES, election, run

A, B, C, D, E = NAMES


def counted(
    votes: dict[str, int], seats: int, names: list[str] = NAMES, **extra: Any
) -> dict[str, Any]:
    """Counted from aggregated counts: 20 valid ballots, base 20 (11 votes pass)."""
    data = election(
        candidates=names,
        seats=seats,
        base=20,
        counts={"returned": 20, "invalid": 0, "votes": votes},
        **extra,
    )
    del data["ballots"]
    return run(data)


CASES = [
    # id, votes, seats, alternates, expected (elected, alternates, tied, tied_for, outcome)
    ("more_passed_than_seats", {A: 15, B: 13, C: 12}, 2, 0, ([A, B], [], [], None, "complete")),
    ("vote_order_not_list_order", {A: 11, B: 12, C: 14, D: 13}, 3, 0, ([C, D, B], [], [], None, "complete")),
    ("tie_at_cutoff", {A: 14, B: 12, C: 12, D: 2}, 2, 0, ([A], [], [B, C], "elected", "tie_at_cutoff")),
    ("tie_for_every_seat", {A: 13, B: 13, C: 13}, 2, 0, ([], [], [A, B, C], "elected", "tie_at_cutoff")),
    ("tie_inside_seats_is_no_tie", {A: 14, B: 14, C: 12}, 2, 0, ([A, B], [], [], None, "complete")),
    ("tie_below_threshold_is_no_tie", {A: 15, B: 10, C: 10}, 2, 0, ([A], [], [], None, "shortfall")),
    ("shortfall", {A: 15, B: 12, C: 10, D: 2}, 3, 0, ([A, B], [], [], None, "shortfall")),
    ("nobody_passes", {A: 10, B: 10}, 2, 0, ([], [], [], None, "shortfall")),
    ("alternates_in_vote_order", {A: 16, B: 14, C: 11, D: 12, E: 18}, 2, 2, ([E, A], [B, D], [], None, "complete")),
    ("alternates_short", {A: 16, B: 15, C: 12, D: 2}, 2, 2, ([A, B], [C], [], None, "shortfall")),
    ("alternates_tie", {A: 16, B: 15, C: 12, D: 12}, 2, 1, ([A, B], [], [C, D], "alternates", "tie_at_cutoff")),
    ("officials_tie_holds_alternates", {A: 16, B: 14, C: 14, D: 12}, 2, 1, ([A], [], [B, C], "elected", "tie_at_cutoff")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("votes", "seats", "alternates", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_ranking(votes, seats, alternates, expected):
    body = "delegates" if alternates else "committee"
    result = counted(votes, seats, body=body, alternates=alternates)
    got = (
        result["elected"],
        result["alternates"],
        result["tied"],
        result["tied_for"],
        result["outcome"],
    )
    assert got == expected
    assert result["unfilled"] == seats - len(result["elected"])
    assert result["alternates_unfilled"] == alternates - len(result["alternates"])


def test_ranking_tie_reports_places_for_the_tied():
    result = counted({A: 15, B: 12, C: 12, D: 12}, 3)
    assert result["elected"] == [A]
    assert result["tied"] == [B, C, D]
    assert result["tied_places"] == 2
    assert result["unfilled"] == 2


def test_ranking_tie_never_broken_by_list_order():
    votes = {A: 15, B: 12, C: 12}
    forward = counted(votes, 2, names=[A, B, C])
    backward = counted(votes, 2, names=[C, B, A])
    assert forward["tied"] == [B, C]
    assert backward["tied"] == [C, B]
    assert forward["elected"] == backward["elected"] == [A]
    assert forward["outcome"] == backward["outcome"] == "tie_at_cutoff"


def test_ranking_tie_outcome_wins_over_shortfall():
    result = counted({A: 12, B: 12, C: 12}, 2, alternates=3, body="delegates")
    assert result["outcome"] == "tie_at_cutoff"
    assert result["alternates_unfilled"] == 3


def test_ranking_results_stay_in_list_order():
    result = counted({A: 11, B: 12, C: 14, D: 13}, 3)
    assert [r["name"] for r in result["results"]] == NAMES
    assert [r["votes"] for r in result["results"]] == [11, 12, 14, 13, 0]
