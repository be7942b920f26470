"""Decoding uploaded scans and photos into page rasters, with size limits checked before decoding.

PNG, JPEG, TIFF (every page of a multi-page TIFF) and PDF (every page rendered at 200 dpi). The
type comes from the file's first bytes, never from its name; the name only goes into messages.
Pages are BGR uint8 arrays (grey scans stay 2-D): the reader wants colour when there is some,
because a ballpoint stroke is visible by its chroma even on top of printed black letters.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

import numpy as np

MAX_BYTES = 40 * 1024 * 1024
MAX_PAGE_PIXELS = 60_000_000
MAX_PAGES = 500
PDF_DPI = 200


class ScanInputError(ValueError):
    """A file that is not a page image we can read (one line, for the user)."""


def sniff(data: bytes) -> str | None:
    """'png', 'jpeg', 'tiff', 'pdf' or None, from the magic bytes."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def load_pages(data: bytes, filename: str, grey: bool = False) -> list[np.ndarray]:
    """Every page of the file (BGR, or 2-D grey when the file is grey or `grey` is asked);
    ScanInputError for anything else (not an image, truncated, too large, empty)."""
    return list(iter_pages(data, filename, grey))


def iter_pages(
    data: bytes, filename: str, grey: bool = False, pages: range | None = None
) -> Iterator[np.ndarray]:
    """The pages one at a time (a 500-page PDF never sits in memory at once), or only `pages`
    (0-based) of a PDF. The file is checked (type, size, page count, header sizes) before the
    first page is yielded. `grey` decodes straight to grey, which is faster."""
    kind = _check(data, filename)
    if kind == "pdf":
        yield from _pdf_pages(data, filename, grey, pages)
    elif kind == "tiff":
        yield from _tiff_pages(data, filename, grey)
    else:
        yield _decode_single(data, filename, kind, grey)


def count_pages(data: bytes, filename: str) -> int:
    """How many pages the file holds (checked like iter_pages)."""
    kind = _check(data, filename)
    if kind == "tiff":
        return len(_tiff_sizes(data))
    if kind != "pdf":
        return 1
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ScanInputError(f"{filename}: the PDF file cannot be opened") from None
    try:
        return len(pdf)
    finally:
        pdf.close()


def _check(data: bytes, filename: str) -> str:
    if not data:
        raise ScanInputError(f"{filename}: the file is empty")
    if len(data) > MAX_BYTES:
        raise ScanInputError(f"{filename}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    kind = sniff(data)
    if kind is None:
        raise ScanInputError(f"{filename}: not a PNG, JPEG, TIFF or PDF file")
    sizes = {"png": _png_size, "jpeg": _jpeg_size, "tiff": _tiff_sizes}.get(kind)
    if sizes is not None:
        found = sizes(data)
        if not found:
            raise ScanInputError(f"{filename}: the {kind.upper()} file is damaged or truncated")
        if len(found) > MAX_PAGES:
            raise ScanInputError(f"{filename}: more than {MAX_PAGES} pages")
        for width, height in found:
            _check_pixels(width, height, filename)
    return kind


def _check_pixels(width: float, height: float, filename: str) -> None:
    if width < 1 or height < 1:
        raise ScanInputError(f"{filename}: the image has no pixels")
    if width * height > MAX_PAGE_PIXELS:
        raise ScanInputError(
            f"{filename}: a page of {int(width)}×{int(height)} pixels is larger than "
            f"{MAX_PAGE_PIXELS // 1_000_000} megapixels"
        )


def _png_size(data: bytes) -> list[tuple[int, int]]:
    # IHDR is the first chunk; IEND closes a complete file.
    if len(data) < 33 or data[12:16] != b"IHDR" or b"IEND" not in data[-16:]:
        return []
    width, height = struct.unpack(">II", data[16:24])
    return [(width, height)]


def _jpeg_size(data: bytes) -> list[tuple[int, int]]:
    """From the first SOF marker; [] when the file has no end-of-image marker (a truncated
    upload decodes to a half-grey page rather than failing)."""
    if b"\xff\xd9" not in data[-64:]:
        return []
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return []
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return [(width, height)]
        i += 2 + length
    return []


def _tiff_sizes(data: bytes) -> list[tuple[int, int]]:
    """Width and height of every IFD (page); [] for a damaged chain."""
    order = "<" if data[:2] == b"II" else ">"
    try:
        (offset,) = struct.unpack(order + "I", data[4:8])
        sizes: list[tuple[int, int]] = []
        seen: set[int] = set()
        while offset and offset not in seen and len(sizes) <= MAX_PAGES:
            seen.add(offset)
            (count,) = struct.unpack(order + "H", data[offset : offset + 2])
            tags: dict[int, int] = {}
            for n in range(count):
                entry = data[offset + 2 + 12 * n : offset + 14 + 12 * n]
                tag, kind = struct.unpack(order + "HH", entry[:4])
                if tag in (256, 257):  # ImageWidth, ImageLength: SHORT or LONG
                    fmt = "H" if kind == 3 else "I"
                    (tags[tag],) = struct.unpack(order + fmt, entry[8 : 8 + struct.calcsize(fmt)])
            if 256 not in tags or 257 not in tags:
                return []
            sizes.append((tags[256], tags[257]))
            (offset,) = struct.unpack(
                order + "I", data[offset + 2 + 12 * count : offset + 6 + 12 * count]
            )
        return sizes
    except struct.error:
        return []


def _as_bgr_or_grey(image: np.ndarray) -> np.ndarray:
    """8-bit, BGR or grey: 16-bit scans are scaled down, alpha dropped (over white)."""
    import cv2

    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype != np.uint8:  # float or 32-bit: stretched to 0–255
        values = image.astype(np.float64)
        low, high = float(values.min()), float(values.max())
        image = ((values - low) * (255.0 / max(high - low, 1e-9))).astype(np.uint8)
    if image.ndim == 3 and image.shape[2] == 4:
        alpha = image[:, :, 3:4].astype(np.float32) / 255
        image = (image[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    elif image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 3 and _is_grey(image):
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return np.ascontiguousarray(image)


def _is_grey(image: np.ndarray) -> bool:
    """A colour file holding a grey scan (sampled: no pixel has chroma)."""
    sample = image[::7, ::7].astype(np.int16)
    return bool(np.abs(sample[:, :, 0] - sample[:, :, 2]).max() <= 2) and bool(
        np.abs(sample[:, :, 1] - sample[:, :, 2]).max() <= 2
    )


def _decode_single(data: bytes, filename: str, kind: str, grey: bool) -> np.ndarray:
    import cv2

    flags = cv2.IMREAD_GRAYSCALE if grey else cv2.IMREAD_UNCHANGED
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    if image is None or image.size == 0:
        raise ScanInputError(f"{filename}: the {kind.upper()} file cannot be decoded")
    return _as_bgr_or_grey(image)


def _tiff_pages(data: bytes, filename: str, grey: bool) -> Iterator[np.ndarray]:
    import cv2

    flags = cv2.IMREAD_GRAYSCALE if grey else cv2.IMREAD_UNCHANGED
    ok, pages = cv2.imdecodemulti(np.frombuffer(data, np.uint8), flags)
    if not ok or not pages:
        raise ScanInputError(f"{filename}: the TIFF file cannot be decoded")
    for page in pages:
        yield _as_bgr_or_grey(page)


def _pdf_pages(data: bytes, filename: str, grey: bool, pages: range | None) -> Iterator[np.ndarray]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ScanInputError(f"{filename}: the PDF file cannot be opened") from None
    try:
        count = len(pdf)
        if count == 0:
            raise ScanInputError(f"{filename}: the PDF has no pages")
        if count > MAX_PAGES:
            raise ScanInputError(f"{filename}: more than {MAX_PAGES} pages")
        scale = PDF_DPI / 72
        for index in range(count):
            width, height = pdf.get_page_size(index)
            _check_pixels(width * scale, height * scale, filename)
        for index in pages if pages is not None else range(count):
            if not 0 <= index < count:
                continue
            page = pdf[index]
            bitmap = page.render(scale=scale, grayscale=grey)
            yield _as_bgr_or_grey(bitmap.to_numpy().copy())
            page.close()
    finally:
        pdf.close()
