#!/usr/bin/env python
"""Time stats_report for the nation root and for one province, warm, on DATABASE_URL.

    python benchmarks/bench_stats.py [--runs 20] [--json]

Run benchmarks/generate.py first. Prints median and p95 in milliseconds, and the number of
SQL queries one report makes (constant whatever the size of the tree).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")

AS_OF = datetime.date(2020, 7, 9)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of `values` (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, int(-(-p * len(ordered) // 100)))
    return ordered[rank - 1]


def time_calls(fn: Any, runs: int, warmup: int = 1) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "min_ms": round(min(times), 1),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time stats_report on DATABASE_URL")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--province", default="P01")
    parser.add_argument("--root", default="VN")
    parser.add_argument("--campaign", default="2020-2025")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from daihoi.campaigns.models import Campaign
    from daihoi.stats.queries import stats_report
    from daihoi.units.models import Unit

    campaign = Campaign.objects.select_related("previous").get(code=args.campaign)
    out: dict[str, Any] = {"vendor": connection.vendor, "as_of": AS_OF.isoformat()}
    for label, code in (("province", args.province), ("nation", args.root)):
        unit = Unit.objects.get(code=code)
        subtree = Unit.objects.filter(path__startswith=unit.path).count()
        with CaptureQueriesContext(connection) as queries:
            report = stats_report(unit, campaign, AS_OF)
        runs = args.runs if label == "province" else max(3, args.runs // 2)
        out[label] = {
            "unit": code,
            "subtree_units": subtree,
            "queries": len(queries),
            "held_branches": report["levels"].get("branch", {}).get("held"),
            **time_calls(lambda u=unit: stats_report(u, campaign, AS_OF), runs),
        }
    if args.json:
        print(json.dumps(out))
    else:
        for label in ("province", "nation"):
            r = out[label]
            print(
                f"{out['vendor']:<10} {label:<9} {r['subtree_units']:>8,} units  "
                f"{r['queries']} queries  median {r['median_ms']:>8.1f} ms  "
                f"p95 {r['p95_ms']:>8.1f} ms  ({r['runs']} runs)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
