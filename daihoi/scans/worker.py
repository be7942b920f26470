"""Reading scanned pages in the background: a small thread pool inside the web process.

Simple enough for `daihoi serve` (no broker, no second process). The state is in the database,
not in the pool: a page is claimed (pending → reading, with the time) before it is read, and its
reading is stored with its status, so a restart loses nothing; pages still pending, and pages
whose reader died (being read for longer than DAIHOI_SCAN_STALE_SECONDS), are queued again when
their batch's progress is looked at (`resume`), by `daihoi manage read_pending_scans`, or by
`scan_folder`. With `DAIHOI_SCANS_INLINE` (tests, commands) pages are read at once in the
caller's thread.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from django.conf import settings
from django.db import close_old_connections, connection

from daihoi.scans import files
from daihoi.scans.models import ScannedBallot, ScanStatus

log = logging.getLogger(__name__)

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_queued: set[int] = set()  # ballot ids handed to the pool and not finished
_futures: set[Future[None]] = set()


def inline() -> bool:
    return bool(getattr(settings, "DAIHOI_SCANS_INLINE", False))


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            workers = int(
                getattr(settings, "DAIHOI_SCAN_WORKERS", 0) or max(1, (os.cpu_count() or 2) - 1)
            )
            _executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="scan-reader")
        return _executor


def schedule_numbers(count_id: int, numbers: Iterable[int]) -> None:
    ids = ScannedBallot.objects.filter(
        count_id=count_id, number__in=list(numbers), status=ScanStatus.PENDING
    ).values_list("pk", flat=True)
    schedule(list(ids))


def schedule(ids: list[int]) -> None:
    """Read these pages: now (inline) or in the pool, one task per stored file (a file is
    decoded once for all its pages)."""
    if not ids:
        return
    if inline():
        read_now(ids)
        return
    with _lock:
        fresh = [i for i in ids if i not in _queued]
        _queued.update(fresh)
    for group in _by_file(fresh):
        future = _pool().submit(_task, group)
        with _lock:
            _futures.add(future)
        future.add_done_callback(_finished(group))


def _finished(group: list[int]):  # type: ignore[no-untyped-def]
    def done(future: Future[None]) -> None:
        with _lock:
            _queued.difference_update(group)
            _futures.discard(future)

    return done


def resume(count_id: int) -> int:
    """Queue again the pending pages of a count that this process is not reading (left over
    from a restart), with those whose reader died mid-read; returns how many."""
    from daihoi.scans.actions import release_stale_readings

    release_stale_readings(count_id)
    ids = list(
        ScannedBallot.objects.filter(count_id=count_id, status=ScanStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
    with _lock:
        ids = [i for i in ids if i not in _queued]
    schedule(ids)
    return len(ids)


def drain(timeout: float | None = None) -> None:
    """Wait for the pages handed to the pool (commands and tests)."""
    with _lock:
        pending = set(_futures)
    wait(pending, timeout=timeout)


def _by_file(ids: list[int]) -> list[list[int]]:
    groups: dict[str, list[int]] = {}
    for pk, sha256 in ScannedBallot.objects.filter(pk__in=ids).values_list("pk", "sha256"):
        groups.setdefault(sha256, []).append(pk)
    return list(groups.values())


def _task(ids: list[int]) -> None:
    close_old_connections()
    try:
        read_now(ids)
    except Exception:  # a worker must never die silently: the pages stay pending
        log.exception("reading scanned ballots %s failed", ids)
    finally:
        connection.close()


def read_now(ids: list[int]) -> int:
    """Read these pages in this thread; returns how many were read."""
    from daihoi.scans.actions import claim, do_record_reading
    from daihoi.scans.reading import MachineResult, read_page, unreadable

    done = 0
    rows = (
        ScannedBallot.objects.filter(pk__in=ids, status=ScanStatus.PENDING)
        .select_related("count", "count__election")
        .order_by("sha256", "page")
    )
    by_file: dict[str, list[ScannedBallot]] = {}
    for row in rows:
        by_file.setdefault(row.sha256, []).append(row)
    for group in by_file.values():
        first = group[0]
        wanted = {b.page: b for b in group}
        try:
            data = files.load(first.sha256, first.kind)
        except OSError as exc:
            for ballot in group:
                if claim(ballot.pk):
                    do_record_reading(ballot.pk, unreadable("missing_image", str(exc)))
            continue
        result: MachineResult
        for page, image in _pages(data, first.original_name, wanted):
            ballot = wanted[page]
            if not claim(ballot.pk):
                continue
            if isinstance(image, Exception):
                result = unreadable("bad_file", str(image))
            else:
                try:
                    result = read_page(ballot.count, image)
                except Exception as exc:  # the reader's bug must not stop the batch
                    log.exception("the reader failed on scanned ballot %s", ballot.pk)
                    result = unreadable("reader_error", f"{type(exc).__name__}: {exc}"[:200])
            do_record_reading(ballot.pk, result)
            done += 1
    return done


def _pages(data: bytes, name: str, wanted: dict[int, ScannedBallot]):  # type: ignore[no-untyped-def]
    """(page number, image or the error) for each wanted page; an error decoding the file
    makes every page left unreadable."""
    from daihoi.scanning.images import ScanInputError, iter_pages

    left = set(wanted)
    try:
        for index, image in enumerate(iter_pages(data, name), 1):
            if index in left:
                left.discard(index)
                yield index, image
            if not left:
                return
    except (ScanInputError, ValueError) as exc:
        for index in sorted(left):
            yield index, exc
        return
    for index in sorted(left):
        yield index, ScanInputError(f"{name}: no page {index}")
