"""The workbook format: sheet names, their columns, and the error record.

One format for import, export and the blank template (see docs/importing.md).
"""

from dataclasses import dataclass

# Sheet name → (required columns, optional columns), in the order they are written.
SHEETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "campaigns": (("code", "name", "previous_code"), ()),
    "units": (("code", "name", "level", "parent_code", "members"), ()),
    "congresses": (
        (
            "campaign",
            "unit_code",
            "term",
            "kind",
            "planned_on",
            "held_on",
            "summoned",
            "attended",
        ),
        ("pilot",),
    ),
    "elections": (("campaign", "unit_code", "body", "seats", "elected_by"), ()),
    "candidates": (
        (
            "campaign",
            "unit_code",
            "body",
            "full_name",
            "incumbent",
            "gender",
            "birth_year",
            "ethnicity",
            "votes",
            "elected",
        ),
        (),
    ),
}

SHEET_ORDER = {name: i for i, name in enumerate(SHEETS)}


def all_columns(sheet: str) -> tuple[str, ...]:
    required, optional = SHEETS[sheet]
    return required + optional


@dataclass(frozen=True)
class RowError:
    """One problem: where it is (sheet, Excel row number, column) and a full-sentence message.

    File-level problems have no sheet; sheet-level problems (a missing column) have row 1.
    """

    sheet: str
    row: int
    column: str
    message: str

    @property
    def location(self) -> str:
        parts = [self.sheet, str(self.row) if self.row else "", self.column]
        return ", ".join(p for p in parts if p)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def sort_key(self) -> tuple[int, int, int, str]:
        columns = all_columns(self.sheet) if self.sheet in SHEETS else ()
        col = columns.index(self.column) if self.column in columns else len(columns)
        return (SHEET_ORDER.get(self.sheet, -1), self.row, col, self.message)
