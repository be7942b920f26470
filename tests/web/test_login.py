"""Logging in and out, and the language switch."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.web.dashboard_tree import build_tree, user_with_grant

pytestmark = pytest.mark.django_db


def test_login_page_renders(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert "csrfmiddlewaretoken" in html


def test_login_with_right_password_opens_the_dashboard(client):
    tree = build_tree()
    user_with_grant("lan", tree["A"])
    response = client.post(
        reverse("accounts:login"), {"username": "lan", "password": "pw-lan"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("stats:dashboard")
    assert response.context["user"].username == "lan"
    assert response.context["d"].unit == tree["A"]
    assert "lan" in response.content.decode()


def test_login_with_wrong_password_is_refused(client):
    user_with_grant("lan")
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_login_redirects_to_next(client):
    tree = build_tree()
    user_with_grant("lan", tree["P"])
    target = reverse("stats:dashboard") + f"?unit={tree['A'].pk}"
    response = client.post(
        reverse("accounts:login") + "?next=" + target,
        {"username": "lan", "password": "pw-lan", "next": target},
    )
    assert response["Location"] == target


def test_logout_by_post_ends_the_session(client):
    client.force_login(user_with_grant("lan"))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("stats:dashboard")).status_code == 302


def test_language_switch_sets_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html


def test_login_page_defaults_to_vietnamese(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="vi">' in html
