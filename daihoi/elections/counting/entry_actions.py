"""Writers of what the board enters into an open count: each clerk's ballot readings, the
aggregated totals, and the board's decisions on flagged ballots. Checked, atomic, audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.accounts.audit import diff, record_change, snapshot
from daihoi.elections.counting.entry import Reading
from daihoi.elections.counting.guards import lock_open_count, refuse, unit_id_of, user_or_none
from daihoi.elections.counting.queries import NotReady, engine_input, has_surplus, preview
from daihoi.elections.models import BallotEntry, BoardDecision, Count, CountMode
from daihoi.tally import TallyError, count_election, parse_input


@transaction.atomic
def do_save_entry(actor: Any, count: Count, number: int, reading: Reading) -> BallotEntry:
    """Save (or correct) this clerk's reading of ballot `number`."""
    count = lock_open_count(count)
    if count.mode != CountMode.BALLOTS:
        refuse(_("This count takes the board's totals, not ballots."))
    limit = count.issued or 0
    if not 1 <= number <= limit:
        refuse(
            _("The ballot number must be between 1 and %(issued)s (the ballots issued).")
            % {"issued": limit}
        )
    size = len(count.candidates)
    surplus = has_surplus(count)
    if (reading.marks and surplus) or (reading.struck and not surplus):
        refuse(_("This reading does not fit the ballot's layout."))
    if not surplus and len(reading.marks) != size:
        refuse(_("Give one mark for every name."))
    if any(not 1 <= n <= size for n in reading.struck):
        refuse(_("A struck number is not on the list."))
    values = {
        "struck": list(reading.struck),
        "marks": list(reading.marks),
        "defects": list(reading.defects),
    }
    entry = BallotEntry.objects.filter(count=count, clerk=actor, number=number).first()
    unit_id = unit_id_of(count.election)
    if entry is None:
        entry = BallotEntry.objects.create(count=count, clerk=actor, number=number, **values)
        record_change(
            actor, "enter_ballot", entry, diff({}, {"number": number, **values}), unit_id=unit_id
        )
        return entry
    before = {k: getattr(entry, k) for k in values}
    changes = diff(before, values)
    if changes:
        for k, v in values.items():
            setattr(entry, k, v)
        entry.save()
        record_change(
            actor, "correct_ballot", entry, {"number": [number, number], **changes}, unit_id=unit_id
        )
    return entry


@transaction.atomic
def do_delete_entry(actor: Any, count: Count, number: int) -> None:
    """Remove this clerk's reading of ballot `number` (typed by mistake)."""
    count = lock_open_count(count)
    entry = BallotEntry.objects.filter(count=count, clerk=actor, number=number).first()
    if entry is None:
        return
    gone = {
        "number": number,
        "struck": entry.struck,
        "marks": entry.marks,
        "defects": entry.defects,
    }
    record_change(
        actor,
        "delete_ballot_entry",
        entry,
        {k: [v, None] for k, v in gone.items()},
        unit_id=unit_id_of(count.election),
    )
    entry.delete()


@transaction.atomic
def do_enter_totals(
    actor: Any,
    count: Count,
    returned: int,
    invalid: int,
    votes: Mapping[str, int],
    invalid_reasons: Mapping[str, int] | None = None,
) -> Count:
    """The board's aggregated figures; refused if the engine finds them impossible."""
    count = lock_open_count(count)
    if count.mode != CountMode.AGGREGATE:
        refuse(_("This count takes every ballot, not totals."))
    unknown = set(votes) - set(count.candidates)
    if unknown:
        refuse(_("Not on the list: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    before = snapshot(count, ("returned", "invalid", "votes", "invalid_reasons"))
    count.returned, count.invalid = returned, invalid
    count.votes = {n: int(votes.get(n, 0)) for n in count.candidates}
    count.invalid_reasons = {k: int(v) for k, v in (invalid_reasons or {}).items() if v}
    try:
        count_election(parse_input(engine_input(count)))
    except (TallyError, NotReady) as exc:
        raise ValidationError(str(exc)) from exc
    changes = diff(before, snapshot(count, ("returned", "invalid", "votes", "invalid_reasons")))
    if changes:
        count.save(update_fields=list(changes))
        record_change(actor, "enter_totals", count, changes, unit_id=unit_id_of(count.election))
    return count


@transaction.atomic
def do_decide_ballot(actor: Any, count: Count, number: int, decision: str) -> BoardDecision:
    """The board's decision on a flagged ballot: valid or invalid."""
    count = lock_open_count(count)
    if decision not in BoardDecision.Decision.values:
        refuse(_("The board decides valid or invalid."))
    flagged = preview(count).flagged_numbers
    existing = BoardDecision.objects.filter(count=count, number=number).first()
    if number not in flagged and existing is None:
        refuse(_("Ballot %(number)s is not one the board must decide.") % {"number": number})
    unit_id = unit_id_of(count.election)
    if existing is None:
        existing = BoardDecision.objects.create(
            count=count, number=number, decision=decision, decided_by=user_or_none(actor)
        )
        record_change(
            actor,
            "decide_ballot",
            existing,
            {"number": [None, number], "decision": [None, decision]},
            unit_id=unit_id,
        )
    elif existing.decision != decision:
        record_change(
            actor,
            "decide_ballot",
            existing,
            {"decision": [existing.decision, decision]},
            unit_id=unit_id,
        )
        existing.decision, existing.decided_by = decision, user_or_none(actor)
        existing.save()
    return existing
