"""The geometry of pen strokes over a name: the path a strike takes across it (through places
hidden under letters), a faint straight line along it, the two lines of a cross, and the
places a fold line runs through. Helpers of `strikes.py`, on boolean and darkness arrays of
one name cell in canonical pixels.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .template import Box

SEEN_MIN_BINS = 4  # seen is judged on at least this many visible places
FAINT_LINE_MIN_SHARE = 0.2  # a line is judged when this share of its pixels is seeable
CREASE_MM = 0.8  # ink this close to a fold line is the fold's


def bins_any(columns: np.ndarray, width: int) -> np.ndarray:
    """Per bin of `width` columns (the last axis; a partial last bin left out): any True in
    it. ORs of strided views: numpy's any() over a short last axis is many times slower."""
    stop = columns.shape[-1] // width * width
    out = columns[..., 0:stop:width].copy()
    for k in range(1, width):
        out |= columns[..., k:stop:width]
    return out


def bins_all(columns: np.ndarray, width: int) -> np.ndarray:
    """Per bin of `width` columns (as bins_any): all True in it."""
    stop = columns.shape[-1] // width * width
    out = columns[..., 0:stop:width].copy()
    for k in range(1, width):
        out &= columns[..., k:stop:width]
    return out


def bridged(bins: np.ndarray, max_gap: int) -> np.ndarray:
    """bins with gaps of at most max_gap between two True bins filled."""
    idx = np.nonzero(bins)[0]
    a, b = idx[:-1], idx[1:]
    short = (b - a > 1) & (b - a <= max_gap + 1)
    if not short.any():
        return bins.copy()
    # +1 where a filled gap starts, -1 where it ends (gaps never overlap): a running sum
    edges = np.zeros(len(bins) + 1, np.int32)
    edges[a[short] + 1] += 1
    edges[b[short]] -= 1
    return bins | (np.cumsum(edges[:-1]) > 0)


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
    per_bin = bins_any(found, bin_w)
    inked = np.asarray(per_bin.any(axis=0))
    idx = np.nonzero(inked)[0]
    if len(idx) == 0:
        return 0.0, 0.0, 0.0
    heights = (per_bin * np.arange(h)[:, None]).sum(axis=0)[idx] / per_bin.sum(axis=0)[idx]
    span = np.arange(idx[0], idx[-1] + 1)
    path = np.clip(np.rint(np.interp(span, idx, heights)).astype(int), 0, h - 1)
    # The share of clear pixels of each bin at the path's height (only there: it is looked at)
    on_path = clear[:, : n * bin_w].reshape(h, n, bin_w)[path, span]
    visible = np.zeros(n, bool)
    visible[span] = on_path.mean(axis=1) >= 0.5
    filled = bridged(inked, max_gap)
    filled[span] |= ~visible[span]
    cover = float(filled[text].mean()) if filled[text].size else 0.0
    looked = visible[span]
    enough = SEEN_MIN_BINS
    seen = float(inked[span][looked].mean()) if looked.sum() >= enough else 0.0
    return cover, seen, float(inked[text].mean())


def open_places(
    clear: np.ndarray, bin_w: int, text: slice, share: float
) -> tuple[np.ndarray, float]:
    """The bins (of `bin_w` columns) of the name's open gaps — where at least `share` of the
    band's rows are clear paper across the bin: between words and letters — and the visible
    share of the name's bins `text`, from the band's clear paper `clear`."""
    # A bin's row is clear when ≥ 99 % of its pixels are: all of them (bins < 100 px).
    open_ = np.count_nonzero(bins_all(clear, bin_w), axis=0) / clear.shape[0] >= share
    open_[: text.start] = False
    open_[text.stop :] = False
    visible = float(bins_any(np.asarray(clear.any(axis=0)), bin_w)[text].mean())
    return np.nonzero(open_)[0], visible


def faint_line(ink: np.ndarray, seeable: np.ndarray, band: tuple[int, int]) -> float:
    """The highest mean ink along a straight line 3 px thick across the name (slopes up to
    ±8°) whose middle lies in the text band `band` (rows), over the pixels the print leaves
    seeable: a stroke too light for any single pixel to count still lifts a whole line, while
    noise averages out over the hundreds of pixels of a name. An underline's middle is below
    the band. Sums per block of 8 columns, shifted per block for the slope."""
    h, w = ink.shape
    n = w // _BLOCK
    if h < _THICK or n < 2:
        return 0.0
    lines = _faint_lines(h, n, band)
    if lines is None:
        return 0.0
    index, inside = lines
    cut = (slice(None), slice(0, n * _BLOCK))
    values = np.where(seeable, ink, 0.0)[cut].reshape(h, n, _BLOCK).sum(axis=2)
    counts = seeable[cut].reshape(h, n, _BLOCK).sum(axis=2).astype(np.float64)
    # Sums over `thick` consecutive rows (row r: rows r .. r + thick - 1), once.
    values = values[: h - 2] + values[1 : h - 1] + values[2:]
    counts = counts[: h - 2] + counts[1 : h - 1] + counts[2:]
    # Every line (slope × top row) at once: per block, the row it passes in (outside: 0).
    line_sum = np.where(inside, values.ravel()[index], 0.0).sum(axis=2)
    line_n = np.where(inside, counts.ravel()[index], 0.0).sum(axis=2)
    ok = line_n >= FAINT_LINE_MIN_SHARE * _THICK * n * _BLOCK
    return max(0.0, float((line_sum[ok] / line_n[ok]).max())) if ok.any() else 0.0


_BLOCK, _THICK = 8, 3  # faint_line's column blocks and line thickness (px)
_SLOPES = np.array([-0.14, -0.07, 0.0, 0.07, 0.14])


@lru_cache(maxsize=512)
def _faint_lines(h: int, n: int, band: tuple[int, int]) -> tuple[np.ndarray, np.ndarray] | None:
    """The lines faint_line tries, as flat indices into its (rows × blocks) sums (slope × top
    × block) and whether each block's row lies inside: the same for every ballot."""
    assert _THICK == 3  # faint_line sums three rows by hand
    tops = np.arange(max(0, band[0] - 1), min(h - _THICK + 1, max(0, band[1] - 1)))
    if len(tops) == 0:
        return None
    centres = (np.arange(n) + 0.5) * _BLOCK - n * _BLOCK / 2
    offsets = np.rint(_SLOPES[:, None] * centres[None, :]).astype(int)  # slope × block
    rows = tops[None, :, None] + offsets[:, None, :]
    inside = (rows >= 0) & (rows < h - _THICK + 1)
    index = np.clip(rows, 0, h - _THICK) * n + np.arange(n)[None, None, :]
    return index, inside


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
