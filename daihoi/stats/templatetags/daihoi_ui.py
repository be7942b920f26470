"""Template helpers: Vietnamese-style numbers and percentages, and the audit-log menu check."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from daihoi.accounts.models import Role
from daihoi.accounts.queries import granted_paths

register = template.Library()

_ONE_DECIMAL = Decimal("0.1")


def format_count(value: Any) -> str:
    """An integer with the active language's thousand separator: 4.195 (vi), 4,195 (en)."""
    if value is None or value == "":
        return "—"
    return number_format(int(value), force_grouping=True)


def format_percent(part: Any, whole: Any) -> str:
    """`part` of `whole` as a percentage with one decimal: 99,5% (vi), 99.5% (en).

    0% and 100% are written without decimals, as reports do; a part short of the whole never
    rounds up to 100%, and a non-zero part never rounds down to 0%. No whole gives "—".
    """
    if part is None or not whole:
        return "—"
    part, whole = int(part), int(whole)
    if part == 0:
        return "0%"
    if part == whole:
        return "100%"
    pct = (Decimal(part) * 100 / Decimal(whole)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
    pct = min(max(pct, _ONE_DECIMAL), Decimal("99.9")) if part < whole else pct
    return number_format(pct, decimal_pos=1, force_grouping=True) + "%"


@register.filter
def count(value: Any) -> str:
    return format_count(value)


@register.filter
def percent(part: Any, whole: Any) -> str:
    """Usage: {{ held|percent:units }}."""
    return format_percent(part, whole)


@register.filter
def ratio(part: Any, whole: Any) -> float:
    """part / whole in 0…1 for progress bars (0 when there is no whole)."""
    if not part or not whole:
        return 0.0
    return min(1.0, int(part) / int(whole))


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """mapping[key], or None."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def shows_audit_log(user: Any) -> bool:
    """Whether the user administers some unit (and so may read its audit log)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bool(granted_paths(user, Role.ADMINISTRATOR))
