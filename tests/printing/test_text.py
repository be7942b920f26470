import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.printing import PROFILES, get_profile
from daihoi.printing.text import (
    date_words,
    document_symbol,
    format_int,
    format_percent,
    party_date,
    short_date,
)

HD36 = get_profile("hd36")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2020, 7, 9), "ngày 09 tháng 7 năm 2020"),  # §6.1 examples
        (dt.date(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
        (dt.date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
        (dt.date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (dt.date(2025, 12, 10), "ngày 10 tháng 12 năm 2025"),
        (dt.date(2025, 3, 1), "ngày 01 tháng 3 năm 2025"),
    ],
)
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_date_words_pads_day_below_10_and_month_below_3(
    day: dt.date, expected: str, profile: str
) -> None:
    assert date_words(day, get_profile(profile)) == expected


def test_party_date_puts_the_place_first() -> None:
    assert party_date("Cảnh Thụy", dt.date(2020, 7, 9), HD36) == (
        "Cảnh Thụy, ngày 09 tháng 7 năm 2020"
    )


def test_short_date_pads_like_the_date_line() -> None:
    assert short_date(dt.date(2014, 6, 9), HD36) == "09/6/2014"
    assert short_date(dt.date(2026, 1, 5), HD36) == "05/01/2026"


@pytest.mark.parametrize(
    ("votes", "base", "expected"),
    [
        (13, 24, "54,17%"),
        (12, 24, "50,00%"),  # exactly half: not elected, shown as is
        (24, 24, "100,00%"),
        (1, 3, "33,33%"),
        (2, 3, "66,67%"),
        (1, 32, "3,13%"),  # 3,125: half up, not half to even
        (0, 7, "0,00%"),
        (5001, 10000, "50,01%"),
        (50001, 100000, "50,001%"),  # more than half never reads "50,00%"
        (500001, 1000000, "50,0001%"),
    ],
)
def test_format_percent_two_decimals_half_up_decimal_comma(
    votes: int, base: int, expected: str
) -> None:
    assert format_percent(votes, base) == expected


@given(
    st.integers(min_value=1, max_value=2_000_000).flatmap(
        lambda base: st.tuples(st.integers(min_value=0, max_value=base), st.just(base))
    )
)
def test_format_percent_reads_above_half_exactly_when_elected(pair: tuple[int, int]) -> None:
    votes, base = pair
    shown = Decimal(format_percent(votes, base).rstrip("%").replace(".", "").replace(",", "."))
    assert (shown > 50) == (votes * 2 > base)


def test_format_percent_refuses_a_zero_base() -> None:
    with pytest.raises(ValueError, match="base"):
        format_percent(1, 0)


@pytest.mark.parametrize(
    ("number", "expected"),
    [(12, "Số 12-BB/ĐH"), (3, "Số 03-BB/ĐH"), (123, "Số 123-BB/ĐH")],
)
def test_document_symbol_has_no_colon_and_pads_below_10(number: int, expected: str) -> None:
    assert document_symbol(number, "BB", "ĐH", HD36) == expected


def test_document_symbol_without_number_leaves_room_to_write_it() -> None:
    symbol = document_symbol(None, "BB", "ĐH", HD36)
    assert symbol.startswith("Số ") and symbol.endswith("-BB/ĐH")
    assert len(symbol.strip()) > len("Số -BB/ĐH")


@pytest.mark.parametrize(
    ("value", "expected"), [(7, "7"), (4195, "4.195"), (1586, "1.586"), (1234567, "1.234.567")]
)
def test_format_int_uses_a_dot_for_thousands(value: int, expected: str) -> None:
    assert format_int(value) == expected
