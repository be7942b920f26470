"""Row decisions on fake scans: every way of striking a name reads struck; underlines, ticks,
dots and nothing never read struck; a partial stroke is doubtful; folds and faint pens never
make a silent error; a light fold across a kept name on a scan still reads kept."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from daihoi.scanning import load_pages, read_ballot
from daihoi.scanning.strikes import RowScores, decide_strike

from .conftest import MARK_PX_PER_MM, Printed
from .fakes import PENS, STRUCK_KINDS, Marker, Pen, photo, scan


def _states(printed: Printed, data: bytes) -> list[str]:
    reading = read_ballot(load_pages(data, "x.jpg")[0], printed.paper, printed.template)
    assert reading.status != "unreadable", reading.detail
    return [row.state for row in reading.rows]


@pytest.mark.parametrize("kind", STRUCK_KINDS)
@pytest.mark.parametrize("seed", [1, 2])
def test_every_way_of_striking_reads_struck(strike_ballot: Printed, kind: str, seed: int) -> None:
    states = _states(strike_ballot, strike_ballot.scanned({2: kind, 5: kind}, seed=seed))
    assert states == ["kept", "struck", "kept", "kept", "struck"]


@pytest.mark.parametrize("colour", sorted(PENS))
def test_any_pen_colour_and_a_felt_pen(strike_ballot: Printed, colour: str) -> None:
    for pen in (Pen(PENS[colour], 0.35, 0.9), Pen(PENS[colour], 1.2, 0.85)):
        states = _states(strike_ballot, strike_ballot.scanned({3: "straight"}, seed=3, pen=pen))
        assert states == ["kept", "kept", "struck", "kept", "kept"]


@pytest.mark.parametrize("kind", ["underline", "tick", "dot", "none"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_marks_beside_a_name_never_read_struck(
    strike_ballot: Printed, kind: str, seed: int
) -> None:
    states = _states(strike_ballot, strike_ballot.scanned({1: kind, 4: kind}, seed=seed))
    assert "struck" not in states
    assert states[1] == states[2] == states[4] == "kept"


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_partial_stroke_is_doubtful(strike_ballot: Printed, seed: int) -> None:
    states = _states(strike_ballot, strike_ballot.scanned({2: "partial"}, seed=seed))
    assert states[1] == "doubtful"
    assert states.count("kept") == 4


def test_a_phone_photo_reads_the_same_rows(strike_ballot: Printed) -> None:
    page = strike_ballot.marked({1: "wavy", 3: "cross", 4: "underline"}, seed=5)
    states = _states(strike_ballot, photo(page, MARK_PX_PER_MM, np.random.default_rng(6)))
    assert states[0] == states[2] == "struck"
    assert states[1] == states[4] == "kept"
    assert states[3] in ("kept", "doubtful")


@pytest.mark.parametrize("strength", [0.25, 0.4, 0.6])
def test_faint_pens_are_struck_or_doubtful_never_kept(
    strike_ballot: Printed, strength: float
) -> None:
    pen = Pen(PENS["blue"], 0.4, strength)
    states = _states(
        strike_ballot, strike_ballot.scanned({2: "straight", 4: "wavy"}, seed=7, pen=pen)
    )
    assert states[1] in ("struck", "doubtful") and states[3] in ("struck", "doubtful")
    assert states[0] == states[2] == states[4] == "kept"


def _fold(page: np.ndarray, y_mm: float, darkness: float) -> float:
    """A crease right across the sheet: a thin grey line, 0.8 mm lower at the right edge.
    Returns its slope (mm per mm)."""
    import cv2

    s = MARK_PX_PER_MM
    layer = np.zeros(page.shape[:2], np.float32)
    cv2.line(
        layer, (0, round(y_mm * s)), (page.shape[1], round((y_mm + 0.8) * s)), 1.0, 2, cv2.LINE_AA
    )
    page[:] = (page.astype(np.float32) * (1 - darkness * layer[:, :, None])).astype(np.uint8)
    return 0.8 * s / page.shape[1]


@pytest.mark.parametrize("darkness", [0.1, 0.2, 0.35])
def test_a_fold_across_a_kept_name_is_never_a_strike(
    strike_ballot: Printed, darkness: float
) -> None:
    row = strike_ballot.template.rows[2]
    page = strike_ballot.marked({5: "straight"}, seed=8)
    _fold(page, (row.band[0] + row.band[1]) / 2 / strike_ballot.template.px_per_mm, darkness)
    states = _states(strike_ballot, scan(page, MARK_PX_PER_MM, np.random.default_rng(9)))
    assert states[2] in ("kept", "doubtful")
    assert states[4] == "struck"


def test_a_light_fold_across_a_kept_name_on_a_scan_reads_kept(strike_ballot: Printed) -> None:
    row = strike_ballot.template.rows[2]
    page = strike_ballot.marked({5: "straight"}, seed=8)
    _fold(page, (row.band[0] + row.band[1]) / 2 / strike_ballot.template.px_per_mm, 0.06)
    data = scan(page, MARK_PX_PER_MM, np.random.default_rng(9), angle=0.5)
    reading = read_ballot(load_pages(data, "x.jpg")[0], strike_ballot.paper, strike_ballot.template)
    assert reading.rows[2].scores["crease"] is True
    assert [r.state for r in reading.rows] == ["kept", "kept", "kept", "kept", "struck"]
    assert reading.status == "ok"


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("strength", [0.15, 0.2, 0.3])
def test_a_pen_drawn_along_a_fold_is_never_read_kept(
    strike_ballot: Printed, seed: int, strength: float
) -> None:
    """A light stroke lying on the fold line is hidden from the ordinary evidence (the fold's
    zone is left out of it; without the fold test these read kept): the fold's own darkness
    over the name must give it away."""
    template = strike_ballot.template
    px = template.px_per_mm
    row = template.rows[2]
    page = strike_ballot.marked({5: "straight"}, seed=8)
    y = (row.band[0] + row.band[1]) / 2 / px
    slope = _fold(page, y, 0.12)
    x0, x1 = row.text.x0 / px - 2.0, row.text.x1 / px + 2.0
    rng = np.random.default_rng(seed)
    marker = Marker(page, MARK_PX_PER_MM, rng)
    offset = float(rng.uniform(-0.2, 0.2))
    marker.stroke(
        [(x, y + slope * x + offset) for x in np.linspace(x0, x1, 12)],
        Pen(PENS["violet"], 0.5, strength),
    )
    for dpi in (150, 200):
        data = scan(page, MARK_PX_PER_MM, np.random.default_rng(seed + 10), dpi=dpi, angle=0.3)
        states = _states(strike_ballot, data)
        assert states[2] in ("struck", "doubtful"), (dpi, states)
        assert states[4] == "struck"


def test_decisions_on_scores_alone() -> None:
    struck = RowScores(cover=1.0, seen=1.0, inked=0.9, open_bins=3, open_inked=1.0)
    assert decide_strike(struck).state == "struck"
    folded = RowScores(visible=0.9, crease=True, fold_ink=0.3, fold_seen=0.4)  # a pen along it
    assert decide_strike(folded).state == "doubtful"
    # A fold as light as a fold alone, seen over clear paper: the name is kept...
    light = RowScores(visible=0.9, crease=True, fold_ink=0.02, fold_seen=0.4)
    assert decide_strike(light).state == "kept"
    # ... but not when too little of it crosses clear paper, or it is darker than a fold.
    assert decide_strike(replace(light, fold_seen=0.05)).state == "doubtful"
    assert decide_strike(replace(light, fold_ink=0.05)).state == "doubtful"
    assert decide_strike(RowScores(visible=0.9)).state == "kept"
    misfit = RowScores(cover=0.95, seen=0.0, inked=0.3)  # ink only at the letters' edges
    assert decide_strike(misfit).state == "doubtful"
    # A short name on a blurred photo, no open gap: a trace of ink on its letters alone is
    # residue of another renderer; any ink on clear paper, or more of it, is not.
    trace = RowScores(cover=0.5, inked=0.1, visible=0.68, band_ink_mm2=0.3)
    assert decide_strike(trace).state == "kept"
    assert decide_strike(replace(trace, clear_ink_mm2=0.1)).state == "doubtful"
    assert decide_strike(replace(trace, band_ink_mm2=0.6)).state == "doubtful"
    assert decide_strike(replace(trace, inked=0.2)).state == "doubtful"
    # A skipping pen that misses two of three open gaps: struck only when it shows elsewhere
    # wherever its path is visible, in dark ink over nearly the whole name.
    skipping = RowScores(
        cover=0.95,
        seen=0.8,
        inked=0.2,
        strong_cover=0.95,
        open_bins=3,
        open_inked=0.33,
        band_ink_mm2=1.5,
        clear_ink_mm2=3.0,
    )
    assert decide_strike(skipping).state == "struck"
    assert decide_strike(replace(skipping, seen=0.7)).state == "doubtful"
    assert decide_strike(replace(skipping, strong_cover=0.8)).state == "doubtful"
    clean = RowScores(visible=0.9)
    assert decide_strike(clean).state == "kept"
    unseen = RowScores(visible=0.1)  # too little of the name visible to call it kept
    assert decide_strike(unseen).state == "doubtful"
    line = RowScores(visible=0.9, faint_line=0.08)  # a faint line along the name
    assert decide_strike(line).state == "doubtful"


def test_columns_style_reads_each_mark(columns_ballot: Printed) -> None:
    from .fakes import Marker

    page = columns_ballot.marked(seed=10)
    marker = Marker(page, MARK_PX_PER_MM, np.random.default_rng(11))
    first, second = columns_ballot.template.layout.rows
    for box in (first.agree_box, second.disagree_box):
        assert box is not None
        cx, cy = box.x + box.w / 2, box.y + box.h / 2
        marker.stroke([(cx - 3, cy), (cx - 1, cy + 2.5), (cx + 3.5, cy - 3)])
    data = scan(page, MARK_PX_PER_MM, np.random.default_rng(12))
    reading = read_ballot(
        load_pages(data, "c.jpg")[0], columns_ballot.paper, columns_ballot.template
    )
    assert reading.status == "ok"
    assert reading.marks == {first.name: "agree", second.name: "disagree"}
    assert reading.ballot_input() == {"marks": {first.name: "agree", second.name: "disagree"}}
