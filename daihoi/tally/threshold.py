"""The threshold to be elected (trúng cử) and percentages of the base, in exact integers.

QĐ 190-QĐ/TW Điều 30 (QĐ 244-QĐ/TW Điều 32): results are counted on valid ballots, and a
candidate passes with *more than half* of the base (election-rules.md §2.7) — not of the valid
ballots, nor of those present.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import TallyError


def needed_votes(base: int) -> int:
    """The least number of votes that passes: floor(base / 2) + 1."""
    if base < 1:
        raise TallyError(f"the base must be at least 1, not {base}")
    return base // 2 + 1


def passes(votes: int, base: int) -> bool:
    """True iff votes are strictly more than half of the base (votes × 2 > base)."""
    return votes * 2 > base


def percent_of(part: int, whole: int, decimals: int = 2, rounding: str = "half_up") -> str:
    """`part / whole` as a percentage string with `decimals` places, e.g. "54.17".

    Computed on integers (no intermediate rounding), then shown through Decimal. `rounding` is
    "half_up" (away from zero at exactly half) or "down" (truncate toward zero).
    """
    if whole < 1:
        raise TallyError(f"cannot take a percentage of {whole}")
    if rounding not in ("half_up", "down"):
        raise TallyError(f"unknown rounding {rounding!r}")
    negative = part < 0
    scaled_num = abs(part) * 100 * 10**decimals
    units, remainder = divmod(scaled_num, whole)
    if rounding == "half_up" and remainder * 2 >= whole:
        units += 1
    value = Decimal(-units if negative and units else units).scaleb(-decimals)
    return f"{value:.{decimals}f}"
