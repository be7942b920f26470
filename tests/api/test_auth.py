"""API authentication: bearer token or session (with CSRF on writes); errors are JSON."""

import pytest
from django.test import Client

from daihoi.accounts.actions import do_create_api_token
from daihoi.campaigns.models import Congress
from tests.api.conftest import bearer

URL_PATCH = "/api/v1/congresses/2020-2025/A1"


def test_no_credentials_is_401_json(client, tree):
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in response.json()["detail"]


def test_token_authenticates(client, a_viewer):
    response = client.get("/api/v1/units/", headers=bearer(a_viewer))
    assert response.status_code == 200
    assert [u["code"] for u in response.json()["items"]] == ["A"]


@pytest.mark.parametrize(
    "header",
    ["Bearer dh_not-a-real-token", "Bearer ", "Token whatever", "dh_raw-without-scheme"],
)
def test_bad_token_is_401(client, a_viewer, header):
    do_create_api_token(None, a_viewer)
    response = client.get("/api/v1/units/", headers={"Authorization": header})
    assert response.status_code == 401


def test_token_of_inactive_user_is_401(client, a_viewer):
    headers = bearer(a_viewer)
    a_viewer.is_active = False
    a_viewer.save()
    assert client.get("/api/v1/units/", headers=headers).status_code == 401


def test_session_authenticates(client, a_viewer):
    client.force_login(a_viewer)
    response = client.get("/api/v1/units/A")
    assert response.status_code == 200
    assert response.json()["code"] == "A"


def test_session_patch_without_csrf_is_refused(tree, a_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(a_editor)
    response = client.patch(URL_PATCH, {"pilot": True}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Congress.objects.get(unit__code="A1").pilot is False


def test_session_patch_with_csrf_token_succeeds(tree, a_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(a_editor)
    client.get("/api/v1/docs")  # renders a CSRF token, so sets the cookie
    token = client.cookies["csrftoken"].value
    response = client.patch(
        URL_PATCH, {"pilot": True}, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200, response.content
    assert Congress.objects.get(unit__code="A1").pilot is True


def test_token_patch_needs_no_csrf(tree, a_editor):
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        URL_PATCH, {"pilot": True}, content_type="application/json", headers=bearer(a_editor)
    )
    assert response.status_code == 200
    assert Congress.objects.get(unit__code="A1").pilot is True
