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
