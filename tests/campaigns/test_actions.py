import datetime

import pytest
from django.core.exceptions import ValidationError

from daihoi.accounts.models import AuditEntry
from daihoi.campaigns.actions import (
    do_create_campaign,
    do_create_congress,
    do_mark_congress_held,
    do_update_congress,
)
from daihoi.campaigns.models import Campaign, Congress
from tests.campaigns.factories import (
    add_candidates,
    make_admin,
    make_campaign,
    make_congress,
    make_election,
    make_tree,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return make_admin()


@pytest.fixture
def congress(actor):
    tree = make_tree()
    return make_congress(tree["A1"], actor=actor, summoned=30, attended=28)


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"attended": 31}, "attended", "cannot be larger than the number summoned"),
        ({"summoned": 10}, "attended", "cannot be larger than the number summoned"),
        ({"summoned": -1}, "summoned", "cannot be negative"),
        ({"attended": -5}, "attended", "cannot be negative"),
        ({"kind": "party"}, "kind", "members' or delegates'"),
        ({"term": "x" * 41}, "term", "at most 40"),
    ],
)
def test_update_congress_rejects_invalid_facts(actor, congress, fields, field, fragment, english):
    before = Congress.objects.values().get(pk=congress.pk)
    with pytest.raises(ValidationError) as info:
        do_update_congress(actor, congress, **fields)
    assert field in info.value.message_dict
    assert fragment in " ".join(info.value.message_dict[field])
    assert Congress.objects.values().get(pk=congress.pk) == before
    assert not AuditEntry.objects.filter(action="update_congress").exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"attended": 30},
        {"summoned": None, "attended": 500},
        {"held_on": datetime.date.today() + datetime.timedelta(days=30)},
        {"term": "2020-2022", "kind": "delegates", "pilot": True},
        {"planned_on": datetime.date(2020, 6, 1), "held_on": None},
    ],
)
def test_update_congress_accepts_valid_facts(actor, congress, fields):
    do_update_congress(actor, congress, **fields)
    stored = Congress.objects.get(pk=congress.pk)
    for name, value in fields.items():
        assert getattr(stored, name) == value
        assert getattr(congress, name) == value


def test_update_congress_records_who_and_what_changed(actor, congress):
    do_update_congress(actor, congress, held_on=datetime.date(2020, 7, 9), attended=29)
    entry = AuditEntry.objects.get(action="update_congress")
    assert entry.actor == actor
    assert entry.unit_id == congress.unit_id
    assert entry.object_id == str(congress.pk)
    assert entry.changes == {"held_on": [None, "2020-07-09"], "attended": [28, 29]}


def test_update_congress_without_change_writes_no_audit(actor, congress):
    do_update_congress(actor, congress, attended=28)
    assert not AuditEntry.objects.filter(action="update_congress").exists()


def test_update_congress_unknown_field_is_a_programming_error(actor, congress):
    with pytest.raises(TypeError):
        do_update_congress(actor, congress, colour="red")


def test_update_congress_held_date_kept_once_candidates_elected(actor, congress):
    do_update_congress(actor, congress, held_on=datetime.date(2020, 7, 1))
    add_candidates(make_election(congress, seats=2, actor=actor), 2, elected=1, actor=actor)
    with pytest.raises(ValidationError) as info:
        do_update_congress(actor, congress, held_on=None)
    assert "held_on" in info.value.message_dict
    assert Congress.objects.get(pk=congress.pk).held_on == datetime.date(2020, 7, 1)


def test_update_congress_held_date_may_be_cleared_without_elected(actor, congress):
    do_update_congress(actor, congress, held_on=datetime.date(2020, 7, 1))
    add_candidates(make_election(congress, seats=2, actor=actor), 2, elected=0, actor=actor)
    do_update_congress(actor, congress, held_on=None)
    assert Congress.objects.get(pk=congress.pk).held_on is None


def test_update_congress_attended_not_below_votes_received(actor, congress):
    add_candidates(make_election(congress, actor=actor), 1, actor=actor)  # 20 votes
    with pytest.raises(ValidationError) as info:
        do_update_congress(actor, congress, attended=19)
    assert "attended" in info.value.message_dict
    do_update_congress(actor, congress, attended=20)


def test_mark_congress_held_sets_date_and_attendance(actor, congress):
    do_mark_congress_held(actor, congress, datetime.date(2020, 7, 9), 40, 39)
    stored = Congress.objects.get(pk=congress.pk)
    assert (stored.held_on, stored.summoned, stored.attended) == (
        datetime.date(2020, 7, 9),
        40,
        39,
    )
    assert stored.status_on(datetime.date(2020, 7, 9)) == "held"


def test_mark_congress_held_requires_a_date(actor, congress):
    with pytest.raises(ValidationError):
        do_mark_congress_held(actor, congress, None, 40, 39)  # type: ignore[arg-type]


def test_create_congress_one_per_campaign(actor, english):
    tree = make_tree()
    campaign = make_campaign(actor)
    do_create_congress(actor, campaign, tree["A"], term="2020-2025")
    with pytest.raises(ValidationError) as info:
        do_create_congress(actor, campaign, tree["A"])
    assert "already has a congress" in info.value.messages[0]
    assert Congress.objects.count() == 1


def test_create_congress_validates_and_audits(actor):
    tree = make_tree()
    campaign = make_campaign(actor)
    with pytest.raises(ValidationError):
        do_create_congress(actor, campaign, tree["A"], summoned=5, attended=6)
    assert not Congress.objects.exists()
    congress = do_create_congress(actor, campaign, tree["A"], summoned=5, attended=5, pilot=True)
    entry = AuditEntry.objects.get(action="create_congress")
    assert entry.actor == actor
    assert entry.unit_id == tree["A"].pk
    assert entry.changes["pilot"] == [None, True]
    assert entry.changes["unit"] == [None, tree["A"].pk]
    assert entry.object_id == str(congress.pk)


@pytest.mark.parametrize(
    ("code", "name", "field"),
    [("", "Name", "code"), ("2020-2025", "", "name"), ("2015-2020", "Dup", "code")],
)
def test_create_campaign_rejects_invalid(actor, code, name, field):
    do_create_campaign(actor, "2015-2020", "Old")
    with pytest.raises(ValidationError) as info:
        do_create_campaign(actor, code, name)
    assert field in info.value.message_dict
    assert Campaign.objects.count() == 1


def test_create_campaign_links_previous_and_audits(actor):
    old = do_create_campaign(actor, "2015-2020", "Old")
    new = do_create_campaign(actor, " 2020-2025 ", "New", previous=old)
    assert new.code == "2020-2025"
    assert Campaign.objects.get(pk=new.pk).previous == old
    entry = AuditEntry.objects.get(action="create_campaign", object_id=str(new.pk))
    assert entry.actor == actor
    assert entry.changes["previous"] == [None, old.pk]
