"""The threshold (votes × 2 > base) and percentages of the base, QĐ 190-QĐ/TW Điều 30."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.tally import TallyError, needed_votes, passes, percent_of

from .factory import A, B, C, election, run

BOUNDARIES = [  # (base, least votes that pass)
    (1, 1),
    (2, 2),
    (3, 2),
    (23, 12),
    (24, 13),
    (25, 13),
    (348, 175),
    (1586, 794),
]


@pytest.mark.parametrize(("base", "needed"), BOUNDARIES, ids=[f"base_{b}" for b, _ in BOUNDARIES])
def test_threshold_needed_at_boundary(base, needed):
    assert needed_votes(base) == needed
    assert passes(needed, base)
    assert not passes(needed - 1, base)


def test_threshold_exactly_half_does_not_pass():
    assert not passes(12, 24)
    assert passes(13, 24)


def test_threshold_counts_against_base_not_valid_ballots():
    # 20 valid ballots of 24 in the base: 12 votes is 60% of valid but not more than half of 24.
    ballots = [{"kept": [A, B]}] * 12 + [{"kept": [C]}] * 8
    result = run(election(ballots=ballots, issued=20))
    assert result["needed"] == 13
    assert [r["passed"] for r in result["results"]] == [False, False, False]
    assert result["outcome"] == "shortfall"
    assert result["unfilled"] == 2


def test_threshold_base_below_one_refused():
    with pytest.raises(TallyError, match="base must be at least 1"):
        needed_votes(0)


PERCENTS = [
    (13, 24, 2, "half_up", "54.17"),
    (12, 24, 2, "half_up", "50.00"),
    (1, 8, 2, "half_up", "12.50"),
    (1, 800, 2, "half_up", "0.13"),  # 0.125 exactly: half up
    (1, 800, 2, "down", "0.12"),
    (5, 35, 2, "half_up", "14.29"),
    (5, 35, 2, "down", "14.28"),  # HD 03-HD/TW 2020 writes 14.28%
    (2, 3, 0, "half_up", "67"),
    (-5, 35, 2, "down", "-14.28"),
    (0, 7, 2, "half_up", "0.00"),
    (24, 24, 2, "half_up", "100.00"),
]


@pytest.mark.parametrize(("part", "whole", "decimals", "rounding", "text"), PERCENTS)
def test_threshold_percent_of(part, whole, decimals, rounding, text):
    assert percent_of(part, whole, decimals, rounding) == text


@given(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 4))
def test_threshold_percent_matches_decimal_half_up(part, whole, decimals):
    exact = Fraction(part * 100, whole)
    with localcontext() as ctx:
        ctx.prec = 60
        expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
        )
        truncated = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN
        )
    assert percent_of(part, whole, decimals) == f"{expected:.{decimals}f}"
    assert percent_of(part, whole, decimals, "down") == f"{truncated:.{decimals}f}"


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_threshold_passes_is_more_than_half(votes, base):
    assert passes(votes, base) == (Fraction(votes, base) > Fraction(1, 2))
    assert passes(votes, base) == (votes >= needed_votes(base))
