"""The one gate: who may see or change what. Every view, export and API call goes through here.

A grant on a unit covers its whole subtree (the unit and every descendant, found by path prefix).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from daihoi.accounts.models import Grant, Role, roles_at_least
from daihoi.units.models import Unit


class AccessDenied(PermissionDenied):
    """The user holds no sufficient grant over the object."""


def granted_paths(user: Any, role: str = Role.VIEWER) -> list[str]:
    """Paths of the units where the user holds `role` or more, without nested duplicates."""
    if not user.is_authenticated or not user.is_active:
        return []
    paths = sorted(
        Grant.objects.filter(user=user, role__in=roles_at_least(role)).values_list(
            "unit__path", flat=True
        )
    )
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def subtree_filter(user: Any, role: str = Role.VIEWER, prefix: str = "") -> Q:
    """A filter on units (through `prefix`, e.g. "congress__unit__") the user may act on."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q()
    paths = granted_paths(user, role)
    if not paths:
        return Q(pk__in=[])
    # A path range rather than LIKE 'path%': both databases serve it from the path index
    # ('~' sorts after every path character bytewise; SQLite's LIKE cannot use the index).
    q = Q()
    for path in paths:
        q |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path + "~"})
    return q


def can_access_unit(user: Any, unit: Unit, role: str = Role.VIEWER) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(unit.path.startswith(path) for path in granted_paths(user, role))


def access_unit(user: Any, unit: Unit, role: str = Role.VIEWER) -> Unit:
    """`unit` if the user holds `role` over it, else AccessDenied."""
    if not can_access_unit(user, unit, role):
        raise AccessDenied(_("You do not have access to this unit."))
    return unit


def access_unit_by_id(user: Any, unit_id: int, role: str = Role.VIEWER) -> Unit:
    unit = Unit.objects.select_related("level").filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return access_unit(user, unit, role)


def access_unit_by_code(user: Any, code: str, role: str = Role.VIEWER) -> Unit:
    unit = Unit.objects.select_related("level").filter(code=code).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return access_unit(user, unit, role)


def list_accessible_units(user: Any, role: str = Role.VIEWER) -> QuerySet[Unit]:
    return Unit.objects.filter(subtree_filter(user, role))


def home_unit(user: Any) -> Unit | None:
    """The highest unit the user may see: where their dashboard opens."""
    if user.is_authenticated and user.is_superuser:
        return Unit.objects.get_root_nodes().select_related("level").first()
    paths = granted_paths(user, Role.VIEWER)
    if not paths:
        return None
    best = min(paths, key=lambda p: (len(p), p))
    return Unit.objects.select_related("level").get(path=best)


def is_administrator_of(user: Any, unit: Unit) -> bool:
    return can_access_unit(user, unit, Role.ADMINISTRATOR)
