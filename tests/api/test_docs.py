"""The OpenAPI schema and its docs page, served offline."""

import re

import pytest


def test_openapi_json_lists_the_endpoints(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "daihoi API"
    for path in (
        "/api/v1/units/",
        "/api/v1/units/{code}",
        "/api/v1/campaigns/",
        "/api/v1/congresses/",
        "/api/v1/congresses/{campaign}/{unit_code}",
        "/api/v1/stats/",
    ):
        assert path in schema["paths"], path
    assert "patch" in schema["paths"]["/api/v1/congresses/{campaign}/{unit_code}"]
    assert {"BearerToken", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_docs_page_has_no_external_urls(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls, "the docs page references its assets"
    assert [u for u in urls if not u.startswith("/static/")] == []
    assert "//" not in "".join(urls)
    assert not re.search(r"https?://", html)
    assert '"validatorUrl": null' in html


@pytest.mark.parametrize(
    "asset", ["ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js"]
)
def test_docs_assets_are_served_locally(client, db, asset):
    response = client.get(f"/static/{asset}")
    assert response.status_code == 200
