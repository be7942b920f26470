"""Helpers shared by the API routers (kept apart from daihoi.api so routers import no cycle)."""

import math
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError


def bad_request(message: str) -> HttpError:
    return HttpError(400, message)


def page_of(items: Any, page: int, page_size: int) -> tuple[list[Any], dict[str, int]]:
    """One page of a queryset: the rows and {count, page, pages, page_size}."""
    if page < 1:
        raise bad_request(_("The page number must be 1 or more."))
    count = items.count()
    pages = max(1, math.ceil(count / page_size))
    start = (page - 1) * page_size
    rows = list(items[start : start + page_size])
    return rows, {"count": count, "page": page, "pages": pages, "page_size": page_size}


class ErrorOut(Schema):
    """Every error: one clear message (and, for bad input, the details)."""

    detail: str


ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def user_of(request: HttpRequest) -> Any:
    """The authenticated user, whether by token or session."""
    return request.auth  # type: ignore[attr-defined]
