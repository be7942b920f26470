"""Reading a workbook into plain rows: header matching, blank rows skipped, file errors caught.

python-calamine (Rust) reads a province workbook in well under a second, where openpyxl takes
about fifteen; openpyxl remains the fallback when calamine is not installed.
"""

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from daihoi.workbooks.cells import is_empty
from daihoi.workbooks.format import SHEETS, RowError


@dataclass
class Row:
    number: int  # the Excel row number (the header is row 1)
    values: dict[str, Any]


@dataclass
class Sheet:
    name: str
    columns: set[str]  # the known columns present in the header
    rows: list[Row]


def _normalize(value: Any) -> str:
    return " ".join(str(value).split()).lower() if value is not None else ""


def _not_a_workbook() -> list[RowError]:
    return [RowError("", 0, "", _("The file is not an Excel workbook (.xlsx) or cannot be read."))]


def read_workbook(
    source: str | IO[bytes], engine: str = "auto"
) -> tuple[dict[str, Sheet], list[RowError]]:
    """The known sheets of the workbook, or the errors that make it unreadable.

    Sheet and column names match trimmed and case-insensitively; other sheets and columns are
    ignored; a missing sheet is fine, a present sheet missing a required column is an error.
    `engine` is "calamine", "openpyxl" or "auto" (calamine when installed).
    """
    if engine in {"auto", "calamine"}:
        try:
            import python_calamine  # noqa: F401
        except ImportError:
            if engine == "calamine":
                raise
        else:
            return _read_with_calamine(source)
    return _read_with_openpyxl(source)


def _read_with_calamine(source: str | IO[bytes]) -> tuple[dict[str, Sheet], list[RowError]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        if isinstance(source, str):
            book = CalamineWorkbook.from_path(source)
        else:
            source.seek(0)
            book = CalamineWorkbook.from_filelike(source)
        sheets: dict[str, Sheet] = {}
        errors: list[RowError] = []
        for title in book.sheet_names:
            name = _normalize(title)
            if name not in SHEETS or name in sheets:
                continue
            rows = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            sheet, sheet_errors = _read_rows(name, rows)
            errors.extend(sheet_errors)
            sheets[name] = sheet
    except (CalamineError, OSError, ValueError, TypeError, zipfile.BadZipFile):
        return {}, _not_a_workbook()
    return sheets, errors


def _read_with_openpyxl(source: str | IO[bytes]) -> tuple[dict[str, Sheet], list[RowError]]:
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        return {}, _not_a_workbook()
    sheets: dict[str, Sheet] = {}
    errors: list[RowError] = []
    try:
        for worksheet in book.worksheets:
            name = _normalize(worksheet.title)
            if name not in SHEETS or name in sheets:
                continue
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()
            sheet, sheet_errors = _read_rows(name, worksheet.iter_rows(values_only=True))
            errors.extend(sheet_errors)
            sheets[name] = sheet
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        return {}, [RowError("", 0, "", _("The workbook is damaged and cannot be read."))]
    finally:
        book.close()
    return sheets, errors


def _read_rows(name: str, all_rows: Iterable[Any]) -> tuple[Sheet, list[RowError]]:
    required, optional = SHEETS[name]
    known = set(required) | set(optional)
    rows_iter: Iterator[Any] = iter(all_rows)
    header = next(rows_iter, None) or ()
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = _normalize(cell)
        if column in known and column not in positions:
            positions[column] = index
    errors = [
        RowError(
            name,
            1,
            column,
            _("The sheet “%(sheet)s” has no column “%(column)s”; add it to the header row.")
            % {"sheet": name, "column": column},
        )
        for column in required
        if column not in positions
    ]
    rows: list[Row] = []
    for number, cells in enumerate(rows_iter, start=2):
        values = {
            column: cells[index] if index < len(cells) else None
            for column, index in positions.items()
        }
        if all(is_empty(v) for v in values.values()):
            continue
        rows.append(Row(number, values))
    return Sheet(name, set(positions), rows), errors
