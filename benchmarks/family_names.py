"""Vietnamese family names shared by the benchmarks' data generators (generate.py for the
national tree, scan_elections.py for the printed ballots): the sixteen most common, in the order
both draw from (a seeded run gives the same names only in the same order)."""

FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
)
