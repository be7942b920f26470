#!/usr/bin/env python
"""Run every benchmark of docs/performance.md on SQLite and PostgreSQL, print the figures.

    python benchmarks/run.py            # national tree, demo province, 60 s of load per database
    python benchmarks/run.py --quick    # a tiny tree and 5 s of load: checks that it all works

Phases (choose with --only stats,import,load,scan,live; databases with --targets sqlite,postgresql):

- stats: generate the national tree (benchmarks/generate.py; reused when present) and time
  stats_report for one province and for the nation root (benchmarks/bench_stats.py);
- import: load the demo province into a fresh database, `daihoi export` it, then time
  `daihoi import` of that workbook into an empty, migrated database, and check that
  `daihoi stats` prints the same figures from the copy;
- scan: read synthetic ballots (benchmarks/bench_scan.py), no database;
- live: 1,600 phones polling the live hall page while clerks enter ballots
  (benchmarks/bench_live.py, its own databases);
- load: serve the imported province (gunicorn when installed, else `daihoi serve`) on
  127.0.0.1 and run locust headless (benchmarks/locustfile.py) with 50 logged-in users.

Data lives under $BENCH_DIR (default /tmp/daihoi-bench); PostgreSQL databases daihoi_bench_*
are created on $BENCH_PG (default postgres://postgres@127.0.0.1:5432). --fresh starts over.
Results are printed as a Markdown table and saved as JSON in $BENCH_DIR.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_live import table, wait_up  # benchmarks/ is on sys.path when run.py runs

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/daihoi-bench"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
AS_OF = "2020-07-09"
CAMPAIGN = "2020-2025"
PASSWORD = "daihoi-demo"


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# -- databases --------------------------------------------------------------------------------
def env_for(target: str, name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="daihoi.settings",
        DAIHOI_LOG_LEVEL="ERROR",
        DAIHOI_HOME=str(BENCH_DIR / f"{target}-{name}"),
        DAIHOI_STATIC_ROOT=str(BENCH_DIR / "static"),
        PYTHONPATH=str(REPO),
    )
    if target == "postgresql":
        env["DATABASE_URL"] = f"{PG}/daihoi_bench_{name}"
    return env


def pg_admin(sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def prepare(target: str, name: str, fresh: bool) -> None:
    """Make the database `name` exist (empty when `fresh`)."""
    home = BENCH_DIR / f"{target}-{name}"
    if fresh:
        shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True, exist_ok=True)
    if target == "postgresql":
        db = f"daihoi_bench_{name}"
        if fresh:
            pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        if not pg_admin(f"SELECT 1 FROM pg_database WHERE datname = '{db}'"):
            pg_admin(f'CREATE DATABASE "{db}"')


def run(cmd: list[str], env: dict[str, str], timeout: float, quiet: bool = False) -> str:
    """Run `cmd`, echo its output unless quiet, return stdout; fail loudly."""
    done = subprocess.run(
        cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )
    if not quiet and done.stdout.strip():
        print("    " + done.stdout.strip().replace("\n", "\n    "), flush=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}")
    return done.stdout


def daihoi(*args: str) -> list[str]:
    return [sys.executable, "-m", "daihoi", *args]


# -- phases -----------------------------------------------------------------------------------
def phase_stats(targets: list[str], opts: argparse.Namespace) -> dict[str, Any]:
    scale = "tiny" if opts.quick else "national"
    out = {}
    for target in targets:
        prepare(target, scale, opts.fresh)
        env = env_for(target, scale)
        log(f"{target}: generating the {scale} tree (reused when present); load {load_average()}")
        t0 = time.perf_counter()
        run([sys.executable, str(HERE / "generate.py"), "--scale", scale], env, timeout=1800)
        generate_s = time.perf_counter() - t0
        log(f"{target}: timing stats_report; load {load_average()}")
        runs = "5" if opts.quick else str(opts.runs)
        raw = run(
            [sys.executable, str(HERE / "bench_stats.py"), "--runs", runs, "--json"],
            env,
            timeout=3600,
            quiet=True,
        )
        result = json.loads(raw.strip().splitlines()[-1])
        result["generate_s"] = round(generate_s, 1)
        result["load"] = load_average()
        out[target] = result
        for label in ("province", "nation"):
            r = result[label]
            log(
                f"  {label}: {r['subtree_units']:,} units, median {r['median_ms']} ms, "
                f"p95 {r['p95_ms']} ms ({r['queries']} queries)"
            )
    return out


def source_workbook(opts: argparse.Namespace) -> tuple[Path, str]:
    """The province workbook (exported from the demo, or a tiny tree with --quick)."""
    name = "tinysrc" if opts.quick else "demo"
    workbook = BENCH_DIR / f"{name}.xlsx"
    env = env_for("sqlite", name)
    if opts.fresh or not workbook.exists():
        prepare("sqlite", name, fresh=True)
        if opts.quick:
            run(
                [sys.executable, str(HERE / "generate.py"), "--scale", "tiny", "--without-nation"],
                env,
                600,
                True,
            )
        else:
            log("loading the demo province into a fresh SQLite database")
            run(daihoi("demo", "--no-serve"), env, timeout=1200, quiet=True)
        run(daihoi("export", str(workbook)), env, timeout=600)
    stats = run(daihoi("stats", "--campaign", CAMPAIGN, "--as-of", AS_OF, "--json"), env, 600, True)
    return workbook, stats


def phase_import(targets: list[str], opts: argparse.Namespace) -> dict[str, Any]:
    workbook, expected = source_workbook(opts)
    out: dict[str, Any] = {"workbook_bytes": workbook.stat().st_size}
    for target in targets:
        prepare(target, "import", fresh=True)
        env = env_for(target, "import")
        run(daihoi("migrate"), env, timeout=600, quiet=True)
        log(f"{target}: importing {workbook.name} into an empty database; load {load_average()}")
        t0 = time.perf_counter()
        run(daihoi("import", str(workbook)), env, timeout=1800, quiet=True)
        seconds = time.perf_counter() - t0
        got = run(
            daihoi("stats", "--campaign", CAMPAIGN, "--as-of", AS_OF, "--json"), env, 600, True
        )
        same = json.loads(got) == json.loads(expected)
        out[target] = {"import_s": round(seconds, 1), "same_stats": same, "load": load_average()}
        log(
            f"  {seconds:.1f} s (wall clock of `daihoi import`, start-up included); "
            f"statistics of the copy {'equal' if same else 'DIFFER from'} the source's"
        )
    out["root"] = json.loads(expected)["unit"]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def phase_load(targets: list[str], opts: argparse.Namespace, root: str) -> dict[str, Any]:
    out = {}
    users, seconds = (5, 5) if opts.quick else (opts.users, opts.seconds)
    for target in targets:
        env = env_for(target, "import")
        env["DAIHOI_SECRET_KEY"] = "benchmark-only-secret-key"
        env["BENCH_WAIT"] = opts.wait
        run(
            daihoi(
                "createuser",
                "admin",
                "--unit",
                root,
                "--role",
                "administrator",
                "--password",
                PASSWORD,
            ),
            env,
            120,
            True,
        )
        if not (BENCH_DIR / "static" / "staticfiles.json").exists():
            run(daihoi("manage", "collectstatic", "--noinput", "-v0"), env, 300, True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        gunicorn = BIN / "gunicorn"
        if gunicorn.exists():
            server_cmd = [
                str(gunicorn),
                "daihoi.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(opts.workers),
                "--log-level",
                "warning",
            ]
            server = f"gunicorn, {opts.workers} sync workers"
        else:
            server_cmd = daihoi("serve", f"127.0.0.1:{port}", "--no-collectstatic")
            server = "daihoi serve (Django runserver, threaded)"
        log(f"{target}: serving on {url} ({server}); {users} users for {seconds} s")
        proc = subprocess.Popen(
            server_cmd,
            env=env,
            cwd=REPO,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        prefix = BENCH_DIR / f"locust-{target}"
        try:
            wait_up(f"{url}/accounts/login/", 60)
            load_before = load_average()
            run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(HERE / "locustfile.py"),
                    "--headless",
                    "-u",
                    str(users),
                    "-r",
                    str(min(users, 10)),
                    "-t",
                    f"{seconds}s",
                    "--host",
                    url,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--reset-stats",
                ],
                env,
                timeout=seconds + 120,
                quiet=True,
            )
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        rows = {}
        with open(f"{prefix}_stats.csv", newline="") as f:
            for row in csv.DictReader(f):
                rows[row["Name"]] = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 1),
                    "median_ms": float(row["50%"]),
                    "p95_ms": float(row["95%"]),
                }
        out[target] = {
            "server": server,
            "users": users,
            "seconds": seconds,
            "rows": rows,
            "load_before": load_before,
            "load_after": load_average(),
        }
        for name, r in rows.items():
            log(
                f"  {name:<22} {r['requests']:>6} req  {r['failures']} failed  "
                f"{r['rps']:>6} req/s  median {r['median_ms']:.0f} ms  p95 {r['p95_ms']:.0f} ms"
            )
    return out


def phase_scan(opts: argparse.Namespace) -> dict[str, Any]:
    """Reading ballots (benchmarks/bench_scan.py): synthetic ballots, no database."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    log(f"reading synthetic ballots; load {load_average()}")
    cmd = [sys.executable, str(HERE / "bench_scan.py"), "--json"]
    raw = run(cmd + (["--quick"] if opts.quick else []), env, timeout=7200, quiet=True)
    result = json.loads(raw.strip().splitlines()[-1])
    out = {
        "profiles": {p: r for p, r in result["profiles"].items() if "|" not in p},
        "estimate": result["estimate"],
        "failures": len(result["failures"]),
    }
    for name, r in out["profiles"].items():
        log(
            f"  {name}: {r['ballots']} ballots, {r['silent_errors']} silent errors, review "
            f"{100 * r['review_rate']:.1f} %, unreadable {100 * r['unreadable_rate']:.1f} %, "
            f"{r['ballots_per_s_with_decode']} ballots/s per core with decode"
        )
    # Ballots struck by another program (poppler + OpenCV, benchmarks/bench_foreign.py).
    cmd = [sys.executable, str(HERE / "bench_foreign.py"), "--json"]
    cmd += ["--per", "4" if opts.quick else "60"]
    raw = run(cmd, env, timeout=3600, quiet=True)
    foreign = json.loads(raw.strip().splitlines()[-1])["totals"]
    out["foreign"] = foreign
    log(
        f"  foreign: {foreign.get('ballots', 0)} ballots, {foreign.get('silent_errors', 0)} "
        f"silent errors, review {foreign.get('review', 0)}, unreadable "
        f"{foreign.get('unreadable', 0)}"
    )
    return out


def scan_report(scan: dict[str, Any]) -> str:
    targets = {"scan200": "≤ 2 %", "scan150": "≤ 2 %", "phone": "≤ 10 %"}
    lines = [
        "| reading ballots | silent errors (target 0) | review (target) | ballots/s/core "
        "(≥ 20 at 200 dpi) |",
        "|---|---|---|---|",
    ]
    for name, r in scan["profiles"].items():
        lines.append(
            f"| {name}, {r['ballots']:,} ballots | {r['silent_errors']} | "
            f"{100 * r['review_rate']:.1f} % ({targets.get(name, '')}) | "
            f"{r['ballots_per_s_read']} reading, {r['ballots_per_s_with_decode']} with decode |"
        )
    foreign = scan.get("foreign")
    if foreign:
        n = foreign.get("ballots", 0) or 1
        lines.append(
            f"| struck by another program (poppler + OpenCV), {foreign.get('ballots', 0):,} "
            f"ballots | {foreign.get('silent_errors', 0)} | "
            f"{100 * foreign.get('review', 0) / n:.1f} % | |"
        )
    for name, e in scan["estimate"].items():
        lines.append(
            f"| 500 delegates, 60 ppm scanner ({name}) | | | {e['overlapped_min']} min end to end |"
        )
    return "\n".join(lines)


def phase_live(targets: list[str], opts: argparse.Namespace) -> dict[str, Any]:
    """The live hall page under 1,600 phones (benchmarks/bench_live.py)."""
    cmd = [sys.executable, str(HERE / "bench_live.py"), "--json", "--targets", ",".join(targets)]
    if opts.quick:
        cmd += ["--phones", "50", "--seconds", "5", "--ramp", "2", "--baseline", "3"]
        cmd += ["--servers", "sync:2"]
    log(f"live hall page: {'50' if opts.quick else '1,600'} phones; load {load_average()}")
    raw = run(cmd, dict(os.environ), timeout=7200, quiet=True)
    return dict(json.loads(raw.strip().splitlines()[-1]))


# -- report -----------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    def sh(cmd: str) -> str:
        done = subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    import sqlite3

    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem = sh("free -g | awk '/Mem:/ {print $2}'")
    pg = ""
    try:
        pg = str(pg_admin("SHOW server_version")[0][0])
    except Exception:  # noqa: BLE001 - only informative
        pg = "unreachable"
    return {
        "date": sh("date"),
        "cpu": f"{sh('nproc')} × {cpu}",
        "memory": f"{mem} GB",
        "os": sh(". /etc/os-release && echo $PRETTY_NAME") + f", kernel {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg,
        "uptime": sh("uptime"),
    }


def report(results: dict[str, Any]) -> str:
    lines = ["| measure | target | SQLite | PostgreSQL |", "|---|---|---|---|"]

    def cell(target: str, get: Any) -> str:
        try:
            return str(get(target))
        except (KeyError, TypeError):
            return "–"

    stats = results.get("stats", {})
    for label, goal in (("province", "< 100 ms"), ("nation", "< 1 s (PostgreSQL)")):

        def fig(t: str, label: str = label) -> str:
            r = stats[t][label]
            return f"median {r['median_ms']:,.0f} ms, p95 {r['p95_ms']:,.0f} ms"

        units = next((stats[t][label]["subtree_units"] for t in stats), 0)
        lines.append(
            f"| stats_report, {label} ({units:,} units) | {goal} | "
            f"{cell('sqlite', fig)} | {cell('postgresql', fig)} |"
        )
    imp = results.get("import", {})
    lines.append(
        f"| import of the province workbook | < 30 s | "
        f"{cell('sqlite', lambda t: str(imp[t]['import_s']) + ' s')} | "
        f"{cell('postgresql', lambda t: str(imp[t]['import_s']) + ' s')} |"
    )
    load = results.get("load", {})
    for name in ("dashboard", "dashboard, district"):

        def lfig(t: str, name: str = name) -> str:
            r = load[t]["rows"][name]
            return f"{r['rps']} req/s, median {r['median_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms"

        lines.append(
            f"| load: {name} | p95 < 300 ms | {cell('sqlite', lfig)} | {cell('postgresql', lfig)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="daihoi benchmarks (docs/performance.md)")
    parser.add_argument("--quick", action="store_true", help="tiny tree, 5 s of load")
    parser.add_argument("--fresh", action="store_true", help="regenerate every database")
    parser.add_argument("--only", default="stats,import,load,scan,live")
    parser.add_argument("--targets", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=20, help="warm runs of the province report")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--wait", default="1,3", help="think time between pages, seconds MIN,MAX")
    opts = parser.parse_args(argv)
    phases = set(opts.only.split(","))
    targets = [t for t in opts.targets.split(",") if t]
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "quick": opts.quick}
    log(f"machine: {results['machine']}")
    if "stats" in phases:
        results["stats"] = phase_stats(targets, opts)
    root = ""
    if phases & {"import", "load"}:
        results["import"] = phase_import(targets, opts)
        root = results["import"]["root"]
    if "load" in phases:
        results["load"] = phase_load(targets, opts, root)
    if "scan" in phases:
        results["scan"] = phase_scan(opts)
    if "live" in phases:
        results["live"] = phase_live(targets, opts)
    results["total_s"] = round(time.perf_counter() - started, 1)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = BENCH_DIR / f"results-{stamp}{'-quick' if opts.quick else ''}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print()
    print(report(results))
    if "scan" in results:
        print()
        print(scan_report(results["scan"]))
    if "live" in results:
        print()
        print(table(results["live"]))
    print(f"\n{results['total_s']} s in all; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
