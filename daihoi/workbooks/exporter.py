"""Writing workbooks in the import format: a unit's subtree (or the whole tree), or a blank
template with a guide sheet."""

from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.units.models import Unit
from daihoi.units.tree import parent_path
from daihoi.workbooks.format import SHEETS, all_columns

DATE_FORMAT = "DD/MM/YYYY"
CHUNK = 2000

# The guide sheet of the template, in Vietnamese for the people who fill it in.
GUIDE: list[tuple[str, str, str]] = [
    ("campaigns", "code", "Mã đợt đại hội, ví dụ 2020-2025 (bắt buộc, không trùng)."),
    ("campaigns", "name", "Tên đợt, ví dụ: Đại hội đảng bộ các cấp nhiệm kỳ 2020–2025."),
    ("campaigns", "previous_code", "Mã đợt trước (để so sánh nhiệm kỳ trước); có thể để trống."),
    ("units", "code", "Mã tổ chức đảng (bắt buộc, không trùng)."),
    ("units", "name", "Tên tổ chức đảng."),
    ("units", "level", "Cấp: province, district, grassroots hoặc branch."),
    ("units", "parent_code", "Mã tổ chức cấp trên; để trống nếu là cấp cao nhất."),
    ("units", "members", "Số đảng viên chính thức (số nguyên ≥ 0)."),
    ("congresses", "campaign", "Mã đợt đại hội."),
    ("congresses", "unit_code", "Mã tổ chức đảng tiến hành đại hội."),
    ("congresses", "term", "Nhiệm kỳ, ví dụ 2020-2025 hoặc 2020-2022 (chi bộ)."),
    ("congresses", "kind", "members (đại hội đảng viên) hoặc delegates (đại hội đại biểu)."),
    ("congresses", "planned_on", "Ngày dự kiến, dạng dd/mm/yyyy hoặc ô kiểu ngày."),
    ("congresses", "held_on", "Ngày tiến hành; để trống nếu chưa tổ chức."),
    ("congresses", "summoned", "Số đảng viên/đại biểu được triệu tập."),
    ("congresses", "attended", "Số có mặt (không lớn hơn số triệu tập)."),
    ("congresses", "pilot", "1 nếu là đại hội điểm, 0 nếu không (cột không bắt buộc)."),
    ("elections", "campaign", "Mã đợt đại hội."),
    ("elections", "unit_code", "Mã tổ chức đảng."),
    (
        "elections",
        "body",
        "Cơ quan bầu: committee (cấp ủy), standing_committee (ban thường vụ), secretary "
        "(bí thư), deputy_secretary (phó bí thư), inspection_committee (ủy ban kiểm tra), "
        "delegates (đại biểu dự đại hội cấp trên).",
    ),
    ("elections", "seats", "Số lượng cần bầu."),
    ("elections", "elected_by", "congress (đại hội bầu trực tiếp) hoặc committee (cấp ủy bầu)."),
    ("candidates", "campaign", "Mã đợt đại hội."),
    ("candidates", "unit_code", "Mã tổ chức đảng."),
    ("candidates", "body", "Cơ quan bầu (như ở trang elections)."),
    ("candidates", "full_name", "Họ và tên (không trùng trong cùng một cuộc bầu)."),
    ("candidates", "incumbent", "1 nếu tái cử, 0 nếu tham gia lần đầu."),
    ("candidates", "gender", "male (nam) hoặc female (nữ)."),
    ("candidates", "birth_year", "Năm sinh, ví dụ 1975."),
    ("candidates", "ethnicity", "Dân tộc, ví dụ Kinh, Tày."),
    ("candidates", "votes", "Số phiếu bầu."),
    ("candidates", "elected", "1 nếu trúng cử, 0 nếu không."),
]

GUIDE_INTRO = [
    "Hướng dẫn điền mẫu nhập dữ liệu đại hội",
    "Mỗi trang (campaigns, units, congresses, elections, candidates) có dòng tiêu đề ở dòng 1; "
    "không đổi tên cột. Có thể bỏ trang không dùng; cột thừa được bỏ qua.",
    "Ngày: ô kiểu ngày hoặc chữ dạng dd/mm/yyyy. Có/không: 1 hoặc 0.",
    "Nhập lại cùng một tệp không thay đổi gì. Nếu có lỗi, không dữ liệu nào được ghi và "
    "mọi lỗi được liệt kê theo trang, dòng, cột.",
]


def _start(book: Workbook, name: str, columns: Iterable[str]) -> Any:
    sheet = book.create_sheet(name)
    for index, column in enumerate(columns):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = 24 if column in {"name", "full_name"} else 14
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    return sheet


def _date_cell(sheet: Any, value: Any) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _int(flag: bool) -> int:
    return 1 if flag else 0


def export_workbook(
    target: str | IO[bytes], unit: Unit | None = None, campaign: Campaign | None = None
) -> None:
    """Write the tree (or `unit`'s subtree), its congresses, elections and candidates
    (all campaigns, or only `campaign`) in the import format; importing it gives the same data.
    """
    book = Workbook(write_only=True)
    prefix = unit.path if unit is not None else ""

    sheet = _start(book, "campaigns", all_columns("campaigns"))
    code_by_id = dict(Campaign.objects.values_list("pk", "code"))
    for code, name, previous_id in Campaign.objects.order_by("code").values_list(
        "code", "name", "previous_id"
    ):
        sheet.append([code, name, code_by_id.get(previous_id)])

    sheet = _start(book, "units", all_columns("units"))
    code_by_path: dict[str, str] = {}
    if unit is not None and unit.depth > 1:
        parent = Unit.objects.filter(path=parent_path(unit.path)).values_list("code", flat=True)
        code_by_path[parent_path(unit.path)] = parent.get()
    units = (
        Unit.objects.filter(path__startswith=prefix)
        .order_by("path")
        .values_list("path", "code", "name", "level__code", "members")
    )
    for path, code, name, level, members in units.iterator(chunk_size=CHUNK):
        code_by_path[path] = code
        sheet.append([code, name, level, code_by_path.get(parent_path(path)), members])

    congresses = Congress.objects.filter(unit__path__startswith=prefix)
    elections = Election.objects.filter(congress__unit__path__startswith=prefix)
    candidates = Candidate.objects.filter(election__congress__unit__path__startswith=prefix)
    if campaign is not None:
        congresses = congresses.filter(campaign=campaign)
        elections = elections.filter(congress__campaign=campaign)
        candidates = candidates.filter(election__congress__campaign=campaign)

    sheet = _start(book, "congresses", all_columns("congresses"))
    rows = congresses.order_by("campaign__code", "unit__path").values_list(
        "campaign__code", "unit__code", "term", "kind", "planned_on", "held_on",
        "summoned", "attended", "pilot",
    )  # fmt: skip
    for c, u, term, kind, planned, held, summoned, attended, pilot in rows.iterator(CHUNK):
        sheet.append(
            [c, u, term, kind, _date_cell(sheet, planned), _date_cell(sheet, held),
             summoned, attended, _int(pilot)]
        )  # fmt: skip

    sheet = _start(book, "elections", all_columns("elections"))
    election_rows = elections.order_by(
        "congress__campaign__code", "congress__unit__path", "body"
    ).values_list("congress__campaign__code", "congress__unit__code", "body", "seats", "elected_by")
    for row in election_rows.iterator(CHUNK):
        sheet.append(list(row))

    sheet = _start(book, "candidates", all_columns("candidates"))
    candidate_rows = candidates.order_by(
        "election__congress__campaign__code", "election__congress__unit__path",
        "election__body", "id",
    ).values_list(
        "election__congress__campaign__code", "election__congress__unit__code",
        "election__body", "full_name", "incumbent", "gender", "birth_year", "ethnicity",
        "votes", "elected",
    )  # fmt: skip
    for (
        c,
        u,
        body,
        name,
        incumbent,
        gender,
        year,
        ethnicity,
        votes,
        elected,
    ) in candidate_rows.iterator(CHUNK):
        sheet.append(
            [c, u, body, name, _int(incumbent), gender, year, ethnicity, votes, _int(elected)]
        )
    book.save(target)


def template_workbook(target: str | IO[bytes]) -> None:
    """A blank workbook: a guide sheet, then the five sheets with their header rows."""
    book = Workbook(write_only=True)
    guide = book.create_sheet("guide")
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 16
    guide.column_dimensions["C"].width = 100
    title = WriteOnlyCell(guide, value=GUIDE_INTRO[0])
    title.font = Font(bold=True, size=14)
    guide.append([title])
    for line in GUIDE_INTRO[1:]:
        guide.append([line])
    guide.append([])
    header = []
    for text in ("Trang", "Cột", "Ý nghĩa"):
        cell = WriteOnlyCell(guide, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    guide.append(header)
    for row in GUIDE:
        guide.append(list(row))
    for name in SHEETS:
        _start(book, name, all_columns(name))
    book.save(target)
