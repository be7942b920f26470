"""Which streams a count of every ballot needs: two typed streams (the default), or the scanned
stream alone (`Count.scanned_alone`, see docs/counting.md, "Counting from scanned ballots").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.accounts.audit import record_change
from daihoi.elections.counting.guards import lock_open_count, refuse, unit_id_of
from daihoi.elections.models import Count, CountMode


@transaction.atomic
def do_set_scanned_alone(actor: Any, count: Count, scanned_alone: bool) -> Count:
    """Count from the scanned ballots alone (the board decides every doubtful one), or from
    two or more agreeing streams; open counts of every ballot only."""
    count = lock_open_count(count)
    if count.mode != CountMode.BALLOTS:
        refuse(_("Only a count of every ballot can be counted from scanned ballots."))
    if not isinstance(scanned_alone, bool):
        raise ValidationError(_("Say yes or no."))
    if count.scanned_alone != scanned_alone:
        record_change(
            actor,
            "set_scanned_alone",
            count,
            {"scanned_alone": [count.scanned_alone, scanned_alone]},
            unit_id=unit_id_of(count.election),
        )
        count.scanned_alone = scanned_alone
        count.save(update_fields=["scanned_alone"])
    return count
