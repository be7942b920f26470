"""The counting minutes (biên bản kiểm phiếu) as PDF and DOCX, in the party document layout.

Layout: party-documents.md §1 (page), §2 (header), §3 (body), §4.2 (signatures of the counting
board), §7.3/§7.4 (structure). Wording: minutes_text.py. Data: minutes_data.py.
"""

from __future__ import annotations

from . import minutes_text as mt
from .html import document, e, font_stack, render_pdf
from .minutes_data import BoardMember, MinutesData, MinutesFacts, minutes_data_from_tally
from .profiles import Profile, get_profile

__all__ = [
    "BoardMember",
    "MinutesData",
    "MinutesFacts",
    "minutes_data_from_tally",
    "minutes_html",
    "render_minutes_docx",
    "render_minutes_pdf",
]


def render_minutes_pdf(data: MinutesData, profile: Profile | str | None = None) -> bytes:
    return render_pdf(minutes_html(data, profile))


def render_minutes_docx(data: MinutesData, profile: Profile | str | None = None) -> bytes:
    from .minutes_docx import build_docx

    return build_docx(data, get_profile(profile))


def _runs(runs: list[mt.Run]) -> str:
    out = []
    for run in runs:
        html = e(run.text)
        if run.bold:
            html = f"<b>{html}</b>"
        if run.italic:
            html = f"<i>{html}</i>"
        out.append(html)
    return "".join(out)


def _table(table: mt.Table) -> str:
    cols = "".join(f'<col style="width:{w}mm">' for w in table.widths_mm)
    head = "".join(f"<th>{e(h)}</th>" for h in table.header)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="{align}">{e(cell)}</td>'
            for cell, align in zip(row, table.align, strict=True)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f'<table class="grid"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _block(block: mt.Para | mt.Table) -> str:
    if isinstance(block, mt.Table):
        return _table(block)
    cls = "" if block.indent else ' class="noindent"'
    return f"<p{cls}>{_runs(block.runs)}</p>"


def minutes_html(data: MinutesData, profile: Profile | str | None = None) -> str:
    prof = get_profile(profile)
    h = mt.header(data, prof)
    left = "".join(f'<div class="{"b" if run.bold else ""}">{e(run.text)}</div>' for run in h.left)
    parts = [
        '<table class="hd"><tr>',
        f'<td class="hd-l">{left}</td>',
        f'<td class="hd-r"><div class="dcsvn">{e(h.heading)}</div>',
        f'<div class="date">{e(h.date_line)}</div></td>',
        "</tr></table>",
        f'<div class="type">{e(h.title)}</div>',
        f'<div class="sum">{e(h.summary)}</div>',
        f'<div class="sep">{e(h.separator)}</div>',
        '<div class="text">',
    ]
    blocks = mt.body(data, prof)
    for block in blocks[:-1]:
        parts.append(_block(block))
    # The closing sentence stays on the page of the signatures.
    parts.append('</div><div class="end text">')
    parts.append(_block(blocks[-1]))
    s = mt.signatures(data)
    members = "".join(
        f'<div class="space{" first" if i == 0 else ""}"></div><div class="name">{e(name)}</div>'
        for i, name in enumerate(s.members)
    )
    left_sig = f'<div class="cap">{e(s.members_title)}</div>{members}' if s.members else ""
    parts += [
        '<table class="sig"><tr>',
        f'<td class="sig-l">{left_sig}</td>',
        f'<td class="sig-r"><div class="cap">{e(s.capacity)}</div>',
        f'<div class="title">{e(s.title)}</div><div class="space first"></div>',
        f'<div class="name">{e(s.head)}</div></td>',
        "</tr></table></div>",
    ]
    return document("".join(parts), _css(prof), h.title)


def _css(p: Profile) -> str:
    return f"""
@page {{ size: {p.paper} portrait;
  margin: {p.margin_top_mm}mm {p.margin_right_mm}mm {p.margin_bottom_mm}mm {p.margin_left_mm}mm;
  @top-center {{ content: counter(page); font-family: {font_stack(p)};
    font-size: {p.page_number_pt}pt; vertical-align: top; padding-top: 10mm; }} }}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: {font_stack(p)}; color: #000; font-size: {p.body_pt}pt; }}
body {{ margin: 0; }}
table.hd {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
td.hd-l {{ width: {p.header_left_pct}%; text-align: center; vertical-align: top;
  font-size: {p.superior_pt}pt; line-height: 1.2; }}
td.hd-l .b {{ font-weight: bold; font-size: {p.issuer_pt}pt; }}
td.hd-r {{ width: {p.header_right_pct}%; text-align: center; vertical-align: top; }}
.dcsvn {{ font-size: {p.heading_pt}pt; font-weight: bold; display: inline-block;
  border-bottom: {p.heading_rule_pt}pt solid #000; padding-bottom: 1pt; white-space: nowrap; }}
.date {{ font-size: {p.date_pt}pt; font-style: italic; margin-top: 8pt; }}
.type {{ font-size: {p.type_pt}pt; font-weight: bold; text-align: center; margin-top: 14pt; }}
.sum {{ font-size: {p.summary_pt}pt; font-weight: bold; text-align: center; }}
.sep {{ text-align: center; }}
.text p {{ text-align: justify; text-indent: {p.first_line_indent_mm}mm;
  line-height: {p.line_spacing_pt}pt; margin: {p.paragraph_spacing_pt}pt 0 0 0; }}
.text p.noindent {{ text-indent: 0; }}
table.grid {{ border-collapse: collapse; margin: {p.paragraph_spacing_pt}pt auto 0 auto;
  font-size: {p.table_pt}pt; }}
table.grid th, table.grid td {{ border: {p.table_border_pt}pt solid #000; padding: 2pt 4pt; }}
table.grid th {{ font-weight: bold; text-align: center; }}
table.grid thead {{ display: table-header-group; }}
table.grid tr {{ page-break-inside: avoid; }}
td.c {{ text-align: center; }} td.l {{ text-align: left; }} td.r {{ text-align: right; }}
table.sig {{ width: 100%; border-collapse: collapse; table-layout: fixed;
  margin-top: 14pt; page-break-inside: avoid; font-size: {p.signature_pt}pt; }}
td.sig-l, td.sig-r {{ width: 50%; vertical-align: top; text-align: center; }}
.end {{ page-break-inside: avoid; }}
.cap {{ font-weight: bold; text-transform: uppercase; }}
.title {{ text-transform: uppercase; }}
.space {{ height: {p.member_signature_space_mm}mm; }}
.space.first {{ height: {p.signature_space_mm}mm; }}
.name {{ font-weight: bold; }}
"""
