import pytest
from django.http import Http404

from daihoi.accounts.queries import AccessDenied
from daihoi.elections.queries import access_election_by_id
from tests.campaigns.factories import make_congress, make_election, make_tree, make_user

pytestmark = pytest.mark.django_db


def test_access_election_by_id_gates_by_subtree_and_role():
    tree = make_tree()
    election = make_election(make_congress(tree["A1"]))
    with pytest.raises(Http404):
        access_election_by_id(make_user("x", tree["P"], "viewer"), 999_999)
    with pytest.raises(AccessDenied):
        access_election_by_id(make_user("b", tree["B"], "administrator"), election.pk)
    viewer = make_user("v", tree["A1"], "viewer")
    assert access_election_by_id(viewer, election.pk) == election
    with pytest.raises(AccessDenied):
        access_election_by_id(viewer, election.pk, "editor")
    assert access_election_by_id(make_user("e", tree["P"], "editor"), election.pk, "editor")
