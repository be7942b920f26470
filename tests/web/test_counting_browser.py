"""The clerk's keyboard entry in real Chromium: type the struck numbers, Enter, next ballot."""

from typing import Any

import pytest

from daihoi.elections.models import BallotEntry
from tests.elections.counting_builders import make_setup, open_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_enters_ballots_with_the_keyboard(live_server: Any, browser_page: Any) -> None:
    from playwright.sync_api import expect

    s = make_setup()
    count = open_count(s["election"], s["admin"], summoned=5)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/?next=/elections/counts/{count.pk}/enter/")
    page.fill("input[name=username]", "clerk1")
    page.fill("input[name=password]", "pw-123456")
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    for line in ("3 4", "4", "2 d"):
        number = page.input_value("#id_number")
        expect(page.locator("#id_line")).to_be_focused()
        page.keyboard.type(line)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.input_value("#id_number") == str(int(number) + 1)
    page.screenshot(path="/tmp/h3/enter.png", full_page=True)
    rows = BallotEntry.objects.filter(clerk=s["clerk1"]).order_by("number")
    assert [(e.number, e.struck, e.defects) for e in rows] == [
        (1, [3, 4], []),
        (2, [4], []),
        (3, [2], ["unstamped"]),
    ]
    expect(page.locator("#progress")).to_contain_text("clerk1")
