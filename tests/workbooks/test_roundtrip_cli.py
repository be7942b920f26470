"""Export → import round trip, date cells, and the `daihoi import/export` commands.

The commands run through call_command: `daihoi` (run_from_argv) closes the database
connections on exit, which would end the test's transaction.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.units.models import Unit
from daihoi.workbooks import cells
from daihoi.workbooks.actions import do_import_workbook
from daihoi.workbooks.exporter import export_workbook
from tests.workbooks.helpers import CONGRESSES, full_workbook, make_workbook, read_back, stream

pytestmark = pytest.mark.django_db


def natural_data():
    """Everything, keyed by codes and names rather than ids."""
    units = {
        u.code: (u.name, u.level.code, u.members, getattr(Unit.objects.get_parent(u), "code", None))
        for u in Unit.objects.select_related("level")
    }
    return {
        "campaigns": sorted(Campaign.objects.values_list("code", "name", "previous__code")),
        "units": units,
        "congresses": sorted(
            Congress.objects.values_list(
                "campaign__code", "unit__code", "term", "kind", "planned_on", "held_on",
                "summoned", "attended", "pilot",
            )
        ),
        "elections": sorted(
            Election.objects.values_list(
                "congress__campaign__code", "congress__unit__code", "body", "seats", "elected_by"
            )
        ),
        "candidates": sorted(
            Candidate.objects.values_list(
                "election__congress__campaign__code", "election__congress__unit__code",
                "election__body", "full_name", "incumbent", "gender", "birth_year", "ethnicity",
                "votes", "elected",
            ),
            key=str,
        ),
    }  # fmt: skip


def wipe():
    Campaign.objects.all().delete()
    Unit.objects.all().delete()


def test_export_then_import_into_empty_database_gives_same_data():
    assert do_import_workbook(stream(full_workbook())).ok
    before = natural_data()
    first = io.BytesIO()
    export_workbook(first)
    wipe()
    assert Unit.objects.count() == 0
    result = do_import_workbook(io.BytesIO(first.getvalue()))
    assert result.ok, [str(e) for e in result.errors]
    assert natural_data() == before
    second = io.BytesIO()
    export_workbook(second)
    assert read_back(first.getvalue()) == read_back(second.getvalue())


def test_export_writes_real_dates_formatted_day_month_year():
    assert do_import_workbook(stream(full_workbook())).ok
    out = io.BytesIO()
    export_workbook(out)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(out.getvalue()))["congresses"]
    header = [c.value for c in sheet[1]]
    held = sheet.cell(row=2, column=header.index("held_on") + 1)
    assert held.is_date and held.value.date() == datetime.date(2020, 6, 5)
    assert held.number_format == "DD/MM/YYYY"


def test_export_one_campaign_of_one_subtree():
    other = [{**c, "campaign": "2015-2020", "term": "2015-2020"} for c in CONGRESSES]
    workbook = full_workbook(congresses=CONGRESSES + other)
    assert do_import_workbook(stream(workbook)).ok
    out = io.BytesIO()
    export_workbook(
        out, unit=Unit.objects.get(code="G1"), campaign=Campaign.objects.get(code="2020-2025")
    )
    sheets = read_back(out.getvalue())
    assert [(c["campaign"], c["unit_code"]) for c in sheets["congresses"]] == [
        ("2020-2025", "G1"),
        ("2020-2025", "B1"),
    ]
    assert {c["code"] for c in sheets["campaigns"]} == {"2015-2020", "2020-2025"}


@pytest.mark.parametrize(
    "cell",
    [datetime.datetime(2020, 7, 9), datetime.date(2020, 7, 9), "09/07/2020", "9/7/2020",
     " 2020-07-09 "],
)  # fmt: skip
def test_import_date_cells_and_text(cell):
    congress = {**CONGRESSES[1], "held_on": cell}
    workbook = full_workbook(congresses=[congress], elections=[], candidates=[])
    assert do_import_workbook(stream(workbook)).ok
    assert Congress.objects.get().held_on == datetime.date(2020, 7, 9)


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_number_accepts_ints_integral_floats_and_text(n):
    assert cells.whole_number(n) == n
    assert cells.whole_number(float(n)) == n
    assert cells.whole_number(f" {n} ") == n


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2999, 12, 31)))
def test_date_text_round_trips(day):
    assert cells.date(day.strftime("%d/%m/%Y")) == day
    assert cells.date(day.isoformat()) == day


@pytest.mark.parametrize("value", [12.5, -1, "1.5", "abc", True])
def test_whole_number_refuses(value):
    with pytest.raises(cells.CellError):
        cells.whole_number(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, True), (0, False), (1.0, True), ("x", True), ("X", True), (True, True), ("FALSE", False),
     (None, False), ("", False)],
)  # fmt: skip
def test_boolean_spellings(value, expected):
    assert cells.boolean(value) is expected


def test_cli_import_success_prints_summary(tmp_path, capsys):
    path = tmp_path / "good.xlsx"
    path.write_bytes(full_workbook())
    call_command("import_workbook", str(path), "--dry-run")
    assert "units: 6 created" in capsys.readouterr().out
    assert Unit.objects.count() == 0
    call_command("import_workbook", str(path))
    assert "units: 6 created, 0 updated" in capsys.readouterr().out
    assert Unit.objects.count() == 6


def test_cli_import_errors_exit_non_zero(tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    bad = [{**CONGRESSES[0], "summoned": -5}, {**CONGRESSES[1], "kind": "?"}]
    path.write_bytes(full_workbook(congresses=bad))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_workbook", str(path))
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "bad.xlsx: congresses, 2, summoned:" in err
    assert "bad.xlsx: congresses, 3, kind:" in err
    assert Unit.objects.count() == 0


def test_cli_import_not_a_workbook_exits_non_zero(tmp_path, capsys, english):
    path = tmp_path / "notes.xlsx"
    path.write_text("hello")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_workbook", str(path))
    assert exit_info.value.code == 1
    assert "not an Excel workbook" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_workbook", str(tmp_path / "missing.xlsx"))
    assert exit_info.value.code == 1


def test_cli_export_round_trip_and_unknown_unit(tmp_path, capsys):
    assert do_import_workbook(stream(full_workbook())).ok
    path = tmp_path / "out.xlsx"
    call_command("export_workbook", str(path), "--unit", "D2")
    assert [u["code"] for u in read_back(path.read_bytes())["units"]] == ["D2", "G2"]
    call_command("export_workbook", str(path), "--campaign", "2020-2025")
    assert len(read_back(path.read_bytes())["candidates"]) == 4
    with pytest.raises(CommandError) as error:
        call_command("export_workbook", str(path), "--unit", "NOPE")
    assert error.value.returncode == 2
    assert "NOPE" in str(error.value)


def test_import_without_pilot_column_keeps_pilot():
    assert do_import_workbook(stream(full_workbook())).ok
    columns = {"congresses": ["campaign", "unit_code", "term", "kind", "planned_on", "held_on",
                              "summoned", "attended"]}  # fmt: skip
    rows = [{**CONGRESSES[0], "attended": 117}]
    result = do_import_workbook(stream(make_workbook({"congresses": rows}, columns=columns)))
    assert result.ok and result.counts["congresses"]["updated"] == 1
    congress = Congress.objects.get(unit__code="G1")
    assert congress.pilot is True and congress.attended == 117


def test_both_readers_parse_a_workbook_alike():
    from daihoi.workbooks.reader import read_workbook
    from daihoi.workbooks.validate import check_workbook

    rows = [dict(c) for c in CONGRESSES]
    rows[1]["held_on"] = datetime.date(2020, 7, 9)
    rows[1]["pilot"] = True
    data = full_workbook(congresses=rows)
    plans = []
    for engine in ("calamine", "openpyxl"):
        sheets, errors = read_workbook(io.BytesIO(data), engine=engine)
        assert errors == []
        plan, errors = check_workbook(sheets)
        assert errors == []
        plans.append([plan.campaigns, plan.units, plan.congresses, plan.elections,
                      plan.candidates])  # fmt: skip
    assert plans[0] == plans[1]
    assert plans[0][2][1].held_on == datetime.date(2020, 7, 9) and plans[0][2][1].pilot is True


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_both_readers_refuse_a_non_workbook(engine):
    from daihoi.workbooks.reader import read_workbook

    sheets, errors = read_workbook(io.BytesIO(b"PK\x03\x04 not really"), engine=engine)
    assert sheets == {} and [e.sheet for e in errors] == [""]
