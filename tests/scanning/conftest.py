"""Fixtures for the ballot reader: two printed elections (strike and columns style), their
templates, and a maker of fake scans (tests/scanning/fakes.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from daihoi.printing.election_paper import ElectionPaper, parse_election_paper
from daihoi.printing.machine_ballot import render_machine_ballot_pdf
from daihoi.scanning.template import BallotTemplate, template_from_pdf

from .fakes import Marker, Pen, page_raster, photo, scan, stamp

NAMES = [  # in A-B-C order by given name, as the ballot prints them (row i = NAMES[i - 1])
    "Trần Thị Ngọc Ánh",
    "Nguyễn Thị Hồng Nhung",
    "Đặng Văn Quỳnh",
    "Hoàng Đức Thắng",
    "Lương Thị Ỷ",
]
MARK_PX_PER_MM = 10.0  # the page is marked at this resolution, then scanned or photographed


def election_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rules": "190-2024",
        "body": "committee",
        "seats": 3,
        "base": 24,
        "candidates": NAMES,
        "congress": "ĐẠI HỘI ĐẢNG BỘ XÃ CẢNH THỤY LẦN THỨ XXIV, NHIỆM KỲ 2025 - 2030",
    }
    data.update(changes)
    return data


@dataclass
class Printed:
    paper: ElectionPaper
    pdf: bytes
    template: BallotTemplate
    page: np.ndarray  # the clean printed page at MARK_PX_PER_MM, BGR

    def marked(
        self,
        marks: dict[int, str] | Sequence[tuple[int, str]] = (),
        *,
        seed: int = 0,
        pen: Pen | None = None,
        sealed: bool = True,
    ) -> np.ndarray:
        """The page with pen marks: {row number: kind} (fakes.Marker.mark kinds)."""
        page = self.page.copy()
        if sealed:
            stamp(page, self.template.layout, MARK_PX_PER_MM)
        marker = Marker(page, MARK_PX_PER_MM, np.random.default_rng(seed))
        if pen is not None:
            marker.pen = pen
        items = marks.items() if isinstance(marks, dict) else marks
        for number, kind in items:
            marker.mark_row(self.template, number, kind)
        return page

    def scanned(
        self,
        marks: Any = (),
        *,
        seed: int = 0,
        pen: Pen | None = None,
        sealed: bool = True,
        **capture: Any,
    ) -> bytes:
        page = self.marked(marks, seed=seed, pen=pen, sealed=sealed)
        return scan(page, MARK_PX_PER_MM, np.random.default_rng(seed + 1000), **capture)

    def photographed(self, marks: Any = (), *, seed: int = 0, **capture: Any) -> bytes:
        page = self.marked(marks, seed=seed)
        return photo(page, MARK_PX_PER_MM, np.random.default_rng(seed + 2000), **capture)


def _printed(data: dict[str, Any], paper_size: str = "A5") -> Printed:
    paper = parse_election_paper(data)
    layout = paper.layout(paper_size)
    pdf = render_machine_ballot_pdf(paper, layout)
    return Printed(paper, pdf, template_from_pdf(pdf, layout), page_raster(pdf, MARK_PX_PER_MM))


@pytest.fixture(scope="session")
def strike_ballot() -> Printed:
    """5 names for 3 seats: a strike-out ballot."""
    return _printed(election_data())


@pytest.fixture(scope="session")
def columns_ballot() -> Printed:
    """2 names for 2 seats (no surplus): agree / disagree boxes."""
    return _printed(election_data(seats=2, candidates=NAMES[:2]))


@pytest.fixture(scope="session")
def printed() -> Callable[..., Printed]:
    """Any other election: printed(**election changes, paper_size='A5')."""
    cache: dict[str, Printed] = {}

    def make(paper_size: str = "A5", **changes: Any) -> Printed:
        key = repr(sorted(changes.items())) + paper_size
        if key not in cache:
            cache[key] = _printed(election_data(**changes), paper_size)
        return cache[key]

    return make
