"""Laying the template over the list precisely.

The corner markers place the page to a fraction of a millimetre on a scan, but on a blurred,
low-resolution phone photo their corners can be off by most of a millimetre, and a 3-marker fit
then tilts the list. The printed grid itself is the better ruler: each row's left and right
halves are registered on the template (grid lines and letters, ±2 mm), and a homography fitted
to those few dozen matches corrects the page's one (outliers — a row buried in ink — left out).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from daihoi.printing.ballot_layout import Rect

from .align import PageFit, warp
from .evidence import InkMaps, ink_maps, register
from .template import BallotTemplate, Box

WIDE_SEARCH_PX = 12  # first pass: ±2 mm at 6 px/mm
TABLE_MARGIN_MM = 4.5  # warped round the table: room for the wide search
REFIT_ABOVE_PX = 0.8  # refit the homography while rows are off by more than this
INLIER_PX = 1.5
REFITS = 2
MATCH_ROWS = 16  # rows matched for the refit: spread over the list, plenty for 8 unknowns


def table_maps(grey: np.ndarray, fit: PageFit, template: BallotTemplate) -> tuple[InkMaps, PageFit]:
    """The list's ink maps, from the page fit corrected on the printed grid when needed."""
    maps = _warp_table(grey, fit, template)
    for _ in range(REFITS):
        matches = _half_row_matches(maps, template)
        if len(matches) < 6:
            break
        offsets = np.array([m[1] for m in matches])
        if np.quantile(np.abs(offsets), 0.9) <= REFIT_ABOVE_PX:
            break
        corrected = _corrected(fit, matches)
        if corrected is None:
            break
        fit = corrected
        maps = _warp_table(grey, fit, template)
    return maps, fit


def _warp_table(grey: np.ndarray, fit: PageFit, template: BallotTemplate) -> InkMaps:
    px = template.px_per_mm
    table = template.layout.table
    m = TABLE_MARGIN_MM
    region = Rect(table.x - m, table.y - m, table.w + 2 * m, table.h + 2 * m)
    return ink_maps(warp(grey, fit, px, region, px), (round(region.x * px), round(region.y * px)))


def _half_row_matches(
    maps: InkMaps, template: BallotTemplate
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(template point, image offset) at the middle of each row's left and right halves."""
    s = WIDE_SEARCH_PX
    out = []
    rows = template.rows
    picked = [
        rows[i] for i in np.linspace(0, len(rows) - 1, min(len(rows), MATCH_ROWS)).astype(int)
    ]
    for row in picked:
        box = row.row
        mid = (box.x0 + box.x1) // 2
        for half in (Box(box.x0, box.y0, mid, box.y1), Box(mid, box.y0, box.x1, box.y1)):
            dx, dy = register(maps, template, half, s)
            if abs(dx) < s and abs(dy) < s:  # at the edge of the search: no match
                centre = np.array([(half.x0 + half.x1) / 2, (half.y0 + half.y1) / 2])
                out.append((centre, np.array([dx, dy])))
    return out


def _corrected(fit: PageFit, matches: list[tuple[np.ndarray, np.ndarray]]) -> PageFit | None:
    """The page fit composed with the homography that moves template points onto the image."""
    import cv2

    src = np.array([m[0] for m in matches], np.float64)
    dst = src + np.array([m[1] for m in matches])
    correction, inliers = cv2.findHomography(src, dst, cv2.RANSAC, INLIER_PX)
    if correction is None or inliers is None or inliers.sum() < max(6, 0.6 * len(matches)):
        return None
    # Least squares on the inliers: RANSAC's minimal-sample model is noisier.
    keep = inliers.ravel().astype(bool)
    refit, _ = cv2.findHomography(src[keep], dst[keep], 0)
    if refit is not None and np.isfinite(refit).all():
        correction = refit
    # image pixel -> canonical: (correction)^-1 after the marker fit.
    homography = np.linalg.inv(correction) @ fit.homography
    return replace(fit, homography=homography / homography[2, 2])
