"""The per-congress results summary: kept right by every writer, equal to a fresh recompute."""

import contextlib
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.campaigns.actions import do_create_congress, do_mark_congress_held, do_update_congress
from daihoi.campaigns.models import Congress
from daihoi.elections.actions import (
    do_add_candidate,
    do_create_election,
    do_delete_election,
    do_record_results,
    do_update_election,
)
from daihoi.elections.models import Candidate, Election
from daihoi.stats.models import CongressSummary
from daihoi.stats.queries import level_figures, stats_report
from daihoi.stats.summary import refresh_congress_summaries, stored_summaries
from daihoi.units.models import Unit
from daihoi.workbooks.actions import do_import_workbook
from tests.stats.builders import campaign, child, root
from tests.stats.test_properties import _oracle
from tests.workbooks.helpers import CANDIDATES, full_workbook, stream

pytestmark = pytest.mark.django_db

HELD = datetime.date(2020, 6, 1)
AS_OF = datetime.date(2020, 7, 9)


@pytest.fixture
def tree():
    p = root()
    g = child(p, "G", "grassroots")
    return p, g, campaign()


def grassroots(p, camp, as_of=AS_OF):
    return level_figures(p, camp, as_of)["grassroots"]


def add(election, name, **fields):
    values = {"incumbent": False, "gender": "male", "birth_year": 1970, "ethnicity": "Kinh"}
    return do_add_candidate(None, election, name, **{**values, **fields})


def test_create_congress_makes_an_empty_full_summary(tree):
    p, g, camp = tree
    cong = do_create_congress(None, camp, g, held_on=HELD)
    row = CongressSummary.objects.get(congress=cong)
    assert row.campaign_id == camp.pk
    assert row.full_leadership is True and row.direct_secretary is False
    assert (row.committee_seats, row.committee_elected, row.women) == (0, 0, 0)
    assert grassroots(p, camp)["held"] == 1
    assert grassroots(p, camp)["full_leadership"] == 1


def test_congress_without_summary_row_counts_as_held_and_full(tree):
    p, g, camp = tree
    Congress.objects.create(campaign=camp, unit=g, held_on=HELD)  # raw, no refresh
    assert not CongressSummary.objects.exists()
    figures = grassroots(p, camp)
    assert (figures["held"], figures["full_leadership"], figures["committee_seats"]) == (1, 1, 0)


def test_record_results_changes_the_figures(tree):
    p, g, camp = tree
    cong = do_create_congress(None, camp, g, held_on=HELD)
    committee = do_create_election(None, cong, "committee", 2, "committee")
    assert grassroots(p, camp)["committee_shortfall"] == 2
    assert grassroots(p, camp)["full_leadership"] == 0
    a = add(committee, "A", gender="female", birth_year=1990)
    b = add(committee, "B", incumbent=True, ethnicity="Tày")
    assert grassroots(p, camp)["incumbents_not_reelected"] == 1

    do_record_results(None, committee, {a.pk: (20, True), b.pk: (19, True)})

    figures = grassroots(p, camp)
    assert figures["committee_elected"] == 2 and figures["committee_shortfall"] == 0
    assert figures["full_leadership"] == 1 and figures["incumbents_not_reelected"] == 0
    assert (figures["women"], figures["under_40"], figures["ethnic_minority"]) == (1, 1, 1)
    assert figures["first_time"] == 1


def test_record_results_changes_the_dashboard(client, tree):
    from django.contrib.auth import get_user_model

    p, g, camp = tree
    cong = do_create_congress(None, camp, g, held_on=HELD)
    committee = do_create_election(None, cong, "committee", 1, "committee")
    a = add(committee, "A")
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))

    def elected() -> int:
        response = client.get("/", {"unit": p.pk, "as_of": AS_OF.isoformat()})
        assert response.status_code == 200
        block = next(b for b in response.context["d"].levels if b.level.code == "grassroots")
        return block.current["committee_elected"]

    assert elected() == 0
    do_record_results(None, committee, {a.pk: (5, True)})
    assert elected() == 1


def test_election_writers_refresh_the_summary(tree):
    p, g, camp = tree
    cong = do_create_congress(None, camp, g, held_on=HELD)
    secretary = do_create_election(None, cong, "secretary", 1, "committee")
    add(secretary, "S", elected=True)
    assert grassroots(p, camp)["direct_secretary"] == 0
    do_update_election(None, secretary, elected_by="congress")
    assert grassroots(p, camp)["direct_secretary"] == 1
    deputy = do_create_election(None, cong, "deputy_secretary", 1, "committee")
    assert grassroots(p, camp)["full_leadership"] == 0
    do_update_election(None, deputy, seats=0)
    assert grassroots(p, camp)["full_leadership"] == 1
    do_delete_election(None, secretary)
    assert grassroots(p, camp)["direct_secretary"] == 0


def test_held_date_change_refreshes_held_and_under_40(tree):
    p, g, camp = tree
    cong = do_create_congress(None, camp, g)
    committee = do_create_election(None, cong, "committee", 1, "committee")
    # Born 1981: 39 in 2020, 40 in 2021.
    add(committee, "A", birth_year=1981)
    assert CongressSummary.objects.get(congress=cong).under_40 == 0  # not held: no year yet
    do_mark_congress_held(None, cong, HELD, None, None)
    row = CongressSummary.objects.get(congress=cong)
    assert row.under_40 == 0  # not elected yet
    do_record_results(None, committee, {Candidate.objects.get().pk: (None, True)})
    assert grassroots(p, camp)["under_40"] == 1 and grassroots(p, camp)["held"] == 1

    do_update_congress(None, cong, held_on=datetime.date(2021, 3, 1))

    assert grassroots(p, camp)["held"] == 0  # as of 9 July 2020 no longer held
    later = grassroots(p, camp, datetime.date(2021, 12, 31))
    assert (later["held"], later["under_40"]) == (1, 0)


def test_failed_write_leaves_the_summary_unchanged(tree):
    _p, g, camp = tree
    cong = do_create_congress(None, camp, g, held_on=HELD)
    committee = do_create_election(None, cong, "committee", 1, "committee")
    a = add(committee, "A", elected=True)
    b = add(committee, "B")
    before = stored_summaries()
    with pytest.raises(ValidationError):
        do_record_results(None, committee, {a.pk: (1, True), b.pk: (1, True)})  # 2 > 1 seat
    assert stored_summaries() == before


def test_import_workbook_refreshes_the_figures():
    result = do_import_workbook(stream(full_workbook()))
    assert result.ok, [str(e) for e in result.errors]
    p = Unit.objects.get(code="P")
    camp = Congress.objects.get(unit__code="G1").campaign
    g = stats_report(p, camp, AS_OF)["levels"]["grassroots"]
    assert g["held"] == 1 and g["full_leadership"] == 0 and g["direct_secretary"] == 1
    assert (g["committee_seats"], g["committee_elected"], g["committee_shortfall"]) == (3, 2, 1)
    assert (g["incumbents_not_reelected"], g["women"], g["under_40"]) == (1, 1, 1)
    assert (g["ethnic_minority"], g["first_time"]) == (1, 1)

    # The incumbent not re-elected is now elected: an import that only changes candidates.
    changed = [dict(c, elected=1) if c["full_name"] == "Lê Văn C" else c for c in CANDIDATES]
    assert do_import_workbook(stream(full_workbook(candidates=changed))).ok
    g = stats_report(p, camp, AS_OF)["levels"]["grassroots"]
    assert (g["committee_elected"], g["committee_shortfall"], g["full_leadership"]) == (3, 0, 1)
    assert g["incumbents_not_reelected"] == 0
    assert stored_summaries() == _fresh()


def test_import_dry_run_leaves_no_summary():
    assert do_import_workbook(stream(full_workbook()), dry_run=True).ok
    assert not CongressSummary.objects.exists()


def test_refresh_runs_a_constant_number_of_queries(tree):
    p, g, camp = tree
    ids = []
    for i in range(30):
        unit = child(p, f"B{i}", "branch")
        cong = Congress.objects.create(campaign=camp, unit=unit, held_on=HELD)
        e = Election.objects.create(congress=cong, body="committee", seats=2)
        Candidate.objects.create(election=e, full_name="X", elected=True)
        ids.append(cong.pk)
    with CaptureQueriesContext(connection) as few:
        refresh_congress_summaries(ids[:2])
    with CaptureQueriesContext(connection) as many:
        refresh_congress_summaries(ids)
    with CaptureQueriesContext(connection) as every:
        refresh_congress_summaries(None)
    assert len(few) == len(many) <= 5
    assert len(every) <= 3
    assert level_figures(p, camp, AS_OF)["branch"]["committee_elected"] == 30


def test_refresh_stats_command_rebuilds_every_summary(tree, english):
    _p, g, camp = tree
    cong = do_create_congress(None, camp, g, held_on=HELD)
    add(do_create_election(None, cong, "committee", 2, "committee"), "A", elected=True)
    expected = stored_summaries()
    CongressSummary.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_stats", stdout=out)
    assert stored_summaries() == expected
    assert out.getvalue().startswith("1 congress summaries recomputed")


# -- property: after any sequence of writes the summary equals a fresh recompute -------------

BODIES = ["committee", "secretary"]
person = st.fixed_dictionaries(
    {
        "incumbent": st.booleans(),
        "gender": st.sampled_from(["male", "female", ""]),
        "birth_year": st.none() | st.integers(1979, 1982),  # 40 in 2019-2022: near the line
        "ethnicity": st.sampled_from(["Kinh", "Tày", ""]),
        "elected": st.booleans(),
    }
)
# Days from HELD: other years too, so that under_40 changes with the held date.
held_offsets = st.none() | st.sampled_from([-400, -5, 0, 30, 60, 400])
steps = st.lists(
    st.one_of(
        st.tuples(st.just("congress"), st.integers(0, 1), held_offsets),
        st.tuples(
            st.just("election"),
            st.integers(0, 1),
            st.sampled_from(BODIES),
            st.integers(0, 3),
            st.sampled_from(["congress", "committee"]),
        ),
        st.tuples(st.just("delete"), st.integers(0, 1), st.sampled_from(BODIES)),
        st.tuples(st.just("candidate"), st.integers(0, 1), st.sampled_from(BODIES), person),
        st.tuples(st.just("record"), st.integers(0, 1), st.sampled_from(BODIES), st.booleans()),
    ),
    min_size=1,
    max_size=12,
)


def _fresh() -> dict:
    """The summaries recomputed from nothing (the stored ones are restored by the rollback of
    the caller's example)."""
    with transaction.atomic():
        CongressSummary.objects.all().delete()
        refresh_congress_summaries(None)
        fresh = stored_summaries()
        transaction.set_rollback(True)
    return fresh


def _apply(step, units, camp, counter):
    kind, index, *args = step
    cong = Congress.objects.filter(campaign=camp, unit=units[index]).first()
    if kind == "congress":
        held = None if args[0] is None else HELD + datetime.timedelta(days=args[0])
        if cong is None:
            do_create_congress(None, camp, units[index], held_on=held)
        else:
            do_update_congress(None, cong, held_on=held)
        return
    if cong is None:
        return
    election = Election.objects.filter(congress=cong, body=args[0]).first()
    if kind == "election":
        seats, by = args[1], args[2]
        if election is None:
            do_create_election(None, cong, args[0], seats, by)
        else:
            do_update_election(None, election, seats=seats, elected_by=by)
    elif election is None:
        return
    elif kind == "delete":
        do_delete_election(None, election)
    elif kind == "candidate":
        counter.append(1)
        do_add_candidate(None, election, f"Person {len(counter)}", **args[1])
    elif kind == "record":
        results = {c.pk: (None, args[1] != c.elected) for c in election.candidates.all()}
        do_record_results(None, election, results)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.tuples(held_offsets, held_offsets),
    steps=steps,
    as_of_offset=st.sampled_from([-5, 0, 45, 500]),
)
def test_summary_equals_fresh_recompute_after_any_writes(first, steps, as_of_offset):
    with transaction.atomic():
        p = root()
        d = child(p, "D", "district")
        units = [child(d, "G1", "grassroots"), child(d, "G2", "grassroots")]
        camp = campaign()
        counter: list[int] = []
        for i, offset in enumerate(first):
            _apply(("congress", i, offset), units, camp, counter)
        for step in steps:
            # Refused writes change nothing, the summary included.
            with contextlib.suppress(ValidationError):
                _apply(step, units, camp, counter)
        stored = stored_summaries()
        assert set(stored) == set(Congress.objects.values_list("pk", flat=True))
        assert stored == _fresh()
        as_of = HELD + datetime.timedelta(days=as_of_offset)
        assert level_figures(p, camp, as_of) == _oracle(p, camp, as_of)
        transaction.set_rollback(True)
