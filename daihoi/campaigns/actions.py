"""The only writers of campaigns and congresses: validated, atomic, audited."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from daihoi.accounts.audit import diff, record_change, snapshot
from daihoi.campaigns.models import Campaign, Congress, CongressKind
from daihoi.campaigns.signals import results_changed
from daihoi.units.models import Unit

CAMPAIGN_FIELDS = ("code", "name", "previous")
CONGRESS_FIELDS = ("term", "kind", "planned_on", "held_on", "summoned", "attended", "pilot")
_AUDITED_CONGRESS_FIELDS = ("campaign", "unit", *CONGRESS_FIELDS)


def check_campaign(code: str, name: str, previous: Campaign | None) -> None:
    """Raise ValidationError unless a new campaign with these values may be created."""
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("Enter the campaign's code.")
    elif Campaign.objects.filter(code=code).exists():
        errors["code"] = _("A campaign with code “%(code)s” already exists.") % {"code": code}
    if not name:
        errors["name"] = _("Enter the campaign's name.")
    if previous is not None and previous.pk is None:
        errors["previous"] = _("The previous campaign must be saved first.")
    if errors:
        raise ValidationError(errors)


def check_congress_facts(congress: Congress) -> None:
    """Raise ValidationError (keyed by field) unless the congress's facts are consistent.

    Checks the in-memory values against what is stored about its elections: a congress whose
    candidates were elected keeps a held date, and no candidate has more votes than attendees.
    """
    errors: dict[str, str] = {}
    if congress.kind not in CongressKind.values:
        errors["kind"] = _("Choose members' or delegates' congress.")
    if len(congress.term or "") > 40:
        errors["term"] = _("The term label must be at most 40 characters long.")
    for name in ("summoned", "attended"):
        value = getattr(congress, name)
        if value is not None and value < 0:
            errors[name] = _("This number cannot be negative.")
    summoned, attended = congress.summoned, congress.attended
    if (
        "attended" not in errors
        and summoned is not None
        and attended is not None
        and attended > summoned
    ):
        errors["attended"] = _(
            "The number attending (%(attended)s) cannot be larger than the number summoned "
            "(%(summoned)s)."
        ) % {"attended": attended, "summoned": summoned}
    if congress.pk is not None:
        if (
            congress.held_on is None
            and congress.elections.filter(candidates__elected=True).exists()
        ):
            errors["held_on"] = _(
                "This congress has elected candidates, so its held date cannot be cleared."
            )
        if "attended" not in errors and attended is not None:
            most = congress.elections.aggregate(m=Max("candidates__votes"))["m"]
            if most is not None and most > attended:
                errors["attended"] = _(
                    "A candidate received %(votes)s votes, so the number attending cannot be "
                    "smaller than that."
                ) % {"votes": most}
    if errors:
        raise ValidationError(errors)


def _apply_fields(congress: Congress, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(CONGRESS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown congress fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "term" and value is None:
            value = ""
        if name == "pilot":
            value = bool(value)
        setattr(congress, name, value)


@transaction.atomic
def do_create_campaign(
    actor: Any, code: str, name: str, previous: Campaign | None = None
) -> Campaign:
    """Create a campaign, linked to the previous one if given."""
    code, name = (code or "").strip(), (name or "").strip()
    check_campaign(code, name, previous)
    campaign = Campaign.objects.create(code=code, name=name, previous=previous)
    record_change(actor, "create_campaign", campaign, diff({}, snapshot(campaign, CAMPAIGN_FIELDS)))
    return campaign


@transaction.atomic
def do_create_congress(actor: Any, campaign: Campaign, unit: Unit, **fields: Any) -> Congress:
    """Create the unit's congress for the campaign (at most one per campaign)."""
    if Congress.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(
            _("%(unit)s already has a congress in campaign %(campaign)s.")
            % {"unit": unit.name, "campaign": campaign.code}
        )
    congress = Congress(campaign=campaign, unit=unit)
    _apply_fields(congress, fields)
    check_congress_facts(congress)
    congress.save()
    record_change(
        actor,
        "create_congress",
        congress,
        diff({}, snapshot(congress, _AUDITED_CONGRESS_FIELDS)),
        unit_id=unit.pk,
    )
    results_changed(Congress, [congress.pk])
    return congress


@transaction.atomic
def do_update_congress(actor: Any, congress: Congress, **fields: Any) -> Congress:
    """Change some of the congress's facts (term, kind, planned_on, held_on, summoned,
    attended, pilot); audited with the before/after of the fields that changed."""
    fresh = Congress.objects.select_for_update().get(pk=congress.pk)
    before = snapshot(fresh, CONGRESS_FIELDS)
    _apply_fields(fresh, fields)
    check_congress_facts(fresh)
    changes = diff(before, snapshot(fresh, CONGRESS_FIELDS))
    if changes:
        fresh.save(update_fields=list(changes))
        record_change(actor, "update_congress", fresh, changes, unit_id=fresh.unit_id)
        # The held date decides the under-40 count (age in the year held).
        results_changed(Congress, [fresh.pk])
    # The caller's instance reflects what is stored now.
    for name in CONGRESS_FIELDS:
        setattr(congress, name, getattr(fresh, name))
    return congress


def do_mark_congress_held(
    actor: Any,
    congress: Congress,
    held_on: datetime.date,
    summoned: int | None,
    attended: int | None,
) -> Congress:
    """Record that the congress was held on `held_on` with its attendance."""
    if held_on is None:
        raise ValidationError({"held_on": _("Enter the date the congress was held.")})
    return do_update_congress(
        actor, congress, held_on=held_on, summoned=summoned, attended=attended
    )
