"""Checking a whole workbook, against itself and the database, before anything is written.

`check_workbook` returns a Plan (typed rows plus the database objects they touch) and every
problem found; the writer runs only when there is none.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from daihoi.accounts.models import Role
from daihoi.accounts.queries import granted_paths
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.units.models import Unit
from daihoi.units.tree import ancestor_paths, chunks
from daihoi.workbooks.format import RowError
from daihoi.workbooks.parse import parse_sheets
from daihoi.workbooks.reader import Sheet
from daihoi.workbooks.rows import (
    CandidateRow,
    CongressRow,
    ElectionKey,
    ElectionRow,
    Plan,
)


class Checker:
    def __init__(self, sheets: dict[str, Sheet], actor: Any = None) -> None:
        self.sheets = sheets
        self.actor = actor
        self.errors: list[RowError] = []
        self.plan = Plan()

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(sheet, row, column, message))

    def check_duplicates(self) -> None:
        def dup(sheet: str, rows: list, key: Callable[[Any], Any], column: str) -> None:
            first: dict[Any, int] = {}
            for r in rows:
                k = key(r)
                if k in first:
                    self.error(
                        sheet,
                        r.row,
                        column,
                        _("This row repeats row %(first)d (same %(what)s).")
                        % {"first": first[k], "what": " / ".join(map(str, k))},
                    )
                else:
                    first[k] = r.row

        plan = self.plan
        dup("campaigns", plan.campaigns, lambda r: (r.code,), "code")
        dup("units", plan.units, lambda r: (r.code,), "code")
        dup("congresses", plan.congresses, lambda r: r.key, "unit_code")
        dup("elections", plan.elections, lambda r: r.key, "body")
        dup("candidates", plan.candidates, lambda r: (*r.key, r.full_name), "full_name")

    # -- the database --------------------------------------------------------------------------

    def load(self) -> None:
        plan, ex = self.plan, self.plan.existing
        ex.campaigns = {c.code: c for c in Campaign.objects.all()}
        codes = {r.code for r in plan.units} | {r.parent_code for r in plan.units}
        for rows in (plan.congresses, plan.elections, plan.candidates):
            codes |= {r.unit_code for r in rows}
        codes.discard("")
        for batch in chunks(sorted(codes)):
            for unit in Unit.objects.filter(code__in=batch):
                ex.units[unit.code] = unit
                ex.unit_by_path[unit.path] = unit
        wanted = {p for u in list(ex.units.values()) for p in ancestor_paths(u.path)}
        wanted -= set(ex.unit_by_path)
        for batch in chunks(sorted(wanted)):
            for unit in Unit.objects.filter(path__in=batch):
                ex.units[unit.code] = unit
                ex.unit_by_path[unit.path] = unit
        data_codes = {r.unit_code for rows in (plan.congresses, plan.elections, plan.candidates)
                      for r in rows}  # fmt: skip
        unit_ids = [ex.units[c].pk for c in sorted(data_codes) if c in ex.units]
        campaign_by_id = {c.pk: c for c in ex.campaigns.values()}
        unit_by_id = {u.pk: u for u in ex.units.values()}
        congress_by_id: dict[int, Congress] = {}
        for batch in chunks(unit_ids):
            for congress in Congress.objects.filter(unit_id__in=batch):
                congress.campaign = campaign_by_id[congress.campaign_id]
                congress.unit = unit_by_id[congress.unit_id]
                ex.congresses[(congress.campaign.code, congress.unit.code)] = congress
                congress_by_id[congress.pk] = congress
        election_by_id: dict[int, Election] = {}
        for batch in chunks(sorted(congress_by_id)):
            for election in Election.objects.filter(congress_id__in=batch):
                election.congress = congress_by_id[election.congress_id]
                key = (election.congress.campaign.code, election.congress.unit.code, election.body)
                ex.elections[key] = election
                ex.candidates[key] = {}
                election_by_id[election.pk] = election
        for batch in chunks(sorted(election_by_id)):
            for cand in Candidate.objects.filter(election_id__in=batch):
                cand.election = election_by_id[cand.election_id]
                e = cand.election
                key = (e.congress.campaign.code, e.congress.unit.code, e.body)
                ex.candidates[key][cand.full_name] = cand

    # -- references, the tree, access, seats ------------------------------------------------

    def check_campaigns(self) -> None:
        plan, ex = self.plan, self.plan.existing
        code_by_id: dict[Any, str] = {c.pk: c.code for c in ex.campaigns.values()}
        previous: dict[str, str | None] = {
            c.code: code_by_id.get(c.previous_id) for c in ex.campaigns.values()
        }
        previous.update({r.code: r.previous_code or None for r in plan.campaigns})
        for r in plan.campaigns:
            if not r.previous_code:
                continue
            if r.previous_code not in previous:
                self.error(
                    "campaigns",
                    r.row,
                    "previous_code",
                    _("There is no campaign “%(code)s” in the workbook or the database.")
                    % {"code": r.previous_code},
                )
                continue
            seen: set[str] = set()
            code: str | None = r.previous_code
            while code is not None and code not in seen:
                if code == r.code:
                    self.error(
                        "campaigns",
                        r.row,
                        "previous_code",
                        _("Campaign “%(code)s” would come before itself: the previous campaigns "
                          "form a loop.") % {"code": r.code},
                    )  # fmt: skip
                    break
                seen.add(code)
                code = previous.get(code)

    def check_tree(self) -> set[str]:
        """Unknown parents and cycles; returns the codes of the units caught in a cycle."""
        plan, ex = self.plan, self.plan.existing
        sheet_codes = {r.code for r in plan.units}
        for r in plan.units:
            if r.parent_code and r.parent_code not in sheet_codes and r.parent_code not in ex.units:
                self.error(
                    "units",
                    r.row,
                    "parent_code",
                    _("There is no unit “%(code)s” in the workbook or the database to be the "
                      "parent.") % {"code": r.parent_code},
                )  # fmt: skip
        done: set[str] = set()
        in_cycle: set[str] = set()
        for r in plan.units:
            trail: list[str] = []
            position: dict[str, int] = {}
            code: str | None = r.code
            while code is not None and code not in done:
                if code in position:
                    in_cycle.update(trail[position[code] :])
                    break
                position[code] = len(trail)
                trail.append(code)
                parent = plan.final_parent(code)
                code = parent if parent in sheet_codes or parent in ex.units else None
            done.update(trail)
        for r in plan.units:
            if r.code in in_cycle:
                self.error(
                    "units",
                    r.row,
                    "parent_code",
                    _("Unit “%(code)s” would be its own ancestor: the parent codes form a loop.")
                    % {"code": r.code},
                )
        return in_cycle

    def check_references(self) -> None:
        plan, ex = self.plan, self.plan.existing
        campaigns = set(ex.campaigns) | {r.code for r in plan.campaigns}
        units = set(ex.units) | {r.code for r in plan.units}
        congresses = set(ex.congresses) | {r.key for r in plan.congresses}
        elections = set(ex.elections) | {r.key for r in plan.elections}
        data: list[tuple[str, list[CongressRow] | list[ElectionRow] | list[CandidateRow]]] = [
            ("congresses", plan.congresses),
            ("elections", plan.elections),
            ("candidates", plan.candidates),
        ]
        for sheet, rows in data:
            for r in rows:
                if r.campaign not in campaigns:
                    self.error(
                        sheet,
                        r.row,
                        "campaign",
                        _("There is no campaign “%(code)s” in the workbook or the database.")
                        % {"code": r.campaign},
                    )
                elif r.unit_code not in units:
                    self.error(
                        sheet,
                        r.row,
                        "unit_code",
                        _("There is no unit “%(code)s” in the workbook or the database.")
                        % {"code": r.unit_code},
                    )
                elif sheet != "congresses" and (r.campaign, r.unit_code) not in congresses:
                    self.error(
                        sheet,
                        r.row,
                        "unit_code",
                        _("Unit “%(unit)s” has no congress in campaign “%(campaign)s”; add it "
                          "to the congresses sheet.") % {"unit": r.unit_code,
                                                         "campaign": r.campaign},
                    )  # fmt: skip
                elif isinstance(r, CandidateRow) and r.key not in elections:
                    self.error(
                        sheet,
                        r.row,
                        "body",
                        _(
                            "The congress of unit “%(unit)s” in campaign “%(campaign)s” has no "
                            "%(body)s election; add it to the elections sheet."
                        )
                        % {"unit": r.unit_code, "campaign": r.campaign, "body": r.body},
                    )

    def check_seats(self) -> None:
        plan, ex = self.plan, self.plan.existing
        seats: dict[ElectionKey, int | None] = {k: e.seats for k, e in ex.elections.items()}
        election_rows = {r.key: r for r in plan.elections}
        seats.update({k: r.seats for k, r in election_rows.items()})
        elected: dict[ElectionKey, int] = {}
        names: dict[ElectionKey, set[str]] = {}
        last_elected_row: dict[ElectionKey, int] = {}
        for r in plan.candidates:
            names.setdefault(r.key, set()).add(r.full_name)
            if r.elected:
                elected[r.key] = elected.get(r.key, 0) + 1
                last_elected_row[r.key] = r.row
        for key in set(names) | set(election_rows):
            count = elected.get(key, 0) + sum(
                1
                for name, cand in ex.candidates.get(key, {}).items()
                if cand.elected and name not in names.get(key, set())
            )
            limit = seats.get(key)
            if limit is None or count <= limit:
                continue
            campaign, unit, body = key
            message = _(
                "%(count)d candidates are marked elected in the “%(body)s” election of unit "
                "“%(unit)s” in campaign “%(campaign)s”, but the number of seats is %(seats)d."
            ) % {"count": count, "body": body, "unit": unit, "campaign": campaign, "seats": limit}
            if key in last_elected_row:
                self.error("candidates", last_elected_row[key], "elected", message)
            else:
                self.error("elections", election_rows[key].row, "seats", message)

    def check_access(self) -> None:
        actor = self.actor
        if actor is None or (actor.is_active and actor.is_superuser):
            return
        plan, ex = self.plan, self.plan.existing
        paths = granted_paths(actor, Role.EDITOR)

        def covers(unit: Unit) -> bool:
            return any(unit.path.startswith(p) for p in paths)

        memo: dict[str, bool] = {}

        def may_edit(code: str, depth: int = 0) -> bool:
            if code not in memo:
                unit = ex.units.get(code)
                if unit is None and code not in plan.unit_rows:
                    return True  # an unknown unit, reported as such
                parent = plan.final_parent(code)
                moves = unit is None or parent != ex.parent_code(unit)
                ok = unit is None or covers(unit)
                if moves and ok:
                    ok = parent is not None and depth < 100 and may_edit(parent, depth + 1)
                memo[code] = ok
            return memo[code]

        for r in plan.units:
            if may_edit(r.code):
                continue
            unit = ex.units.get(r.code)
            parent = r.parent_code or None
            if unit is not None and not covers(unit):
                message = _("You need the editor role over unit “%(code)s” to change it.")
            elif parent is None:
                message = _("Only a superuser may add or move a unit to the top of the tree.")
            else:
                message = _(
                    "You need the editor role over unit “%(parent)s” to place unit “%(code)s” "
                    "under it."
                )
            self.error("units", r.row, "code", message % {"code": r.code, "parent": parent})
        for sheet, rows in (
            ("congresses", plan.congresses),
            ("elections", plan.elections),
            ("candidates", plan.candidates),
        ):
            for data_row in rows:
                if not may_edit(data_row.unit_code):
                    self.error(
                        sheet,
                        data_row.row,
                        "unit_code",
                        _("You need the editor role over unit “%(code)s” to change its data.")
                        % {"code": data_row.unit_code},
                    )
        may_edit_campaigns = any(len(p) == Unit.steplen for p in paths)
        if may_edit_campaigns:
            return
        code_by_id: dict[Any, str] = {c.pk: c.code for c in ex.campaigns.values()}
        for campaign_row in plan.campaigns:
            current = ex.campaigns.get(campaign_row.code)
            if (
                current is None
                or current.name != campaign_row.name
                or code_by_id.get(current.previous_id, "") != campaign_row.previous_code
            ):
                self.error(
                    "campaigns",
                    campaign_row.row,
                    "code",
                    _("Only an editor of a whole tree may add or change campaigns."),
                )

    def run(self) -> Plan:
        parse_sheets(self.sheets, self.plan, self.error)
        self.check_duplicates()
        self.load()
        self.check_campaigns()
        in_cycle = self.check_tree()
        self.check_references()
        self.check_seats()
        if not in_cycle:
            self.check_access()
        return self.plan


def check_workbook(sheets: dict[str, Sheet], actor: Any = None) -> tuple[Plan, list[RowError]]:
    """The plan for writing the workbook, and every problem found (sorted by place)."""
    checker = Checker(sheets, actor)
    plan = checker.run()
    return plan, sorted(set(checker.errors), key=RowError.sort_key)
