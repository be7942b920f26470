"""A page whose reader died (its process killed mid-page) is read again once it has been "being
read" for longer than DAIHOI_SCAN_STALE_SECONDS: by the batch page and by read_pending_scans.
A page a live reader holds is never taken from it, and a page is never stored twice."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from daihoi.accounts.models import AuditEntry
from daihoi.elections.models import BallotEntry
from daihoi.scanning.images import load_pages
from daihoi.scans.actions import claim, do_record_reading, do_upload_batch, release_stale_readings
from daihoi.scans.models import ScanBatch, ScannedBallot
from daihoi.scans.reading import read_page
from tests.elections.counting_builders import make_setup, open_count
from tests.scans.ballots import drawn_ballot

pytestmark = pytest.mark.django_db

READ = {"ok", "review"}


@pytest.fixture
def s():
    setup = make_setup()
    setup["count"] = open_count(setup["election"], setup["admin"], issued=6)
    return setup


def uploaded_unread(s, settings, numbers=(1, 2)) -> list[ScannedBallot]:
    """Pages stored but not read yet (the upload's reading never started: no commit in a test)."""
    count = s["count"]
    settings.DAIHOI_SCANS_INLINE = False
    named = [(f"{n}.png", drawn_ballot(count, struck=(n,))) for n in numbers]
    do_upload_batch(s["admin"], count, [(n, lambda d=d: d) for n, d in named])
    settings.DAIHOI_SCANS_INLINE = True
    return list(ScannedBallot.objects.filter(count=count).order_by("number"))


def reader_claims(ballot: ScannedBallot, seconds_ago: float) -> datetime.datetime:
    """A reader claimed the page `seconds_ago` (and, if long ago, died without storing it)."""
    assert claim(ballot.pk)
    since = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    ScannedBallot.objects.filter(pk=ballot.pk).update(reading_since=since)
    return since


def state(ballot: ScannedBallot) -> tuple[str, datetime.datetime | None]:
    ballot.refresh_from_db()
    return ballot.status, ballot.reading_since


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_claim_records_when_reading_started_and_the_reading_clears_it(s, settings):
    [ballot] = uploaded_unread(s, settings, numbers=(1,))
    assert state(ballot) == ("pending", None)
    before = timezone.now()

    assert claim(ballot.pk)
    assert not claim(ballot.pk)  # a second reader does not get it

    status, since = state(ballot)
    assert status == "reading" and since is not None and since >= before
    run("read_pending_scans", "--stale-after", "0")
    assert state(ballot)[0] in READ and state(ballot)[1] is None  # no per-ballot time kept


def test_read_pending_scans_reads_a_stale_page_and_leaves_a_live_readers_page(s, settings):
    dead, live = uploaded_unread(s, settings)
    reader_claims(dead, seconds_ago=301)  # DAIHOI_SCAN_STALE_SECONDS defaults to 300
    live_since = reader_claims(live, seconds_ago=5)

    out = run("read_pending_scans", "--count", str(s["count"].pk))

    assert "1 pages read (1 left half-read before)" in out
    assert state(dead)[0] in READ
    assert state(live) == ("reading", live_since)
    assert not BallotEntry.objects.filter(count=s["count"], number=2).exists()
    assert AuditEntry.objects.filter(action="read_scan").count() == 1


def test_the_stale_timeout_is_a_setting(s, settings):
    dead, live = uploaded_unread(s, settings)
    reader_claims(dead, seconds_ago=50)
    reader_claims(live, seconds_ago=5)
    settings.DAIHOI_SCAN_STALE_SECONDS = 30

    assert release_stale_readings(s["count"].pk) == 1

    assert state(dead) == ("pending", None)
    assert state(live)[0] == "reading"
    settings.DAIHOI_SCAN_STALE_SECONDS = 3600
    reader_claims(dead, seconds_ago=50)
    assert release_stale_readings(s["count"].pk) == 0
    assert state(dead)[0] == "reading"


def test_opening_the_batch_page_reads_a_page_whose_reader_died(client, s, settings):
    dead, live = uploaded_unread(s, settings)
    reader_claims(dead, seconds_ago=600)
    live_since = reader_claims(live, seconds_ago=1)
    batch = ScanBatch.objects.get()
    client.force_login(s["admin"])

    response = client.get(reverse("scans:batch", args=[batch.pk]))

    assert response.status_code == 200
    assert state(dead)[0] in READ
    assert state(live) == ("reading", live_since)
    assert response.context["progress"].pending == 1  # the live reader's page only
    assert AuditEntry.objects.filter(action="read_scan").count() == 1


def test_polling_the_progress_reads_a_page_whose_reader_died(client, s, settings):
    [dead] = uploaded_unread(s, settings, numbers=(1,))
    reader_claims(dead, seconds_ago=600)
    batch = ScanBatch.objects.get()
    client.force_login(s["viewer"])

    response = client.get(reverse("scans:batch_progress", args=[batch.pk]))

    assert response.status_code == 200
    assert state(dead)[0] in READ
    assert response.context["progress"].pending == 0


def test_a_reader_that_outlived_the_timeout_does_not_store_a_second_reading(s, settings):
    [ballot] = uploaded_unread(s, settings, numbers=(1,))
    image = load_pages(drawn_ballot(s["count"], struck=(1,)), "1.png", grey=True)[0]
    result = read_page(s["count"], image)
    reader_claims(ballot, seconds_ago=400)  # the slow reader
    assert release_stale_readings() == 1
    assert claim(ballot.pk)  # a second reader takes the page

    assert do_record_reading(ballot.pk, result) is not None  # the slow one stores first
    assert do_record_reading(ballot.pk, result) is None  # the second finds it read

    assert state(ballot) == (result.status, None)
    assert AuditEntry.objects.filter(action="read_scan").count() == 1
    stored = 1 if result.status == "ok" else 0  # an ok reading enters the scanned stream once
    assert BallotEntry.objects.filter(count=s["count"], number=1).count() == stored


def test_read_pending_scans_refuses_a_negative_timeout(s):
    with pytest.raises(CommandError, match="0 or more"):
        run("read_pending_scans", "--stale-after", "-1")
