"""Uploading a batch through the page: all or nothing, every bad file named; the pages read in
the background (inline in tests) into the scanned stream; progress; metadata never kept."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.accounts.models import AuditEntry
from daihoi.elections.models import BallotEntry
from daihoi.scans import files
from daihoi.scans.models import ScanBatch, ScannedBallot
from tests.elections.counting_builders import make_setup, open_count
from tests.scans.ballots import blank_page, drawn_ballot, synthetic_ballots, truth_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    setup = make_setup()
    setup["count"] = open_count(setup["election"], setup["admin"], issued=8)
    return setup


def upload(client, count, named):
    images = [SimpleUploadedFile(name, data) for name, data in named]
    return client.post(reverse("scans:count", args=[count.pk]), {"images": images})


def stored_files(settings) -> list[Path]:
    root = Path(settings.DAIHOI_SCANS_DIR)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def scanner_stream(count) -> dict[int, tuple[int, ...]]:
    rows = BallotEntry.objects.filter(count=count, clerk__username="scanner")
    return {e.number: tuple(e.struck) for e in rows}


def test_upload_reads_every_page_into_the_scanned_stream(client, s, settings):
    count = s["count"]
    ballots = synthetic_ballots(count, 4, seed=11)
    named = [(f"scan{i + 1}{b.suffix}", b.image) for i, b in enumerate(ballots)]
    client.force_login(s["clerk1"])

    response = upload(client, count, reversed(named))  # the browser's order does not matter

    batch = ScanBatch.objects.get(count=count)
    assert response.status_code == 302
    assert response["Location"] == reverse("scans:batch", args=[batch.pk])
    rows = list(ScannedBallot.objects.filter(count=count).order_by("number"))
    assert [(b.number, b.original_name) for b in rows] == [
        (i + 1, name) for i, (name, _) in enumerate(named)
    ]
    assert {b.status for b in rows} <= {"ok", "review"}
    assert batch.first_number == 1 and batch.pages == 4 and batch.uploaded_by == s["clerk1"]
    stream = scanner_stream(count)
    for ballot, row in zip(ballots, rows, strict=True):
        assert files.stored_path(row.sha256, row.kind).read_bytes() == ballot.image
        assert row.sha256 == files.sha256_of(ballot.image)
        if row.status == "ok":
            assert stream[row.number] == truth_line(ballot, count.candidates)
        else:
            assert row.number not in stream
    assert len(stored_files(settings)) == 4
    logged = list(
        AuditEntry.objects.filter(action="upload_scans").values_list("changes", flat=True)
    )
    assert [f[1] for f in logged[0]["files"][1]] == [r.sha256 for r in rows]
    assert AuditEntry.objects.filter(action="read_scan").count() == 4


def test_batch_page_shows_the_progress_and_stops_polling_when_done(client, s):
    count = s["count"]
    client.force_login(s["admin"])
    upload(client, count, [("a.png", drawn_ballot(count, partial=(1,))), ("b.png", blank_page())])
    batch = ScanBatch.objects.get()

    page = client.get(reverse("scans:batch", args=[batch.pk]))
    partial = client.get(reverse("scans:batch_progress", args=[batch.pk]))

    assert page.status_code == 200 and partial.status_code == 200
    assert page.context["progress"].by_status == {"review": 1, "unreadable": 1}
    html = partial.content.decode()
    assert 'data-status="review"' in html and 'data-status="unreadable"' in html
    assert reverse("scans:review", args=[count.pk]) in html
    assert "hx-get" not in html  # nothing pending: the bar stops polling


def test_pages_left_pending_by_a_restart_are_read_when_the_progress_is_polled(
    client, s, monkeypatch
):
    from daihoi.scans import worker

    count = s["count"]
    client.force_login(s["admin"])
    # The server stops before reading (nothing handed to the readers), then starts again.
    with monkeypatch.context() as stopped:
        stopped.setattr(worker, "schedule", lambda ids: None)
        upload(client, count, [("a.png", drawn_ballot(count, partial=(2,)))])
        ballot = ScannedBallot.objects.get()
        assert ballot.status == "pending"
        waiting = client.get(reverse("scans:batch_progress", args=[ballot.batch_id]))
        assert "hx-get" in waiting.content.decode()  # the bar keeps polling

    client.get(reverse("scans:batch_progress", args=[ballot.batch_id]))

    ballot.refresh_from_db()
    assert ballot.status == "review" and ballot.reading["rows"]


def test_a_batch_with_bad_files_is_refused_whole_with_every_bad_file_named(
    client, s, settings, english
):
    count = s["count"]
    client.force_login(s["admin"])
    good = drawn_ballot(count, struck=(1,), fmt=".jpg")
    named = [
        ("good.jpg", good),
        ("notes.txt", b"the minutes, not a ballot"),
        ("cut.jpg", good[: len(good) // 2]),
        ("empty.png", b""),
    ]

    response = upload(client, count, named)

    assert response.status_code == 422
    errors = response.context["form"].errors["images"]
    assert any("notes.txt" in e and "not a PNG, JPEG, TIFF or PDF" in e for e in errors)
    assert any("cut.jpg" in e and "damaged or truncated" in e for e in errors)
    assert any("empty.png" in e for e in errors)
    assert not any("good.jpg" in e for e in errors)
    assert not ScanBatch.objects.exists() and not ScannedBallot.objects.exists()
    assert stored_files(settings) == []


def test_more_ballots_than_issued_and_a_file_twice_are_refused(client, s, english):
    count = s["count"]
    client.force_login(s["admin"])
    one = drawn_ballot(count, struck=(1,))
    many = [(f"p{i}.png", drawn_ballot(count, struck=(1,), variant=i)) for i in range(9)]

    too_many = upload(client, count, many)
    twice = upload(client, count, [("a.png", one), ("b.png", one)])
    upload(client, count, [("a.png", one)])
    again = upload(client, count, [("c.png", one)])

    assert "more than the 8 ballots issued" in too_many.context["form"].errors["images"][0]
    assert "“b.png” is the same file as “a.png”." in twice.context["form"].errors["images"]
    assert "“c.png” was uploaded already (ballot 1)." in again.context["form"].errors["images"]
    assert ScannedBallot.objects.count() == 1


def test_camera_metadata_is_never_stored_nor_shown(client, s):
    count = s["count"]
    client.force_login(s["admin"])
    jpeg = drawn_ballot(count, partial=(3,), fmt=".jpg")
    exif = b"Exif\x00\x00MM\x00*GPS 21.0285 N 105.8542 E"
    with_exif = jpeg[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + jpeg[2:]

    upload(client, count, [("photo.jpg", with_exif)])

    ballot = ScannedBallot.objects.get()
    kept = files.stored_path(ballot.sha256, ballot.kind).read_bytes()
    assert b"GPS" not in kept and kept == jpeg
    assert ballot.received_sha256 == files.sha256_of(with_exif) != ballot.sha256
    assert ballot.status == "review"  # read from the stored file
    image = client.get(reverse("scans:image", args=[ballot.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Cache-Control"] == "private, no-store"
    assert b"GPS" not in image.content and b"eXIf" not in image.content
    assert b"tEXt" not in image.content


def test_a_viewer_sees_the_progress_but_cannot_upload(client, s):
    count = s["count"]
    client.force_login(s["viewer"])
    page = client.get(reverse("scans:count", args=[count.pk]))
    refused = upload(client, count, [("a.png", drawn_ballot(count))])

    assert page.status_code == 200 and 'id="upload-form"' not in page.content.decode()
    assert refused.status_code == 403
    assert not ScannedBallot.objects.exists()


def test_a_persons_account_named_scanner_is_never_the_machines_stream(client, s, english):
    from tests.campaigns.factories import make_user

    make_user("scanner", s["tree"]["A"], "editor")
    client.force_login(s["admin"])

    response = upload(client, s["count"], [("a.png", drawn_ballot(s["count"]))])

    assert response.status_code == 422
    assert "reserved for the ballot scanner" in response.context["form"].errors["images"][0]
    assert not ScannedBallot.objects.exists()
