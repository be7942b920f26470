"""Agree / disagree boxes (the `columns` style, a list without surplus): ink in each box away
from its border, read as agree, disagree, both or none; a name struck on such a ballot is
doubtful (docs/scanning.md, step 7)."""

from __future__ import annotations

from .evidence import InkMaps, Psf, residual
from .strikes import INK, RowDecision, RowScores, confidence, inner_box, strike_scores, stroke_ink
from .template import BallotTemplate, RowTemplate

BOX_MARKED_MM2 = 2.5
BOX_EMPTY_MM2 = 0.5


def columns_scores(
    maps: InkMaps,
    template: BallotTemplate,
    row: RowTemplate,
    shift: tuple[float, float],
    psf: Psf,
) -> RowScores:
    """Ink in the agree and disagree boxes (mm², away from their borders)."""
    s = template.px_per_mm
    scores = RowScores(shift=shift)
    for label, box in (("agree", row.agree_box), ("disagree", row.disagree_box)):
        assert box is not None
        ink = stroke_ink(residual(maps, template, inner_box(box, round(0.8 * s)), shift, psf).ink)
        scores.boxes[label] = float((ink >= INK).sum()) / (s * s)
    name = strike_scores(maps, template, row, shift, psf)
    scores.cover, scores.band_ink_mm2 = name.cover, name.band_ink_mm2
    return scores


def decide_columns(scores: RowScores) -> RowDecision:
    agree, disagree = scores.boxes["agree"], scores.boxes["disagree"]
    if any(BOX_EMPTY_MM2 < v < BOX_MARKED_MM2 for v in (agree, disagree)) or scores.cover >= 0.5:
        return RowDecision("doubtful", 0.0, scores)
    marked = (agree >= BOX_MARKED_MM2, disagree >= BOX_MARKED_MM2)
    state = {(True, False): "agree", (False, True): "disagree", (True, True): "both"}.get(
        marked, "none"
    )
    nearest = min(
        abs(v - (BOX_MARKED_MM2 if v >= BOX_MARKED_MM2 else BOX_EMPTY_MM2))
        for v in (agree, disagree)
    )
    return RowDecision(state, confidence(0.5 + nearest / (2 * BOX_MARKED_MM2)), scores)
