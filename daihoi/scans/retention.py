"""Retention of ballot images: six months after the upload, then removed from frozen counts.

The writer of `image_purged_at` (atomic, audited; files removed once the rows commit). The
hashes, readings and decisions stay for good. See docs/scanning.md, "Retention".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from daihoi.accounts.audit import record_change
from daihoi.elections.counting.guards import unit_id_of
from daihoi.elections.models import CountState
from daihoi.scans import files
from daihoi.scans.models import ScannedBallot


@dataclass
class PurgeReport:
    ballots: int = 0
    files_removed: int = 0


@transaction.atomic
def do_purge_images(actor: Any, today: datetime.date, dry_run: bool = False) -> PurgeReport:
    """Remove the image files kept past their retention date, of frozen counts only; the
    hashes and readings stay (the audit can still check a copy of an image against them)."""
    due = ScannedBallot.objects.filter(
        image_purged_at__isnull=True,
        batch__retain_until__lt=today,
        count__state=CountState.FROZEN,
    ).select_related("count__election__congress")
    report = PurgeReport()
    by_file: dict[tuple[str, str], list[ScannedBallot]] = {}
    for ballot in due:
        by_file.setdefault((ballot.sha256, ballot.kind), []).append(ballot)
    now = timezone.now()
    doomed: list[tuple[str, str]] = []
    for (sha256, kind), ballots in by_file.items():
        ids = [b.pk for b in ballots]
        still_needed = (
            ScannedBallot.objects.filter(sha256=sha256, image_purged_at__isnull=True)
            .exclude(pk__in=ids)
            .exists()
        )
        report.ballots += len(ballots)
        if dry_run:
            continue
        ScannedBallot.objects.filter(pk__in=ids).update(image_purged_at=now)
        if not still_needed:
            doomed.append((sha256, kind))
        for ballot in ballots:
            record_change(
                actor,
                "purge_scan_image",
                ballot,
                {"number": [None, ballot.number], "sha256": [None, sha256]},
                unit_id=unit_id_of(ballot.count.election),
            )
    # Files go only once the rows saying so are committed (a rollback keeps them).
    report.files_removed = len(doomed)
    transaction.on_commit(lambda: [files.remove(sha, kind) for sha, kind in doomed])
    return report
