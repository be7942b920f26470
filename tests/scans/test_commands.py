"""The scanner folder, reading what was left pending, and the retention purge."""

import datetime
import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from daihoi.accounts.models import AuditEntry
from daihoi.elections.models import BallotEntry, Count
from daihoi.scans import files
from daihoi.scans.actions import do_upload_batch
from daihoi.scans.models import ScanBatch, ScannedBallot, add_months
from tests.elections.counting_builders import make_setup, open_count
from tests.scans.ballots import drawn_ballot, settle

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    setup = make_setup()
    setup["count"] = open_count(
        setup["election"], setup["admin"], issued=6, deductions={"absent_with_reason": 7}
    )
    return setup


def settled(path: Path, data: bytes) -> None:
    """A file the scanner finished writing a while ago."""
    path.write_bytes(data)
    old = time.time() - 60
    os.utime(path, (old, old))


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_scan_folder_takes_new_files_once_in_name_order(s, tmp_path):
    count = s["count"]
    folder = tmp_path / "scanner"
    folder.mkdir()
    settled(folder / "scan10.png", drawn_ballot(count, struck=(1,)))
    settled(folder / "scan9.png", drawn_ballot(count, struck=(2,)))
    settled(folder / "readme.txt", b"not a ballot")
    (folder / "scan11.png").write_bytes(drawn_ballot(count, struck=(3,)))  # still being written

    out, err = run("scan_folder", str(folder), "--count", str(count.pk), "--user", "root")
    again, _ = run("scan_folder", str(folder), "--count", str(count.pk))

    batch = ScanBatch.objects.get()
    assert batch.source == "folder" and batch.folder == str(folder)
    assert batch.uploaded_by == s["admin"]
    rows = list(ScannedBallot.objects.order_by("number").values_list("original_name", "status"))
    assert [name for name, _ in rows] == ["scan9.png", "scan10.png"]
    assert {status for _, status in rows} <= {"ok", "review"}
    assert "readme.txt" in err and "ballots 1–2:" in out
    assert again == ""  # nothing new: idempotent

    settled(folder / "scan11.png", (folder / "scan11.png").read_bytes())
    run("scan_folder", str(folder), "--count", str(count.pk))
    assert ScanBatch.objects.count() == 2
    assert ScannedBallot.objects.get(number=3).original_name == "scan11.png"
    settle(count, s["admin"], {1: (2,), 2: (1,), 3: (3,)})
    stream = BallotEntry.objects.filter(clerk__username="scanner").order_by("number")
    assert [e.struck for e in stream] == [[2], [1], [3]]


def test_scan_folder_refuses_an_unknown_count_or_folder(s, tmp_path):
    with pytest.raises(CommandError, match="no count"):
        run("scan_folder", str(tmp_path), "--count", "999")
    with pytest.raises(CommandError, match="not a folder"):
        run("scan_folder", str(tmp_path / "missing"), "--count", str(s["count"].pk))


def test_read_pending_scans_reads_what_a_stopped_server_left(s, settings):
    count = s["count"]
    settings.DAIHOI_SCANS_INLINE = False
    named = [(f"{n}.png", drawn_ballot(count, struck=(n,))) for n in (1, 2)]
    do_upload_batch(s["admin"], count, [(n, lambda d=d: d) for n, d in named])
    ScannedBallot.objects.filter(number=2).update(status="reading")  # cut off mid-read
    assert set(ScannedBallot.objects.values_list("status", flat=True)) == {"pending", "reading"}

    out, _ = run("read_pending_scans", "--count", str(count.pk))

    assert "2 pages read (1 left half-read before)" in out
    assert set(ScannedBallot.objects.values_list("status", flat=True)) <= {"ok", "review"}


def test_purge_removes_images_past_retention_of_frozen_counts_only(
    s, client, django_capture_on_commit_callbacks
):
    count = s["count"]
    ballots = [(f"{n}.png", drawn_ballot(count, struck=(4,), variant=n)) for n in range(6)]
    do_upload_batch(s["admin"], count, [(n, lambda d=d: d) for n, d in ballots])
    kept_until = ScanBatch.objects.get().retain_until
    assert kept_until == add_months(datetime.date.today(), 6)
    paths = [files.stored_path(b.sha256, b.kind) for b in ScannedBallot.objects.all()]
    later = (kept_until + datetime.timedelta(days=1)).isoformat()

    run("purge_scans", "--today", later)  # open count: nothing goes
    assert all(p.exists() for p in paths)

    from daihoi.elections.counting.freeze_actions import do_freeze
    from daihoi.elections.counting.stream_actions import do_set_scanned_alone

    do_set_scanned_alone(s["admin"], count, True)
    settle(count, s["admin"], {n: (4,) for n in range(1, 7)})
    do_freeze(s["admin"], count)
    assert Count.objects.get(pk=count.pk).state == "frozen"
    out, _ = run("purge_scans", "--today", kept_until.isoformat())  # not past yet
    assert "0 ballot images" in out and all(p.exists() for p in paths)
    dry, _ = run("purge_scans", "--today", later, "--dry-run")
    assert "6 ballot images" in dry and all(p.exists() for p in paths)

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows commit
        out, _ = run("purge_scans", "--today", later)

    assert "removed 6 files" in out and not any(p.exists() for p in paths)
    ballot = ScannedBallot.objects.first()
    assert ballot.image_purged_at is not None and len(ballot.sha256) == 64
    assert ballot.reading["rows"]  # the reading stays
    assert AuditEntry.objects.filter(action="purge_scan_image").count() == 6
    client.force_login(s["admin"])
    from django.urls import reverse

    assert client.get(reverse("scans:image", args=[ballot.pk])).status_code == 410


@pytest.mark.django_db(transaction=True)
def test_the_background_pool_reads_after_commit(settings):
    from daihoi.scans import worker

    s = make_setup()
    count = open_count(s["election"], s["admin"], issued=3)
    settings.DAIHOI_SCANS_INLINE = False
    named = [(f"{n}.png", drawn_ballot(count, struck=(n,))) for n in (1, 2, 3)]

    do_upload_batch(s["admin"], count, [(n, lambda d=d: d) for n, d in named])
    worker.drain(timeout=120)

    statuses = list(ScannedBallot.objects.order_by("number").values_list("status", flat=True))
    assert len(statuses) == 3 and set(statuses) <= {"ok", "review"}
    stream = BallotEntry.objects.filter(clerk__username="scanner")
    assert {e.number: e.struck for e in stream} == {
        n: [n] for n, status in enumerate(statuses, 1) if status == "ok"
    }
