"""Where everything sits on a machine-readable ballot: the contract between the printer
(`daihoi.printing.machine_ballot`) and the reader (`daihoi.scanning`).

Millimetres from the top-left corner of the page. Pure Python, deterministic: the same election,
round, paper and style always give the same layout, so a reader rebuilds it from the election
file and the QR code alone (docs/scanning.md).

The QR code carries the election key, the round and the layout — the same on every ballot of
the election, never anything that could identify a voter (ballot-reading.md §6).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

FORMAT_VERSION = "DHB1"
PAPERS = {"A5": (148.0, 210.0), "A4": (210.0, 297.0)}
DEFAULT_PAPER = "A5"
STYLES = ("strike", "columns")  # names to strike out; agree/disagree columns (no surplus)

# Four ArUco markers (DICT_4X4_50, ids 0–3: top-left, top-right, bottom-right, bottom-left),
# far enough from the paper edge that a shifted, rotated scan keeps them (the prototype lost
# 0.6 % of scans with an 8 mm inset), with a white quiet zone round each.
MARKER_MM = 10.0
MARKER_INSET_MM = 12.0
MARKER_QUIET_MM = 3.0
MARKER_IDS = (0, 1, 2, 3)
# The 4×4 inner bits of DICT_4X4_50 markers 0–3 (1 = white), row by row, inside a one-cell black
# border: printed without OpenCV, read with cv2.aruco.
MARKER_BITS = {
    0: ("1011", "0101", "0011", "0010"),
    1: ("0000", "1111", "1001", "1010"),
    2: ("0011", "0011", "0010", "1101"),
    3: ("1001", "1001", "0100", "0110"),
}

QR_MM = 18.0
# The convening committee's seal goes here (top left), under the top-left marker. A round seal is
# about 35 mm across: a seal centred in a 24 mm tall area would reach over the marker, so the
# area runs down to the table (the header's height), keeping its centre ≥ 19 mm below the marker.
SEAL_MM = (30.0, 33.0)
HEADER_MM = 46.0  # seal, congress, "PHIẾU BẦU CỬ", body, instructions
FOOTER_MM = 24.0  # seats line and the QR code
TABLE_HEAD_MM = 7.0
ROW_HEIGHTS_MM = (10.0, 9.0, 8.0, 7.0, 6.0)  # tallest that fits; 6 mm is the reading floor
MAX_TABLE_COLUMNS = 2
NUMBER_COL_MM = 8.0  # "TT"
BOX_COL_MM = 20.0  # "Đồng ý" / "Không đồng ý"


class LayoutError(ValueError):
    """The list does not fit the paper, or the election cannot be printed for reading."""


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Row:
    number: int  # TT, 1-based, list order
    name: str
    number_box: Rect  # the TT cell: printed digits, rarely touched by voters
    name_box: Rect  # the name cell: a strike-through lies here
    agree_box: Rect | None = None  # columns style only
    disagree_box: Rect | None = None


@dataclass(frozen=True)
class BallotLayout:
    election_key: str
    round: int
    paper: str
    style: str
    width_mm: float
    height_mm: float
    markers: tuple[Rect, Rect, Rect, Rect]  # TL, TR, BR, BL (the black squares)
    qr: Rect
    seal: Rect
    header: Rect  # congress name, title, body title, instructions (right of the seal)
    table: Rect  # outer border of the list, header row included
    rows: tuple[Row, ...]
    table_columns: int
    row_mm: float
    footer: Rect  # seats line, left of the QR code
    name_pt: float = field(default=11.0)

    def qr_payload(self) -> str:
        return qr_payload(self.election_key, self.round, self.paper, self.style, len(self.rows))


@dataclass(frozen=True)
class QrFields:
    election_key: str
    round: int
    paper: str
    style: str
    names: int


def election_key(
    candidates: Sequence[str], seats: int, body: str = "", title: str = "", congress: str = ""
) -> str:
    """16 hex digits of the sha256 of what is printed on the ballot: a reader refuses a ballot
    of another election (or of an edited list) by comparing keys."""
    identity = {
        "body": body,
        "candidates": list(candidates),
        "congress": congress,
        "seats": seats,
        "title": title,
    }
    text = json.dumps(identity, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def qr_payload(key: str, round_: int, paper: str, style: str, names: int) -> str:
    return f"{FORMAT_VERSION}|{key}|{round_}|{paper}|{style}|{names}"


def parse_qr(text: str) -> QrFields | None:
    """The fields of a ballot's QR code, or None when it is not one of ours."""
    parts = text.strip().split("|")
    if len(parts) != 6 or parts[0] != FORMAT_VERSION:
        return None
    _, key, round_, paper, style, names = parts
    if paper not in PAPERS or style not in STYLES or not round_.isdigit() or not names.isdigit():
        return None
    return QrFields(key, int(round_), paper, style, int(names))


def style_for(candidates: Sequence[str], seats: int) -> str:
    return "strike" if len(candidates) > seats else "columns"


def ballot_layout(
    candidates: Sequence[str],
    seats: int,
    key: str,
    round_: int = 1,
    paper: str = DEFAULT_PAPER,
    style: str | None = None,
) -> BallotLayout:
    """The layout of one ballot page; LayoutError when the list cannot fit this paper."""
    if paper not in PAPERS:
        raise LayoutError(f"unknown paper {paper!r} (known: {', '.join(PAPERS)})")
    style = style or style_for(candidates, seats)
    if style not in STYLES:
        raise LayoutError(f"unknown ballot style {style!r}")
    if not candidates:
        raise LayoutError("a ballot needs at least one name")
    width, height = PAPERS[paper]
    inset, size = MARKER_INSET_MM, MARKER_MM
    markers = (
        Rect(inset, inset, size, size),
        Rect(width - inset - size, inset, size, size),
        Rect(width - inset - size, height - inset - size, size, size),
        Rect(inset, height - inset - size, size, size),
    )
    # Content spans the page between the markers' outer edges.
    left, right = inset, width - inset
    top = inset + size + MARKER_QUIET_MM
    seal = Rect(left, top, *SEAL_MM)
    header = Rect(seal.right + 2, inset, right - seal.right - 2 - size - MARKER_QUIET_MM, HEADER_MM)
    qr = Rect(right - size - MARKER_QUIET_MM - QR_MM, height - inset - QR_MM, QR_MM, QR_MM)
    footer = Rect(
        left + size + MARKER_QUIET_MM, qr.y, qr.x - left - size - 2 * MARKER_QUIET_MM, QR_MM
    )
    table_top = inset + HEADER_MM + 3
    table_room = qr.y - 3 - table_top - TABLE_HEAD_MM
    columns, row_mm = _grid(len(candidates), table_room, style, paper)
    per_column = math.ceil(len(candidates) / columns)
    table_width = right - left
    column_width = table_width / columns
    rows = []
    for i, name in enumerate(candidates):
        col, r = divmod(i, per_column)
        x = left + col * column_width
        y = table_top + TABLE_HEAD_MM + r * row_mm
        number_box = Rect(x, y, NUMBER_COL_MM, row_mm)
        if style == "strike":
            name_box = Rect(x + NUMBER_COL_MM, y, column_width - NUMBER_COL_MM, row_mm)
            rows.append(Row(i + 1, name, number_box, name_box))
        else:
            name_w = column_width - NUMBER_COL_MM - 2 * BOX_COL_MM
            name_box = Rect(x + NUMBER_COL_MM, y, name_w, row_mm)
            agree = Rect(name_box.right, y, BOX_COL_MM, row_mm)
            disagree = Rect(agree.right, y, BOX_COL_MM, row_mm)
            rows.append(Row(i + 1, name, number_box, name_box, agree, disagree))
    table = Rect(left, table_top, table_width, TABLE_HEAD_MM + per_column * row_mm)
    name_pt = name_size_pt(paper, columns, row_mm)
    return BallotLayout(
        election_key=key,
        round=round_,
        paper=paper,
        style=style,
        width_mm=width,
        height_mm=height,
        markers=markers,
        qr=qr,
        seal=seal,
        header=header,
        table=table,
        rows=tuple(rows),
        table_columns=columns,
        row_mm=row_mm,
        footer=footer,
        name_pt=name_pt,
    )


def name_size_pt(paper: str, columns: int, row_mm: float) -> float:
    """The printed size of the names: as large as the paper and the row allow (party-documents.md
    §7.2 asks for 14 pt where there is room); the printer shrinks a name that would overflow."""
    size = {"A4": 14.0, "A5": 12.0}.get(paper, 12.0)
    if columns > 1:
        size -= 2.0 if paper == "A4" else 1.0
    if row_mm < 8.0:
        size = min(size, 11.0)
    return size


def _grid(n: int, room: float, style: str, paper: str) -> tuple[int, float]:
    """Rows of at least 8 mm in the fewest table columns; failing that, shorter rows down to the
    6 mm reading floor; failing that, LayoutError."""
    column_choices = list(range(1, MAX_TABLE_COLUMNS + 1)) if style == "strike" else [1]
    tall = [h for h in ROW_HEIGHTS_MM if h >= 8.0]
    short = [h for h in ROW_HEIGHTS_MM if h < 8.0]
    tries = [(c, h) for h in tall for c in column_choices]
    tries += [(c, h) for h in short for c in column_choices]
    for columns, row_mm in tries:
        if math.ceil(n / columns) * row_mm <= room + 1e-9:
            return columns, row_mm
    capacity = int(room // ROW_HEIGHTS_MM[-1]) * max(column_choices)
    hint = "print on A4" if paper == "A5" else "the list is too long for one page"
    raise LayoutError(f"{n} names do not fit one {paper} ballot (at most {capacity}); {hint}")
