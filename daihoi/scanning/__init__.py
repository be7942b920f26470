"""Reading scanned or photographed machine ballots (docs/scanning.md): pure Python + OpenCV and
numpy, no Django. OpenCV is imported inside the functions that use it."""

from .align import AlignError, PageFit, fit_page
from .batch import read_entries, summarise
from .images import MAX_BYTES, MAX_PAGE_PIXELS, MAX_PAGES, ScanInputError, iter_pages, load_pages
from .reader import BallotReading, RowReading, read_ballot, read_files
from .template import BallotTemplate, TemplateError, template_from_pdf, template_from_raster

__all__ = [
    "MAX_BYTES",
    "MAX_PAGES",
    "MAX_PAGE_PIXELS",
    "AlignError",
    "BallotReading",
    "BallotTemplate",
    "PageFit",
    "RowReading",
    "ScanInputError",
    "TemplateError",
    "fit_page",
    "iter_pages",
    "load_pages",
    "read_ballot",
    "read_entries",
    "read_files",
    "summarise",
    "template_from_pdf",
    "template_from_raster",
]
