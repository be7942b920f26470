"""What other apps tell the counting app about a count, without the counting app knowing them.

`count_blockers`: sent (sender=Count, count=count) whenever a count's readiness is decided
(reconciliation, the engine input, freezing). A receiver returns a sentence saying why the count
cannot be computed yet, or "" — the scans app says so while scanned pages are unread or
undecided. Receivers must only read.
"""

from __future__ import annotations

from django.dispatch import Signal

from daihoi.elections.models import Count

count_blockers = Signal()


def blockers(count: Count) -> list[str]:
    """Every receiver's reason the count is not ready yet, in order; empty when none."""
    return [str(reply) for _, reply in count_blockers.send(sender=Count, count=count) if reply]
