"""The scans app's answers to the counting app's signals (connected in ScansConfig.ready)."""

from typing import Any

from daihoi.elections.models import Count
from daihoi.scans.queries import unresolved_message


def scans_holding_back(sender: Any, count: Count, **kwargs: Any) -> str:
    """Why the count waits for its scans: pages unread or undecided ("" when none)."""
    return unresolved_message(count)
