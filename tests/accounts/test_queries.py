"""The access gate (accounts.queries), table-driven: who may act on which unit with which role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.accounts.models import Grant, Role
from daihoi.accounts.queries import (
    AccessDenied,
    access_unit,
    access_unit_by_code,
    access_unit_by_id,
    can_access_unit,
    home_unit,
    is_administrator_of,
    list_accessible_units,
    subtree_filter,
)
from daihoi.campaigns.models import Congress
from daihoi.units.models import Unit
from tests.accounts.tree import make_user

V, E, A = Role.VIEWER, Role.EDITOR, Role.ADMINISTRATOR

# (case, grants {unit: role}, user flags, target unit, required role, allowed)
GATE_CASES = [
    ("viewer sees own district", {"A": V}, {}, "A", V, True),
    ("viewer sees a branch below", {"A": V}, {}, "A1a", V, True),
    ("viewer cannot edit", {"A": V}, {}, "A1", E, False),
    ("viewer denied sibling district", {"A": V}, {}, "B", V, False),
    ("viewer denied sibling's child", {"A": V}, {}, "B1", V, False),
    ("viewer denied ancestor", {"A": V}, {}, "P", V, False),
    ("editor edits below", {"A": E}, {}, "A1", E, True),
    ("editor sees below", {"A": E}, {}, "A2", V, True),
    ("editor is not administrator", {"A": E}, {}, "A1", A, False),
    ("editor denied sibling district", {"A": E}, {}, "B", E, False),
    ("editor denied ancestor", {"A": E}, {}, "P", V, False),
    ("administrator administers below", {"A": A}, {}, "A1a", A, True),
    ("administrator edits own unit", {"A": A}, {}, "A", E, True),
    ("administrator denied ancestor", {"A": A}, {}, "P", A, False),
    ("administrator denied sibling", {"A": A}, {}, "B1", V, False),
    ("superuser without grants", {}, {"is_superuser": True}, "B1", A, True),
    ("inactive administrator", {"P": A}, {"is_active": False}, "A", V, False),
    ("inactive superuser", {}, {"is_superuser": True, "is_active": False}, "A", V, False),
    ("no grant at all", {}, {}, "A", V, False),
    ("nested: editor below a viewer grant", {"P": V, "A": E}, {}, "A1", E, True),
    ("nested: viewer grant elsewhere", {"P": V, "A": E}, {}, "B", E, False),
    ("nested: viewer grant covers sibling", {"P": V, "A": E}, {}, "B1", V, True),
    ("nested: lower grant below keeps higher", {"A": E, "A1": V}, {}, "A1a", E, True),
    ("two districts", {"A1": V, "B": E}, {}, "B1", E, True),
    ("two districts, not the parent", {"A1": V, "B": E}, {}, "A", V, False),
]


def _user(tree, name, grants, flags):
    return make_user(name, {tree[code]: role for code, role in grants.items()}, **flags)


@pytest.mark.parametrize(
    ("grants", "flags", "target", "role", "allowed"),
    [c[1:] for c in GATE_CASES],
    ids=[c[0] for c in GATE_CASES],
)
def test_gate_table(tree, grants, flags, target, role, allowed):
    user = _user(tree, "u", grants, flags)
    unit = tree[target]
    assert can_access_unit(user, unit, role) is allowed
    # The filter agrees with the single-unit check.
    assert Unit.objects.filter(subtree_filter(user, role), pk=unit.pk).exists() is allowed
    # And the raising gates too.
    if allowed:
        assert access_unit(user, unit, role) == unit
        assert access_unit_by_code(user, target, role) == unit
        assert access_unit_by_id(user, unit.pk, role) == unit
    else:
        with pytest.raises(AccessDenied):
            access_unit(user, unit, role)
        with pytest.raises(AccessDenied):
            access_unit_by_code(user, target, role)


def test_gate_anonymous_denied_everywhere(tree):
    anonymous = AnonymousUser()
    for unit in tree.units.values():
        assert can_access_unit(anonymous, unit) is False
    assert list_accessible_units(anonymous).count() == 0
    assert home_unit(anonymous) is None
    with pytest.raises(AccessDenied):
        access_unit_by_code(anonymous, "A")


def test_gate_unknown_unit_is_404(tree):
    user = _user(tree, "u", {"P": A}, {})
    with pytest.raises(Http404):
        access_unit_by_code(user, "NOPE")
    with pytest.raises(Http404):
        access_unit_by_id(user, 10**9)


LIST_CASES = [
    ("viewer on A", {"A": V}, {}, V, {"A", "A1", "A1a", "A2"}),
    ("viewer on A asks editor", {"A": V}, {}, E, set()),
    ("nested grants", {"P": V, "A1": E}, {}, E, {"A1", "A1a"}),
    ("nested grants viewer", {"P": V, "A1": E}, {}, V, {"P", "A", "A1", "A1a", "A2", "B", "B1"}),
    ("two subtrees", {"A1": V, "B": A}, {}, V, {"A1", "A1a", "B", "B1"}),
    ("superuser", {}, {"is_superuser": True}, A, {"P", "A", "A1", "A1a", "A2", "B", "B1"}),
    ("inactive", {"P": A}, {"is_active": False}, V, set()),
]


@pytest.mark.parametrize(
    ("grants", "flags", "role", "expected"),
    [c[1:] for c in LIST_CASES],
    ids=[c[0] for c in LIST_CASES],
)
def test_list_accessible_units_table(tree, grants, flags, role, expected):
    user = _user(tree, "u", grants, flags)
    assert set(list_accessible_units(user, role).values_list("code", flat=True)) == expected


def test_subtree_filter_through_prefix_scopes_congresses(tree):
    user = _user(tree, "u", {"A": V}, {})
    codes = set(
        Congress.objects.filter(subtree_filter(user, prefix="unit__")).values_list(
            "unit__code", flat=True
        )
    )
    assert codes == {"A", "A1", "A1a", "A2"}


@pytest.mark.parametrize(
    ("grants", "flags", "expected"),
    [
        ({"A": V}, {}, "A"),
        ({"A1a": V, "B1": E}, {}, "B1"),
        ({"A1": V, "A": E}, {}, "A"),
        ({}, {"is_superuser": True}, "P"),
        ({}, {}, None),
        ({"A": A}, {"is_active": False}, None),
    ],
)
def test_home_unit_is_highest_granted(tree, grants, flags, expected):
    user = _user(tree, "u", grants, flags)
    home = home_unit(user)
    assert (home.code if home else None) == expected


def test_is_administrator_of(tree):
    admin = _user(tree, "adm", {"A": A}, {})
    editor = _user(tree, "ed", {"A": E}, {})
    assert is_administrator_of(admin, tree["A1"]) is True
    assert is_administrator_of(admin, tree["B"]) is False
    assert is_administrator_of(editor, tree["A1"]) is False


CODES = ["P", "A", "A1", "A1a", "A2", "B", "B1"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(grants=st.dictionaries(st.sampled_from(CODES), st.sampled_from([V, E, A]), max_size=3))
def test_gate_property_check_agrees_with_list(tree, grants):
    """For any set of grants, a unit passes the gate iff it is in the user's list, and it
    passes iff some grant of a sufficient role is on the unit or one of its ancestors."""
    user = _user(tree, "prop", grants, {})
    try:
        for role in (V, E, A):
            listed = set(list_accessible_units(user, role).values_list("code", flat=True))
            for code in CODES:
                unit = tree[code]
                covering = [
                    g
                    for g, r in grants.items()
                    if unit.path.startswith(tree[g].path)
                    and {V: 1, E: 2, A: 3}[r] >= {V: 1, E: 2, A: 3}[role]
                ]
                assert can_access_unit(user, unit, role) is bool(covering)
                assert (code in listed) is bool(covering)
    finally:
        Grant.objects.filter(user=user).delete()
        user.delete()
