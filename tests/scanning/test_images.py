"""Decoding uploads: every supported format, every page, and a clear error for anything else."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.scanning.images import (
    MAX_BYTES,
    ScanInputError,
    count_pages,
    iter_pages,
    load_pages,
    sniff,
)


def _image(h: int = 60, w: int = 40, colour: bool = True) -> np.ndarray:
    rng = np.random.default_rng(0)
    shape = (h, w, 3) if colour else (h, w)
    return rng.integers(0, 255, shape, dtype=np.uint8)


def _encode(image: np.ndarray, ext: str) -> bytes:
    import cv2

    ok, buf = cv2.imencode(ext, image)
    assert ok
    return bytes(buf)


@pytest.mark.parametrize("ext", [".png", ".jpg", ".tif"])
def test_single_page_images_decode_to_their_size(ext: str) -> None:
    pages = load_pages(_encode(_image(), ext), f"a{ext}")
    assert len(pages) == 1
    assert pages[0].shape[:2] == (60, 40)
    assert pages[0].dtype == np.uint8


def test_a_grey_scan_stays_grey_and_grey_is_decoded_on_request() -> None:
    assert load_pages(_encode(_image(colour=False), ".png"), "g.png")[0].ndim == 2
    assert load_pages(_encode(_image(), ".png"), "c.png", grey=True)[0].ndim == 2


def test_multi_page_tiff_gives_every_page() -> None:
    import cv2

    ok, buf = cv2.imencodemulti(".tif", [_image(), _image(30, 20), _image(10, 10)])
    assert ok
    data = bytes(buf)
    assert [p.shape[:2] for p in load_pages(data, "m.tif")] == [(60, 40), (30, 20), (10, 10)]
    assert count_pages(data, "m.tif") == 3


def test_pdf_pages_are_rendered_at_200_dpi(strike_ballot) -> None:  # type: ignore[no-untyped-def]
    from daihoi.printing.machine_ballot import repeat_first_page

    pdf = repeat_first_page(strike_ballot.pdf, 3)
    pages = load_pages(pdf, "b.pdf", grey=True)
    assert len(pages) == 3 and count_pages(pdf, "b.pdf") == 3
    height, width = pages[0].shape
    assert abs(width - 148 / 25.4 * 200) <= 2 and abs(height - 210 / 25.4 * 200) <= 2
    assert [p.shape for p in iter_pages(pdf, "b.pdf", grey=True, pages=range(1, 2))] == [
        pages[1].shape
    ]


def test_the_type_comes_from_the_bytes_not_the_name() -> None:
    data = _encode(_image(), ".png")
    assert sniff(data) == "png"
    assert load_pages(data, "looks-like.pdf")[0].shape[:2] == (60, 40)


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    end = b"IEND"
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", 0)
        + end
        + struct.pack(">I", zlib.crc32(end))
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"hello, this is text", "not a PNG, JPEG, TIFF or PDF"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "damaged or truncated"),
        (b"%PDF-1.7\nnot really a pdf", "cannot be opened"),
        (_png_header(20_000, 20_000), "megapixels"),
        (_png_header(0, 10), "no pixels"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(ScanInputError, match=message):
        load_pages(data, "upload.bin")


def test_truncated_jpeg_and_png_are_refused() -> None:
    jpeg = _encode(_image(200, 200), ".jpg")
    png = _encode(_image(200, 200), ".png")
    for data, name in ((jpeg[: len(jpeg) // 2], "t.jpg"), (png[: len(png) // 2], "t.png")):
        with pytest.raises(ScanInputError, match="truncated|cannot be decoded"):
            load_pages(data, name)


def test_files_over_the_size_limit_are_refused_before_decoding() -> None:
    with pytest.raises(ScanInputError, match="larger than 40 MB"):
        load_pages(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BYTES, "big.png")


@settings(max_examples=60, deadline=None)
@given(
    st.binary(max_size=400),
    st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"%PDF-1.4\n"]),
)
def test_random_bytes_are_refused_or_decoded_never_a_crash(body: bytes, magic: bytes) -> None:
    try:
        pages = load_pages(magic + body, "fuzz.bin")
    except ScanInputError:
        return
    assert all(p.dtype == np.uint8 for p in pages)
