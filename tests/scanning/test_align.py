"""Finding the page and checking its QR code: skew, shift, scale, perspective, upside down,
a missing marker; and the pages that must not be read (another election, round or paper, a
blank page, a photo of something else)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.scanning import load_pages, read_ballot
from daihoi.scanning.align import AlignError, fit_page

from .conftest import MARK_PX_PER_MM, Printed
from .fakes import scan

MARKS = {1: "straight", 4: "wavy"}  # names 1 and 4 struck
KEPT = ["Nguyễn Thị Hồng Nhung", "Đặng Văn Quỳnh", "Lương Thị Ỷ"]  # rows 2, 3, 5


def _read(printed: Printed, data: bytes):  # type: ignore[no-untyped-def]
    return read_ballot(load_pages(data, "x.jpg")[0], printed.paper, printed.template)


@pytest.mark.parametrize(
    "capture",
    [
        {"angle": 3.0},
        {"angle": -3.0},
        {"shift_mm": (4.0, -4.0)},
        {"scale": 0.98},
        {"scale": 1.02, "angle": 1.5},
        {"dpi": 150},
        {"dpi": 300, "fmt": ".png"},
        {"grey": True},
    ],
)
def test_scans_within_bounds_read_right(strike_ballot: Printed, capture: dict) -> None:  # type: ignore[type-arg]
    reading = _read(strike_ballot, strike_ballot.scanned(MARKS, seed=1, **capture))
    assert reading.status == "ok", reading.detail
    assert list(reading.kept) == KEPT


def test_an_upside_down_page_is_read_as_the_same_ballot(strike_ballot: Printed) -> None:
    reading = _read(strike_ballot, strike_ballot.scanned(MARKS, seed=2, upside_down=True))
    assert reading.status == "ok"
    assert list(reading.kept) == KEPT
    assert abs(abs(reading.rotation) - 180) < 5


def test_a_phone_photo_with_perspective_reads_right(strike_ballot: Printed) -> None:
    reading = _read(strike_ballot, strike_ballot.photographed(MARKS, seed=3))
    assert reading.status == "ok", reading.detail
    assert list(reading.kept) == KEPT


def test_three_markers_are_enough(strike_ballot: Printed) -> None:
    import cv2

    page = strike_ballot.marked(MARKS, seed=4)
    marker = strike_ballot.template.layout.markers[2]
    s = MARK_PX_PER_MM
    pad = 1.5
    cv2.rectangle(
        page,
        (round((marker.x - pad) * s), round((marker.y - pad) * s)),
        (round((marker.right + pad) * s), round((marker.bottom + pad) * s)),
        (255, 255, 255),
        -1,
    )
    data = scan(page, s, np.random.default_rng(5))
    grey = load_pages(data, "x.jpg", grey=True)[0]
    assert fit_page(grey, strike_ballot.template.layout, 6.0).markers == 3
    reading = read_ballot(grey, strike_ballot.paper, strike_ballot.template)
    assert reading.status == "ok" and list(reading.kept) == KEPT


def test_the_row_polygons_are_in_the_original_image(strike_ballot: Printed) -> None:
    data = strike_ballot.scanned(seed=6, angle=0.0, shift_mm=(0.0, 0.0), scale=1.0, dpi=200)
    reading = _read(strike_ballot, data)
    first = strike_ballot.template.layout.rows[0].name_box
    (x0, y0), (x1, _), (_, y2), _ = reading.rows[0].polygon
    px = 200 / 25.4
    assert abs(x0 - first.x * px) < 3 and abs(y0 - first.y * px) < 3
    assert abs(x1 - first.right * px) < 3 and abs(y2 - first.bottom * px) < 3


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    angle=st.floats(-3.0, 3.0),
    dx=st.floats(-4.0, 4.0),
    dy=st.floats(-4.0, 4.0),
    scale=st.floats(0.98, 1.02),
    flip=st.booleans(),
)
def test_random_skew_and_shift_never_give_a_wrong_ok(
    strike_ballot: Printed, angle: float, dx: float, dy: float, scale: float, flip: bool
) -> None:
    data = strike_ballot.scanned(
        MARKS, seed=7, angle=angle, shift_mm=(dx, dy), scale=scale, upside_down=flip
    )
    reading = _read(strike_ballot, data)
    assert reading.status in ("ok", "review")
    if reading.status == "ok":
        assert list(reading.kept) == KEPT


def test_a_ballot_of_another_election_is_refused(strike_ballot: Printed, printed) -> None:  # type: ignore[no-untyped-def]
    other = printed(title="BẦU BAN CHẤP HÀNH KHÓA KHÁC")
    reading = _read(strike_ballot, other.scanned(MARKS, seed=8))
    assert (reading.status, reading.reason) == ("unreadable", "wrong_election")


def test_a_ballot_of_another_round_is_refused(strike_ballot: Printed, printed) -> None:  # type: ignore[no-untyped-def]
    second = printed(round=2)
    reading = _read(strike_ballot, second.scanned(MARKS, seed=9))
    assert (reading.status, reading.reason) == ("unreadable", "wrong_round")


def test_an_a4_ballot_read_as_a5_says_so(strike_ballot: Printed, printed) -> None:  # type: ignore[no-untyped-def]
    a4 = printed(paper_size="A4")
    reading = _read(strike_ballot, a4.scanned(MARKS, seed=10, dpi=150))
    assert reading.status == "unreadable"
    assert reading.reason == "wrong_paper"


def test_a_damaged_qr_code_is_no_qr(strike_ballot: Printed) -> None:
    import cv2

    page = strike_ballot.marked(MARKS, seed=11)
    qr = strike_ballot.template.layout.qr
    s = MARK_PX_PER_MM
    cv2.rectangle(
        page,
        (round(qr.x * s), round(qr.y * s)),
        (round(qr.right * s), round(qr.bottom * s)),
        (0, 0, 0),
        -1,
    )
    reading = _read(strike_ballot, scan(page, s, np.random.default_rng(12)))
    assert (reading.status, reading.reason) == ("unreadable", "no_qr")


def _plain(fill: int | None = None, noise: bool = False) -> bytes:
    import cv2

    image = np.full((1654, 1165), 245 if fill is None else fill, np.uint8)
    if noise:
        rng = np.random.default_rng(13)
        for _ in range(40):
            x, y = rng.integers(0, 1100, 2)
            cv2.putText(image, "Lorem ipsum", (int(x), int(y)), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    return bytes(cv2.imencode(".png", image)[1])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_plain(), "blank_page"),
        (_plain(noise=True), "not_a_ballot"),
        (_plain(fill=0), "not_a_ballot"),
    ],
)
def test_pages_that_are_no_ballot(strike_ballot: Printed, data: bytes, reason: str) -> None:
    reading = _read(strike_ballot, data)
    assert (reading.status, reading.reason) == ("unreadable", reason)


def test_fit_page_refuses_a_page_without_markers(strike_ballot: Printed) -> None:
    with pytest.raises(AlignError) as caught:
        fit_page(np.full((800, 600), 250, np.uint8), strike_ballot.template.layout, 6.0)
    assert caught.value.reason == "blank_page"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    size=st.tuples(st.integers(1, 1400), st.integers(1, 1400)),
    colour=st.booleans(),
)
def test_any_picture_gets_a_status_never_a_crash(
    strike_ballot: Printed, seed: int, size: tuple[int, int], colour: bool
) -> None:
    import cv2

    rng = np.random.default_rng(seed)
    shape = (*size, 3) if colour else size
    image = rng.integers(0, 256, shape, dtype=np.uint8)
    image = cv2.GaussianBlur(image, (0, 0), float(rng.uniform(0.5, 8)))
    reading = read_ballot(image, strike_ballot.paper, strike_ballot.template)
    assert reading.status == "unreadable"
    assert reading.reason in ("blank_page", "not_a_ballot", "markers_missing", "bad_geometry")
