"""Small, fast fake scans and photos of marked ballots for the reader's tests (the synth helper's
generator in daihoi/scanning/synthetic.py is the official one; this one keeps the unit tests
independent and quick).

Marks are drawn in page millimetres on a page raster, with a subtractive ink model (ink over
black print stays black), then the page goes through a scanner or a phone camera.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from daihoi.printing.ballot_layout import BallotLayout, Row
from daihoi.scanning.template import BallotTemplate

STRUCK_KINDS = ("straight", "wavy", "double", "cross", "scribble", "zigzag")
KEPT_KINDS = ("none", "underline", "tick", "dot")
PENS = {
    "blue": (170, 60, 20),
    "black": (40, 40, 40),
    "violet": (140, 40, 90),
    "red": (40, 40, 190),
}


@dataclass(frozen=True)
class Pen:
    colour: tuple[int, int, int] = PENS["blue"]
    width_mm: float = 0.45
    strength: float = 0.9  # 1 = full ink, lower = faint


def page_raster(pdf: bytes, px_per_mm: float) -> np.ndarray:
    """The printed page (first page of the ballot PDF), BGR uint8."""
    import cv2
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        grey = document[0].render(scale=px_per_mm * 25.4 / 72, grayscale=True).to_numpy().copy()
    finally:
        document.close()
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def stamp(page: np.ndarray, layout: BallotLayout, px_per_mm: float) -> None:
    """The convening committee's red seal over the seal area: two rings and a star."""
    import cv2

    s = px_per_mm
    seal = layout.seal
    centre = (round((seal.x + seal.w / 2) * s), round((seal.y + seal.h / 2) * s))
    layer = np.zeros(page.shape[:2], np.float32)
    cv2.circle(layer, centre, round(15 * s), 1.0, max(1, round(0.6 * s)), cv2.LINE_AA)
    cv2.circle(layer, centre, round(10 * s), 1.0, max(1, round(0.4 * s)), cv2.LINE_AA)
    star = [
        (
            centre[0] + (4 if k % 2 == 0 else 1.6) * s * math.cos(-math.pi / 2 + k * math.pi / 5),
            centre[1] + (4 if k % 2 == 0 else 1.6) * s * math.sin(-math.pi / 2 + k * math.pi / 5),
        )
        for k in range(10)
    ]
    cv2.fillPoly(layer, [np.array(star, np.int32)], 1.0, cv2.LINE_AA)
    Marker(page, px_per_mm, np.random.default_rng(0)).apply(layer * 0.7, Pen(PENS["red"]))


class Marker:
    """Draws pen marks on a page raster (BGR uint8, modified in place)."""

    def __init__(self, page: np.ndarray, px_per_mm: float, rng: np.random.Generator) -> None:
        self.page = page
        self.s = px_per_mm
        self.rng = rng
        self.ink = np.zeros(page.shape[:2], np.float32)
        self.pen = Pen()

    def stroke(self, points_mm: list[tuple[float, float]], pen: Pen | None = None) -> None:
        import cv2

        pen = pen or self.pen
        layer = np.zeros_like(self.ink)
        pts = (np.array(points_mm) * self.s * 16).round().astype(np.int32).reshape(-1, 1, 2)
        thickness = max(1, round(pen.width_mm * self.s))
        cv2.polylines(layer, [pts], False, 1.0, thickness, cv2.LINE_AA, shift=4)
        self.apply(layer * pen.strength, pen)

    def apply(self, alpha: np.ndarray, pen: Pen) -> None:
        colour = np.array(pen.colour, np.float32) / 255.0
        absorb = alpha[:, :, None] * (1.0 - colour[None, None, :])
        self.page[:] = (self.page.astype(np.float32) * (1.0 - absorb)).clip(0, 255).astype(np.uint8)

    def mark_row(self, template: BallotTemplate, number: int, kind: str) -> None:
        """kind over row `number` (1-based), placed from where the template says the name is."""
        row = template.layout.rows[number - 1]
        t = template.rows[number - 1]
        px = template.px_per_mm
        self.mark(row, kind, (t.text.x0 / px, t.text.x1 / px, t.band[0] / px, t.band[1] / px))

    def mark(self, row: Row, kind: str, band_mm: tuple[float, float, float, float]) -> None:
        """kind over the printed name whose ink spans band_mm = (x0, x1, top, baseline) mm."""
        x0, x1, top, base = band_mm
        rng = self.rng
        mid = (top + base) / 2 + rng.uniform(-0.25, 0.25) * (base - top)
        over = rng.uniform(0.5, 3.0)
        left, right = x0 - over, x1 + rng.uniform(0.5, 3.0)
        tilt = rng.uniform(-0.35, 0.35) * (base - top)
        if kind == "straight":
            self.stroke([(left, mid - tilt), (right, mid + tilt)])
        elif kind == "wavy":
            xs = np.linspace(left, right, 60)
            amp, period = rng.uniform(0.3, 0.9), rng.uniform(3, 8)
            self.stroke([(x, mid + amp * math.sin(x / period * 2 * math.pi)) for x in xs])
        elif kind == "double":
            gap = rng.uniform(0.5, 1.2)
            self.stroke([(left, mid - gap - tilt), (right, mid - gap + tilt)])
            self.stroke([(left, mid + gap - tilt), (right, mid + gap + tilt)])
        elif kind == "cross":
            self.stroke([(left, top - 0.5), (right, base + 0.5)])
            self.stroke([(left, base + 0.5), (right, top - 0.5)])
        elif kind == "zigzag":
            xs = np.linspace(left, right, int((right - left) / 2.5) + 2)
            self.stroke([(x, top if i % 2 else base) for i, x in enumerate(xs)])
        elif kind == "scribble":
            xs = np.linspace(left, right, 120)
            ys = mid + (base - top) * 0.45 * np.sin(xs * rng.uniform(1.5, 3.0))
            self.stroke(list(zip(xs, ys, strict=True)))
        elif kind == "partial":
            share = rng.uniform(0.25, 0.6)
            start = left if rng.random() < 0.5 else right - share * (right - left)
            self.stroke([(start, mid), (start + share * (right - left), mid)])
        elif kind == "underline":
            y = base + rng.uniform(0.9, 1.8)
            self.stroke([(left, y - tilt / 3), (right, y + tilt / 3)])
        elif kind == "tick":
            x = row.name_box.right - rng.uniform(6, 12)
            y = row.name_box.y + row.name_box.h / 2
            self.stroke([(x, y), (x + 1.2, y + 1.5), (x + 3.5, y - 2.5)])
        elif kind == "dot":
            x = rng.uniform(row.name_box.x + 2, row.name_box.right - 2)
            y = row.name_box.y + rng.uniform(1.5, row.name_box.h - 1.5)
            self.stroke([(x, y), (x + 0.2, y + 0.1)], Pen(self.pen.colour, 0.8, 0.9))
        elif kind != "none":
            raise ValueError(kind)


def scan(
    page: np.ndarray,
    px_per_mm: float,
    rng: np.random.Generator,
    *,
    dpi: float = 200,
    angle: float | None = None,
    shift_mm: tuple[float, float] | None = None,
    scale: float | None = None,
    upside_down: bool = False,
    grey: bool = False,
    fmt: str = ".jpg",
) -> bytes:
    """A flatbed/ADF scan of the page: small rotation, shift and scale, blur, noise, JPEG."""
    import cv2

    out_s = dpi / 25.4
    h_mm, w_mm = page.shape[0] / px_per_mm, page.shape[1] / px_per_mm
    size = (round(w_mm * out_s), round(h_mm * out_s))
    angle = rng.uniform(-2.5, 2.5) if angle is None else angle
    dx, dy = shift_mm if shift_mm is not None else rng.uniform(-3, 3, 2)
    scale = rng.uniform(0.985, 1.015) if scale is None else scale
    k = out_s / px_per_mm * scale
    centre = (page.shape[1] / 2, page.shape[0] / 2)
    matrix = cv2.getRotationMatrix2D(centre, angle + (180 if upside_down else 0), k)
    matrix[0, 2] += size[0] / 2 - centre[0] + dx * out_s
    matrix[1, 2] += size[1] / 2 - centre[1] + dy * out_s
    image = cv2.warpAffine(page, matrix, size, flags=cv2.INTER_AREA, borderValue=(250, 250, 250))
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.4, 0.8))
    image = image.astype(np.float32) * rng.uniform(0.92, 1.0) + rng.normal(0, 3, image.shape)
    image = image.clip(0, 255).astype(np.uint8)
    if grey:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    params = [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(75, 95))] if fmt == ".jpg" else []
    return bytes(cv2.imencode(fmt, image, params)[1])


def photo(
    page: np.ndarray, px_per_mm: float, rng: np.random.Generator, tilt: float = 0.12
) -> bytes:
    """A phone photo: perspective, a desk around the page, uneven light, blur, JPEG."""
    import cv2

    out = (2400, 3200)
    h, w = page.shape[:2]
    fill = rng.uniform(0.72, 0.9)
    scale = min(out[0] / w, out[1] / h) * fill
    cx, cy = out[0] / 2 + rng.uniform(-100, 100), out[1] / 2 + rng.uniform(-100, 100)
    corners = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    theta = math.radians(rng.uniform(-8, 8))
    rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    dst = corners @ rot.T * scale + [cx, cy]
    dst += rng.uniform(-tilt, tilt, (4, 2)) * scale * np.array([w, h]) / 4
    matrix = cv2.getPerspectiveTransform(
        np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32), dst.astype(np.float32)
    )
    image = cv2.warpPerspective(
        page, matrix, out, flags=cv2.INTER_LINEAR, borderValue=(90, 110, 130)
    )
    yy, xx = np.mgrid[0 : out[1], 0 : out[0]].astype(np.float32)
    gx, gy = rng.uniform(-1, 1, 2)
    light = 0.85 + 0.15 * (gx * (xx / out[0] - 0.5) + gy * (yy / out[1] - 0.5)) * 2
    image = image.astype(np.float32) * light[:, :, None] * rng.uniform(0.75, 0.95)
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.6, 1.4))
    image = (image + rng.normal(0, 4, image.shape)).clip(0, 255).astype(np.uint8)
    return bytes(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])[1])
