"""The gate: images and the review are for the counting board (editors of the unit); viewers
see the progress; everyone else gets 403, unknown ids 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.scans.models import ScannedBallot
from tests.elections.counting_builders import make_setup, open_count
from tests.scans.ballots import blank_page, drawn_ballot

pytestmark = pytest.mark.django_db


@pytest.fixture
def scanned():
    s = make_setup()
    count = open_count(s["election"], s["admin"], issued=4)
    from django.test import Client

    client = Client()
    client.force_login(s["admin"])
    client.post(
        reverse("scans:count", args=[count.pk]),
        {
            "images": [
                SimpleUploadedFile("1.png", drawn_ballot(count, partial=(1,))),
                SimpleUploadedFile("2.png", blank_page()),
            ]
        },
    )
    s["count"] = count
    s["doubtful"], s["unreadable"] = ScannedBallot.objects.order_by("number")
    return s


def pages(s):
    count, doubtful, unreadable = s["count"], s["doubtful"], s["unreadable"]
    return {
        "scans": ("get", reverse("scans:count", args=[count.pk]), {}),
        "batch": ("get", reverse("scans:batch", args=[doubtful.batch_id]), {}),
        "progress": ("get", reverse("scans:batch_progress", args=[doubtful.batch_id]), {}),
        "review": ("get", reverse("scans:review", args=[count.pk]), {}),
        "image": ("get", reverse("scans:image", args=[doubtful.pk]), {}),
        "decide": ("post", reverse("scans:review", args=[count.pk]), {"struck": ["1"]}),
        "discard": ("post", reverse("scans:discard", args=[unreadable.pk]), {"reason": "x"}),
        "rescan": (
            "post",
            reverse("scans:rescan", args=[unreadable.pk]),
            {"file": SimpleUploadedFile("new.png", drawn_ballot(count))},
        ),
        "alone": ("post", reverse("scans:scanned_alone", args=[count.pk]), {"scanned_alone": "on"}),
    }


def call(client, method, url, data):
    return getattr(client, method)(url, data)


def unchanged(s) -> bool:
    statuses = list(ScannedBallot.objects.order_by("pk").values_list("status", flat=True))
    s["count"].refresh_from_db()
    return statuses == ["review", "unreadable"] and not s["count"].scanned_alone


@pytest.mark.parametrize(
    "page",
    ["scans", "batch", "progress", "review", "image", "decide", "discard", "rescan", "alone"],
)
def test_an_editor_of_another_district_gets_403_everywhere(client, scanned, page):
    client.force_login(scanned["outsider"])
    response = call(client, *pages(scanned)[page])
    assert response.status_code == 403
    assert unchanged(scanned)


@pytest.mark.parametrize("page", ["review", "image", "decide", "discard", "rescan", "alone"])
def test_a_viewer_of_the_unit_cannot_see_images_nor_decide(client, scanned, page):
    client.force_login(scanned["viewer"])
    response = call(client, *pages(scanned)[page])
    assert response.status_code == 403
    assert unchanged(scanned)


@pytest.mark.parametrize("page", ["scans", "batch", "progress"])
def test_a_viewer_of_the_unit_sees_the_progress_without_images(client, scanned, page):
    client.force_login(scanned["viewer"])
    response = call(client, *pages(scanned)[page])
    assert response.status_code == 200
    assert reverse("scans:image", args=[scanned["doubtful"].pk]) not in response.content.decode()


def test_anonymous_is_sent_to_log_in_and_unknown_ids_are_404(client, scanned):
    image = reverse("scans:image", args=[scanned["doubtful"].pk])
    assert client.get(image).status_code == 302
    client.force_login(scanned["admin"])
    assert client.get(reverse("scans:image", args=[999999])).status_code == 404
    assert client.get(reverse("scans:batch", args=[999999])).status_code == 404
    assert client.get(reverse("scans:count", args=[999999])).status_code == 404
    review = reverse("scans:review", args=[scanned["count"].pk])
    assert client.get(review, {"ballot": 999999}).status_code == 404
    assert client.get(review, {"number": 77}).status_code == 404


def test_a_ballot_of_another_count_is_not_shown_in_this_counts_review(client, scanned):
    other = make_other_count(scanned)
    client.force_login(scanned["admin"])
    review = reverse("scans:review", args=[other.pk])
    assert client.get(review, {"ballot": scanned["doubtful"].pk}).status_code == 404


def make_other_count(s):
    from tests.campaigns.factories import make_election
    from tests.elections.counting_builders import set_names

    election = make_election(s["congress"], "inspection_committee", 1, actor=s["admin"])
    set_names(election, ["Ngô Văn Bảy", "Đỗ Thị Tám"], s["admin"])
    return open_count(election, s["admin"], issued=2)
