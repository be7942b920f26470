"""How a marked ballot reaches the reader: a flatbed/ADF scan or a phone photo.

Part of the synthetic-ballot generator (`synthetic.py`). Takes the marked page raster (RGB,
high resolution) and returns the captured image (RGB) with the parameters used, all drawn from
the ballot's random generator so a seed reproduces the image exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

Rng = np.random.Generator


@dataclass(frozen=True)
class Profile:
    name: str
    kind: str  # "scan" or "phone"
    dpi: int = 200  # scans: output resolution
    long_side: tuple[int, int] = (1200, 1600)  # phone: pixels on the long side of the photo


PROFILES = {
    "scan200": Profile("scan200", "scan", dpi=200),
    "scan150": Profile("scan150", "scan", dpi=150),
    "phone": Profile("phone", "phone"),
}


def capture(
    page: np.ndarray,
    px_per_mm: float,
    profile: Profile,
    rng: Rng,
    size_mm: tuple[float, float] | None = None,
) -> tuple[np.ndarray, dict[str, Any]]:
    """`size_mm` (width, height): the paper, when the raster is a pixel larger by rounding."""
    if profile.kind == "scan":
        return scan(page, px_per_mm, profile.dpi, rng, size_mm)
    return photo(page, px_per_mm, profile.long_side, rng)


def _noise_blur_tone(
    img: np.ndarray, rng: Rng, blur: float, noise: float, gain: Any = 1.0, offset: float = 0.0
) -> np.ndarray:
    """Tone (out = in × gain + offset, per channel), optical blur, then sensor noise: grain per
    pixel, colour noise coarser, as a camera's or scanner's JPEG pipeline leaves it."""
    out = img.astype(np.float32)
    out *= np.asarray(gain, np.float32)
    out += np.float32(offset)
    if blur > 0:
        out = np.asarray(cv2.GaussianBlur(out, (0, 0), blur), np.float32)
    if noise > 0:
        h, w = out.shape[:2]
        grain = rng.standard_normal((h, w), dtype=np.float32) * np.float32(noise)
        out += grain[..., None]
        chroma = rng.standard_normal((h // 4 + 1, w // 4 + 1, 3), dtype=np.float32)
        out += cv2.resize(chroma, (w, h), interpolation=cv2.INTER_LINEAR) * np.float32(noise * 0.4)
    return np.clip(out, 0, 255).astype(np.uint8)


def scan(
    page: np.ndarray,
    px_per_mm: float,
    dpi: int,
    rng: Rng,
    size_mm: tuple[float, float] | None = None,
) -> tuple[np.ndarray, dict[str, Any]]:
    """A sheet fed slightly askew: rotation ±3°, shift ±4 mm, scale 0.98–1.02, the scanner's
    tone curve and colour, optical blur, sensor noise. The output frame is the page size at
    `dpi`; what falls outside the sheet is the scanner's backing (white, sometimes dark)."""
    out_ppm = dpi / 25.4
    w_mm, h_mm = size_mm or (page.shape[1] / px_per_mm, page.shape[0] / px_per_mm)
    out_w, out_h = int(round(w_mm * out_ppm)), int(round(h_mm * out_ppm))
    angle = float(rng.uniform(-3, 3))
    scale = float(rng.uniform(0.98, 1.02))
    shift = rng.uniform(-4, 4, size=2)
    small = cv2.resize(page, (out_w, out_h), interpolation=cv2.INTER_AREA)
    m = np.asarray(cv2.getRotationMatrix2D((out_w / 2, out_h / 2), angle, scale), np.float64)
    m[:, 2] += shift * out_ppm
    backing = (245, 245, 242) if rng.random() < 0.88 else (40, 40, 42)
    img = cv2.warpAffine(
        small,
        m,
        (out_w, out_h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=backing,
    )
    # Tone: paper white 228–252, ink black lifted a little, a faint colour cast.
    white = rng.uniform(228, 252)
    black = rng.uniform(0, 28)
    cast = rng.uniform(0.97, 1.0, size=3)
    blur = float(rng.uniform(0.3, 0.9))
    noise = float(rng.uniform(1.5, 4.0))
    img = _noise_blur_tone(img, rng, blur, noise, cast * (white - black) / 255.0, black)
    return img, {
        "dpi": dpi,
        "rotation_deg": round(angle, 3),
        "scale": round(scale, 4),
        "shift_mm": [round(float(s), 2) for s in shift],
        "backing": "white" if backing[0] > 128 else "dark",
        "blur_px": round(blur, 2),
        "noise": round(noise, 2),
    }


def _desk(h: int, w: int, rng: Rng) -> tuple[np.ndarray, str]:
    """A table top: wood grain, a plain laminate, or a dark cloth."""
    kind = str(rng.choice(["wood", "laminate", "cloth"], p=[0.5, 0.3, 0.2]))
    if kind == "wood":
        base = np.array(rng.choice([[150, 105, 70], [120, 80, 50], [185, 150, 110]]), np.float32)
        grain = rng.normal(0, 1, size=(h // 8 + 1, 4)).astype(np.float32)
        grain = np.asarray(cv2.resize(grain, (w, h), interpolation=cv2.INTER_CUBIC), np.float32)
        streaks = cv2.resize(rng.normal(0, 1, size=(h // 2 + 1, 12)).astype(np.float32), (w, h))
        field = 1 + 0.08 * grain + 0.05 * streaks
    elif kind == "laminate":
        base = np.array(rng.choice([[200, 200, 195], [160, 165, 170], [215, 205, 185]]), np.float32)
        field = 1 + 0.02 * cv2.resize(
            rng.normal(0, 1, (h // 20 + 1, w // 20 + 1)).astype(np.float32), (w, h)
        )
    else:
        base = np.array(rng.choice([[40, 60, 110], [35, 90, 50], [90, 30, 35]]), np.float32)
        field = 1 + 0.1 * rng.normal(0, 1, (h, w)).astype(np.float32)
    return np.clip(base[None, None, :] * field[..., None], 0, 255).astype(np.uint8), kind


def photo(
    page: np.ndarray, px_per_mm: float, long_side_range: tuple[int, int], rng: Rng
) -> tuple[np.ndarray, dict[str, Any]]:
    """A phone photo of the ballot lying on a desk: perspective, uneven light and a shadow,
    white balance, defocus or motion blur, noise, at 1200–1600 px on the long side."""
    long_side = int(rng.integers(long_side_range[0], long_side_range[1] + 1))
    ph, pw = page.shape[:2]
    portrait = ph >= pw
    out_h, out_w = (long_side, long_side * 3 // 4) if portrait else (long_side * 3 // 4, long_side)
    fill = float(rng.uniform(0.72, 0.92))  # share of the frame the page spans
    k = min(out_w * fill / pw, out_h * fill / ph)
    small = cv2.resize(
        page, (max(8, int(pw * k)), max(8, int(ph * k))), interpolation=cv2.INTER_AREA
    )
    sh, sw = small.shape[:2]
    src = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    cx = out_w / 2 + rng.uniform(-0.05, 0.05) * out_w
    cy = out_h / 2 + rng.uniform(-0.05, 0.05) * out_h
    rot = math.radians(rng.uniform(-8, 8))
    base = np.array(
        [[-sw / 2, -sh / 2], [sw / 2, -sh / 2], [sw / 2, sh / 2], [-sw / 2, sh / 2]], np.float32
    )
    # Perspective: the edge nearer the camera looks longer (tilt), plus hand wobble per corner.
    tilt_y = rng.uniform(-0.12, 0.12)
    tilt_x = rng.uniform(-0.08, 0.08)
    dst = base.copy()
    dst[:, 0] *= 1 + tilt_y * np.sign(base[:, 1])
    dst[:, 1] *= 1 + tilt_x * np.sign(base[:, 0])
    dst += rng.uniform(-0.025, 0.025, size=(4, 2)).astype(np.float32) * [sw, sh]
    c, s = math.cos(rot), math.sin(rot)
    dst = dst @ np.array([[c, s], [-s, c]], np.float32)
    # The person taking the photo keeps the whole sheet in the frame (a margin of 2 %).
    room = np.array([out_w, out_h], np.float32) * 0.48
    reach = np.abs(dst).max(axis=0)
    dst *= min(1.0, float((room / reach).min()))
    centre = np.array([cx, cy], np.float32)
    slack = room - np.abs(dst).max(axis=0)
    centre = np.clip(
        centre,
        [out_w / 2 - slack[0], out_h / 2 - slack[1]],
        [out_w / 2 + slack[0], out_h / 2 + slack[1]],
    )
    dst = dst + centre.astype(np.float32)
    hmat = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    desk, desk_kind = _desk(out_h, out_w, rng)
    warped = cv2.warpPerspective(small, hmat, (out_w, out_h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(
        np.full((sh, sw), 255, np.uint8), hmat, (out_w, out_h), flags=cv2.INTER_LINEAR
    )
    a = (mask.astype(np.float32) / 255.0)[..., None]
    img = warped.astype(np.float32) * a + desk.astype(np.float32) * (1 - a)
    light, light_info = _illumination(out_h, out_w, rng)
    balance = np.array([1.0, rng.uniform(0.94, 1.0), rng.uniform(0.82, 1.0)], np.float32)
    if rng.random() < 0.3:
        balance = balance[::-1].copy()  # a cool light instead of a warm one
    img *= light[..., None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    gain = balance * rng.uniform(0.9, 1.05)
    blur_kind = str(rng.choice(["defocus", "motion", "sharp"], p=[0.5, 0.3, 0.2]))
    blur = 0.0
    if blur_kind == "motion":
        length = float(rng.uniform(2.0, 4.5))
        img = _motion_blur(img, length, float(rng.uniform(0, 180)))
        blur = length
    elif blur_kind == "defocus":
        blur = float(rng.uniform(0.5, 1.3))
    noise = float(rng.uniform(2.0, 6.0))
    img = _noise_blur_tone(img, rng, blur if blur_kind == "defocus" else 0.35, noise, gain)
    return img, {
        "size": [out_w, out_h],
        "page_px_per_mm": round(k * px_per_mm, 3),
        "corners_px": [[round(float(x), 1), round(float(y), 1)] for x, y in dst],
        "desk": desk_kind,
        "light": light_info,
        "blur": blur_kind,
        "blur_px": round(blur, 2),
        "noise": round(noise, 2),
    }


def _illumination(h: int, w: int, rng: Rng) -> tuple[np.ndarray, dict[str, Any]]:
    """Light falling across the desk (a gradient and vignetting) and, often, the soft shadow
    of the phone or a hand. Computed at 1/8 scale: light varies slowly."""
    full_h, full_w = h, w
    h, w = h // 8 + 1, w // 8 + 1
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (xx / w - 0.5) * math.cos(angle) + (yy / h - 0.5) * math.sin(angle)
    depth = float(rng.uniform(0.1, 0.35))
    light = 1 - depth * (ramp + 0.5)
    r2 = ((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2
    light *= 1 - rng.uniform(0.0, 0.25) * r2 * 2
    info: dict[str, Any] = {"gradient": round(depth, 3)}
    if rng.random() < 0.5:
        shadow = np.zeros((h, w), np.float32)
        pts = np.array(
            [[rng.uniform(-0.2, 1.2) * w, rng.uniform(-0.2, 1.2) * h] for _ in range(4)], np.int32
        )
        cv2.fillConvexPoly(shadow, cv2.convexHull(pts), 1.0)
        soft = max(0.6, w * rng.uniform(0.02, 0.06))
        shadow = np.asarray(cv2.GaussianBlur(shadow, (0, 0), soft), np.float32)
        strength = float(rng.uniform(0.2, 0.45))
        light *= 1 - strength * shadow
        info["shadow"] = round(strength, 3)
    return cv2.resize(light, (full_w, full_h), interpolation=cv2.INTER_LINEAR), info


def _motion_blur(img: np.ndarray, length: float, angle_deg: float) -> np.ndarray:
    size = int(math.ceil(length)) | 1
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    dx, dy = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    for t in np.linspace(-length / 2, length / 2, size * 4):
        kernel[int(round(c + t * dy)), int(round(c + t * dx))] += 1
    kernel /= kernel.sum()
    return cv2.filter2D(img, -1, kernel)


def encode(
    rgb: np.ndarray, fmt: str, rng: Rng, quality: tuple[int, int]
) -> tuple[bytes, dict[str, Any]]:
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    if fmt == "png":
        ok, buf = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, 3])
        info: dict[str, Any] = {"format": "png"}
    else:
        q = int(rng.integers(quality[0], quality[1] + 1))
        ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, q])
        info = {"format": "jpeg", "quality": q}
    if not ok:
        raise ValueError(f"could not encode the image as {fmt}")
    return buf.tobytes(), info
