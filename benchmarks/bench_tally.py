#!/usr/bin/env python
"""Time the counting engine on a large election (issue 3, item 9): target well under 1 s.

    python benchmarks/bench_tally.py [--ballots 10000] [--candidates 100] [--runs 5] [--json]

Builds a deterministic election (seed 1): `--candidates` names for 80% as many seats, each
ballot keeping a random number of names up to the seats, 1% of them invalid. Times, warm,
the median of `--runs`: `count_election` on parsed input, and the whole path of `daihoi tally`
(JSON text → parse → count → JSON text). Pure Python: no database, no Django.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from daihoi.tally import count_election, parse_json  # noqa: E402


def make_election(ballots: int, candidates: int, seed: int = 1) -> dict[str, Any]:
    rnd = random.Random(seed)
    names = [f"Ứng viên số {i:03d}" for i in range(candidates)]
    seats = max(1, candidates * 8 // 10)
    papers: list[dict[str, Any]] = []
    for _ in range(ballots):
        if rnd.random() < 0.01:
            papers.append({"kept": names[: seats + 1]})  # too many kept: invalid
            continue
        keep = rnd.randint(seats // 2, seats)
        papers.append({"kept": rnd.sample(names, keep)})
    return {
        "rules": "190-2024",
        "body": "delegates",
        "seats": seats,
        "base": ballots + ballots // 20,
        "candidates": names,
        "ballots": papers,
    }


def median_ms(fn: Any, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time the tally engine")
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)

    data = make_election(args.ballots, args.candidates)
    text = json.dumps(data, ensure_ascii=False)
    parsed = parse_json(text)
    result = count_election(parsed)

    def whole_path() -> str:
        return json.dumps(count_election(parse_json(text)).to_json(), ensure_ascii=False)

    figures = {
        "ballots": args.ballots,
        "candidates": args.candidates,
        "seats": data["seats"],
        "names_kept": sum(len(b["kept"]) for b in data["ballots"]),
        "input_mb": round(len(text.encode()) / 1e6, 1),
        "count_ms": round(median_ms(lambda: count_election(parsed), args.runs), 1),
        "json_to_json_ms": round(median_ms(whole_path, args.runs), 1),
        "outcome": result.outcome,
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"tally {figures['ballots']:,} ballots × {figures['candidates']} candidates "
            f"({figures['seats']} seats, {figures['names_kept']:,} kept names, "
            f"{figures['input_mb']} MB of JSON): count {figures['count_ms']} ms, "
            f"JSON in → JSON out {figures['json_to_json_ms']} ms (median of {args.runs})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
