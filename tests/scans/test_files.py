"""Ballot image files: kinds and page counts, lossless metadata removal, the content-addressed
store, and the retention date."""

import datetime
import struct
import zlib

import cv2
import numpy as np
import pytest

from daihoi.scans import files
from daihoi.scans.models import add_months


def png(extra_chunks: list[tuple[bytes, bytes]] = ()) -> bytes:  # type: ignore[assignment]
    ok, encoded = cv2.imencode(".png", np.full((20, 30), 200, np.uint8))
    assert ok
    data = encoded.tobytes()
    end = data.rindex(b"IEND") - 4
    chunks = b"".join(
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        for kind, body in extra_chunks
    )
    return data[:end] + chunks + data[end:]


def jpeg() -> bytes:
    ok, encoded = cv2.imencode(".jpg", np.full((20, 30, 3), 120, np.uint8))
    assert ok
    return encoded.tobytes()


def with_segment(data: bytes, marker: int, body: bytes) -> bytes:
    return data[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body + data[2:]


def tiff(pages: int) -> bytes:
    ok, encoded = cv2.imencodemulti(".tiff", [np.full((10, 10), 255, np.uint8)] * pages)
    assert ok
    return encoded.tobytes()


def test_jpeg_metadata_is_cut_out_and_the_pixels_kept():
    plain = jpeg()
    tagged = with_segment(with_segment(plain, 0xE1, b"Exif\0\0GPS here"), 0xFE, b"by phone X")

    checked = files.check_file("photo.jpg", tagged)

    assert checked.kind == "jpeg" and checked.pages == 1
    assert checked.data == plain
    assert checked.sha256 == files.sha256_of(plain)
    assert checked.received_sha256 == files.sha256_of(tagged)
    decoded = cv2.imdecode(np.frombuffer(checked.data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(decoded, cv2.imdecode(np.frombuffer(plain, np.uint8), -1))


def test_png_text_time_and_exif_chunks_are_cut_out():
    plain = png()
    tagged = png([(b"tEXt", b"Author\0someone"), (b"tIME", b"\x07\xe8\x01\x01\x00\x00\x00")])

    checked = files.check_file("scan.png", tagged)

    assert checked.data == plain and b"tEXt" not in checked.data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"hello", "is not a PNG, JPEG, TIFF or PDF file"),
        ("a.png", b"", "is empty"),
        ("a.png", png()[:40], "damaged or truncated PNG"),
        ("a.jpg", jpeg()[:-10], "damaged or truncated JPEG"),
        ("a.pdf", b"%PDF-1.4 garbage", "damaged or truncated PDF"),
        ("a.tif", b"II*\x00\xff\xff\xff\x00", "damaged or truncated TIFF"),
    ],
)
def test_bad_files_are_named_with_the_reason(name, data, message, english):
    with pytest.raises(files.BadScanFile) as caught:
        files.check_file(name, data)
    assert f"“{name}”" in str(caught.value) and message in str(caught.value)


def test_too_large_a_file_is_refused(settings, english):
    settings.DAIHOI_MAX_SCAN_BYTES = 100
    with pytest.raises(files.BadScanFile, match="the largest scan accepted"):
        files.check_file("big.png", png())


@pytest.mark.parametrize("pages", [1, 3])
def test_pages_of_a_tiff_are_counted(pages):
    assert files.check_file("b.tif", tiff(pages)).pages == pages


def test_store_is_content_addressed_and_never_overwrites(settings, tmp_path):
    settings.DAIHOI_SCANS_DIR = tmp_path
    checked = files.check_file("a.png", png())

    path = files.store(checked)
    mtime = path.stat().st_mtime_ns
    again = files.store(checked)

    assert path == again == tmp_path / checked.sha256[:2] / f"{checked.sha256}.png"
    assert path.stat().st_mtime_ns == mtime
    assert files.load(checked.sha256, "png") == checked.data
    path.write_bytes(b"tampered")
    with pytest.raises(OSError, match="does not match its hash"):
        files.load(checked.sha256, "png")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 3, 10), datetime.date(2025, 9, 10)),
        (datetime.date(2025, 8, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2023, 8, 31), datetime.date(2024, 2, 29)),
        (datetime.date(2025, 12, 31), datetime.date(2026, 6, 30)),
    ],
)
def test_retention_is_six_calendar_months(day, expected):
    assert add_months(day, 6) == expected
