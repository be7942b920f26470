"""The dashboard as a workbook: the level tables (this term and previous) and the units below."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from daihoi.stats.dashboard import Dashboard

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="A3141C")
_PERCENT = "0.0%"


def _share(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def _header(ws: Worksheet, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _summary_sheet(ws: Worksheet, data: Dashboard) -> None:
    previous = data.previous_campaign
    ws.title = _("Summary")[:31]
    ws.append([data.unit.name])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"{_('Campaign')}: {data.campaign.name}"])
    ws.append([f"{_('As of')}: {date_format(data.as_of, 'd/m/Y')}"])
    ws.append([])
    titles = [
        _("Level"),
        _("Figure"),
        _("This term"),
        _("Out of"),
        _("Share"),
        _("Previous term") + (f" ({previous.code})" if previous else ""),
        _("Out of"),
        _("Share"),
    ]
    _header(ws, 5, titles)
    for block in data.levels:
        for row in block.rows():
            fr = row["row"]
            ws.append(
                [
                    block.level.name,
                    str(fr.label),
                    row["value"],
                    row["whole"],
                    _share(row["value"], row["whole"]),
                    row["prev_value"],
                    row["prev_whole"],
                    _share(row["prev_value"], row["prev_whole"]),
                ]
            )
            for col in (5, 8):
                ws.cell(row=ws.max_row, column=col).number_format = _PERCENT
    for cells in ws.iter_rows(min_row=6, min_col=3, max_col=7):
        for cell in cells:
            if cell.number_format != _PERCENT:
                cell.number_format = "#,##0"
    _widths(ws, [24, 62, 12, 12, 10, 16, 12, 10])
    ws.freeze_panes = "C6"


def _children_sheet(ws: Worksheet, data: Dashboard) -> None:
    ws.title = _("Units below")[:31]
    titles = [
        _("Code"),
        _("Unit"),
        _("Level"),
        _("Units"),
        _("Congresses held"),
        _("Share held"),
        _("Full leadership elected"),
        _("Committee members elected"),
        _("Committee seats left unfilled"),
        _("Incumbents not re-elected"),
    ]
    _header(ws, 1, titles)
    for child in data.children:
        f = child.figures
        ws.append(
            [
                child.unit.code,
                child.unit.name,
                child.unit.level.name,
                f["units"],
                f["held"],
                _share(f["held"], f["units"]),
                f["full_leadership"],
                f["committee_elected"],
                f["committee_shortfall"],
                f["incumbents_not_reelected"],
            ]
        )
        ws.cell(row=ws.max_row, column=6).number_format = _PERCENT
    _widths(ws, [14, 36, 18, 10, 12, 10, 14, 14, 14, 14])
    ws.freeze_panes = "C2"


def dashboard_workbook(data: Dashboard) -> bytes:
    """The .xlsx bytes of what the dashboard shows (labels in the active language)."""
    wb = Workbook()
    _summary_sheet(wb.active, data)
    _children_sheet(wb.create_sheet(), data)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
