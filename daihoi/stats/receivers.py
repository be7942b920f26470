"""What the stats app does when a writer changes a congress's results."""

from collections.abc import Iterable
from typing import Any

from daihoi.stats.summary import refresh_congress_summaries


def on_congress_results_changed(sender: Any, congress_ids: Iterable[int], **kwargs: Any) -> None:
    """Recompute the summaries in the writer's transaction (they commit or roll back with it)."""
    refresh_congress_summaries(congress_ids)
