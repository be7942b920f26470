"""Vietnamese first: the language is the user's explicit choice, else LANGUAGE_CODE.

Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers in
Vietnam send English; the product is Vietnamese unless the user picks English with the switch
in the top bar (/i18n/setlang/, remembered in the language cookie).
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request: HttpRequest) -> str:
    """The language from the cookie set by /i18n/setlang/ if it is one we offer."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    try:
        return translation.get_supported_language_variant(code) if code else settings.LANGUAGE_CODE
    except LookupError:
        return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without Accept-Language negotiation (no i18n URL prefixes here)."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
