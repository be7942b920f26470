"""Writers of a count's setup: the election's regulation, the attendance, the surplus check, the
chi bộ order, and opening the first-round count. Checked, atomic, audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.accounts.audit import diff, record_change, snapshot
from daihoi.elections.actions import do_update_election
from daihoi.elections.counting.guards import refuse, unit_id_of, user_or_none
from daihoi.elections.counting.queries import committee_frozen, committee_of, needs_committee_first
from daihoi.elections.models import Count, CountMode, Election, Rules
from daihoi.tally import Attendance, TallyError, check_surplus, compute_base
from daihoi.tally.collation import abc_order
from daihoi.tally.rulesets import make_options

SETUP_FIELDS = ("rules", "alternates")
COUNT_FIELDS = ("election", "round", "mode", "rules", "seats", "alternates", "base", "issued")


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
        refuse(_("This election is being counted: its regulation, seats and alternates are fixed."))
    if seats != election.seats:
        election = do_update_election(actor, election, seats=seats)
    before = snapshot(election, SETUP_FIELDS)
    election.rules, election.alternates = rules, alternates
    changes = diff(before, snapshot(election, SETUP_FIELDS))
    if changes:
        election.save(update_fields=list(changes))
        record_change(actor, "configure_election", election, changes, unit_id=unit_id_of(election))
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
        refuse(_("Name the members of the counting board, the head first."))
    if sum(1 for m in out if m["is_head"]) != 1:
        refuse(_("The counting board needs exactly one head."))
    return out


def _check_chi_bo_order(election: Election, names: list[str]) -> None:
    """Committee first; secretary, deputy and the bodies it elects from its elected members."""
    if not needs_committee_first(election):
        return
    if not committee_frozen(election):
        refuse(
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
        refuse(
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
        refuse(
            _(
                "This election already has a count: continue it, recount it or start a "
                "further round."
            )
        )
    if mode not in CountMode.values:
        raise ValidationError({"mode": _("Choose how the board counts.")})
    names = abc_order(list(election.candidates.values_list("full_name", flat=True)))
    if not names:
        refuse(_("The election list is empty: add the candidates first."))
    if election.seats < 1:
        refuse(_("The election needs at least one seat."))
    _check_chi_bo_order(election, names)
    attendance = attendance_for(election, summoned, deductions or {})
    options = dict(options or {})
    try:
        base = compute_base(attendance)
        problems = surplus_problems(election, names, election.seats, election.alternates, options)
    except TallyError as exc:
        raise ValidationError(str(exc)) from exc
    if "fewer_candidates_than_seats" in problems:
        refuse(_("There are fewer candidates than seats: the list cannot be voted on."))
    if problems and not accept_surplus:
        refuse(
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
        created_by=user_or_none(actor),
    )
    record_change(
        actor,
        "open_count",
        count,
        diff({}, {**snapshot(count, COUNT_FIELDS), "candidates": names, "surplus": list(problems)}),
        unit_id=unit_id_of(election),
    )
    return count
