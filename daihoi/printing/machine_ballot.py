"""The machine-readable ballot (phiếu bầu cử đọc bằng máy): one ballot per page, every element
placed absolutely in millimetres from the BallotLayout, so that the reader (`daihoi.scanning`)
finds each name box where the layout says it is.

What is on the page (docs/scanning.md "Printing ballots for machine reading"):

* four ArUco markers and the QR code (ballot_marks.py), the seal area at the top left;
* the header: congress (bold caps), "PHIẾU BẦU CỬ", the title, the instruction line;
* the name table, names as real text (selectable, searchable), never bold;
* the footer: "(Đại hội bầu N đồng chí)" and the date.

Nothing per ballot: every copy is the same page, no serial, nothing that could tell one voter's
ballot from another's (ballot-reading.md §6). Pure: no Django.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

from .ballot_layout import BallotLayout, Rect
from .ballot_marks import page_svg, table_head_cells
from .election_paper import ElectionPaper
from .html import document, e, font_stack, render_pdf
from .profiles import Profile, get_profile
from .text_measure import PT_MM, balanced_wrap, fitting_size, text_width_mm, widest_line_mm

MAX_COPIES = 5000
NAME_PAD_MM = 2.0  # left padding of a name in its box (and the least room kept on the right)
HEADER_PAD_MM = 1.0
LINE_HEIGHT = 1.2  # of the font size, header and footer lines
MIN_HEADER_SCALE = 0.6
MIN_NAME_PT = 4.0
TWO_LINE_BELOW = 0.65  # of layout.name_pt: a name that would shrink further may take two lines
NAME_LINE_HEIGHT = 1.1
_CREATION_DATE = re.compile(rb"/CreationDate\(D:[0-9+\-Z']*\)")
_TRAILER_ID = re.compile(rb"/ID\[<[0-9A-Fa-f]{32}><[0-9A-Fa-f]{32}>\]")


@dataclass(frozen=True)
class _Sizes:
    congress_pt: float
    title_pt: float  # "PHIẾU BẦU CỬ"
    body_pt: float  # the election's title line
    instructions_pt: float
    head_pt: float  # table header row
    footer_pt: float
    gap_mm: float  # between header blocks


# A5 is the default paper; A4 takes the sizes of the ordinary ballot (profiles.py).
_SIZES = {
    "A5": _Sizes(10.5, 15.0, 11.0, 9.5, 9.0, 10.0, 1.2),
    "A4": _Sizes(13.0, 18.0, 14.0, 12.0, 11.0, 12.0, 2.0),
}


@dataclass(frozen=True)
class _Block:
    lines: list[str]
    pt: float
    bold: bool = False
    italic: bool = False

    @property
    def height_mm(self) -> float:
        return len(self.lines) * self.pt * LINE_HEIGHT * PT_MM


def instructions_for(layout: BallotLayout, profile: Profile | None = None) -> str:
    """The instruction line: strike-through wording, or the agree/disagree wording."""
    p = profile or get_profile()
    if layout.style == "strike":
        return p.ballot_instructions
    return p.ballot_instructions_no_surplus


def render_machine_ballot_pdf(paper: ElectionPaper, layout: BallotLayout, copies: int = 1) -> bytes:
    """`copies` identical ballot pages, page size exactly the layout's paper.

    The page is laid out once and the copies are the same page object repeated (pdfium's page
    import shares content and fonts): identical by construction, and 5,000 copies take a
    fraction of a second and about 1 MB instead of minutes of layout."""
    if not 1 <= copies <= MAX_COPIES:
        raise ValueError(f"copies must be between 1 and {MAX_COPIES}, not {copies}")
    return repeat_first_page(render_pdf(machine_ballot_html(paper, layout)), copies)


def repeat_first_page(pdf: bytes, copies: int) -> bytes:
    import pypdfium2 as pdfium  # only when printing

    source = pdfium.PdfDocument(pdf)
    target = pdfium.PdfDocument.new()
    try:
        target.import_pages(source, [0] * copies)
        out = io.BytesIO()
        target.save(out)
    finally:
        target.close()
        source.close()
    # pdfium writes the time and a random file /ID. Blanking the time and deriving the /ID from
    # the input (same lengths, so no offset moves) makes the same election give the same bytes.
    digest = hashlib.md5(pdf + str(copies).encode(), usedforsecurity=False).hexdigest().upper()
    data = _TRAILER_ID.sub(f"/ID[<{digest}><{digest}>]".encode(), out.getvalue(), count=1)
    return _CREATION_DATE.sub(lambda m: b" " * len(m.group()), data, count=1)


def machine_ballot_html(paper: ElectionPaper, layout: BallotLayout) -> str:
    """The HTML of one ballot page (WeasyPrint)."""
    page = f'<div class="page">{_page(paper, layout)}</div>'
    return document(page, _css(layout), "Phiếu bầu cử")


def _page(paper: ElectionPaper, layout: BallotLayout) -> str:
    sizes = _SIZES.get(layout.paper, _SIZES["A4"])
    parts = [page_svg(layout), _header(paper, layout, sizes), _table_text(layout, sizes)]
    parts.append(_footer(paper, layout, sizes))
    return "".join(parts)


def _box_style(rect: Rect) -> str:
    return f"left:{rect.x:.3f}mm;top:{rect.y:.3f}mm;width:{rect.w:.3f}mm;height:{rect.h:.3f}mm"


def _header_blocks(
    paper: ElectionPaper, layout: BallotLayout, s: _Sizes, scale: float
) -> list[_Block]:
    width = layout.header.w - 2 * HEADER_PAD_MM
    texts: list[tuple[str, float, bool, bool]] = []
    if paper.congress:
        texts.append((paper.congress.upper(), s.congress_pt, True, False))
    texts.append(("PHIẾU BẦU CỬ", s.title_pt, True, False))
    if paper.title:
        texts.append((paper.title, s.body_pt, True, False))
    texts.append((instructions_for(layout), s.instructions_pt, False, True))
    blocks = []
    for text, pt, bold, italic in texts:
        size = pt * scale
        lines = balanced_wrap(_nfc(text), width, size, bold=bold, italic=italic)
        # A single word wider than the box (rare: a long unbroken name) shrinks its block.
        widest = widest_line_mm(lines, size, bold=bold, italic=italic)
        if widest > width:
            size *= width / widest
        blocks.append(_Block(lines, size, bold, italic))
    return blocks


def _header(paper: ElectionPaper, layout: BallotLayout, s: _Sizes) -> str:
    """Header blocks centred in layout.header, shrunk together until they fit its height."""
    scale = 1.0
    while True:
        blocks = _header_blocks(paper, layout, s, scale)
        height = sum(b.height_mm for b in blocks) + s.gap_mm * scale * (len(blocks) - 1)
        if height <= layout.header.h or scale <= MIN_HEADER_SCALE:
            break
        scale -= 0.05
    y = layout.header.y + max(0.0, (layout.header.h - height) / 2)
    out = []
    for block in blocks:
        rect = Rect(layout.header.x, y, layout.header.w, block.height_mm)
        classes = (
            "text centre" + (" bold" if block.bold else "") + (" italic" if block.italic else "")
        )
        body = "<br>".join(e(line) for line in block.lines)
        out.append(
            f'<div class="{classes}" style="{_box_style(rect)};font-size:{block.pt:.2f}pt;'
            f'line-height:{block.pt * LINE_HEIGHT:.2f}pt">{body}</div>'
        )
        y += block.height_mm + s.gap_mm * scale
    return "".join(out)


def _single_line(rect: Rect, text: str, pt: float, classes: str, pad_left: float = 0.0) -> str:
    """One line of text, vertically centred in `rect` (line box = the rect's height)."""
    box = Rect(rect.x + pad_left, rect.y, rect.w - pad_left, rect.h)
    return (
        f'<div class="{classes}" style="{_box_style(box)};font-size:{pt:.2f}pt;'
        f'line-height:{box.h:.3f}mm">{e(text)}</div>'
    )


@dataclass(frozen=True)
class NameSetting:
    lines: tuple[str, ...]  # one line, or two for a name too long for one legible line
    pt: float


def name_setting(layout: BallotLayout, name: str, box: Rect) -> NameSetting:
    """layout.name_pt on one line, or smaller when the name would overflow its box; a name that
    would have to shrink below 65 % goes onto two lines if that prints it larger."""
    name = _nfc(name)
    room = box.w - 2 * NAME_PAD_MM
    one = fitting_size(name, room, layout.name_pt, min_pt=MIN_NAME_PT)
    if one >= TWO_LINE_BELOW * layout.name_pt or len(name.split()) < 2:
        return NameSetting((name,), one)
    lines = balanced_wrap(name, room / 2, layout.name_pt)
    words = name.split()
    if len(lines) != 2:  # split the words in two at the most even place
        cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) * 2 - len(name)))
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
    widest = max(lines, key=lambda line: text_width_mm(line, layout.name_pt))
    two = fitting_size(widest, room, layout.name_pt, min_pt=MIN_NAME_PT)
    two = min(two, (box.h - 1.0) / (2 * NAME_LINE_HEIGHT * PT_MM))  # both lines inside the row
    if two > one:
        return NameSetting((lines[0], lines[1]), two)
    return NameSetting((name,), one)


def _table_text(layout: BallotLayout, s: _Sizes) -> str:
    out = []
    head = table_head_cells(layout)
    # One size for the whole header row: the narrowest fit ("Không đồng ý" in its 20 mm box).
    pt = min(
        fitting_size(label, cell.w - 1.0, s.head_pt, min_pt=6.0, bold=True) for label, cell in head
    )
    for label, cell in head:
        out.append(_single_line(cell, label, pt, "text centre bold"))
    for row in layout.rows:
        name = _nfc(row.name)
        out.append(_single_line(row.number_box, str(row.number), layout.name_pt, "text centre"))
        setting = name_setting(layout, name, row.name_box)
        if len(setting.lines) == 1:
            out.append(_single_line(row.name_box, name, setting.pt, "text name", NAME_PAD_MM))
        else:
            out.append(_two_lines(row.name_box, setting))
    return "".join(out)


def _two_lines(box: Rect, setting: NameSetting) -> str:
    height = 2 * setting.pt * NAME_LINE_HEIGHT * PT_MM
    rect = Rect(box.x + NAME_PAD_MM, box.y + (box.h - height) / 2, box.w - NAME_PAD_MM, height)
    body = "<br>".join(e(line) for line in setting.lines)
    return (
        f'<div class="text name" style="{_box_style(rect)};font-size:{setting.pt:.2f}pt;'
        f'line-height:{setting.pt * NAME_LINE_HEIGHT:.2f}pt">{body}</div>'
    )


def _footer(paper: ElectionPaper, layout: BallotLayout, s: _Sizes) -> str:
    lines = [f"(Đại hội bầu {paper.places} đồng chí)"]
    if paper.date:
        lines.append(_nfc(paper.date))
    room = layout.footer.w
    pt = min(fitting_size(line, room, s.footer_pt, italic=True) for line in lines)
    height = len(lines) * pt * LINE_HEIGHT * PT_MM
    rect = Rect(layout.footer.x, layout.footer.y + (layout.footer.h - height) / 2, room, height)
    body = "<br>".join(e(line) for line in lines)
    return (
        f'<div class="text centre italic" style="{_box_style(rect)};font-size:{pt:.2f}pt;'
        f'line-height:{pt * LINE_HEIGHT:.2f}pt">{body}</div>'
    )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _css(layout: BallotLayout) -> str:
    w, h = f"{layout.width_mm:g}mm", f"{layout.height_mm:g}mm"
    return f"""
@page {{ size: {w} {h}; margin: 0; }}
html {{ font-family: {font_stack(get_profile())}; color: #000; background: #fff; }}
body {{ margin: 0; }}
.page {{ position: relative; width: {w}; height: {h}; overflow: hidden; }}
svg.marks {{ position: absolute; left: 0; top: 0; width: {w}; height: {h}; }}
.text {{ position: absolute; margin: 0; padding: 0; white-space: nowrap; overflow: visible;
  font-weight: normal; font-style: normal; }}
.centre {{ text-align: center; }}
.bold {{ font-weight: bold; }}
.italic {{ font-style: italic; }}
.name {{ text-align: left; font-weight: normal; }}
"""
