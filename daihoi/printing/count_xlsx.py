"""The count as an Excel sheet: totals and the per-candidate table (openpyxl)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from . import text
from .minutes_data import MinutesData
from .profiles import Profile, get_profile

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER = ["TT", "Họ và tên", "Số phiếu bầu", "Tỷ lệ % (so với cơ sở)", "Kết quả", "Thứ tự"]


def _status(data: MinutesData, name: str) -> tuple[str, int | None]:
    if name in data.elected:
        label = "Trúng cử đại biểu chính thức" if data.is_delegates else "Trúng cử"
        return label, data.elected.index(name) + 1
    if name in data.alternates:
        return "Trúng cử đại biểu dự khuyết", data.alternates.index(name) + 1
    if name in data.tied:
        return "Bằng phiếu tại vị trí cuối, chờ Đại hội quyết định", None
    return "", None


def render_count_xlsx(data: MinutesData, profile: Profile | str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Kiểm phiếu"
    f = data.facts
    ws.append([f.congress_name])
    ws.append([f"Kết quả kiểm phiếu bầu {f.body_phrase}"])
    ws.append([text.party_date(f.place, f.date, get_profile(profile))])
    for row in (1, 2):
        ws.cell(row=row, column=1).font = Font(name=FONT, bold=True, size=13)
    ws.cell(row=3, column=1).font = Font(name=FONT, italic=True, size=12)
    ws.append([])
    totals: list[tuple[str, int | None]] = [
        ("Số lượng cần bầu", data.seats),
        ("Triệu tập", f.summoned),
        ("Có mặt lúc bầu cử", f.present),
        ("Cơ sở tính kết quả bầu cử", data.base),
        ("Số phiếu tối thiểu để trúng cử", data.needed),
        ("Số phiếu phát ra", data.issued),
        ("Số phiếu thu về", data.returned),
        ("Số phiếu hợp lệ", data.valid),
        ("Số phiếu không hợp lệ", data.invalid),
    ]
    totals += [
        (f"  trong đó: {text.invalid_reason_label(code)}", n)
        for code, n in data.invalid_reasons.items()
        if n
    ]
    totals.append(("Số lượng còn thiếu", data.unfilled))
    for label, value in totals:
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=1).font = Font(name=FONT)
        ws.cell(row=ws.max_row, column=2).font = Font(name=FONT, bold=True)
    ws.append([])
    ws.append(HEADER)
    header_row = ws.max_row
    for col in range(1, len(HEADER) + 1):
        cell = ws.cell(row=header_row, column=col)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    for i, result in enumerate(data.results, start=1):
        status, rank = _status(data, result.name)
        share = text.percent_value(result.votes, data.base, 4) / Decimal(100)
        ws.append([i, result.name, result.votes, share, status, rank])
        row = ws.max_row
        for col in range(1, len(HEADER) + 1):
            cell = ws.cell(row=row, column=col)
            cell.font = Font(name=FONT)
            cell.border = BOX
        ws.cell(row=row, column=4).number_format = "0.00%"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for col, width in enumerate((6, 34, 14, 20, 44, 8), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
