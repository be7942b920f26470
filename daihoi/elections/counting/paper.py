"""The machine-readable ballot of a count: the ElectionPaper built from the count's own data.

Deterministic and public: the ballot printer (ballot_views.py) and the in-app scanner rebuild
the same paper, hence the same election key and layout, from the same count. Only what is
fixed when the count is opened goes in (list, seats, base, rules, round, names of the
congress); nothing the board enters later (ballots issued, counts) changes the key.
"""

from __future__ import annotations

from daihoi.elections.counting.documents import body_phrase, congress_name
from daihoi.elections.counting.queries import count_tally_fields
from daihoi.elections.models import Count
from daihoi.printing.election_paper import ElectionPaper, parse_election_paper


def ballot_title(count: Count) -> str:
    """ "BẦU BAN CHẤP HÀNH ĐẢNG BỘ XÃ …, NHIỆM KỲ 2025 - 2030", with the round after the first."""
    title = f"BẦU {body_phrase(count.election).upper()}"
    if count.round > 1:
        title += f" (BẦU LẦN {count.round})"
    return title


def election_paper_for_count(count: Count) -> ElectionPaper:
    """The count's ElectionPaper (its key and layouts); TallyError when the engine would refuse
    the count's data (the count cannot be printed for reading then either)."""
    data = count_tally_fields(count)
    data["title"] = ballot_title(count)
    data["congress"] = congress_name(count.election).upper()
    return parse_election_paper(data)
