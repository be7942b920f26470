"""End to end: print → mark → scan → read_files → tally, in one process and with a pool, from
JPEG files and from one multi-page PDF, with bad files among the good ones."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from daihoi.scanning import load_pages, read_ballot, read_files
from daihoi.tally import count_election, parse_input

from .conftest import MARK_PX_PER_MM, NAMES, Printed

# Five voters: rows they strike (1-based). Seats: 3.
VOTES = [{1: "straight", 2: "wavy"}, {3: "cross"}, {4: "double", 5: "zigzag"}, {}, {1: "scribble"}]


def _kept(marks: dict[int, str]) -> list[str]:
    return [name for i, name in enumerate(NAMES, start=1) if i not in marks]


def _scans(printed: Printed) -> list[tuple[str, bytes]]:
    return [(f"b{i}.jpg", printed.scanned(m, seed=20 + i)) for i, m in enumerate(VOTES)]


def _expected_tally(printed: Printed, ballots: list[dict[str, Any]]) -> dict[str, Any]:
    data = printed.paper.tally_input(ballots, len(ballots))
    return count_election(parse_input(data)).to_json()


@pytest.mark.parametrize("workers", [1, 2])
def test_scans_are_read_and_counted(strike_ballot: Printed, workers: int) -> None:
    files = _scans(strike_ballot)
    files.insert(2, ("notes.txt", b"not an image"))
    result = read_files(strike_ballot.paper, files * 2, strike_ballot.template, workers=workers)
    entries = result["ballots"]
    assert [e["file"] for e in entries] == [name for name, _ in files * 2]
    bad = entries[2]
    assert (bad["status"], bad["reason"], bad["page"]) == ("unreadable", "not_an_image", None)
    good = [e for e in entries if e["file"] != "notes.txt"]
    assert [e["status"] for e in good] == ["ok"] * 10
    assert [e["kept"] for e in good] == [_kept(m) for m in VOTES] * 2
    assert (result["ok"], result["review"], result["unreadable"]) == (10, 0, 2)
    assert result["tally"] == _expected_tally(
        strike_ballot, [{"kept": _kept(m)} for m in VOTES] * 2
    )
    assert "ballot" not in good[0]


def test_a_multi_page_pdf_of_scans(strike_ballot: Printed) -> None:
    import io

    from PIL import Image

    pages = [
        Image.fromarray(strike_ballot.marked(m, seed=30 + i)[:, :, ::-1])
        for i, m in enumerate(VOTES[:3])
    ]
    buffer = io.BytesIO()
    pages[0].save(
        buffer, "PDF", save_all=True, append_images=pages[1:], resolution=MARK_PX_PER_MM * 25.4
    )
    result = read_files(
        strike_ballot.paper,
        [("scans.pdf", buffer.getvalue())],
        strike_ballot.template,
        workers=1,
        rows=True,
    )
    entries = result["ballots"]
    assert [(e["page"], e["status"]) for e in entries] == [(1, "ok"), (2, "ok"), (3, "ok")]
    assert [e["kept"] for e in entries] == [_kept(m) for m in VOTES[:3]]
    assert len(entries[0]["rows"]) == 5 and len(entries[0]["rows"][0]["polygon"]) == 4


def test_review_ballots_are_listed_but_not_counted(strike_ballot: Printed) -> None:
    files = [
        ("ok.jpg", strike_ballot.scanned({1: "straight"}, seed=40)),
        ("partial.jpg", strike_ballot.scanned({1: "straight", 2: "partial"}, seed=41)),
        ("unsealed.jpg", strike_ballot.scanned({1: "straight"}, seed=42, sealed=False)),
    ]
    result = read_files(strike_ballot.paper, files, strike_ballot.template, workers=1)
    ok, partial, unsealed = result["ballots"]
    assert ok["status"] == "ok"
    assert (partial["status"], partial["reason"]) == ("review", "doubtful_rows")
    assert partial["uncertain"] == [NAMES[1]]
    assert (unsealed["status"], unsealed["reason"]) == ("ok", "")
    assert unsealed["kept"] == ok["kept"]
    assert result["tally"]["issued"] == 2 and result["tally"]["returned"] == 2


def test_the_seal_is_checked_only_when_asked(strike_ballot: Printed) -> None:
    unsealed = load_pages(
        strike_ballot.scanned({1: "straight"}, seed=42, sealed=False), "unsealed.jpg", grey=True
    )[0]
    sealed = load_pages(strike_ballot.scanned({1: "straight"}, seed=40), "ok.jpg", grey=True)[0]
    paper, template = strike_ballot.paper, strike_ballot.template
    plain = read_ballot(unsealed, paper, template)
    assert (plain.status, plain.reason) == ("ok", "")
    assert list(plain.kept) == _kept({1: "straight"})
    checked = read_ballot(unsealed, paper, template, require_seal=True)
    assert (checked.status, checked.reason) == ("review", "no_seal")
    assert checked.detail == "the seal is not visible"
    stamped = read_ballot(sealed, paper, template, require_seal=True)
    assert (stamped.status, stamped.reason) == ("ok", "")


def test_writing_outside_the_list_sends_the_ballot_to_review(strike_ballot: Printed) -> None:
    import cv2

    page = strike_ballot.marked({1: "straight"}, seed=43)
    s = MARK_PX_PER_MM
    footer = strike_ballot.template.layout.footer
    cv2.putText(
        page,
        "Dong y het",
        (round(footer.x * s), round((footer.y - 8) * s)),
        cv2.FONT_HERSHEY_SIMPLEX,
        1.6,
        (150, 60, 20),
        3,
    )
    from .fakes import scan

    data = scan(page, s, np.random.default_rng(44))
    result = read_files(strike_ballot.paper, [("w.jpg", data)], strike_ballot.template, workers=1)
    entry = result["ballots"][0]
    assert (entry["status"], entry["reason"]) == ("review", "ink_outside_rows")


def test_columns_ballots_count_their_marks(columns_ballot: Printed) -> None:
    from .fakes import Marker, scan

    first, second = columns_ballot.template.layout.rows
    files = []
    for i, (a, b) in enumerate([("agree", "agree"), ("agree", "disagree")]):
        page = columns_ballot.marked(seed=50 + i)
        marker = Marker(page, MARK_PX_PER_MM, np.random.default_rng(60 + i))
        for row, mark in ((first, a), (second, b)):
            box = row.agree_box if mark == "agree" else row.disagree_box
            assert box is not None
            cx, cy = box.x + box.w / 2, box.y + box.h / 2
            marker.stroke([(cx - 3, cy - 3), (cx + 3, cy + 3)])
            marker.stroke([(cx - 3, cy + 3), (cx + 3, cy - 3)])
        files.append((f"c{i}.jpg", scan(page, MARK_PX_PER_MM, np.random.default_rng(70 + i))))
    result = read_files(columns_ballot.paper, files, columns_ballot.template, workers=1)
    marks = [e["marks"] for e in result["ballots"]]
    assert marks == [
        {first.name: "agree", second.name: "agree"},
        {first.name: "agree", second.name: "disagree"},
    ]
    # `kept`: the names this ballot votes for (marked agree).
    assert [e["kept"] for e in result["ballots"]] == [[first.name, second.name], [first.name]]
    assert result["tally"] == _expected_tally(columns_ballot, [{"marks": m} for m in marks])


@pytest.mark.parametrize("dpi", [400, 600])
def test_a_page_far_finer_than_needed_is_read_and_its_rows_placed_on_it(
    strike_ballot: Printed, dpi: int
) -> None:
    """A 400–600 dpi page rendered sharp (no print or scanner blur) is reduced by area
    averaging before it is read: warped straight down its letters alias and every name would
    go to review. The name boxes still come back in the original image's pixels."""
    import cv2

    from daihoi.scanning.synthetic import rasterize_pdf_page

    page = rasterize_pdf_page(strike_ballot.pdf, dpi=dpi)  # RGB, exactly the page
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    template, px = strike_ballot.template, dpi / 25.4
    first = template.rows[0]
    x0, x1 = first.text.x0 / template.px_per_mm * px, first.text.x1 / template.px_per_mm * px
    y = (first.band[0] + first.band[1]) / 2 / template.px_per_mm * px
    cv2.line(
        grey, (round(x0 - 2 * px), round(y)), (round(x1 + 2 * px), round(y)), 40, round(px / 2)
    )
    reading = read_ballot(grey, strike_ballot.paper, strike_ballot.template)
    assert reading.status == "ok", reading.detail
    assert [r.state for r in reading.rows] == ["struck", "kept", "kept", "kept", "kept"]
    box = first.name_box
    xs = [p[0] for p in reading.rows[0].polygon]
    ys = [p[1] for p in reading.rows[0].polygon]
    mm = template.px_per_mm
    assert min(xs) == pytest.approx(box.x0 / mm * px, abs=1.5 * px)
    assert max(xs) == pytest.approx(box.x1 / mm * px, abs=1.5 * px)
    assert min(ys) == pytest.approx(box.y0 / mm * px, abs=1.5 * px)
