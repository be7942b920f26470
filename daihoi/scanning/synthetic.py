"""Synthetic marked ballots with ground truth, to test and benchmark the reader.

Starts from the printed ballot PDF (the real one, from `daihoi.printing.machine_ballot`),
rasterizes it once, measures where each name is actually printed, then for every ballot draws
one voter's marks (`synthetic_voter`, `synthetic_marks`) and a capture (`synthetic_capture`:
`scan200`, `scan150`, `phone`). It shares no code or threshold with the reader: a ballot
"struck through by someone else's program". Deterministic: ballot i of (seed, profile) is the
same image on every run; `truth["ballot_seed"]` regenerates it alone (`make_ballot`).

Pure Python + numpy + OpenCV + pypdfium2; no Django.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from daihoi.printing.ballot_layout import BallotLayout, Rect
from daihoi.printing.election_paper import ElectionPaper

from .synthetic_capture import PROFILES, Profile, capture, encode
from .synthetic_marks import Sheet, draw_crease, draw_seal, random_pen
from .synthetic_voter import (
    MIXES,
    Box,
    Mix,
    PrintedRow,
    RowTruth,
    draw_writing,
    mark_columns_ballot,
    mark_strike_ballot,
    random_habits,
)

MM_PER_INCH = 25.4
RENDER_DPI = 300  # the paper before capture; every capture downsamples from it
DARK = 140  # grey level below which a pixel of the clean page counts as printed ink
JPEG_QUALITY = {"scan": (75, 95), "phone": (70, 90)}


@dataclass(frozen=True)
class SyntheticBallot:
    image: bytes
    format: str  # "jpeg" or "png"
    truth: dict[str, Any]

    @property
    def suffix(self) -> str:
        return ".png" if self.format == "png" else ".jpg"


@dataclass(frozen=True)
class PreparedPage:
    """The clean printed page at RENDER_DPI and where its rows are printed."""

    rgb: np.ndarray
    px_per_mm: float
    rows: tuple[PrintedRow, ...]
    paper: ElectionPaper
    layout: BallotLayout


def rasterize_pdf_page(pdf_bytes: bytes, dpi: int = RENDER_DPI, page: int = 0) -> np.ndarray:
    """One page of a PDF as an RGB uint8 array at `dpi`."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        bitmap = doc[page].render(scale=dpi / 72.0)
        rgb = np.array(bitmap.to_numpy(), copy=True)
        mode = bitmap.mode
    finally:
        doc.close()
    if mode == "BGRA":
        return cv2.cvtColor(rgb, cv2.COLOR_BGRA2RGB)
    if mode == "BGR":
        return cv2.cvtColor(rgb, cv2.COLOR_BGR2RGB)
    if rgb.ndim == 2:
        return cv2.cvtColor(rgb, cv2.COLOR_GRAY2RGB)
    return rgb[..., :3]


def _ink_box(
    gray: np.ndarray, r: Rect, ppm: float, inset_mm: float = 0.7
) -> tuple[Box, tuple[float, float]] | None:
    """Bounding box (mm) of the printed ink inside the cell `r`, away from its borders, and the
    band of rows that hold most of it (the letters' x-height)."""
    x0, y0 = int((r.x + inset_mm) * ppm), int((r.y + inset_mm) * ppm)
    x1, y1 = int((r.right - inset_mm) * ppm), int((r.bottom - inset_mm) * ppm)
    ink = gray[y0:y1, x0:x1] < DARK
    if not ink.any():
        return None
    ys, xs = np.nonzero(ink)
    box = Box(
        (x0 + xs.min()) / ppm,
        (y0 + ys.min()) / ppm,
        (x0 + xs.max() + 1) / ppm,
        (y0 + ys.max() + 1) / ppm,
    )
    per_row = ink.sum(axis=1)
    dense = np.nonzero(per_row >= 0.35 * per_row.max())[0]
    core = ((y0 + dense.min()) / ppm, (y0 + dense.max() + 1) / ppm)
    return box, core


def _box(r: Rect) -> Box:
    return Box(r.x, r.y, r.right, r.bottom)


def prepare_page(pdf_bytes: bytes, paper: ElectionPaper, layout: BallotLayout) -> PreparedPage:
    """Rasterize the ballot and measure every row; ValueError if the PDF is not this layout."""
    rgb = rasterize_pdf_page(pdf_bytes)
    ppm = RENDER_DPI / MM_PER_INCH
    width_mm, height_mm = rgb.shape[1] / ppm, rgb.shape[0] / ppm
    if abs(width_mm - layout.width_mm) > 1 or abs(height_mm - layout.height_mm) > 1:
        raise ValueError(
            f"the PDF page is {width_mm:.0f}×{height_mm:.0f} mm, the layout {layout.paper} "
            f"{layout.width_mm:.0f}×{layout.height_mm:.0f} mm"
        )
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    rows = []
    for row in layout.rows:
        name = _ink_box(gray, row.name_box, ppm)
        number = _ink_box(gray, row.number_box, ppm)
        if name is None or number is None:
            raise ValueError(f"row {row.number} ({row.name}) is not printed where the layout says")
        rows.append(
            PrintedRow(
                number=row.number,
                name=row.name,
                cell=_box(row.name_box),
                text=name[0],
                core=name[1],
                number_cell=_box(row.number_box),
                number_text=number[0],
                agree=_box(row.agree_box) if row.agree_box else None,
                disagree=_box(row.disagree_box) if row.disagree_box else None,
            )
        )
    return PreparedPage(rgb, ppm, tuple(rows), paper, layout)


def ballot_seed(seed: int, profile: str, index: int, election_key: str = "") -> int:
    """A 63-bit seed per ballot, stable across runs and Python versions; elections differ, so
    ballot i of two elections is not the same voter."""
    digest = hashlib.sha256(f"{seed}|{profile}|{index}|{election_key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


@dataclass
class MarkedPage:
    """The page after the voter (and the seal, and a fold), before capture."""

    rgb: np.ndarray
    scenario: str
    habits: dict[str, Any]
    rows: list[RowTruth]
    extras: dict[str, Any]


def mark_ballot(page: PreparedPage, rng: np.random.Generator, mix: Mix | None = None) -> MarkedPage:
    """Draw the seal, one voter's marks and maybe a fold on a copy of the clean page."""
    mix = mix or MIXES["realistic"]
    sheet = Sheet(page.rgb.copy(), page.px_per_mm)
    layout = page.layout
    extras: dict[str, Any] = {}
    if rng.random() < mix.seal:
        s = layout.seal
        extras["seal"] = draw_seal(sheet, (s.x, s.y, s.w, s.h), rng)
    habits = random_habits(rng, random_pen(rng), mix)
    rows = list(page.rows)
    if layout.style == "strike":
        scenario, truths = mark_strike_ballot(sheet, rows, page.paper.seats, habits, rng)
    else:
        scenario, truths = mark_columns_ballot(sheet, rows, habits, rng)
    if rng.random() < mix.writing:
        extras["writing"] = draw_writing(sheet, _free_area(page), habits, rng)
    if rng.random() < mix.crease:
        extras["crease"] = draw_crease(sheet, layout.width_mm, layout.height_mm, rng)
        crossed = _rows_crossed(extras["crease"], rows)
        if crossed:
            extras["crease"]["crosses_rows"] = crossed
    return MarkedPage(sheet.rgb, scenario, habits.as_dict(), truths, extras)


def make_ballot(
    page: PreparedPage,
    profile: str | Profile,
    seed: int,
    fmt: str = "jpeg",
    mix: str | Mix = "realistic",
) -> SyntheticBallot:
    """One marked, captured ballot and its truth, entirely determined by (page, profile, seed,
    mix)."""
    prof = PROFILES[profile] if isinstance(profile, str) else profile
    chosen = MIXES[mix] if isinstance(mix, str) else mix
    rng = np.random.default_rng(seed)
    marked = mark_ballot(page, rng, chosen)
    size_mm = (page.layout.width_mm, page.layout.height_mm)
    image, capture_info = capture(marked.rgb, page.px_per_mm, prof, rng, size_mm)
    data, encoding = encode(image, fmt, rng, JPEG_QUALITY[prof.kind])
    capture_info.update(encoding)
    truth = _truth(page, prof.name, seed, marked, capture_info)
    truth["mix"] = chosen.name
    return SyntheticBallot(data, fmt, truth)


def _free_area(page: PreparedPage) -> Box:
    """Room off the list for writing: under the table if there is some, else the footer."""
    layout = page.layout
    table, footer = layout.table, layout.footer
    if footer.y - table.bottom >= 12:
        return Box(table.x + 2, table.bottom + 3, table.right - 2, footer.y - 2)
    return Box(footer.x, footer.y + footer.h * 0.5, footer.right, footer.bottom)


def _rows_crossed(crease: dict[str, float], rows: list[PrintedRow]) -> list[int]:
    """Rows whose printed name the fold line passes through."""
    x0, y0, x1, y1 = crease["x0_mm"], crease["y0_mm"], crease["x1_mm"], crease["y1_mm"]
    out = []
    for row in rows:
        t = row.text
        if abs(x1 - x0) >= abs(y1 - y0):  # horizontal fold: its height at the name's middle
            y = y0 + (y1 - y0) * (t.cx - x0) / (x1 - x0)
            hit = t.y0 <= y <= t.y1
        else:
            x = x0 + (x1 - x0) * (t.cy - y0) / (y1 - y0)
            hit = t.x0 <= x <= t.x1
        if hit:
            out.append(row.number)
    return out


def _truth(
    page: PreparedPage, profile: str, seed: int, marked: MarkedPage, capture_info: dict[str, Any]
) -> dict[str, Any]:
    layout, paper = page.layout, page.paper
    truths, extras = marked.rows, marked.extras
    strike = layout.style == "strike"
    review_ok = []  # reasons a human look is justified (the benchmark does not count it against)
    if any(t.partial for t in truths):
        review_ok.append("partial_strike")
    if any(d in ("underline", "tick", "dot", "circle_number") for t in truths for d in t.drawn):
        review_ok.append("stray_mark")
    if "seal" not in extras:
        review_ok.append("unstamped")
    if "writing" in extras:
        review_ok.append("writing_outside_rows")
    if extras.get("crease", {}).get("crosses_rows"):
        review_ok.append("crease_across_name")
    if not strike and any(t.truth in ("both", "none") for t in truths):
        review_ok.append("both_or_none")
    kept = [t.name for t in truths if t.truth == "kept"] if strike else None
    return {
        "election_key": layout.election_key,
        "paper": layout.paper,
        "style": layout.style,
        "seats": paper.seats,
        "profile": profile,
        "ballot_seed": seed,
        "scenario": marked.scenario,
        "kept": kept,
        "struck": [t.name for t in truths if t.truth == "struck"] if strike else None,
        "partial": [t.name for t in truths if t.partial],
        "marks": None if strike else {t.name: t.truth for t in truths},
        "stamped": "seal" in extras,
        "review_ok": review_ok,
        "rows": [t.as_dict() for t in truths],
        "voter": marked.habits,
        "extras": extras,
        "capture": capture_info,
    }


def generate_ballots(
    pdf_bytes: bytes,
    paper: ElectionPaper,
    layout: BallotLayout,
    n: int,
    profile: str,
    seed: int,
    fmt: str = "jpeg",
    page: PreparedPage | None = None,
    mix: str | Mix = "realistic",
) -> Iterator[SyntheticBallot]:
    """`n` marked ballots of one election, captured as `profile` ("scan200", "scan150",
    "phone"). Ballot i's truth carries `index` and `ballot_seed`; pass `page` (from
    `prepare_page`) to skip rasterizing the same PDF again."""
    if profile not in PROFILES:
        raise ValueError(f"unknown capture profile {profile!r} (known: {', '.join(PROFILES)})")
    if isinstance(mix, str) and mix not in MIXES:
        raise ValueError(f"unknown mix {mix!r} (known: {', '.join(MIXES)})")
    prepared = page or prepare_page(pdf_bytes, paper, layout)
    for i in range(n):
        key = layout.election_key
        ballot = make_ballot(prepared, profile, ballot_seed(seed, profile, i, key), fmt, mix)
        ballot.truth.update(index=i, seed=seed)
        yield ballot
