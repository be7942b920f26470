"""The blank ballot as the reader expects to see it: the printed PDF rasterised at the canonical
resolution, plus what the reader needs per row in canonical pixels (boxes, the printed name's
extent and its text band).

The reader never prints: the caller passes the PDF bytes (from
`daihoi.printing.machine_ballot.render_machine_ballot_pdf`) or a ready raster.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from daihoi.printing.ballot_layout import BallotLayout, Rect, Row

T = TypeVar("T")

PX_PER_MM = 6.0  # canonical grid: ~152 dpi, enough for a 0.3 mm ballpoint line (2 px)
GRID_INSET_MM = 0.6  # inside a box, past its printed border line
PRINT_DARK = 0.35  # template darkness that counts as printed
COARSE_PX_PER_MM = 3.0
SUPERSAMPLE = 4  # the whole-page checks (seal, writing outside the rows)


class TemplateError(ValueError):
    """The PDF is not the ballot of this layout."""


@dataclass(frozen=True)
class Box:
    """Canonical pixels, half-open: x0 <= x < x1, y0 <= y < y1."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def w(self) -> int:
        return self.x1 - self.x0

    @property
    def h(self) -> int:
        return self.y1 - self.y0


@dataclass(frozen=True)
class RowTemplate:
    number: int
    name: str
    row: Box  # the whole row: number cell, name cell and the mark boxes
    number_box: Box
    name_box: Box
    text: Box  # the printed name's ink (diacritics and descenders included)
    band: tuple[int, int]  # y0, y1 of the text band: top of capitals to the baseline
    agree_box: Box | None
    disagree_box: Box | None


@dataclass(frozen=True)
class BallotTemplate:
    layout: BallotLayout
    px_per_mm: float
    dark: np.ndarray  # float32 0..1, printed darkness of the whole page, canonical pixels
    rows: tuple[RowTemplate, ...]
    coarse: np.ndarray  # the same at COARSE_PX_PER_MM
    # What the reader derives from the template alone (printed profiles, blurred print, row
    # frames), computed on first use: every ballot of a batch shares them (`derived`).
    cache: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def box(self, rect: Rect) -> Box:
        s = self.px_per_mm
        return Box(
            round(rect.x * s), round(rect.y * s), round(rect.right * s), round(rect.bottom * s)
        )

    def __getstate__(self) -> dict[str, object]:
        # Worker processes rebuild what they derive: the cache (megabytes) is not shipped.
        return {**self.__dict__, "cache": {}}

    def derived(self, key: object, compute: Callable[[], T]) -> T:
        """compute(), once per template and key (a pure function of the template)."""
        try:
            return self.cache[key]  # type: ignore[return-value]
        except KeyError:
            value = self.cache[key] = compute()
            return value


_CACHE: OrderedDict[tuple[str, int, str, str, float], BallotTemplate] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 16


def template_from_pdf(
    pdf: bytes, layout: BallotLayout, px_per_mm: float = PX_PER_MM
) -> BallotTemplate:
    """The template from the printed ballot PDF (its first page), cached per election key,
    round, paper and style: every ballot of a batch shares one."""
    cache_key = (layout.election_key, layout.round, layout.paper, layout.style, px_per_mm)
    with _CACHE_LOCK:
        if cache_key in _CACHE:
            _CACHE.move_to_end(cache_key)
            return _CACHE[cache_key]
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError:
        raise TemplateError("the ballot PDF cannot be opened") from None
    try:
        if len(document) == 0:
            raise TemplateError("the ballot PDF has no pages")
        page = document[0]
        width_pt, height_pt = page.get_size()
        mm_per_pt = 25.4 / 72
        if (
            abs(width_pt * mm_per_pt - layout.width_mm) > 1
            or abs(height_pt * mm_per_pt - layout.height_mm) > 1
        ):
            raise TemplateError(
                f"the ballot PDF page is not {layout.paper} "
                f"({width_pt * mm_per_pt:.0f}×{height_pt * mm_per_pt:.0f} mm)"
            )
        # Rendered finer, then averaged down: darkness as a scanner's sensor sees it (area
        # coverage), not as a screen rasteriser hints and grid-fits small text.
        scale = SUPERSAMPLE * px_per_mm * 25.4 / 72
        raster = page.render(scale=scale, grayscale=True).to_numpy().copy()
        page.close()
    finally:
        document.close()
    template = template_from_raster(raster, layout, px_per_mm)
    with _CACHE_LOCK:
        _CACHE[cache_key] = template
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return template


def template_from_raster(
    grey: np.ndarray, layout: BallotLayout, px_per_mm: float = PX_PER_MM
) -> BallotTemplate:
    """The template from a grey uint8 raster of the whole page at px_per_mm (resized to the exact
    canonical size when a rounding pixel differs)."""
    import cv2

    if grey.ndim == 3:
        grey = cv2.cvtColor(grey, cv2.COLOR_BGR2GRAY)
    size = (round(layout.width_mm * px_per_mm), round(layout.height_mm * px_per_mm))
    if (grey.shape[1], grey.shape[0]) != size:
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    dark = (1.0 - grey.astype(np.float32) / 255.0).clip(0, 1)
    coarse_size = (
        round(layout.width_mm * COARSE_PX_PER_MM),
        round(layout.height_mm * COARSE_PX_PER_MM),
    )
    coarse = cv2.resize(dark, coarse_size, interpolation=cv2.INTER_AREA)
    template = BallotTemplate(layout, px_per_mm, dark, (), coarse)
    rows = tuple(_row_template(template, row) for row in layout.rows)
    return BallotTemplate(layout, px_per_mm, dark, rows, coarse)


def _row_template(template: BallotTemplate, row: Row) -> RowTemplate:
    s = template.px_per_mm
    inset = GRID_INSET_MM
    name_box = template.box(row.name_box)
    inner = template.box(
        Rect(
            row.name_box.x + inset,
            row.name_box.y + inset,
            row.name_box.w - 2 * inset,
            row.name_box.h - 2 * inset,
        )
    )
    printed = template.dark[inner.y0 : inner.y1, inner.x0 : inner.x1] >= PRINT_DARK
    ys, xs = np.nonzero(printed)
    if len(xs) == 0:
        raise TemplateError(f"row {row.number}: no printed name in the name box")
    text = Box(
        inner.x0 + int(xs.min()),
        inner.y0 + int(ys.min()),
        inner.x0 + int(xs.max()) + 1,
        inner.y0 + int(ys.max()) + 1,
    )
    band = _text_band(printed, inner.y0, s)
    parts = [row.number_box, row.name_box, row.agree_box, row.disagree_box]
    rects = [r for r in parts if r is not None]
    whole = Rect(rects[0].x, rects[0].y, rects[-1].right - rects[0].x, rects[0].h)
    return RowTemplate(
        number=row.number,
        name=row.name,
        row=template.box(whole),
        number_box=template.box(row.number_box),
        name_box=name_box,
        text=text,
        band=band,
        agree_box=template.box(row.agree_box) if row.agree_box else None,
        disagree_box=template.box(row.disagree_box) if row.disagree_box else None,
    )


def _text_band(printed: np.ndarray, y_offset: int, px_per_mm: float) -> tuple[int, int]:
    """Top of the capitals to the baseline. The x-height zone is where most printed pixels sit
    (the rows holding at least half of the busiest row); capitals rise about 0.4 x-heights
    above it; Vietnamese tone marks and descenders stay outside the band."""
    profile = printed.sum(axis=1).astype(np.float32)
    busy = np.nonzero(profile >= 0.5 * profile.max())[0]
    x_top, baseline = int(busy.min()), int(busy.max()) + 1
    x_height = baseline - x_top
    top = max(0, x_top - round(0.4 * x_height))
    return y_offset + top, y_offset + baseline
