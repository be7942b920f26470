"""The only writers of scan batches and scanned ballots: checked, atomic, audited.

A page goes pending → reading → ok | review | unreadable (the machine), then review and
unreadable → decided (the board's reading) or discarded (not a ballot of this count), or
rescanned (replaced by a new image of the same ballot). Ok and decided ballots are in the
scanned stream: the ballot entries of the system user "scanner", written through the elections
writer (`do_save_entry`) like a clerk's, so reconciliation and freezing treat them as a stream.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.accounts.audit import record_change
from daihoi.elections.counting.entry import Reading
from daihoi.elections.counting.entry_actions import do_delete_entry, do_save_entry
from daihoi.elections.counting.guards import lock_open_count, unit_id_of, user_or_none
from daihoi.elections.models import Count, CountMode, CountState
from daihoi.scans import files
from daihoi.scans.models import (
    RETENTION_MONTHS,
    ScanBatch,
    ScannedBallot,
    ScanSource,
    ScanStatus,
    add_months,
)
from daihoi.scans.queries import SCANNER_USERNAME, next_number
from daihoi.scans.reading import MachineResult

# A file to take: its name and how to read its bytes (read twice: checked, then stored, so a
# large batch is never held in memory at once).
Source = tuple[str, Callable[[], bytes]]


def scanner_user() -> Any:
    """The inactive system user whose entries are the scanned stream (created once)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SCANNER_USERNAME,
        defaults={"is_active": False, "first_name": "Máy đọc phiếu"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif user.is_active or user.has_usable_password():
        # A person's account with this name must never carry the machine's readings.
        raise ValidationError(
            _("The user name “%(name)s” is reserved for the ballot scanner: rename that account.")
            % {"name": SCANNER_USERNAME}
        )
    return user


def _natural_key(name: str) -> list[Any]:
    """scan2 before scan10: the order a scanner numbers its files."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def _check_count(count: Count) -> Count:
    count = lock_open_count(count)
    if count.mode != CountMode.BALLOTS:
        raise ValidationError(_("This count takes the board's totals, not ballots."))
    return count


@dataclass(frozen=True)
class _Planned:
    name: str
    read: Callable[[], bytes]
    checked: files.CheckedFile


@transaction.atomic
def do_upload_batch(
    actor: Any,
    count: Count,
    sources: Sequence[Source],
    source: str = ScanSource.UPLOAD,
    folder: str = "",
    read: bool = True,
) -> ScanBatch:
    """Take a batch of ballot images, all or nothing: every bad file is named and nothing is
    stored. Pages are numbered after the ones already scanned, files in name order (scan2
    before scan10), pages in file order; their reading starts once the transaction commits
    (unless `read` is False: the caller reads them, page by page)."""
    count = _check_count(count)
    scanner_user()  # refused here, before anything is stored, if a person holds its name
    if not sources:
        raise ValidationError(_("Choose the ballot images to upload."))
    planned: list[_Planned] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    known = dict(ScannedBallot.objects.filter(count=count).values_list("received_sha256", "number"))
    for name, opener in sorted(sources, key=lambda s: _natural_key(s[0])):
        try:
            checked = files.check_file(name, opener())
        except files.BadScanFile as exc:
            errors.append(str(exc))
            continue
        if checked.received_sha256 in known:
            errors.append(
                _("“%(name)s” was uploaded already (ballot %(number)s).")
                % {"name": name, "number": known[checked.received_sha256]}
            )
        elif checked.received_sha256 in seen:
            errors.append(
                _("“%(name)s” is the same file as “%(other)s”.")
                % {"name": name, "other": seen[checked.received_sha256]}
            )
        seen[checked.received_sha256] = name
        planned.append(_Planned(name, opener, _without_data(checked)))
    if errors:
        raise ValidationError(errors)
    first = next_number(count)
    pages = sum(p.checked.pages for p in planned)
    issued = count.issued or 0
    if first + pages - 1 > issued:
        raise ValidationError(
            _(
                "These files hold %(pages)s ballots; with the %(before)s scanned before, that is "
                "more than the %(issued)s ballots issued."
            )
            % {"pages": pages, "before": first - 1, "issued": issued}
        )
    today = timezone.localdate()
    batch = ScanBatch.objects.create(
        count=count,
        source=source,
        folder=folder,
        files=len(planned),
        pages=pages,
        first_number=first,
        uploaded_by=user_or_none(actor),
        retain_until=add_months(today, RETENTION_MONTHS),
    )
    ballots = []
    number = first
    for item in planned:
        checked = files.check_file(item.name, item.read())  # again: the bytes stored are hashed
        files.store(checked)
        for page in range(1, checked.pages + 1):
            ballots.append(_new_ballot(batch, count, number, checked, page))
            number += 1
    ScannedBallot.objects.bulk_create(ballots)
    record_change(
        actor,
        "upload_scans",
        batch,
        {
            "source": [None, source],
            "numbers": [None, [first, batch.last_number]],
            "files": [None, [[p.name, p.checked.sha256, p.checked.pages] for p in planned]],
        },
        unit_id=unit_id_of(count.election),
    )
    if read:
        _read_after_commit([b.number for b in ballots], count)
    return batch


def _without_data(checked: files.CheckedFile) -> files.CheckedFile:
    return files.CheckedFile(
        checked.name, checked.kind, checked.pages, b"", checked.sha256, checked.received_sha256
    )


def _new_ballot(
    batch: ScanBatch, count: Count, number: int, checked: files.CheckedFile, page: int
) -> ScannedBallot:
    return ScannedBallot(
        batch=batch,
        count=count,
        number=number,
        original_name=checked.name[:255],
        page=page,
        kind=checked.kind,
        sha256=checked.sha256,
        received_sha256=checked.received_sha256,
    )


def _read_after_commit(numbers: list[int], count: Count) -> None:
    """Hand the pages to the background readers once they are committed (inline: now)."""
    from daihoi.scans import worker

    count_id = count.pk
    if worker.inline():
        worker.schedule_numbers(count_id, numbers)
    else:
        transaction.on_commit(lambda: worker.schedule_numbers(count_id, numbers))


# -- the machine ----------------------------------------------------------------------------


def claim(ballot_id: int) -> bool:
    """Mark a pending page as being read, since now; False if another reader has it (or it is
    done). One conditional UPDATE, so of two readers only one gets the page."""
    return bool(
        ScannedBallot.objects.filter(pk=ballot_id, status=ScanStatus.PENDING).update(
            status=ScanStatus.READING, reading_since=timezone.now()
        )
    )


@transaction.atomic
def do_record_reading(ballot_id: int, result: MachineResult) -> ScannedBallot | None:
    """Store the machine's reading of a claimed page; an ok reading enters the scanned stream.
    None when the page is no longer being read (rescanned, decided or its count frozen)."""
    ballot = (
        ScannedBallot.objects.select_for_update()
        .select_related("count", "count__election", "count__election__congress")
        .filter(pk=ballot_id, status=ScanStatus.READING)
        .first()
    )
    if ballot is None or ballot.count.state != CountState.OPEN:
        return None
    ballot.status = result.status
    ballot.reason = result.reason[:200]
    ballot.confidence = result.confidence
    ballot.reading = result.data
    ballot.reading_since = None
    try:
        if result.status == ScanStatus.OK and result.reading is not None:
            do_save_entry(scanner_user(), ballot.count, ballot.number, result.reading)
    except ValidationError as exc:
        # The reading does not fit the count (the reader should never give one): the board sees it.
        ballot.status = ScanStatus.REVIEW
        ballot.reason = "bad_reading"
        ballot.reading = {**result.data, "detail": "; ".join(exc.messages)}
    ballot.save(update_fields=["status", "reason", "confidence", "reading", "reading_since"])
    record_change(
        scanner_user(),
        "read_scan",
        ballot,
        {
            "number": [None, ballot.number],
            "sha256": [None, ballot.sha256],
            "status": [ScanStatus.READING, ballot.status],
            "reason": [None, ballot.reason],
        },
        unit_id=unit_id_of(ballot.count.election),
    )
    return ballot


def release_stale_readings(count_id: int | None = None, stale_after: float | None = None) -> int:
    """Pages whose reader stopped (killed, or the server restarted) go back to pending: those
    being read for more than `stale_after` seconds (default DAIHOI_SCAN_STALE_SECONDS; reading
    a page takes a second or so) or claimed before the claim time was recorded. A page a live
    reader holds is left alone, and one conditional UPDATE releases each page only once."""
    if stale_after is None:
        stale_after = getattr(settings, "DAIHOI_SCAN_STALE_SECONDS", 300)
    since = timezone.now() - datetime.timedelta(seconds=stale_after)
    rows = ScannedBallot.objects.filter(status=ScanStatus.READING).filter(
        Q(reading_since__isnull=True) | Q(reading_since__lte=since)
    )
    if count_id is not None:
        rows = rows.filter(count_id=count_id)
    return rows.update(status=ScanStatus.PENDING, reading_since=None)


# -- the board ------------------------------------------------------------------------------


def _locked_ballot(ballot: ScannedBallot) -> ScannedBallot:
    return ScannedBallot.objects.select_for_update().select_related("count").get(pk=ballot.pk)


DECIDABLE = (ScanStatus.REVIEW, ScanStatus.UNREADABLE, ScanStatus.OK, ScanStatus.DECIDED)


@transaction.atomic
def do_decide_scan(actor: Any, ballot: ScannedBallot, reading: Reading) -> ScannedBallot:
    """The board's reading of a scanned ballot (a doubtful one, an unreadable one entered by
    hand, or any other it looked at again): it replaces the machine's in the scanned stream."""
    count = _check_count(ballot.count)
    ballot = _locked_ballot(ballot)
    if ballot.status not in DECIDABLE:
        raise ValidationError(_("This scanned ballot cannot be decided now."))
    entry = do_save_entry(scanner_user(), count, ballot.number, reading)
    before = {"status": ballot.status, "decided": ballot.decided}
    ballot.status = ScanStatus.DECIDED
    ballot.decided = {"struck": entry.struck, "marks": entry.marks, "defects": entry.defects}
    ballot.decided_by = user_or_none(actor)
    ballot.decided_at = timezone.now()
    ballot.save(update_fields=["status", "decided", "decided_by", "decided_at"])
    record_change(
        actor,
        "decide_scan",
        ballot,
        {
            "number": [None, ballot.number],
            "status": [before["status"], ballot.status],
            "decided": [before["decided"], ballot.decided],
            "machine": [None, (ballot.reading or {}).get("guess")],
        },
        unit_id=unit_id_of(count.election),
    )
    return ballot


@transaction.atomic
def do_discard_scan(actor: Any, ballot: ScannedBallot, reason: str) -> ScannedBallot:
    """A page that is not a ballot of this count (another election's, a blank sheet): out of
    the scanned stream, with the board's reason; the image and hash stay."""
    count = _check_count(ballot.count)
    ballot = _locked_ballot(ballot)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this page is not a ballot of this count.")})
    if ballot.status in (ScanStatus.RESCANNED, ScanStatus.DISCARDED):
        raise ValidationError(_("This scanned ballot cannot be decided now."))
    do_delete_entry(scanner_user(), count, ballot.number)
    before = ballot.status
    ballot.status = ScanStatus.DISCARDED
    ballot.reason = reason.strip()[:200]
    ballot.decided_by = user_or_none(actor)
    ballot.decided_at = timezone.now()
    ballot.reading_since = None  # set aside while being read: its reader's answer is dropped
    ballot.save(update_fields=["status", "reason", "decided_by", "decided_at", "reading_since"])
    record_change(
        actor,
        "discard_scan",
        ballot,
        {
            "number": [None, ballot.number],
            "status": [before, ballot.status],
            "reason": [None, ballot.reason],
        },
        unit_id=unit_id_of(count.election),
    )
    return ballot


@transaction.atomic
def do_rescan(actor: Any, ballot: ScannedBallot, name: str, data: bytes) -> ScannedBallot:
    """A new image of the same ballot (one page), read like any other; the old page stays,
    marked rescanned, with its image and hash."""
    count = _check_count(ballot.count)
    ballot = _locked_ballot(ballot)
    if ballot.status in (ScanStatus.RESCANNED, ScanStatus.PENDING, ScanStatus.READING):
        raise ValidationError(_("This scanned ballot cannot be rescanned now."))
    try:
        checked = files.check_file(name, data)
    except files.BadScanFile as exc:
        raise ValidationError(str(exc)) from exc
    if checked.pages != 1:
        raise ValidationError(_("A rescan is one page: the image of this one ballot."))
    if ScannedBallot.objects.filter(count=count, received_sha256=checked.received_sha256).exists():
        raise ValidationError(_("“%(name)s” was uploaded already.") % {"name": name})
    do_delete_entry(scanner_user(), count, ballot.number)
    ballot.status = ScanStatus.RESCANNED
    ballot.save(update_fields=["status"])
    files.store(checked)
    batch = ScanBatch.objects.create(
        count=count,
        source=ScanSource.UPLOAD,
        files=1,
        pages=1,
        first_number=ballot.number,
        uploaded_by=user_or_none(actor),
        retain_until=add_months(timezone.localdate(), RETENTION_MONTHS),
    )
    new = _new_ballot(batch, count, ballot.number, checked, 1)
    new.save()
    record_change(
        actor,
        "rescan",
        new,
        {
            "number": [None, ballot.number],
            "sha256": [ballot.sha256, new.sha256],
            "replaces": [None, ballot.pk],
        },
        unit_id=unit_id_of(count.election),
    )
    _read_after_commit([new.number], count)
    return new
