"""Reading one ballot image, and a batch of files into the `daihoi scan` JSON.

A ballot is `ok` only when the page was found, its QR code is this election's, and every row
was decided with certainty; `review` names the doubtful rows (and page-level doubts: writing
outside the list; no seal, when asked to check it); `unreadable` says why the page could not be
read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from daihoi.printing.ballot_layout import PAPERS, BallotLayout, LayoutError, Rect
from daihoi.printing.election_paper import ElectionPaper

from .align import AlignError, PageFit, fit_page, rects_in_image
from .boxes import columns_scores, decide_columns
from .evidence import (
    SEARCH_PX,
    TOO_BLURRED_PX,
    TOO_NOISY,
    Psf,
    estimate_psf,
    paper_noise,
    register,
    with_model,
)
from .page_checks import OUTSIDE_MAX_MM2, SEAL_MIN_MM2, PageMarks, page_marks
from .qr import qr_anywhere, qr_verdict
from .refine import table_maps
from .strikes import RowDecision, RowScores, decide_strike, strike_scores
from .template import PX_PER_MM, BallotTemplate, Box, RowTemplate

MIN_IMAGE_PX = 200
# Pages finer than HIGH_RES_PX × the canonical resolution (~335 dpi) are read at WORKING_PX ×.
HIGH_RES_PX = 2.2
WORKING_PX = 1.5


@dataclass(frozen=True)
class RowReading:
    number: int
    name: str
    state: str  # struck | kept | doubtful (strike); agree | disagree | both | none | doubtful
    confidence: float
    scores: dict[str, Any]
    polygon: tuple[tuple[float, float], ...]  # the name box in the original image's pixels

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "state": self.state,
            "confidence": self.confidence,
            "scores": self.scores,
            "polygon": [[round(x, 1), round(y, 1)] for x, y in self.polygon],
        }


@dataclass(frozen=True)
class BallotReading:
    status: str  # ok | review | unreadable
    reason: str  # "" when ok; a code (doubtful_rows, no_seal, ink_outside_rows, not_a_ballot…)
    detail: str  # one line for people
    style: str = "strike"
    kept: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    marks: dict[str, str] | None = None  # columns style: name -> agree|disagree|both|none
    rows: tuple[RowReading, ...] = ()
    rotation: float = 0.0
    markers: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def ballot_input(self) -> dict[str, Any]:
        """This ballot as the tally engine takes it ({"kept": …} or {"marks": …})."""
        if self.marks is not None:
            return {"marks": dict(self.marks)}
        return {"kept": list(self.kept)}


def unreadable(reason: str, detail: str, **extra: Any) -> BallotReading:
    return BallotReading("unreadable", reason, detail, extra=extra)


def read_ballot(
    image: np.ndarray,
    paper: ElectionPaper,
    template: BallotTemplate,
    *,
    require_seal: bool = False,
) -> BallotReading:
    """Read one page (BGR or grey uint8) of this election, printed as `template`.

    The counting board checks the seal on the paper; with `require_seal` the machine also sends
    a page without seal ink to review (reason no_seal). Off by default: ballots printed by
    another program, or test prints, carry no seal."""
    import cv2

    layout = template.layout
    px = template.px_per_mm
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    if layout.election_key != paper.key:
        raise ValueError("the template is not this election's ballot")
    if min(grey.shape[:2]) < MIN_IMAGE_PX:
        return unreadable("not_a_ballot", "the image is too small to hold a ballot")
    try:
        fit = fit_page(grey, layout, px)
    except AlignError as exc:
        other = _other_paper(grey, paper, layout) if exc.reason == "bad_geometry" else None
        if other is not None:
            return unreadable(
                "wrong_paper", f"a {other} ballot of this election; read it with --paper {other}"
            )
        if exc.reason in ("markers_missing", "bad_geometry"):
            better = qr_anywhere(grey, layout)
            if better is not None:
                return unreadable(*better)
        return unreadable(exc.reason, exc.detail)
    grey, fit, scale = _working_resolution(grey, fit, layout, px)
    wrong = qr_verdict(grey, fit, layout, px)
    if wrong is not None:
        return unreadable(*wrong, rotation=round(fit.rotation, 1))
    maps, fit = table_maps(grey, fit, template)
    marks = page_marks(grey, fit, template)
    shifts = [register(maps, template, row.row) for row in template.rows]
    psf = with_model(estimate_psf(maps, template, shifts), template, maps)
    noise = paper_noise(maps, template, shifts, psf)
    if psf.spread_px > TOO_BLURRED_PX or noise > TOO_NOISY:
        return unreadable(
            "poor_image",
            "the image is too blurred, noisy or small to see pen strokes: scan or "
            "photograph it again, closer, steadier and in good light",
            rotation=round(fit.rotation, 1),
            blur_px=round(psf.spread_px, 2),
            noise=round(noise, 3),
        )
    decisions: list[RowDecision] = []
    seen = rects_in_image(grey.shape, fit, px, [_mm(row.row, px) for row in template.rows])
    for row, shift, in_image in zip(template.rows, shifts, seen, strict=True):
        lost = max(abs(shift[0]), abs(shift[1])) >= SEARCH_PX - 0.05  # registration failed
        if lost or not in_image:
            decisions.append(RowDecision("doubtful", 0.0, RowScores(shift=shift, visible=0.0)))
        elif layout.style == "strike":
            band = _mm(Box(row.text.x0, row.band[0], row.text.x1, row.band[1]), px)
            creases = marks.creases_through(band.x, band.right, band.y - 1.0, band.bottom + 1.0)
            scores = strike_scores(maps, template, row, shift, psf, creases, noise)
            decisions.append(decide_strike(scores))
        else:
            decisions.append(decide_columns(columns_scores(maps, template, row, shift, psf)))
    polygons = _name_polygons(template.rows, decisions, fit, scale)
    rows = tuple(
        _row_reading(row, d, polygon)
        for row, d, polygon in zip(template.rows, decisions, polygons, strict=True)
    )
    return _verdict(layout.style, rows, fit, psf, marks, noise, require_seal)


def _working_resolution(
    grey: np.ndarray, fit: PageFit, layout: BallotLayout, px: float
) -> tuple[np.ndarray, PageFit, float]:
    """(image, fit, scale): a page scanned far finer than the canonical resolution (400–600
    dpi) is first reduced by area averaging to WORKING_PX × px; warped straight down, its
    letters alias (sampled, not averaged) and no longer match the template's. `scale` maps
    the original image's pixels onto the returned one's (1.0: unchanged)."""
    import cv2

    if fit.source_px_per_mm <= HIGH_RES_PX * px:
        return grey, fit, 1.0
    scale = WORKING_PX * px / fit.source_px_per_mm
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    try:
        return small, fit_page(small, layout, px), scale
    except AlignError:  # the markers were found at full size: keep it
        return grey, fit, 1.0


def _other_paper(grey: np.ndarray, paper: ElectionPaper, layout: BallotLayout) -> str | None:
    """The other paper size when the page is this election's ballot printed on it."""
    for size in PAPERS:
        if size == layout.paper:
            continue
        try:
            other = paper.layout(size)
            fit = fit_page(grey, other, PX_PER_MM)
        except (LayoutError, AlignError):
            continue
        if qr_verdict(grey, fit, other, PX_PER_MM) is None:
            return size
    return None


def _mm(box: Box, px: float) -> Rect:
    return Rect(box.x0 / px, box.y0 / px, box.w / px, box.h / px)


def _name_polygons(
    rows: tuple[RowTemplate, ...], decisions: list[RowDecision], fit: PageFit, scale: float
) -> list[tuple[tuple[float, float], ...]]:
    """Each name box, moved by its row's shift, in the original image's pixels (all the
    corners mapped at once: point by point, the same values as row by row; `scale`: the
    image read was the original reduced by it)."""
    import cv2

    if not rows:
        return []
    corners = []
    for row, decision in zip(rows, decisions, strict=True):
        box = row.name_box
        dx, dy = decision.scores.shift
        corners += [
            [[box.x0 + dx, box.y0 + dy]],
            [[box.x1 + dx, box.y0 + dy]],
            [[box.x1 + dx, box.y1 + dy]],
            [[box.x0 + dx, box.y1 + dy]],
        ]
    points = cv2.perspectiveTransform(np.array(corners, dtype=np.float64), fit.inverse)
    if scale != 1.0:
        points = np.asarray(points, np.float64) / scale
    return [tuple((float(x), float(y)) for x, y in quad) for quad in points.reshape(-1, 4, 2)]


def _row_reading(
    row: RowTemplate, decision: RowDecision, polygon: tuple[tuple[float, float], ...]
) -> RowReading:
    return RowReading(
        number=row.number,
        name=row.name,
        state=decision.state,
        confidence=decision.confidence,
        scores=decision.scores.as_dict(),
        polygon=polygon,
    )


def _verdict(
    style: str,
    rows: tuple[RowReading, ...],
    fit: PageFit,
    psf: Psf,
    marks: PageMarks,
    noise: float,
    require_seal: bool,
) -> BallotReading:
    doubtful = tuple(r.name for r in rows if r.state == "doubtful")
    reasons, details = [], []
    if doubtful:
        reasons.append("doubtful_rows")
        details.append(
            "doubtful: " + ", ".join(str(r.number) for r in rows if r.state == "doubtful")
        )
    seal_mm2, outside_mm2 = marks.seal_mm2, marks.outside_mm2
    if require_seal and seal_mm2 < SEAL_MIN_MM2:
        reasons.append("no_seal")
        details.append("the seal is not visible")
    if outside_mm2 > OUTSIDE_MAX_MM2:
        reasons.append("ink_outside_rows")
        details.append(f"{outside_mm2:.0f} mm² of ink outside the list")
    extra = {
        "blur": psf.name,
        "blur_px": round(psf.spread_px, 2),
        "noise": round(noise, 3),
        "print_misfit": round(psf.error, 3),
        "fit_error_mm": round(fit.error_mm, 3),
        "seal_mm2": round(seal_mm2, 1),
        "outside_mm2": round(outside_mm2, 1),
        "creases": [[round(v, 1) for v in c] for c in marks.creases],
    }
    box_marks = None
    kept: tuple[str, ...] = ()
    if style == "strike":
        kept = tuple(r.name for r in rows if r.state == "kept")
    else:
        box_marks = {r.name: r.state for r in rows if r.state != "doubtful"}
    return BallotReading(
        status="review" if reasons else "ok",
        reason=",".join(reasons),
        detail="; ".join(details),
        style=style,
        kept=kept,
        uncertain=doubtful,
        marks=box_marks,
        rows=rows,
        rotation=round(fit.rotation, 1),
        markers=fit.markers,
        extra=extra,
    )


def read_files(
    paper: ElectionPaper,
    files: list[tuple[str, bytes]],
    template: BallotTemplate,
    *,
    issued: int | None = None,
    workers: int | None = None,
    rows: bool = False,
    require_seal: bool = False,
) -> dict[str, Any]:
    """Read every page of every file: `{"ballots": […], "tally": …, "review": n, …}` (the
    `daihoi scan --json` output, docs/scanning.md). `tally` counts the ok ballots only (issued =
    their number unless given). workers: processes (None = one per core for 8 pages or more,
    1 = this process only). rows=True adds each ballot's row readings (scores, polygons).
    require_seal: see read_ballot."""
    from .batch import read_entries, summarise

    entries = read_entries(
        paper, files, template, workers=workers, rows=rows, require_seal=require_seal
    )
    return summarise(paper, entries, issued)
