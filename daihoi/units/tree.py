"""Materialized-path helpers for writing many units at once (imports).

Paths follow treebeard's MP_Node scheme (Unit.steplen characters per level, base 36), so the
treebeard API keeps working on units created here.
"""

from collections.abc import Iterable

from django.db.models import Max
from django.db.models.functions import Substr

from daihoi.units.models import Unit

CHUNK = 900  # stays under SQLite's limit of bound parameters


def chunks(values: Iterable, size: int = CHUNK) -> Iterable[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def parent_path(path: str) -> str:
    """The parent's path ("" for a root)."""
    return path[: -Unit.steplen]


def ancestor_paths(path: str) -> list[str]:
    """The paths of every proper ancestor, root first."""
    step = Unit.steplen
    return [path[:end] for end in range(step, len(path), step)]


def child_path(parent: str, step: int) -> str:
    """The path of the `step`-th child (1-based) of the unit at `parent` ("" for roots)."""
    return Unit._get_path(parent, len(parent) // Unit.steplen + 1, step)


def step_of(path: str) -> int:
    """The position of a unit among its siblings, from the last step of its path."""
    return int(path[-Unit.steplen :], 36)


def last_child_steps(parent_paths: Iterable[str]) -> dict[str, int]:
    """For each parent path ("" for the roots), the step of its last child (0 if none)."""
    wanted = set(parent_paths)
    out = dict.fromkeys(wanted, 0)
    by_length: dict[int, list[str]] = {}
    for path in wanted:
        by_length.setdefault(len(path), []).append(path)
    for length, paths in by_length.items():
        depth = length // Unit.steplen + 1
        for batch in chunks(paths):
            rows = (
                Unit.objects.filter(depth=depth)
                .annotate(parent=Substr("path", 1, length))
                .filter(parent__in=batch)
                .values("parent")
                .annotate(last=Max("path"))
                .order_by()
            )
            for row in rows:
                out[row["parent"] if length else ""] = step_of(row["last"])
    return out


def move_unit(unit_id: int, new_parent_id: int | None) -> None:
    """Move a unit and its subtree to be the last child of another unit (or a root)."""
    node = Unit.objects.get(pk=unit_id)
    if new_parent_id is None:
        if node.depth == 1:
            return
        Unit.objects.move(node, Unit.objects.get_last_root_node(), "last-sibling")
        return
    target = Unit.objects.get(pk=new_parent_id)
    if node.path[: -Unit.steplen] == target.path:
        return
    Unit.objects.move(node, target, "last-child")
