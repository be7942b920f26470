"""Checks of an election list against the surplus rules (số dư), election-rules.md §2.5.

QĐ 190-QĐ/TW Điều 14 [V]: for the committee and the standing committee the list must exceed
the number to elect; the congress decides the maximum surplus, at most 30% of the number to
elect; the convening committee prepares a surplus of 10–15%; a person nominated from the floor
or self-nominated goes on the list only with the agreement of more than 30% of those attending.
Bodies of 3–5 members: at most one extra name [S]. These checks report; they never stop a count,
since the congress has voted the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import TallyError
from .result import PreparedReport, SurplusReport
from .rulesets import Options
from .threshold import percent_of

# The bodies for which Điều 14 khoản 1 requires a surplus and caps it [V].
CAPPED_BODIES = ("committee", "standing_committee")
SMALL_BODY = range(3, 6)


def _share(seats: int, percent: int, rounding: str) -> int:
    """`percent`% of `seats` as a whole number of people, rounded as configured."""
    numerator = seats * percent
    if rounding == "floor":
        return numerator // 100
    if rounding == "ceil":
        return -(-numerator // 100)
    return (numerator * 2 + 100) // 200  # half up


def max_candidates(seats: int, options: Options | None = None) -> int:
    """The most names the list may hold: seats + the allowed surplus.

    The surplus is `surplus_max_percent` of the seats rounded by `surplus_cap_rounding`
    (default: 30%, rounded down); a body of 3–5 seats may have `small_body_max_surplus` (1).
    """
    opts = options or Options()
    if seats in SMALL_BODY:
        return seats + opts.small_body_max_surplus
    return seats + _share(seats, opts.surplus_max_percent, opts.surplus_cap_rounding)


@dataclass(frozen=True)
class PreparedCheck:
    min_candidates: int
    max_candidates: int


def prepared_range(seats: int, options: Options | None = None) -> PreparedCheck:
    """The size of the convening committee's list for a 10–15% surplus (Điều 14 khoản 1).

    People are whole: at least one extra name, 10% rounded up, 15% rounded down, and never a
    range narrower than that one extra name. Bodies of 3–5 seats: one extra name.
    """
    opts = options or Options()
    if seats in SMALL_BODY:
        low = high = seats + max(1, opts.small_body_max_surplus)
        return PreparedCheck(low, high)
    low = seats + max(1, -(-seats * 10 // 100))
    high = max(low, seats + seats * 15 // 100)
    return PreparedCheck(low, high)


def check_prepared_list(
    prepared: int, seats: int, options: Options | None = None
) -> PreparedReport:
    """Whether the convening committee's proposed list has the 10–15% surplus."""
    opts = options or Options()
    rng = prepared_range(seats, opts)
    return PreparedReport(
        candidates=prepared,
        percent=percent_of(prepared - seats, seats, opts.percent_decimals, opts.percent_rounding),
        min_candidates=rng.min_candidates,
        max_candidates=rng.max_candidates,
        ok=rng.min_candidates <= prepared <= rng.max_candidates,
    )


def check_surplus(
    candidates: int,
    seats: int,
    body: str,
    options: Options | None = None,
    round: int = 1,
    prepared: int | None = None,
) -> SurplusReport:
    """The list against Điều 14: surplus required and capped for the committee and the BTV.

    Problems: `no_surplus` (a committee or BTV list not longer than the seats, first round),
    `over_cap` (more names than `max_candidates`), `fewer_candidates_than_seats` (first round).
    """
    opts = options or Options()
    if seats < 1:
        raise TallyError(f"seats must be at least 1, not {seats}")
    capped = body in CAPPED_BODIES
    cap = max_candidates(seats, opts)
    problems: list[str] = []
    if capped and round == 1 and candidates <= seats:
        problems.append("no_surplus")
    if capped and candidates > cap:
        problems.append("over_cap")
    if round == 1 and candidates < seats:
        problems.append("fewer_candidates_than_seats")
    return SurplusReport(
        candidates=candidates,
        seats=seats,
        surplus=candidates - seats,
        percent=percent_of(candidates - seats, seats, opts.percent_decimals, opts.percent_rounding),
        max_percent=opts.surplus_max_percent,
        max_candidates=cap,
        required=capped and round == 1,
        ok=not problems,
        problems=tuple(problems),
        prepared=None if prepared is None else check_prepared_list(prepared, seats, opts),
    )


def floor_nominee_admitted(agree: int, attending: int) -> bool:
    """A floor or self-nominee goes on the list iff agree > 30% of those attending (Điều 14)."""
    if attending < 1:
        raise TallyError("the number attending must be at least 1")
    if not 0 <= agree <= attending:
        raise TallyError(f"{agree} agreeing cannot come from {attending} attending")
    return agree * 10 > attending * 3
