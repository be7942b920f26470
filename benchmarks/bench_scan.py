#!/usr/bin/env python
"""Reading ballots by machine (issue 4, part 4): accuracy and speed on synthetic ballots.

    python benchmarks/bench_scan.py                 # 5 elections × 3 profiles × 140 = 2,100 ballots
    python benchmarks/bench_scan.py --quick         # 60 ballots: checks that it all runs
    python benchmarks/bench_scan.py --per 40 --profiles scan200 --elections 5-of-3-A5
    python benchmarks/bench_scan.py --dump /tmp/scan-failures   # images of the wrong readings
    python benchmarks/bench_scan.py --replay 55-of-50-A4 scan200 17   # one ballot, by index

Prints the printed ballots (`render_machine_ballot_pdf`) of five elections
(benchmarks/scan_elections.py), marks and captures them with the independent generator
`daihoi.scanning.synthetic` (seed `--seed`, never the seeds of the reader's samples) and reads
every image with the reader (`daihoi.scanning`), one process, OpenCV on one thread. Per capture
profile it reports:

* silent errors: read `ok` but the kept names (or agree/disagree marks) differ from the truth —
  the number that must be 0; each is listed with its election, profile, index and ballot seed;
* wrong unreadable: refused with a reason that is false for these ballots (another election,
  not a ballot, blank);
* review: sent to a person, and how many of those had no reason in the truth for it
  (`truth["review_ok"]`: partial stroke, stray mark, no seal, fold across a name, both/none);
* unreadable: could not be read (rescan);
* row errors: rows decided (not doubtful) against the truth, also inside reviewed ballots;
* speed: ballots per second per core, reading alone and with the image decode (CPU time of
  this process, so other load on a shared machine counts less; wall time is saved as well);

then the end-to-end time of counting one election of a 500-delegate congress with one 60-page-
per-minute scanner (`--delegates`, `--ppm`, `--review-seconds`). Results go to
$BENCH_DIR/scan-<stamp>.json (default /tmp/daihoi-bench).
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import json
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from scan_elections import SHAPES, election_data  # noqa: E402
from scan_estimate import estimate_count, estimate_lines  # noqa: E402
from scan_judge import judge, summary, table  # noqa: E402

from daihoi.printing.election_paper import ElectionPaper, parse_election_paper  # noqa: E402
from daihoi.printing.machine_ballot import render_machine_ballot_pdf  # noqa: E402
from daihoi.scanning.synthetic import (  # noqa: E402
    MIXES,
    PROFILES,
    SyntheticBallot,
    ballot_seed,
    generate_ballots,
    make_ballot,
    prepare_page,
)

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/daihoi-bench"))
DEFAULT_SEED = 2026


class Reader:
    """The reader's public functions (daihoi.scanning), looked up once."""

    def __init__(self) -> None:
        import daihoi.scanning as scanning

        def find(name: str, module: str) -> Any:
            if hasattr(scanning, name):
                return getattr(scanning, name)
            return getattr(__import__(f"daihoi.scanning.{module}", fromlist=[name]), name)

        self.read_ballot = find("read_ballot", "reader")
        self.template_from_pdf = find("template_from_pdf", "template")
        try:
            self.load_pages = find("load_pages", "images")
        except (ImportError, AttributeError):
            self.load_pages = None
        params = inspect.signature(self.load_pages).parameters if self.load_pages else {}
        self.grey = "grey" in params

    def decode(self, data: bytes, name: str) -> np.ndarray:
        """The first page, as the reader asks for it (grey when it reads grey: faster)."""
        if self.load_pages is not None:
            if self.grey:
                return self.load_pages(data, name, grey=True)[0]
            return self.load_pages(data, name)[0]
        return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


# -- the run ----------------------------------------------------------------------------------
def prepare(
    label: str, n: int, seats: int, paper_size: str, body: str, reader: Reader
) -> dict[str, Any]:
    data = election_data(label, n, seats, body)
    paper = parse_election_paper(data)
    layout = paper.layout(paper_size)
    pdf = render_machine_ballot_pdf(paper, layout)
    return {
        "label": label,
        "data": data,
        "paper": paper,
        "pdf": pdf,
        "page": prepare_page(pdf, paper, layout),
        "template": reader.template_from_pdf(pdf, layout),
    }


def read_one(
    reader: Reader, ballot: SyntheticBallot, paper: ElectionPaper, template: Any, name: str
) -> tuple[Any, float, float, float]:
    """The reading, CPU seconds of decode and of reading, wall seconds of both."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    image = reader.decode(ballot.image, name)
    cpu1 = time.process_time()
    reading = reader.read_ballot(image, paper, template)
    cpu2, wall2 = time.process_time(), time.perf_counter()
    return reading, cpu1 - cpu0, cpu2 - cpu1, wall2 - wall0


def dump(
    folder: Path, name: str, ballot: SyntheticBallot, reading: Any, verdict: dict[str, Any]
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(name.replace("/", "_")).stem
    (folder / f"{stem}{ballot.suffix}").write_bytes(ballot.image)
    detail = {"truth": ballot.truth, "verdict": verdict, "reading": _reading_json(reading)}
    (folder / f"{stem}.json").write_text(
        json.dumps(detail, ensure_ascii=False, indent=1, default=str)
    )


def _reading_json(reading: Any) -> dict[str, Any]:
    rows = [r.as_json() if hasattr(r, "as_json") else str(r) for r in getattr(reading, "rows", ())]
    return {
        "status": reading.status,
        "reason": reading.reason,
        "detail": getattr(reading, "detail", ""),
        "kept": list(getattr(reading, "kept", ())),
        "marks": getattr(reading, "marks", None),
        "rows": rows,
    }


def run(opts: argparse.Namespace) -> dict[str, Any]:
    cv2.setNumThreads(1)  # one core: the figure is per core
    reader = Reader()
    shapes = [s for s in SHAPES if not opts.elections or s[0] in opts.elections.split(",")]
    profiles = opts.profiles.split(",")
    stats: dict[str, Any] = defaultdict(lambda: defaultdict(float))
    failures: list[dict[str, Any]] = []
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    review_reasons: dict[str, Counter[str]] = defaultdict(Counter)
    row_kinds: dict[str, dict[str, list[int]]] = defaultdict(dict)
    gen_s = 0.0
    for label, n, seats, paper_size, body in shapes:
        e = prepare(label, n, seats, paper_size, body, reader)
        warm = make_ballot(e["page"], "scan200", 1)
        read_one(reader, warm, e["paper"], e["template"], "warm.jpg")  # caches, lazy imports
        for profile in profiles:
            t0 = time.perf_counter()
            for ballot in generate_ballots(
                e["pdf"],
                e["paper"],
                e["page"].layout,
                opts.per,
                profile,
                opts.seed,
                page=e["page"],
                mix=opts.mix,
            ):
                gen_s += time.perf_counter() - t0
                name = f"{label}/{profile}-{ballot.truth['index']:04d}{ballot.suffix}"
                reading, dec_cpu, read_cpu, wall = read_one(
                    reader, ballot, e["paper"], e["template"], name
                )
                verdict = judge(reading, ballot.truth)
                for key in (profile, f"{profile}|{label}"):
                    s = stats[key]
                    s["ballots"] += 1
                    s[verdict["outcome"]] += 1
                    s["decode_cpu_s"] += dec_cpu
                    s["read_cpu_s"] += read_cpu
                    s["wall_s"] += wall
                    s["rows"] += verdict["rows"]
                    s["rows_doubtful"] += verdict["rows_doubtful"]
                    s["row_errors"] += len(verdict["row_errors"])
                    if not ballot.truth["review_ok"]:
                        s["plain"] += 1  # nothing on it that a person should see
                    if verdict["outcome"] == "review" and not verdict["justified"]:
                        s["review_unjustified"] += 1
                    if verdict["outcome"] == "unreadable" and verdict["false_refusal"]:
                        s["false_refusal"] += 1
                for kind, (rows, doubt, wrong) in verdict["row_kinds"].items():
                    k = row_kinds[profile].setdefault(kind, [0, 0, 0])
                    k[0], k[1], k[2] = k[0] + rows, k[1] + doubt, k[2] + wrong
                if verdict["outcome"] == "review":
                    for r in reading.reason.split(","):
                        review_reasons[profile][r] += 1
                if verdict["outcome"] == "unreadable":
                    reasons[profile][reading.reason] += 1
                bad = (
                    verdict["outcome"] == "silent_error"
                    or verdict.get("false_refusal")
                    or verdict["row_errors"]
                )
                if bad:
                    failures.append(
                        {
                            "image": name,
                            "election": label,
                            "profile": profile,
                            "index": ballot.truth["index"],
                            "ballot_seed": ballot.truth["ballot_seed"],
                            "replay": f"python benchmarks/bench_scan.py --seed {opts.seed} "
                            f"--mix {opts.mix} "
                            f"--replay {label} {profile} {ballot.truth['index']}",
                            **{
                                k: v
                                for k, v in verdict.items()
                                if k not in ("rows", "rows_read", "row_kinds")
                            },
                        }
                    )
                    if opts.dump:
                        dump(Path(opts.dump), name, ballot, reading, verdict)
                elif opts.dump_review and verdict["outcome"] in ("review", "unreadable"):
                    dump(Path(opts.dump_review), name, ballot, reading, verdict)
                t0 = time.perf_counter()
        print(f"  {label}: done ({stats_line(stats, profiles)})", flush=True)
    return {
        "profiles": {k: summary(v) for k, v in stats.items()},
        "unreadable_reasons": {k: dict(v) for k, v in reasons.items()},
        "review_reasons": {k: dict(v) for k, v in review_reasons.items()},
        "row_kinds": {p: dict(sorted(k.items())) for p, k in row_kinds.items()},
        "failures": failures,
        "generate_s": round(gen_s, 1),
    }


def stats_line(stats: dict[str, Any], profiles: list[str]) -> str:
    return ", ".join(
        f"{p}: {int(stats[p]['ballots'])} read, {int(stats[p]['silent_error'])} silent, "
        f"{int(stats[p]['review'])} review"
        for p in profiles
        if p in stats
    )


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "?"
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{os.cpu_count()} × {cpu}",
        "python": platform.python_version(),
        "opencv": cv2.__version__,
        "numpy": np.__version__,
        "load_before": load,
    }


def replay(opts: argparse.Namespace) -> int:
    """Regenerate one ballot and read it again, printing both (and saving the image)."""
    label, profile, index = opts.replay[0], opts.replay[1], int(opts.replay[2])
    shape = next(s for s in SHAPES if s[0] == label)
    reader = Reader()
    e = prepare(*shape, reader)
    ballot = make_ballot(
        e["page"],
        profile,
        ballot_seed(opts.seed, profile, index, e["page"].layout.election_key),
        mix=opts.mix,
    )
    reading, *_ = read_one(reader, ballot, e["paper"], e["template"], "replay")
    verdict = judge(reading, ballot.truth)
    folder = Path(opts.dump or BENCH_DIR / "scan-replay")
    dump(folder, f"{label}/{profile}-{index:04d}", ballot, reading, verdict)
    print(
        json.dumps(
            {
                "verdict": verdict,
                "truth_kept": ballot.truth["kept"],
                "truth_marks": ballot.truth["marks"],
                "read": _reading_json(reading)["kept"] or _reading_json(reading)["marks"],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"image and details in {folder}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="accuracy and speed of the ballot reader on synthetic ballots"
    )
    parser.add_argument("--per", type=int, default=140, help="ballots per election and profile")
    parser.add_argument("--quick", action="store_true", help="4 ballots per election and profile")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--elections", default="", help="labels, comma-separated (default all)")
    parser.add_argument(
        "--mix", default="realistic", choices=sorted(MIXES), help="how often the hard cases come"
    )
    parser.add_argument(
        "--dump",
        default="",
        help="folder for the images of silent errors, false refusals, row errors",
    )
    parser.add_argument(
        "--dump-review", default="", help="folder for the images sent to review or unreadable"
    )
    parser.add_argument("--replay", nargs=3, metavar=("ELECTION", "PROFILE", "INDEX"))
    parser.add_argument("--delegates", type=int, default=500)
    parser.add_argument("--ppm", type=float, default=60.0, help="scanner pages per minute")
    parser.add_argument("--review-seconds", type=float, default=10.0)
    parser.add_argument(
        "--json", action="store_true", help="print the results as one JSON line last"
    )
    opts = parser.parse_args(argv)
    if opts.replay:
        return replay(opts)
    if opts.quick:
        opts.per = 4
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine(),
        "seed": opts.seed,
        "per": opts.per,
        "mix": opts.mix,
    }
    started = time.perf_counter()
    results.update(run(opts))
    results["machine"]["load_after"] = machine()["load_before"]
    results["total_s"] = round(time.perf_counter() - started, 1)
    profiles = results["profiles"]
    results["estimate"] = {
        p: estimate_count(opts.delegates, opts.ppm, profiles[p], opts.review_seconds)
        for p in ("scan200", "scan150")
        if p in profiles
    }
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = BENCH_DIR / f"scan-{stamp}{'-quick' if opts.quick else ''}.json"
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    order = opts.profiles.split(",")
    print()
    print(table(profiles, order))
    for p in order:
        print(f"\n{p} by election:")
        print(table(profiles, [f"{p}|{label}" for label, *_ in SHAPES]))
    if results["failures"]:
        print(
            f"\n{len(results['failures'])} ballots read wrongly somewhere "
            "(silent error, false refusal or row error):"
        )
        for f in results["failures"][:40]:
            print(
                f"  {f['image']} seed {f['ballot_seed']}: {f['outcome']}, "
                f"row errors {f['row_errors']}"
            )
            print(f"    {f['replay']}")
    for p in order:
        worst = sorted(
            results["row_kinds"].get(p, {}).items(), key=lambda kv: -(kv[1][1] + 100 * kv[1][2])
        )[:6]
        print(f"\n{p}: rows doubtful / wrong by what was drawn (worst first):")
        for kind, (rows, doubt, wrong) in worst:
            print(f"  {kind:<40} {rows:>6} rows  {doubt:>5} doubtful  {wrong:>3} wrong")
    for line in estimate_lines(results["estimate"], opts):
        print(line)
    print(
        f"\n{results['total_s']} s in all ({results['generate_s']} s generating); results in {out}"
    )
    if opts.json:
        print(json.dumps(results, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
