"""Builders for the counting tests: a congress, an election with a list, clerks, an open count."""

from typing import Any

from daihoi.elections.counting.entry import parse_entry
from daihoi.elections.counting.entry_actions import do_save_entry
from daihoi.elections.counting.queries import has_surplus
from daihoi.elections.counting.setup_actions import do_open_count
from daihoi.elections.models import Count, Election
from tests.campaigns.factories import (
    HELD,
    add_candidates,
    make_admin,
    make_congress,
    make_election,
    make_tree,
    make_user,
)

NAMES = ["Trần Văn Cường", "Nguyễn Văn An", "Lê Thị Bình", "Phạm Thị Dung"]
BOARD = [
    {"name": "Lê Văn Ất", "role": "Trưởng ban", "is_head": True},
    {"name": "Trịnh Thị Hương", "role": "Ủy viên", "is_head": False},
]


def make_setup(seats: int = 3, names: list[str] | None = None) -> dict[str, Any]:
    """Tree, admin, two editor clerks of district A, a clerk of district B, a viewer."""
    tree = make_tree()
    admin = make_admin()
    congress = make_congress(tree["A1"], actor=admin, summoned=12, attended=10, held_on=HELD)
    election = make_election(congress, "committee", seats, actor=admin)
    set_names(election, names or NAMES, admin)
    return {
        "tree": tree,
        "admin": admin,
        "congress": congress,
        "election": election,
        "clerk1": make_user("clerk1", tree["A"], "editor"),
        "clerk2": make_user("clerk2", tree["A"], "editor"),
        "outsider": make_user("outsider", tree["B"], "editor"),
        "viewer": make_user("viewer", tree["A"], "viewer"),
    }


def set_names(election: Election, names: list[str], actor: Any) -> None:
    from daihoi.elections.actions import do_add_candidate

    for name in names:
        do_add_candidate(actor, election, name, False, "male", 1975, "Kinh")


def open_count(election: Election, actor: Any, issued: int = 4, **kw: Any) -> Count:
    kw.setdefault("mode", "ballots")
    kw.setdefault("summoned", 12)
    kw.setdefault("board", BOARD)
    return do_open_count(actor, election, issued=issued, **kw)


def enter(count: Count, clerk: Any, lines: dict[int, str]) -> None:
    count.refresh_from_db()
    for number, line in lines.items():
        reading = parse_entry(line, len(count.candidates), has_surplus(count))
        do_save_entry(clerk, count, number, reading)


__all__ = ["HELD", "add_candidates", "make_user", "make_tree"]
