"""Units: parents after children, moves, cycles against the database, paths and numchild."""

import pytest

from daihoi.units.models import Unit
from daihoi.workbooks.actions import do_import_workbook
from tests.workbooks.helpers import UNITS, full_workbook, make_workbook, stream

pytestmark = pytest.mark.django_db


def parent_code(code):
    parent = Unit.objects.get_parent(Unit.objects.get(code=code))
    return parent.code if parent else None


def assert_tree_sound():
    assert all(not problems for problems in Unit.objects.find_problems())
    for unit in Unit.objects.all():
        assert unit.numchild == Unit.objects.get_children_count(unit), unit.code


def test_import_units_parent_after_child():
    result = do_import_workbook(stream(make_workbook({"units": list(reversed(UNITS))})))
    assert result.ok, [str(e) for e in result.errors]
    assert parent_code("B1") == "G1" and parent_code("G1") == "D1" and parent_code("P") is None
    assert_tree_sound()


def test_import_units_under_existing_parent_in_database():
    assert do_import_workbook(stream(full_workbook())).ok
    rows = [
        {"code": "B2", "name": "Chi bộ 2", "level": "branch", "parent_code": "G1"},
        {"code": "G3", "name": "Xã 3", "level": "grassroots", "parent_code": "D2"},
        {"code": "B3", "name": "Chi bộ 3", "level": "branch", "parent_code": "G3"},
    ]
    assert do_import_workbook(stream(make_workbook({"units": rows}))).ok
    assert parent_code("B2") == "G1" and parent_code("B3") == "G3"
    assert Unit.objects.get(code="G1").numchild == 2
    assert_tree_sound()


def test_import_moves_a_unit_with_its_subtree():
    assert do_import_workbook(stream(full_workbook())).ok
    moved = [dict(u) for u in UNITS]
    moved[3]["parent_code"] = "D2"  # G1, with its branch B1, goes from D1 to D2
    result = do_import_workbook(stream(make_workbook({"units": moved})))
    assert result.ok, [str(e) for e in result.errors]
    assert result.counts["units"] == {"created": 0, "updated": 1}
    assert parent_code("G1") == "D2" and parent_code("B1") == "G1"
    assert Unit.objects.get(code="D1").numchild == 0
    assert Unit.objects.get(code="D2").numchild == 2
    assert Unit.objects.get(code="B1").depth == 4
    assert_tree_sound()
    # The same file again moves nothing.
    again = do_import_workbook(stream(make_workbook({"units": moved})))
    assert again.ok and again.changed == 0


def test_import_swaps_parent_and_child():
    assert do_import_workbook(stream(full_workbook())).ok
    rows = [
        {"code": "G1", "name": "Xã 1", "level": "grassroots", "parent_code": "P"},
        {"code": "D1", "name": "Huyện 1", "level": "district", "parent_code": "G1"},
    ]
    result = do_import_workbook(stream(make_workbook({"units": rows})))
    assert result.ok, [str(e) for e in result.errors]
    assert parent_code("G1") == "P" and parent_code("D1") == "G1" and parent_code("B1") == "G1"
    assert_tree_sound()


def test_import_moves_a_unit_under_a_new_unit():
    assert do_import_workbook(stream(full_workbook())).ok
    rows = [
        {"code": "D3", "name": "Huyện 3", "level": "district", "parent_code": "P"},
        {"code": "G2", "name": "Xã 2", "level": "grassroots", "parent_code": "D3"},
    ]
    assert do_import_workbook(stream(make_workbook({"units": rows}))).ok
    assert parent_code("G2") == "D3" and Unit.objects.get(code="D2").numchild == 0
    assert_tree_sound()


def test_import_cycle_through_database_units_is_refused():
    assert do_import_workbook(stream(full_workbook())).ok
    # D1 under B1, while B1 (not in the workbook) sits under G1 under D1.
    rows = [{"code": "D1", "name": "Huyện 1", "level": "district", "parent_code": "B1"}]
    result = do_import_workbook(stream(make_workbook({"units": rows})))
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("units", 2, "parent_code")]
    assert parent_code("D1") == "P"


def test_import_second_root_is_allowed_from_the_command_line():
    assert do_import_workbook(stream(full_workbook())).ok
    rows = [{"code": "P2", "name": "Tỉnh 2", "level": "province"}]
    assert do_import_workbook(stream(make_workbook({"units": rows}))).ok
    assert [u.code for u in Unit.objects.get_root_nodes()] == ["P", "P2"]
    assert_tree_sound()
