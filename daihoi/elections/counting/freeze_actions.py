"""Writers of a count's end and what follows it: freezing, pushing the results into the
candidates, recounts and further rounds. Checked, atomic, audited.

A frozen count is never changed; a recount is a new count of the same round that supersedes it
(`do_recount`); a further round is a new count of round + 1 (`do_start_round`). Freezing pushes
the results into the candidates through the elections writer, which tells the statistics
(`congress_results_changed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.accounts.audit import record_change
from daihoi.elections.actions import do_record_results
from daihoi.elections.counting.guards import (
    lock_count,
    lock_open_count,
    refuse,
    unit_id_of,
    user_or_none,
)
from daihoi.elections.counting.queries import (
    NotReady,
    current_counts,
    engine_input,
    input_hash,
    is_superseded,
)
from daihoi.elections.models import Count, CountMode, CountState, Election
from daihoi.tally import ENGINE, TallyError, count_election, parse_input
from daihoi.tally.collation import abc_order

FURTHER_ROUND_OUTCOMES = ("tie_at_cutoff", "shortfall")


@transaction.atomic
def do_freeze(actor: Any, count: Count) -> Count:
    """Freeze the count: input, its sha256, engine version and result stored, never changed."""
    count = lock_open_count(count)
    try:
        data = engine_input(count)
        result = count_election(parse_input(data))
    except (NotReady, TallyError) as exc:
        raise ValidationError(str(exc)) from exc
    if result.outcome == "needs_board_decision":
        refuse(_("The board must first decide every flagged ballot."))
    count.input_json = data
    count.input_hash = input_hash(data)
    count.engine = ENGINE
    count.result_json = result.to_json()
    count.state = CountState.FROZEN
    count.frozen_at = timezone.now()
    count.frozen_by = user_or_none(actor)
    count.save()
    record_change(
        actor,
        "freeze_count",
        count,
        {
            "state": [CountState.OPEN, CountState.FROZEN],
            "input_hash": [None, count.input_hash],
            "engine": [None, ENGINE],
            "outcome": [None, result.outcome],
            "elected": [None, list(result.elected)],
        },
        unit_id=unit_id_of(count.election),
    )
    push_results(actor, count.election)
    return count


def push_results(actor: Any, election: Election) -> int:
    """Candidates' votes (latest round they stood in) and elected flags (any round) from the
    frozen counts, written by the elections writer so the statistics follow at once."""
    votes: dict[str, int] = {}
    elected: set[str] = set()
    for count in current_counts(election):
        if count.state != CountState.FROZEN or not count.result_json:
            continue
        for row in count.result_json["results"]:
            votes[row["name"]] = row["votes"]
        elected.update(count.result_json["elected"])
    rows = {
        pk: (votes[name], name in elected)
        for pk, name in election.candidates.values_list("pk", "full_name")
        if name in votes
    }
    return do_record_results(actor, election, rows)


def _later_round_exists(count: Count) -> bool:
    return Count.objects.filter(election_id=count.election_id, round__gt=count.round).exists()


def _successor_checks(count: Count) -> None:
    if count.state != CountState.FROZEN:
        refuse(_("Only a frozen count can be recounted or followed by a further round."))
    if is_superseded(count):
        refuse(_("This count was superseded by a recount."))
    if _later_round_exists(count):
        refuse(_("A later round of this election exists already."))
    if Count.objects.filter(election_id=count.election_id, state=CountState.OPEN).exists():
        refuse(_("Another count of this election is open."))


def _copy(count: Count, **fields: Any) -> Count:
    values = {
        "election_id": count.election_id,
        "round": count.round,
        "mode": count.mode,
        "rules": count.rules,
        "seats": count.seats,
        "alternates": count.alternates,
        "candidates": list(count.candidates),
        "attendance": count.attendance,
        "base": count.base,
        "issued": count.issued,
        "options": count.options,
        "board": count.board,
    }
    values.update(fields)
    return Count.objects.create(**values)


@transaction.atomic
def do_recount(actor: Any, count: Count, reason: str, issued: int | None = None) -> Count:
    """A new count of the same round, with the reason; the old one stays, superseded."""
    count = lock_count(count)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ballots are counted again.")})
    _successor_checks(count)
    new = _copy(
        count,
        supersedes=count,
        reason=reason.strip(),
        issued=issued if issued is not None else count.issued,
        # The same ballots counted again: from the scans alone if the board so chose before.
        scanned_alone=count.scanned_alone,
        created_by=user_or_none(actor),
    )
    record_change(
        actor,
        "recount",
        new,
        {
            "supersedes": [None, count.pk],
            "round": [None, count.round],
            "reason": [None, new.reason],
        },
        unit_id=unit_id_of(count.election),
    )
    return new


@transaction.atomic
def do_start_round(
    actor: Any,
    count: Count,
    names: Iterable[str],
    authorized_by: str,
    reason: str,
    mode: str | None = None,
    issued: int | None = None,
) -> Count:
    """A further round the congress authorized: same base, the unfilled places, the names the
    board chose from those not elected (the tied ones after a tie)."""
    count = lock_count(count)
    _successor_checks(count)
    result = count.result_json or {}
    if result.get("outcome") not in FURTHER_ROUND_OUTCOMES:
        refuse(_("Every place was filled: there is no further round."))
    if not authorized_by.strip():
        raise ValidationError({"authorized_by": _("Say who authorized the further round.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Record the congress's decision.")})
    seats = int(result.get("unfilled", 0))
    if seats < 1:
        refuse(
            _("Only alternates are missing; a further round for alternates alone is not supported.")
        )
    chosen = list(dict.fromkeys(n for n in names))
    allowed = set(count.candidates) - set(result.get("elected", []))
    if not chosen:
        refuse(_("Choose the names on the further round's list."))
    outside = [n for n in chosen if n not in allowed]
    if outside:
        refuse(_("Elected already or not on the list: %(names)s.") % {"names": ", ".join(outside)})
    mode = mode or count.mode
    if mode == CountMode.BALLOTS and (issued is None or issued < 1):
        raise ValidationError({"issued": _("Enter the number of ballots issued.")})
    new = _copy(
        count,
        round=count.round + 1,
        mode=mode,
        seats=seats,
        alternates=int(result.get("alternates_unfilled", 0)),
        candidates=abc_order(chosen),
        issued=issued,
        authorized_by=authorized_by.strip(),
        reason=reason.strip(),
        created_by=user_or_none(actor),
    )
    record_change(
        actor,
        "start_round",
        new,
        {
            "round": [count.round, new.round],
            "seats": [None, seats],
            "candidates": [None, new.candidates],
            "authorized_by": [None, new.authorized_by],
            "reason": [None, new.reason],
        },
        unit_id=unit_id_of(count.election),
    )
    return new
