"""A voter's pen on a rasterized ballot page: strokes, ticks, distractors, the seal and folds.

Part of the synthetic-ballot generator (`synthetic.py`), written independently of the reader:
nothing here knows how the reader scores a row. Shapes are built in millimetres on the page
(paths of points with a pen pressure per point) and drawn on the page raster by subtractive
compositing, so two strokes darken where they cross, as ink does.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import cv2
import numpy as np

Rng = np.random.Generator
Path = tuple[np.ndarray, np.ndarray]  # (N×2 points in mm, N pressures 0..1)

INK_RGB = {
    "blue": (25, 55, 165),
    "black": (35, 35, 45),
    "red": (195, 35, 45),
    "violet": (95, 45, 150),
}
SEAL_RGB = (205, 40, 55)
CREASE_RGB = (110, 110, 110)
_SUBPIXEL = 4  # cv2 fixed-point bits: strokes are placed to 1/16 px
STEP_MM = 0.5  # distance between points along a hand-drawn path


@dataclass(frozen=True)
class Pen:
    kind: str  # "ballpoint", "felt" or "faint" (light pressure, the ball skips)
    colour: str  # a key of INK_RGB
    width_mm: float
    opacity: float  # coverage at full pressure
    skips: float  # chance per millimetre that the ball skips (a short gap)

    def as_dict(self) -> dict[str, object]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def random_pen(rng: Rng) -> Pen:
    """A pen as found in a congress hall: mostly blue ballpoints, some black, a few others."""
    kind = rng.choice(["ballpoint", "felt", "faint"], p=[0.76, 0.12, 0.12])
    if kind == "felt":
        colour = str(rng.choice(["blue", "black"], p=[0.6, 0.4]))
        return Pen(
            "felt", colour, float(rng.uniform(1.0, 1.5)), float(rng.uniform(0.85, 0.95)), 0.0
        )
    colour = str(rng.choice(["blue", "black", "violet", "red"], p=[0.6, 0.25, 0.1, 0.05]))
    width = float(rng.uniform(0.4, 0.8))
    if kind == "faint":
        return Pen(
            "faint", colour, width, float(rng.uniform(0.38, 0.55)), float(rng.uniform(0.04, 0.12))
        )
    return Pen(
        "ballpoint", colour, width, float(rng.uniform(0.75, 0.95)), float(rng.uniform(0.0, 0.02))
    )


# -- paths ------------------------------------------------------------------------------------
def _smooth_noise(rng: Rng, t: np.ndarray, amplitude: float, wavelength: float) -> np.ndarray:
    """A few random sines: the slow wander of a hand."""
    out = np.zeros_like(t)
    for k in range(3):
        lam = wavelength * rng.uniform(0.5, 1.5) / (k + 1)
        out += rng.uniform(0.3, 1.0) / (k + 1) * np.sin(2 * np.pi * t / lam + rng.uniform(0, 6.3))
    peak = float(np.max(np.abs(out))) or 1.0
    return out / peak * amplitude


def _pressure(rng: Rng, length: np.ndarray, pen: Pen) -> np.ndarray:
    """Pressure along a path: a soft start and end, slow variation, and skips for faint pens."""
    total = float(length[-1]) if len(length) else 0.0
    p = 0.88 + _smooth_noise(rng, length, 0.1, 12.0)
    p *= np.clip(0.55 + length / 1.5, 0, 1) * np.clip(0.55 + (total - length) / 1.5, 0, 1)
    if pen.skips > 0:
        # The ball skips only once it is writing: never in the first or last 3 mm, so a stroke
        # still visibly starts before the name and ends after it.
        for i in range(len(length)):
            if rng.random() < pen.skips * STEP_MM:
                gap = rng.uniform(0.3, 1.5)
                if length[i] >= 3.0 and length[i] + gap <= total - 3.0:
                    p[(length >= length[i]) & (length < length[i] + gap)] = 0.0
    return np.clip(p, 0.0, 1.0)


def hand_path(
    points: np.ndarray, rng: Rng, pen: Pen, jitter_mm: float, ruler: bool = False
) -> Path:
    """Resample a polyline every STEP_MM and add the sideways wander of a hand (none with a
    ruler, which also keeps the pressure even)."""
    pts = np.asarray(points, dtype=np.float64)
    seg = np.diff(pts, axis=0)
    seg_len = np.hypot(seg[:, 0], seg[:, 1])
    cum = np.concatenate([[0.0], np.cumsum(seg_len)])
    total = float(cum[-1])
    n = max(2, int(math.ceil(total / STEP_MM)) + 1)
    s = np.linspace(0.0, total, n)
    out = np.stack([np.interp(s, cum, pts[:, 0]), np.interp(s, cum, pts[:, 1])], axis=1)
    if not ruler and jitter_mm > 0:
        tangent = np.gradient(out, axis=0)
        norm = np.hypot(tangent[:, 0], tangent[:, 1]) + 1e-9
        normal = np.stack([-tangent[:, 1] / norm, tangent[:, 0] / norm], axis=1)
        out = out + normal * _smooth_noise(rng, s, jitter_mm, 25.0)[:, None]
    pressure = np.full(n, 0.97) if ruler else _pressure(rng, s, pen)
    if ruler and pen.skips > 0:
        pressure = np.minimum(pressure, _pressure(rng, s, pen) + 0.2)
    return out, pressure


def tick_points(cx: float, cy: float, size: float, rng: Rng) -> np.ndarray:
    """A check mark ✓ centred near (cx, cy), `size` mm tall."""
    w = size * rng.uniform(0.7, 1.0)
    return np.array(
        [
            [cx - w * 0.45, cy + size * rng.uniform(-0.05, 0.1)],
            [cx - w * 0.12, cy + size * 0.45],
            [cx + w * 0.5, cy - size * 0.5],
        ]
    )


def cross_paths(cx: float, cy: float, w: float, h: float) -> list[np.ndarray]:
    return [
        np.array([[cx - w / 2, cy - h / 2], [cx + w / 2, cy + h / 2]]),
        np.array([[cx - w / 2, cy + h / 2], [cx + w / 2, cy - h / 2]]),
    ]


def ellipse_points(cx: float, cy: float, rx: float, ry: float, rng: Rng) -> np.ndarray:
    """A hand-drawn ring: not quite closed, the end overlapping the start a little."""
    start = rng.uniform(0, 2 * np.pi)
    t = np.linspace(start, start + 2 * np.pi * rng.uniform(1.02, 1.12), 60)
    wobble = 1 + 0.06 * np.sin(3 * t + rng.uniform(0, 6))
    return np.stack([cx + rx * wobble * np.cos(t), cy + ry * wobble * np.sin(t)], axis=1)


# -- drawing ----------------------------------------------------------------------------------
class Sheet:
    """A page raster (RGB uint8) being marked, with its scale in pixels per millimetre."""

    def __init__(self, rgb: np.ndarray, px_per_mm: float) -> None:
        self.rgb = rgb
        self.ppm = px_per_mm

    def ink(
        self,
        path: Path,
        width_mm: float,
        rgb: tuple[int, int, int],
        opacity: float,
        rng: Rng,
        texture: float = 0.15,
    ) -> None:
        """Composite one stroke: coverage × opacity filters the paper by the ink colour."""
        pts_mm, pressure = path
        ppm = self.ppm
        pad = width_mm * ppm + 3
        pts = pts_mm * ppm
        h, w = self.rgb.shape[:2]
        x0 = max(0, int(pts[:, 0].min() - pad))
        y0 = max(0, int(pts[:, 1].min() - pad))
        x1 = min(w, int(pts[:, 0].max() + pad) + 1)
        y1 = min(h, int(pts[:, 1].max() + pad) + 1)
        if x1 <= x0 or y1 <= y0:
            return
        layer = np.zeros((y1 - y0, x1 - x0), np.uint8)
        fixed = np.round((pts - [x0, y0]) * (1 << _SUBPIXEL)).astype(np.int32)
        thickness = max(1, int(round(width_mm * ppm)))
        for i in range(len(fixed) - 1):
            value = int(255 * min(pressure[i], pressure[i + 1]))
            if value <= 0:
                continue
            p, q = (
                (int(fixed[i, 0]), int(fixed[i, 1])),
                (int(fixed[i + 1, 0]), int(fixed[i + 1, 1])),
            )
            cv2.line(layer, p, q, value, thickness, cv2.LINE_AA, _SUBPIXEL)
        alpha = layer.astype(np.float32) * (opacity / 255.0)
        if texture > 0:
            grain = rng.uniform(1 - texture, 1.0, size=alpha.shape).astype(np.float32)
            alpha *= cv2.GaussianBlur(grain, (3, 3), 0)
        self._composite(x0, y0, alpha, rgb)

    def _composite(self, x0: int, y0: int, alpha: np.ndarray, rgb: tuple[int, int, int]) -> None:
        y1, x1 = y0 + alpha.shape[0], x0 + alpha.shape[1]
        roi = self.rgb[y0:y1, x0:x1].astype(np.float32)
        filt = 1.0 - alpha[..., None] * (1.0 - np.asarray(rgb, np.float32) / 255.0)
        self.rgb[y0:y1, x0:x1] = np.clip(roi * filt, 0, 255).astype(np.uint8)

    def dot(
        self, cx: float, cy: float, r_mm: float, rgb: tuple[int, int, int], opacity: float
    ) -> None:
        ppm = self.ppm
        size = int(2 * r_mm * ppm + 6)
        x0, y0 = int(cx * ppm) - size // 2, int(cy * ppm) - size // 2
        layer = np.zeros((size, size), np.uint8)
        centre = (int((cx * ppm - x0) * 16), int((cy * ppm - y0) * 16))
        cv2.circle(layer, centre, int(r_mm * ppm * 16), 255, -1, cv2.LINE_AA, _SUBPIXEL)
        self._composite(x0, y0, layer.astype(np.float32) * (opacity / 255.0), rgb)


def draw_path(sheet: Sheet, path: Path, pen: Pen, rng: Rng) -> None:
    texture = 0.05 if pen.kind == "felt" else 0.2
    sheet.ink(path, pen.width_mm, INK_RGB[pen.colour], pen.opacity, rng, texture)


# -- the seal and the fold --------------------------------------------------------------------
def draw_seal(sheet: Sheet, box: tuple[float, float, float, float], rng: Rng) -> dict[str, float]:
    """The convening committee's red seal: two rings, a ring of text-like marks, a star; uneven
    ink. `box` is the seal area (x, y, w, h) in mm; the seal may spill out of it a little."""
    x, y, w, h = box
    r = rng.uniform(15.0, 18.0)  # round seals are 30–36 mm across, wider than the area
    cx = x + w / 2 + rng.uniform(-2, 2)
    cy = y + h / 2 + rng.uniform(-1.0, 2.0)
    opacity = float(rng.uniform(0.55, 0.85))
    for radius, width in ((r, 0.6), (r * 0.68, 0.35)):
        t = np.linspace(0, 2 * np.pi, 120)
        ring = np.stack([cx + radius * np.cos(t), cy + radius * np.sin(t)], axis=1)
        sheet.ink((ring, np.ones(len(ring))), width, SEAL_RGB, opacity, rng, 0.45)
    letters = int(rng.integers(18, 30))
    turn = rng.uniform(0, 2 * np.pi)
    for k in range(letters):
        a = turn + 2 * np.pi * k / letters * 0.85
        rr = r * 0.84
        dx, dy = math.cos(a), math.sin(a)
        tx, ty = -dy, dx
        glyph = np.array([[rr - 1.2, -0.5], [rr + 1.2, -0.5], [rr - 1.2, 0.5], [rr + 1.2, 0.5]])
        glyph[:, 1] *= rng.uniform(0.6, 1.4)
        pts = np.stack(
            [cx + glyph[:, 0] * dx + glyph[:, 1] * tx, cy + glyph[:, 0] * dy + glyph[:, 1] * ty], 1
        )
        sheet.ink((pts, np.ones(len(pts))), 0.3, SEAL_RGB, opacity, rng, 0.45)
    star = []
    for k in range(11):
        a = -np.pi / 2 + k * np.pi / 5
        rad = r * (0.28 if k % 2 == 0 else 0.12)
        star.append([cx + rad * math.cos(a), cy + rad * math.sin(a)])
    sheet.ink((np.array(star), np.ones(len(star))), 0.5, SEAL_RGB, opacity, rng, 0.45)
    return {
        "cx_mm": round(cx, 2),
        "cy_mm": round(cy, 2),
        "r_mm": round(r, 2),
        "opacity": round(opacity, 2),
    }


def draw_crease(sheet: Sheet, page_w: float, page_h: float, rng: Rng) -> dict[str, float]:
    """A fold across the page: a thin light-grey line with a faint shadow beside it. Ballots are
    folded in half (across the middle) far more often than anywhere else."""
    horizontal = rng.random() < 0.75
    angle = math.radians(rng.uniform(-1.0, 1.0))
    if horizontal:
        y = page_h / 2 + rng.uniform(-15, 15)
        a = np.array([-2.0, y - page_w / 2 * math.tan(angle)])
        b = np.array([page_w + 2, y + page_w / 2 * math.tan(angle)])
    else:
        x = page_w / 2 + rng.uniform(-10, 10)
        a = np.array([x - page_h / 2 * math.tan(angle), -2.0])
        b = np.array([x + page_h / 2 * math.tan(angle), page_h + 2])
    line = np.stack([np.linspace(a[0], b[0], 200), np.linspace(a[1], b[1], 200)], axis=1)
    strength = float(rng.uniform(0.08, 0.2))
    pressure = np.clip(0.7 + 0.3 * np.sin(np.linspace(0, rng.uniform(6, 20), 200)), 0, 1)
    sheet.ink((line, np.full(200, 1.0)), 1.6, CREASE_RGB, strength * 0.25, rng, 0.0)
    sheet.ink((line, pressure), float(rng.uniform(0.12, 0.25)), CREASE_RGB, strength, rng, 0.3)
    return {
        "x0_mm": round(float(a[0]), 2),
        "y0_mm": round(float(a[1]), 2),
        "x1_mm": round(float(b[0]), 2),
        "y1_mm": round(float(b[1]), 2),
        "strength": round(strength, 3),
    }
