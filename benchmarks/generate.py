#!/usr/bin/env python
"""Generate a national-scale tree of units, congresses, elections and candidates, fast.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/daihoi_bench \\
        python benchmarks/generate.py --scale national

Writes straight into the database of DATABASE_URL (migrated first). The tree is

    nation (1) > province > district > grassroots > branch

with treebeard materialized paths computed here (steplen 5, base 36), one congress per unit
per campaign ("2015-2020", then "2020-2025" whose previous is 2015-2020), a committee, a
secretary and a deputy_secretary election per congress, and their candidates. The output is
deterministic for a given --seed.

Rows are built as plain tuples with explicit ids and written in batches of 5,000 by COPY on
PostgreSQL and executemany on SQLite: the same statements bulk_create issues, without building
a model instance per row (three times faster on the 4 million candidates). Constraints and
foreign keys are checked by the database as usual.

The nation root (code "VN") is written last, in the final transaction: when it exists the
generation finished, and running again is a no-op that says so.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is not a package
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")

from family_names import FAMILY  # noqa: E402 - after the path is set

ROOT_CODE = "VN"
BATCH = 5_000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 5


@dataclass(frozen=True)
class Scale:
    provinces: int
    districts: int  # per province
    grassroots: int  # per district
    branches: int  # per grassroots organization

    @property
    def units(self) -> int:
        d = self.provinces * self.districts
        g = d * self.grassroots
        return 1 + self.provinces + d + g + g * self.branches


SCALES = {
    # 63 provinces x 12 x 58 x 7: 351,604 units, ~4.3 million candidates over two campaigns.
    "national": Scale(63, 12, 58, 7),
    # One province shaped like the demo's (15 districts, 660 grassroots, 4,620 branches).
    "province": Scale(1, 15, 44, 7),
    "tiny": Scale(2, 2, 3, 2),
}

# level code, name, rank, committee seats, deputy secretary seats, term of the 2020 campaign.
LEVELS = [
    ("nation", "Toàn quốc", 0, 19, 3),
    ("province", "Đảng bộ tỉnh", 1, 15, 3),
    ("district", "Đảng bộ huyện", 2, 11, 2),
    ("grassroots", "Tổ chức cơ sở đảng", 3, 7, 2),
    ("branch", "Chi bộ", 4, 3, 1),
]
CAMPAIGNS = [
    ("2015-2020", "Đại hội đảng bộ các cấp nhiệm kỳ 2015–2020", None),
    ("2020-2025", "Đại hội đảng bộ các cấp nhiệm kỳ 2020–2025", "2015-2020"),
]
# Held-date windows per level, in days from 1 April of the campaign's first year.
WINDOWS = {
    "branch": (0, 121),
    "grassroots": (45, 136),
    "district": (91, 152),
    "province": (153, 213),
    "nation": (299, 300),
}
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Hồng"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngọc",
    "Phong",
    "Phúc",
    "Quân",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Tuấn",
    "Vân",
    "Yến",
]
ETHNIC = ["Tày", "Thái", "Mường", "Khmer", "Hmông", "Nùng", "Dao", "Hoa"]


def step(n: int) -> str:
    """treebeard's base-36 step of width 5: 1 -> "00001"."""
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out.rjust(STEPLEN, "0")


def elapsed(t0: float) -> str:
    return f"{time.perf_counter() - t0:7.1f} s"


class Writer:
    """Buffers rows per model and writes them in batches, parents before children."""

    def __init__(self, models: Sequence[Any]) -> None:
        from django.db import connection

        self.connection = connection
        self.models = list(models)
        self.buffers: dict[Any, list[tuple[Any, ...]]] = {m: [] for m in self.models}
        self.counts: dict[Any, int] = dict.fromkeys(self.models, 0)
        self.columns = {m: [f.column for f in m._meta.concrete_fields] for m in self.models}

    def add(self, model: Any, row: tuple[Any, ...]) -> None:
        buffer = self.buffers[model]
        buffer.append(row)
        if len(buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from django.db import transaction

        with transaction.atomic():
            for model in self.models:
                rows = self.buffers[model]
                if rows:
                    self._write(model, rows)
                    self.counts[model] += len(rows)
                    self.buffers[model] = []

    def _write(self, model: Any, rows: list[tuple[Any, ...]]) -> None:
        # Fields added to a model after the generator was written take their defaults.
        fields = model._meta.concrete_fields
        if rows and len(rows[0]) < len(fields):
            tail = tuple(f.get_default() for f in fields[len(rows[0]) :])
            rows = [row + tail for row in rows]
        quote = self.connection.ops.quote_name
        table = quote(model._meta.db_table)
        cols = ", ".join(quote(c) for c in self.columns[model])
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns[model]))
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)


class Generator:
    def __init__(self, scale: Scale, seed: int, nation: bool = True) -> None:
        from daihoi.campaigns.models import Campaign, Congress
        from daihoi.elections.models import Candidate, Election
        from daihoi.units.models import Level, Unit

        self.scale, self.nation = scale, nation
        self.rng = random.Random(seed)
        self.Unit, self.Congress, self.Election, self.Candidate = (
            Unit,
            Congress,
            Election,
            Candidate,
        )
        self.levels = {
            code: Level.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})[0]
            for code, name, rank, _seats, _deputies in LEVELS
        }
        self.seats = {code: (seats, deputies) for code, _n, _r, seats, deputies in LEVELS}
        self.campaigns: list[Any] = []
        for code, name, previous in CAMPAIGNS:
            campaign, _ = Campaign.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "previous": Campaign.objects.get(code=previous) if previous else None,
                },
            )
            self.campaigns.append(campaign)
        # Pools drawn once, then cycled through: realistic spread at tuple-building speed.
        names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
        self.rng.shuffle(names)
        self.names = names
        self.people = [
            (
                "female" if self.rng.random() < 0.32 else "male",
                self.rng.randint(26, 62),  # age in the year held
                "Kinh" if self.rng.random() < 0.86 else self.rng.choice(ETHNIC),
                self.rng.random() < 0.55,  # incumbent
            )
            for _ in range(9_973)
        ]
        self.next_id = {
            m: (m.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            for m in (Unit, Congress, Election, Candidate)
        }

    def _ids(self, model: Any) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    # -- units --------------------------------------------------------------------------
    def units(self) -> tuple[list[list[Any]], list[Any]]:
        """All unit rows, the nation root apart, as mutable lists (members filled bottom-up)."""
        Unit = self.Unit
        last_root = (
            Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
        )
        next_root = int(last_root, 36) + 1 if last_root else 1
        lv = {code: level.id for code, level in self.levels.items()}
        s, rng = self.scale, self.rng
        rows: list[list[Any]] = []
        # Without the nation, provinces are roots: depths shift up by one.
        top = 0 if self.nation else 1
        root_path = step(next_root) if self.nation else ""
        root: list[Any] = [
            self._ids(Unit),
            root_path,
            1,
            s.provinces,
            ROOT_CODE,
            "Toàn quốc",
            lv["nation"],
            0,
        ]
        for p in range(1, s.provinces + 1):
            p_path = root_path + step(p + (next_root - 1) * top)
            p_code = f"P{p:02d}"
            province: list[Any] = [
                self._ids(Unit),
                p_path,
                2 - top,
                s.districts,
                p_code,
                f"Đảng bộ tỉnh {p:02d}",
                lv["province"],
                0,
            ]
            rows.append(province)
            for d in range(1, s.districts + 1):
                d_path, d_code = p_path + step(d), f"{p_code}.D{d:02d}"
                district: list[Any] = [
                    self._ids(Unit),
                    d_path,
                    3 - top,
                    s.grassroots,
                    d_code,
                    f"Đảng bộ huyện {p:02d}-{d:02d}",
                    lv["district"],
                    0,
                ]
                rows.append(district)
                for g in range(1, s.grassroots + 1):
                    g_path, g_code = d_path + step(g), f"{d_code}.G{g:02d}"
                    grass: list[Any] = [
                        self._ids(Unit),
                        g_path,
                        4 - top,
                        s.branches,
                        g_code,
                        f"Đảng bộ xã {p:02d}-{d:02d}-{g:02d}",
                        lv["grassroots"],
                        0,
                    ]
                    rows.append(grass)
                    for b in range(1, s.branches + 1):
                        members = rng.randint(8, 60)
                        rows.append(
                            [
                                self._ids(Unit),
                                g_path + step(b),
                                5 - top,
                                0,
                                f"{g_code}.B{b}",
                                f"Chi bộ thôn {b} xã {p:02d}-{d:02d}-{g:02d}",
                                lv["branch"],
                                members,
                            ]
                        )
                        grass[7] += members
                    district[7] += grass[7]
                province[7] += district[7]
            root[7] += province[7]
        return rows, root

    # -- congresses, elections, candidates -----------------------------------------------
    def congress(self, writer: Writer, unit: Sequence[Any], level_code: str, ci: int) -> None:
        """One congress of unit `unit` in campaign index `ci`, its elections and candidates."""
        Congress, Election, Candidate = self.Congress, self.Election, self.Candidate
        rng, campaign = self.rng, self.campaigns[ci]
        first_year = int(campaign.code[:4])
        lo, hi = WINDOWS[level_code]
        planned = datetime.date(first_year, 4, 1) + datetime.timedelta(days=rng.randint(lo, hi))
        # The latest campaign is under way: a few congresses have no held date yet.
        held = None if (ci == len(self.campaigns) - 1 and rng.random() < 0.004) else planned
        members = unit[7]
        attended = max(0, members - rng.randint(0, 3))
        is_branch = level_code == "branch"
        pilot = rng.random() < (0.0012 if is_branch else 0.01)
        term = f"{first_year}-{first_year + 2}" if is_branch else campaign.code
        kind = "members" if is_branch or members < 300 else "delegates"
        cid = self._ids(Congress)
        writer.add(
            Congress,
            (cid, campaign.id, unit[0], term, kind, planned, held, members, attended, pilot),
        )
        if held is None:
            return
        year = held.year
        seats, deputies = self.seats[level_code]
        shortfall = 1 if rng.random() < 0.003 else 0
        extra = (1 if rng.random() < 0.2 else 0) if is_branch else rng.randint(1, 3)
        committee = (seats, seats - shortfall, seats - shortfall + extra)
        elections = [
            ("committee", committee, "congress"),
            ("secretary", (1, 1, 1), "congress" if pilot else "committee"),
            ("deputy_secretary", (deputies, deputies, deputies), "committee"),
        ]
        names, people = self.names, self.people
        for body, (n_seats, n_elected, n_candidates), elected_by in elections:
            eid = self._ids(Election)
            writer.add(Election, (eid, cid, body, n_seats, elected_by))
            base = eid * 7
            for j in range(n_candidates):
                gender, age, ethnicity, incumbent = people[(base + j) % 9_973]
                elected = j < n_elected
                votes = attended - rng.randint(0, attended // 3) if elected else attended // 3
                writer.add(
                    Candidate,
                    (
                        self._ids(Candidate),
                        eid,
                        names[(base + j) % len(names)],
                        incumbent,
                        gender,
                        year - age,
                        ethnicity,
                        votes,
                        elected,
                    ),
                )

    def run(self) -> dict[str, int]:
        from django.db import transaction

        Unit = self.Unit
        level_by_id = {level.id: code for code, level in self.levels.items()}
        t0 = time.perf_counter()
        rows, root = self.units()
        print(f"built {len(rows) + 1:,} units in memory          {elapsed(t0)}", flush=True)
        writer = Writer([Unit])
        for row in rows:
            writer.add(Unit, tuple(row))
        writer.flush()
        print(f"wrote units                              {elapsed(t0)}", flush=True)
        writer = Writer([self.Congress, self.Election, self.Candidate])
        for ci, campaign in enumerate(self.campaigns):
            for row in rows:
                self.congress(writer, row, level_by_id[row[6]], ci)
            writer.flush()
            print(f"wrote campaign {campaign.code}                  {elapsed(t0)}", flush=True)
        counts = {"units": len(rows) + self.nation}
        if not self.nation:
            counts.update({m._meta.model_name: n for m, n in writer.counts.items()})
            return counts
        # The root and its congresses last: its presence marks a finished generation.
        with transaction.atomic():
            Writer([Unit])._write(Unit, [tuple(root)])
            for ci in range(len(self.campaigns)):
                self.congress(writer, root, "nation", ci)
            writer.flush()
        counts.update({m._meta.model_name: n for m, n in writer.counts.items()})
        print(f"wrote nation root                        {elapsed(t0)}", flush=True)
        return counts


def summarize() -> None:
    """The per-congress results summaries, as the application's writers would keep them: one
    INSERT … SELECT over all congresses (stats.summary.refresh_congress_summaries)."""
    from daihoi.stats.summary import refresh_congress_summaries

    refresh_congress_summaries(None)


def finish() -> None:
    """Move id sequences past the explicit ids, and refresh the planner's statistics (as
    autovacuum would on a live PostgreSQL)."""
    from django.core.management.color import no_style
    from django.db import connection

    from daihoi.campaigns.models import Congress
    from daihoi.elections.models import Candidate, Election
    from daihoi.units.models import Unit

    if connection.vendor == "postgresql":
        models: list[Any] = [Unit, Congress, Election, Candidate]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            cursor.execute("ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="national")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--no-migrate", action="store_true", help="do not run migrate first")
    parser.add_argument(
        "--without-nation",
        action="store_true",
        help="make provinces the roots (a tree the workbook format can carry: no nation level)",
    )
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.core.management import call_command

    from daihoi.units.models import Unit

    t0 = time.perf_counter()
    if not args.no_migrate:
        call_command("migrate", verbosity=0)
        print(f"migrated                                 {elapsed(t0)}", flush=True)
    if Unit.objects.filter(code=ROOT_CODE).exists():
        print(f"tree already present (unit {ROOT_CODE}); nothing to do")
        return 0
    if Unit.objects.filter(code="P01").exists():
        if args.without_nation:
            print("tree already present (unit P01); nothing to do")
            return 0
        print("a previous generation did not finish: use a fresh database", file=sys.stderr)
        return 1
    scale = SCALES[args.scale]
    units = scale.units - args.without_nation
    print(f"scale {args.scale}: {scale} -> {units:,} units", flush=True)
    counts = Generator(scale, args.seed, nation=not args.without_nation).run()
    summarize()
    print(f"summarized the congresses                {elapsed(t0)}", flush=True)
    finish()
    print(f"analyzed                                 {elapsed(t0)}", flush=True)
    print(", ".join(f"{n:,} {name}" for name, n in counts.items()))
    print(f"total                                    {elapsed(t0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
