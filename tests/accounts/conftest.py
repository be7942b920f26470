import pytest

from tests.accounts.tree import Tree, build_tree


@pytest.fixture
def tree(db) -> Tree:
    return build_tree()
