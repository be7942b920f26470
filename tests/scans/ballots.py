"""Ballot images of a count for the scan tests: the count's own printed ballot, marked and
captured by the synthetic generator (daihoi/scanning/synthetic.py), with the truth."""

from __future__ import annotations

from typing import Any

from daihoi.elections.counting.paper import election_paper_for_count
from daihoi.elections.models import Count
from daihoi.printing.machine_ballot import render_machine_ballot_pdf
from daihoi.scanning.synthetic import SyntheticBallot, generate_ballots, prepare_page


def printed(count: Count, size: str = "A5") -> tuple[Any, Any, bytes]:
    paper = election_paper_for_count(count)
    layout = paper.layout(size)
    return paper, layout, _pdf(paper.key, size, paper, layout)


_PDFS: dict[tuple[str, str], bytes] = {}


def _pdf(key: str, size: str, paper: Any, layout: Any) -> bytes:
    if (key, size) not in _PDFS:
        _PDFS[(key, size)] = render_machine_ballot_pdf(paper, layout, 1)
    return _PDFS[(key, size)]


def synthetic_ballots(
    count: Count, n: int, seed: int = 7, profile: str = "scan200", size: str = "A5"
) -> list[SyntheticBallot]:
    paper, layout, pdf = printed(count, size)
    page = _prepared(paper.key, size, pdf, paper, layout)
    return list(generate_ballots(pdf, paper, layout, n, profile, seed=seed, page=page))


_PAGES: dict[tuple[str, str], Any] = {}


def _prepared(key: str, size: str, pdf: bytes, paper: Any, layout: Any) -> Any:
    if (key, size) not in _PAGES:
        _PAGES[(key, size)] = prepare_page(pdf, paper, layout)
    return _PAGES[(key, size)]


def truth_line(ballot: SyntheticBallot, names: list[str]) -> tuple[int, ...]:
    """The TT numbers the voter struck (strike-style ballots)."""
    struck = set(ballot.truth["struck"] or [])
    return tuple(i for i, n in enumerate(names, 1) if n in struck)


def decide_the_queue(client: Any, count: Count, truth: dict[int, tuple[int, ...]]) -> list[int]:
    """The board works through the review queue on its page, lowest confidence first, and
    records the truth of each ballot; the numbers decided, in that order.

    Which ballots the machine doubts is the reader's business (it changes as the reader is
    tuned); what the app must do is take the board's reading for each of them."""
    from django.urls import reverse

    url = reverse("scans:review", args=[count.pk])
    decided: list[int] = []
    for _ in range(len(truth) + 1):
        page = client.get(url)
        if page.status_code == 302:
            return decided
        ballot = page.context["ballot"]
        done = client.post(f"{url}?ballot={ballot.pk}", {"struck": list(truth[ballot.number])})
        assert done.status_code == 302, done.content
        decided.append(ballot.number)
    raise AssertionError("the review queue does not empty")


def settle(count: Count, actor: Any, truth: dict[int, tuple[int, ...]]) -> None:
    """Decide every scanned ballot the machine left to the board, by the truth (actions)."""
    from daihoi.elections.counting.entry import Reading
    from daihoi.scans.actions import do_decide_scan
    from daihoi.scans.models import ScannedBallot

    for ballot in ScannedBallot.objects.filter(count=count, status__in=("review", "unreadable")):
        do_decide_scan(actor, ballot, Reading(struck=truth[ballot.number]))


__all__ = ["printed", "synthetic_ballots", "truth_line"]


_RASTERS: dict[tuple[str, int], Any] = {}


def drawn_ballot(
    count: Count,
    struck: tuple[int, ...] = (),
    partial: tuple[int, ...] = (),
    seal: bool = True,
    fmt: str = ".png",
    variant: int = 0,
) -> bytes:
    """The count's printed ballot with strokes drawn by the test, then fed through the synthetic
    generator's scanner (200 dpi, askew, noise; `variant` seeds it, so two ballots read alike
    are two different files, as two papers always are): a blue line across the name of each
    `struck` row (1 mm past each end, through the letters' lower half), one over the first
    quarter of the name on each `partial` row (the reader must doubt it), and the seal."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium

    from daihoi.scanning.synthetic_capture import scan

    paper, layout, pdf = printed(count)
    dpi = 300
    if (paper.key, dpi) not in _RASTERS:
        document = pdfium.PdfDocument(pdf)
        _RASTERS[(paper.key, dpi)] = document[0].render(scale=dpi / 72).to_numpy()[:, :, :3]
        document.close()
    rgb = _RASTERS[(paper.key, dpi)].copy()
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    px = dpi / 25.4
    blue = (25, 55, 165)
    for row in layout.rows:
        if row.number not in struck and row.number not in partial:
            continue
        x0, y0, x1, y1 = _printed_name(grey, row.name_box, px)
        y = y0 + round(0.62 * (y1 - y0))
        start = x0 - round(1 * px)
        end = x1 + round(1 * px) if row.number in struck else x0 + (x1 - x0) // 4
        cv2.line(rgb, (start, y), (end, y + 3), blue, thickness=round(0.6 * px))
    if seal:
        s = layout.seal
        centre = (round((s.x + s.w / 2) * px), round((s.y + s.h / 2) * px))
        cv2.circle(rgb, centre, round(min(s.w, s.h) / 2.2 * px), (205, 40, 50), round(1.2 * px))
    rng = np.random.default_rng(1000 + variant)
    scanned, _info = scan(rgb, px, 200, rng, (layout.width_mm, layout.height_mm))
    ok, encoded = cv2.imencode(fmt, cv2.cvtColor(scanned, cv2.COLOR_RGB2BGR))
    assert ok
    return bytes(np.asarray(encoded).tobytes())


def _printed_name(grey: Any, box: Any, px: float) -> tuple[int, int, int, int]:
    """The printed name's ink inside its cell (the cell's border lines left out), in pixels."""
    import numpy as np

    inset = 0.7
    x0, y0 = round((box.x + inset) * px), round((box.y + inset) * px)
    x1, y1 = round((box.right - inset) * px), round((box.bottom - inset) * px)
    ys, xs = np.nonzero(grey[y0:y1, x0:x1] < 140)
    assert len(xs), "the name is not printed where the layout says"
    return x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()), y0 + int(ys.max())


def blank_page(variant: int = 0, fmt: str = ".png") -> bytes:
    """A white sheet (a speck moved by `variant`, so each is a different file): not a ballot."""
    import cv2
    import numpy as np

    sheet = np.full((1200, 850), 255, np.uint8)
    sheet[100 + variant, 100] = 200
    ok, encoded = cv2.imencode(fmt, sheet)
    assert ok
    return bytes(encoded.tobytes())
