"""The API's docs page renders in real Chromium without any request leaving the server."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_offline(live_server, browser_page):
    requested: list[str] = []
    browser_page.on("request", lambda request: requested.append(request.url))

    response = browser_page.goto(f"{live_server.url}/api/v1/docs")

    assert response is not None and response.status == 200
    # Swagger UI fetched the schema and drew the operations.
    browser_page.wait_for_selector(".opblock", timeout=15_000)
    assert browser_page.locator(".opblock").count() >= 6
    own = urlsplit(live_server.url).netloc
    assert any(url.endswith("/api/v1/openapi.json") for url in requested)
    assert [url for url in requested if urlsplit(url).netloc != own] == []
