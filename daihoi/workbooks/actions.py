"""The one writer of workbook imports: all-or-nothing, bulk, audited.

`do_import_workbook` reads and checks the whole workbook, then writes it in one transaction;
on any problem nothing is written and every problem is returned.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import DatabaseError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from daihoi.accounts.audit import audit_entry, diff
from daihoi.accounts.models import AuditEntry
from daihoi.campaigns.models import Campaign, Congress
from daihoi.campaigns.signals import results_changed
from daihoi.elections.models import Candidate, Election
from daihoi.units.models import Unit
from daihoi.units.tree import child_path, chunks, last_child_steps, move_unit
from daihoi.workbooks.format import SHEETS, RowError
from daihoi.workbooks.reader import read_workbook
from daihoi.workbooks.rows import Plan
from daihoi.workbooks.validate import check_workbook

BATCH = 500


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    # sheet → {"created": n, "updated": n}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())


def do_import_workbook(
    source: str | IO[bytes], actor: Any = None, dry_run: bool = False
) -> ImportResult:
    """Import a workbook: everything or, on any problem, nothing (and every problem listed).

    With `dry_run` the import runs in full and is then rolled back, so the counts are exact.
    """
    sheets, errors = read_workbook(source)
    if errors:
        return ImportResult(errors=errors, dry_run=dry_run)
    try:
        with transaction.atomic():
            plan, errors = check_workbook(sheets, actor)
            if errors:
                return ImportResult(errors=errors, dry_run=dry_run)
            counts = _Writer(plan, actor).write()
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:
        message = _("The database refused the import (%(error)s); nothing was written.") % {
            "error": exc
        }
        return ImportResult(errors=[RowError("", 0, "", message)], dry_run=dry_run)
    return ImportResult(counts=counts, dry_run=dry_run)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _values(obj: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: _plain(getattr(obj, n)) for n in names}


def _congress_key(row: Any) -> dict[str, str]:
    return {"campaign": row.campaign, "unit_code": row.unit_code}


class _Writer:
    def __init__(self, plan: Plan, actor: Any) -> None:
        self.plan = plan
        self.actor = actor
        self.audits: list[AuditEntry] = []
        self.counts = {sheet: {"created": 0, "updated": 0} for sheet in SHEETS}
        self.campaigns: dict[str, Campaign] = dict(plan.existing.campaigns)
        self.units: dict[str, Unit] = dict(plan.existing.units)
        self.congresses: dict[tuple[str, str], Congress] = dict(plan.existing.congresses)
        self.elections: dict[tuple[str, str, str], Election] = dict(plan.existing.elections)

    def audit(self, action: str, obj: models.Model, changes: dict, unit_id: int | None) -> None:
        self.audits.append(audit_entry(self.actor, action, obj, changes, unit_id=unit_id))

    def write(self) -> dict[str, dict[str, int]]:
        self.write_campaigns()
        self.write_units()
        self.write_congresses()
        self.write_elections()
        self.write_candidates()
        AuditEntry.objects.bulk_create(self.audits, batch_size=BATCH)
        results_changed(Congress, self.touched_congress_ids())
        return self.counts

    def touched_congress_ids(self) -> set[int]:
        """The congresses whose rows (congress, elections, candidates) the workbook carries."""
        keys = {r.key for r in self.plan.congresses}
        keys |= {r.key[:2] for r in self.plan.elections}
        keys |= {r.key[:2] for r in self.plan.candidates}
        return {self.congresses[k].pk for k in keys if k in self.congresses}

    def _upsert(
        self,
        sheet: str,
        model: type[models.Model],
        pairs: Sequence[tuple[Any, dict[str, Any], Any]],
        fields: tuple[str, ...],
        make: Any,
        unit_id_of: Any,
        key_of: Any,
    ) -> list[Any]:
        """Create or update from (existing object or None, wanted values, row) triples."""
        new, changed, changes = [], [], []
        for obj, wanted, row in pairs:
            if obj is None:
                created = make(row, wanted)
                new.append(created)
                values = key_of(row) | {k: _plain(v) for k, v in wanted.items()}
                changes.append(diff({}, values))
                continue
            change = diff(_values(obj, tuple(wanted)), {k: _plain(v) for k, v in wanted.items()})
            if change:
                for name, value in wanted.items():
                    setattr(obj, name, value)
                changed.append((obj, change))
        model.objects.bulk_create(new, batch_size=BATCH)  # type: ignore[attr-defined]
        model.objects.bulk_update([o for o, _c in changed], fields, batch_size=BATCH)  # type: ignore[attr-defined]
        label = model._meta.model_name
        for obj, change in zip(new, changes, strict=True):
            self.audit(f"import_create_{label}", obj, change, unit_id_of(obj))
        for obj, change in changed:
            self.audit(f"import_update_{label}", obj, change, unit_id_of(obj))
        self.counts[sheet]["created"] += len(new)
        self.counts[sheet]["updated"] += len(changed)
        return new

    def write_campaigns(self) -> None:
        rows = self.plan.campaigns
        pairs = [(self.campaigns.get(r.code), {"name": r.name}, r) for r in rows]
        new = self._upsert(
            "campaigns",
            Campaign,
            pairs,
            ("name",),
            lambda r, w: Campaign(code=r.code, **w),
            lambda obj: None,
            lambda r: {"code": r.code},
        )
        self.campaigns.update({c.code: c for c in new})
        new_codes = {c.code for c in new}
        code_by_id: dict[Any, str] = {c.pk: c.code for c in self.campaigns.values()}
        relinked = []
        for r in rows:
            obj = self.campaigns[r.code]
            want = self.campaigns[r.previous_code] if r.previous_code else None
            if obj.previous_id == (want.pk if want else None):
                continue
            old = code_by_id.get(obj.previous_id)
            obj.previous = want
            relinked.append(obj)
            if r.code in new_codes:
                # Fold the link into the creation entry.
                for entry in self.audits:
                    if entry.object_type == "campaigns.campaign" and entry.object_id == str(obj.pk):
                        entry.changes["previous_code"] = [None, r.previous_code or None]
            else:
                self.audit(
                    "import_update_campaign",
                    obj,
                    {"previous_code": [old, r.previous_code or None]},
                    None,
                )
                self.counts["campaigns"]["updated"] += 1
        Campaign.objects.bulk_update(relinked, ["previous"], batch_size=BATCH)

    def write_units(self) -> None:
        plan, ex = self.plan, self.plan.existing
        changes: dict[str, dict[str, list]] = defaultdict(dict)
        edited = []
        for r in plan.units:
            unit = ex.units.get(r.code)
            if unit is None or r.level is None:
                continue
            before = {"name": unit.name, "level": unit.level_id, "members": unit.members}
            after = {"name": r.name, "level": r.level.pk, "members": r.members or 0}
            change = diff(before, after)
            if change:
                if "level" in change:
                    old_level = next(
                        (lv.code for lv in ex.levels.values() if lv.pk == unit.level_id), None
                    )
                    change["level"] = [old_level, r.level.code]
                unit.name, unit.level, unit.members = r.name, r.level, r.members or 0
                edited.append(unit)
                changes[r.code].update(change)
        Unit.objects.bulk_update(edited, ["name", "level", "members"], batch_size=BATCH)

        depth_memo: dict[str, int] = {}

        def final_depth(code: str) -> int:
            trail = []
            current: str | None = code
            while current is not None and current not in depth_memo:
                trail.append(current)
                current = plan.final_parent(current)
            depth = depth_memo[current] if current is not None else 0
            for c in reversed(trail):
                depth += 1
                depth_memo[c] = depth
            return depth_memo[code]

        todo: dict[int, list] = defaultdict(list)
        for r in plan.units:
            unit = ex.units.get(r.code)
            if unit is None or (r.parent_code or None) != ex.parent_code(unit):
                todo[final_depth(r.code)].append(r)
        new_children: dict[str, int] = defaultdict(int)
        for rows in todo.values():
            for r in rows:
                if r.code not in ex.units and r.parent_code:
                    new_children[r.parent_code] += 1
        created: list[Unit] = []
        for depth in sorted(todo):
            rows = todo[depth]
            new_rows = [r for r in rows if r.code not in ex.units]
            if new_rows:
                created.extend(self._create_units(new_rows, new_children))
            for r in rows:
                if r.code in ex.units:
                    unit = ex.units[r.code]
                    parent = self.units[r.parent_code] if r.parent_code else None
                    move_unit(unit.pk, parent.pk if parent else None)
                    changes[r.code]["parent_code"] = [ex.parent_code(unit), r.parent_code or None]
        for unit in created:
            values = {
                "code": unit.code,
                "name": unit.name,
                "level": unit.level.code,
                "members": unit.members,
                "parent_code": plan.unit_rows[unit.code].parent_code or None,
            }
            self.audit("import_create_unit", unit, diff({}, values), unit.pk)
        for code, change in changes.items():
            self.audit("import_update_unit", ex.units[code], change, ex.units[code].pk)
        self.counts["units"]["created"] += len(created)
        self.counts["units"]["updated"] += len(changes)

    def _create_units(self, rows: list, new_children: dict[str, int]) -> list[Unit]:
        """Create units whose parents are already in place, with paths computed in bulk."""
        existing_parents = {
            self.units[r.parent_code].pk
            for r in rows
            if r.parent_code and r.parent_code in self.plan.existing.units
        }
        fresh_path: dict[int, str] = {}
        for batch in chunks(sorted(existing_parents)):
            fresh_path.update(Unit.objects.filter(pk__in=batch).values_list("pk", "path"))

        def path_of_parent(code: str) -> str:
            if not code:
                return ""
            parent = self.units[code]
            return fresh_path.get(parent.pk) or parent.path

        parent_paths = {path_of_parent(r.parent_code) for r in rows}
        in_db = {p for p in parent_paths if p == "" or p in fresh_path.values()}
        steps = last_child_steps(in_db)
        steps.update({p: 0 for p in parent_paths - in_db})
        objs = []
        for r in rows:
            parent = path_of_parent(r.parent_code)
            steps[parent] += 1
            path = child_path(parent, steps[parent])
            objs.append(
                Unit(
                    code=r.code,
                    name=r.name,
                    level=r.level,
                    members=r.members or 0,
                    path=path,
                    depth=len(path) // Unit.steplen,
                    numchild=new_children.get(r.code, 0),
                )
            )
        Unit.objects.bulk_create(objs, batch_size=BATCH)
        self.units.update({u.code: u for u in objs})
        by_increment: dict[int, list[int]] = defaultdict(list)
        counts: dict[int, int] = defaultdict(int)
        for r in rows:
            if r.parent_code and r.parent_code in self.plan.existing.units:
                counts[self.units[r.parent_code].pk] += 1
        for pk, n in counts.items():
            by_increment[n].append(pk)
        for n, pks in by_increment.items():
            for batch in chunks(pks):
                Unit.objects.filter(pk__in=batch).update(numchild=F("numchild") + n)
        return objs

    def write_congresses(self) -> None:
        pairs = []
        for r in self.plan.congresses:
            wanted = {
                "term": r.term,
                "kind": r.kind,
                "planned_on": r.planned_on,
                "held_on": r.held_on,
                "summoned": r.summoned,
                "attended": r.attended,
            }
            if r.pilot is not None:
                wanted["pilot"] = r.pilot
            pairs.append((self.congresses.get(r.key), wanted, r))

        def make(r: Any, wanted: dict) -> Congress:
            obj = Congress(campaign=self.campaigns[r.campaign], unit=self.units[r.unit_code])
            for name, value in wanted.items():
                setattr(obj, name, value)
            self.congresses[r.key] = obj
            return obj

        fields = ("term", "kind", "planned_on", "held_on", "summoned", "attended", "pilot")
        self._upsert(
            "congresses", Congress, pairs, fields, make, lambda c: c.unit_id, _congress_key
        )

    def write_elections(self) -> None:
        pairs = [
            (
                self.elections.get(r.key),
                {"seats": r.seats, "elected_by": r.elected_by},
                r,
            )
            for r in self.plan.elections
        ]

        def make(r: Any, wanted: dict) -> Election:
            obj = Election(congress=self.congresses[r.key[:2]], body=r.body, **wanted)
            self.elections[r.key] = obj
            return obj

        self._upsert(
            "elections",
            Election,
            pairs,
            ("seats", "elected_by"),
            make,
            lambda e: e.congress.unit_id,
            lambda r: _congress_key(r) | {"body": r.body},
        )

    def write_candidates(self) -> None:
        existing = self.plan.existing.candidates
        names = ("incumbent", "gender", "birth_year", "ethnicity", "votes", "elected")
        pairs = []
        for r in self.plan.candidates:
            wanted = {n: getattr(r, n) for n in names}
            pairs.append((existing.get(r.key, {}).get(r.full_name), wanted, r))

        def make(r: Any, wanted: dict) -> Candidate:
            return Candidate(election=self.elections[r.key], full_name=r.full_name, **wanted)

        self._upsert(
            "candidates",
            Candidate,
            pairs,
            names,
            make,
            lambda c: c.election.congress.unit_id,
            lambda r: _congress_key(r) | {"body": r.body, "full_name": r.full_name},
        )
