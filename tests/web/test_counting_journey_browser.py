"""The board's whole counting journey in real Chromium: set up, enter twice, reconcile, freeze,
minutes. Two clerks work in two browser contexts (two screens) on the same count."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from daihoi.elections.models import BallotEntry, Candidate, Count
from tests.elections.counting_builders import make_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLERK1 = [("1", "4"), ("2", "4"), ("3", "3 4"), ("4", "2 d")]
CLERK2 = [("1", "4"), ("2", "4"), ("3", "4"), ("4", "2 d")]  # reads ballot 3 differently


def log_in(page: Any, base: str, username: str, next_url: str) -> None:
    """The real login form; Enter in the password field (the header has other submit buttons)."""
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-123456")
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/accounts/login/" not in page.url


def type_ballots(page: Any, ballots: list[tuple[str, str]]) -> None:
    from playwright.sync_api import expect

    for number, line in ballots:
        assert page.input_value("#id_number") == number
        expect(page.locator("#id_line")).to_be_focused()
        page.keyboard.type(line)
        with page.expect_navigation():
            page.keyboard.press("Enter")


def test_board_journey_in_the_browser(
    live_server: Any, browser_page: Any, _chromium: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    s = make_setup()
    election = s["election"]
    base = live_server.url

    # Setup: the administrator opens the count (12 summoned, 7 excused: base 5).
    admin = browser_page
    log_in(admin, base, "root", f"/elections/{election.pk}/counting/")
    form = admin.locator("#open-count")
    form.locator("select[name=mode]").select_option("ballots")
    form.locator("input[name=issued]").fill("4")
    form.locator("input[name=summoned]").fill("12")
    form.locator("input[name=d_absent_with_reason]").fill("7")
    form.locator("textarea[name=board]").fill("Lê Văn Ất\nTrịnh Thị Hương")
    with admin.expect_navigation():
        form.locator("button[name=open]").click()
    count = Count.objects.get(election=election)
    assert admin.url.endswith(f"/elections/counts/{count.pk}/")
    assert count.base == 5 and count.state == "open" and count.board[0]["is_head"]
    enter_url = f"/elections/counts/{count.pk}/enter/"
    reconcile_url = f"{base}/elections/counts/{count.pk}/reconcile/"

    # Clerk 1 on one screen, clerk 2 on another: the same four ballots, ballot 3 read differently.
    clerk1 = _chromium.new_context(locale="vi-VN").new_page()
    clerk2 = _chromium.new_context(locale="vi-VN").new_page()
    try:
        for page in (clerk1, clerk2):
            page.set_default_timeout(10_000)
        log_in(clerk1, base, "clerk1", enter_url)
        type_ballots(clerk1, CLERK1)
        log_in(clerk2, base, "clerk2", enter_url)
        type_ballots(clerk2, CLERK2)
        assert BallotEntry.objects.filter(count=count).count() == 8

        # Reconciliation names ballot 3 with both readings; clerk 2 corrects from the link.
        clerk2.goto(reconcile_url)
        rows = clerk2.locator("#disagreements tbody tr")
        expect(rows).to_have_count(1)
        cells = rows.first.locator("td")
        expect(cells.first).to_have_text("3")
        readings = [cells.nth(i).inner_text() for i in (1, 2)]
        assert sum("Trần Văn Cường" in r for r in readings) == 1
        assert all("Phạm Thị Dung" in r for r in readings)
        clerk2.screenshot(path=str(tmp_path / "reconcile.png"), full_page=True)
        with clerk2.expect_navigation():
            rows.first.locator("td.mine a").click()
        assert clerk2.input_value("#id_number") == "3"
        assert clerk2.input_value("#id_line") == "4"
        clerk2.fill("#id_line", "3 4")
        with clerk2.expect_navigation():
            clerk2.press("#id_line", "Enter")
        clerk2.goto(reconcile_url)
        expect(clerk2.locator("#all-agree")).to_be_visible()
        expect(clerk2.locator("#disagreements")).to_have_count(0)
    finally:
        clerk1.context.close()
        clerk2.context.close()

    # The result, computed live; freezing it.
    admin.goto(f"{base}/elections/counts/{count.pk}/")
    expect(admin.locator("#elected li")).to_have_text(["Nguyễn Văn An", "Lê Thị Bình"])
    with admin.expect_navigation():
        admin.locator("#freeze").click()
    expect(admin.locator("#frozen")).to_be_visible()
    count.refresh_from_db()
    assert count.state == "frozen" and len(count.input_hash) == 64
    elected = Candidate.objects.filter(election=election, elected=True)
    assert set(elected.values_list("full_name", flat=True)) == {"Nguyễn Văn An", "Lê Thị Bình"}
    votes = dict(Candidate.objects.filter(election=election).values_list("full_name", "votes"))
    # Three valid ballots (ballot 4 has no seal): An 3, Bình 3, Cường 2 (struck on 3), Dung 0.
    assert votes == {"Nguyễn Văn An": 3, "Lê Thị Bình": 3, "Trần Văn Cường": 2, "Phạm Thị Dung": 0}

    # The minutes PDF downloads, with the Vietnamese names intact.
    minutes = admin.locator("#minutes-form")
    minutes.locator("input[name=place]").fill("A1")
    with admin.expect_download() as info:
        minutes.locator("button[type=submit]").first.click()
    pdf = tmp_path / "minutes.pdf"
    info.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Nguyễn Văn An" in text and "Lê Văn Ất" in text
