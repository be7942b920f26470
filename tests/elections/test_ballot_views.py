"""Machine-readable ballots of a count through the client: the PDF, its QR code built from the
count's data, access as for the ordinary ballot, clear refusals."""

from __future__ import annotations

import cv2
import pypdfium2 as pdfium
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from daihoi.accounts.models import AuditEntry
from daihoi.elections.counting.paper import election_paper_for_count
from daihoi.elections.models import Count
from daihoi.printing.ballot_layout import parse_qr
from tests.elections.counting_builders import NAMES, make_setup, open_count

pytestmark = pytest.mark.django_db

PX_PER_MM = 6.0


@pytest.fixture
def s():
    return make_setup()


def url(count: Count) -> str:
    return reverse("elections:count_machine_ballots", args=[count.pk])


def qr_text(pdf: bytes, page: int = 0) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[page].render(scale=PX_PER_MM * 25.4 / 72, grayscale=True).to_numpy()
    finally:
        doc.close()
    return cv2.QRCodeDetector().detectAndDecode(image if image.ndim == 2 else image[..., 0])[0]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(v * 25.4 / 72) for v in doc[i].get_size()) for i in range(len(doc))]
    finally:
        doc.close()


@pytest.mark.parametrize(("paper", "size"), [("A5", (148, 210)), ("A4", (210, 297))])
def test_viewer_downloads_machine_ballots_with_the_counts_qr(client, s, paper, size):
    count = open_count(s["election"], s["admin"], summoned=5)
    audits = AuditEntry.objects.count()
    client.force_login(s["viewer"])
    response = client.get(url(count), {"paper": paper, "copies": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"-{paper}.pdf" in response["Content-Disposition"]
    pdf = response.content
    assert page_sizes(pdf) == [size] * 3
    fields = parse_qr(qr_text(pdf))
    expected = election_paper_for_count(count)
    assert fields is not None
    assert (fields.election_key, fields.round, fields.paper, fields.names) == (
        expected.key,
        1,
        paper,
        len(NAMES),
    )
    assert fields.style == "strike"  # 4 names for 3 seats
    # A download changes nothing.
    assert AuditEntry.objects.count() == audits
    assert Count.objects.get().state == "open"


def test_count_page_offers_the_machine_ballots(client, s):
    count = open_count(s["election"], s["admin"])
    client.force_login(s["viewer"])
    html = client.get(reverse("elections:count_detail", args=[count.pk])).content.decode()
    assert url(count) in html
    assert 'name="copies"' in html and 'value="A4"' in html


def test_outsider_gets_403_and_anonymous_is_sent_to_login(client, s):
    count = open_count(s["election"], s["admin"])
    client.force_login(s["outsider"])
    assert client.get(url(count), {"paper": "A5", "copies": "1"}).status_code == 403
    client.logout()
    response = client.get(url(count), {"paper": "A5", "copies": "1"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("elections:count_machine_ballots", args=[9999])).status_code == 302


def test_unknown_count_is_404(client, s):
    client.force_login(s["viewer"])
    assert client.get(reverse("elections:count_machine_ballots", args=[9999])).status_code == 404


def test_only_get(client, s):
    count = open_count(s["election"], s["admin"])
    client.force_login(s["viewer"])
    assert client.post(url(count), {"paper": "A5", "copies": "1"}).status_code == 405


@pytest.mark.parametrize(
    "query",
    [{"paper": "A3", "copies": "1"}, {"paper": "A5", "copies": "0"}, {"copies": "5001"}, {}],
    ids=["A3", "copies-0", "copies-5001", "nothing"],
)
def test_bad_choice_goes_back_with_a_message(client, s, english, query):
    count = open_count(s["election"], s["admin"])
    client.force_login(s["viewer"])
    response = client.get(url(count), query)
    assert response.status_code == 302
    assert response["Location"] == reverse("elections:count_detail", args=[count.pk])
    texts = [m.message for m in get_messages(response.wsgi_request)]
    assert texts == ["Choose A5 or A4 and between 1 and 5000 copies."]


def test_a_list_too_long_for_a5_asks_for_a4(client, english):
    names = [f"Nguyễn Văn Số {i}" for i in range(40)]
    s = make_setup(seats=35, names=names)
    count = open_count(s["election"], s["admin"])
    client.force_login(s["viewer"])
    response = client.get(url(count), {"paper": "A5", "copies": "2"})
    assert response.status_code == 302
    texts = [m.message for m in get_messages(response.wsgi_request)]
    assert texts == ["The list is too long for one A5 ballot: choose A4."]
    response = client.get(url(count), {"paper": "A4", "copies": "2"})
    assert response.status_code == 200 and page_sizes(response.content) == [(210, 297)] * 2


def test_election_paper_for_count_is_deterministic_and_follows_the_round(s):
    count = open_count(s["election"], s["admin"], summoned=5)
    paper = election_paper_for_count(count)
    again = election_paper_for_count(Count.objects.get(pk=count.pk))
    assert paper == again and paper.key == again.key
    assert paper.candidates == tuple(count.candidates) and paper.seats == 3
    assert paper.congress == paper.congress.upper() and paper.title.startswith("BẦU BAN CHẤP HÀNH")
    assert paper.tally_fields["base"] == count.base and paper.round == 1
    # Facts the board enters later do not change the ballot.
    Count.objects.filter(pk=count.pk).update(issued=9)
    assert election_paper_for_count(Count.objects.get(pk=count.pk)).key == paper.key
    # A further round prints a different ballot (its title says the round).
    Count.objects.filter(pk=count.pk).update(round=2)
    round2 = election_paper_for_count(Count.objects.get(pk=count.pk))
    assert round2.round == 2 and "(BẦU LẦN 2)" in round2.title and round2.key != paper.key
