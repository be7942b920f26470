"""API: the units a user may see. Thin: parse, gate (accounts.queries), serialize."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from daihoi.accounts.queries import (
    access_unit_by_code,
    granted_paths,
    list_accessible_units,
)
from daihoi.api_common import ERRORS, bad_request, page_of, user_of
from daihoi.units.models import Level, Unit

router = Router()


class UnitOut(Schema):
    code: str
    name: str
    level: str
    level_name: str
    members: int
    parent_code: str | None
    children: int


class UnitPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[UnitOut]


def parent_codes(units: Iterable[Unit]) -> dict[str, str]:
    """{path: code} of the parents of `units`, in one query."""
    paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    if not paths:
        return {}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "code"))


def unit_out(unit: Unit, parents: dict[str, str]) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level.code,
        "level_name": unit.level.name,
        "members": unit.members,
        "parent_code": parents.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None,
        "children": unit.numchild,
    }


@router.get("/", response={200: UnitPage, **ERRORS}, summary="List units")
def list_units(
    request: HttpRequest,
    parent: str | None = None,
    level: str | None = None,
    page: int = 1,
    page_size: int = Query(100, ge=1, le=1000),
) -> Any:
    """Units the caller may see.

    - `parent`: the children of that unit (or, with `level`, every unit of that level below it);
    - no `parent`: the caller's top units (where their grants start), or with `level`, every
      unit of that level the caller may see.
    """
    user = user_of(request)
    if level is not None and not Level.objects.filter(code=level).exists():
        raise bad_request(_("Unknown level '%(level)s'.") % {"level": level})
    if parent:
        top = access_unit_by_code(user, parent)
        units = Unit.objects.filter(path__startswith=top.path, depth__gt=top.depth)
        if level is None:
            units = units.filter(depth=top.depth + 1)
    elif level is not None:
        units = list_accessible_units(user)
    elif user.is_superuser:
        units = Unit.objects.filter(depth=1)
    else:
        units = Unit.objects.filter(path__in=granted_paths(user))
    if level is not None:
        units = units.filter(level__code=level)
    rows, meta = page_of(units.select_related("level").order_by("path"), page, page_size)
    parents = parent_codes(rows)
    return {**meta, "items": [unit_out(u, parents) for u in rows]}


@router.get("/{code}", response={200: UnitOut, **ERRORS}, summary="One unit")
def get_unit(request: HttpRequest, code: str) -> Any:
    unit = access_unit_by_code(user_of(request), code)
    return unit_out(unit, parent_codes([unit]))
