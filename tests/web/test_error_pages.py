import pytest

from tests.web.dashboard_tree import build_tree, user_with_grant


@pytest.mark.django_db
def test_error_page_403_explains_the_scope(client):
    tree = build_tree()
    user = user_with_grant("viewer_a", tree["A"], "viewer")
    client.force_login(user)
    district_b = tree["B"]
    response = client.get(f"/?unit={district_b.pk}")
    assert response.status_code == 403
    assert b'href="/"' in response.content
    assert district_b.name.encode() not in response.content


@pytest.mark.django_db
def test_error_page_404_for_unknown_unit(client):
    tree = build_tree()
    client.force_login(user_with_grant("viewer_a", tree["A"], "viewer"))
    response = client.get("/units/999999/")
    assert response.status_code == 404
    assert b'href="/"' in response.content
