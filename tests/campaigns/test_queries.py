import datetime

import pytest
from django.http import Http404

from daihoi.accounts.queries import AccessDenied
from daihoi.campaigns.queries import (
    access_congress_by_id,
    list_campaigns_without_congress,
    list_congresses_for_unit,
    list_elections_of,
    with_status,
)
from tests.campaigns.factories import (
    add_candidates,
    make_campaign,
    make_congress,
    make_election,
    make_tree,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return make_tree()


def test_access_congress_by_id_unknown_is_404(tree):
    user = make_user("u", tree["P"], "viewer")
    with pytest.raises(Http404):
        access_congress_by_id(user, 999_999)


def test_access_congress_by_id_outside_subtree_is_denied(tree):
    congress = make_congress(tree["B1"])
    user = make_user("a", tree["A"], "administrator")
    with pytest.raises(AccessDenied):
        access_congress_by_id(user, congress.pk)


def test_access_congress_by_id_needs_the_role(tree):
    congress = make_congress(tree["A1"])
    viewer = make_user("v", tree["A"], "viewer")
    editor = make_user("e", tree["A"], "editor")
    assert access_congress_by_id(viewer, congress.pk) == congress
    with pytest.raises(AccessDenied):
        access_congress_by_id(viewer, congress.pk, "editor")
    assert access_congress_by_id(editor, congress.pk, "editor") == congress


@pytest.mark.parametrize(
    ("held_on", "as_of", "status"),
    [
        (None, datetime.date(2020, 7, 9), "planned"),
        (datetime.date(2020, 7, 10), datetime.date(2020, 7, 9), "planned"),
        (datetime.date(2020, 7, 9), datetime.date(2020, 7, 9), "held"),
        (datetime.date(2020, 6, 1), datetime.date(2020, 7, 9), "held"),
    ],
)
def test_with_status_derives_from_held_date_and_day(tree, held_on, as_of, status, english):
    congress = make_congress(tree["A1"], held_on=held_on)
    (shown,) = with_status([congress], as_of)
    assert shown.status_value == status
    assert str(shown.status_label) == status  # English msgid; the catalogue translates it


def test_list_congresses_for_unit_counts_elections_and_elected(tree):
    old = make_campaign(code="2015-2020")
    new = make_campaign(code="2020-2025")
    make_congress(tree["A1"], campaign=old)
    congress = make_congress(tree["A1"], campaign=new, held_on=datetime.date(2020, 7, 1))
    add_candidates(make_election(congress, seats=3), 3, elected=2)
    make_election(congress, body="secretary", seats=1)
    rows = list(list_congresses_for_unit(tree["A1"].pk))
    assert [r.campaign.code for r in rows] == ["2020-2025", "2015-2020"]
    assert (rows[0].election_count, rows[0].elected_count) == (2, 2)
    assert (rows[1].election_count, rows[1].elected_count) == (0, 0)
    assert list(list_campaigns_without_congress(tree["A1"].pk)) == []
    assert list(list_campaigns_without_congress(tree["A"].pk)) == [new, old]


def test_list_elections_of_reports_shortfall(tree):
    congress = make_congress(tree["A1"], held_on=datetime.date(2020, 7, 1))
    add_candidates(make_election(congress, seats=3), 3, elected=2)
    add_candidates(make_election(congress, body="secretary", seats=1), 1, elected=1)
    committee, secretary = list_elections_of(congress)
    assert (committee.elected_count, committee.shortfall) == (2, 1)
    assert (secretary.elected_count, secretary.shortfall) == (1, 0)
