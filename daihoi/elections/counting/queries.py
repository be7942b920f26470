"""Reads of counts: the gate, the clerks' streams, reconciliation, the engine input, progress."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from daihoi.accounts.models import Role
from daihoi.accounts.queries import access_unit
from daihoi.elections.counting.signals import blockers
from daihoi.elections.models import (
    BallotEntry,
    BoardDecision,
    Body,
    Count,
    CountMode,
    CountState,
    ElectedBy,
    Election,
)
from daihoi.tally import TallyError, count_election, parse_input
from daihoi.tally.collation import abc_order

Reading = tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]


class NotReady(Exception):
    """The count cannot be computed yet (entries missing or disagreeing, totals not entered)."""


def access_count_by_id(user: Any, count_id: int, role: str = Role.VIEWER) -> Count:
    """The count if the user holds `role` over its congress's unit: 404 if unknown, else 403."""
    count = (
        Count.objects.select_related(
            "election",
            "election__congress",
            "election__congress__campaign",
            "election__congress__unit",
            "election__congress__unit__level",
            "supersedes",
        )
        .filter(pk=count_id)
        .first()
    )
    if count is None:
        raise Http404(_("No such count."))
    access_unit(user, count.election.congress.unit, role)
    return count


def election_list(election: Election) -> list[str]:
    """The election's candidates in A-B-C order by given name (the printed list)."""
    return abc_order(list(election.candidates.values_list("full_name", flat=True)))


def has_surplus(count: Count) -> bool:
    """Strike-out ballots (more names than places) or agree/disagree columns."""
    return len(count.candidates) > count.seats + count.alternates


def election_counts(election: Election) -> list[Count]:
    return list(election.counts.select_related("supersedes").order_by("round", "id"))


def is_superseded(count: Count) -> bool:
    return Count.objects.filter(supersedes=count).exists()


def current_counts(election: Election) -> list[Count]:
    """The counts not superseded by a recount, one per round, in round order."""
    superseded = set(
        Count.objects.filter(election=election, supersedes__isnull=False).values_list(
            "supersedes_id", flat=True
        )
    )
    return [c for c in election_counts(election) if c.pk not in superseded]


def committee_of(election: Election) -> Election | None:
    return Election.objects.filter(congress_id=election.congress_id, body=Body.COMMITTEE).first()


def needs_committee_first(election: Election) -> bool:
    """Bodies the new committee elects (chi bộ order, §2.10): its count must be frozen first."""
    return election.elected_by == ElectedBy.COMMITTEE and election.body != Body.COMMITTEE


def committee_frozen(election: Election) -> bool:
    committee = committee_of(election)
    if committee is None:
        return False
    counts = current_counts(committee)
    return bool(counts) and all(c.state == CountState.FROZEN for c in counts)


# -- the clerks' streams and their reconciliation -------------------------------------------


@dataclass
class Disagreement:
    number: int
    readings: dict[int, Reading | None]  # clerk id -> reading (None: not entered)


@dataclass
class Reconciliation:
    clerks: list[tuple[int, str, int]]  # (id, name, ballots entered)
    numbers: list[int]  # every ballot number entered by someone
    agreed: dict[int, Reading] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    streams_needed: int = 2  # 1 for a count from scanned ballots alone
    blockers: list[str] = field(default_factory=list)  # other apps' reasons (signals.py)

    @property
    def ready(self) -> bool:
        """Enough streams (two, or the scanned one alone), each with every ballot, all
        agreeing, and nothing else holding the count back (scanned pages not yet decided)."""
        return (
            len(self.clerks) >= self.streams_needed
            and not self.disagreements
            and bool(self.numbers)
            and not self.blockers
        )


def streams(count: Count) -> dict[int, dict[int, Reading]]:
    """{clerk id: {ballot number: reading}}."""
    out: dict[int, dict[int, Reading]] = {}
    rows = BallotEntry.objects.filter(count=count).values_list(
        "clerk_id", "number", "struck", "marks", "defects"
    )
    for clerk_id, number, struck, marks, defects in rows:
        out.setdefault(clerk_id, {})[number] = (tuple(struck), tuple(marks), tuple(defects))
    return out


def clerk_names(ids: list[int]) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=ids)
    return {u.pk: (u.get_full_name() or u.get_username()) for u in users}


def reconcile(count: Count) -> Reconciliation:
    """Compare the streams ballot by ballot: each disagreement, with every clerk's reading."""
    data = streams(count)
    names = clerk_names(list(data))
    clerk_ids = sorted(data)
    numbers = sorted({n for stream in data.values() for n in stream})
    rec = Reconciliation(
        clerks=[(c, names.get(c, str(c)), len(data[c])) for c in clerk_ids],
        numbers=numbers,
        streams_needed=1 if count.scanned_alone else 2,
        blockers=blockers(count),
    )
    for number in numbers:
        readings = {c: data[c].get(number) for c in clerk_ids}
        values = set(readings.values())
        if len(values) == 1 and None not in values:
            reading = next(iter(values))
            assert reading is not None
            rec.agreed[number] = reading
        else:
            rec.disagreements.append(Disagreement(number, readings))
    return rec


# -- the engine input ---------------------------------------------------------------------


def _ballot(count: Count, reading: Reading) -> dict[str, Any]:
    struck, marks, defects = reading
    names = count.candidates
    ballot: dict[str, Any] = {}
    if has_surplus(count):
        gone = set(struck)
        ballot["kept"] = [n for i, n in enumerate(names, 1) if i not in gone]
    else:
        ballot["marks"] = {
            n: (marks[i] if i < len(marks) else "agree") for i, n in enumerate(names)
        }
    if defects:
        ballot["defects"] = list(defects)
    return ballot


def count_tally_fields(count: Count) -> dict[str, Any]:
    """The `daihoi tally` input of this count without ballots, counts or issued (also what its
    machine-readable ballots are printed from: counting/paper.py)."""
    data: dict[str, Any] = {
        "rules": count.rules,
        "body": count.election.body,
        "round": count.round,
        "seats": count.seats,
        "alternates": count.alternates,
        "base": count.base,
        "candidates": list(count.candidates),
    }
    if count.attendance:
        data["attendance"] = count.attendance
    if count.options:
        data["options"] = count.options
    return data


def _base_input(count: Count) -> dict[str, Any]:
    data = count_tally_fields(count)
    if count.issued is not None:
        data["issued"] = count.issued
    return data


def ballot_numbers(count: Count) -> list[int]:
    """The agreed ballots' numbers, in the order they go to the engine (index i ↔ numbers[i])."""
    return sorted(reconcile(count).agreed)


def engine_input(count: Count) -> dict[str, Any]:
    """The engine's input for this count; NotReady while it cannot be computed."""
    data = _base_input(count)
    if count.mode == CountMode.AGGREGATE:
        if count.returned is None or count.invalid is None:
            raise NotReady(_("The board has not entered the totals yet."))
        counts: dict[str, Any] = {
            "returned": count.returned,
            "invalid": count.invalid,
            "votes": {n: int(count.votes.get(n, 0)) for n in count.candidates},
        }
        if count.invalid_reasons:
            counts["invalid_reasons"] = dict(count.invalid_reasons)
        data["counts"] = counts
        return data
    rec = reconcile(count)
    if rec.blockers:
        raise NotReady(rec.blockers[0])
    if len(rec.clerks) < rec.streams_needed:
        raise NotReady(_("At least two clerks must enter every ballot."))
    if rec.disagreements:
        raise NotReady(
            _("%(n)s ballots are not yet entered alike by every clerk.")
            % {"n": len(rec.disagreements)}
        )
    if not rec.agreed:
        raise NotReady(_("No ballot has been entered yet."))
    numbers = sorted(rec.agreed)
    data["ballots"] = [_ballot(count, rec.agreed[n]) for n in numbers]
    # The board's decisions go only on the ballots the engine flags (it refuses the others).
    decisions = dict(BoardDecision.objects.filter(count=count).values_list("number", "decision"))
    if decisions:
        flagged = count_election(parse_input(data)).flagged
        for note in flagged:
            decision = decisions.get(numbers[note.ballot])
            if decision is not None:
                data["ballots"][note.ballot]["board"] = decision
    return data


def canonical_json(data: Any) -> str:
    """One text for one input, whatever the key order: the hash is taken over it."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def input_hash(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


@dataclass
class Preview:
    input: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    problem: str = ""
    flagged_numbers: dict[int, str] = field(default_factory=dict)  # ballot number -> reason
    invalid_numbers: dict[int, str] = field(default_factory=dict)


def preview(count: Count) -> Preview:
    """The frozen result, or the engine's result on the current entries (or why not yet)."""
    if count.is_frozen:
        out = Preview(input=count.input_json, result=count.result_json)
    else:
        try:
            data = engine_input(count)
            result = count_election(parse_input(data)).to_json()
        except (NotReady, TallyError) as exc:
            return Preview(problem=str(exc))
        out = Preview(input=data, result=result)
    if out.result is not None and out.input is not None and "ballots" in out.input:
        # Ballot i of the input is the i-th agreed ballot number (entries outlive freezing).
        numbers = sorted(reconcile(count).agreed)
        out.flagged_numbers = {
            numbers[n["ballot"]]: n["reason"] for n in out.result.get("flagged", [])
        }
        out.invalid_numbers = {
            numbers[n["ballot"]]: n["reason"] for n in out.result.get("invalid_ballots", [])
        }
    return out


# -- progress ------------------------------------------------------------------------------


def entered_by_clerk(count_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """{count id: [{"name", "entered"}] per clerk, in clerk order} by one GROUP BY.

    What the live hall page shows while counting: the ballots entered per stream, without
    loading a single entry (two queries, whatever the number of counts and entries). The unique
    index (count, clerk, number) answers the grouping.
    """
    rows = list(
        BallotEntry.objects.filter(count_id__in=count_ids)
        .values_list("count_id", "clerk_id")
        .annotate(entered=models.Count("id"))
        .order_by("count_id", "clerk_id")
    )
    names = clerk_names(sorted({row[1] for row in rows})) if rows else {}
    out: dict[int, list[dict[str, Any]]] = {count_id: [] for count_id in count_ids}
    for count_id, clerk_id, entered in rows:
        out[count_id].append({"name": names.get(clerk_id, str(clerk_id)), "entered": entered})
    return out


def count_progress(count: Count) -> dict[str, Any]:
    """Where the count stands, as plain data: clerks' progress, then the frozen result.

    Reconciles the streams (every entry is read) to report disagreements: for the counting
    board's pages. The live hall page, polled by every phone in the hall, uses the cheaper
    `entered_by_clerk` instead (see daihoi/elections/live.py).
    """
    election = count.election
    out: dict[str, Any] = {
        "count": count.pk,
        "election": election.pk,
        "body": election.body,
        "round": count.round,
        "mode": count.mode,
        "state": count.state,
        "issued": count.issued,
        "seats": count.seats,
        "candidates": len(count.candidates),
        "clerks": [],
        "ballots_entered": 0,
        "disagreements": 0,
        "ready": False,
        "result": None,
    }
    if count.mode == CountMode.BALLOTS:
        rec = reconcile(count)
        out["clerks"] = [{"name": name, "entered": n} for _, name, n in rec.clerks]
        out["ballots_entered"] = len(rec.numbers)
        out["disagreements"] = len(rec.disagreements)
        out["ready"] = rec.ready
    else:
        out["returned"] = count.returned
        out["ready"] = count.returned is not None
    if count.is_frozen and count.result_json is not None:
        r = count.result_json
        out["result"] = {
            key: r.get(key)
            for key in (
                "base",
                "needed",
                "issued",
                "returned",
                "valid",
                "invalid",
                "results",
                "elected",
                "alternates",
                "tied",
                "unfilled",
                "outcome",
            )
        }
    return out
