"""Judging the reader's output against the generator's truth, and the per-profile figures
(benchmarks/bench_scan.py)."""

from __future__ import annotations

from typing import Any

# Refusals that state something false about a genuine ballot of this election.
FALSE_REFUSALS = {"wrong_election", "wrong_round", "wrong_paper", "not_a_ballot", "blank_page"}


def judge(reading: Any, truth: dict[str, Any]) -> dict[str, Any]:
    """Outcome of one reading against the truth: ok / silent_error / review / unreadable, and the
    rows decided wrongly."""
    strike = truth["style"] == "strike"
    out: dict[str, Any] = {"status": reading.status, "reason": reading.reason}
    if reading.status == "ok":
        if strike:
            got, want = set(reading.kept), set(truth["kept"])
            right = got == want
            if not right:
                out["read_kept_but_struck"] = sorted(got - want)
                out["read_struck_but_kept"] = sorted(want - got)
        else:
            right = dict(reading.marks or {}) == truth["marks"]
            if not right:
                out["marks_differ"] = {
                    n: [m, (reading.marks or {}).get(n)]
                    for n, m in truth["marks"].items()
                    if (reading.marks or {}).get(n) != m
                }
        out["outcome"] = "ok" if right else "silent_error"
    elif reading.status == "review":
        out["outcome"] = "review"
        out["justified"] = bool(truth["review_ok"])
    else:
        out["outcome"] = "unreadable"
        out["false_refusal"] = reading.reason in FALSE_REFUSALS
    by_number = {r["number"]: r for r in truth["rows"]}
    row_errors, doubtful = [], 0
    kinds: dict[str, list[int]] = {}  # what was drawn on the row: [rows, doubtful, wrong]
    pen = truth.get("voter", {}).get("pen", {}).get("kind", "")
    crossed = set(truth.get("extras", {}).get("crease", {}).get("crosses_rows", []))
    for row in getattr(reading, "rows", ()) or ():
        want = by_number[row.number]
        kind = row_kind(want, pen, row.number in crossed)
        tally = kinds.setdefault(kind, [0, 0, 0])
        tally[0] += 1
        if row.state == "doubtful":
            doubtful += 1
            tally[1] += 1
        elif row.state != want["truth"]:
            tally[2] += 1
            row_errors.append({"number": row.number, "read": row.state, **want})
    out["rows"] = len(truth["rows"])
    out["rows_read"] = len(getattr(reading, "rows", ()) or ())
    out["rows_doubtful"] = doubtful
    out["row_errors"] = row_errors
    out["row_kinds"] = kinds
    return out


def row_kind(row: dict[str, Any], pen: str, creased: bool) -> str:
    """A row's category for the breakdown: its truth and what was drawn, with the pen for
    strikes ("struck strike:zigzag faint"), "partial", and "+crease" when a fold crosses it."""
    drawn = [d.split(":ruler")[0] for d in row.get("drawn", [])]
    kind = " ".join([row["truth"], *drawn])
    if row["truth"] == "struck":
        kind += f" {pen}" + (" partial" if row.get("partial") else "")
    return kind + (" +crease" if creased else "")


def summary(s: dict[str, float]) -> dict[str, Any]:
    n = s["ballots"] or 1
    read_cpu, decode_cpu = s["read_cpu_s"], s["decode_cpu_s"]
    return {
        "ballots": int(s["ballots"]),
        "ok": int(s["ok"]),
        "silent_errors": int(s["silent_error"]),
        "review": int(s["review"]),
        "review_rate": round(s["review"] / n, 4),
        "review_unjustified": int(s["review_unjustified"]),
        "review_unjustified_rate": round(s["review_unjustified"] / n, 4),
        # Of the ballots with nothing a person should see, the share sent to review all the same.
        "plain": int(s["plain"]),
        "review_of_plain_rate": round(s["review_unjustified"] / (s["plain"] or 1), 4),
        "unreadable": int(s["unreadable"]),
        "unreadable_rate": round(s["unreadable"] / n, 4),
        "wrong_unreadable": int(s["false_refusal"]),
        "rows": int(s["rows"]),
        "rows_doubtful_rate": round(s["rows_doubtful"] / (s["rows"] or 1), 4),
        "row_errors": int(s["row_errors"]),
        "read_ms": round(1000 * read_cpu / n, 1),
        "decode_ms": round(1000 * decode_cpu / n, 1),
        "ballots_per_s_read": round(n / read_cpu, 1) if read_cpu else None,
        "ballots_per_s_with_decode": round(n / (read_cpu + decode_cpu), 1) if read_cpu else None,
        "ballots_per_s_wall": round(n / s["wall_s"], 1) if s["wall_s"] else None,
    }


def table(profiles: dict[str, Any], order: list[str]) -> str:
    lines = [
        "| profile | ballots | silent errors | wrong unreadable | review (unjustified) | "
        "review of plain ballots | unreadable | doubtful rows | row errors | "
        "ballots/s/core read (with decode) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in order:
        if p not in profiles:
            continue
        r = profiles[p]
        lines.append(
            f"| {p} | {r['ballots']:,} | {r['silent_errors']} | {r['wrong_unreadable']} | "
            f"{100 * r['review_rate']:.1f} % ({100 * r['review_unjustified_rate']:.1f} %) | "
            f"{100 * r['review_of_plain_rate']:.1f} % of {r['plain']:,} | "
            f"{100 * r['unreadable_rate']:.1f} % | {100 * r['rows_doubtful_rate']:.2f} % | "
            f"{r['row_errors']} | {r['ballots_per_s_read']} ({r['ballots_per_s_with_decode']}) |"
        )
    return "\n".join(lines)
