import os
import re
import shutil
import subprocess
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest


def _missing_tool(tool: str) -> None:
    """Skip without poppler-utils, but fail in CI (CI=true), like the browser fixture."""
    message = (
        f"printing test needs `{tool}` from the Debian package poppler-utils "
        "(apt-get install poppler-utils)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: printing tests must run, not skip)", pytrace=False)
    pytest.skip(message)


def _run(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    if shutil.which(tool) is None:
        _missing_tool(tool)
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


@pytest.fixture
def pdf_text(tmp_path: Path) -> Callable[[bytes], str]:
    """The text of a PDF by `pdftotext -raw` (content order: table rows stay whole), whitespace
    collapsed to single spaces."""

    def extract(pdf: bytes) -> str:
        return " ".join(_run("pdftotext", pdf, tmp_path, "-raw", "-enc", "UTF-8").split())

    return extract


@pytest.fixture
def pdf_pages(tmp_path: Path) -> Callable[[bytes], list[str]]:
    def pages(pdf: bytes) -> list[str]:
        text = _run("pdftotext", pdf, tmp_path, "-raw", "-enc", "UTF-8")
        return [" ".join(page.split()) for page in text.split("\f") if page.strip()]

    return pages


@pytest.fixture
def pdf_fonts(tmp_path: Path) -> Callable[[bytes], list[list[str]]]:
    """The rows of `pdffonts`: [name, type..., emb, sub, uni, ...] split on whitespace."""

    def fonts(pdf: bytes) -> list[list[str]]:
        out = _run("pdffonts", pdf, tmp_path)
        return [line.split() for line in out.splitlines()[2:] if line.strip()]

    return fonts


@pytest.fixture
def pdf_words(tmp_path: Path) -> Callable[[bytes], list[tuple[str, float, float]]]:
    """Words of page 1 with their top-left corner in millimetres (`pdftotext -bbox`)."""

    def words(pdf: bytes) -> list[tuple[str, float, float]]:
        html = _run("pdftotext", pdf, tmp_path, "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8")
        found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
        mm = 25.4 / 72
        return [(unescape(w), float(x) * mm, float(y) * mm) for x, y, w in found]

    return words


@pytest.fixture
def pdf_page_image(tmp_path: Path) -> Callable[[bytes], Any]:
    """Page 1 as a greyscale PIL image at 72 dpi (one pixel ≈ 0.353 mm)."""

    def image(pdf: bytes) -> Any:
        if shutil.which("pdftoppm") is None:
            _missing_tool("pdftoppm")
        from PIL import Image

        path = tmp_path / "page.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "72",
                "-gray",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                str(tmp_path / "page"),
            ],
            check=True,
        )
        return Image.open(tmp_path / "page.png").convert("L")

    return image
