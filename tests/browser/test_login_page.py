"""Smoke test in real Chromium: the login page loads, offline, and has its form."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_loads_offline(live_server, browser_page):
    requested: list[str] = []
    browser_page.on("request", lambda request: requested.append(request.url))

    response = browser_page.goto(f"{live_server.url}/accounts/login/")

    assert response is not None and response.status == 200
    assert browser_page.title().endswith("· daihoi")
    assert browser_page.locator("input[name=username]").count() == 1
    assert browser_page.locator("input[name=password]").count() == 1
    own = urlsplit(live_server.url).netloc
    assert [url for url in requested if urlsplit(url).netloc != own] == []
