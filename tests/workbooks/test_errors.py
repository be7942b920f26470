"""Every kind of bad input is reported at its sheet, row and column, and nothing is written."""

import pytest

from daihoi.accounts.models import AuditEntry
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.units.models import Unit
from daihoi.workbooks.actions import do_import_workbook
from tests.workbooks.helpers import (
    CANDIDATES,
    CONGRESSES,
    ELECTIONS,
    UNITS,
    full_workbook,
    make_workbook,
    stream,
)

pytestmark = pytest.mark.django_db


def with_row(rows, index, **changes):
    out = [dict(r) for r in rows]
    out[index].update(changes)
    return out


def plus(rows, *extra):
    return [dict(r) for r in rows] + [dict(e) for e in extra]


def snapshot():
    out = {}
    for model in (Campaign, Unit, Congress, Election, Candidate, AuditEntry):
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "at"]
        out[model.__name__] = list(model.objects.order_by("pk").values_list(*fields))
    return out


SECRETARY_2 = {**CANDIDATES[3], "full_name": "Phạm Văn D"}
CASES = {
    # name: (preload the good workbook first?, workbook, expected error locations)
    "not_a_workbook": (False, b"this is not a spreadsheet", {("", 0, "")}),
    "zip_but_not_xlsx": (False, b"PK\x03\x04" + b"\0" * 100, {("", 0, "")}),
    "missing_column": (
        False,
        make_workbook({"units": UNITS}, columns={"units": ["code", "name", "parent_code"]}),
        {("units", 1, "level"), ("units", 1, "members")},
    ),
    "unknown_parent": (
        False,
        full_workbook(units=plus(UNITS, {"code": "X", "name": "X", "level": "branch",
                                         "parent_code": "NOPE"})),
        {("units", 8, "parent_code")},
    ),
    "duplicate_unit_code": (
        False,
        full_workbook(units=plus(UNITS, {**UNITS[5], "name": "again"})),
        {("units", 8, "code")},
    ),
    "cycle": (
        False,
        full_workbook(units=plus(
            UNITS,
            {"code": "A", "name": "A", "level": "branch", "parent_code": "B"},
            {"code": "B", "name": "B", "level": "branch", "parent_code": "C"},
            {"code": "C", "name": "C", "level": "branch", "parent_code": "A"},
        )),
        {("units", 8, "parent_code"), ("units", 9, "parent_code"), ("units", 10, "parent_code")},
    ),
    "own_parent": (
        False,
        full_workbook(units=with_row(UNITS, 5, parent_code="B1")),
        {("units", 7, "parent_code")},
    ),
    "unknown_level": (
        False,
        full_workbook(units=with_row(UNITS, 1, level="county")),
        {("units", 3, "level")},
    ),
    "negative_members": (
        False,
        full_workbook(units=with_row(UNITS, 0, members=-3)),
        {("units", 2, "members")},
    ),
    "empty_name": (
        False,
        full_workbook(units=with_row(UNITS, 0, name="  ")),
        {("units", 2, "name")},
    ),
    "unknown_campaign": (
        False,
        full_workbook(congresses=with_row(CONGRESSES, 1, campaign="1999-2000")),
        {("congresses", 3, "campaign")},
    ),
    "unknown_unit": (
        False,
        full_workbook(congresses=plus(CONGRESSES, {**CONGRESSES[1], "unit_code": "ZZ"})),
        {("congresses", 4, "unit_code")},
    ),
    "bad_date_text": (
        False,
        full_workbook(congresses=with_row(CONGRESSES, 0, planned_on="next week")),
        {("congresses", 2, "planned_on")},
    ),
    "impossible_date": (
        False,
        full_workbook(congresses=with_row(CONGRESSES, 1, held_on="31/02/2020")),
        {("congresses", 3, "held_on")},
    ),
    "attended_above_summoned": (
        False,
        full_workbook(congresses=with_row(CONGRESSES, 0, attended=121)),
        {("congresses", 2, "attended")},
    ),
    "unknown_kind": (
        False,
        full_workbook(congresses=with_row(CONGRESSES, 0, kind="party")),
        {("congresses", 2, "kind")},
    ),
    "bad_pilot": (
        False,
        full_workbook(congresses=with_row(CONGRESSES, 0, pilot=2)),
        {("congresses", 2, "pilot")},
    ),
    "duplicate_congress": (
        False,
        full_workbook(congresses=plus(CONGRESSES, CONGRESSES[0])),
        {("congresses", 4, "unit_code")},
    ),
    "fractional_seats": (
        False,
        full_workbook(elections=with_row(ELECTIONS, 0, seats=2.5)),
        {("elections", 2, "seats")},
    ),
    "unknown_body": (
        False,
        full_workbook(elections=with_row(ELECTIONS, 1, body="president")),
        # The candidate of the secretary election then has no election either.
        {("elections", 3, "body"), ("candidates", 5, "body")},
    ),
    "unknown_elected_by": (
        False,
        full_workbook(elections=with_row(ELECTIONS, 1, elected_by="people")),
        {("elections", 3, "elected_by")},
    ),
    "election_without_congress": (
        False,
        full_workbook(elections=plus(ELECTIONS, {**ELECTIONS[0], "unit_code": "D1"})),
        {("elections", 4, "unit_code")},
    ),
    "candidate_without_election": (
        False,
        full_workbook(candidates=plus(CANDIDATES, {**CANDIDATES[0], "body": "delegates"})),
        {("candidates", 6, "body")},
    ),
    "duplicate_candidate": (
        False,
        full_workbook(candidates=plus(CANDIDATES, CANDIDATES[1])),
        {("candidates", 6, "full_name")},
    ),
    "unknown_gender": (
        False,
        full_workbook(candidates=with_row(CANDIDATES, 0, gender="m")),
        {("candidates", 2, "gender")},
    ),
    "bad_boolean": (
        False,
        full_workbook(candidates=with_row(CANDIDATES, 2, elected="maybe")),
        {("candidates", 4, "elected")},
    ),
    "negative_votes": (
        False,
        full_workbook(candidates=with_row(CANDIDATES, 2, votes=-1)),
        {("candidates", 4, "votes")},
    ),
    "elected_above_seats_in_workbook": (
        False,
        full_workbook(candidates=plus(CANDIDATES, SECRETARY_2)),
        {("candidates", 6, "elected")},
    ),
    "elected_above_seats_with_database": (
        True,
        make_workbook({"candidates": [SECRETARY_2]}),
        {("candidates", 2, "elected")},
    ),
    "seats_below_elected_in_database": (
        True,
        make_workbook({"elections": [{**ELECTIONS[0], "seats": 1}]}),
        {("elections", 2, "seats")},
    ),
    "unknown_previous_campaign": (
        False,
        make_workbook({"campaigns": [{"code": "2020-2025", "name": "x", "previous_code": "?"}]}),
        {("campaigns", 2, "previous_code")},
    ),
    "campaign_loop": (
        False,
        make_workbook({"campaigns": [
            {"code": "a", "name": "a", "previous_code": "b"},
            {"code": "b", "name": "b", "previous_code": "a"},
        ]}),
        {("campaigns", 2, "previous_code"), ("campaigns", 3, "previous_code")},
    ),
    "text_too_long": (
        False,
        full_workbook(units=with_row(UNITS, 0, code="P" * 65)),
        # Its children then name an unknown parent.
        {("units", 2, "code"), ("units", 3, "parent_code"), ("units", 4, "parent_code")},
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_import_error_is_located_and_nothing_written(name):
    preload, workbook, expected = CASES[name]
    if preload:
        assert do_import_workbook(stream(full_workbook())).ok
    before = snapshot()
    result = do_import_workbook(stream(workbook))
    assert not result.ok
    assert {(e.sheet, e.row, e.column) for e in result.errors} == expected, [
        str(e) for e in result.errors
    ]
    assert all(e.message.endswith(".") for e in result.errors)
    assert snapshot() == before


def test_import_error_lists_every_problem_at_once():
    workbook = full_workbook(
        units=with_row(UNITS, 0, members=-1),
        congresses=with_row(CONGRESSES, 0, planned_on="x"),
        candidates=with_row(CANDIDATES, 0, gender="?"),
    )
    result = do_import_workbook(stream(workbook))
    assert [str(e).split(":")[0] for e in result.errors] == [
        "units, 2, members",
        "congresses, 2, planned_on",
        "candidates, 2, gender",
    ]


def test_import_votes_above_attended_is_not_an_error():
    workbook = full_workbook(candidates=with_row(CANDIDATES, 0, votes=10_000))
    assert do_import_workbook(stream(workbook)).ok


def test_import_blank_rows_and_extra_columns_are_ignored():
    columns = {"units": [" Code ", "NAME", "level", "parent_code", "members", "note"]}
    rows = [
        {" Code ": "P", "NAME": "Tỉnh", "level": "Province", "members": 3, "note": "x"},
        {},
        {"note": "only a note"},
        {" Code ": "D", "NAME": "Huyện", "level": "district", "parent_code": "P"},
    ]
    result = do_import_workbook(stream(make_workbook({"units": rows}, columns=columns)))
    assert result.ok, [str(e) for e in result.errors]
    assert Unit.objects.get_parent(Unit.objects.get(code="D")).code == "P"
    assert Unit.objects.get(code="D").members == 0
    assert Unit.objects.get(code="P").members == 3
