"""A ballot rasterized by another renderer than the template's (poppler's pdftoppm instead of
PDFium): its letters come out a little bolder or sharper, leaving thin ink on the letters
themselves and none on the clear paper round them. That is not a pen stroke: an unmarked name
must read kept, and a name struck by a line still struck."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from daihoi.scanning import read_ballot

from .conftest import Printed

CANDIDATES = [  # in A-B-C order by given name, as printed
    "Phạm Ngọc Ánh",
    "Nguyễn Thị Hường",
    "Lê Thị Thuỷ Tiên",
    "Đặng Văn Ước",
    "Trần Quốc Việt",
]


def _pdftoppm(pdf: bytes, dpi: int, tmp_path: Path, *options: str) -> np.ndarray:
    import cv2

    if shutil.which("pdftoppm") is None:
        message = "needs `pdftoppm` from the Debian package poppler-utils"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message} (CI=true: reader tests must run, not skip)", pytrace=False)
        pytest.skip(message)
    source = tmp_path / "ballot.pdf"
    source.write_bytes(pdf)
    cmd = ["pdftoppm", "-r", str(dpi), "-png", *options, "-singlefile", str(source)]
    subprocess.run([*cmd, str(tmp_path / "page")], check=True, capture_output=True)
    image = cv2.imread(str(tmp_path / "page.png"))
    assert image is not None
    return np.asarray(image)


def _strike(image: np.ndarray, printed: Printed, number: int, dpi: int, wavy: bool) -> None:
    """A blue pen line across the name, 1.5 mm past each end, through the letters' middle."""
    import cv2

    template = printed.template
    row = template.rows[number - 1]
    scale = dpi / 25.4 / template.px_per_mm
    x0, x1 = (row.text.x0 - 9) * scale, (row.text.x1 + 9) * scale
    y = (row.band[0] + row.band[1]) / 2 * scale
    xs = np.linspace(x0, x1, 40)
    ys = y + (np.sin(xs / (2 * dpi / 25.4)) * 0.6 * dpi / 25.4 if wavy else 0.5 * (xs - x0) / 20)
    line = np.stack([xs, ys], axis=1).astype(np.int32)
    cv2.polylines(image, [line], False, (170, 60, 20), max(2, round(dpi / 70)), cv2.LINE_AA)


def _turned(image: np.ndarray, degrees: float) -> np.ndarray:
    import cv2

    h, w = image.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return np.asarray(cv2.warpAffine(image, turn, (w, h), borderValue=(255, 255, 255)))


def _jpeg(image: np.ndarray) -> np.ndarray:
    import cv2

    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_COLOR))


@pytest.fixture(scope="module")
def ballot(printed: Any) -> Printed:
    return printed(candidates=CANDIDATES)


@pytest.mark.parametrize(("dpi", "as_rendered"), [(150, False), (200, True), (300, True)])
def test_an_unmarked_page_rendered_by_poppler_keeps_every_name(
    ballot: Printed, tmp_path: Path, dpi: int, as_rendered: bool
) -> None:
    """Turned a little and saved as JPEG, as a scanner gives it (a 150 dpi page exactly as
    rendered, never met in a scan, has its letters' edges so sharp that they are left to a
    person)."""
    page = _pdftoppm(ballot.pdf, dpi, tmp_path)
    images = [_jpeg(_turned(page, 2.0)), _jpeg(_turned(page, -0.7))]
    for image in [page, *images] if as_rendered else images:
        reading = read_ballot(image, ballot.paper, ballot.template)
        assert (reading.status, reading.reason) == ("ok", "")
        assert list(reading.kept) == CANDIDATES
        assert [r.state for r in reading.rows] == ["kept"] * len(CANDIDATES)


@pytest.mark.parametrize(("dpi", "wavy"), [(150, False), (200, True), (300, False)])
def test_two_pen_lines_on_a_poppler_page_strike_exactly_those_names(
    ballot: Printed, tmp_path: Path, dpi: int, wavy: bool
) -> None:
    page = _pdftoppm(ballot.pdf, dpi, tmp_path)
    _strike(page, ballot, 2, dpi, wavy)
    _strike(page, ballot, 4, dpi, wavy)
    reading = read_ballot(_jpeg(_turned(page, -1.5)), ballot.paper, ballot.template)
    assert (reading.status, reading.reason) == ("ok", "")
    assert [r.state for r in reading.rows] == ["kept", "struck", "kept", "struck", "kept"]
    assert list(reading.kept) == [CANDIDATES[0], CANDIDATES[2], CANDIDATES[4]]
