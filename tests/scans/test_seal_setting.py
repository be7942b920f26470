"""The seal check is the app's choice (settings.DAIHOI_SCAN_REQUIRE_SEAL, off by default): the
board checks the seal on the paper; with the setting the machine also sends an unstamped ballot
to review, prefilled as unstamped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.elections.models import BallotEntry
from daihoi.scans.models import ScannedBallot
from tests.elections.counting_builders import make_setup, open_count
from tests.scans.ballots import drawn_ballot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("require_seal", [False, True])
def test_an_unstamped_ballot_goes_to_review_only_when_the_seal_is_required(
    client, settings, require_seal
):
    settings.DAIHOI_SCAN_REQUIRE_SEAL = require_seal
    setup = make_setup()
    count = open_count(setup["election"], setup["admin"], issued=8)
    client.force_login(setup["clerk1"])
    image = SimpleUploadedFile("a.png", drawn_ballot(count, struck=(2,), seal=False))

    response = client.post(reverse("scans:count", args=[count.pk]), {"images": [image]})

    assert response.status_code == 302
    ballot = ScannedBallot.objects.get(count=count)
    stream = BallotEntry.objects.filter(count=count, clerk__username="scanner")
    if require_seal:
        assert (ballot.status, ballot.reason) == ("review", "no_seal")
        assert ballot.reading["guess"]["defects"] == ["unstamped"]
        assert ballot.reading["guess"]["struck"] == [2]
        assert not stream.exists()
    else:
        assert (ballot.status, ballot.reason) == ("ok", "")
        assert [tuple(e.struck) for e in stream] == [(2,)]
