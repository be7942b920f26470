"""Finding the ballot on a scan or a photo: the four ArUco markers give a homography from the
image to the canonical page grid.

Markers are identified by id, so a page upside down (or turned a quarter) maps like any other.
The QR code is read in `qr.py`.
Three markers are enough; with fewer, or a fit that does not close, the page is refused
rather than guessed (ballot-reading.md §3.2: reject rather than risk a misreading).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from daihoi.printing.ballot_layout import MARKER_IDS, BallotLayout, Rect

DETECT_LONG_SIDE = 800  # markers are searched on a copy this size (10 mm ≈ 27–38 px)
MAX_ERROR_MM = 0.6  # median corner error of the fit; a flat page fits within ~0.1 mm
MAX_MARKER_ERROR_MM = 1.5
MIN_PX_PER_MM = 2.8  # ~70 dpi: below this a ballpoint line is under one pixel


class AlignError(Exception):
    """The page cannot be read; `reason` is a stable code, `detail` one line for people."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class PageFit:
    homography: np.ndarray  # 3×3: full-resolution image pixels -> canonical page pixels
    markers: int  # markers used (3 or 4)
    rotation: float  # degrees the page is turned in the image (about 180 when upside down)
    error_mm: float  # median corner reprojection error
    source_px_per_mm: float  # resolution of the page in the image

    @property
    def upside_down(self) -> bool:
        return abs(self.rotation) > 135

    @cached_property
    def inverse(self) -> np.ndarray:
        """canonical page pixels -> image pixels (inverted once: every row asks for it)."""
        return np.linalg.inv(self.homography)


_LOCAL = threading.local()


def _detector():  # type: ignore[no-untyped-def]
    import cv2

    detector = getattr(_LOCAL, "aruco", None)
    if detector is None:
        params = cv2.aruco.DetectorParameters()
        params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
        params.adaptiveThreshWinSizeMin = 7  # two thresholding windows: 7 and 27 px
        params.adaptiveThreshWinSizeMax = 27
        params.adaptiveThreshWinSizeStep = 20
        dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
        detector = cv2.aruco.ArucoDetector(dictionary, params)
        _LOCAL.aruco = detector
    return detector


def find_markers(grey: np.ndarray) -> dict[int, np.ndarray]:
    """Corners (4×2, full-resolution pixels, marker's own TL, TR, BR, BL) of markers 0–3.
    Searched on a reduced copy, then on a larger one if some are missing; corners refined on
    the full image. When an id is seen twice, the larger square wins."""
    import cv2

    found: dict[int, np.ndarray] = {}
    for target in (DETECT_LONG_SIDE, 1600):
        small, scale = _reduced(grey, target)
        corners, ids, _ = _detector().detectMarkers(small)
        if ids is not None:
            for quad, marker_id in zip(corners, ids.ravel(), strict=True):
                if int(marker_id) not in MARKER_IDS:
                    continue
                quad = quad.reshape(4, 2) / scale
                known = found.get(int(marker_id))
                if known is None or cv2.arcLength(quad, True) > cv2.arcLength(known, True):
                    found[int(marker_id)] = quad
        if len(found) == 4 or scale == 1.0:
            break
    for marker_id, quad in found.items():
        found[marker_id] = _refine(grey, quad)
    return found


def _reduced(grey: np.ndarray, target: int) -> tuple[np.ndarray, float]:
    """grey reduced to about `target` pixels on its long side, and the scale: halved by
    pyramid steps first (ten times cheaper than one area resize of the whole page)."""
    import cv2

    long_side = max(grey.shape)
    if long_side <= target:
        return grey, 1.0
    small = grey
    while max(small.shape) / 2 >= target:
        small = cv2.pyrDown(small)
    scale = target / long_side
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    return cv2.resize(small, size, interpolation=cv2.INTER_AREA), scale


def _refine(grey: np.ndarray, quad: np.ndarray) -> np.ndarray:
    import cv2

    side = float(np.linalg.norm(quad[0] - quad[1]))
    win = int(max(2, min(8, side / 12)))
    points = quad.astype(np.float32).reshape(-1, 1, 2).copy()
    h, w = grey.shape
    if (
        points[:, 0, 0].min() <= win + 1
        or points[:, 0, 1].min() <= win + 1
        or points[:, 0, 0].max() >= w - win - 2
        or points[:, 0, 1].max() >= h - win - 2
    ):
        return quad.astype(np.float64)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.02)
    refined = cv2.cornerSubPix(grey, points, (win, win), (-1, -1), criteria)
    # A refinement that wandered (a pen stroke touching the marker) is not trusted.
    moved = np.linalg.norm(refined.reshape(4, 2) - quad, axis=1)
    return np.where(moved[:, None] < win, refined.reshape(4, 2), quad).astype(np.float64)


def _marker_points(rect: Rect) -> np.ndarray:
    return np.array(
        [(rect.x, rect.y), (rect.right, rect.y), (rect.right, rect.bottom), (rect.x, rect.bottom)]
    )


def fit_page(grey: np.ndarray, layout: BallotLayout, px_per_mm: float) -> PageFit:
    """The homography of this image onto the canonical page; AlignError when it cannot be
    trusted (blank_page, not_a_ballot, markers_missing, bad_geometry)."""
    markers = find_markers(grey)
    if not markers:
        if looks_blank(grey):
            raise AlignError("blank_page", "the page is blank")
        raise AlignError("not_a_ballot", "no ballot markers on the page")
    if len(markers) < 3:
        raise AlignError(
            "markers_missing", f"only {len(markers)} of the 4 corner markers are visible"
        )
    fit = _fit(markers, layout, px_per_mm)
    if fit is None:
        raise AlignError("bad_geometry", "the corner markers do not fit a flat ballot page")
    if fit.source_px_per_mm < MIN_PX_PER_MM:
        raise AlignError(
            "bad_geometry",
            f"resolution too low ({fit.source_px_per_mm * 25.4:.0f} dpi; scan at 150–300 dpi)",
        )
    return fit


def _fit(markers: dict[int, np.ndarray], layout: BallotLayout, px_per_mm: float) -> PageFit | None:
    """Fit all markers; when one of four does not agree with the others, drop it."""
    ids = sorted(markers)
    candidates = [ids] + ([[i for i in ids if i != drop] for drop in ids] if len(ids) == 4 else [])
    best: PageFit | None = None
    for use in candidates:
        fit = _fit_ids(markers, use, layout, px_per_mm)
        if fit is not None and (best is None or fit.error_mm < best.error_mm - 0.05):
            best = fit
        if best is not None and len(use) == 4 and best.error_mm < MAX_ERROR_MM / 2:
            break
    return best


def _fit_ids(
    markers: dict[int, np.ndarray], use: list[int], layout: BallotLayout, px_per_mm: float
) -> PageFit | None:
    import cv2

    src = np.concatenate([markers[i] for i in use]).astype(np.float64)
    dst_mm = np.concatenate([_marker_points(layout.markers[i]) for i in use])
    homography, _ = cv2.findHomography(src, dst_mm * px_per_mm, 0)
    if homography is None or not np.isfinite(homography).all():
        return None
    mapped = cv2.perspectiveTransform(src.reshape(-1, 1, 2), homography).reshape(-1, 2)
    errors = np.linalg.norm(mapped / px_per_mm - dst_mm, axis=1)
    if np.median(errors) > MAX_ERROR_MM or errors.max() > MAX_MARKER_ERROR_MM:
        return None
    # Orientation and resolution from the page's top edge direction and marker sizes.
    sides = [
        np.linalg.norm(q - np.roll(q, 1, axis=0), axis=1).mean() for q in (markers[i] for i in use)
    ]
    source_px_per_mm = float(np.mean(sides)) / layout.markers[0].w
    inverse = np.linalg.inv(homography)
    centre = np.array([[[layout.width_mm / 2 * px_per_mm, layout.height_mm / 2 * px_per_mm]]])
    right = centre + np.array([[[10 * px_per_mm, 0.0]]])
    a, b = (cv2.perspectiveTransform(p, inverse).reshape(2) for p in (centre, right))
    rotation = float(np.degrees(np.arctan2(b[1] - a[1], b[0] - a[0])))
    if not _convex_and_unmirrored(inverse, layout, px_per_mm):
        return None
    return PageFit(homography, len(use), rotation, float(np.median(errors)), source_px_per_mm)


def _convex_and_unmirrored(inverse: np.ndarray, layout: BallotLayout, px_per_mm: float) -> bool:
    import cv2

    w, h = layout.width_mm * px_per_mm, layout.height_mm * px_per_mm
    corners = np.array([[[0, 0]], [[w, 0]], [[w, h]], [[0, h]]], dtype=np.float64)
    quad = cv2.perspectiveTransform(corners, inverse).reshape(4, 2)
    crosses = []
    for i in range(4):
        a, b, c = quad[i], quad[(i + 1) % 4], quad[(i + 2) % 4]
        crosses.append((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]))
    return all(c > 0 for c in crosses)


def looks_blank(grey: np.ndarray) -> bool:
    """Almost no dark pixel once the paper's own shading is divided out."""
    import cv2

    small, _ = _reduced(grey, 600)
    background = cv2.blur(cv2.dilate(small, np.ones((9, 9), np.uint8)), (25, 25))
    dark = 1.0 - small.astype(np.float32) / np.maximum(background.astype(np.float32), 1)
    return float((dark > 0.3).mean()) < 0.002


def warp(
    image: np.ndarray, fit: PageFit, px_per_mm: float, region: Rect, out_px_per_mm: float
) -> np.ndarray:
    """The page region (mm) cut out of the image at out_px_per_mm, bilinear. Outside the image
    the nearest edge pixel is repeated (a white fill would make the paper next to it look
    dark); `outside_image` says where that happened."""
    import cv2

    size = (round(region.w * out_px_per_mm), round(region.h * out_px_per_mm))
    return cv2.warpPerspective(
        image,
        _to_region(fit, px_per_mm, region, out_px_per_mm),
        size,
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )


def _to_region(fit: PageFit, px_per_mm: float, region: Rect, out_px_per_mm: float) -> np.ndarray:
    s = out_px_per_mm / px_per_mm
    to_region = np.array(
        [[s, 0, -region.x * out_px_per_mm], [0, s, -region.y * out_px_per_mm], [0, 0, 1]]
    )
    return to_region @ fit.homography


def outside_image(
    shape: tuple[int, ...], fit: PageFit, px_per_mm: float, region: Rect, out_px_per_mm: float
) -> np.ndarray:
    """bool mask over the warped region: True where the page was not in the image (the
    image's outline mapped onto the region and filled: no full-size mask is warped)."""
    import cv2

    size = (round(region.w * out_px_per_mm), round(region.h * out_px_per_mm))
    h, w = shape[:2]
    # The outline, densely sampled: a homography bends straight lines only at infinity.
    t = np.linspace(0.0, 1.0, 16)[:-1]
    outline = np.concatenate(
        [
            np.stack([t * w, np.zeros_like(t)], 1),
            np.stack([np.full_like(t, w), t * h], 1),
            np.stack([(1 - t) * w, np.full_like(t, h)], 1),
            np.stack([np.zeros_like(t), (1 - t) * h], 1),
        ]
    )
    mapped = cv2.perspectiveTransform(
        outline.reshape(-1, 1, 2), _to_region(fit, px_per_mm, region, out_px_per_mm)
    )
    inside = np.zeros((size[1], size[0]), np.uint8)
    cv2.fillPoly(inside, [np.round(mapped).astype(np.int32)], 1)
    return inside == 0


def rects_in_image(
    shape: tuple[int, ...],
    fit: PageFit,
    px_per_mm: float,
    rects: list[Rect],
    margin_px: float = 2.0,
) -> list[bool]:
    """Is each page rectangle (mm) wholly inside the image? (Their corners mapped at once:
    point by point, the same values as one by one.)"""
    import cv2

    if not rects:
        return []

    corners = (
        np.array(
            [
                [[x, y]]
                for rect in rects
                for x, y in (
                    (rect.x, rect.y),
                    (rect.right, rect.y),
                    (rect.right, rect.bottom),
                    (rect.x, rect.bottom),
                )
            ],
            dtype=np.float64,
        )
        * px_per_mm
    )
    points = cv2.perspectiveTransform(corners, fit.inverse).reshape(-1, 4, 2)
    h, w = shape[:2]
    inside = (
        (points[:, :, 0] >= margin_px)
        & (points[:, :, 0] <= w - 1 - margin_px)
        & (points[:, :, 1] >= margin_px)
        & (points[:, :, 1] <= h - 1 - margin_px)
    )
    return [bool(v) for v in np.asarray(inside.all(axis=1))]
