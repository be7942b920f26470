"""The only writers of counts, ballot entries and board decisions: checked, atomic, audited.

State of a count: open → frozen (`do_freeze`), nothing else. A frozen count is never changed
(here, and again in the models' save()); a recount is a new count of the same round that
supersedes it (`do_recount`); a further round is a new count of round + 1 (`do_start_round`).
Freezing pushes the results into the candidates through the elections writer, which tells the
statistics (`congress_results_changed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.accounts.audit import diff, record_change, snapshot
from daihoi.elections.actions import do_record_results, do_update_election
from daihoi.elections.counting.collation import abc_order
from daihoi.elections.counting.entry import Reading
from daihoi.elections.counting.queries import (
    NotReady,
    committee_frozen,
    committee_of,
    current_counts,
    engine_input,
    has_surplus,
    input_hash,
    is_superseded,
    needs_committee_first,
    preview,
)
from daihoi.elections.models import (
    BallotEntry,
    BoardDecision,
    Count,
    CountMode,
    CountState,
    Election,
    Rules,
)
from daihoi.tally import (
    ENGINE,
    Attendance,
    TallyError,
    check_surplus,
    compute_base,
    count_election,
    parse_input,
)
from daihoi.tally.rulesets import make_options

SETUP_FIELDS = ("rules", "alternates")
COUNT_FIELDS = ("election", "round", "mode", "rules", "seats", "alternates", "base", "issued")
FURTHER_ROUND_OUTCOMES = ("tie_at_cutoff", "shortfall")


def _unit_id(election: Election) -> int:
    return election.congress.unit_id


def _refuse(message: str) -> None:
    raise ValidationError(message)


def _locked(count: Count) -> Count:
    return (
        Count.objects.select_for_update()
        .select_related("election", "election__congress")
        .get(pk=count.pk)
    )


def _open(count: Count) -> Count:
    count = _locked(count)
    if count.state != CountState.OPEN:
        _refuse(_("This count is frozen: nothing in it can change. Start a recount instead."))
    return count


# -- setup ----------------------------------------------------------------------------------


@transaction.atomic
def do_configure_election(
    actor: Any, election: Election, rules: str, seats: int, alternates: int
) -> Election:
    """The regulation, seats and alternates of an election, fixed once a count exists."""
    election = Election.objects.select_for_update().select_related("congress").get(pk=election.pk)
    if rules not in Rules.values:
        raise ValidationError({"rules": _("Choose the election regulation.")})
    if not isinstance(alternates, int) or alternates < 0:
        raise ValidationError({"alternates": _("The number of alternates cannot be negative.")})
    if alternates and election.body != "delegates":
        raise ValidationError(
            {"alternates": _("Only delegates to the higher congress have alternates.")}
        )
    changing = rules != election.rules or alternates != election.alternates
    changing = changing or seats != election.seats
    if changing and election.counts.exists():
        _refuse(
            _("This election is being counted: its regulation, seats and alternates are fixed.")
        )
    if seats != election.seats:
        election = do_update_election(actor, election, seats=seats)
    before = snapshot(election, SETUP_FIELDS)
    election.rules, election.alternates = rules, alternates
    changes = diff(before, snapshot(election, SETUP_FIELDS))
    if changes:
        election.save(update_fields=list(changes))
        record_change(actor, "configure_election", election, changes, unit_id=_unit_id(election))
    return election


def attendance_for(election: Election, summoned: int, deductions: Mapping[str, int]) -> Attendance:
    """The facts the base comes from: a conference of the committee, or the congress's kind."""
    kind = "conference" if needs_committee_first(election) else election.congress.kind
    return Attendance(
        congress=kind,
        summoned=summoned,
        deductions=tuple((k, int(v)) for k, v in deductions.items() if kind != "conference"),
    )


def surplus_problems(
    election: Election, names: list[str], seats: int, alternates: int, options: Mapping[str, Any]
) -> tuple[str, ...]:
    report = check_surplus(
        len(names), seats + alternates, election.body, make_options(dict(options) or None)
    )
    return report.problems


def _board(board: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = [
        {
            "name": str(m["name"]).strip(),
            "role": str(m.get("role") or ""),
            "is_head": bool(m.get("is_head")),
        }
        for m in board
        if str(m.get("name") or "").strip()
    ]
    if not out:
        _refuse(_("Name the members of the counting board, the head first."))
    if sum(1 for m in out if m["is_head"]) != 1:
        _refuse(_("The counting board needs exactly one head."))
    return out


def _check_chi_bo_order(election: Election, names: list[str]) -> None:
    """Committee first; secretary, deputy and the bodies it elects from its elected members."""
    if not needs_committee_first(election):
        return
    if not committee_frozen(election):
        _refuse(
            _(
                "The committee is elected first: freeze the committee's count of this congress "
                "before counting the %(body)s."
            )
            % {"body": election.get_body_display()}
        )
    committee = committee_of(election)
    assert committee is not None
    members = set(committee.candidates.filter(elected=True).values_list("full_name", flat=True))
    outside = [n for n in names if n not in members]
    if outside:
        _refuse(
            _("Not elected to the committee, so not on this list: %(names)s.")
            % {"names": ", ".join(outside)}
        )


@transaction.atomic
def do_open_count(
    actor: Any,
    election: Election,
    *,
    mode: str,
    summoned: int,
    deductions: Mapping[str, int] | None = None,
    board: Iterable[Mapping[str, Any]],
    issued: int | None = None,
    options: Mapping[str, Any] | None = None,
    accept_surplus: bool = False,
) -> Count:
    """Open the first-round count of an election: its list, base, board and the ballots issued."""
    election = Election.objects.select_for_update().select_related("congress").get(pk=election.pk)
    if election.counts.exists():
        _refuse(
            _(
                "This election already has a count: continue it, recount it or start a "
                "further round."
            )
        )
    if mode not in CountMode.values:
        raise ValidationError({"mode": _("Choose how the board counts.")})
    names = abc_order(list(election.candidates.values_list("full_name", flat=True)))
    if not names:
        _refuse(_("The election list is empty: add the candidates first."))
    if election.seats < 1:
        _refuse(_("The election needs at least one seat."))
    _check_chi_bo_order(election, names)
    attendance = attendance_for(election, summoned, deductions or {})
    options = dict(options or {})
    try:
        base = compute_base(attendance)
        problems = surplus_problems(election, names, election.seats, election.alternates, options)
    except TallyError as exc:
        raise ValidationError(str(exc)) from exc
    if "fewer_candidates_than_seats" in problems:
        _refuse(_("There are fewer candidates than seats: the list cannot be voted on."))
    if problems and not accept_surplus:
        _refuse(
            _(
                "The list does not meet the surplus rules (%(problems)s). Open the count only if "
                "the congress voted this list as it is, and say so."
            )
            % {"problems": ", ".join(problems)}
        )
    if mode == CountMode.BALLOTS and (issued is None or issued < 1):
        raise ValidationError({"issued": _("Enter the number of ballots issued.")})
    count = Count.objects.create(
        election=election,
        round=1,
        mode=mode,
        rules=election.rules,
        seats=election.seats,
        alternates=election.alternates,
        candidates=names,
        attendance={
            "congress": attendance.congress,
            "summoned": attendance.summoned,
            "deductions": dict(attendance.deductions),
        },
        base=base,
        issued=issued,
        options=options,
        board=_board(board),
        reason=_("The congress voted the list despite the surplus check.") if problems else "",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_change(
        actor,
        "open_count",
        count,
        diff({}, {**snapshot(count, COUNT_FIELDS), "candidates": names, "surplus": list(problems)}),
        unit_id=_unit_id(election),
    )
    return count


# -- entering -------------------------------------------------------------------------------


@transaction.atomic
def do_save_entry(actor: Any, count: Count, number: int, reading: Reading) -> BallotEntry:
    """Save (or correct) this clerk's reading of ballot `number`."""
    count = _open(count)
    if count.mode != CountMode.BALLOTS:
        _refuse(_("This count takes the board's totals, not ballots."))
    limit = count.issued or 0
    if not 1 <= number <= limit:
        _refuse(
            _("The ballot number must be between 1 and %(issued)s (the ballots issued).")
            % {"issued": limit}
        )
    size = len(count.candidates)
    surplus = has_surplus(count)
    if (reading.marks and surplus) or (reading.struck and not surplus):
        _refuse(_("This reading does not fit the ballot's layout."))
    if not surplus and len(reading.marks) != size:
        _refuse(_("Give one mark for every name."))
    if any(not 1 <= n <= size for n in reading.struck):
        _refuse(_("A struck number is not on the list."))
    values = {
        "struck": list(reading.struck),
        "marks": list(reading.marks),
        "defects": list(reading.defects),
    }
    entry = BallotEntry.objects.filter(count=count, clerk=actor, number=number).first()
    unit_id = _unit_id(count.election)
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
    count = _open(count)
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
        unit_id=_unit_id(count.election),
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
    count = _open(count)
    if count.mode != CountMode.AGGREGATE:
        _refuse(_("This count takes every ballot, not totals."))
    unknown = set(votes) - set(count.candidates)
    if unknown:
        _refuse(_("Not on the list: %(names)s.") % {"names": ", ".join(sorted(unknown))})
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
        record_change(actor, "enter_totals", count, changes, unit_id=_unit_id(count.election))
    return count


@transaction.atomic
def do_decide_ballot(actor: Any, count: Count, number: int, decision: str) -> BoardDecision:
    """The board's decision on a flagged ballot: valid or invalid."""
    count = _open(count)
    if decision not in BoardDecision.Decision.values:
        _refuse(_("The board decides valid or invalid."))
    flagged = preview(count).flagged_numbers
    existing = BoardDecision.objects.filter(count=count, number=number).first()
    if number not in flagged and existing is None:
        _refuse(_("Ballot %(number)s is not one the board must decide.") % {"number": number})
    unit_id = _unit_id(count.election)
    if existing is None:
        existing = BoardDecision.objects.create(
            count=count, number=number, decision=decision, decided_by=_user(actor)
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
        existing.decision, existing.decided_by = decision, _user(actor)
        existing.save()
    return existing


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# -- freezing and what follows --------------------------------------------------------------


@transaction.atomic
def do_freeze(actor: Any, count: Count) -> Count:
    """Freeze the count: input, its sha256, engine version and result stored, never changed."""
    count = _open(count)
    try:
        data = engine_input(count)
        result = count_election(parse_input(data))
    except (NotReady, TallyError) as exc:
        raise ValidationError(str(exc)) from exc
    if result.outcome == "needs_board_decision":
        _refuse(_("The board must first decide every flagged ballot."))
    count.input_json = data
    count.input_hash = input_hash(data)
    count.engine = ENGINE
    count.result_json = result.to_json()
    count.state = CountState.FROZEN
    count.frozen_at = timezone.now()
    count.frozen_by = _user(actor)
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
        unit_id=_unit_id(count.election),
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
        _refuse(_("Only a frozen count can be recounted or followed by a further round."))
    if is_superseded(count):
        _refuse(_("This count was superseded by a recount."))
    if _later_round_exists(count):
        _refuse(_("A later round of this election exists already."))
    if Count.objects.filter(election_id=count.election_id, state=CountState.OPEN).exists():
        _refuse(_("Another count of this election is open."))


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
    count = _locked(count)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ballots are counted again.")})
    _successor_checks(count)
    new = _copy(
        count,
        supersedes=count,
        reason=reason.strip(),
        issued=issued if issued is not None else count.issued,
        created_by=_user(actor),
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
        unit_id=_unit_id(count.election),
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
    count = _locked(count)
    _successor_checks(count)
    result = count.result_json or {}
    if result.get("outcome") not in FURTHER_ROUND_OUTCOMES:
        _refuse(_("Every place was filled: there is no further round."))
    if not authorized_by.strip():
        raise ValidationError({"authorized_by": _("Say who authorized the further round.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Record the congress's decision.")})
    seats = int(result.get("unfilled", 0))
    if seats < 1:
        _refuse(
            _("Only alternates are missing; a further round for alternates alone is not supported.")
        )
    chosen = list(dict.fromkeys(n for n in names))
    allowed = set(count.candidates) - set(result.get("elected", []))
    if not chosen:
        _refuse(_("Choose the names on the further round's list."))
    outside = [n for n in chosen if n not in allowed]
    if outside:
        _refuse(_("Elected already or not on the list: %(names)s.") % {"names": ", ".join(outside)})
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
        created_by=_user(actor),
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
        unit_id=_unit_id(count.election),
    )
    return new
