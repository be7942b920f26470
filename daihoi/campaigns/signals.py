"""Signals sent by the writers of congresses, elections and candidates.

`congress_results_changed(sender, congress_ids)` is sent synchronously, inside the writer's
transaction, after rows that can change a congress's figures were written (its held date, its
elections, their candidates). Apps above campaigns and elections (stats) connect to it; the
writers never import them.
"""

from collections.abc import Iterable

from django.dispatch import Signal

congress_results_changed = Signal()


def results_changed(sender: object, congress_ids: Iterable[int]) -> None:
    """Send `congress_results_changed` for these congresses (nothing if there are none)."""
    ids = sorted({int(i) for i in congress_ids if i is not None})
    if ids:
        congress_results_changed.send(sender=sender, congress_ids=ids)
