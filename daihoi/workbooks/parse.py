"""Parsing each row of each sheet into typed rows, recording every bad cell."""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from daihoi.campaigns.models import CongressKind
from daihoi.elections.models import Body, ElectedBy, Gender
from daihoi.units.models import Level
from daihoi.workbooks import cells
from daihoi.workbooks.reader import Row, Sheet
from daihoi.workbooks.rows import (
    CampaignRow,
    CandidateRow,
    CongressRow,
    ElectionRow,
    Plan,
    UnitRow,
)

ErrorSink = Callable[[str, int, str, str], None]  # sheet, row, column, message

KINDS = {v: v for v in CongressKind.values}
BODIES = {v: v for v in Body.values}
ELECTED_BY = {v: v for v in ElectedBy.values}
GENDERS = {v: v for v in Gender.values} | {"nam": Gender.MALE, "nữ": Gender.FEMALE}


class _Cells:
    """Reads the cells of one row, recording each bad cell as an error."""

    def __init__(self, error: ErrorSink, sheet: str, row: Row) -> None:
        self.error, self.sheet, self.row = error, sheet, row
        self.ok = True

    def _get(self, column: str, parse: Callable[[Any], Any], required: bool = False) -> Any:
        raw = self.row.values.get(column)
        if required and cells.is_empty(raw):
            self.fail(column, _("This cell is empty; a value is required."))
            return None
        try:
            return parse(raw)
        except cells.CellError as exc:
            self.fail(column, str(exc))
            return None

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.error(self.sheet, self.row.number, column, message)

    def text(self, column: str, max_length: int, required: bool = False) -> str:
        return self._get(column, lambda v: cells.text(v, max_length), required) or ""

    def number(self, column: str, required: bool = False, maximum: int = 2_147_483_647) -> Any:
        return self._get(column, lambda v: cells.whole_number(v, maximum), required)

    def date(self, column: str) -> Any:
        return self._get(column, cells.date)

    def boolean(self, column: str) -> bool:
        return bool(self._get(column, cells.boolean))

    def choice(self, column: str, choices: dict[str, str], what: str, required: bool) -> Any:
        return self._get(column, lambda v: cells.choice(v, choices, what), required)


def parse_sheets(sheets: dict[str, Sheet], plan: Plan, error: ErrorSink) -> None:
    """Fill `plan` with the typed rows of every sheet; each bad cell goes to `error`."""

    def rows(sheet: str) -> list[Row]:
        return sheets[sheet].rows if sheet in sheets else []

    plan.existing.levels = {lv.code.lower(): lv for lv in Level.objects.all()}
    levels = {code: code for code in plan.existing.levels}
    level_word, kind_word, body_word = _("level"), _("kind of congress"), _("body")
    elected_by_word, gender_word = _("electing body"), _("gender")
    for row in rows("campaigns"):
        c = _Cells(error, "campaigns", row)
        code = c.text("code", 40, required=True)
        name = c.text("name", 255, required=True)
        previous = c.text("previous_code", 40)
        if code:
            plan.campaigns.append(CampaignRow(row.number, code, name, previous))
    for row in rows("units"):
        c = _Cells(error, "units", row)
        code = c.text("code", 64, required=True)
        name = c.text("name", 255, required=True)
        level_code = c.choice("level", levels, level_word, required=True)
        parent = c.text("parent_code", 64)
        members = c.number("members")
        if code:
            level = plan.existing.levels.get(level_code) if level_code else None
            plan.units.append(UnitRow(row.number, code, name, level, parent, members))
            plan.unit_rows.setdefault(code, plan.units[-1])
    pilot_given = "pilot" in sheets.get("congresses", Sheet("", set(), [])).columns
    for row in rows("congresses"):
        c = _Cells(error, "congresses", row)
        campaign = c.text("campaign", 40, required=True)
        unit_code = c.text("unit_code", 64, required=True)
        term = c.text("term", 40)
        kind = c.choice("kind", KINDS, kind_word, required=False)
        planned_on = c.date("planned_on")
        held_on = c.date("held_on")
        summoned = c.number("summoned")
        attended = c.number("attended")
        pilot = c.boolean("pilot") if pilot_given else None
        if summoned is not None and attended is not None and attended > summoned:
            c.fail(
                "attended",
                _("%(attended)d attended, more than the %(summoned)d summoned.")
                % {"attended": attended, "summoned": summoned},
            )
        if campaign and unit_code:
            plan.congresses.append(
                CongressRow(
                    row.number, campaign, unit_code, term, kind or CongressKind.MEMBERS.value,
                    planned_on, held_on, summoned, attended, pilot,
                )
            )  # fmt: skip
    for row in rows("elections"):
        c = _Cells(error, "elections", row)
        campaign = c.text("campaign", 40, required=True)
        unit_code = c.text("unit_code", 64, required=True)
        body = c.choice("body", BODIES, body_word, required=True)
        seats = c.number("seats", required=True)
        elected_by = c.choice("elected_by", ELECTED_BY, elected_by_word, required=False)
        if campaign and unit_code and body:
            plan.elections.append(
                ElectionRow(
                    row.number, campaign, unit_code, body, seats,
                    elected_by or ElectedBy.CONGRESS.value,
                )
            )  # fmt: skip
    this_year = datetime.date.today().year
    for row in rows("candidates"):
        c = _Cells(error, "candidates", row)
        campaign = c.text("campaign", 40, required=True)
        unit_code = c.text("unit_code", 64, required=True)
        body = c.choice("body", BODIES, body_word, required=True)
        full_name = c.text("full_name", 200, required=True)
        incumbent = c.boolean("incumbent")
        gender = c.choice("gender", GENDERS, gender_word, required=False) or ""
        birth_year = c.number("birth_year")
        if birth_year is not None and not 1900 <= birth_year <= this_year:
            c.fail(
                "birth_year",
                _("%(year)d is not a plausible birth year (1900 to %(now)d).")
                % {"year": birth_year, "now": this_year},
            )
        ethnicity = c.text("ethnicity", 60)
        votes = c.number("votes")
        elected = c.boolean("elected")
        if campaign and unit_code and body and full_name:
            plan.candidates.append(
                CandidateRow(
                    row.number, campaign, unit_code, body, full_name, incumbent, gender,
                    birth_year, ethnicity, votes, elected,
                )
            )  # fmt: skip
