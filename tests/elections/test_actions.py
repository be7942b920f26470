import pytest
from django.core.exceptions import ValidationError

from daihoi.accounts.models import AuditEntry
from daihoi.elections.actions import (
    CandidateRow,
    do_add_candidate,
    do_create_election,
    do_delete_election,
    do_record_results,
    do_remove_candidate,
    do_save_candidates,
    do_update_candidate,
    do_update_election,
)
from daihoi.elections.models import Candidate, Election
from tests.campaigns.factories import (
    add_candidates,
    make_admin,
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
    return make_congress(make_tree()["A1"], actor=actor, summoned=30, attended=28)


@pytest.fixture
def election(actor, congress):
    return make_election(congress, seats=2, actor=actor)


def candidate_state(election):
    return list(
        Candidate.objects.filter(election=election)
        .order_by("id")
        .values_list("full_name", "votes", "elected")
    )


# -- elections ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "seats", "elected_by", "field"),
    [
        ("committee", 5, "congress", "body"),  # already exists in the fixture
        ("politburo", 5, "congress", "body"),
        ("secretary", -1, "congress", "seats"),
        ("secretary", 1, "people", "elected_by"),
    ],
)
def test_create_election_rejects_invalid(actor, election, body, seats, elected_by, field):
    with pytest.raises(ValidationError) as info:
        do_create_election(actor, election.congress, body, seats, elected_by)
    assert field in info.value.message_dict
    assert Election.objects.count() == 1


def test_create_election_audits(actor, congress):
    election = do_create_election(actor, congress, "secretary", 1, "committee")
    entry = AuditEntry.objects.get(action="create_election")
    assert entry.actor == actor
    assert entry.unit_id == congress.unit_id
    assert entry.changes["body"] == [None, "secretary"]
    assert entry.object_id == str(election.pk)


def test_update_election_seats_not_below_elected(actor, election):
    add_candidates(election, 3, elected=2, actor=actor)
    with pytest.raises(ValidationError) as info:
        do_update_election(actor, election, seats=1)
    assert "seats" in info.value.message_dict
    assert Election.objects.get(pk=election.pk).seats == 2


def test_update_election_body_unique_per_congress(actor, election):
    other = do_create_election(actor, election.congress, "secretary", 1, "committee")
    with pytest.raises(ValidationError):
        do_update_election(actor, other, body="committee")
    assert Election.objects.get(pk=other.pk).body == "secretary"


def test_update_election_audits_diff(actor, election):
    do_update_election(actor, election, seats=5, elected_by="committee")
    entry = AuditEntry.objects.get(action="update_election")
    assert entry.actor == actor
    assert entry.changes == {"seats": [2, 5], "elected_by": ["congress", "committee"]}


def test_delete_election_removes_candidates_and_keeps_them_in_log(actor, election):
    add_candidates(election, 2, actor=actor)
    pk = election.pk
    do_delete_election(actor, election)
    assert not Election.objects.filter(pk=pk).exists()
    assert not Candidate.objects.filter(election_id=pk).exists()
    entry = AuditEntry.objects.get(action="delete_election")
    assert entry.actor == actor
    assert len(entry.changes["candidates"][0]) == 2


# -- candidates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"full_name": "  "}, "full name"),
        ({"votes": -1}, "cannot be negative"),
        ({"votes": 29}, "number attending"),  # attended is 28
        ({"gender": "other"}, "male or female"),
        ({"birth_year": 1800}, "birth year"),
        ({"full_name": "Trần Thị B"}, "appears twice"),
        ({"elected": True, "full_name": "C"}, "only 2 seats"),
    ],
)
def test_add_candidate_rejects_invalid(actor, election, values, fragment, english):
    do_add_candidate(actor, election, "Trần Thị B", False, "female", 1980, "Kinh", 10, True)
    do_add_candidate(actor, election, "Lê Văn D", True, "male", 1975, "Tày", 12, True)
    before = candidate_state(election)
    args = {
        "full_name": "Phạm E",
        "incumbent": False,
        "gender": "male",
        "birth_year": 1990,
        "ethnicity": "Kinh",
        "votes": 5,
        "elected": False,
        **values,
    }
    with pytest.raises(ValidationError) as info:
        do_add_candidate(actor, election, **args)
    assert fragment in " ".join(info.value.messages)
    assert candidate_state(election) == before


def test_add_candidate_votes_unbounded_when_attendance_unknown(actor, congress, election):
    congress.attended = None
    congress.save()
    election.refresh_from_db()
    cand = do_add_candidate(actor, election, "A", False, "", None, "", votes=1000)
    assert cand.votes == 1000


def test_add_candidate_audits_values(actor, election):
    cand = do_add_candidate(actor, election, " Hà Thị F ", True, "female", 1985, "Mường", 20, True)
    assert cand.full_name == "Hà Thị F"
    entry = AuditEntry.objects.get(action="add_candidate")
    assert entry.actor == actor
    assert entry.unit_id == election.congress.unit_id
    assert entry.changes["ethnicity"] == [None, "Mường"]
    assert entry.changes["elected"] == [None, True]


def test_update_candidate_audits_diff_and_validates(actor, election):
    (cand,) = add_candidates(election, 1, actor=actor)
    do_update_candidate(actor, cand, votes=25, elected=True)
    entry = AuditEntry.objects.filter(action="update_candidate").get()
    assert entry.actor == actor
    assert entry.changes == {"votes": [20, 25], "elected": [False, True]}
    with pytest.raises(ValidationError):
        do_update_candidate(actor, cand, votes=-3)
    assert Candidate.objects.get(pk=cand.pk).votes == 25


def test_remove_candidate_audits(actor, election):
    (cand,) = add_candidates(election, 1, actor=actor)
    do_remove_candidate(actor, cand)
    assert not Candidate.objects.filter(pk=cand.pk).exists()
    entry = AuditEntry.objects.get(action="remove_candidate")
    assert entry.actor == actor
    assert entry.changes["full_name"] == [cand.full_name, None]


@pytest.mark.parametrize(
    ("results", "fragment"),
    [
        ({0: (10, True), 1: (10, True), 2: (10, True)}, "only 2 seats"),
        ({0: (-1, False)}, "cannot be negative"),
        ({0: (29, True)}, "number attending"),
    ],
)
def test_record_results_rejects_invalid(actor, election, results, fragment, english):
    cands = add_candidates(election, 3, actor=actor)
    before = candidate_state(election)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as info:
        do_record_results(actor, election, {cands[i].pk: r for i, r in results.items()})
    assert fragment in " ".join(info.value.messages)
    assert candidate_state(election) == before
    assert AuditEntry.objects.count() == entries


def test_record_results_rejects_candidate_of_other_election(actor, congress, election):
    other = do_create_election(actor, congress, "secretary", 1, "committee")
    (stranger,) = add_candidates(other, 1, actor=actor)
    with pytest.raises(ValidationError):
        do_record_results(actor, election, {stranger.pk: (5, True)})
    assert Candidate.objects.get(pk=stranger.pk).elected is False


def test_record_results_writes_and_audits_each_change(actor, election):
    a, b, c = add_candidates(election, 3, actor=actor)
    changed = do_record_results(
        actor, election, {a.pk: (27, True), b.pk: (20, False), c.pk: (25, True)}
    )
    assert changed == 2  # b unchanged
    assert [r[1:] for r in candidate_state(election)] == [(27, True), (20, False), (25, True)]
    entries = AuditEntry.objects.filter(action="update_candidate")
    assert {e.object_id for e in entries} == {str(a.pk), str(c.pk)}
    assert all(e.actor == actor for e in entries)


def test_save_candidates_swaps_elected_in_one_go(actor, election):
    a, b, c = add_candidates(election, 3, elected=2, actor=actor)
    # Moving a seat from a to c passes because the final list is checked, not each step.
    do_save_candidates(
        actor,
        election,
        [CandidateRow(c.pk, {"elected": True}), CandidateRow(a.pk, {"elected": False})],
    )
    assert [r[2] for r in candidate_state(election)] == [False, True, True]


def test_save_candidates_adds_edits_and_removes_atomically(actor, election):
    a, b = add_candidates(election, 2, actor=actor)
    do_save_candidates(
        actor,
        election,
        [
            CandidateRow(a.pk, delete=True),
            CandidateRow(b.pk, {"votes": 26, "elected": True}),
            CandidateRow(None, {"full_name": "Mới", "votes": 15}),
        ],
    )
    assert candidate_state(election) == [(b.full_name, 26, True), ("Mới", 15, False)]
    with pytest.raises(ValidationError):
        do_save_candidates(
            actor,
            election,
            [
                CandidateRow(b.pk, delete=True),
                CandidateRow(None, {"full_name": "X", "votes": 99}),
            ],
        )
    assert candidate_state(election) == [(b.full_name, 26, True), ("Mới", 15, False)]
