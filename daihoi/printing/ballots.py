"""The ballot paper (phiếu bầu cử), party-documents.md §7.2 and election-rules.md §2.6.

* The convening committee's seal goes at the top-left corner: a clear area is left there.
* A list with surplus (more candidates than seats) prints the names to strike out; a list without
  surplus prints "Đồng ý" / "Không đồng ý" boxes for each name.
* Names in the order given (the app sorts them A-B-C by given name), never bold, no serial number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .html import document, e, font_stack, render_pdf
from .profiles import Profile, get_profile

MAX_COPIES_PER_PAGE = 4
MAX_COLUMNS = 3
# Row heights to try, tallest first: at least 9–10 mm keeps a strike-through legible (§7.2);
# 7 mm is the floor before a long list of names goes into more columns or onto more pages.
ROW_HEIGHTS_MM = (10.0, 9.0, 8.0, 7.0)
# Height of everything but the name rows, in millimetres: seal area, title, body, instructions,
# table header and the seats line. Measured on rendered pages with a two-line body title.
_FIXED_HEIGHT_MM = 92


@dataclass(frozen=True)
class BallotSpec:
    congress_name: str  # "ĐẠI HỘI ĐẢNG BỘ XÃ CẢNH THỤY LẦN THỨ XXIV, NHIỆM KỲ 2025 - 2030"
    body_title: str  # "BẦU BAN CHẤP HÀNH ĐẢNG BỘ XÃ CẢNH THỤY KHÓA XXIV"
    candidates: list[str]  # printed in this order
    seats: int
    surplus: bool | None = None  # None: candidates > seats
    copies_per_page: int | None = 1  # None: as many as fit (at most 4)
    unit_name: str = ""  # optional line above the congress name: "ĐẢNG BỘ TỈNH BẮC GIANG"
    instructions: str | None = None  # None: the profile's wording; "" prints none
    show_seats: bool = True  # "(Đại hội bầu 5 đồng chí)"

    @property
    def has_surplus(self) -> bool:
        return len(self.candidates) > self.seats

    def check(self) -> None:
        if self.seats < 1:
            raise ValueError("a ballot needs at least one seat")
        if not self.candidates:
            raise ValueError("a ballot needs at least one candidate")
        if len(self.candidates) < self.seats:
            raise ValueError(
                f"{len(self.candidates)} candidates cannot fill {self.seats} seats on one ballot"
            )
        if len(set(self.candidates)) != len(self.candidates):
            raise ValueError("a name appears twice on the list")
        if self.surplus is not None and self.surplus != self.has_surplus:
            raise ValueError(
                "surplus does not match the list: "
                f"{len(self.candidates)} candidates for {self.seats} seats"
            )


@dataclass(frozen=True)
class NameGrid:
    columns: int  # groups of "TT | Họ và tên" side by side (surplus lists only)
    row_mm: float
    fits_one_page: bool


def name_grid(ballot: BallotSpec, profile: Profile | str | None = None) -> NameGrid:
    """The fewest columns with rows of at least 9 mm that put every name on one page; failing
    that, the tallest rows down to 7 mm; failing that, one column flowing onto more pages."""
    p = get_profile(profile)
    room = p.page_height_mm - 2 * p.ballot_margin_mm - _FIXED_HEIGHT_MM
    n = len(ballot.candidates)
    columns = range(1, MAX_COLUMNS + 1) if ballot.has_surplus else range(1, 2)
    heights = [h for h in ROW_HEIGHTS_MM if h <= p.ballot_row_mm]
    tries = [(c, h) for h in heights if h >= 9 for c in columns]
    tries += [(c, h) for h in heights if h < 9 for c in columns]
    for cols, row in tries:
        if math.ceil(n / cols) * row <= room:
            return NameGrid(cols, row, True)
    return NameGrid(1, p.ballot_row_mm, False)


def copies_that_fit(ballot: BallotSpec, profile: Profile | str | None = None) -> int:
    """How many copies of this ballot fit one above the other on an A4 page."""
    p = get_profile(profile)
    needed = _FIXED_HEIGHT_MM + len(ballot.candidates) * p.ballot_row_mm + 2 * p.ballot_margin_mm
    return max(1, min(MAX_COPIES_PER_PAGE, math.floor(p.page_height_mm / needed)))


def render_ballot_pdf(
    ballot: BallotSpec, profile: Profile | str | None = None, sheets: int = 1
) -> bytes:
    """The ballots as a PDF: `sheets` identical A4 pages, each with copies_per_page ballots."""
    return render_pdf(ballot_html(ballot, profile, sheets))


def ballot_html(ballot: BallotSpec, profile: Profile | str | None = None, sheets: int = 1) -> str:
    p = get_profile(profile)
    ballot.check()
    if sheets < 1:
        raise ValueError("print at least one sheet")
    fit = copies_that_fit(ballot, p)
    copies = ballot.copies_per_page or fit
    if copies > fit:
        raise ValueError(
            f"{copies} ballots of {len(ballot.candidates)} names do not fit on one page "
            f"(at most {fit})"
        )
    # One copy a page flows freely (a list too long for a page continues on the next one, with
    # the table header repeated); several copies share the page in equal slots.
    slot_mm = p.page_height_mm / copies if copies > 1 else None
    grid = name_grid(ballot, p)
    one = _ballot_block(ballot, p, slot_mm, grid)
    page = "".join(one for _ in range(copies))
    pages = "".join(f'<div class="sheet">{page}</div>' for _ in range(sheets))
    return document(pages, _css(p, grid), "Phiếu bầu cử")


def _strike_table(names: list[str], grid: NameGrid) -> str:
    cols = grid.columns
    per_col = math.ceil(len(names) / cols)
    head = '<th class="tt">TT</th><th>Họ và tên</th>' * cols
    rows = []
    for r in range(per_col):
        cells = []
        for c in range(cols):
            i = c * per_col + r
            if i < len(names):
                cells.append(f'<td class="tt">{i + 1}</td><td class="name">{e(names[i])}</td>')
            else:
                cells.append('<td class="tt empty"></td><td class="name empty"></td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="list strike cols{cols}"">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _ballot_block(ballot: BallotSpec, p: Profile, slot_mm: float | None, grid: NameGrid) -> str:
    if ballot.instructions is None:
        instructions = (
            p.ballot_instructions if ballot.has_surplus else p.ballot_instructions_no_surplus
        )
    else:
        instructions = ballot.instructions
    if ballot.has_surplus:
        table = _strike_table(ballot.candidates, grid)
    else:
        head = (
            '<tr><th class="tt">TT</th><th>Họ và tên</th>'
            '<th class="box">Đồng ý</th><th class="box">Không đồng ý</th></tr>'
        )
        rows = "".join(
            f'<tr><td class="tt">{i}</td><td class="name">{e(name)}</td>'
            '<td class="box"></td><td class="box"></td></tr>'
            for i, name in enumerate(ballot.candidates, start=1)
        )
        table = f'<table class="list agree"><thead>{head}</thead><tbody>{rows}</tbody></table>'
    unit = f'<div class="unit">{e(ballot.unit_name)}</div>' if ballot.unit_name else ""
    seats = (
        f'<p class="seats">(Đại hội bầu {ballot.seats} đồng chí)</p>' if ballot.show_seats else ""
    )
    instr = f'<p class="instructions">{e(instructions)}</p>' if instructions else ""
    height = f' style="height:{slot_mm:.2f}mm"' if slot_mm else ""
    return f"""
<section class="ballot{" slot" if slot_mm else ""}"{height}>
  <table class="top"><tr>
    <td class="seal" aria-label="seal area"></td>
    <td class="congress">{unit}<div class="cname">{e(ballot.congress_name)}</div></td>
    <td class="balance"></td>
  </tr></table>
  <h1>PHIẾU BẦU CỬ</h1>
  <div class="body">{e(ballot.body_title)}</div>
  {instr}
  {table}
  {seats}
</section>"""


def _css(p: Profile, grid: NameGrid) -> str:
    name_pt = p.ballot_name_pt if grid.columns < 3 else p.ballot_name_pt - 1
    m = p.ballot_margin_mm
    return f"""
@page {{ size: {p.paper} portrait; margin: 0; }}
html {{ font-family: {font_stack(p)}; color: #000; }}
body {{ margin: 0; }}
.sheet {{ page-break-after: always; }}
.sheet:last-child {{ page-break-after: auto; }}
.ballot {{ box-sizing: border-box; padding: {m}mm {m}mm {m}mm {m}mm; }}
.ballot.slot {{ overflow: hidden; border-bottom: 0.5pt dashed #999; }}
.ballot.slot:last-child {{ border-bottom: none; }}
table.top {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
td.seal {{ width: {p.seal_area_mm}mm; height: {p.seal_area_mm}mm;
  border: 0.5pt dotted #bbb; }}
td.balance {{ width: {p.seal_area_mm}mm; }}
td.congress {{ text-align: center; vertical-align: middle; padding: 0 3mm; }}
.unit {{ font-size: {p.ballot_unit_pt}pt; text-transform: uppercase; }}
.cname {{ font-size: {p.ballot_congress_pt}pt; font-weight: bold; text-transform: uppercase; }}
h1 {{ font-size: {p.ballot_title_pt}pt; font-weight: bold; text-align: center;
  margin: 3mm 0 1mm 0; }}
.body {{ font-size: {p.ballot_body_pt}pt; font-weight: bold; text-align: center; }}
.instructions {{ font-size: {p.ballot_instructions_pt}pt; font-style: italic;
  text-align: center; margin: 1.5mm 0 0 0; }}
table.list {{ margin: 3mm auto 0 auto; border-collapse: collapse; }}
table.strike {{ width: 75%; }}
table.strike.cols2, table.strike.cols3 {{ width: 100%; }}
table.list thead {{ display: table-header-group; }}
table.agree {{ width: 100%; }}
table.list th, table.list td {{ border: {p.table_border_pt}pt solid #000; }}
table.list th {{ font-size: {p.ballot_name_pt - 1}pt; font-weight: bold; text-align: center;
  padding: 1mm; }}
table.list td {{ height: {grid.row_mm}mm; padding: 0 1.5mm; vertical-align: middle;
  font-size: {name_pt}pt; }}
table.list tr {{ page-break-inside: avoid; }}
.tt {{ width: 10mm; text-align: center; }}
td.name {{ font-weight: normal; white-space: nowrap; }}
.box {{ width: {p.ballot_box_mm}mm; }}
.seats {{ font-size: {p.ballot_instructions_pt}pt; font-style: italic; text-align: center;
  margin: 2mm 0 0 0; }}
"""
