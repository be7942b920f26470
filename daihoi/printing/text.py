"""Vietnamese wording and number formats of party documents.

The documents are Vietnamese party forms: their fixed wording is Vietnamese by nature and is
kept here as data, not as translatable interface strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from .profiles import Profile

# What an invalid ballot's reason code (from the tally engine) reads as in the minutes.
INVALID_REASONS: dict[str, str] = {
    "too_many_kept": "bầu quá số lượng cần bầu",
    "all_struck": "gạch hết tên trong danh sách",
    "not_issued": "không phải phiếu do Ban Kiểm phiếu phát ra",
    "unstamped": "không có dấu của cấp ủy triệu tập đại hội",
    "write_in": "ghi thêm tên người ngoài danh sách bầu cử",
    "special_mark": "có ký hiệu riêng",
    "board": "Ban Kiểm phiếu kết luận không hợp lệ",
    "board_invalid": "Ban Kiểm phiếu kết luận không hợp lệ",
    # Ballots the engine flags and the board then rules invalid keep the flag's code.
    "all_disagree": "đánh dấu không đồng ý tất cả người trong danh sách",
    "no_agree": "không đánh dấu đồng ý người nào trong danh sách",
    "one_person_both": "đánh dấu cả hai ô đồng ý và không đồng ý",
    "one_person_none": "không đánh dấu ô nào",
    "unspecified": "Ban Kiểm phiếu kết luận không hợp lệ",
}

# The election regulation each rule set cites (dates from election-rules.md §1).
RULES_CITATION: dict[str, str] = {
    "190-2024": (
        "Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW, "
        "ngày 10/10/2024 của Ban Chấp hành Trung ương"
    ),
    "244-2014": (
        "Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 244-QĐ/TW, "
        "ngày 09/6/2014 của Ban Chấp hành Trung ương"
    ),
}


def invalid_reason_label(code: str) -> str:
    return INVALID_REASONS.get(code, code)


def party_date(place: str, day: dt.date, profile: Profile) -> str:
    """'Cảnh Thụy, ngày 09 tháng 7 năm 2020' (§6.1: pad day < 10 and month < 3)."""
    return f"{place}, {date_words(day, profile)}"


def date_words(day: dt.date, profile: Profile) -> str:
    d = f"{day.day:02d}" if day.day < profile.date_pad_day_below else str(day.day)
    m = f"{day.month:02d}" if day.month < profile.date_pad_month_below else str(day.month)
    return f"ngày {d} tháng {m} năm {day.year}"


def short_date(day: dt.date, profile: Profile) -> str:
    """'09/6/2014', '05/01/2026': dates inside the text, padded like the date line (§6.2)."""
    d = f"{day.day:02d}" if day.day < profile.date_pad_day_below else str(day.day)
    m = f"{day.month:02d}" if day.month < profile.date_pad_month_below else str(day.month)
    return f"{d}/{m}/{day.year}"


def document_symbol(number: int | None, doc_type: str, body: str, profile: Profile) -> str:
    """'Số 12-BB/ĐH'; an empty number leaves room to write it by hand: 'Số      -BB/ĐH'."""
    text = "\u00a0" * 6 if number is None else f"{number:0{profile.number_min_digits}d}"
    return profile.number_format.format(number=text, type=doc_type, body=body)


def format_int(value: int) -> str:
    """4195 -> '4.195' (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def percent_value(votes: int, base: int, places: int = 2) -> Decimal:
    if base <= 0:
        raise ValueError("the base of the percentage must be positive")
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(votes) * 100 / Decimal(base)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_percent(votes: int, base: int) -> str:
    """votes / base as '54,17%': two decimals, half up, decimal comma (§6.3).

    A candidate with more than half (votes × 2 > base, decided on integers) never reads as
    '50,00%': decimals are added until the figure shows it is above half.
    """
    places = 2
    value = percent_value(votes, base, places)
    while votes * 2 > base and value <= 50 and places < 8:
        places += 1
        value = percent_value(votes, base, places)
    return decimal_comma(value) + "%"


def decimal_comma(value: Decimal) -> str:
    text = f"{value:f}"
    whole, _, frac = text.partition(".")
    whole = format_int(int(whole))
    return f"{whole},{frac}" if frac else whole
