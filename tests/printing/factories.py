"""Sample minutes data: a xã congress electing 5 of 7 with a base of 24."""

import datetime as dt
from typing import Any

from daihoi.printing import BoardMember, MinutesFacts

NAMES = [
    "Nguyễn Thị Hồng Nhung",
    "Đặng Văn Quỳnh",
    "Lương Thị Ỷ",
    "Hoàng Đức Thắng",
    "Trần Thị Ngọc Ánh",
    "Phạm Quốc Việt",
    "Bùi Thị Thuỷ",
]


def make_facts(**changes: Any) -> MinutesFacts:
    values: dict[str, Any] = {
        "superior_body": "Đảng bộ tỉnh Bắc Giang",
        "issuing_body": "Đại hội Đảng bộ xã Cảnh Thụy lần thứ XXIV",
        "congress_name": "Đại hội Đảng bộ xã Cảnh Thụy lần thứ XXIV, nhiệm kỳ 2025 - 2030",
        "body_phrase": "Ban Chấp hành Đảng bộ xã Cảnh Thụy khóa XXIV, nhiệm kỳ 2025 - 2030",
        "place": "Cảnh Thụy",
        "date": dt.date(2020, 7, 9),
        "number": 12,
        "counting_board": [
            BoardMember("Lê Văn Ất", "Trưởng ban", is_head=True),
            BoardMember("Trịnh Thị Hương"),
            BoardMember("Võ Ngọc Ẩn"),
        ],
        "summoned": 26,
        "present": 24,
        "deductions": [("vắng mặt có lý do", 2)],
        "venue": "Hội trường Đảng ủy xã",
        "started_at": "14 giờ 30 phút",
        "finished_at": "16 giờ 05 phút",
    }
    values.update(changes)
    return MinutesFacts(**values)


def make_tally(**changes: Any) -> dict[str, Any]:
    """A tally result as `daihoi tally` prints it: 7 names, 5 seats, base 24."""
    votes = [13, 20, 17, 12, 9, 14, 22]
    base = 24
    tally: dict[str, Any] = {
        "rules": "190-2024",
        "body": "committee",
        "seats": 5,
        "base": base,
        "needed": 13,
        "issued": 23,
        "returned": 23,
        "valid": 21,
        "invalid": 2,
        "invalid_reasons": {"too_many_kept": 1, "all_struck": 1},
        "flagged": [],
        "results": [
            {"name": n, "votes": v, "percent_of_base": "0.00", "passed": v * 2 > base}
            for n, v in zip(NAMES, votes, strict=True)
        ],
        "elected": [
            "Bùi Thị Thuỷ",
            "Đặng Văn Quỳnh",
            "Lương Thị Ỷ",
            "Phạm Quốc Việt",
            "Nguyễn Thị Hồng Nhung",
        ],
        "alternates": [],
        "tied": [],
        "unfilled": 0,
        "surplus": {
            "candidates": 7,
            "seats": 5,
            "percent": "40.00",
            "max_candidates": 6,
            "ok": False,
        },
        "outcome": "complete",
    }
    tally.update(changes)
    return tally
