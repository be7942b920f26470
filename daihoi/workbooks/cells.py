"""Turning one Excel cell into a Python value, or a CellError with a full-sentence message.

Empty cells (None or blank text) give None (False for booleans); the caller decides whether
a value is required.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _


class CellError(ValueError):
    """The cell's value cannot be used; str(exc) is the message shown to the user."""


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any, max_length: int) -> str:
    """Trimmed text ("" when empty); integral numbers keep no ".0" (codes typed as numbers)."""
    if is_empty(value):
        return ""
    if isinstance(value, bool):
        raise CellError(_("Expected text, not a true/false value."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        raise CellError(_("Expected text, not a date."))
    out = unicodedata.normalize("NFC", " ".join(str(value).split()))
    if len(out) > max_length:
        raise CellError(
            _("This text is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(out), "max": max_length}
        )
    return out


def whole_number(value: Any, maximum: int = 2_147_483_647) -> int | None:
    """A whole number ≥ 0. Integral floats (12.0) are accepted; 12.5 and -1 are not."""
    if is_empty(value):
        return None
    if isinstance(value, bool | datetime.date | datetime.datetime):
        raise CellError(_("Expected a whole number."))
    if isinstance(value, int):
        number = value
    else:
        try:
            dec = Decimal(str(value).strip())
        except InvalidOperation:
            raise CellError(
                _("“%(value)s” is not a number; expected a whole number.") % {"value": value}
            ) from None
        if not dec.is_finite() or dec != dec.to_integral_value():
            raise CellError(_("%(value)s is not a whole number.") % {"value": value})
        number = int(dec)
    if number < 0:
        raise CellError(_("%(value)s is negative; expected zero or more.") % {"value": number})
    if number > maximum:
        raise CellError(_("%(value)s is too large.") % {"value": number})
    return number


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def date(value: Any) -> datetime.date | None:
    """An Excel date cell, or text dd/mm/yyyy (also yyyy-mm-dd)."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        raw = value.strip()
        if match := _DMY.match(raw):
            day, month, year = (int(g) for g in match.groups())
        elif match := _YMD.match(raw):
            year, month, day = (int(g) for g in match.groups())
        else:
            raise CellError(
                _("“%(value)s” is not a date; write it as dd/mm/yyyy, e.g. 09/07/2020.")
                % {"value": raw}
            )
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise CellError(
                _("“%(value)s” is not a valid calendar date.") % {"value": raw}
            ) from None
    raise CellError(
        _("%(value)s is not a date; use a date cell or dd/mm/yyyy text.") % {"value": value}
    )


_TRUE = {"1", "true", "x", "yes", "có"}
_FALSE = {"0", "false", "no", "không"}


def boolean(value: Any) -> bool:
    """0/1 (also TRUE/FALSE cells, and "x" for yes); empty means no."""
    if is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        raw = value.strip().lower()
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
    raise CellError(_("“%(value)s” is not 0 or 1.") % {"value": value})


def choice(value: Any, choices: dict[str, str], what: str) -> str | None:
    """One of `choices` (keys are lower-case spellings, values the stored codes)."""
    if is_empty(value):
        return None
    raw = unicodedata.normalize("NFC", " ".join(str(value).split())).lower()
    if raw in choices:
        return choices[raw]
    allowed = ", ".join(sorted(set(choices.values())))
    raise CellError(
        _("“%(value)s” is not a known %(what)s; use one of: %(allowed)s.")
        % {"value": value, "what": what, "allowed": allowed}
    )
