"""Text widths from the font files themselves, for documents whose geometry is fixed in
millimetres (the machine-readable ballot): a name or a header line is shrunk or wrapped here,
before WeasyPrint lays it out, so that nothing overflows its box.

Widths are the glyph advances of Liberation Serif 2 (the font the PDF embeds, html.py); kerning
is ignored, which errs by well under 1 % on Vietnamese text. Without the font files an average
advance stands in, deliberately generous.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from math import comb
from pathlib import Path

from .html import liberation2_dir

PT_MM = 25.4 / 72
_FALLBACK_EM = 0.56  # average advance of a serif letter, a little wide on purpose
_STYLE_FILES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}


@dataclass(frozen=True)
class _Advances:
    units_per_em: int
    widths: dict[int, int]  # code point -> advance in font units
    default: int  # advance of a character the font lacks (its .notdef)


@cache
def _advances(bold: bool, italic: bool) -> _Advances | None:
    folder = liberation2_dir()
    if folder is None:
        return None
    path = Path(folder) / f"LiberationSerif-{_STYLE_FILES[(bold, italic)]}.ttf"
    if not path.exists():
        return None
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    font = TTFont(str(path), lazy=True)
    metrics = font["hmtx"].metrics
    cmap = font.getBestCmap()
    widths = {code: metrics[glyph][0] for code, glyph in cmap.items() if glyph in metrics}
    return _Advances(font["head"].unitsPerEm, widths, metrics[".notdef"][0])


def text_width_mm(text: str, pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The advance width of one line of text set at `pt` points."""
    text = unicodedata.normalize("NFC", text)
    advances = _advances(bold, italic)
    if advances is None:
        return len(text) * _FALLBACK_EM * pt * PT_MM
    units = sum(advances.widths.get(ord(ch), advances.default) for ch in text)
    return units / advances.units_per_em * pt * PT_MM


def fitting_size(
    text: str,
    width_mm: float,
    pt: float,
    *,
    min_pt: float = 6.0,
    bold: bool = False,
    italic: bool = False,
) -> float:
    """`pt`, or the largest size in 0.25 pt steps down to `min_pt` at which the line fits."""
    size = pt
    while size > min_pt and text_width_mm(text, size, bold=bold, italic=italic) > width_mm:
        size -= 0.25
    return max(size, min_pt)


def wrap(
    text: str, width_mm: float, pt: float, *, bold: bool = False, italic: bool = False
) -> list[str]:
    """Greedy word wrap; a single word wider than the line stays whole on its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width_mm(candidate, pt, bold=bold, italic=italic) > width_mm:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def balanced_wrap(
    text: str, width_mm: float, pt: float, *, bold: bool = False, italic: bool = False
) -> list[str]:
    """As few lines as the greedy wrap, broken where it reads best: after a comma when
    possible, never next to a lone dash ("2025 - 2030"), then lines of even width."""
    greedy = wrap(text, width_mm, pt, bold=bold, italic=italic)
    words = text.split()
    n = len(greedy)
    if n < 2 or comb(len(words) - 1, n - 1) > 5000:
        return greedy

    def score(lines: list[str]) -> tuple[int, int, float]:
        widths = [text_width_mm(line, pt, bold=bold, italic=italic) for line in lines]
        commas = sum(line.endswith((",", ";", ":")) for line in lines[:-1])
        dashes = sum(line.endswith(" -") or line.startswith("- ") for line in lines)
        return (dashes, -commas, max(widths))

    best, best_score = greedy, score(greedy)
    for cuts in combinations(range(1, len(words)), n - 1):
        bounds = (0, *cuts, len(words))
        lines = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        if widest_line_mm(lines, pt, bold=bold, italic=italic) > width_mm:
            continue
        candidate = score(lines)
        if candidate < best_score:
            best, best_score = lines, candidate
    return best


def widest_line_mm(
    lines: list[str], pt: float, *, bold: bool = False, italic: bool = False
) -> float:
    return max((text_width_mm(line, pt, bold=bold, italic=italic) for line in lines), default=0.0)
