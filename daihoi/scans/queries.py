"""Reads of scanned ballots and the gates to them.

Pages and progress are for viewers of the count's unit; the images and the review are for
editors (the counting board) only: a ballot image can carry a voter's identifying mark
(ballot-reading.md §6), so it is shown to those who count, never to every viewer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from daihoi.accounts.models import Role
from daihoi.accounts.queries import access_unit
from daihoi.elections.counting.queries import access_count_by_id, reconcile
from daihoi.elections.models import Count
from daihoi.scans.models import IN_STREAM, UNRESOLVED, ScanBatch, ScannedBallot, ScanStatus

# The system user whose ballot entries are the scanned stream (one per database, inactive).
SCANNER_USERNAME = "scanner"

STATUS_ORDER = (
    ScanStatus.PENDING,
    ScanStatus.READING,
    ScanStatus.OK,
    ScanStatus.REVIEW,
    ScanStatus.UNREADABLE,
    ScanStatus.DECIDED,
    ScanStatus.DISCARDED,
)


def access_count_scans(user: Any, count_id: int, role: str = Role.VIEWER) -> Count:
    return access_count_by_id(user, count_id, role)


def access_batch_by_id(user: Any, batch_id: int, role: str = Role.VIEWER) -> ScanBatch:
    """The batch if the user holds `role` over its count's unit: 404 if unknown, else 403."""
    batch = (
        ScanBatch.objects.select_related(
            "count",
            "count__election",
            "count__election__congress",
            "count__election__congress__unit",
            "count__election__congress__campaign",
        )
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise Http404(_("No such scan batch."))
    access_unit(user, batch.count.election.congress.unit, role)
    return batch


def access_scanned_ballot_by_id(
    user: Any, ballot_id: int, role: str = Role.EDITOR
) -> ScannedBallot:
    """A scanned ballot (and so its image) for the counting board: editors of the unit."""
    ballot = (
        ScannedBallot.objects.select_related(
            "batch",
            "count",
            "count__election",
            "count__election__congress",
            "count__election__congress__unit",
            "count__election__congress__campaign",
        )
        .filter(pk=ballot_id)
        .first()
    )
    if ballot is None:
        raise Http404(_("No such scanned ballot."))
    access_unit(user, ballot.count.election.congress.unit, role)
    return ballot


def scanner_user_id() -> int | None:
    user = get_user_model().objects.filter(username=SCANNER_USERNAME).only("pk").first()
    return user.pk if user else None


def current_ballots(count: Count) -> Any:
    """The scanned ballots of a count, a rescanned page replaced by its rescan."""
    return ScannedBallot.objects.filter(count=count).exclude(status=ScanStatus.RESCANNED)


def next_number(count: Count) -> int:
    """The ballot number the next scanned page gets: after every page scanned so far."""
    top = ScannedBallot.objects.filter(count=count).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


@dataclass
class Progress:
    total: int
    by_status: dict[str, int]

    def get(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def pending(self) -> int:
        return self.get(ScanStatus.PENDING) + self.get(ScanStatus.READING)

    @property
    def review(self) -> int:
        return self.get(ScanStatus.REVIEW)

    @property
    def unreadable(self) -> int:
        return self.get(ScanStatus.UNREADABLE)

    @property
    def done(self) -> int:
        return self.total - self.pending

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def unresolved(self) -> int:
        return sum(self.get(s) for s in UNRESOLVED)

    @property
    def in_stream(self) -> int:
        return sum(self.get(s) for s in IN_STREAM)

    def rows(self) -> list[tuple[str, str, int]]:
        labels = dict(ScanStatus.choices)
        return [(s, str(labels[s]), self.get(s)) for s in STATUS_ORDER if self.get(s)]


def _progress(ballots: Any) -> Progress:
    counts = Counter(dict(_status_counts(ballots)))
    return Progress(total=sum(counts.values()), by_status=dict(counts))


def _status_counts(ballots: Any) -> list[tuple[str, int]]:
    from django.db.models import Count as Total

    return [
        (row["status"], row["n"])
        for row in ballots.values("status").annotate(n=Total("id")).order_by()
    ]


def batch_progress(batch: ScanBatch) -> Progress:
    return _progress(batch.ballots.exclude(status=ScanStatus.RESCANNED))


def count_progress(count: Count) -> Progress:
    return _progress(current_ballots(count))


def list_batches(count: Count) -> list[ScanBatch]:
    return list(ScanBatch.objects.filter(count=count).select_related("uploaded_by"))


def review_queue(count: Count) -> list[ScannedBallot]:
    """The doubtful ballots, the lowest confidence first (then by number)."""
    return list(
        current_ballots(count)
        .filter(status=ScanStatus.REVIEW)
        .order_by("confidence", "number")
        .defer("reading")
    )


def unreadable_ballots(count: Count) -> list[ScannedBallot]:
    return list(current_ballots(count).filter(status=ScanStatus.UNREADABLE).order_by("number"))


def decided_ballots(count: Count) -> list[ScannedBallot]:
    return list(
        current_ballots(count)
        .filter(status__in=(ScanStatus.DECIDED, ScanStatus.DISCARDED))
        .select_related("decided_by")
        .order_by("number")
    )


def ballot_by_number(count: Count, number: int) -> ScannedBallot | None:
    return current_ballots(count).filter(number=number).first()


def typed_disagreements(count: Count) -> list[int]:
    """Ballot numbers where the scanned stream and a typed stream differ (or one lacks it),
    among the ballots scanned and in the stream: the board looks at the image and decides."""
    scanner = scanner_user_id()
    if scanner is None:
        return []
    rec = reconcile(count)
    if len(rec.clerks) < 2 or scanner not in {c for c, _, _ in rec.clerks}:
        return []
    scanned = set(
        current_ballots(count).filter(status__in=IN_STREAM).values_list("number", flat=True)
    )
    return [d.number for d in rec.disagreements if d.number in scanned]


def unresolved_message(count: Count) -> str:
    """Why the count cannot be computed yet because of its scans ("" when nothing stops it).

    A count takes its scanned ballots only when every page has been read and every doubtful
    or unreadable one decided by the board; a count from scans alone needs scanned ballots.
    """
    progress = count_progress(count)
    if progress.unresolved:
        return ngettext(
            "%(n)s scanned ballot is not yet read or decided by the board.",
            "%(n)s scanned ballots are not yet read or decided by the board.",
            progress.unresolved,
        ) % {"n": progress.unresolved}
    if getattr(count, "scanned_alone", False) and not progress.in_stream:
        return _("No ballot has been scanned yet.")
    return ""
