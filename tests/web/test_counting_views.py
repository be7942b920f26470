"""The counting pages through the client: the board's journey, live progress and the gate."""

import pytest
from django.urls import reverse

from daihoi.accounts.models import AuditEntry
from daihoi.elections.models import BallotEntry, BoardDecision, Candidate, Count
from tests.elections.counting_builders import BOARD, enter, make_setup, open_count

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def s():
    return make_setup()


def committee_elected(client, s) -> int:
    response = client.get("/", {"unit": s["tree"]["P"].pk, "as_of": "2020-07-09"})
    assert response.status_code == 200
    block = next(b for b in response.context["d"].levels if b.level.code == "grassroots")
    return block.current["committee_elected"]


def post_ballot(client, count, number, line, **extra):
    return client.post(
        reverse("elections:count_enter", args=[count.pk]), {"number": number, "line": line, **extra}
    )


def test_setup_page_shows_the_list_in_abc_order_and_the_surplus(client, s, english):
    client.force_login(s["clerk1"])
    response = client.get(reverse("elections:count_setup", args=[s["election"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    order = [
        html.index(n) for n in ("Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung")
    ]
    assert order == sorted(order)
    assert "The list meets the surplus rules." in html
    assert 'name="open"' in html


def test_ballot_pdf_downloads(client, s):
    client.force_login(s["viewer"])
    response = client.get(reverse("elections:election_ballots", args=[s["election"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response.content.startswith(b"%PDF")


def test_board_journey_enter_twice_reconcile_freeze_minutes(client, s, english):
    election = s["election"]
    client.force_login(s["admin"])
    before = committee_elected(client, s)

    # Setup: open the count with the base from attendance facts (12 summoned, 7 excused: 5).
    response = client.post(
        reverse("elections:count_setup", args=[election.pk]),
        {
            "open": "1",
            "mode": "ballots",
            "issued": "4",
            "summoned": "12",
            "d_absent_with_reason": "7",
            "board": "Lê Văn Ất\nTrịnh Thị Hương",
        },
    )
    count = Count.objects.get(election=election)
    assert response.status_code == 302 and response["Location"].endswith(f"/counts/{count.pk}/")
    assert count.base == 5 and count.board[0] == {
        "name": "Lê Văn Ất",
        "role": "Trưởng ban",
        "is_head": True,
    }

    # Clerk 1 enters four ballots; the ballot number moves on by itself.
    client.force_login(s["clerk1"])
    page = client.get(reverse("elections:count_enter", args=[count.pk]))
    assert page.status_code == 200 and page.context["form"].initial["number"] == 1
    locations = [
        post_ballot(client, count, number, line)["Location"]
        for number, line in [(1, "4"), (2, "4"), (3, "3 4"), (4, "2 d")]
    ]
    assert [loc.rsplit("/", 1)[1] for loc in locations] == ["?n=2", "?n=3", "?n=4", ""]

    # Clerk 2 reads ballot 3 differently (ticks a box instead of typing: same thing).
    client.force_login(s["clerk2"])
    for number, line in [(1, "4"), (2, "4"), (4, "2 d")]:
        post_ballot(client, count, number, line)
    post_ballot(client, count, 3, "", struck=["4"])
    assert BallotEntry.objects.filter(count=count).count() == 8

    # Reconciliation shows ballot 3 with both readings; the count cannot be frozen yet.
    page = client.get(reverse("elections:count_reconcile", args=[count.pk]))
    html = page.content.decode()
    assert [r["number"] for r in page.context["rows"]] == [3]
    assert "struck: 3. Trần Văn Cường, 4. Phạm Thị Dung" in html
    assert "struck: 4. Phạm Thị Dung" in html
    assert "Correct mine" in html
    client.force_login(s["admin"])
    client.post(reverse("elections:count_freeze", args=[count.pk]))
    assert Count.objects.get(pk=count.pk).state == "open"
    assert committee_elected(client, s) == before

    # Clerk 2 corrects ballot 3 from the link; now all agree.
    client.force_login(s["clerk2"])
    page = client.get(reverse("elections:count_enter", args=[count.pk]), {"n": 3})
    assert page.context["form"].initial == {"number": 3, "line": "4"}
    post_ballot(client, count, 3, "3 4")
    page = client.get(reverse("elections:count_reconcile", args=[count.pk]))
    assert page.context["rows"] == [] and "All entries agree." in page.content.decode()

    # The result, then freezing; the dashboard follows at once.
    client.force_login(s["admin"])
    page = client.get(reverse("elections:count_detail", args=[count.pk]))
    assert page.context["result"]["elected"] == ["Nguyễn Văn An", "Lê Thị Bình"]
    assert "no seal: 1" in page.content.decode()
    response = client.post(reverse("elections:count_freeze", args=[count.pk]))
    assert response.status_code == 302
    count.refresh_from_db()
    assert count.state == "frozen" and len(count.input_hash) == 64
    assert committee_elected(client, s) == before + 2
    assert set(Candidate.objects.filter(elected=True).values_list("full_name", flat=True)) == {
        "Nguyễn Văn An",
        "Lê Thị Bình",
    }

    # Minutes and the sheet, for a viewer too.
    client.force_login(s["viewer"])
    params = {"place": "A1", "venue": "Hội trường", "number": "12"}
    pdf = client.get(reverse("elections:count_minutes_pdf", args=[count.pk]), params)
    assert pdf.status_code == 200 and pdf["Content-Type"] == PDF
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("elections:count_minutes_docx", args=[count.pk]), params)
    assert docx.status_code == 200 and docx["Content-Type"] == DOCX
    assert docx.content.startswith(b"PK")
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "BIÊN BẢN KIỂM PHIẾU" in xml.upper() and "Nguyễn Văn An" in xml and "Lê Văn Ất" in xml
    sheet = client.get(reverse("elections:count_sheet", args=[count.pk]))
    assert sheet.status_code == 200 and sheet["Content-Type"] == XLSX

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"open_count", "enter_ballot", "correct_ballot", "freeze_count"} <= actions


def test_minutes_of_an_open_count_redirect(client, s):
    count = open_count(s["election"], s["admin"])
    client.force_login(s["viewer"])
    response = client.get(reverse("elections:count_minutes_pdf", args=[count.pk]))
    assert response.status_code == 302


def test_progress_partial_polls_while_open(client, s):
    count = open_count(s["election"], s["admin"])
    enter(count, s["clerk1"], {1: "1", 2: "2"})
    client.force_login(s["viewer"])
    response = client.get(reverse("elections:count_progress", args=[count.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in html and "clerk1" in html
    assert response.context["progress"]["clerks"] == [{"name": "clerk1", "entered": 2}]


def test_entry_error_is_shown_and_nothing_saved(client, s, english):
    count = open_count(s["election"], s["admin"])
    client.force_login(s["clerk1"])
    response = post_ballot(client, count, 1, "9")
    assert response.status_code == 200
    assert "There is no name number 9" in response.content.decode()
    assert not BallotEntry.objects.exists()


def test_board_decides_a_flagged_ballot_in_the_page(client, s):
    Candidate.objects.filter(full_name="Phạm Thị Dung").delete()
    count = open_count(s["election"], s["admin"], summoned=5, issued=2, accept_surplus=True)
    for clerk in ("clerk1", "clerk2"):
        enter(count, s[clerk], {1: "", 2: "1 2 3"})
    client.force_login(s["clerk1"])
    page = client.get(reverse("elections:count_detail", args=[count.pk]))
    assert page.context["flagged"][0][0] == 2 and b'id="freeze"' not in page.content
    client.post(
        reverse("elections:count_decide", args=[count.pk]), {"number": 2, "decision": "valid"}
    )
    assert BoardDecision.objects.get(count=count).decision == "valid"
    page = client.get(reverse("elections:count_detail", args=[count.pk]))
    assert page.context["result"]["outcome"] == "shortfall" and b'id="freeze"' in page.content


def test_aggregate_totals_form(client, s):
    count = open_count(s["election"], s["admin"], mode="aggregate", issued=None)
    client.force_login(s["clerk1"])
    url = reverse("elections:count_totals", args=[count.pk])
    assert client.get(url).status_code == 200
    data = {
        "returned": "10",
        "invalid": "1",
        "r_unstamped": "1",
        "v1": "9",
        "v2": "8",
        "v3": "7",
        "v4": "2",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    count.refresh_from_db()
    assert count.votes["Nguyễn Văn An"] == 9 and count.invalid_reasons == {"unstamped": 1}


def test_recount_and_next_round_pages(client, s):
    count = open_count(s["election"], s["admin"], summoned=5)
    for clerk in ("clerk1", "clerk2"):
        enter(count, s[clerk], {1: "4", 2: "4", 3: "3 4", 4: "2 d"})
    client.force_login(s["clerk1"])
    client.post(reverse("elections:count_freeze", args=[count.pk]))
    page = client.get(reverse("elections:count_next_round", args=[count.pk]))
    assert page.status_code == 200
    assert page.context["form"].initial["names"] == ["Trần Văn Cường", "Phạm Thị Dung"]
    response = client.post(
        reverse("elections:count_next_round", args=[count.pk]),
        {
            "names": ["Trần Văn Cường"],
            "authorized_by": "Đoàn Chủ tịch",
            "reason": "Đại hội biểu quyết bầu tiếp",
            "mode": "ballots",
            "issued": "4",
        },
    )
    round2 = Count.objects.get(round=2)
    assert response.status_code == 302 and round2.candidates == ["Trần Văn Cường"]
    assert round2.seats == 1 and round2.base == 5


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("count_detail", "get"),
        ("count_progress", "get"),
        ("count_reconcile", "get"),
        ("count_ballots", "get"),
        ("count_enter", "get"),
        ("count_enter", "post"),
        ("count_totals", "post"),
        ("count_decide", "post"),
        ("count_freeze", "post"),
        ("count_recount", "post"),
        ("count_next_round", "post"),
        ("count_minutes_pdf", "get"),
        ("count_minutes_docx", "get"),
        ("count_sheet", "get"),
    ],
)
def test_clerk_of_another_district_gets_403_and_nothing_changes(client, s, name, method):
    count = open_count(s["election"], s["admin"], summoned=5)
    enter(count, s["clerk1"], {1: "1"})
    client.force_login(s["outsider"])
    url = reverse(f"elections:{name}", args=[count.pk])
    data = {"number": "2", "line": "1", "decision": "valid", "reason": "x", "returned": "1"}
    response = getattr(client, method)(url, data if method == "post" else None)
    assert response.status_code == 403
    assert list(BallotEntry.objects.values_list("clerk__username", "number")) == [("clerk1", 1)]
    assert Count.objects.get().state == "open" and Count.objects.count() == 1


@pytest.mark.parametrize(("name", "method"), [("count_enter", "get"), ("count_freeze", "post")])
def test_viewer_reads_but_cannot_enter_or_freeze(client, s, name, method):
    count = open_count(s["election"], s["admin"])
    client.force_login(s["viewer"])
    assert client.get(reverse("elections:count_detail", args=[count.pk])).status_code == 200
    response = getattr(client, method)(reverse(f"elections:{name}", args=[count.pk]))
    assert response.status_code == 403
    assert Count.objects.get().state == "open"


def test_setup_is_gated(client, s):
    client.force_login(s["outsider"])
    url = reverse("elections:count_setup", args=[s["election"].pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"open": "1", "mode": "ballots", "issued": "4", "summoned": "12", "board": "X"}
    )
    assert response.status_code == 403
    client.force_login(s["viewer"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"open": "1"}).status_code == 403
    assert not Count.objects.exists()
    assert BOARD  # the builders' board is what open_count uses elsewhere
