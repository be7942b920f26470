"""The counting minutes as a Word document (python-docx), from the same plan as the PDF."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import minutes_text as mt
from .minutes_data import MinutesData
from .profiles import Profile

ALIGN = {
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
}
STYLES_WITH_FONT = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid")


def set_fonts(element: Any, family: str) -> None:
    """Set every rFonts slot (ascii, hAnsi, cs, eastAsia) of a run or style element."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(slot), family)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(theme), None)


class _Writer:
    def __init__(self, profile: Profile) -> None:
        self.p = profile
        self.family = profile.font_families[0]
        self.doc = Document()
        self._setup()

    def _setup(self) -> None:
        p = self.p
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(p.page_width_mm), Mm(p.page_height_mm)
        section.top_margin, section.bottom_margin = Mm(p.margin_top_mm), Mm(p.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(p.margin_left_mm), Mm(p.margin_right_mm)
        section.header_distance = Mm(10)
        for name in STYLES_WITH_FONT:
            style = self.doc.styles[name]
            style.font.name = self.family
            style.font.color.rgb = None
            set_fonts(style.element, self.family)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(p.body_pt)
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        # Page numbers from page 2, centred in the top margin (§5).
        section.different_first_page_header_footer = True
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._field(para, "PAGE")

    def _field(self, para: Any, code: str) -> None:
        run = para.add_run()
        self._font(run, self.p.page_number_pt)
        for kind, value in (("begin", None), ("instr", code), ("separate", None), ("end", None)):
            if kind == "instr":
                node = OxmlElement("w:instrText")
                node.set(qn("xml:space"), "preserve")
                node.text = f" {value} "
            else:
                node = OxmlElement("w:fldChar")
                node.set(qn("w:fldCharType"), kind)
            run._r.append(node)

    def _font(self, run: Any, size: float, bold: bool = False, italic: bool = False) -> None:
        run.font.name = self.family
        set_fonts(run._r, self.family)
        run.font.size = Pt(size)
        run.bold, run.italic = bold, italic

    def line(
        self,
        container: Any,
        text: str,
        size: float,
        *,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        align: Any = WD_ALIGN_PARAGRAPH.CENTER,
        before: float = 0,
        first: bool = False,
    ) -> Any:
        para = container.paragraphs[0] if first else container.add_paragraph()
        para.alignment = align
        para.paragraph_format.space_before = Pt(before)
        run = para.add_run(text)
        self._font(run, size, bold, italic)
        run.underline = underline
        return para

    def header(self, h: mt.Header) -> None:
        p = self.p
        usable = p.page_width_mm - p.margin_left_mm - p.margin_right_mm
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        for i, pct in enumerate((p.header_left_pct, p.header_right_pct)):
            table.columns[i].width = table.rows[0].cells[i].width = Mm(usable * pct / 100)
        for i, run in enumerate(h.left):
            self.line(
                left,
                run.text,
                p.issuer_pt if run.bold else p.superior_pt,
                bold=run.bold,
                first=i == 0,
            )
        self.line(right, h.heading, p.heading_pt, bold=True, underline=True, first=True)
        self.line(right, h.date_line, p.date_pt, italic=True, before=8)
        self.line(self.doc, h.title, p.type_pt, bold=True, before=14)
        self.line(self.doc, h.summary, p.summary_pt, bold=True)
        self.line(self.doc, h.separator, p.body_pt)

    def para(self, block: mt.Para) -> None:
        p = self.p
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = para.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(p.line_spacing_pt)
        fmt.space_before = Pt(p.paragraph_spacing_pt)
        if block.indent:
            fmt.first_line_indent = Mm(p.first_line_indent_mm)
        for r in block.runs:
            self._font(para.add_run(r.text), p.body_pt, r.bold, r.italic)

    def table(self, block: mt.Table) -> None:
        p = self.p
        table = self.doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for c, width in enumerate(block.widths_mm):
            table.columns[c].width = Mm(width)
        trpr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
        for r, values in enumerate([block.header, *block.rows]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.width = Mm(block.widths_mm[c])
                align = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else ALIGN[block.align[c]]
                self.line(cell, value, p.table_pt, bold=r == 0, align=align, first=True)
        self.doc.add_paragraph()

    def signatures(self, s: mt.Signatures) -> None:
        p = self.p
        table = self.doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        mm = 72 / 25.4  # points per millimetre
        if s.members:
            self.line(left, s.members_title, p.signature_pt, bold=True, first=True)
            for i, name in enumerate(s.members):
                space = p.signature_space_mm if i == 0 else p.member_signature_space_mm
                self.line(left, name, p.signature_pt, bold=True, before=space * mm)
        self.line(right, s.capacity, p.signature_pt, bold=True, first=True)
        self.line(right, s.title, p.signature_pt)
        self.line(right, s.head, p.signature_pt, bold=True, before=p.signature_space_mm * mm)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def build_docx(data: MinutesData, profile: Profile) -> bytes:
    w = _Writer(profile)
    w.header(mt.header(data, profile))
    for block in mt.body(data, profile):
        if isinstance(block, mt.Table):
            w.table(block)
        else:
            w.para(block)
    w.signatures(mt.signatures(data))
    return w.save()
