"""The elections the ballot-reading benchmark prints, marks and reads (benchmarks/bench_scan.py).

Deterministic Vietnamese names (family, middle, given; some four words long, all diacritics),
five list shapes: a short A5 list, a two-column A5 list, a crowded A5 list with 7 mm rows, an
agree/disagree list without surplus, and a long A4 list.
"""

from __future__ import annotations

import random
from typing import Any

from family_names import FAMILY as COMMON_FAMILY  # benchmarks/ is on sys.path (not a package)

# The generator's common families, and four more for the longer ballots' variety.
FAMILY = (*COMMON_FAMILY, "Đinh", "Trịnh", "Lương", "Mạc")
MIDDLE = (
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Quang",
    "Thanh",
    "Ngọc",
    "Xuân",
    "Thu",
    "Hồng",
    "Công",
    "Mạnh",
    "Thế",
    "Khánh",
    "Bảo",
)
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nghĩa",
    "Ngọc",
    "Phúc",
    "Phương",
    "Quyết",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thảo",
    "Thủy",
    "Tiến",
    "Trang",
    "Trung",
    "Tuấn",
    "Tùng",
    "Uyên",
    "Việt",
    "Xuyến",
    "Yến",
    "Đạt",
    "Ước",
)
CONGRESS = "ĐẠI HỘI ĐẢNG BỘ XÃ CẢNH THỤY LẦN THỨ XXIV, NHIỆM KỲ 2025 - 2030"

# (label, candidates, seats, paper, body)
SHAPES = (
    ("5-of-3-A5", 5, 3, "A5", "standing_committee"),
    ("15-of-11-A5", 15, 11, "A5", "committee"),
    ("30-of-25-A5", 30, 25, "A5", "committee"),
    ("4-of-4-columns-A5", 4, 4, "A5", "standing_committee"),
    ("55-of-50-A4", 55, 50, "A4", "delegates"),
)


def vietnamese_names(n: int, seed: int) -> list[str]:
    """`n` distinct names in list order (sorted by given name, as the app prints them)."""
    rnd = random.Random(seed)
    names: set[str] = set()
    while len(names) < n:
        middle = rnd.choice(MIDDLE)
        if rnd.random() < 0.3:  # a four-word name
            middle += " " + rnd.choice([m for m in MIDDLE[3:] if m != middle])
        names.add(f"{rnd.choice(FAMILY)} {middle} {rnd.choice(GIVEN)}")
    return sorted(names, key=lambda s: (s.split()[-1], s))


def election_data(label: str, n: int, seats: int, body: str, seed: int = 1) -> dict[str, Any]:
    """ELECTION.json content (as `daihoi ballots print` takes it)."""
    return {
        "rules": "190-2024",
        "body": body,
        "seats": seats,
        "base": 500,
        "candidates": vietnamese_names(n, seed + n),
        "congress": CONGRESS,
        "title": f"BẦU THỬ {label.upper()}",
        "date": "09/07/2025",
    }
