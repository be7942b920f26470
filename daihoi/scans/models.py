"""Batches of scanned ballots and each scanned page, with its image hash and the machine's and
the board's readings. The image itself lives in the content-addressed store (`files`).

No per-ballot time is stored (only the batch's and a decision's), so the records do not keep
more order than the ballot number, the ballots' place in the stack, which the typed streams use
too (ballot-reading.md §6). The one exception is transient: when a reader claimed a page, kept
only while the page is being read, so a page whose reader died can be taken again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The regulation keeps the ballots for six months after the congress; so are their images.
RETENTION_MONTHS = 6


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class ScanSource(models.TextChoices):
    UPLOAD = "upload", _("uploaded")
    FOLDER = "folder", _("scanner folder")


class ScanStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be read")
    READING = "reading", _("being read")
    OK = "ok", _("read")
    REVIEW = "review", _("to review")
    UNREADABLE = "unreadable", _("unreadable")
    DECIDED = "decided", _("decided by the board")
    RESCANNED = "rescanned", _("replaced by a rescan")
    DISCARDED = "discarded", _("not a ballot of this count")


# Why the machine did not decide a page alone: the reader's codes, and the app's own.
REASON_LABELS = {
    "doubtful_rows": _("a name the machine doubts"),
    "no_seal": _("the seal is not visible"),
    "ink_outside_rows": _("ink outside the list (writing?)"),
    "blank_page": _("a blank page"),
    "not_a_ballot": _("no ballot markers: not a ballot"),
    "markers_missing": _("corner markers missing (folded, cut or in shadow)"),
    "bad_geometry": _("the page cannot be fitted (too low a resolution, or bent)"),
    "no_qr": _("the QR code cannot be read"),
    "wrong_election": _("a ballot of another election"),
    "wrong_round": _("a ballot of another round"),
    "wrong_paper": _("a ballot of another paper size"),
    "no_layout": _("the list does not fit a machine-readable ballot"),
    "missing_image": _("the image file is missing"),
    "bad_file": _("the file cannot be decoded"),
    "reader_error": _("the reader failed on this page"),
    "bad_reading": _("the machine's reading does not fit this count"),
}

# The statuses whose reading is in the scanned stream.
IN_STREAM = (ScanStatus.OK, ScanStatus.DECIDED)
# The statuses that still need the machine or the board before the count can be computed.
UNRESOLVED = (ScanStatus.PENDING, ScanStatus.READING, ScanStatus.REVIEW, ScanStatus.UNREADABLE)


class ScanBatch(models.Model):
    """The files uploaded together (or found together in the scanner folder) for one count."""

    count = models.ForeignKey(
        "elections.Count", on_delete=models.CASCADE, related_name="scan_batches"
    )
    source = models.CharField(_("source"), max_length=10, choices=ScanSource.choices)
    folder = models.CharField(_("scanner folder"), max_length=500, blank=True)
    files = models.PositiveIntegerField(_("files"))
    pages = models.PositiveIntegerField(_("ballots"))
    first_number = models.PositiveIntegerField(_("first ballot number"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    retain_until = models.DateField(_("images kept until"))

    class Meta:
        verbose_name = _("scan batch")
        verbose_name_plural = _("scan batches")
        ordering = ["count", "id"]

    def __str__(self) -> str:
        return f"{self.count_id}/{self.pk}"

    @property
    def last_number(self) -> int:
        return self.first_number + self.pages - 1


class ScannedBallot(models.Model):
    """One page of a batch: a ballot image, its hash, the machine's reading and, for a doubtful
    or unreadable ballot, the board's."""

    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="ballots")
    count = models.ForeignKey(
        "elections.Count", on_delete=models.CASCADE, related_name="scanned_ballots"
    )
    number = models.PositiveIntegerField(_("ballot number"))
    original_name = models.CharField(_("file"), max_length=255)
    page = models.PositiveIntegerField(_("page"), default=1)  # 1-based, in the file
    kind = models.CharField(max_length=10)  # png, jpeg, tiff, pdf
    sha256 = models.CharField(_("image sha256"), max_length=64)
    received_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)  # lowest row's
    reading = models.JSONField(_("machine reading"), null=True, blank=True)
    decided = models.JSONField(_("board's reading"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Set when a reader claims the page, cleared when its reading is stored: a page being read
    # for longer than DAIHOI_SCAN_STALE_SECONDS lost its reader and is read again.
    reading_since = models.DateTimeField(null=True, blank=True, editable=False)
    image_purged_at = models.DateTimeField(_("image removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scanned ballot")
        verbose_name_plural = _("scanned ballots")
        ordering = ["count", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["count", "number"],
                condition=~models.Q(status="rescanned"),
                name="one_current_scan_per_ballot",
            ),
        ]
        indexes = [
            models.Index(fields=["count", "status"]),
            models.Index(fields=["count", "received_sha256"]),
            models.Index(fields=["sha256"]),
        ]

    def __str__(self) -> str:
        return f"{self.count_id}/{self.number}"

    def reason_labels(self) -> str:
        """The machine's reasons in words (a set-aside page: the board's own reason)."""
        if self.status == ScanStatus.DISCARDED:
            return self.reason
        codes = [c for c in self.reason.split(",") if c]
        return ", ".join(str(REASON_LABELS.get(c, c)) for c in codes)

    def machine_detail(self) -> str:
        return str((self.reading or {}).get("detail", ""))

    def machine_rows(self) -> list[dict[str, Any]]:
        return list((self.reading or {}).get("rows", []))
