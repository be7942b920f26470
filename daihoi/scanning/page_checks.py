"""Whole-page checks beside the rows, on a coarse 3 px/mm copy of the page (cheap, and plenty
for areas of ink):
* is the convening committee's seal there (an unstamped ballot is invalid)?
* has someone written on the ballot outside the list ("ghi thêm nội dung khác" makes it
  invalid — a person decides)?
* does a fold cross the page? A crease is a faint straight line right across the sheet; where
  it crosses a name only dark ink may count as a strike (the Windham, NH scanners read folds
  as votes). It shows in the empty margins left and right of the list, at the same height.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from daihoi.printing.ballot_layout import BallotLayout, Rect

from .align import PageFit, outside_image, warp
from .evidence import darkness
from .template import COARSE_PX_PER_MM as PAGE_PX_PER_MM
from .template import BallotTemplate

OUTSIDE_INK = 0.18
OUTSIDE_MIN_PIECE_PX = 6  # 0.7 mm² at 3 px/mm
OUTSIDE_MAX_MM2 = 3.0  # more new ink than this outside the rows: writing, a person looks
SEAL_INK = 0.15
SEAL_MIN_MM2 = 25.0  # a round seal leaves ~100 mm² of ink; a stray tick ~3 mm²
SEAL_REACH_MM = 21.0  # seals are 30–36 mm across, centred on the seal area
CREASE_MIN = 0.02  # darkness of a fold line in a margin row; paper noise stays under ~0.017
CREASE_SLANT_MM = 4.0  # the two margins' heights of one fold differ by at most this


@dataclass(frozen=True)
class PageMarks:
    outside_mm2: float  # new ink outside the rows, the seal and the printed marks
    seal_mm2: float  # ink where the seal goes
    creases: tuple[tuple[float, float, float, float], ...]  # folds: (x0, y0, x1, y1) in mm

    def creases_through(
        self, x0: float, x1: float, y0: float, y1: float
    ) -> tuple[tuple[float, float, float, float], ...]:
        """The folds passing through the page rectangle [x0, x1] × [y0, y1] (mm)."""
        out = []
        for ax, ay, bx, by in self.creases:
            ya = ay + (by - ay) * (x0 - ax) / (bx - ax)
            yb = ay + (by - ay) * (x1 - ax) / (bx - ax)
            if max(ya, yb) >= y0 and min(ya, yb) <= y1:
                out.append((ax, ay, bx, by))
        return tuple(out)


def page_marks(grey: np.ndarray, fit: PageFit, template: BallotTemplate) -> PageMarks:
    """Ink areas of a grey page image."""
    import cv2

    layout = template.layout
    page = Rect(0, 0, layout.width_mm, layout.height_mm)
    warped = warp(grey, fit, template.px_per_mm, page, PAGE_PX_PER_MM)
    paper = cv2.blur(cv2.dilate(warped, np.ones((9, 9), np.uint8)), (21, 21))
    dark = darkness(warped, paper)
    explained = template.derived("explained coarse", lambda: _explained(template))
    new = dark - explained
    seal_zone, outside_zone = _zones(layout, new.shape)
    missing = outside_image(grey.shape, fit, template.px_per_mm, page, PAGE_PX_PER_MM)
    if missing.any():  # the page runs out of the photo: judge only what is well inside
        missing = cv2.dilate(missing.astype(np.uint8), np.ones((13, 13), np.uint8)) > 0
        outside_zone = outside_zone & ~missing
    px_mm2 = 1 / PAGE_PX_PER_MM**2
    seal = float(((new >= SEAL_INK) & seal_zone).sum()) * px_mm2
    outside = ((new >= OUTSIDE_INK) & outside_zone).astype(np.uint8)
    # Specks of noise and JPEG blocks are not writing: only pieces of some size count (a thin
    # pen line survives, an opening would erase it).
    writing = float(_pieces_px(outside)) * px_mm2
    creases = _creases(new, missing, layout)
    return PageMarks(writing, seal, creases)


def _explained(template: BallotTemplate) -> np.ndarray:
    """The coarse print, grown by 2 px: darkness there may be the print's (misfit, blur)."""
    import cv2

    return cv2.dilate(template.coarse, np.ones((5, 5), np.uint8))


def _pieces_px(mask: np.ndarray) -> int:
    """Pixels of the pieces of at least OUTSIDE_MIN_PIECE_PX in a 0/1 mask. Labelled within
    the box round the set pixels only: the same pieces, and most pages have few or none."""
    import cv2

    x, y, w, h = cv2.boundingRect(mask)
    if w == 0 or h == 0:
        return 0
    count, _, stats, _ = cv2.connectedComponentsWithStats(
        mask[y : y + h, x : x + w], connectivity=8
    )
    areas = stats[1:count, cv2.CC_STAT_AREA]
    return int(areas[areas >= OUTSIDE_MIN_PIECE_PX].sum())


def _creases(
    new: np.ndarray, missing: np.ndarray, layout: BallotLayout
) -> tuple[tuple[float, float, float, float], ...]:
    """Horizontal folds seen in both side margins at about the same height."""
    import cv2

    s = PAGE_PX_PER_MM
    strips = ((3.0, layout.table.x - 1.5), (layout.table.right + 1.5, layout.width_mm - 3.0))
    profiles = []
    for xa, xb in strips:
        cols = slice(int(xa * s), int(xb * s))
        valid = ~missing[:, cols]
        mean = (new[:, cols] * valid).sum(axis=1) / np.maximum(valid.sum(axis=1), 1)
        mean[valid.sum(axis=1) < 0.5 * (cols.stop - cols.start)] = 0.0
        trend = cv2.blur(mean.reshape(-1, 1).astype(np.float32), (1, 31)).ravel()
        profiles.append(mean - trend)
    left, right = profiles
    top, bottom = int((layout.table.y - 3) * s), int((layout.table.bottom + 3) * s)
    reach = int(CREASE_SLANT_MM * s)
    found: list[tuple[float, float, float, float]] = []
    for y in np.argsort(left[top:bottom])[::-1] + top:
        if left[y] < CREASE_MIN:
            break
        lo, hi = max(0, y - reach), min(len(right), y + reach + 1)
        yr = lo + int(np.argmax(right[lo:hi]))
        if right[yr] < CREASE_MIN or any(abs(y / s - f[1]) < 3.0 for f in found):
            continue
        xl = sum(strips[0]) / 2
        xr = sum(strips[1]) / 2
        found.append((xl, (y + 0.5) / s, xr, (yr + 0.5) / s))
        if len(found) == 3:
            break
    return tuple(found)


_ZONES: dict[tuple[str, str, int], tuple[np.ndarray, np.ndarray]] = {}


def _zones(layout: BallotLayout, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(seal zone, outside zone) masks at PAGE_PX_PER_MM: outside = the page minus the table,
    the seal zone, the markers and the QR code (each with a margin), and a 6 mm page edge that
    a photo's desk or a scanner's backing may fill."""
    key = (layout.election_key, layout.paper, len(layout.rows))
    if key in _ZONES:
        return _ZONES[key]
    s = PAGE_PX_PER_MM
    yy, xx = np.mgrid[0 : shape[0], 0 : shape[1]] / s
    seal = layout.seal
    cx, cy = seal.x + seal.w / 2, seal.y + seal.h / 2
    seal_zone = (xx - cx) ** 2 + (yy - cy) ** 2 <= SEAL_REACH_MM**2
    outside = ~seal_zone
    edge = 6.0
    outside &= (
        (xx > edge) & (xx < layout.width_mm - edge) & (yy > edge) & (yy < layout.height_mm - edge)
    )
    for rect, margin in [(layout.table, 1.5), (layout.qr, 2.0)] + [
        (m, 2.0) for m in layout.markers
    ]:
        outside &= ~(
            (xx > rect.x - margin)
            & (xx < rect.right + margin)
            & (yy > rect.y - margin)
            & (yy < rect.bottom + margin)
        )
    _ZONES[key] = (seal_zone, outside)
    return seal_zone, outside
