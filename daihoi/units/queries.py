"""Reads of the unit tree for pages (the gate itself is accounts.queries.access_unit*)."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from daihoi.accounts.models import Role
from daihoi.accounts.queries import granted_paths
from daihoi.units.models import Unit

CHILDREN_PER_PAGE = 50


def list_ancestors(unit: Unit) -> QuerySet[Unit]:
    """The unit's ancestors from the root down, in one query."""
    return Unit.objects.get_ancestors(unit).select_related("level")


def list_children(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.get_children(unit).select_related("level").order_by("path")


def page_of_children(unit: Unit, page_number: str | int | None) -> Page:
    """One page of the unit's children; the number of queries does not grow with their count."""
    return Paginator(list_children(unit), CHILDREN_PER_PAGE).get_page(page_number)


def breadcrumb(user: Any, unit: Unit) -> list[tuple[Unit, bool]]:
    """The unit's ancestors from the root down, each with whether the user may open it."""
    ancestors = list(list_ancestors(unit))
    if not ancestors:
        return []
    if user.is_superuser:
        return [(a, True) for a in ancestors]
    paths = granted_paths(user, Role.VIEWER)
    return [(a, any(a.path.startswith(p) for p in paths)) for a in ancestors]
