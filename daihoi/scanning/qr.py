"""The ballot's QR code: which election, round, paper and style the page belongs to.

The code is not searched for: the homography says where each module is, so the image is
sampled at the module centres. Its 0.44 mm modules are only ~2.3 px on a phone photo, where a
blur of one pixel mixes each module with its neighbours; a small equaliser undoes that (the
blur is measured on the finder patterns, then every module is decided knowing its neighbours).
The sampled modules are compared with the code this election's ballot carries: within 1.5 %
of the modules it is that code (the nearest other payload, another paper, differs in 6.6 %);
otherwise a clean redrawing of the sampled modules is decoded (Reed–Solomon level H corrects
misread modules) to say whose ballot it is.
"""

from __future__ import annotations

import math
import threading

import numpy as np

from daihoi.printing.ballot_layout import BallotLayout, QrFields, Rect, parse_qr

from .align import PageFit

QR_BORDER_MODULES = 2  # light modules inside layout.qr round the symbol (ballot_marks.py)
SAME_CODE_MISMATCH = 0.015
MIN_CONTRAST = 20  # grey levels between the finder's light and dark modules
MIN_DATA_CORRELATION = 0.3  # ours: 0.5–1 even blurred; an unrelated code: about 0
MIN_NEIGHBOUR_T = 5.0

_LOCAL = threading.local()
_EXPECTED: dict[tuple[str, Rect], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def expected_qr(layout: BallotLayout) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dark modules N×N bool, module centres in page mm N×N×2, fixed-pattern mask N×N) of the
    QR code this election's ballot carries, made the way the printer makes it."""
    key = (layout.qr_payload(), layout.qr)
    cached = _EXPECTED.get(key)
    if cached is None:
        import segno

        code = segno.make(layout.qr_payload(), error="h", micro=False, boost_error=False)
        matrix = np.array([list(row) for row in code.matrix], dtype=bool)
        n = len(matrix)
        box = layout.qr
        module = min(box.w, box.h) / (n + 2 * QR_BORDER_MODULES)
        x0 = box.x + (box.w - n * module) / 2
        y0 = box.y + (box.h - n * module) / 2
        idx = (np.arange(n) + 0.5) * module
        centres = np.stack(np.meshgrid(x0 + idx, y0 + idx), axis=-1)
        fixed = np.zeros((n, n), bool)  # finders with their separators, timing patterns
        for r0, c0 in ((0, 0), (0, n - 8), (n - 8, 0)):
            fixed[r0 : r0 + 8, c0 : c0 + 8] = True
        fixed[6, :] = fixed[:, 6] = True
        cached = (matrix, centres, fixed)
        _EXPECTED[key] = cached
    return cached


def _sample(
    grey: np.ndarray, inverse: np.ndarray, points_mm: np.ndarray, px_per_mm: float
) -> np.ndarray:
    import cv2

    shape = points_mm.shape[:-1]
    src = cv2.perspectiveTransform((points_mm * px_per_mm).reshape(-1, 1, 2), inverse)
    src = src.astype(np.float32).reshape(*shape, 2)
    return cv2.remap(
        grey, src[..., 0], src[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    ).astype(np.float32)


def _kernel(sigma: float) -> np.ndarray:
    """Share of each neighbour module in a centre sample, for a Gaussian blur of sigma modules."""
    edges = (np.arange(-2, 4) - 0.5) / max(sigma, 1e-3) / math.sqrt(2)
    cdf = np.array([0.5 * (1 + math.erf(e)) for e in edges])
    w = np.diff(cdf)
    return np.outer(w, w).astype(np.float32)


def sample_modules(
    grey: np.ndarray, fit: PageFit, layout: BallotLayout, px_per_mm: float
) -> np.ndarray | None:
    """Darkness at every module centre, 0 = the paper round the code, 1 = the finders' dark
    hearts; the best of small offsets (±0.25 module). None without enough contrast."""
    matrix, centres, fixed = expected_qr(layout)
    n = len(matrix)
    module_mm = float(centres[0, 1, 0] - centres[0, 0, 0])
    inverse = np.linalg.inv(fit.homography)
    core = np.zeros((n, n), bool)  # the 3×3 hearts of the finders: dark whatever the blur
    for r0, c0 in ((2, 2), (2, n - 5), (n - 5, 2)):
        core[r0 : r0 + 3, c0 : c0 + 3] = True
    ring = _quiet_ring(centres, module_mm)
    best: tuple[float, np.ndarray, float] | None = None
    for ox in (-0.25, 0.0, 0.25):
        for oy in (-0.25, 0.0, 0.25):
            shift = np.array([ox, oy]) * module_mm
            values = _sample(grey, inverse, centres + shift, px_per_mm)
            light = float(np.median(_sample(grey, inverse, ring + shift, px_per_mm)))
            contrast = light - float(np.median(values[core]))
            d = (light - values) / max(contrast, 1.0)
            # Sharpest offset: the fixed patterns read most like themselves.
            score = float(np.abs(d[fixed] - 0.5).mean()) * contrast
            if best is None or score > best[0]:
                best = (score, d, contrast)
    assert best is not None
    _, d, contrast = best
    return d if contrast >= MIN_CONTRAST else None


def equalised_bits(d: np.ndarray, layout: BallotLayout) -> np.ndarray:
    """Dark modules, each decided knowing its neighbours (the blur measured on the fixed
    patterns): a decision-feedback equaliser, a few sweeps."""
    import cv2

    matrix, _, fixed = expected_qr(layout)
    bits = d > 0.5
    bits[fixed] = matrix[fixed]
    sigma = _blur(d, bits, fixed)
    if sigma <= 0.25:
        return bits
    kernel = _kernel(sigma)
    centre_weight = float(kernel[2, 2])
    for _ in range(6):
        around = cv2.filter2D(bits.astype(np.float32), -1, kernel, borderType=cv2.BORDER_CONSTANT)
        new = d - (around - centre_weight * bits) > centre_weight / 2
        new[fixed] = matrix[fixed]
        if (new == bits).all():
            break
        bits = new
    return bits


def is_this_code(d: np.ndarray, layout: BallotLayout) -> bool:
    """Do the sampled modules carry this election's code rather than any other? Too blurred to
    read module by module, a page still says which code it carries in aggregate:
    * against an unrelated code (another election: its data modules are independent of ours),
      the correlation over the data modules is near 0, ours clearly positive;
    * against the codes nearest ours (the same election's other rounds, paper or style), the
      modules where they differ must lean our way, by a clear t-statistic each."""
    matrix, _, fixed = expected_qr(layout)
    data = ~fixed
    expected = matrix[data].astype(np.float32)
    seen = d[data]
    a, b = seen - seen.mean(), expected - expected.mean()
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    if norm == 0 or float(np.dot(a, b)) / norm < MIN_DATA_CORRELATION:
        return False
    for ours_dark, theirs_dark in _neighbours(layout):
        x, y = d[ours_dark], d[theirs_dark]
        if len(x) < 8 or len(y) < 8:
            continue
        diff = float(x.mean() - y.mean())
        spread = math.sqrt(float(x.var()) / len(x) + float(y.var()) / len(y)) + 1e-6
        if diff < 0.1 or diff / spread < MIN_NEIGHBOUR_T:
            return False
    return True


def _neighbours(layout: BallotLayout) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per nearby code of the same size: (modules dark in ours only, dark in theirs only)."""
    key = layout.qr_payload()
    cached = _NEIGHBOURS.get(key)
    if cached is None:
        import segno

        from daihoi.printing.ballot_layout import PAPERS, STYLES, qr_payload

        matrix = expected_qr(layout)[0]
        k, r, p, st, n = (
            layout.election_key,
            layout.round,
            layout.paper,
            layout.style,
            len(layout.rows),
        )
        payloads = {qr_payload(k, other, p, st, n) for other in range(1, max(30, r + 10))}
        payloads |= {qr_payload(k, r, other, st, n) for other in PAPERS}
        payloads |= {qr_payload(k, r, p, other, n) for other in STYLES}
        payloads.discard(key)
        cached = []
        for payload in sorted(payloads):
            code = segno.make(payload, error="h", micro=False, boost_error=False)
            theirs = np.array([list(row) for row in code.matrix], dtype=bool)
            if theirs.shape == matrix.shape:
                cached.append((matrix & ~theirs, theirs & ~matrix))
        _NEIGHBOURS[key] = cached
    return cached


_NEIGHBOURS: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}


def _quiet_ring(centres: np.ndarray, module_mm: float) -> np.ndarray:
    """Points 1.5 modules outside the symbol, all round: light paper."""
    n = centres.shape[0]
    x0, y0 = centres[0, 0] - 2.0 * module_mm
    x1, y1 = centres[n - 1, n - 1] + 2.0 * module_mm
    t = np.linspace(0, 1, 24)
    top = np.stack([x0 + t * (x1 - x0), np.full_like(t, y0)], -1)
    bottom = np.stack([x0 + t * (x1 - x0), np.full_like(t, y1)], -1)
    left = np.stack([np.full_like(t, x0), y0 + t * (y1 - y0)], -1)
    right = np.stack([np.full_like(t, x1), y0 + t * (y1 - y0)], -1)
    return np.concatenate([top, bottom, left, right])[None, :, :]


def _blur(d: np.ndarray, bits: np.ndarray, fixed: np.ndarray) -> float:
    """The blur (in modules) that best predicts the fixed patterns' samples."""
    import cv2

    best_sigma, best_error = 0.0, float(np.abs(d[fixed] - bits[fixed]).mean())
    for sigma in (0.3, 0.4, 0.5, 0.6, 0.7, 0.85):
        predicted = cv2.filter2D(
            bits.astype(np.float32), -1, _kernel(sigma), borderType=cv2.BORDER_CONSTANT
        )
        error = float(np.abs(d[fixed] - predicted[fixed]).mean())
        if error < best_error:
            best_sigma, best_error = sigma, error
    return best_sigma


def qr_verdict(
    grey: np.ndarray, fit: PageFit, layout: BallotLayout, px_per_mm: float
) -> tuple[str, str] | None:
    """None when the page carries this election's code; else (reason, detail)."""
    d = sample_modules(grey, fit, layout, px_per_mm)
    if d is not None:
        matrix = expected_qr(layout)[0]
        if float(((d > 0.5) != matrix).mean()) <= SAME_CODE_MISMATCH or is_this_code(d, layout):
            return None
        text = decode_modules(equalised_bits(d, layout))
        if text is not None:
            return check_qr(text, layout)
    text = _detect_anywhere(grey)
    if text is not None:
        return check_qr(text, layout)
    return "no_qr", "the QR code cannot be read"


def decode_modules(bits: np.ndarray) -> str | None:
    """Decode a module matrix through OpenCV's decoder on a clean redrawing (known corners, so
    no detection)."""
    import cv2

    scale, quiet = 3, 4
    n = len(bits)
    modules = np.pad((~bits).astype(np.uint8) * 255, quiet, constant_values=255)
    clean = cv2.resize(modules, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    a, b = quiet * scale, (quiet + n) * scale
    corners = np.array([[[a, a], [b, a], [b, b], [a, b]]], np.float32)
    text, _ = _detector().decode(clean, corners)
    return str(text) if text else None


def _detector():  # type: ignore[no-untyped-def]
    import cv2

    detector = getattr(_LOCAL, "qr", None)
    if detector is None:
        detector = cv2.QRCodeDetector()
        _LOCAL.qr = detector
    return detector


def _detect_anywhere(grey: np.ndarray) -> str | None:
    """Search the whole (reduced) image: the page of another paper size, or a bad fit."""
    import cv2

    scale = min(1.0, 1600 / max(grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    text, _, _ = _detector().detectAndDecode(small)
    return str(text) if text else None


def qr_anywhere(grey: np.ndarray, layout: BallotLayout) -> tuple[str, str] | None:
    """When the markers do not fit, a readable QR code of another election or paper still says
    what the page is."""
    text = _detect_anywhere(grey)
    return None if text is None else check_qr(text, layout)


def check_qr(text: str | None, layout: BallotLayout) -> tuple[str, str] | None:
    """(reason, detail) when the QR text is not this election's ballot code."""
    if text is None:
        return "no_qr", "the QR code cannot be read"
    fields: QrFields | None = parse_qr(text)
    if fields is None:
        return "wrong_election", "the QR code is not a daihoi ballot's"
    if fields.election_key != layout.election_key:
        return "wrong_election", "a ballot of another election (or of an edited list)"
    if fields.round != layout.round:
        return "wrong_round", f"a ballot of round {fields.round}, not {layout.round}"
    if fields.paper != layout.paper:
        return "wrong_paper", f"a {fields.paper} ballot; read it with --paper {fields.paper}"
    if fields.style != layout.style or fields.names != len(layout.rows):
        return "wrong_election", "the ballot's layout differs from this election's"
    return None
