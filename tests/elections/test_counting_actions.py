"""The counting writers: states, frozen immutability, hashes, reconciliation, order, recounts."""

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from daihoi.accounts.models import AuditEntry
from daihoi.elections.counting.entry import Reading
from daihoi.elections.counting.entry_actions import (
    do_decide_ballot,
    do_delete_entry,
    do_enter_totals,
    do_save_entry,
)
from daihoi.elections.counting.freeze_actions import do_freeze, do_recount, do_start_round
from daihoi.elections.counting.queries import (
    NotReady,
    canonical_json,
    count_progress,
    engine_input,
    input_hash,
    preview,
    reconcile,
)
from daihoi.elections.counting.setup_actions import do_configure_election, do_open_count
from daihoi.elections.models import (
    BallotEntry,
    BoardDecision,
    Candidate,
    Count,
    Election,
    FrozenCountError,
)
from daihoi.stats.queries import total_figures
from daihoi.tally import ENGINE
from tests.elections.counting_builders import BOARD, enter, make_setup, open_count, set_names

pytestmark = pytest.mark.django_db

# 4 ballots, base 5 (3 votes pass), list An, Bình, Cường, Dũng (A-B-C), 3 seats.
AGREED = {1: "4", 2: "4", 3: "3 4", 4: "2 d"}


@pytest.fixture
def s():
    return make_setup()


@pytest.fixture
def count(s):
    return open_count(s["election"], s["admin"], summoned=5)


def both_clerks(s, count, lines=AGREED):
    enter(count, s["clerk1"], lines)
    enter(count, s["clerk2"], lines)


def test_open_count_orders_the_list_and_computes_the_base(s):
    count = open_count(s["election"], s["admin"], summoned=12, deductions={"absent_with_reason": 2})
    assert count.candidates == ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
    assert count.base == 10
    assert count.state == "open" and count.round == 1 and count.rules == "190-2024"
    assert AuditEntry.objects.filter(action="open_count", object_id=str(count.pk)).exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "guess"}, "mode"),
        ({"summoned": 2, "deductions": {"suspended": 2}}, "base"),
        ({"deductions": {"committee_absent": 1}}, "does not apply"),
        ({"board": []}, "counting board"),
        ({"board": [{"name": "A"}, {"name": "B"}]}, "one head"),
        ({"issued": 0}, "ballots issued"),
    ],
)
def test_open_count_refuses_bad_setup(s, kwargs, message, english):
    with pytest.raises(ValidationError) as info:
        open_count(s["election"], s["admin"], **kwargs)
    assert message in str(info.value)
    assert not Count.objects.exists()


def test_open_count_twice_is_refused(s, count):
    with pytest.raises(ValidationError):
        open_count(s["election"], s["admin"])
    assert Count.objects.count() == 1


def test_surplus_problem_needs_the_congress_vote(s, english):
    election = s["election"]
    set_names(election, ["Hoàng Văn Em", "Vũ Thị Giang"], s["admin"])  # 6 names for 3: over cap
    with pytest.raises(ValidationError) as info:
        open_count(election, s["admin"])
    assert "over_cap" in str(info.value)
    count = open_count(election, s["admin"], accept_surplus=True)
    assert "surplus" in count.reason


def test_configure_election_then_fixed_once_counted(s, english):
    election = do_configure_election(s["admin"], s["election"], "244-2014", 2, 0)
    assert (election.rules, election.seats) == ("244-2014", 2)
    assert AuditEntry.objects.filter(action="configure_election").exists()
    open_count(election, s["admin"], accept_surplus=True)
    with pytest.raises(ValidationError, match="fixed"):
        do_configure_election(s["admin"], election, "190-2024", 2, 0)
    with pytest.raises(ValidationError, match="alternates"):
        do_configure_election(s["admin"], election, "244-2014", 2, 1)


# -- entering and reconciling ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "disagreeing"),
    [
        ({1: "1", 2: "2"}, {1: "1", 2: "2"}, []),
        ({1: "1", 2: "2"}, {1: "1", 2: "3"}, [2]),  # different names struck
        ({1: "1", 2: "2"}, {1: "1"}, [2]),  # a ballot one clerk has not entered
        ({1: "1 d", 2: "2"}, {1: "1", 2: "2"}, [1]),  # a defect seen by one only
        ({1: "", 2: "2"}, {1: "1", 2: "2", 3: ""}, [1, 3]),
    ],
)
def test_reconcile_detects_disagreements(s, count, first, second, disagreeing):
    enter(count, s["clerk1"], first)
    enter(count, s["clerk2"], second)
    rec = reconcile(count)
    assert [d.number for d in rec.disagreements] == disagreeing
    assert rec.ready == (not disagreeing)
    for d in rec.disagreements:
        assert set(d.readings) == {s["clerk1"].pk, s["clerk2"].pk}


def test_reconcile_needs_two_clerks(s, count):
    enter(count, s["clerk1"], AGREED)
    assert not reconcile(count).ready
    with pytest.raises(NotReady):
        engine_input(count)


def test_correction_resolves_a_disagreement_and_is_audited(s, count):
    enter(count, s["clerk1"], {1: "1", 2: "2"})
    enter(count, s["clerk2"], {1: "1", 2: "3"})
    assert [d.number for d in reconcile(count).disagreements] == [2]
    enter(count, s["clerk2"], {2: "2"})
    assert reconcile(count).ready
    entry = AuditEntry.objects.get(action="correct_ballot")
    assert entry.changes["struck"] == [[3], [2]]
    assert entry.actor == s["clerk2"]


def test_entry_outside_the_ballots_issued_is_refused(s, count):
    with pytest.raises(ValidationError):
        do_save_entry(s["clerk1"], count, 5, Reading(struck=(1,)))
    with pytest.raises(ValidationError):
        do_save_entry(s["clerk1"], count, 1, Reading(marks=("agree",) * 4))  # wrong layout
    assert not BallotEntry.objects.exists()


def test_delete_entry(s, count):
    enter(count, s["clerk1"], {1: "1"})
    do_delete_entry(s["clerk1"], count, 1)
    assert not BallotEntry.objects.exists()
    assert AuditEntry.objects.filter(action="delete_ballot_entry").exists()


# -- computing and freezing -----------------------------------------------------------------


def test_freeze_stores_input_hash_engine_and_result(s, count):
    both_clerks(s, count)
    frozen = do_freeze(s["admin"], count)
    frozen = Count.objects.get(pk=frozen.pk)
    assert frozen.state == "frozen" and frozen.frozen_at is not None
    assert frozen.engine == ENGINE
    # The hash is over the canonical JSON: stable whatever order the database returns keys in.
    text = json.dumps(frozen.input_json, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert frozen.input_hash == hashlib.sha256(text.encode()).hexdigest()
    assert frozen.result_json["elected"] == ["Nguyễn Văn An", "Lê Thị Bình"]
    assert frozen.result_json["outcome"] == "shortfall"
    assert frozen.result_json["invalid_reasons"] == {"unstamped": 1}
    assert (
        AuditEntry.objects.get(action="freeze_count").changes["input_hash"][1] == frozen.input_hash
    )


def test_hash_is_stable_across_key_order():
    a = {"rules": "190-2024", "seats": 3, "counts": {"returned": 4, "invalid": 0}}
    b = {"counts": {"invalid": 0, "returned": 4}, "seats": 3, "rules": "190-2024"}
    assert canonical_json(a) == canonical_json(b)
    assert input_hash(a) == input_hash(b)
    assert input_hash(a) != input_hash({**a, "seats": 4})


def test_freeze_pushes_results_into_candidates_and_statistics(s, count):
    tree, congress = s["tree"], s["congress"]
    as_of = congress.held_on
    before = total_figures(tree["P"], congress.campaign, as_of)
    both_clerks(s, count)
    do_freeze(s["admin"], count)
    after = total_figures(tree["P"], congress.campaign, as_of)
    assert after["committee_elected"] == before["committee_elected"] + 2
    rows = dict(
        Candidate.objects.filter(election=s["election"]).values_list("full_name", "elected")
    )
    assert rows == {
        "Nguyễn Văn An": True,
        "Lê Thị Bình": True,
        "Trần Văn Cường": False,
        "Phạm Thị Dung": False,
    }
    votes = dict(Candidate.objects.values_list("full_name", "votes"))
    assert votes["Nguyễn Văn An"] == 3 and votes["Phạm Thị Dung"] == 0


@pytest.mark.parametrize(
    "write",
    [
        lambda s, c: do_save_entry(s["clerk1"], c, 1, Reading(struck=(2,))),
        lambda s, c: do_delete_entry(s["clerk1"], c, 1),
        lambda s, c: do_freeze(s["admin"], c),
        lambda s, c: do_decide_ballot(s["admin"], c, 1, "valid"),
        lambda s, c: do_enter_totals(s["admin"], c, 4, 0, {}),
    ],
)
def test_frozen_count_refuses_every_action(s, count, write, english):
    both_clerks(s, count)
    do_freeze(s["admin"], count)
    snapshot = list(BallotEntry.objects.values_list("clerk_id", "number", "struck", "defects"))
    with pytest.raises(ValidationError, match="frozen"):
        write(s, count)
    assert (
        list(BallotEntry.objects.values_list("clerk_id", "number", "struck", "defects")) == snapshot
    )
    assert Count.objects.get(pk=count.pk).state == "frozen"


def test_frozen_rows_refuse_save_and_delete_in_the_models(s, count):
    both_clerks(s, count)
    do_freeze(s["admin"], count)
    stored = Count.objects.get(pk=count.pk)
    stored.base = 99
    with pytest.raises(FrozenCountError), transaction.atomic():
        stored.save()
    with pytest.raises(FrozenCountError), transaction.atomic():
        stored.delete()
    entry = BallotEntry.objects.filter(count=count).first()
    entry.struck = [1, 2, 3]
    with pytest.raises(FrozenCountError), transaction.atomic():
        entry.save()
    with pytest.raises(FrozenCountError), transaction.atomic():
        entry.delete()
    with pytest.raises(FrozenCountError), transaction.atomic():
        BallotEntry.objects.create(count=count, clerk=s["viewer"], number=3)
    with pytest.raises(FrozenCountError), transaction.atomic():
        BoardDecision.objects.create(count=count, number=1, decision="valid")
    assert Count.objects.get(pk=count.pk).base == 5


def test_flagged_ballot_waits_for_the_board(s, english):
    """A list without surplus (3 names for 3 seats): every name disagree is flagged."""
    election = s["election"]
    Candidate.objects.filter(full_name="Phạm Thị Dung").delete()
    count = open_count(election, s["admin"], summoned=5, issued=3, accept_surplus=True)
    lines = {1: "", 2: "1 2 3", 3: "3"}
    both_clerks(s, count, lines)
    shown = preview(count)
    assert shown.result["outcome"] == "needs_board_decision"
    assert shown.flagged_numbers == {2: "all_disagree"}
    with pytest.raises(ValidationError, match="flagged"):
        do_freeze(s["admin"], count)
    with pytest.raises(ValidationError):
        do_decide_ballot(s["admin"], count, 1, "invalid")  # not flagged
    do_decide_ballot(s["admin"], count, 2, "invalid")
    frozen = do_freeze(s["admin"], count)
    assert frozen.result_json["invalid_reasons"] == {"all_disagree": 1}
    assert frozen.input_json["ballots"][1]["board"] == "invalid"
    assert AuditEntry.objects.filter(action="decide_ballot").count() == 1


def test_aggregate_mode(s, english):
    count = open_count(s["election"], s["admin"], mode="aggregate", summoned=12, issued=None)
    with pytest.raises(ValidationError, match="valid ballots"):
        do_enter_totals(s["admin"], count, 10, 2, {"Nguyễn Văn An": 9})
    with pytest.raises(ValidationError):
        do_enter_totals(s["admin"], count, 10, 2, {"Nobody": 1})
    do_enter_totals(
        s["admin"],
        count,
        10,
        1,
        {"Nguyễn Văn An": 9, "Lê Thị Bình": 6, "Trần Văn Cường": 7, "Phạm Thị Dung": 5},
        {"unstamped": 1},
    )
    frozen = do_freeze(s["admin"], count)
    assert frozen.result_json["elected"] == ["Nguyễn Văn An", "Trần Văn Cường"]
    assert frozen.result_json["outcome"] == "shortfall"
    assert frozen.result_json["invalid_reasons"] == {"unstamped": 1}
    assert count_progress(frozen)["result"]["elected"] == frozen.result_json["elected"]


def test_freeze_rolls_back_when_the_elections_writer_refuses(s, english):
    """More votes than the congress's attendance: the candidates' writer refuses, so no freeze."""
    count = open_count(s["election"], s["admin"], mode="aggregate", summoned=20, issued=None)
    do_enter_totals(s["admin"], count, 18, 0, {"Nguyễn Văn An": 17})
    with pytest.raises(ValidationError, match="attending"):
        do_freeze(s["admin"], count)
    stored = Count.objects.get(pk=count.pk)
    assert stored.state == "open" and stored.input_hash == "" and stored.result_json is None
    assert not Candidate.objects.filter(elected=True).exists()
    assert not AuditEntry.objects.filter(action="freeze_count").exists()


# -- recounts and further rounds ------------------------------------------------------------


def test_recount_creates_a_new_count_with_reason_and_audit(s, count):
    both_clerks(s, count)
    do_freeze(s["admin"], count)
    with pytest.raises(ValidationError):
        do_recount(s["admin"], count, "  ")
    new = do_recount(s["admin"], count, "Khiếu nại về phiếu số 3")
    assert new.pk != count.pk and new.round == count.round and new.state == "open"
    assert new.supersedes_id == count.pk and new.reason == "Khiếu nại về phiếu số 3"
    assert new.scanned_alone is False
    old = Count.objects.get(pk=count.pk)
    assert old.state == "frozen" and old.result_json is not None
    entry = AuditEntry.objects.get(action="recount")
    assert entry.changes["supersedes"] == [None, count.pk]
    with pytest.raises(ValidationError):
        do_recount(s["admin"], count, "again")  # already superseded


def scanned_stream(count, lines):
    """The scanned stream as the scans app leaves it once every page is read (no images)."""
    import datetime

    from daihoi.scans.actions import scanner_user
    from daihoi.scans.models import ScanBatch, ScannedBallot

    batch = ScanBatch.objects.create(
        count=count,
        source="upload",
        files=len(lines),
        pages=len(lines),
        first_number=1,
        retain_until=datetime.date.today(),
    )
    for number in lines:
        digest = hashlib.sha256(str(number).encode()).hexdigest()
        ScannedBallot.objects.create(
            batch=batch,
            count=count,
            number=number,
            original_name=f"{number}.png",
            kind="png",
            sha256=digest,
            received_sha256=digest,
            status="ok",
        )
    enter(count, scanner_user(), lines)


def test_recount_keeps_counting_from_the_scanned_ballots_alone(s, count):
    from daihoi.elections.counting.stream_actions import do_set_scanned_alone

    do_set_scanned_alone(s["admin"], count, True)
    scanned_stream(count, AGREED)  # the one stream a count from the scans alone needs
    do_freeze(s["admin"], count)

    new = do_recount(s["admin"], count, "Khiếu nại về phiếu số 3")

    assert Count.objects.get(pk=new.pk).scanned_alone is True
    assert reconcile(new).streams_needed == 1


def test_recount_of_an_open_count_is_refused(s, count):
    with pytest.raises(ValidationError):
        do_recount(s["admin"], count, "why")


def test_further_round_after_a_shortfall(s, count, english):
    both_clerks(s, count)
    do_freeze(s["admin"], count)  # An and Bình elected, 1 place unfilled
    with pytest.raises(ValidationError, match="authorized"):
        do_start_round(s["admin"], count, ["Trần Văn Cường"], "", "x", issued=4)
    with pytest.raises(ValidationError, match="Elected already"):
        do_start_round(s["admin"], count, ["Nguyễn Văn An"], "Đoàn Chủ tịch", "x", issued=4)
    round2 = do_start_round(
        s["admin"],
        count,
        ["Phạm Thị Dung", "Trần Văn Cường"],
        "Đoàn Chủ tịch",
        "Đại hội biểu quyết bầu tiếp",
        issued=4,
    )
    assert (round2.round, round2.seats, round2.base) == (2, 1, count.base)
    assert round2.candidates == ["Trần Văn Cường", "Phạm Thị Dung"]
    assert round2.authorized_by == "Đoàn Chủ tịch"
    assert AuditEntry.objects.filter(action="start_round").exists()
    enter(round2, s["clerk1"], {1: "2", 2: "2", 3: "2", 4: "1"})
    enter(round2, s["clerk2"], {1: "2", 2: "2", 3: "2", 4: "1"})
    frozen = do_freeze(s["admin"], round2)
    assert frozen.result_json["elected"] == ["Trần Văn Cường"]
    elected = set(
        Candidate.objects.filter(election=s["election"], elected=True).values_list(
            "full_name", flat=True
        )
    )
    assert elected == {"Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường"}
    with pytest.raises(ValidationError):
        do_recount(s["admin"], count, "round 2 exists")


# -- chi bộ order ---------------------------------------------------------------------------


def test_secretary_waits_for_the_committee(s, english):
    from daihoi.elections.actions import do_create_election

    secretary = do_create_election(s["admin"], s["congress"], "secretary", 1, "committee")
    set_names(secretary, ["Nguyễn Văn An"], s["admin"])
    with pytest.raises(ValidationError, match="committee is elected first"):
        do_open_count(s["admin"], secretary, mode="ballots", summoned=3, board=BOARD, issued=3)
    assert not Count.objects.filter(election=secretary).exists()
    committee_count = open_count(s["election"], s["admin"], summoned=5)
    both_clerks(s, committee_count)
    with pytest.raises(ValidationError, match="committee is elected first"):
        do_open_count(s["admin"], secretary, mode="ballots", summoned=3, board=BOARD, issued=3)
    do_freeze(s["admin"], committee_count)
    # Conference of the new committee: no congress deductions, the base is the members.
    count = do_open_count(s["admin"], secretary, mode="ballots", summoned=2, board=BOARD, issued=2)
    assert count.attendance["congress"] == "conference" and count.base == 2


def test_secretary_list_only_from_the_elected_committee(s, english):
    from daihoi.elections.actions import do_create_election

    committee_count = open_count(s["election"], s["admin"], summoned=5)
    both_clerks(s, committee_count)
    do_freeze(s["admin"], committee_count)
    secretary = do_create_election(s["admin"], s["congress"], "secretary", 1, "committee")
    set_names(secretary, ["Phạm Thị Dung"], s["admin"])  # not elected to the committee
    with pytest.raises(ValidationError, match="Not elected to the committee"):
        do_open_count(s["admin"], secretary, mode="ballots", summoned=2, board=BOARD, issued=2)


def test_deleting_an_election_removes_its_counts(s, count):
    from daihoi.elections.actions import do_delete_election

    both_clerks(s, count)
    do_freeze(s["admin"], count)
    do_recount(s["admin"], count, "why")
    do_delete_election(s["admin"], s["election"])
    assert not Election.objects.filter(pk=s["election"].pk).exists()
    assert not Count.objects.exists()
