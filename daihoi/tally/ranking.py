"""Who is elected among those who passed, ties at the cut-off, and alternates (§2.8, §2.9).

QĐ 190-QĐ/TW Điều 30 (QĐ 244-QĐ/TW Điều 32): among the candidates with more than half of the
base, the elected are taken in vote order from the top, exactly up to the number of seats. A tie
at the cut-off is returned, never broken by age, list order or chance: the congress decides (a
re-vote among the tied is recalled, not verified [U]). Delegates (Điều 18; 244 Điều 20): one
joint list, officials elected first, then the rest who passed become alternates in vote order [U].
Equal votes *above* a cut-off decide nothing; they are listed in list order for display only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ranking:
    elected: tuple[int, ...]  # candidate indices, in vote order
    alternates: tuple[int, ...]
    tied: tuple[int, ...]
    tied_for: str | None  # "elected" | "alternates" | None
    tied_places: int  # the places the tied compete for
    unfilled: int
    alternates_unfilled: int


def _take(pool: list[int], places: int, votes: Sequence[int]) -> tuple[list[int], list[int], int]:
    """(taken, tied at the cut-off, places left to the tied) for `places` from `pool`."""
    if places == 0 or not pool:
        return [], [], 0
    if len(pool) <= places:
        return pool, [], 0
    cut = votes[pool[places - 1]]
    if votes[pool[places]] != cut:
        return pool[:places], [], 0
    taken = [i for i in pool if votes[i] > cut]
    tied = [i for i in pool if votes[i] == cut]
    return taken, tied, places - len(taken)


def rank(votes: Sequence[int], passed: Sequence[bool], seats: int, alternates: int) -> Ranking:
    """The elected, alternates and ties, from the votes and pass marks in list order."""
    order = sorted((i for i, ok in enumerate(passed) if ok), key=lambda i: (-votes[i], i))
    elected, tied, places = _take(order, seats, votes)
    if tied:
        return Ranking(
            elected=tuple(elected),
            alternates=(),
            tied=tuple(tied),
            tied_for="elected",
            tied_places=places,
            unfilled=seats - len(elected),
            alternates_unfilled=alternates,
        )
    rest = order[len(elected) :]
    chosen, alt_tied, alt_places = _take(rest, alternates, votes)
    return Ranking(
        elected=tuple(elected),
        alternates=tuple(chosen),
        tied=tuple(alt_tied),
        tied_for="alternates" if alt_tied else None,
        tied_places=alt_places,
        unfilled=seats - len(elected),
        alternates_unfilled=alternates - len(chosen),
    )
