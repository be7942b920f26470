"""A count run from scanned ballots in real Chromium: upload the images, watch the progress bar,
decide the doubtful ballot with the keyboard, count from the scans alone, freeze, minutes."""

import re
from pathlib import Path
from typing import Any

import pytest

from daihoi.elections.models import Candidate, Count
from daihoi.scans.models import ScannedBallot
from tests.elections.counting_builders import make_setup, open_count
from tests.scans.ballots import drawn_ballot
from tests.web.test_counting_journey_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def decide_with_keys(page: Any, struck: tuple[int, ...]) -> None:
    """Up/Down to each name whose box is wrong, Space to change it."""
    rows = page.locator("#rows li[data-row]")
    selected = int(page.locator("#rows li.selected").get_attribute("data-row"))
    for i in range(1, rows.count() + 1):
        box = page.locator(f'#rows li[data-row="{i}"] input[type=checkbox]')
        if box.is_checked() == (i in struck):
            continue
        while selected != i:
            page.keyboard.press("ArrowDown" if i > selected else "ArrowUp")
            selected += 1 if i > selected else -1
        expect_selected(page, i)
        page.keyboard.press("Space")


def expect_selected(page: Any, row: int) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#rows li.selected")).to_have_attribute("data-row", str(row))
    expect(page.locator(f'#scan-figure polygon.selected[data-row="{row}"]')).to_have_count(1)


def test_count_from_scans_in_the_browser(
    live_server: Any, browser_page: Any, tmp_path: Path, settings: Any
) -> None:
    from playwright.sync_api import expect

    settings.DAIHOI_SCANS_DIR = tmp_path / "scans"
    settings.DAIHOI_SCANS_INLINE = False  # read by the thread pool, the bar polls
    s = make_setup()
    count = open_count(s["election"], s["admin"], issued=3, deductions={"absent_with_reason": 7})
    names = count.candidates  # An, Bình, Cường, Dung
    images = []
    for number, (struck, partial) in enumerate([((4,), ()), ((1,), (2,)), ((3, 4), ())], 1):
        path = tmp_path / f"scan{number}.png"
        path.write_bytes(drawn_ballot(count, struck=struck, partial=partial))
        images.append(str(path))
    base = live_server.url
    page = browser_page

    # The board uploads the batch from the count's page.
    log_in(page, base, "clerk1", f"/elections/counts/{count.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Phiếu quét").click()
    page.set_input_files("#upload-form input[type=file]", images)
    with page.expect_navigation():
        page.locator("#upload-form button[type=submit]").click()

    # The progress bar: every page read, some (at least the half-struck one) to review.
    progress = page.locator("#scan-progress")
    expect(progress.locator(".done")).to_have_text("3")
    expect(progress.locator('[data-status="review"]')).to_be_visible()
    expect(progress).not_to_have_attribute("hx-get", re.compile(".*"))  # polling stopped
    page.screenshot(path=str(tmp_path / "batch.png"), full_page=True)
    with page.expect_navigation():
        progress.get_by_role("link").click()

    # Review with the keyboard: the doubtful ballot with a half-struck name is among them; its
    # doubtful row is selected and outlined on the image.
    truth = {1: (4,), 2: (1, 2), 3: (3, 4)}
    seen = []
    while "/review/" in page.url:
        form = page.locator("#decision-form")
        number = int(form.get_attribute("data-number") or 0)
        seen.append(number)
        first_doubtful = page.locator("#rows li.doubtful").first.get_attribute("data-row")
        expect_selected(page, int(first_doubtful or 0))
        if number == 2:
            expect(page.locator('#rows li.doubtful[data-row="2"]')).to_have_count(1)
            expect(page.locator('#scan-figure polygon.doubtful[data-row="2"]')).to_have_count(1)
            page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
            page.keyboard.press("d")  # no seal …
            expect(page.locator("#reading-line")).to_contain_text("d")
            page.keyboard.press("d")  # … no: the seal is there
        decide_with_keys(page, truth[number])
        expect(page.locator("#reading-line")).to_have_text(" ".join(map(str, truth[number])))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert 2 in seen
    for number in seen:
        decided = ScannedBallot.objects.get(number=number)
        assert decided.status == "decided" and decided.decided["struck"] == list(truth[number])
        assert decided.decided_by == s["clerk1"]

    # No ballot waits: back on the scans page; count from the scans alone.
    expect(page.locator("#count-scan-totals")).to_contain_text(str(len(seen)))
    page.screenshot(path=str(tmp_path / "scans.png"), full_page=True)
    page.get_by_label("Kiểm phiếu chỉ từ phiếu quét").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu", exact=True).click()
    count.refresh_from_db()
    assert count.scanned_alone

    # Freeze on the count's page; the minutes follow.
    page.goto(f"{base}/elections/counts/{count.pk}/")
    with page.expect_navigation():
        page.locator("#freeze").click()
    expect(page.locator("#frozen")).to_be_visible()
    count = Count.objects.get(pk=count.pk)
    assert count.state == "frozen"
    votes = dict(Candidate.objects.filter(election=s["election"]).values_list("full_name", "votes"))
    assert votes == {names[0]: 2, names[1]: 2, names[2]: 2, names[3]: 1}
    minutes = page.locator("#minutes-form")
    minutes.locator("input[name=place]").fill("A1")
    with page.expect_download() as info:
        minutes.locator("button[type=submit]").first.click()
    pdf = tmp_path / "minutes.pdf"
    info.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
