import pytest

from daihoi.units.models import Unit
from daihoi.units.queries import CHILDREN_PER_PAGE, breadcrumb, page_of_children
from tests.campaigns.factories import level, make_admin, make_tree, make_user

pytestmark = pytest.mark.django_db


def test_breadcrumb_links_only_what_the_user_may_open():
    tree = make_tree()
    user = make_user("a", tree["A"], "viewer")
    crumbs = [(u.code, ok) for u, ok in breadcrumb(user, tree["A1a"])]
    assert crumbs == [("P", False), ("A", True), ("A1", True)]
    assert [(u.code, ok) for u, ok in breadcrumb(make_admin(), tree["A1a"])] == [
        ("P", True),
        ("A", True),
        ("A1", True),
    ]
    assert breadcrumb(user, tree["P"]) == []


def test_page_of_children_pages_by_fifty_in_tree_order():
    tree = make_tree()
    parent = tree["B1"]
    for i in range(CHILDREN_PER_PAGE + 3):
        Unit.objects.add_child(
            Unit.objects.get(pk=parent.pk),
            {"code": f"B1-{i:03}", "name": f"Chi bộ {i}", "level": level("branch")},
        )
    parent = Unit.objects.get(pk=parent.pk)
    first = page_of_children(parent, 1)
    last = page_of_children(parent, "2")
    assert len(first) == CHILDREN_PER_PAGE
    assert [u.code for u in last] == ["B1-050", "B1-051", "B1-052"]
    assert page_of_children(parent, "nonsense").number == 1
