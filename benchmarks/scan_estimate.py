"""The end-to-end time of counting one election by scanner, from the measured reading figures
(benchmarks/bench_scan.py). Every assumption is a named constant and printed with the result.
"""

from __future__ import annotations

import math
from typing import Any

HOPPER_SHEETS = 100  # sheets an ADF takes at once
RELOAD_S = 20.0  # emptying the output tray and loading the next 100 sheets
RESCAN_S = 15.0  # pulling an unreadable ballot out and feeding it again
HAND_S = 30.0  # an unreadable ballot still unreadable after the rescan, read by the board
READ_CORES = 1  # a conservative laptop: reading on one core


def estimate_count(
    delegates: int, ppm: float, measured: dict[str, Any], review_s: float
) -> dict[str, Any]:
    """Minutes for scanning, reading, review and rescans of one election's `delegates` ballots,
    sequential (an upper bound) and overlapped (reading and review while the scanner runs)."""
    n = delegates
    batches = math.ceil(n / HOPPER_SHEETS)
    scan_s = n / ppm * 60 + (batches - 1) * RELOAD_S
    per_ballot_s = (measured["read_ms"] + measured["decode_ms"]) / 1000
    read_s = n * per_ballot_s / READ_CORES
    reviewed = n * measured["review_rate"]
    review_total_s = reviewed * review_s
    unreadable = n * measured["unreadable_rate"]
    rescan_s = unreadable * (RESCAN_S + 60 / ppm)
    # Assume half of the rescanned still fail (pessimistic) and are read by hand.
    hand_s = unreadable * 0.5 * HAND_S
    sequential = scan_s + read_s + review_total_s + rescan_s + hand_s
    last_batch = min(n, HOPPER_SHEETS)
    tail = last_batch * per_ballot_s + last_batch * measured["review_rate"] * review_s
    # Overlapped: the slowest of the three streams, plus what is left after the last sheet
    # (reading and reviewing the last batch) when the scanner is the slowest.
    overlapped = max(scan_s + tail, read_s, review_total_s + per_ballot_s) + rescan_s + hand_s
    return {
        "delegates": n,
        "ppm": ppm,
        "scan_min": round(scan_s / 60, 1),
        "read_min": round(read_s / 60, 2),
        "ballots_reviewed": round(reviewed, 1),
        "review_min": round(review_total_s / 60, 1),
        "rescans": round(unreadable, 1),
        "rescan_and_hand_min": round((rescan_s + hand_s) / 60, 1),
        "sequential_min": round(sequential / 60, 1),
        "overlapped_min": round(overlapped / 60, 1),
        "assumptions": {
            "hopper_sheets": HOPPER_SHEETS,
            "reload_s": RELOAD_S,
            "review_s_per_ballot": review_s,
            "rescan_s": RESCAN_S,
            "hand_s": HAND_S,
            "read_cores": READ_CORES,
        },
    }


def estimate_lines(estimates: dict[str, dict[str, Any]], opts: Any) -> list[str]:
    if not estimates:
        return []
    lines = [
        "",
        f"End to end, one election of a {opts.delegates}-delegate congress, one {opts.ppm:.0f} ppm "
        f"scanner, {opts.review_seconds:.0f} s per reviewed ballot (two tellers at one screen), "
        f"ADF of {HOPPER_SHEETS} sheets reloaded in {RELOAD_S:.0f} s, "
        f"reading on {READ_CORES} core, "
        f"unreadable ballots rescanned ({RESCAN_S:.0f} s) and half of them read by hand "
        f"({HAND_S:.0f} s):",
    ]
    for profile, e in estimates.items():
        lines.append(
            f"  {profile}: scanning {e['scan_min']} min, reading {e['read_min']} min, review "
            f"{e['review_min']} min ({e['ballots_reviewed']} ballots), rescans "
            f"{e['rescan_and_hand_min']} min -> {e['overlapped_min']} min with reading and review "
            f"during the scan, {e['sequential_min']} min one after the other"
        )
    return lines
