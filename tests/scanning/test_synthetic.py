"""The synthetic-ballot generator (daihoi/scanning/synthetic*.py): deterministic by seed, its
truth matches the ink it drew, its images decode at the profile's size.

The ink checks compare the marked page with the clean page before capture: "new ink" is a
pixel at least INK_DIFF grey levels darker in some channel than the printed page.
"""

from __future__ import annotations

import functools

import cv2
import numpy as np
import pytest

from daihoi.printing.election_paper import parse_election_paper
from daihoi.printing.machine_ballot import render_machine_ballot_pdf
from daihoi.scanning.synthetic import (
    PROFILES,
    PreparedPage,
    ballot_seed,
    generate_ballots,
    make_ballot,
    mark_ballot,
    prepare_page,
)
from daihoi.scanning.synthetic_marks import Sheet, random_pen
from daihoi.scanning.synthetic_voter import DISTRACTORS, MIXES, draw_distractor, random_habits

INK_DIFF = 12
NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
         "Đỗ Thị Giang", "Vũ Minh Hải", "Bùi Thanh Hương"]  # fmt: skip


@functools.cache
def _page(names: tuple[str, ...], seats: int, paper_size: str = "A5") -> tuple[bytes, PreparedPage]:
    paper = parse_election_paper(
        {"body": "committee", "seats": seats, "base": 100, "candidates": list(names)}
    )
    layout = paper.layout(paper_size)
    pdf = render_machine_ballot_pdf(paper, layout)
    return pdf, prepare_page(pdf, paper, layout)


def strike_page() -> tuple[bytes, PreparedPage]:
    return _page(tuple(NAMES), 5)


def columns_page() -> tuple[bytes, PreparedPage]:
    return _page(tuple(NAMES[:4]), 4)


def _new_ink(page: PreparedPage, marked: np.ndarray) -> np.ndarray:
    """New ink over the table (the rest of the page left False: the seal is not looked at)."""
    k, table = page.px_per_mm, page.layout.table
    y0, y1 = int((table.y - 6) * k), int((table.bottom + 6) * k)
    diff = page.rgb[y0:y1].astype(np.int16) - marked[y0:y1].astype(np.int16)
    out = np.zeros(marked.shape[:2], bool)
    out[y0:y1] = diff.max(axis=2) >= INK_DIFF
    return out


def _crop(
    mask: np.ndarray, page: PreparedPage, x0: float, y0: float, x1: float, y1: float
) -> np.ndarray:
    k = page.px_per_mm
    return mask[int(y0 * k) : int(y1 * k), int(x0 * k) : int(x1 * k)]


def _marked(page: PreparedPage, seed: int, mix: str = "stress"):  # type: ignore[no-untyped-def]
    """The page as marked for this seed; the stress mix has many partial strokes."""
    return mark_ballot(page, np.random.default_rng(seed), MIXES[mix])


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_same_seed_same_ballots_other_seed_others(profile):
    pdf, page = strike_page()
    paper, layout = page.paper, page.layout
    first = list(generate_ballots(pdf, paper, layout, 3, profile, seed=11, page=page))
    again = list(generate_ballots(pdf, paper, layout, 3, profile, seed=11))  # rasterized afresh
    other = list(generate_ballots(pdf, paper, layout, 3, profile, seed=12, page=page))
    assert [b.image for b in first] == [b.image for b in again]
    assert [b.truth for b in first] == [b.truth for b in again]
    assert all(a.image != b.image for a, b in zip(first, other, strict=True))
    # One ballot regenerates alone from its recorded seed.
    alone = make_ballot(page, profile, first[2].truth["ballot_seed"])
    assert alone.image == first[2].image
    assert first[2].truth["ballot_seed"] == ballot_seed(11, profile, 2, layout.election_key)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_images_decode_at_the_profiles_size(profile):
    pdf, page = strike_page()
    for ballot in generate_ballots(pdf, page.paper, page.layout, 2, profile, seed=3, page=page):
        image = cv2.imdecode(np.frombuffer(ballot.image, np.uint8), cv2.IMREAD_COLOR)
        assert image is not None and image.ndim == 3
        h, w = image.shape[:2]
        if profile == "phone":
            assert 1200 <= max(h, w) <= 1600
            assert ballot.image[:3] == b"\xff\xd8\xff"
        else:
            dpi = PROFILES[profile].dpi
            assert (w, h) == (round(148 * dpi / 25.4), round(210 * dpi / 25.4))
    png = next(
        generate_ballots(pdf, page.paper, page.layout, 1, profile, seed=3, fmt="png", page=page)
    )
    assert png.image.startswith(b"\x89PNG") and png.suffix == ".png"


def test_truth_partitions_the_list_and_follows_the_scenario():
    _, page = strike_page()
    seen = set()
    for seed in range(150):
        marked = _marked(page, seed)
        kept = [r.name for r in marked.rows if r.truth == "kept"]
        struck = [r.name for r in marked.rows if r.truth == "struck"]
        assert sorted(kept + struck) == sorted(NAMES)
        assert all(r.truth == "struck" for r in marked.rows if r.partial)
        expected = {
            "exact": len(kept) == 5,
            "typical": 1 <= len(kept) < 5,
            "overvote": 5 < len(kept) < len(NAMES),
            "none_struck": len(kept) == len(NAMES),
            "all_struck": not kept,
        }
        assert expected[marked.scenario], marked.scenario
        seen.add(marked.scenario)
    assert seen == {"exact", "typical", "overvote", "none_struck", "all_struck"}


def test_the_ballots_truth_says_what_was_drawn():
    pdf, page = strike_page()
    for ballot in generate_ballots(pdf, page.paper, page.layout, 25, "scan150", seed=5, page=page):
        t = ballot.truth
        marked = _marked(page, t["ballot_seed"], "realistic")  # the same voter, before capture
        assert t["kept"] == [r.name for r in marked.rows if r.truth == "kept"]
        assert t["struck"] == [r.name for r in marked.rows if r.truth == "struck"]
        assert t["partial"] == [r.name for r in marked.rows if r.partial]
        assert ("partial_strike" in t["review_ok"]) == bool(t["partial"])
        assert t["stamped"] == ("seal" in t["extras"]) == ("unstamped" not in t["review_ok"])
        assert t["marks"] is None and t["seats"] == 5 and t["style"] == "strike"
        assert t["mix"] == "realistic"


def test_the_stress_mix_has_more_hard_cases_than_the_realistic_one():
    _, page = strike_page()
    counts = {}
    for mix in ("realistic", "stress"):
        marked = [_marked(page, seed, mix) for seed in range(60)]
        counts[mix] = sum(
            any(r.partial or (r.truth == "kept" and r.drawn) for r in m.rows)
            or "crease" in m.extras
            for m in marked
        )
    assert counts["stress"] > 2 * counts["realistic"], counts


def test_struck_names_are_crossed_along_their_whole_width_kept_names_untouched():
    _, page = strike_page()
    checked = {"struck": 0, "partial": 0, "kept": 0}
    for seed in range(60):
        marked = _marked(page, seed)
        if "crease" in marked.extras:
            continue
        ink = _new_ink(page, marked.rgb)
        for printed, truth in zip(page.rows, marked.rows, strict=True):
            t, c = printed.text, printed.cell
            row_ink = _crop(ink, page, c.x0 - 1.5, c.y0 + 0.3, c.x1 + 1.5, c.y1 - 0.3)
            columns = np.nonzero(row_ink.any(axis=0))[0]
            in_text = _crop(ink, page, t.x0, t.y0, t.x1, t.y1)
            if truth.truth == "kept":
                assert not in_text.any(), (seed, truth)
                checked["kept"] += 1
                continue
            first = c.x0 - 1.5 + columns.min() / page.px_per_mm
            last = c.x0 - 1.5 + (columns.max() + 1) / page.px_per_mm
            if truth.partial:  # short of the name at one end by at least 5 % of it
                assert first > t.x0 + 0.05 * t.w or last < t.x1 - 0.05 * t.w, (seed, truth)
                checked["partial"] += 1
            else:  # from before the first letter to after the last, through the letters
                assert first <= t.x0 + 0.3 and last >= t.x1 - 0.3, (seed, truth, first, last, t)
                assert in_text.any(axis=0).mean() >= 0.35, (seed, truth)
                checked["struck"] += 1
    assert min(checked.values()) > 0, checked


@pytest.mark.parametrize("kind", DISTRACTORS)
def test_stray_marks_on_kept_names_stay_out_of_the_printed_name(kind):
    _, page = strike_page()
    drawn = 0
    for seed in range(12):
        rng = np.random.default_rng(seed)
        habits = random_habits(rng, random_pen(rng))
        printed = page.rows[seed % len(page.rows)]
        sheet = Sheet(page.rgb.copy(), page.px_per_mm)
        if draw_distractor(sheet, printed, habits, kind, rng) is None:
            continue
        drawn += 1
        ink = _new_ink(page, sheet.rgb)
        t, c = printed.text, printed.cell
        assert not _crop(ink, page, t.x0, t.y0, t.x1, t.y1).any(), seed
        if kind == "underline":  # ink below the letters, none above them
            assert _crop(ink, page, t.x0, t.y1, t.x1, c.y1 + 1).any(), seed
            assert not _crop(ink, page, c.x0 - 8, c.y0 - 5, c.x1, t.y1).any(), seed
        elif kind in ("tick", "dot"):  # beside the name, to its right, in its row
            assert _crop(ink, page, t.x1, c.y0, c.x1, c.y1).any(), seed
            assert not _crop(ink, page, c.x0 - 8, c.y0 - 5, t.x1, c.y1 + 5).any(), seed
        else:  # around the row number only
            n = printed.number_cell
            assert _crop(ink, page, n.x0, n.y0, n.x1, n.y1).any(), seed
            assert not _crop(ink, page, n.x1 + 0.5, c.y0 - 5, c.x1, c.y1 + 5).any(), seed
    assert drawn >= 6


def test_columns_marks_are_in_the_boxes_the_truth_names():
    _, page = columns_page()
    marks_seen = set()
    for seed in range(80):
        marked = _marked(page, seed)
        if "crease" in marked.extras:
            continue
        ink = _new_ink(page, marked.rgb)
        for printed, truth in zip(page.rows, marked.rows, strict=True):
            assert printed.agree is not None and printed.disagree is not None
            inked = {
                side: _crop(ink, page, b.x0 + 0.4, b.y0 + 0.4, b.x1 - 0.4, b.y1 - 0.4).any()
                for side, b in (("agree", printed.agree), ("disagree", printed.disagree))
            }
            expected = {
                "agree": {"agree": True, "disagree": False},
                "disagree": {"agree": False, "disagree": True},
                "both": {"agree": True, "disagree": True},
                "none": {"agree": False, "disagree": False},
            }[truth.truth]
            assert inked == expected, (seed, truth)
            marks_seen.add(truth.truth)
    assert marks_seen == {"agree", "disagree", "both", "none"}


def test_a_pdf_of_another_paper_size_is_refused():
    pdf, page = strike_page()
    a4 = page.paper.layout("A4")
    with pytest.raises(ValueError, match="mm"):
        prepare_page(pdf, page.paper, a4)
    with pytest.raises(ValueError, match="profile"):
        next(generate_ballots(pdf, page.paper, page.layout, 1, "fax", seed=1, page=page))


def test_writing_outside_the_list_is_off_the_table_and_justifies_a_review():
    pdf, page = strike_page()
    table = page.layout.table
    k = page.px_per_mm
    found = 0
    for seed in range(40):
        marked = _marked(page, seed)
        if "writing" not in marked.extras or "crease" in marked.extras:
            continue
        found += 1
        diff = (page.rgb.astype(np.int16) - marked.rgb.astype(np.int16)).max(axis=2) >= INK_DIFF
        below = diff[int((table.bottom + 1) * k) :, :]
        assert below.any(), seed
        ballot = make_ballot(page, "scan200", seed, mix="stress")
        assert "writing_outside_rows" in ballot.truth["review_ok"]
    assert found
