"""The drawn (non-text) parts of a machine-readable ballot as SVG in millimetre units: the four
ArUco markers, the QR code, the seal area and the grid of the name table.

Every shape comes from the BallotLayout, nothing is measured from rendered output, so the same
layout always gives the same drawing. Dark areas are single filled paths (not abutting
rectangles), so a rasteriser leaves no hairline seams between cells.
"""

from __future__ import annotations

from collections.abc import Iterable

import segno

from .ballot_layout import MARKER_BITS, MARKER_IDS, BallotLayout, Rect

GRID_STROKE_MM = 0.2  # thin black table lines, centred on the cell edges
SEAL_STROKE_MM = 0.2
# Light modules kept inside layout.qr round the symbol. The layout keeps at least 3 mm of white
# outside the box as well (table gap above, footer gap left, marker quiet zone right), so the
# whole quiet zone is ≥ 4 modules as the QR standard asks, while a crop of layout.qr alone still
# decodes and the modules stay as large as the box allows.
QR_BORDER_MODULES = 2


def _num(value: float) -> str:
    """Millimetres in SVG: 4 decimals, no trailing zeros (stable text, no float noise)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _cells_path(
    cells: Iterable[tuple[int, int]], origin_x: float, origin_y: float, cell: float
) -> str:
    """One path over unit cells (column, row), merged into horizontal runs."""
    by_row: dict[int, list[int]] = {}
    for col, row in cells:
        by_row.setdefault(row, []).append(col)
    parts = []
    for row in sorted(by_row):
        runs: list[list[int]] = []  # [first column, last column]
        for col in sorted(by_row[row]):
            if runs and col == runs[-1][1] + 1:
                runs[-1][1] = col
            else:
                runs.append([col, col])
        for first, last in runs:
            x, y, w = origin_x + first * cell, origin_y + row * cell, (last - first + 1) * cell
            parts.append(f"M{_num(x)} {_num(y)}h{_num(w)}v{_num(cell)}h{_num(-w)}z")
    return "".join(parts)


def marker_cells(marker_id: int) -> list[tuple[int, int]]:
    """Black cells of a 6×6 DICT_4X4_50 marker: the one-cell border plus the 0 bits."""
    bits = MARKER_BITS[marker_id]
    cells = []
    for row in range(6):
        for col in range(6):
            border = row in (0, 5) or col in (0, 5)
            if border or bits[row - 1][col - 1] == "0":
                cells.append((col, row))
    return cells


def markers_svg(layout: BallotLayout) -> str:
    paths = []
    for marker_id, rect in zip(MARKER_IDS, layout.markers, strict=True):
        cell = rect.w / 6
        d = _cells_path(marker_cells(marker_id), rect.x, rect.y, cell)
        paths.append(f'<path class="marker" data-id="{marker_id}" d="{d}"/>')
    return "".join(paths)


def qr_svg(payload: str, box: Rect) -> str:
    """The QR code (error level H) centred in `box`, modules as large as the box allows with a
    QR_BORDER_MODULES light border inside it."""
    code = segno.make(payload, error="h", micro=False, boost_error=False)
    size = len(code.matrix)
    module = min(box.w, box.h) / (size + 2 * QR_BORDER_MODULES)
    x0 = box.x + (box.w - size * module) / 2
    y0 = box.y + (box.h - size * module) / 2
    dark = [(c, r) for r, line in enumerate(code.matrix) for c, v in enumerate(line) if v]
    return f'<path class="qr" d="{_cells_path(dark, x0, y0, module)}"/>'


def _rect_path(rect: Rect) -> str:
    return f"M{_num(rect.x)} {_num(rect.y)}H{_num(rect.right)}V{_num(rect.bottom)}H{_num(rect.x)}Z"


def table_head_cells(layout: BallotLayout) -> list[tuple[str, Rect]]:
    """The header row of every table column: ("TT" | "Họ và tên" | "Đồng ý" | "Không đồng ý",
    cell) with the x extents of the cells below it."""
    per_column = -(-len(layout.rows) // layout.table_columns)
    head_h = layout.rows[0].name_box.y - layout.table.y
    cells: list[tuple[str, Rect]] = []
    for first in layout.rows[::per_column]:
        y = layout.table.y
        cells.append(("TT", Rect(first.number_box.x, y, first.number_box.w, head_h)))
        cells.append(("Họ và tên", Rect(first.name_box.x, y, first.name_box.w, head_h)))
        if first.agree_box is not None and first.disagree_box is not None:
            cells.append(("Đồng ý", Rect(first.agree_box.x, y, first.agree_box.w, head_h)))
            box = first.disagree_box
            cells.append(("Không đồng ý", Rect(box.x, y, box.w, head_h)))
    return cells


def grid_svg(layout: BallotLayout) -> str:
    """The table's lines: every header cell and every row cell outlined (shared edges coincide).
    Only rows that carry a name get cells: no empty cell invites a written-in name."""
    rects = [cell for _, cell in table_head_cells(layout)]
    for row in layout.rows:
        rects += [row.number_box, row.name_box]
        rects += [box for box in (row.agree_box, row.disagree_box) if box is not None]
    d = "".join(_rect_path(rect) for rect in rects)
    return (
        f'<path class="grid" d="{d}" fill="none" stroke="#000" '
        f'stroke-width="{_num(GRID_STROKE_MM)}" stroke-linecap="square"/>'
    )


def seal_svg(layout: BallotLayout) -> str:
    """The seal area's dotted outline, drawn just inside the rect: the rect meets the top-left
    marker's quiet zone, which must stay white."""
    half = SEAL_STROKE_MM / 2
    s = layout.seal
    r = Rect(s.x + half, s.y + half, s.w - 2 * half, s.h - 2 * half)
    return (
        f'<rect class="seal" x="{_num(r.x)}" y="{_num(r.y)}" width="{_num(r.w)}" '
        f'height="{_num(r.h)}" fill="none" stroke="#888" '
        f'stroke-width="{_num(SEAL_STROKE_MM)}" stroke-dasharray="0.4 0.8"/>'
    )


def page_svg(layout: BallotLayout) -> str:
    """Everything drawn on one ballot page, in one SVG whose user unit is the millimetre."""
    w, h = _num(layout.width_mm), _num(layout.height_mm)
    return (
        f'<svg class="marks" xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" '
        f'viewBox="0 0 {w} {h}">'
        f'<g fill="#000" stroke="none">{markers_svg(layout)}'
        f"{qr_svg(layout.qr_payload(), layout.qr)}</g>"
        f"{seal_svg(layout)}{grid_svg(layout)}</svg>"
    )
