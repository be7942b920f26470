"""The review queue, unreadable ballots, the scanned stream in reconciliation, and a count run
from scanned ballots alone, frozen into the minutes — through the pages."""

import io

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.accounts.models import AuditEntry
from daihoi.elections.counting.queries import reconcile
from daihoi.elections.models import BallotEntry, Count
from daihoi.scans.models import ScannedBallot
from tests.elections.counting_builders import enter, make_setup, open_count
from tests.scans.ballots import blank_page, decide_the_queue, drawn_ballot

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    setup = make_setup()
    # 12 summoned, 7 excused: a base of 5, so 3 votes of 4 ballots pass (3 × 2 > 5).
    setup["count"] = open_count(
        setup["election"], setup["admin"], issued=4, deductions={"absent_with_reason": 7}
    )
    return setup


def upload(client, count, named):
    images = [SimpleUploadedFile(name, data) for name, data in named]
    return client.post(reverse("scans:count", args=[count.pk]), {"images": images})


def scanner_stream(count) -> dict[int, tuple[int, ...]]:
    rows = BallotEntry.objects.filter(count=count, clerk__username="scanner")
    return {e.number: tuple(e.struck) for e in rows}


def by_number(count) -> dict[int, ScannedBallot]:
    return {
        b.number: b for b in ScannedBallot.objects.filter(count=count).exclude(status="rescanned")
    }


def pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(io.BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_review_shows_the_doubtful_rows_and_the_board_decides(client, s, english):
    count = s["count"]
    client.force_login(s["clerk1"])
    upload(
        client,
        count,
        [("1.png", drawn_ballot(count, struck=(1,))), ("2.png", drawn_ballot(count, partial=(2,)))],
    )
    doubtful = by_number(count)[2]
    assert doubtful.status == "review"
    row = next(r for r in doubtful.reading["rows"] if r["number"] == 2)
    assert row["doubtful"] and len(row["polygon"]) == 4
    assert 2 not in scanner_stream(count)
    review = reverse("scans:review", args=[count.pk])

    page = client.get(review, {"number": 2})

    assert page.status_code == 200 and page.context["ballot"] == doubtful
    html = page.content.decode()
    assert reverse("scans:image", args=[doubtful.pk]) in html
    assert 'polygon data-row="2" points=' in html and 'class="doubtful"' in html
    assert f'viewBox="0 0 {doubtful.reading["size"][0]} {doubtful.reading["size"][1]}"' in html
    assert 2 in [i["number"] for i in page.context["items"] if i["doubtful"]]

    response = client.post(
        f"{review}?ballot={doubtful.pk}", {"struck": ["2"], "defects": ["unstamped"]}
    )

    assert response.status_code == 302 and response["Location"] == review
    doubtful.refresh_from_db()
    assert doubtful.status == "decided" and doubtful.decided_by == s["clerk1"]
    assert doubtful.decided == {"struck": [2], "marks": [], "defects": ["unstamped"]}
    entry = BallotEntry.objects.get(count=count, clerk__username="scanner", number=2)
    assert entry.struck == [2] and entry.defects == ["unstamped"]
    audit = AuditEntry.objects.get(action="decide_scan")
    assert audit.actor == s["clerk1"] and audit.changes["status"] == ["review", "decided"]
    decide_the_queue(client, count, {1: (1,)})  # whatever else the machine doubted
    done = client.get(review)
    assert done.status_code == 302 and done["Location"] == reverse("scans:count", args=[count.pk])
    assert scanner_stream(count) == {1: (1,), 2: (2,)}


def test_review_queue_puts_the_lowest_confidence_first(client, s):
    count = s["count"]
    client.force_login(s["admin"])
    upload(
        client,
        count,
        [(f"{i}.png", drawn_ballot(count, partial=(i,))) for i in (1, 2, 3)],
    )
    ScannedBallot.objects.filter(number=1).update(confidence=0.4)
    ScannedBallot.objects.filter(number=2).update(confidence=0.1)
    ScannedBallot.objects.filter(number=3).update(confidence=0.2)

    assert {b.status for b in by_number(count).values()} == {"review"}

    page = client.get(reverse("scans:review", args=[count.pk]))

    assert page.context["ballot"].number == 2
    assert page.context["position"] == 1 and page.context["queue_size"] == 3


def test_unreadable_page_entered_by_hand_rescanned_or_set_aside(client, s, english):
    count = s["count"]
    client.force_login(s["admin"])
    upload(client, count, [(f"{i}.png", blank_page(i)) for i in (1, 2, 3)])
    first, second, third = (by_number(count)[n] for n in (1, 2, 3))
    assert {b.status for b in (first, second, third)} == {"unreadable"}
    listing = client.get(reverse("scans:count", args=[count.pk]))
    assert [b.number for b in listing.context["unreadable"]] == [1, 2, 3]

    # Entered by hand: the board types the reading on the review page.
    client.post(f"{reverse('scans:review', args=[count.pk])}?ballot={first.pk}", {"struck": ["4"]})
    # Rescanned: a new image of the same ballot, read like any other.
    rescan = client.post(
        reverse("scans:rescan", args=[second.pk]),
        {"file": SimpleUploadedFile("2-again.png", drawn_ballot(count, struck=(3,)))},
    )
    # Set aside: not a ballot of this count.
    client.post(reverse("scans:discard", args=[third.pk]), {"reason": "tờ trắng"})

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == "decided" and first.decided["struck"] == [4]
    assert rescan.status_code == 302 and second.status == "rescanned"
    new = by_number(count)[2]
    assert new.pk != second.pk and new.status in ("ok", "review") and new.sha256 != second.sha256
    assert third.status == "discarded" and third.reason == "tờ trắng"
    decide_the_queue(client, count, {2: (3,)})
    assert scanner_stream(count) == {1: (4,), 2: (3,)}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"decide_scan", "rescan", "discard_scan"} <= actions


def test_scanned_stream_is_reconciled_with_a_typed_stream(client, s):
    count = s["count"]
    client.force_login(s["admin"])
    truth = {1: (1,), 2: (2,), 3: (3,), 4: (4,)}
    upload(client, count, [(f"{n}.png", drawn_ballot(count, struck=truth[n])) for n in truth])
    decide_the_queue(client, count, truth)
    assert scanner_stream(count) == truth
    enter(count, s["clerk1"], {1: "1", 2: "2", 3: "3", 4: "3"})  # ballot 4 typed wrongly

    rec = reconcile(count)
    page = client.get(reverse("scans:count", args=[count.pk]))

    assert [d.number for d in rec.disagreements] == [4] and not rec.ready
    assert len(rec.clerks) == 2
    assert page.context["disagreements"] == [4]
    # The board looks at ballot 4's image: the machine was right, the typed stream is corrected.
    look = client.get(reverse("scans:review", args=[count.pk]), {"number": 4})
    assert look.context["ballot"].number == 4 and look.context["can_decide"]
    enter(count, s["clerk1"], {4: "4"})
    assert reconcile(count).ready


def test_count_from_scanned_ballots_alone_freezes_into_the_minutes(client, s, english):
    count = s["count"]
    client.force_login(s["admin"])
    upload(
        client,
        count,
        [
            ("1.png", drawn_ballot(count, struck=(4,))),
            ("2.png", drawn_ballot(count, struck=(4,), variant=2)),
            ("3.png", drawn_ballot(count, struck=(3, 4))),
            ("4.png", drawn_ballot(count, struck=(2,), partial=(4,))),
        ],
    )
    assert by_number(count)[4].status == "review"
    truth = {1: (4,), 2: (4,), 3: (3, 4), 4: (2, 4)}

    # One stream is not enough for an ordinary count.
    client.post(reverse("elections:count_freeze", args=[count.pk]))
    assert Count.objects.get(pk=count.pk).state == "open"

    client.post(reverse("scans:scanned_alone", args=[count.pk]), {"scanned_alone": "on"})
    count.refresh_from_db()
    assert count.scanned_alone
    # Still not while a doubtful ballot waits for the board.
    page = client.get(reverse("scans:count", args=[count.pk]))
    assert "not yet read or decided by the board." in page.content.decode()
    client.post(reverse("elections:count_freeze", args=[count.pk]))
    assert Count.objects.get(pk=count.pk).state == "open"

    assert 4 in decide_the_queue(client, count, truth)
    assert scanner_stream(count) == truth
    response = client.post(reverse("elections:count_freeze", args=[count.pk]))

    count.refresh_from_db()
    assert response.status_code == 302 and count.state == "frozen"
    votes = {r["name"]: r["votes"] for r in count.result_json["results"]}
    names = count.candidates  # An, Bình, Cường, Dung (A-B-C order)
    assert votes == {names[0]: 4, names[1]: 3, names[2]: 3, names[3]: 0}
    assert set(count.result_json["elected"]) == {names[0], names[1], names[2]}
    minutes = client.get(
        reverse("elections:count_minutes_pdf", args=[count.pk]),
        {"place": "A1", "venue": "Hội trường", "number": "12"},
    )
    assert minutes.status_code == 200
    text = pdf_text(minutes.content)
    assert all(name in text for name in names[:3])
    # Frozen: nothing about its scans can change any more.
    late = client.post(
        f"{reverse('scans:review', args=[count.pk])}?ballot={by_number(count)[1].pk}",
        {"struck": ["1"]},
    )
    assert late.status_code == 422
    assert scanner_stream(count)[1] == (4,)
