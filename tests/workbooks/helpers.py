"""Building workbooks in tests from plain rows."""

import datetime
import io
from typing import Any

from openpyxl import Workbook, load_workbook

from daihoi.workbooks.format import all_columns


def make_workbook(sheets: dict[str, list[dict[str, Any]]], columns: dict | None = None) -> bytes:
    """An .xlsx with one sheet per key; the header is the sheet's standard columns (or
    `columns[sheet]`), and each row dict fills the cells it names."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        header = list((columns or {}).get(name) or all_columns(name))
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(column) for column in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def read_back(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Every known sheet of a workbook as a list of row dicts (header row as keys)."""
    book = load_workbook(io.BytesIO(data))
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0] if rows else ()
        out[sheet.title] = [dict(zip(header, r, strict=False)) for r in rows[1:]]
    return out


D = datetime.date

CAMPAIGNS = [
    {"code": "2015-2020", "name": "Nhiệm kỳ 2015–2020"},
    {"code": "2020-2025", "name": "Nhiệm kỳ 2020–2025", "previous_code": "2015-2020"},
]
UNITS = [
    {"code": "P", "name": "Đảng bộ tỉnh", "level": "province", "members": 0},
    {"code": "D1", "name": "Huyện 1", "level": "district", "parent_code": "P", "members": 0},
    {"code": "D2", "name": "Huyện 2", "level": "district", "parent_code": "P", "members": 0},
    {"code": "G1", "name": "Xã 1", "level": "grassroots", "parent_code": "D1", "members": 120},
    {"code": "G2", "name": "Xã 2", "level": "grassroots", "parent_code": "D2", "members": 80},
    {"code": "B1", "name": "Chi bộ 1", "level": "branch", "parent_code": "G1", "members": 30},
]
CONGRESSES = [
    {
        "campaign": "2020-2025",
        "unit_code": "G1",
        "term": "2020-2025",
        "kind": "members",
        "planned_on": "01/06/2020",
        "held_on": datetime.datetime(2020, 6, 5),
        "summoned": 120,
        "attended": 118,
        "pilot": 1,
    },
    {
        "campaign": "2020-2025",
        "unit_code": "B1",
        "term": "2020-2022",
        "kind": "members",
        "planned_on": "2020-04-10",
        "summoned": 30,
        "attended": 29.0,
    },
]
ELECTIONS = [
    {"campaign": "2020-2025", "unit_code": "G1", "body": "committee", "seats": 3,
     "elected_by": "congress"},
    {"campaign": "2020-2025", "unit_code": "G1", "body": "secretary", "seats": 1,
     "elected_by": "congress"},
]  # fmt: skip
CANDIDATES = [
    {"campaign": "2020-2025", "unit_code": "G1", "body": "committee", "full_name": "Nguyễn Văn A",
     "incumbent": 1, "gender": "male", "birth_year": 1970, "ethnicity": "Kinh", "votes": 100,
     "elected": 1},
    {"campaign": "2020-2025", "unit_code": "G1", "body": "committee", "full_name": "Trần Thị B",
     "incumbent": 0, "gender": "female", "birth_year": 1985.0, "ethnicity": "Tày", "votes": 90,
     "elected": True},
    {"campaign": "2020-2025", "unit_code": "G1", "body": "committee", "full_name": "Lê Văn C",
     "incumbent": "x", "gender": "male", "birth_year": 1965, "ethnicity": "Kinh", "votes": 40,
     "elected": 0},
    {"campaign": "2020-2025", "unit_code": "G1", "body": "secretary", "full_name": "Nguyễn Văn A",
     "incumbent": 1, "gender": "male", "birth_year": 1970, "ethnicity": "Kinh", "votes": 110,
     "elected": 1},
]  # fmt: skip


def full_workbook(**overrides: list[dict[str, Any]]) -> bytes:
    sheets = {
        "campaigns": CAMPAIGNS,
        "units": UNITS,
        "congresses": CONGRESSES,
        "elections": ELECTIONS,
        "candidates": CANDIDATES,
    }
    sheets.update(overrides)
    return make_workbook(sheets)
