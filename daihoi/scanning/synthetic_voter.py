"""What a synthetic voter does to a ballot: which names to strike, how, and the stray marks.

Part of the synthetic-ballot generator (`synthetic.py`). Every mark is placed from where the
name is actually printed on the page raster (`PrintedRow`, measured from the clean page), so a
strike starts a little before the first letter and ends a little after the last, and an
underline stays below the letters. The truth records what was drawn on each row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .synthetic_marks import (
    INK_RGB,
    Pen,
    Rng,
    Sheet,
    cross_paths,
    draw_path,
    ellipse_points,
    hand_path,
    tick_points,
)

STRIKE_SHAPES = ("straight", "slanted", "wavy", "doubled", "x", "zigzag", "scribble")
STRIKE_WEIGHTS = (0.36, 0.2, 0.1, 0.1, 0.08, 0.08, 0.08)
RULER_SHAPES = ("straight", "slanted", "doubled", "x")  # strokes one can draw along a ruler
DISTRACTORS = ("underline", "tick", "dot", "circle_number")
# How a strike ballot's keep/strike pattern is chosen (scenario: weight).
STRIKE_SCENARIOS = {
    "exact": 0.5,  # exactly as many names kept as seats
    "typical": 0.25,  # fewer kept than seats, at least one
    "overvote": 0.08,  # more kept than seats (too few struck), at least one struck
    "none_struck": 0.08,
    "all_struck": 0.09,
}


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class PrintedRow:
    """Where one row's ink is on the clean page, in mm."""

    number: int
    name: str
    cell: Box  # the name cell
    text: Box  # bounding box of the printed name (diacritics included)
    core: tuple[float, float]  # the dense band of the letters (x-height), top and bottom
    number_cell: Box
    number_text: Box
    agree: Box | None = None
    disagree: Box | None = None


@dataclass
class Habits:
    """One voter is consistent: one pen, one favourite stroke, ruler or not."""

    pen: Pen
    shape: str
    ruler: bool
    jitter_mm: float
    partial_rows: int  # struck names whose stroke stops short
    stray_marks: int  # kept names with a stray mark
    odd_marks: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "pen": self.pen.as_dict(),
            "shape": self.shape,
            "ruler": self.ruler,
            "jitter_mm": round(self.jitter_mm, 3),
        }


@dataclass
class RowTruth:
    number: int
    name: str
    truth: str  # "struck" / "kept", or a mark: "agree", "disagree", "both", "none"
    drawn: list[str] = field(default_factory=list)
    partial: bool = False

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"number": self.number, "name": self.name, "truth": self.truth}
        if self.drawn:
            out["drawn"] = self.drawn
        if self.partial:
            out["partial"] = True
        return out


def choose_struck(n: int, seats: int, rng: Rng) -> tuple[str, set[int]]:
    """A scenario and the 0-based indices of the names struck out."""
    names = list(STRIKE_SCENARIOS)
    weights = np.array([STRIKE_SCENARIOS[k] for k in names])
    scenario = str(rng.choice(names, p=weights / weights.sum()))
    if scenario == "typical" and seats <= 1:
        scenario = "exact"
    if scenario == "overvote" and n - seats <= 1:
        scenario = "none_struck"
    kept = {
        "exact": seats,
        "typical": int(rng.integers(1, seats)) if seats > 1 else seats,
        "overvote": int(rng.integers(seats + 1, n)) if n - seats > 1 else n,
        "none_struck": n,
        "all_struck": 0,
    }[scenario]
    struck = rng.choice(n, size=n - kept, replace=False) if kept < n else np.array([], int)
    return scenario, {int(i) for i in struck}


def strike_paths(row: PrintedRow, habits: Habits, shape: str, rng: Rng, partial: bool) -> list[Any]:
    """The paths of one strike-through of the printed name, in mm."""
    text, cell = row.text, row.cell
    x0 = max(cell.x0 - 1.0, text.x0 - rng.uniform(0.6, 3.0))
    x1 = min(cell.x1 + 1.0, text.x1 + rng.uniform(0.6, 4.0))
    if partial:  # slightly short of covering: starts late or stops early
        short = text.w * rng.uniform(0.1, 0.25)
        if rng.random() < 0.5:
            x0 = text.x0 + short
        else:
            x1 = text.x1 - short
    core_top, core_bottom = row.core
    yc = (core_top + core_bottom) / 2 + rng.normal(0, 0.12 * (core_bottom - core_top))
    # How far from the middle a stroke may reach and stay in its own row.
    room = min(yc - cell.y0, cell.y1 - yc) - 0.15 * cell.h - habits.pen.width_mm / 2
    length = x1 - x0
    jitter = 0.0 if habits.ruler else habits.jitter_mm

    def line(ya: float, yb: float, xa: float = x0, xb: float = x1) -> Any:
        return hand_path(np.array([[xa, ya], [xb, yb]]), rng, habits.pen, jitter, habits.ruler)

    if shape == "straight":
        tilt = rng.uniform(-1.2, 1.2)
        dy = length / 2 * math.tan(math.radians(tilt))
        return [line(yc - dy, yc + dy)]
    if shape == "slanted":
        # Steep enough to see, never so steep that it leaves the letters before the name ends.
        limit = math.degrees(math.atan(min(room, text.h * 0.4) / (text.w / 2 + 1.0)))
        angle = rng.uniform(2.0, 8.0) * rng.choice([-1, 1])
        angle = max(-limit, min(limit, angle))
        dy = length / 2 * math.tan(math.radians(angle))
        return [line(yc - dy, yc + dy)]
    if shape == "doubled":
        gap = rng.uniform(0.6, 1.4)
        second = line(yc + gap / 2, yc + gap / 2 + rng.uniform(-0.3, 0.3), x1, x0)
        if rng.random() < 0.5:  # a second separate stroke instead of going back
            second = line(yc + gap / 2, yc + gap / 2)
        return [line(yc - gap / 2, yc - gap / 2), second]
    if shape == "x":
        h = min(room - jitter, rng.uniform(0.25, 0.4) * cell.h)
        return [line(yc - h, yc + h), line(yc + h, yc - h)]
    xs = np.arange(x0, x1, 0.25)
    if shape == "wavy":
        amp = min(room * 0.6, rng.uniform(0.4, 0.9))
        ys = yc + amp * np.sin(2 * np.pi * (xs - x0) / rng.uniform(3.0, 7.0) + rng.uniform(0, 6))
        return [hand_path(np.stack([xs, ys], 1), rng, habits.pen, jitter * 0.5)]
    amp = min(room * 0.8, rng.uniform(0.8, 1.6))
    pitch = rng.uniform(1.5, 3.5)
    if shape == "zigzag":
        k = max(2, int(length / pitch))
        px = np.linspace(x0, x1, k + 1)
        py = yc + amp * np.where(np.arange(k + 1) % 2 == 0, -1, 1) * rng.uniform(0.7, 1.0, k + 1)
        return [hand_path(np.stack([px, py], 1), rng, habits.pen, jitter * 0.3)]
    # scribble: forward loops, the pen circling as it moves along the name
    t = np.linspace(0, 1, max(40, int(length * 6)))
    turns = length / pitch
    px = x0 + t * length + 0.8 * amp * np.cos(2 * np.pi * turns * t)
    py = yc + amp * np.sin(2 * np.pi * turns * t) * rng.uniform(0.8, 1.0)
    return [hand_path(np.stack([px, py], 1), rng, habits.pen, jitter * 0.3)]


def draw_distractor(
    sheet: Sheet, row: PrintedRow, habits: Habits, kind: str, rng: Rng
) -> str | None:
    """A stray mark on a kept name that is not a strike: below, beside, or around the number.
    Returns what was drawn, or None when there was no room for it."""
    pen, text, cell = habits.pen, row.text, row.cell
    half = pen.width_mm / 2
    if kind == "underline":
        y = text.y1 + half + rng.uniform(0.35, 0.9)
        y = min(y, cell.y1 + 0.4)  # on the row border at the lowest
        if y - half - 0.3 <= text.y1:
            return None
        pts = np.array([[text.x0 - rng.uniform(0, 2), y], [text.x1 + rng.uniform(-2, 3), y]])
        draw_path(sheet, hand_path(pts, rng, pen, 0.0, ruler=True), pen, rng)
        return "underline"
    if kind == "tick":
        room = cell.x1 - text.x1
        if room < 7.0:
            return None
        size = min(cell.h * 0.7, rng.uniform(2.5, 4.0))
        cx = text.x1 + rng.uniform(2.5, min(room - 2.5, 8.0))
        pts = tick_points(cx, row.cell.cy, size, rng)
        draw_path(sheet, hand_path(pts, rng, pen, 0.05), pen, rng)
        return "tick"
    if kind == "dot":
        room = cell.x1 - text.x1
        if room < 4.0:
            return None
        cx = text.x1 + rng.uniform(1.5, min(room - 1.5, 6.0))
        sheet.dot(
            cx,
            row.cell.cy + rng.uniform(-1, 1),
            rng.uniform(0.3, 0.6),
            INK_RGB[pen.colour],
            pen.opacity,
        )
        return "dot"
    box = row.number_cell
    pts = ellipse_points(
        box.cx, box.cy, box.w * rng.uniform(0.3, 0.42), box.h * rng.uniform(0.3, 0.4), rng
    )
    draw_path(sheet, hand_path(pts, rng, pen, 0.05), pen, rng)
    return "circle_number"


def draw_box_mark(sheet: Sheet, box: Box, habits: Habits, rng: Rng) -> str:
    """A tick or a cross in an agree/disagree box."""
    size = min(box.w, box.h) * rng.uniform(0.5, 0.8)
    cx = box.cx + rng.uniform(-0.15, 0.15) * box.w
    cy = box.cy + rng.uniform(-0.08, 0.08) * box.h
    if rng.random() < 0.6:
        draw_path(
            sheet, hand_path(tick_points(cx, cy, size, rng), rng, habits.pen, 0.05), habits.pen, rng
        )
        return "box_tick"
    for pts in cross_paths(cx, cy, size * rng.uniform(0.8, 1.1), size):
        draw_path(sheet, hand_path(pts, rng, habits.pen, 0.05), habits.pen, rng)
    return "box_cross"


@dataclass(frozen=True)
class Mix:
    """How often the unusual things happen, per ballot (odd_marks: per row, each of both/none)."""

    name: str = "realistic"
    seal: float = 0.99  # an unstamped ballot is a rare defect
    crease: float = 0.10  # folded across the page
    partial: float = 0.02  # one stroke short of the whole name
    stray: float = 0.03  # one or two stray marks on kept names
    odd_marks: float = 0.01  # columns style: both boxes, or neither
    writing: float = 0.005  # a few handwritten words outside the list (makes a ballot invalid)


MIXES = {
    "realistic": Mix(),
    # Many more of the hard cases, for hunting silent errors (review rates mean little here).
    "stress": Mix(
        "stress", seal=0.9, crease=0.3, partial=0.2, stray=0.3, odd_marks=0.05, writing=0.1
    ),
}


def random_habits(rng: Rng, pen: Pen, mix: Mix | None = None) -> Habits:
    mix = mix or MIXES["realistic"]
    shape = str(rng.choice(STRIKE_SHAPES, p=np.array(STRIKE_WEIGHTS) / sum(STRIKE_WEIGHTS)))
    return Habits(
        pen=pen,
        shape=shape,
        ruler=bool(rng.random() < 0.2 and shape in RULER_SHAPES),
        jitter_mm=float(rng.uniform(0.1, 0.45)),
        partial_rows=int(rng.random() < mix.partial),
        stray_marks=int(rng.integers(1, 3)) if rng.random() < mix.stray else 0,
        odd_marks=mix.odd_marks,
    )


def mark_strike_ballot(
    sheet: Sheet, rows: list[PrintedRow], seats: int, habits: Habits, rng: Rng
) -> tuple[str, list[RowTruth]]:
    scenario, struck = choose_struck(len(rows), seats, rng)
    kept = [i for i in range(len(rows)) if i not in struck]
    partial = _some(sorted(struck), habits.partial_rows, rng)
    stray = _some(kept, habits.stray_marks, rng)
    truths = []
    for i, row in enumerate(rows):
        truth = RowTruth(row.number, row.name, "struck" if i in struck else "kept")
        if i in struck:
            shape = habits.shape
            if rng.random() < 0.12:  # now and then another stroke than the usual one
                shape = str(rng.choice(STRIKE_SHAPES))
            truth.partial = i in partial
            for path in strike_paths(row, habits, shape, rng, truth.partial):
                draw_path(sheet, path, habits.pen, rng)
            ruled = habits.ruler and shape in RULER_SHAPES
            truth.drawn.append(f"strike:{shape}" + (":ruler" if ruled else ""))
        elif i in stray:
            kind = str(rng.choice(DISTRACTORS))
            drawn = draw_distractor(sheet, row, habits, kind, rng)
            if drawn:
                truth.drawn.append(drawn)
        truths.append(truth)
    return scenario, truths


def draw_writing(sheet: Sheet, area: Box, habits: Habits, rng: Rng) -> dict[str, float]:
    """A few handwritten words (loops of varying height) somewhere in `area`, off the list."""
    length = rng.uniform(12, 28)
    height = rng.uniform(2.0, 3.5)
    x0 = rng.uniform(area.x0, max(area.x0, area.x1 - length))
    y0 = rng.uniform(area.y0 + height, max(area.y0 + height, area.y1 - height))
    t = np.linspace(0, 1, int(length * 8))
    loops = length / rng.uniform(1.2, 2.0)
    word = np.sin(2 * np.pi * t * length / rng.uniform(5, 9)) > -0.6  # gaps between words
    px = x0 + t * length + 0.5 * np.cos(2 * np.pi * loops * t)
    py = y0 - height * (0.5 + 0.5 * np.abs(np.sin(np.pi * loops * t))) * rng.uniform(0.6, 1.0)
    start = 0
    for i in range(1, len(t) + 1):  # one path per word
        if i == len(t) or word[i] != word[start]:
            if word[start] and i - start > 3:
                pts = np.stack([px[start:i], py[start:i]], 1)
                draw_path(sheet, hand_path(pts, rng, habits.pen, 0.05), habits.pen, rng)
            start = i
    return {"x_mm": round(float(x0), 1), "y_mm": round(float(y0), 1), "length_mm": round(length, 1)}


def _some(indices: list[int], k: int, rng: Rng) -> set[int]:
    if k <= 0 or not indices:
        return set()
    return {int(i) for i in rng.choice(indices, size=min(k, len(indices)), replace=False)}


def mark_columns_ballot(
    sheet: Sheet, rows: list[PrintedRow], habits: Habits, rng: Rng
) -> tuple[str, list[RowTruth]]:
    """Agree/disagree ballot: mostly agree, some disagree, rarely both boxes or neither."""
    scenario = str(rng.choice(["agree_all", "mixed", "disagree_all"], p=[0.6, 0.3, 0.1]))
    truths = []
    for row in rows:
        assert row.agree is not None and row.disagree is not None
        if scenario == "agree_all":
            mark = "agree"
        elif scenario == "disagree_all":
            mark = "disagree"
        else:
            mark = str(rng.choice(["agree", "disagree"], p=[0.65, 0.35]))
        odd = rng.random()
        if odd < habits.odd_marks:
            mark = "both"
        elif odd < 2 * habits.odd_marks:
            mark = "none"
        truth = RowTruth(row.number, row.name, mark)
        boxes = {
            "agree": [row.agree],
            "disagree": [row.disagree],
            "both": [row.agree, row.disagree],
            "none": [],
        }
        for box in boxes[mark]:
            truth.drawn.append(draw_box_mark(sheet, box, habits, rng))
        truths.append(truth)
    return scenario, truths
