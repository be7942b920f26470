"""The JSON API at /api/v1/ (django-ninja): authentication, errors, and the routers of each app.

Authentication: a bearer token (`Authorization: Bearer dh_…`, see `daihoi manage create_token`)
or the browser session (with CSRF on unsafe methods). Every endpoint then goes through the
`accounts.queries` gates, so the API sees exactly what the user sees in the web app.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer, django_auth

from daihoi.accounts.models import ApiToken
from daihoi.campaigns.api import router as campaigns_router
from daihoi.stats.api import router as stats_router
from daihoi.units.api import router as units_router


class BearerToken(HttpBearer):
    """`Authorization: Bearer dh_…`, matched by the SHA-256 of the token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        )
        if found is None or not found.user.is_active:
            return None
        return found.user


api = NinjaAPI(
    title="daihoi API",
    version="1",
    description="Units, congresses and statistics, scoped to the caller's granted units.",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
    # Served from the ninja package's static files; no validator badge fetched from the web.
    docs=Swagger(settings={"validatorUrl": None}),
)


def _error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(
        request,
        401,
        _("Authentication required: log in, or send the header 'Authorization: Bearer <token>'."),
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, str(exc) or _("You do not have access to this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, str(exc) or _("Not found."))


@api.exception_handler(DjangoValidationError)
def _invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        message = "; ".join(f"{f}: {' '.join(m)}" for f, m in errors.items())
        return _error(request, 400, message, errors=errors)
    return _error(request, 400, " ".join(exc.messages))


@api.exception_handler(InputError)
def _bad_input(request: HttpRequest, exc: InputError) -> HttpResponse:
    parts = []
    for err in exc.errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body", "path"))
        parts.append(f"{where}: {err.get('msg', '')}" if where else str(err.get("msg", "")))
    return _error(request, 422, "; ".join(parts) or _("Invalid input."), errors=exc.errors)


api.add_router("/units/", units_router, tags=["units"])
api.add_router("/", campaigns_router, tags=["campaigns"])
api.add_router("/stats/", stats_router, tags=["statistics"])
