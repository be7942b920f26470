import datetime

import pytest

from daihoi.accounts.models import AuditEntry
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.units.models import Unit
from daihoi.workbooks.actions import do_import_workbook
from tests.workbooks.helpers import full_workbook, stream

pytestmark = pytest.mark.django_db


def test_import_happy_path_writes_every_figure():
    result = do_import_workbook(stream(full_workbook()))
    assert result.ok, [str(e) for e in result.errors]
    assert result.counts["units"] == {"created": 6, "updated": 0}
    assert result.counts["candidates"] == {"created": 4, "updated": 0}
    current = Campaign.objects.get(code="2020-2025")
    assert current.previous.code == "2015-2020"
    b1 = Unit.objects.get(code="B1")
    assert [u.code for u in Unit.objects.get_ancestors(b1)] == ["P", "D1", "G1"]
    assert Unit.objects.get(code="P").numchild == 2
    assert Unit.objects.get_children_count(Unit.objects.get(code="G1")) == 1
    assert Unit.objects.get(code="G1").numchild == 1
    g1 = Congress.objects.get(unit__code="G1")
    assert g1.held_on == datetime.date(2020, 6, 5)
    assert g1.planned_on == datetime.date(2020, 6, 1)
    assert (g1.summoned, g1.attended, g1.pilot) == (120, 118, True)
    b1c = Congress.objects.get(unit__code="B1")
    assert b1c.planned_on == datetime.date(2020, 4, 10)
    assert b1c.held_on is None and b1c.attended == 29 and b1c.pilot is False
    committee = Election.objects.get(congress=g1, body="committee")
    assert committee.seats == 3
    assert committee.candidates.filter(elected=True).count() == 2
    c = Candidate.objects.get(election=committee, full_name="Lê Văn C")
    assert c.incumbent is True and c.elected is False and c.votes == 40
    assert Candidate.objects.get(election=committee, full_name="Trần Thị B").birth_year == 1985
    assert AuditEntry.objects.count() == 2 + 6 + 2 + 2 + 4
    entry = AuditEntry.objects.get(action="import_create_congress", unit__code="G1")
    assert entry.changes["attended"] == [None, 118]


def test_import_twice_changes_nothing():
    assert do_import_workbook(stream(full_workbook())).ok
    before = AuditEntry.objects.count()
    paths = list(Unit.objects.order_by("code").values_list("code", "path", "numchild"))
    result = do_import_workbook(stream(full_workbook()))
    assert result.ok and result.changed == 0
    assert AuditEntry.objects.count() == before
    assert list(Unit.objects.order_by("code").values_list("code", "path", "numchild")) == paths


def test_import_audits_changes_with_before_and_after():
    from django.contrib.auth.models import User

    from tests.workbooks.helpers import CANDIDATES, UNITS, make_workbook

    assert do_import_workbook(stream(full_workbook())).ok
    created = AuditEntry.objects.get(
        action="import_create_campaign", object_repr="Nhiệm kỳ 2020–2025"
    )
    assert created.changes["previous_code"] == [None, "2015-2020"]
    assert created.actor is None
    user = User.objects.create_superuser("root", password="pw-12345678")
    units = [{**UNITS[3], "parent_code": "D2", "members": 121}]
    candidates = [{**CANDIDATES[2], "votes": 41, "elected": 1}]
    result = do_import_workbook(
        stream(make_workbook({"units": units, "candidates": candidates})), actor=user
    )
    assert result.ok, [str(e) for e in result.errors]
    unit_entry = AuditEntry.objects.get(action="import_update_unit")
    assert unit_entry.actor == user and unit_entry.unit.code == "G1"
    assert unit_entry.changes == {"members": [120, 121], "parent_code": ["D1", "D2"]}
    cand_entry = AuditEntry.objects.get(action="import_update_candidate")
    assert cand_entry.unit.code == "G1" and cand_entry.object_repr == "Lê Văn C"
    assert cand_entry.changes == {"votes": [40, 41], "elected": [False, True]}


def test_import_moves_a_unit_to_the_top_of_the_tree():
    from tests.workbooks.helpers import UNITS, make_workbook

    assert do_import_workbook(stream(full_workbook())).ok
    row = {**UNITS[2], "parent_code": None}
    assert do_import_workbook(stream(make_workbook({"units": [row]}))).ok
    assert sorted(u.code for u in Unit.objects.get_root_nodes()) == ["D2", "P"]
    assert Unit.objects.get(code="G2").depth == 2
    assert Unit.objects.get(code="P").numchild == 1


def test_import_campaigns_need_an_editor_of_a_whole_tree():
    from django.contrib.auth.models import User

    from daihoi.accounts.models import Grant, Role
    from tests.workbooks.helpers import CAMPAIGNS, make_workbook

    assert do_import_workbook(stream(full_workbook())).ok
    district_editor = User.objects.create_user("d", password="pw-12345678")
    Grant.objects.create(user=district_editor, unit=Unit.objects.get(code="D1"), role=Role.EDITOR)
    province_editor = User.objects.create_user("p", password="pw-12345678")
    Grant.objects.create(user=province_editor, unit=Unit.objects.get(code="P"), role=Role.EDITOR)
    same = make_workbook({"campaigns": CAMPAIGNS})
    assert do_import_workbook(stream(same), actor=district_editor).ok
    renamed = make_workbook({"campaigns": [{**CAMPAIGNS[0], "name": "Khác"}]})
    result = do_import_workbook(stream(renamed), actor=district_editor)
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("campaigns", 2, "code")]
    assert Campaign.objects.get(code="2015-2020").name == "Nhiệm kỳ 2015–2020"
    assert do_import_workbook(stream(renamed), actor=province_editor).ok
    assert Campaign.objects.get(code="2015-2020").name == "Khác"
