"""Journeys in real Chromium against a live server: log in → dashboard → as-of date →
drill-down → unit → congress; importing a workbook (good, then broken); access across
districts; the dashboard at phone width.

The province is tests/web/dashboard_tree.py's (figures worked out by hand there):
today every congress of 2020 counts; as of 09/07/2020 district A's (01/08) and branch b6's
(20/07) do not.
"""

import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from daihoi.accounts.models import Grant, Role
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.units.models import Level, Unit
from tests.web.dashboard_tree import build_tree, user_with_grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(target: Any) -> Any:
    """Playwright's auto-waiting assertions (imported late: the fixtures skip without it)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def log_in(page: Any, live_server: Any, username: str, password: str, path: str = "/") -> None:
    """Open `path`, get sent to the login page, log in, and land back on `path`."""
    page.goto(f"{live_server.url}{path}")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/accounts/login/" not in page.url, "login failed"


def tile(page: Any, level: str) -> Any:
    return page.locator(f".tile[data-level={level}] .tile-figure")


def figure(page: Any, level: str, name: str) -> Any:
    """The this-term cell of one figure in a level's table."""
    return page.locator(f"table.figures[data-level={level}] tr[data-figure={name}] td").first


def child_row(page: Any, name: str) -> Any:
    return page.locator("table.children tbody tr").filter(has_text=name)


@pytest.fixture
def tree() -> Any:
    return build_tree()


# ------------------------------------------------------------------------------------------
# 1. Log in → dashboard → as-of date → drill-down → branch unit page → congress page
# ------------------------------------------------------------------------------------------


def test_journey_login_dashboard_as_of_drill_down_to_congress(live_server, browser_page, tree):
    page = browser_page
    user_with_grant("admin", tree["P"], Role.ADMINISTRATOR)

    log_in(page, live_server, "admin", "pw-admin")

    # The province's dashboard, as of today: every 2020 congress has been held.
    expect(page.locator("h1")).to_have_text("Đơn vị P")
    expect(tile(page, "district")).to_have_text("1/2 (50,0%)")
    expect(tile(page, "grassroots")).to_have_text("3/3 (100%)")
    expect(tile(page, "branch")).to_have_text("5/6 (83,3%)")
    # Vietnamese number formatting: '.' groups thousands, ',' marks decimals.
    expect(figure(page, "grassroots", "committee_seats")).to_have_text("1.242")
    expect(figure(page, "grassroots", "committee_elected")).to_have_text("11/1.242 (0,9%)")
    expect(figure(page, "grassroots", "full_leadership")).to_have_text("2/3 (66,7%)")
    # The previous term's column.
    previous_cells = page.locator(
        "table.figures[data-level=grassroots] tr[data-figure=incumbents_not_reelected] td"
    )
    expect(previous_cells).to_have_text(["2", "4"])
    expect(child_row(page, "Đơn vị A").locator("td").nth(1)).to_have_text("6/7 (85,7%)")

    # Move the as-of date back: A's congress (01/08) and b6's (20/07) drop out.
    page.fill("#f-as-of", "09/07/2020")
    page.press("#f-as-of", "Enter")
    expect(tile(page, "district")).to_have_text("0/2 (0%)")
    expect(tile(page, "branch")).to_have_text("4/6 (66,7%)")
    expect(tile(page, "grassroots")).to_have_text("3/3 (100%)")
    expect(child_row(page, "Đơn vị A").locator("td").nth(1)).to_have_text("5/7 (71,4%)")
    expect(child_row(page, "Đơn vị B").locator("td").nth(1)).to_have_text("2/4 (50,0%)")

    # Drill down: the province → district A (the date is kept) …
    page.locator("table.children a.drill", has_text="Đơn vị A").click()
    expect(page.locator("h1")).to_have_text("Đơn vị A")
    assert "as_of=2020-07-09" in page.url
    expect(page.locator("#f-as-of")).to_have_value("09/07/2020")
    expect(tile(page, "grassroots")).to_have_text("2/2 (100%)")
    expect(tile(page, "branch")).to_have_text("3/4 (75,0%)")
    expect(page.locator(".tile[data-level=district]")).to_have_count(0)

    # … → grassroots G1, whose children are branches (leaves) …
    page.locator("table.children a.drill", has_text="Đơn vị G1").click()
    expect(page.locator("h1")).to_have_text("Đơn vị G1")
    expect(tile(page, "branch")).to_have_text("2/3 (66,7%)")
    expect(page.locator("table.children tbody tr")).to_have_count(3)
    expect(child_row(page, "Đơn vị b3").locator("td").nth(1)).to_have_text("0/1 (0%)")

    # … → branch b1's unit page.
    page.locator("table.children a.drill", has_text="Đơn vị b1").click()
    expect(page.locator("h1")).to_have_text("Đơn vị b1")
    assert page.url.endswith(f"/units/{tree['b1'].pk}/")
    congresses = page.locator("#congresses tbody tr")
    expect(congresses).to_have_count(2)  # 2020-2025 and 2015-2020

    # The congress page, from the unit page.
    page.locator("#congresses a", has_text=tree.campaign.name).click()
    congress = Congress.objects.get(unit=tree["b1"], campaign=tree.campaign)
    assert page.url.endswith(f"/congresses/{congress.pk}/")
    expect(page.locator("h1")).to_contain_text("Đơn vị b1")
    expect(page.locator("dl.facts")).to_contain_text("01/05/2020")
    expect(page.locator("article.election")).to_have_count(3)
    expect(page.locator("article.election.has-shortfall")).to_have_count(0)
    expect(page.locator("#elections")).to_contain_text("committee 2")


# ------------------------------------------------------------------------------------------
# 2. Import: a good workbook, then a broken one
# ------------------------------------------------------------------------------------------

HEADERS = {
    "campaigns": ["code", "name", "previous_code"],
    "units": ["code", "name", "level", "parent_code", "members"],
    "congresses": [
        "campaign",
        "unit_code",
        "term",
        "kind",
        "planned_on",
        "held_on",
        "summoned",
        "attended",
    ],
    "elections": ["campaign", "unit_code", "body", "seats", "elected_by"],
    "candidates": [
        "campaign",
        "unit_code",
        "body",
        "full_name",
        "incumbent",
        "gender",
        "birth_year",
        "ethnicity",
        "votes",
        "elected",
    ],
}

C = "2020-2025"
GOOD: dict[str, list[list[Any]]] = {
    "campaigns": [
        ["2015-2020", "Nhiệm kỳ 2015–2020", None],
        [C, "Nhiệm kỳ 2020–2025", "2015-2020"],
    ],
    "units": [
        ["H1", "Huyện Mới", "district", "T", 0],
        ["X1", "Xã Mới", "grassroots", "H1", 120],
        ["C1", "Chi bộ Một", "branch", "X1", 30],
        ["C2", "Chi bộ Hai", "branch", "X1", 25],
    ],
    "congresses": [
        [C, "X1", "2020-2025", "members", "01/06/2020", "05/06/2020", 120, 118],
        [C, "C1", "2020-2022", "members", None, datetime.datetime(2020, 5, 2), 30, 29],
        [C, "C2", "2020-2022", "members", "20/07/2030", None, None, None],
    ],
    "elections": [
        [C, "X1", "committee", 3, "congress"],
        [C, "X1", "secretary", 1, "congress"],
    ],
    "candidates": [
        [C, "X1", "committee", "Nguyễn Văn An", 1, "male", 1970, "Kinh", 110, 1],
        [C, "X1", "committee", "Trần Thị Bình", 0, "female", 1988, "Tày", 100, 1],
        [C, "X1", "committee", "Lê Văn Cường", 1, "male", 1965, "Kinh", 40, 0],
        [C, "X1", "secretary", "Nguyễn Văn An", 1, "male", 1970, "Kinh", 115, 1],
    ],
}
# C1's members changed (a valid update that must not be written), a unit under an unknown
# parent, and an impossible date.
BROKEN: dict[str, list[list[Any]]] = {
    "units": [
        ["C1", "Chi bộ Một", "branch", "X1", 999],
        ["Y1", "Chi bộ Lạc", "branch", "KHONG-CO", 10],
    ],
    "congresses": [
        [C, "C1", "2020-2022", "members", None, "31/02/2020", 30, 29],
    ],
}


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(HEADERS[name])
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def small_root() -> Unit:
    """An empty province (the data migration's levels are flushed between browser tests)."""
    levels = ["province", "district", "grassroots", "branch"]
    for rank, code in enumerate(levels, 1):
        Level.objects.get_or_create(code=code, defaults={"name": code.title(), "rank": rank})
    province = Level.objects.get(code="province")
    return Unit.objects.add_root(create_kwargs={"code": "T", "name": "Tỉnh Thử", "level": province})


def database_state() -> dict[str, Any]:
    return {
        "units": sorted(Unit.objects.values_list("code", "members", "path")),
        "congresses": sorted(
            Congress.objects.values_list("unit__code", "campaign__code", "held_on")
        ),
        "campaigns": Campaign.objects.count(),
        "elections": Election.objects.count(),
        "candidates": Candidate.objects.count(),
    }


def submit_workbook(page: Any, path: Path) -> int:
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation() as navigation:
        page.click("form[enctype='multipart/form-data'] button[type=submit]")
    return navigation.value.status


def test_journey_import_good_then_broken_workbook(live_server, browser_page, small_root, tmp_path):
    page = browser_page
    user_with_grant("editor", small_root, Role.EDITOR)
    log_in(page, live_server, "editor", "pw-editor")

    # The import page, from the menu.
    page.locator("nav.nav a[href='/workbooks/import/']").click()
    assert page.url.endswith("/workbooks/import/")

    status = submit_workbook(page, write_workbook(tmp_path / "good.xlsx", GOOD))

    assert status == 200
    summary = page.locator("#import-summary")
    expect(summary).to_be_visible()
    expect(page.locator("#import-errors")).to_have_count(0)
    expect(summary.locator("tbody tr").filter(has_text="units").locator("td")).to_have_text(
        ["units", "4", "0"]
    )
    expect(summary.locator("tbody tr").filter(has_text="candidates").locator("td")).to_have_text(
        ["candidates", "4", "0"]
    )
    assert Unit.objects.get_parent(Unit.objects.get(code="C2")).code == "X1"
    assert Congress.objects.get(unit__code="X1").held_on == datetime.date(2020, 6, 5)

    # The imported data on the dashboard (as of today).
    page.click("a.brand")
    expect(page.locator("h1")).to_have_text("Tỉnh Thử")
    expect(tile(page, "district")).to_have_text("0/1 (0%)")
    expect(tile(page, "grassroots")).to_have_text("1/1 (100%)")
    expect(tile(page, "branch")).to_have_text("1/2 (50,0%)")
    expect(figure(page, "grassroots", "committee_elected")).to_have_text("2/3 (66,7%)")
    expect(figure(page, "grassroots", "committee_shortfall")).to_have_text("1")
    expect(figure(page, "grassroots", "ethnic_minority")).to_have_text("1/2 (50,0%)")
    expect(child_row(page, "Huyện Mới").locator("td").nth(1)).to_have_text("2/4 (50,0%)")

    # A broken workbook: every problem listed by sheet, row and column; nothing written.
    before = database_state()
    page.locator("nav.nav a[href='/workbooks/import/']").click()

    status = submit_workbook(page, write_workbook(tmp_path / "broken.xlsx", BROKEN))

    assert status == 422
    expect(page.locator("#import-summary")).to_have_count(0)
    errors = page.locator("#import-errors table.import-errors tbody tr")
    expect(errors).to_have_count(2)
    located = {
        tuple(errors.nth(i).locator("td").all_inner_texts()[:3]) for i in range(errors.count())
    }
    assert located == {("units", "3", "parent_code"), ("congresses", "2", "held_on")}
    expect(errors.filter(has_text="parent_code")).to_contain_text("KHONG-CO")
    expect(errors.filter(has_text="held_on")).to_contain_text("31/02/2020")
    assert database_state() == before
    assert Unit.objects.get(code="C1").members == 30
    assert not Unit.objects.filter(code="Y1").exists()


# ------------------------------------------------------------------------------------------
# 3. A district editor cannot open another district
# ------------------------------------------------------------------------------------------


def test_journey_district_editor_is_refused_other_district(live_server, browser_page, tree):
    page = browser_page
    user_with_grant("editor-a", tree["A"], Role.EDITOR)
    log_in(page, live_server, "editor-a", "pw-editor-a")

    # Home is district A; the province and district B are not offered.
    expect(page.locator("h1")).to_have_text("Đơn vị A")
    expect(page.locator("table.children a.drill")).to_have_text(["Đơn vị G1", "Đơn vị G2"])
    expect(page.locator(".breadcrumb a")).to_have_count(0)

    for path in (
        f"/?unit={tree['B'].pk}",
        f"/?unit={tree['P'].pk}",
        f"/units/{tree['b5'].pk}/",
        f"/congresses/{Congress.objects.get(unit=tree['G3'], campaign=tree.campaign).pk}/",
        f"/workbooks/export/?unit={tree['B'].pk}",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 403, path
        body = page.locator("body").inner_text()
        assert "Đơn vị G3" not in body and "Đơn vị b5" not in body, path

    # Their own district still opens.
    response = page.goto(f"{live_server.url}/?unit={tree['G1'].pk}")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("Đơn vị G1")
    assert Grant.objects.get(user__username="editor-a").unit == tree["A"]


# ------------------------------------------------------------------------------------------
# 4. Phone width
# ------------------------------------------------------------------------------------------


def test_journey_dashboard_on_a_phone(live_server, browser_page, tree, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    user_with_grant("viewer", tree["P"], Role.VIEWER)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_server, "viewer", "pw-viewer", path="/?as_of=2020-07-09")

    expect(tile(page, "branch")).to_have_text("4/6 (66,7%)")
    expect(tile(page, "branch")).to_be_in_viewport()
    # The page itself does not scroll sideways; wide tables scroll inside their wrapper.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide at a 390px viewport"
    link = page.locator("table.children a.drill", has_text="Đơn vị B")
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport()
    page.screenshot(path=str(tmp_path / "dashboard-390.png"), full_page=True)
    assert (tmp_path / "dashboard-390.png").stat().st_size > 0

    link.click()
    expect(page.locator("h1")).to_have_text("Đơn vị B")
    expect(tile(page, "branch")).to_have_text("1/2 (50,0%)")
    assert errors == []
