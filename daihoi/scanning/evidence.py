"""New ink on a warped ballot: what the printed template cannot explain.

1. Background division removes shadows and uneven light: `dark = 1 - grey / paper`.
2. Each row is registered on the template by its grid lines and letters (a shift of at most
   0.7 mm, to the sub-pixel), so what is printed can be explained away precisely.
3. The image's blur (point spread) is measured per ballot on the printed row numbers and their
   cell borders (voters rarely touch them): the template blurred by it predicts the printed
   darkness, glyph edges included, so a blurred photo leaves no false ink round the letters.
4. New ink = darkness above that prediction (ink over ink only darkens: subtractive). `clear`
   marks the pixels the print does not reach at all: ink seen there cannot be a misfit of the
   letters.

Grey only, on purpose: a pen's chroma is no extra evidence. Ink is subtractive, so a ballpoint
over black print stays black, and on bare paper the grey darkness of blue, red or violet ink
exceeds its chroma (blue ballpoint: darkness 0.77, chroma 0.55 at full pressure), while JPEG
colour noise on paper is of the same order as a faint stroke's chroma.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from .template import BallotTemplate, Box, RowTemplate

SEARCH_PX = 4  # registration search, each way (0.7 mm at 6 px/mm)
# A row whose best shift lies at the edge of the search is not registered: it is doubtful.
CLEAR_BELOW = 0.08  # predicted print darkness under which a pixel is clear paper
TOO_NOISY = 0.07  # paper noise (see paper_noise) above which faint strokes drown
TOO_BLURRED_PX = 3.7  # a blur this wide (RMS radius 0.6 mm: a Gaussian of 0.45 mm) hides strokes


@dataclass(frozen=True)
class InkMaps:
    """Darkness of a warped region, in canonical pixels from `origin`."""

    dark: np.ndarray  # float32 0..1 after background division
    origin: tuple[int, int]  # canonical page pixel of dark[0, 0]


@dataclass(frozen=True)
class Psf:
    """How the image renders print: darkness ≈ offset + gain · (kernel ∗ template)."""

    kernel: np.ndarray
    gain: float
    offset: float
    name: str
    error: float  # RMS misfit on the printed numbers
    # How far the blurred print reaches over the whole warped table (with_model).
    reach: np.ndarray | None = None
    origin: tuple[int, int] = (0, 0)

    @property
    def spread_px(self) -> float:
        """The blur's size: root mean square distance of the kernel's weight from its centre."""
        k = self.kernel
        ys, xs = np.mgrid[0 : k.shape[0], 0 : k.shape[1]]
        cy, cx = (k.shape[0] - 1) / 2, (k.shape[1] - 1) / 2
        return float(np.sqrt((k * ((ys - cy) ** 2 + (xs - cx) ** 2)).sum() / k.sum()))


@dataclass(frozen=True)
class Evidence:
    ink: np.ndarray  # float32 new-ink darkness
    clear: np.ndarray  # bool: the print does not reach here
    print_share: np.ndarray  # float32 0..1: how much the blurred print reaches each pixel


def ink_maps(region: np.ndarray, origin: tuple[int, int]) -> InkMaps:
    """Background-divided darkness of a warped grey region."""
    import cv2

    paper = cv2.blur(cv2.dilate(region, np.ones((13, 13), np.uint8)), (31, 31))
    return InkMaps(darkness(region, paper), origin)


def darkness(grey: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """clip(1 - grey / max(paper, 16), 0, 1) in float32, of two uint8 images: computed in
    place, a few passes over a whole table fewer (np.clip with `out` is much the fastest)."""
    floor = np.maximum(paper, 16).astype(np.float32)  # in 8 bits: the same values
    dark = grey.astype(np.float32)
    np.divide(dark, floor, out=dark)
    np.subtract(1.0, dark, out=dark)
    return np.clip(dark, 0.0, 1.0, out=dark)


def crop(
    image: np.ndarray, box: Box, origin: tuple[int, int], shift: tuple[float, float], pad: int = 0
) -> np.ndarray:
    """image[box grown by pad], moved by a sub-pixel shift (image pixels = template + shift)."""
    import cv2

    w, h = box.w + 2 * pad, box.h + 2 * pad
    cx = box.x0 - pad - origin[0] + (w - 1) / 2 + shift[0]
    cy = box.y0 - pad - origin[1] + (h - 1) / 2 + shift[1]
    return cv2.getRectSubPix(image, (w, h), (cx, cy))


def template_crop(template: BallotTemplate, box: Box, pad: int = 0) -> np.ndarray:
    return template.dark[box.y0 - pad : box.y1 + pad, box.x0 - pad : box.x1 + pad]


def register(
    maps: InkMaps, template: BallotTemplate, box: Box, s: int = SEARCH_PX
) -> tuple[float, float]:
    """Sub-pixel (dx, dy) within ±s that lays the template's grid lines and letters over the
    image, from the row's vertical and horizontal darkness profiles."""
    seen = crop(maps.dark, box, maps.origin, (0.0, 0.0), 2 * s)
    rows, cols = printed_profiles(template, box, s)
    dy = correlated_shift(seen.sum(axis=1), rows, s)
    dx = correlated_shift(seen[2 * s + 2 : 2 * s + box.h - 2].sum(axis=0), cols, s)
    return dx, dy


def printed_profiles(template: BallotTemplate, box: Box, s: int) -> tuple[np.ndarray, np.ndarray]:
    """The box's printed row and column profiles (grown by s; the columns' leaving out 2 px at
    the top and bottom, the grid lines), centred for `correlated_shift`: template constants."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        printed = template_crop(template, box, s)
        return _centred(printed.sum(axis=1)), _centred(printed[s + 2 : s + box.h - 2].sum(axis=0))

    return template.derived(("profiles", box, s), compute)


def _centred(printed: np.ndarray) -> np.ndarray:
    return (printed - printed.mean()).astype(np.float64)


def correlated_shift(seen: np.ndarray, p: np.ndarray, s: int) -> float:
    """The shift of `seen` (2s longer than p) that best matches the centred profile p."""
    # p sums to zero, so the window means of `seen` drop out of the correlation.
    scores = np.correlate(seen.astype(np.float64), p, mode="valid")
    k = int(scores.argmax())
    offset = 0.0
    if 0 < k < 2 * s:
        a, b, c = scores[k - 1], scores[k], scores[k + 1]
        denom = a - 2 * b + c
        if denom < 0:
            offset = float(np.clip(0.5 * (a - c) / denom, -0.5, 0.5))
    return k - s + offset


def _gaussian(sigma: float) -> np.ndarray:
    import cv2

    if sigma <= 0:
        return np.ones((1, 1), np.float32)
    size = 2 * int(np.ceil(3 * sigma)) + 1
    g = cv2.getGaussianKernel(size, sigma).astype(np.float32)
    return g @ g.T


def _motion(length: int, degrees: float) -> np.ndarray:
    import cv2

    size = length + 2 + (length % 2 == 0)
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    dx, dy = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    for t in np.linspace(-(length - 1) / 2, (length - 1) / 2, 4 * length):
        kernel[int(round(c + t * dy)), int(round(c + t * dx))] += 1
    smooth = cv2.filter2D(kernel, -1, _gaussian(0.6), borderType=cv2.BORDER_CONSTANT)
    return np.asarray(smooth / smooth.sum(), np.float32)


def _candidates() -> list[tuple[str, np.ndarray]]:
    out = [(f"gauss{s}", _gaussian(s)) for s in (0.0, 0.5, 0.8, 1.1, 1.5, 2.0, 2.7, 3.6)]
    for length in (4, 6, 9):
        for degrees in (0, 45, 90, 135):
            out.append((f"motion{length}@{degrees}", _motion(length, degrees)))
    return out


_CANDIDATES: list[tuple[str, np.ndarray]] = []


@dataclass(frozen=True)
class _Rendering:
    """One candidate blur applied to the sampled row numbers (template constants)."""

    name: str
    kernel: np.ndarray
    predicted: list[np.ndarray]  # per sample, the blurred print
    stacked: np.ndarray  # the same, one row each, when the samples are of one size
    centred: np.ndarray  # all of them, less their mean
    mean: float
    spread: float  # sum of squares of `centred`


def _picked(template: BallotTemplate) -> list[RowTemplate]:
    """The rows whose numbers sample the blur: six spread over the list."""
    rows = template.rows
    return [rows[i] for i in np.linspace(0, len(rows) - 1, min(len(rows), 6)).round().astype(int)]


def _renderings(template: BallotTemplate) -> list[_Rendering]:
    import cv2

    if not _CANDIDATES:
        _CANDIDATES.extend(_candidates())
    printed = [template_crop(template, row.number_box, 2 + 8) for row in _picked(template)]
    out = []
    for name, kernel in _CANDIDATES:
        predicted = [cv2.filter2D(p, -1, kernel)[8:-8, 8:-8].ravel() for p in printed]
        x = np.concatenate(predicted)
        x_mean = float(x.mean())
        centred = x - x_mean
        stacked = x.reshape(len(printed), -1) if len({len(p) for p in predicted}) == 1 else x
        spread = float((centred**2).sum())
        out.append(_Rendering(name, kernel, predicted, stacked, centred, x_mean, spread))
    return out


def estimate_psf(maps: InkMaps, template: BallotTemplate, shifts: list[tuple[float, float]]) -> Psf:
    """The candidate blur (Gaussian, or a camera shake) that best renders the template into
    the image over the row numbers and their cell borders, with a fitted gain and offset; the
    median over rows decides, so a circled number does not."""
    samples = [
        crop(maps.dark, row.number_box, maps.origin, shifts[row.number - 1], 2).ravel()
        for row in _picked(template)
    ]
    y = np.concatenate(samples)
    stacked = y.reshape(len(samples), -1) if len({len(v) for v in samples}) == 1 else None
    y_mean = float(y.mean())
    y_centred = y - y_mean
    best: Psf | None = None
    for r in template.derived("psf renderings", lambda: _renderings(template)):
        gain = float((r.centred * y_centred).sum()) / r.spread if r.spread > 0 else 1.0
        offset = y_mean - gain * r.mean
        if stacked is None:
            errors = [
                float(np.sqrt(np.mean((offset + gain * p - s) ** 2)))
                for p, s in zip(r.predicted, samples, strict=True)
            ]
        else:  # number boxes of one size: all samples at once (each row's mean is the same)
            misfit = (offset + gain * r.stacked - stacked) ** 2
            errors = np.sqrt(misfit.mean(axis=1)).astype(np.float64).tolist()
        error = float(np.median(errors))
        if best is None or error < best.error:
            best = Psf(r.kernel, float(gain), float(offset), r.name, error)
    assert best is not None
    return best


def _blurred(printed: np.ndarray, psf: Psf) -> np.ndarray:
    """How far the template blurred like the image reaches, with one pixel of slack for
    misregistration. Filtered in 8 bits (OpenCV's fast path; 1/255 is far below any threshold
    here)."""
    import cv2

    eight = np.clip(printed * 255.0 + 0.5, 0, 255).astype(np.uint8)
    if psf.name.startswith("gauss"):
        sigma = float(psf.name[len("gauss") :])
        filtered = cv2.GaussianBlur(eight, (0, 0), sigma) if sigma > 0 else eight
    else:
        filtered = cv2.filter2D(eight, -1, psf.kernel)
    return cv2.dilate(filtered.astype(np.float32) / 255.0, np.ones((3, 3), np.uint8))


def _predicted(reach: np.ndarray, psf: Psf) -> np.ndarray:
    """The predicted darkness of the print: offset + gain · the blurred template, dilated by
    the slack. The scaling is monotone (gain > 0), so it commutes with the dilation (a maximum):
    scaling the dilated `reach` gives the very same values, and costs one dilation less."""
    return psf.offset + max(psf.gain, 0.5) * reach


_REACH_KEPT = 4  # blurred tables kept per template (a batch sees few blurs; 6 MB each on A4)


def with_model(psf: Psf, template: BallotTemplate, maps: InkMaps) -> Psf:
    """The psf carrying how far the print reaches over the whole warped region of `maps` (one
    filter over the table is cheaper than one per row; the same for every ballot of the batch
    with this blur, so it is kept)."""
    from dataclasses import replace

    h, w = maps.dark.shape
    ox, oy = maps.origin
    region = Box(ox, oy, ox + w, oy + h)
    margin = psf.kernel.shape[0] // 2 + 2
    kept: OrderedDict[object, np.ndarray] = template.derived("reach", OrderedDict)
    key = (psf.name, region, margin)
    reach = kept.get(key)
    if reach is None:
        blurred = _blurred(template_crop(template, region, margin), psf)
        reach = kept[key] = blurred[margin : margin + h, margin : margin + w]
        reach.flags.writeable = False  # shared by the ballots: rows get views of it
        while len(kept) > _REACH_KEPT:
            kept.popitem(last=False)
    return replace(psf, reach=reach, origin=(ox, oy))


def residual(
    maps: InkMaps,
    template: BallotTemplate,
    box: Box,
    shift: tuple[float, float],
    psf: Psf,
    pad: int = 0,
) -> Evidence:
    """New ink over box grown by pad: darkness above the predicted print."""
    seen = crop(maps.dark, box, maps.origin, shift, pad)
    if psf.reach is not None and _inside(box, pad, psf):
        ys = slice(box.y0 - pad - psf.origin[1], box.y1 + pad - psf.origin[1])
        xs = slice(box.x0 - pad - psf.origin[0], box.x1 + pad - psf.origin[0])
        reach = psf.reach[ys, xs]
    else:
        margin = psf.kernel.shape[0] // 2 + 2
        reach = _blurred(template_crop(template, box, pad + margin), psf)
        reach = reach[margin:-margin, margin:-margin]
    ink = seen - _predicted(reach, psf)
    np.clip(ink, 0.0, 1.0, out=ink)
    return Evidence(ink, reach < CLEAR_BELOW, reach)  # reach: 8-bit print / 255, in 0..1


def _inside(box: Box, pad: int, psf: Psf) -> bool:
    assert psf.reach is not None
    h, w = psf.reach.shape
    ox, oy = psf.origin
    return (
        box.x0 - pad >= ox
        and box.y0 - pad >= oy
        and box.x1 + pad <= ox + w
        and box.y1 + pad <= oy + h
    )


def paper_noise(
    maps: InkMaps, template: BallotTemplate, shifts: list[tuple[float, float]], psf: Psf
) -> float:
    """How much new ink noise alone makes on bare paper: the 99th percentile of the smoothed
    residual in the margin left of the list, beside each row of its first column, the median
    over the rows (voters do not write there). Scans: ≤ 0.025; phones: ≤ 0.05."""
    import cv2

    s = template.px_per_mm
    left = round(template.layout.table.x * s)
    levels = []
    for row in template.rows:
        if row.number_box.x0 > left + 1:  # not in the first column of the list
            continue
        strip = Box(left - round(3.5 * s), row.row.y0 + 2, left - round(0.8 * s), row.row.y1 - 2)
        evidence = residual(maps, template, strip, shifts[row.number - 1], psf)
        smooth = cv2.blur(evidence.ink, (5, 1))[evidence.clear]
        if smooth.size:
            levels.append(float(np.quantile(smooth, 0.99)))
    return float(np.median(levels)) if levels else 0.0
