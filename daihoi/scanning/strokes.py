"""The geometry of pen strokes over a name: the path a strike takes across it (through places
hidden under letters), a faint straight line along it, the two lines of a cross, and the
places a fold line runs through. Helpers of `strikes.py`, on boolean and darkness arrays of
one name cell in canonical pixels.
"""

from __future__ import annotations

import numpy as np

from .template import Box

SEEN_MIN_BINS = 4  # seen is judged on at least this many visible places
FAINT_LINE_MIN_SHARE = 0.2  # a line is judged when this share of its pixels is seeable
CREASE_MM = 0.8  # ink this close to a fold line is the fold's


def bins_any(columns: np.ndarray, width: int) -> np.ndarray:
    """Per bin of `width` columns: any True in it."""
    n = max(1, columns.shape[-1] // width)
    return np.asarray(columns[..., : n * width].reshape(*columns.shape[:-1], n, width).any(-1))


def bridged(bins: np.ndarray, max_gap: int) -> np.ndarray:
    """bins with gaps of at most max_gap between two True bins filled."""
    filled = bins.copy()
    idx = np.nonzero(bins)[0]
    for a, b in zip(idx[:-1], idx[1:], strict=True):
        if 1 < b - a <= max_gap + 1:
            filled[a + 1 : b] = True
    return filled


def path_cover(
    found: np.ndarray, clear: np.ndarray, bin_w: int, max_gap: int, text: slice
) -> tuple[float, float, float]:
    """(cover, seen, inked) of the name by the evidence `found` (band rows × columns, bool).

    Per bin of columns: inked when it holds evidence. The pen's path runs through the inked
    bins (at the mean height of their ink) and is interpolated across the others. A bin
    counts as struck when inked, when the path there lies under print (hidden: nothing could
    be seen), or when it is a short gap (≤ max_gap bins: a skipping pen). `seen` is the share
    of the path's visible bins that are inked: a real stroke shows wherever it crosses clear
    paper; a misfit of the letters' edges does not."""
    h, w = found.shape
    n = w // bin_w
    per_bin = np.asarray(found[:, : n * bin_w].reshape(h, n, bin_w).any(axis=2))
    inked = np.asarray(per_bin.any(axis=0))
    idx = np.nonzero(inked)[0]
    if len(idx) == 0:
        return 0.0, 0.0, 0.0
    heights = (per_bin * np.arange(h)[:, None]).sum(axis=0)[idx] / per_bin.sum(axis=0)[idx]
    span = np.arange(idx[0], idx[-1] + 1)
    path = np.clip(np.rint(np.interp(span, idx, heights)).astype(int), 0, h - 1)
    clear_share = clear[:, : n * bin_w].reshape(h, n, bin_w).mean(axis=2)
    visible = np.zeros(n, bool)
    visible[span] = clear_share[path, span] >= 0.5
    filled = bridged(inked, max_gap)
    filled[span] |= ~visible[span]
    cover = float(filled[text].mean()) if filled[text].size else 0.0
    looked = visible[span]
    enough = SEEN_MIN_BINS
    seen = float(inked[span][looked].mean()) if looked.sum() >= enough else 0.0
    return cover, seen, float(inked[text].mean())


def faint_line(ink: np.ndarray, seeable: np.ndarray, band: tuple[int, int]) -> float:
    """The highest mean ink along a straight line 3 px thick across the name (slopes up to
    ±8°) whose middle lies in the text band `band` (rows), over the pixels the print leaves
    seeable: a stroke too light for any single pixel to count still lifts a whole line, while
    noise averages out over the hundreds of pixels of a name. An underline's middle is below
    the band. Sums per block of 8 columns, shifted per block for the slope."""
    h, w = ink.shape
    block, thick = 8, 3
    n = w // block
    if h < thick or n < 2:
        return 0.0
    values = np.where(seeable, ink, 0.0)[:, : n * block].reshape(h, n, block).sum(axis=2)
    counts = seeable[:, : n * block].reshape(h, n, block).sum(axis=2).astype(np.float64)
    # Sums over `thick` consecutive rows (row r: rows r .. r + thick - 1), once.
    values = sum(values[k : h - thick + 1 + k] for k in range(thick))
    counts = sum(counts[k : h - thick + 1 + k] for k in range(thick))
    tops = np.arange(max(0, band[0] - 1), min(h - thick + 1, max(0, band[1] - 1)))
    if len(tops) == 0:
        return 0.0
    centres = (np.arange(n) + 0.5) * block - n * block / 2
    cols = np.arange(n)[None, :]
    best = 0.0
    for slope in (-0.14, -0.07, 0.0, 0.07, 0.14):
        rows = tops[:, None] + np.rint(slope * centres).astype(int)[None, :]
        inside = (rows >= 0) & (rows < h - thick + 1)
        rows = np.clip(rows, 0, h - thick)
        line_sum = np.where(inside, values[rows, cols], 0.0).sum(axis=1)
        line_n = np.where(inside, counts[rows, cols], 0.0).sum(axis=1)
        ok = line_n >= FAINT_LINE_MIN_SHARE * thick * n * block
        if ok.any():
            best = max(best, float((line_sum[ok] / line_n[ok]).max()))
    return best


def along_creases(
    creases: tuple[tuple[float, float, float, float], ...],
    box: Box,
    s: float,
    shape: tuple[int, ...],
) -> np.ndarray | None:
    """Pixels of the box within CREASE_MM of a fold line crossing it, or None."""
    mask = np.zeros(shape[:2], bool)
    cols = (box.x0 + np.arange(shape[1]) + 0.5) / s  # page mm
    rows = (box.y0 + np.arange(shape[0])[:, None] + 0.5) / s
    for x0, y0, x1, y1 in creases:
        at = y0 + (y1 - y0) * (cols - x0) / (x1 - x0)
        mask |= np.abs(rows - at[None, :]) <= CREASE_MM
    return mask if mask.any() else None


def cross_lines(
    found: np.ndarray,
    clear: np.ndarray,
    xs: tuple[int, int],
    band: tuple[int, int],
    bin_w: int,
    gap: int,
) -> tuple[float, ...]:
    """Spans (share of the name's width) of the two best straight lines through the ink that
    pass through the text band inside the name and cross each other there: the two strokes of
    an X (empty when they do not cross). A line search over angles ±30°; along a line, places
    hidden under print between two inked ones count as covered, as for `path_cover`."""
    ys, xpix = np.nonzero(found)
    inside = (xpix >= xs[0]) & (xpix < xs[1])
    ys, xpix = ys[inside], xpix[inside] - xs[0]
    if len(ys) < 8:
        return ()
    n_bins = max(1, (xs[1] - xs[0]) // bin_w)
    angles = np.tan(np.radians(np.arange(-30, 31, 1.5)))
    centre_x = (xs[1] - xs[0]) / 2
    h = found.shape[0]
    margin = int(np.ceil(abs(angles).max() * centre_x)) + 2
    n_rho = h + 2 * margin
    bx = (np.arange(n_bins) + 0.5) * bin_w - centre_x
    columns = np.minimum((bx + centre_x).astype(int) + xs[0], found.shape[1] - 1)
    lines: list[tuple[float, float, float]] = []  # (span, height at the middle, slope)
    used = np.zeros(len(ys), bool)
    for _ in range(2):
        keep = ~used
        if keep.sum() < 8:
            break
        rho = np.rint(ys[keep][None, :] - (xpix[keep][None, :] - centre_x) * angles[:, None])
        rho = rho.astype(np.int64) + margin
        xb = np.minimum(xpix[keep] // bin_w, n_bins - 1)
        occupied = np.zeros((len(angles), n_rho + 2, n_bins), bool)
        a_idx = np.repeat(np.arange(len(angles)), keep.sum())
        for d in (0, 1, 2):  # a stroke 2–3 px thick
            occupied[a_idx, (rho + d).ravel(), np.tile(xb, len(angles))] = True
        counts = occupied.sum(axis=2)
        a, r = np.unravel_index(int(counts.argmax()), counts.shape)
        y_mid = float(r - 1 - margin)
        y_line = y_mid + bx * angles[a]
        if not ((y_line >= band[0]) & (y_line < band[1])).any():
            break
        inked = occupied[a, r]
        rows = np.clip(np.rint(y_line).astype(int), 0, h - 1)
        hidden = ~clear[rows, columns]
        filled = bridged(inked, gap)
        idx = np.nonzero(inked)[0]
        if len(idx):
            filled[idx[0] : idx[-1] + 1] |= hidden[idx[0] : idx[-1] + 1]
        lines.append((float(filled.mean()), y_mid, float(angles[a])))
        near = np.abs(ys[keep] - (y_mid + (xpix[keep] - centre_x) * angles[a])) <= 2.5
        used[np.nonzero(keep)[0][near]] = True
    if len(lines) < 2 or lines[0][2] == lines[1][2]:
        return ()
    (_, y1, s1), (_, y2, s2) = lines
    cross_x = (y2 - y1) / (s1 - s2)  # from the middle of the name
    if abs(cross_x) > centre_x:
        return ()
    return tuple(line[0] for line in lines)
