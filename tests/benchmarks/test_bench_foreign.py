"""Smoke test of benchmarks/bench_foreign.py: poppler finds every printed name, the pen lands on
the names it says it struck, and a small run reads back with no silent error. No timings.
Needs poppler-utils (pdftoppm, pdftotext), which .ci/run installs."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from .test_bench_scan import BENCHMARKS, _load


@pytest.fixture(scope="module")
def foreign():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCHMARKS))
    return _load("bench_foreign")


def test_poppler_finds_every_name_and_the_pen_lands_on_the_struck_ones(
    foreign, tmp_path: Path
) -> None:
    from scan_elections import election_data

    from daihoi.printing.election_paper import parse_election_paper
    from daihoi.printing.machine_ballot import render_machine_ballot_pdf

    data = election_data("t", 5, 3, "committee")
    paper = parse_election_paper(data)
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(render_machine_ballot_pdf(paper, paper.layout("A5")))
    boxes = foreign.name_boxes(pdf, list(data["candidates"]))
    assert set(boxes) == set(data["candidates"])
    page = foreign.rasterize(pdf, 150)
    marked = page.copy()
    name = data["candidates"][2]
    foreign.strike(
        marked, boxes[name], 150 / 72, 150 / 25.4, ((30, 30, 30), 3), np.random.default_rng(1)
    )
    changed = np.nonzero((marked != page).any(axis=2))
    x0, y0, x1, y1 = (v * 150 / 72 for v in boxes[name])
    assert changed[0].size > 0
    assert changed[1].min() < x0 and changed[1].max() > x1  # past both ends of the name
    assert y0 - 15 <= np.median(changed[0]) <= y1 + 15


def test_a_small_run_has_no_silent_error(foreign) -> None:
    results = foreign.run(SimpleNamespace(per=2, seed=3, keep=None))
    assert len(results) == 8  # 4 strike lists × scan and phone
    assert all(r["ballots"] == 2 for r in results.values())
    assert sum(r.get("silent_errors", 0) for r in results.values()) == 0
    assert sum(r.get("ok", 0) for r in results.values()) >= 12
