"""The only writers of elections and candidates: validated, atomic, audited.

Only data rules live here (seats, non-negative votes, votes within attendance, unique names
and bodies); who wins under the regulations is decided by the counting engine of a later issue.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.accounts.audit import diff, record_change, snapshot
from daihoi.campaigns.models import Congress
from daihoi.campaigns.signals import results_changed
from daihoi.elections.models import Body, Candidate, ElectedBy, Election, Gender

ELECTION_FIELDS = ("body", "seats", "elected_by")
CANDIDATE_FIELDS = (
    "full_name",
    "incumbent",
    "gender",
    "birth_year",
    "ethnicity",
    "votes",
    "elected",
)
_EARLIEST_BIRTH_YEAR = 1900


# -- checks shared with the forms (they show the messages per field / per row) --------------


def check_election(
    congress: Congress, body: str, seats: Any, elected_by: str, election: Election | None = None
) -> None:
    """Raise ValidationError (keyed by field) unless these election values are valid."""
    errors: dict[str, str] = {}
    if body not in Body.values:
        errors["body"] = _("Choose the body to elect.")
    else:
        taken = Election.objects.filter(congress=congress, body=body)
        if election is not None and election.pk is not None:
            taken = taken.exclude(pk=election.pk)
        if taken.exists():
            errors["body"] = _("This congress already has an election for the %(body)s.") % {
                "body": Body(body).label
            }
    if not isinstance(seats, int) or seats < 0:
        errors["seats"] = _("The number of seats must be a whole number, zero or more.")
    elif election is not None and election.pk is not None:
        elected = election.candidates.filter(elected=True).count()
        if elected > seats:
            errors["seats"] = _(
                "%(elected)s candidates are already elected, so there cannot be fewer seats."
            ) % {"elected": elected}
    if elected_by not in ElectedBy.values:
        errors["elected_by"] = _("Choose whether the congress or the committee elects.")
    if errors:
        raise ValidationError(errors)


def check_candidate_values(values: Mapping[str, Any], attended: int | None) -> dict[str, str]:
    """The problems with one candidate's values, by field (empty if none)."""
    errors: dict[str, str] = {}
    if not (values.get("full_name") or "").strip():
        errors["full_name"] = _("Enter the candidate's full name.")
    elif len(values["full_name"].strip()) > 200:
        errors["full_name"] = _("The full name must be at most 200 characters long.")
    if (values.get("gender") or "") not in ("", *Gender.values):
        errors["gender"] = _("Choose male or female.")
    birth_year = values.get("birth_year")
    this_year = datetime.date.today().year
    if birth_year is not None and not _EARLIEST_BIRTH_YEAR <= birth_year <= this_year:
        errors["birth_year"] = _("The birth year must be between %(low)s and %(high)s.") % {
            "low": _EARLIEST_BIRTH_YEAR,
            "high": this_year,
        }
    if len(values.get("ethnicity") or "") > 60:
        errors["ethnicity"] = _("The ethnicity must be at most 60 characters long.")
    votes = values.get("votes")
    if votes is not None:
        if votes < 0:
            errors["votes"] = _("The number of votes cannot be negative.")
        elif attended is not None and votes > attended:
            errors["votes"] = _(
                "The number of votes (%(votes)s) cannot be larger than the number attending "
                "the congress (%(attended)s)."
            ) % {"votes": votes, "attended": attended}
    return errors


def check_elected_count(seats: int, elected: int) -> None:
    if elected > seats:
        raise ValidationError(
            _(
                "%(elected)s candidates are marked elected but the election has only %(seats)s "
                "seats."
            )
            % {"elected": elected, "seats": seats}
        )


def check_unique_names(names: Iterable[str]) -> None:
    seen: set[str] = set()
    for name in names:
        key = name.strip().casefold()
        if key in seen:
            raise ValidationError(
                _("The name “%(name)s” appears twice in this election.") % {"name": name.strip()}
            )
        seen.add(key)


def _clean_candidate(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "full_name" in out:
        out["full_name"] = (out["full_name"] or "").strip()
    if "ethnicity" in out:
        out["ethnicity"] = (out["ethnicity"] or "").strip()
    if "gender" in out:
        out["gender"] = out["gender"] or ""
    for flag in ("incumbent", "elected"):
        if flag in out:
            out[flag] = bool(out[flag])
    return out


def _unit_id(election: Election) -> int:
    return election.congress.unit_id


# -- elections ------------------------------------------------------------------------------


@transaction.atomic
def do_create_election(
    actor: Any, congress: Congress, body: str, seats: int, elected_by: str
) -> Election:
    """Add an election for one body to the congress (one per body)."""
    check_election(congress, body, seats, elected_by)
    election = Election.objects.create(
        congress=congress, body=body, seats=seats, elected_by=elected_by
    )
    record_change(
        actor,
        "create_election",
        election,
        diff({}, snapshot(election, ("congress", *ELECTION_FIELDS))),
        unit_id=congress.unit_id,
    )
    results_changed(Election, [congress.pk])
    return election


@transaction.atomic
def do_update_election(actor: Any, election: Election, **fields: Any) -> Election:
    """Change body, seats or elected_by; seats never drop below those already elected."""
    unknown = set(fields) - set(ELECTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown election fields: {sorted(unknown)}")
    election = Election.objects.select_for_update().select_related("congress").get(pk=election.pk)
    before = snapshot(election, ELECTION_FIELDS)
    values = {**before, **fields}
    check_election(
        election.congress, values["body"], values["seats"], values["elected_by"], election
    )
    for name, value in fields.items():
        setattr(election, name, value)
    changes = diff(before, snapshot(election, ELECTION_FIELDS))
    if changes:
        election.save(update_fields=list(changes))
        record_change(actor, "update_election", election, changes, unit_id=_unit_id(election))
        results_changed(Election, [election.congress_id])
    return election


@transaction.atomic
def do_delete_election(actor: Any, election: Election) -> None:
    """Delete the election and its candidates; the log keeps what was removed."""
    election = Election.objects.select_related("congress").get(pk=election.pk)
    before = snapshot(election, ("congress", *ELECTION_FIELDS))
    before["candidates"] = [snapshot(c, CANDIDATE_FIELDS) for c in election.candidates.all()]
    unit_id = _unit_id(election)
    record_change(
        actor,
        "delete_election",
        election,
        {k: [v, None] for k, v in before.items()},
        unit_id=unit_id,
    )
    congress_id = election.congress_id
    election.delete()
    results_changed(Election, [congress_id])


# -- candidates -----------------------------------------------------------------------------


@dataclass
class CandidateRow:
    """One row of the results form: an existing candidate (pk) or a new one (pk None)."""

    pk: int | None
    values: dict[str, Any] = field(default_factory=dict)
    delete: bool = False


@transaction.atomic
def do_save_candidates(actor: Any, election: Election, rows: Iterable[CandidateRow]) -> int:
    """Apply additions, edits and removals to the election's list in one go.

    The final list is validated as a whole (names unique, elected within seats, votes within
    attendance) before anything is written; returns the number of rows changed.
    """
    election = Election.objects.select_for_update().select_related("congress").get(pk=election.pk)
    attended = election.congress.attended
    current = {c.pk: c for c in election.candidates.all()}
    rows = list(rows)
    final: dict[int, dict[str, Any]] = {}
    news: list[dict[str, Any]] = []
    deletes: list[Candidate] = []
    row_errors: list[str] = []
    for row in rows:
        if row.pk is not None and row.pk not in current:
            raise ValidationError(_("A candidate in the form does not belong to this election."))
        values = _clean_candidate(row.values)
        unknown = set(values) - set(CANDIDATE_FIELDS)
        if unknown:
            raise TypeError(f"Unknown candidate fields: {sorted(unknown)}")
        if row.pk is not None and row.delete:
            deletes.append(current[row.pk])
            continue
        stored = snapshot(current[row.pk], CANDIDATE_FIELDS) if row.pk is not None else {}
        merged = {**stored, **values}
        problems = check_candidate_values(merged, attended)
        row_errors += [f"{merged.get('full_name') or '?'}: {m}" for m in problems.values()]
        if row.pk is None:
            news.append(merged)
        else:
            final[row.pk] = merged
    if row_errors:
        raise ValidationError(row_errors)
    deleted_pks = {c.pk for c in deletes}
    for pk, cand in current.items():
        if pk not in final and pk not in deleted_pks:
            final[pk] = snapshot(cand, CANDIDATE_FIELDS)
    everyone = [*final.values(), *news]
    check_unique_names(v["full_name"] for v in everyone)
    check_elected_count(election.seats, sum(1 for v in everyone if v.get("elected")))

    unit_id = _unit_id(election)
    changed = 0
    for cand in deletes:
        gone = snapshot(cand, CANDIDATE_FIELDS)
        record_change(
            actor,
            "remove_candidate",
            cand,
            {k: [v, None] for k, v in gone.items()},
            unit_id=unit_id,
        )
        cand.delete()
        changed += 1
    for pk, values in final.items():
        cand = current[pk]
        before = snapshot(cand, CANDIDATE_FIELDS)
        changes = diff(before, values)
        if changes:
            for name, value in values.items():
                setattr(cand, name, value)
            cand.save(update_fields=list(changes))
            record_change(actor, "update_candidate", cand, changes, unit_id=unit_id)
            changed += 1
    for values in news:
        cand = Candidate.objects.create(election=election, **values)
        record_change(
            actor,
            "add_candidate",
            cand,
            diff({}, snapshot(cand, ("election", *CANDIDATE_FIELDS))),
            unit_id=unit_id,
        )
        changed += 1
    if changed:
        results_changed(Candidate, [election.congress_id])
    return changed


def do_add_candidate(
    actor: Any,
    election: Election,
    full_name: str,
    incumbent: bool,
    gender: str,
    birth_year: int | None,
    ethnicity: str,
    votes: int | None = None,
    elected: bool = False,
) -> Candidate:
    """Add a name to the election's list, with its result if known."""
    values = {
        "full_name": full_name,
        "incumbent": incumbent,
        "gender": gender,
        "birth_year": birth_year,
        "ethnicity": ethnicity,
        "votes": votes,
        "elected": elected,
    }
    with transaction.atomic():
        _raise_field_errors(values, election)
        do_save_candidates(actor, election, [CandidateRow(None, values)])
        return Candidate.objects.get(election=election, full_name=full_name.strip())


def do_update_candidate(actor: Any, candidate: Candidate, **fields: Any) -> Candidate:
    """Change some of a candidate's values or result."""
    with transaction.atomic():
        merged = {**snapshot(candidate, CANDIDATE_FIELDS), **fields}
        _raise_field_errors(merged, candidate.election)
        do_save_candidates(actor, candidate.election, [CandidateRow(candidate.pk, fields)])
        return Candidate.objects.get(pk=candidate.pk)


def do_remove_candidate(actor: Any, candidate: Candidate) -> None:
    """Remove a name from the election's list."""
    do_save_candidates(actor, candidate.election, [CandidateRow(candidate.pk, delete=True)])


def do_record_results(
    actor: Any, election: Election, results: Mapping[int, tuple[int | None, bool]]
) -> int:
    """Record votes and elected flags of existing candidates: {candidate_id: (votes, elected)}."""
    rows = [
        CandidateRow(pk, {"votes": votes, "elected": elected})
        for pk, (votes, elected) in results.items()
    ]
    return do_save_candidates(actor, election, rows)


def _raise_field_errors(values: Mapping[str, Any], election: Election) -> None:
    problems = check_candidate_values(_clean_candidate(dict(values)), election.congress.attended)
    if problems:
        raise ValidationError(problems)
