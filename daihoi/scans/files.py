"""Ballot image files: the type and size check of an upload, the page count, the removal of
camera metadata, and the content-addressed store under DAIHOI_HOME/scans/.

Privacy (ballot-reading.md §6): a phone photo's EXIF (time, place, device) and a PNG's text and
time chunks never reach the disk. They are cut out **losslessly** (the compressed pixels are
untouched) before the file is hashed and stored, so `sha256` is the hash of exactly the file
kept as evidence; the hash of the bytes as received is kept too (`received_sha256`: it matches
the scanner's own file, and makes the scanner folder idempotent). TIFF and PDF from a scanner are
stored as received (their tags say the scanner and the batch time, which the batch records
anyway). What the app shows is never the stored file: pages are decoded and re-encoded as PNG
without any metadata (`page_png`).
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from daihoi.scanning.images import MAX_BYTES, MAX_PAGES, sniff

KINDS = ("png", "jpeg", "tiff", "pdf")
EXTENSIONS = {"png": "png", "jpeg": "jpg", "tiff": "tif", "pdf": "pdf"}
# Shown images are scaled to this width at most: enough to judge a stroke, small to send.
SHOWN_WIDTH = 1600


class BadScanFile(ValueError):
    """A file that cannot be a ballot image: the message names the file and says why."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    pages: int
    data: bytes  # metadata removed: what is stored and hashed
    sha256: str
    received_sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "DAIHOI_MAX_SCAN_BYTES", MAX_BYTES))


def check_file(name: str, data: bytes) -> CheckedFile:
    """The file's kind and page count, with camera metadata removed; BadScanFile otherwise.

    Only the structure is checked here (cheap, at upload); decoding a damaged page is found
    when it is read, and makes that ballot unreadable.
    """
    if not data:
        raise BadScanFile(_("“%(name)s” is empty.") % {"name": name})
    limit = max_bytes()
    if len(data) > limit:
        raise BadScanFile(
            _("“%(name)s” is %(size)s; the largest scan accepted is %(limit)s.")
            % {"name": name, "size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    kind = sniff(data)
    if kind is None:
        raise BadScanFile(_("“%(name)s” is not a PNG, JPEG, TIFF or PDF file.") % {"name": name})
    pages = _page_count(name, kind, data)
    if not 1 <= pages <= MAX_PAGES:
        raise BadScanFile(
            _("“%(name)s” has %(pages)s pages; a file may hold 1 to %(max)s.")
            % {"name": name, "pages": pages, "max": MAX_PAGES}
        )
    clean = strip_metadata(kind, data)
    return CheckedFile(
        name=name,
        kind=kind,
        pages=pages,
        data=clean,
        sha256=sha256_of(clean),
        received_sha256=sha256_of(data),
    )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _page_count(name: str, kind: str, data: bytes) -> int:
    if kind == "pdf":
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            raise BadScanFile(_damaged(name, "PDF")) from None
        try:
            return len(pdf)
        finally:
            pdf.close()
    if kind == "tiff":
        pages = _tiff_page_count(data)
        if pages is None:
            raise BadScanFile(_damaged(name, "TIFF"))
        return pages
    if kind == "png" and not (data[12:16] == b"IHDR" and b"IEND" in data[-16:]):
        raise BadScanFile(_damaged(name, "PNG"))
    if kind == "jpeg" and b"\xff\xd9" not in data[-64:]:
        raise BadScanFile(_damaged(name, "JPEG"))
    return 1


def _damaged(name: str, kind: str) -> str:
    return _("“%(name)s” is a damaged or truncated %(kind)s file.") % {"name": name, "kind": kind}


def _tiff_page_count(data: bytes) -> int | None:
    """The number of IFDs (pages) in the chain; None for a damaged chain."""
    order = "<" if data[:2] == b"II" else ">"
    try:
        (offset,) = struct.unpack(order + "I", data[4:8])
        seen: set[int] = set()
        while offset:
            if offset in seen or len(seen) > MAX_PAGES:
                return None
            seen.add(offset)
            (entries,) = struct.unpack(order + "H", data[offset : offset + 2])
            end = offset + 2 + 12 * entries
            (offset,) = struct.unpack(order + "I", data[end : end + 4])
        return len(seen)
    except struct.error:
        return None


# -- metadata removal (lossless) ------------------------------------------------------------

# JPEG segments kept: APP0 (JFIF), APP14 (Adobe: colour transform, needed to decode some
# files). Dropped: APP1 (EXIF, XMP), APP2 (ICC, FlashPix), APP3–APP13, APP15 and comments.
_JPEG_KEEP_APP = {0xE0, 0xEE}
# PNG chunks dropped: text, time, EXIF. Everything else (pixels, palette, gamma) stays.
_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"tIME", b"eXIf"}


def strip_metadata(kind: str, data: bytes) -> bytes:
    if kind == "jpeg":
        return _strip_jpeg(data)
    if kind == "png":
        return _strip_png(data)
    return data


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])  # SOI
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return data  # not a segment boundary: leave the file as it is
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[i:]
            return bytes(out)
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        segment = data[i : i + 2 + length]
        is_metadata = (0xE0 <= marker <= 0xEF and marker not in _JPEG_KEEP_APP) or marker == 0xFE
        if not is_metadata:
            out += segment
        i += 2 + length
    return data


def _strip_png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    i = 8
    while i + 12 <= len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        chunk_type = data[i + 4 : i + 8]
        chunk = data[i : i + 12 + length]
        if len(chunk) < 12 + length:
            return data
        if chunk_type not in _PNG_DROP:
            out += chunk
        i += 12 + length
        if chunk_type == b"IEND":
            return bytes(out)
    return data


# -- the content-addressed store ------------------------------------------------------------


def store_root() -> Path:
    configured = getattr(settings, "DAIHOI_SCANS_DIR", None)
    return Path(configured) if configured else Path(settings.DAIHOI_HOME) / "scans"


def stored_path(sha256: str, kind: str) -> Path:
    """Where a file with this hash lives: scans/ab/abcdef….ext (never overwritten)."""
    return store_root() / sha256[:2] / f"{sha256}.{EXTENSIONS[kind]}"


def store(checked: CheckedFile) -> Path:
    """Write the file under its hash unless it is there already; atomic (a temporary file
    renamed), so a reader never sees half a file."""
    path = stored_path(checked.sha256, checked.kind)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(checked.data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load(sha256: str, kind: str) -> bytes:
    """The stored file; FileNotFoundError once purged. Checked against its hash."""
    data = stored_path(sha256, kind).read_bytes()
    if sha256_of(data) != sha256:
        raise OSError(f"stored scan {sha256} does not match its hash")
    return data


def remove(sha256: str, kind: str) -> bool:
    path = stored_path(sha256, kind)
    if path.exists():
        path.unlink()
        return True
    return False


def page_png(data: bytes, name: str, page: int) -> tuple[bytes, float]:
    """Page `page` (1-based) re-encoded as PNG without metadata, at most SHOWN_WIDTH wide, and
    the scale from the original pixels (for polygons in original coordinates)."""
    import cv2

    from daihoi.scanning.images import iter_pages

    image = None
    for index, pixels in enumerate(iter_pages(data, name), 1):
        if index == page:
            image = pixels
            break
    if image is None:
        raise BadScanFile(f"{name}: no page {page}")
    scale = 1.0
    width = image.shape[1]
    if width > SHOWN_WIDTH:
        scale = SHOWN_WIDTH / width
        size = (SHOWN_WIDTH, round(image.shape[0] * scale))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    if not ok:
        raise BadScanFile(f"{name}: cannot encode page {page}")
    return encoded.tobytes(), scale
