#!/usr/bin/env python
"""Time the reconciliation of two clerks' entry streams (issue 3, item 9): target "instant".

    python benchmarks/bench_reconcile.py [--ballots 1600] [--candidates 200] [--runs 5]
                                         [--targets sqlite,postgresql] [--json]

For each target database, builds one election (seed 1) of `--candidates` names for 90% as many
seats, opens a count and bulk-creates `--ballots` BallotEntry rows for each of two clerks: each
ballot strikes 20–60 random names, and the second clerk differs from the first on 5 ballots.
Times, warm, the median of `--runs`:

* `reconcile(count)` — both streams read from the database and compared ballot by ballot
  (finds the 5 disagreements);
* after the 5 are corrected, `engine_input(count)` + `count_election` — the count computed
  from the entries (database read, reconciliation, engine input, engine), what the preview
  and the freeze do.

SQLite runs in a temporary `DAIHOI_HOME`; PostgreSQL at `$BENCH_PG` (default
`postgres://postgres@127.0.0.1:5432`) in the database `daihoi_bench_reconcile`, created if
needed and skipped if the server cannot be reached. Each target runs in a child process
(`--child`), because Django reads its database from the environment once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PG_DB = "daihoi_bench_reconcile"
DISAGREEMENTS = 5
BENCH_CODE = "BENCH-RECONCILE"


def median_ms(fn: Any, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def make_streams(
    ballots: int, candidates: int, seed: int = 1
) -> tuple[list[list[int]], list[list[int]], list[int]]:
    """Clerk A's and clerk B's struck numbers per ballot, and the ballots where they differ."""
    rnd = random.Random(seed)
    first = [
        sorted(rnd.sample(range(1, candidates + 1), rnd.randint(20, 60))) for _ in range(ballots)
    ]
    second = [list(s) for s in first]
    differ = sorted(rnd.sample(range(ballots), DISAGREEMENTS))
    for i in differ:
        extra = next(n for n in range(1, candidates + 1) if n not in second[i])
        second[i] = sorted([*second[i], extra])
    return first, second, [i + 1 for i in differ]


# -- one target, inside Django ------------------------------------------------------------


def child(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)

    from daihoi.campaigns.models import Campaign, Congress
    from daihoi.elections.counting.queries import engine_input, reconcile
    from daihoi.elections.models import BallotEntry, Body, Count, CountMode, Election
    from daihoi.tally import count_election, parse_input
    from daihoi.units.models import Level, Unit

    Unit.objects.filter(code=BENCH_CODE).delete()  # a previous run: cascades to its entries
    level, _ = Level.objects.get_or_create(code="bench", defaults={"name": "Bench", "rank": 0})
    unit = Unit.add_root(code=BENCH_CODE, name="Bench", level=level)
    campaign, _ = Campaign.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    congress = Congress.objects.create(
        campaign=campaign, unit=unit, summoned=args.ballots, attended=args.ballots
    )
    seats = args.candidates * 9 // 10
    election = Election.objects.create(congress=congress, body=Body.COMMITTEE, seats=seats)
    names = [f"Ứng viên số {i:03d}" for i in range(1, args.candidates + 1)]
    count = Count.objects.create(
        election=election,
        mode=CountMode.BALLOTS,
        rules=election.rules,
        seats=seats,
        candidates=names,
        base=args.ballots,
        issued=args.ballots,
    )
    users = get_user_model().objects
    clerks = [users.get_or_create(username=f"bench-clerk-{i}")[0] for i in (1, 2)]  # two clerks
    first, second, differ = make_streams(args.ballots, args.candidates)
    t0 = time.perf_counter()
    for clerk, stream in zip(clerks, (first, second), strict=True):
        BallotEntry.objects.bulk_create(
            [
                BallotEntry(count=count, clerk=clerk, number=n, struck=s, marks=[], defects=[])
                for n, s in enumerate(stream, 1)
            ],
            batch_size=500,
        )
    insert_ms = round((time.perf_counter() - t0) * 1000, 1)

    rec = reconcile(count)
    found = [d.number for d in rec.disagreements]
    assert found == differ, (found, differ)
    with CaptureQueriesContext(connection) as q_rec:
        reconcile(count)
    reconcile_ms = median_ms(lambda: reconcile(count), args.runs)

    # The clerks correct the 5 ballots; the count can now be computed.
    for number in differ:
        BallotEntry.objects.filter(count=count, clerk=clerks[1], number=number).update(
            struck=first[number - 1]
        )

    def compute() -> Any:
        return count_election(parse_input(engine_input(count)))

    result = compute()
    with CaptureQueriesContext(connection) as q_count:
        compute()
    count_ms = median_ms(compute, args.runs)
    data = engine_input(count)
    engine_ms = median_ms(lambda: count_election(parse_input(data)), args.runs)
    return {
        "vendor": connection.vendor,
        "ballots": args.ballots,
        "candidates": args.candidates,
        "seats": seats,
        "entries": 2 * args.ballots,
        "struck_names": sum(len(s) for s in first),
        "disagreements_found": len(found),
        "insert_ms": insert_ms,
        "reconcile_ms": reconcile_ms,
        "reconcile_queries": len(q_rec),
        "count_from_entries_ms": count_ms,
        "count_queries": len(q_count),
        "engine_only_ms": engine_ms,
        "outcome": result.outcome,
        "runs": args.runs,
    }


# -- the parent: one child per target -------------------------------------------------------


def pg_ready() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (PG_DB,)
            ).fetchall():
                conn.execute(f'CREATE DATABASE "{PG_DB}"')
        return True
    except Exception as exc:  # noqa: BLE001 — any failure means: skip PostgreSQL
        print(f"PostgreSQL skipped: {exc}", file=sys.stderr)
        return False


def run_target(target: str, argv: list[str], home: Path) -> dict[str, Any] | None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="daihoi.settings",
        DAIHOI_LOG_LEVEL="ERROR",
        DAIHOI_HOME=str(home / target),
        PYTHONPATH=str(REPO),
    )
    if target == "postgresql":
        if not pg_ready():
            return None
        env["DATABASE_URL"] = f"{PG}/{PG_DB}"
    done = subprocess.run(
        [sys.executable, __file__, "--child", *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stdout, done.stderr, file=sys.stderr)
        raise SystemExit(f"{target}: the benchmark failed")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time the reconciliation of two entry streams")
    parser.add_argument("--ballots", type=int, default=1600)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--targets", default="sqlite,postgresql")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args)))
        return 0

    passed = ["--ballots", str(args.ballots), "--candidates", str(args.candidates)]
    passed += ["--runs", str(args.runs)]
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="daihoi-bench-reconcile-") as tmp:
        for target in args.targets.split(","):
            figures = run_target(target.strip(), passed, Path(tmp))
            if figures is not None:
                out.append(figures)
    if args.json:
        print(json.dumps(out))
        return 0
    for f in out:
        print(
            f"{f['vendor']:<10} {f['ballots']:,} ballots × {f['candidates']} names, 2 clerks "
            f"({f['entries']:,} entries, {f['struck_names']:,} struck names per stream): "
            f"reconcile {f['reconcile_ms']} ms ({f['reconcile_queries']} queries, "
            f"{f['disagreements_found']} disagreements found); count from entries "
            f"{f['count_from_entries_ms']} ms ({f['count_queries']} queries; engine alone "
            f"{f['engine_only_ms']} ms); insert {f['insert_ms']} ms "
            f"(median of {f['runs']}, outcome {f['outcome']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
