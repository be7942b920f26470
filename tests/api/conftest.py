import pytest

from daihoi.accounts.actions import do_create_api_token
from daihoi.accounts.models import Role
from tests.accounts.tree import Tree, build_tree, make_user


@pytest.fixture
def tree(db) -> Tree:
    return build_tree()


def bearer(user) -> dict[str, str]:
    """Headers authenticating as `user` with a fresh API token."""
    _token, raw = do_create_api_token(None, user)
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def a_viewer(tree):
    return make_user("a_viewer", {tree["A"]: Role.VIEWER})


@pytest.fixture
def a_editor(tree):
    return make_user("a_editor", {tree["A"]: Role.EDITOR})


@pytest.fixture
def b_editor(tree):
    return make_user("b_editor", {tree["B"]: Role.EDITOR})


@pytest.fixture
def superuser(tree):
    return make_user("root", is_superuser=True, is_staff=True)
