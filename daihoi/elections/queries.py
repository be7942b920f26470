"""Reads of elections and candidates, and the gate to an election."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from daihoi.accounts.models import Role
from daihoi.accounts.queries import access_unit, can_access_unit
from daihoi.elections.models import Candidate, Election


def access_election_by_id(user: Any, election_id: int, role: str = Role.VIEWER) -> Election:
    """The election if the user holds `role` over its congress's unit: 404 if unknown,
    403 if outside the user's subtree."""
    election = (
        Election.objects.select_related(
            "congress", "congress__campaign", "congress__unit", "congress__unit__level"
        )
        .filter(pk=election_id)
        .first()
    )
    if election is None:
        raise Http404(_("No such election."))
    access_unit(user, election.congress.unit, role)
    return election


def can_edit_election(user: Any, count_or_election: Any) -> bool:
    """Whether the user may write to this election (or this count's election): an editor of its
    congress's unit. Pages use it to show or hide their forms; the writers check again."""
    election = getattr(count_or_election, "election", count_or_election)
    return can_access_unit(user, election.congress.unit, Role.EDITOR)


def list_candidates(election: Election) -> list[Candidate]:
    return list(election.candidates.order_by("id"))
