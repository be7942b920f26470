"""What every counting writer starts with: the row lock, the frozen-count refusal, the actor.

State of a count: open → frozen (`freeze_actions.do_freeze`), nothing else. A frozen count is
never changed (refused here by `lock_open_count`, and again in the models' save()); a recount
or a further round is a new count (`freeze_actions`). The writers are split by stage of the
board's work: `setup_actions`, `entry_actions`, `freeze_actions`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from daihoi.elections.models import Count, CountState, Election


def unit_id_of(election: Election) -> int:
    """The unit an audit entry of this election is filed under."""
    return election.congress.unit_id


def refuse(message: str) -> None:
    raise ValidationError(message)


def user_or_none(actor: Any) -> Any:
    """The actor to store on a row: scripts and anonymous actors leave it empty."""
    return actor if getattr(actor, "is_authenticated", False) else None


def lock_count(count: Count) -> Count:
    """The count re-read under a row lock, so two writers never act on a stale state."""
    return (
        Count.objects.select_for_update()
        .select_related("election", "election__congress")
        .get(pk=count.pk)
    )


def lock_open_count(count: Count) -> Count:
    """The locked count, refused if it is frozen: nothing in a frozen count changes."""
    count = lock_count(count)
    if count.state != CountState.OPEN:
        refuse(_("This count is frozen: nothing in it can change. Start a recount instead."))
    return count
