#!/usr/bin/env python
"""The live hall page under 1,600 phones (issue 3): target p95 < 500 ms on one 2-core machine.

    python benchmarks/bench_live.py [--phones 1600] [--seconds 60] [--interval 3] [--ramp 20]
        [--targets sqlite,postgresql] [--servers sync:4,gthread:2x8] [--clerks 2]
        [--clerk-wait 1] [--baseline 15] [--ballots 1600] [--candidates 200] [--json]

For each target database (SQLite in `$BENCH_DIR/live-sqlite`, PostgreSQL `daihoi_bench_live` on
`$BENCH_PG`, both rebuilt on each run) benchmarks/live_setup.py builds one congress of
`--ballots` delegates: a committee election of `--candidates` names being counted (one open
count, clerk 1 has entered 900 ballots, clerk 2 700), an inspection-committee election already
frozen, a secretary election not started; a viewer account with one session per phone, and two
clerk accounts (editors).

Then, for each `--servers` entry (`sync:N`: gunicorn with N sync workers; `gthread:NxT`: N
workers of T threads), gunicorn serves it on 127.0.0.1 and benchmarks/live_client.py drives,
from this process on the same cores:

1. the clerks alone for `--baseline` s (entry latency with nobody watching);
2. `--phones` phones, which open the hall page during `--ramp` s, then poll the panel every
   `--interval` s, while the clerks keep entering ballots; figures over `--seconds` s.

Printed: requests/s, p50/p95/p99 per kind of request, failures, 304s, and the CPU used by the
server, the load generator, PostgreSQL and the whole machine (other work included).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from live_client import run_load  # noqa: E402 - benchmarks/ is not a package

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/daihoi-bench"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PG_DB = "daihoi_bench_live"
OK = {200, 302, 304}


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# -- the parent: database, gunicorn, load --------------------------------------------------


def env_for(target: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        # Another settings module to try a configuration (found on PYTHONPATH).
        DJANGO_SETTINGS_MODULE=os.environ.get("BENCH_SETTINGS", "daihoi.settings"),
        DAIHOI_LOG_LEVEL="ERROR",
        DAIHOI_HOME=str(BENCH_DIR / f"live-{target}"),
        DAIHOI_STATIC_ROOT=str(BENCH_DIR / "static"),
        DAIHOI_SECRET_KEY="benchmark-only-secret-key",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    if target == "postgresql":
        env["DATABASE_URL"] = f"{PG}/{PG_DB}"
    return env


def fresh_database(target: str) -> None:
    home = BENCH_DIR / f"live-{target}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    if target == "postgresql":
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')


def build(target: str, args: argparse.Namespace) -> dict[str, Any]:
    fresh_database(target)
    cmd = [sys.executable, str(HERE / "live_setup.py"), "--ballots", str(args.ballots)]
    cmd += ["--candidates", str(args.candidates), "--phones", str(args.phones)]
    done = subprocess.run(cmd, env=env_for(target), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-2000:] + done.stderr[-4000:])
        raise SystemExit(f"{target}: setup failed")
    if not (BENCH_DIR / "static" / "staticfiles.json").exists():  # as in production
        static = [sys.executable, "-m", "daihoi", "manage", "collectstatic", "--noinput", "-v0"]
        subprocess.run(static, env=env_for(target), cwd=REPO, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(target: str, spec: str, port: int) -> subprocess.Popen[bytes]:
    kind, _, size = spec.partition(":")
    cmd = [str(Path(sys.executable).parent / "gunicorn"), "daihoi.wsgi:application"]
    cmd += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--backlog", "4096"]
    if kind == "sync":
        cmd += ["-w", size or "4"]
    elif kind == "gthread":
        workers, _, threads = (size or "2x8").partition("x")
        cmd += ["-k", "gthread", "-w", workers, "--threads", threads or "8"]
    else:
        raise SystemExit(f"unknown server {spec!r} (sync:N or gthread:NxT)")
    errors = open(BENCH_DIR / f"live-{target}" / "gunicorn.log", "ab")  # noqa: SIM115 - the child's
    return subprocess.Popen(
        cmd, env=env_for(target), cwd=REPO, start_new_session=True, stdout=errors, stderr=errors
    )


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer {url} within {seconds:.0f} s")


class CpuMeter:
    """CPU seconds used over a window: gunicorn's tree, PostgreSQL, this process, the machine."""

    def __init__(self, server_pid: int) -> None:
        import psutil

        self.psutil = psutil
        self.server = psutil.Process(server_pid)

    def _read(self) -> dict[str, float]:
        ps = self.psutil
        server = 0.0
        for p in [self.server, *self.server.children(recursive=True)]:
            try:
                t = p.cpu_times()
                server += t.user + t.system
            except ps.NoSuchProcess:
                pass
        postgres = 0.0  # the backends, and through the postmaster those that have exited
        for p in ps.process_iter():
            try:
                if p.name() == "postgres":
                    t = p.cpu_times()
                    postgres += t.user + t.system + t.children_user + t.children_system
            except ps.Error:
                pass
        own = resource.getrusage(resource.RUSAGE_SELF)
        machine = ps.cpu_times()
        busy = machine.user + machine.system + machine.nice + getattr(machine, "irq", 0.0)
        busy += getattr(machine, "softirq", 0.0)
        return {
            "server": server,
            "postgresql": postgres,
            "load generator": own.ru_utime + own.ru_stime,
            "machine": busy,
            "t": time.monotonic(),
        }

    def start(self) -> None:
        self.before = self._read()

    def stop(self, requests: int) -> dict[str, float]:
        """Cores used by each, and the server's CPU milliseconds per request."""
        after = self._read()
        wall = after["t"] - self.before["t"]
        used = {k: after[k] - self.before[k] for k in after if k != "t"}
        out = {k: round(v / wall, 2) for k, v in used.items()}
        out["server ms/request"] = round(1000 * used["server"] / max(requests, 1), 2)
        if used["postgresql"] > 0:
            out["postgresql ms/request"] = round(1000 * used["postgresql"] / max(requests, 1), 2)
        out["cores"] = float(os.cpu_count() or 0)
        return out


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measure(target: str, spec: str, data: dict[str, Any], args: argparse.Namespace) -> dict:
    port = free_port()
    server = start_server(target, spec, port)
    try:
        wait_up(f"http://127.0.0.1:{port}/accounts/login/")
        meter = CpuMeter(server.pid)
        out: dict[str, Any] = {"server": spec, "load_before": load_average()}
        common = dict(host="127.0.0.1", port=port, paths=data["paths"], clerks=data["clerks"])
        common.update(candidates=data["candidates"], interval=args.interval)
        common.update(clerk_wait=args.clerk_wait)
        if args.baseline and data["clerks"]:
            log(f"  {target} {spec}: the clerks alone for {args.baseline} s")
            meter.start()
            rec, start, end, saved = asyncio.run(
                run_load(phones=[], ramp=0, seconds=args.baseline, **common)
            )
            out["baseline"] = {"rows": rec.summary(start, end, OK), "saved": saved}
            out["baseline"]["cpu"] = meter.stop(rec.count())
        phones = data["phones"][: args.phones]
        log(f"  {target} {spec}: {len(phones)} phones (ramp {args.ramp} s) for {args.seconds} s")
        meter.start()
        rec, start, end, saved = asyncio.run(
            run_load(phones=phones, ramp=args.ramp, seconds=args.seconds, **common)
        )
        out["cpu"] = meter.stop(rec.count())  # ramp included
        out["rows"] = rec.summary(start, end, OK)
        opened = [x.started for x in rec.samples.get("hall page", [])]
        ramp = rec.summary(min(opened), start, OK).get("hall page") if opened else None
        if ramp:
            out["rows"]["hall page (ramp-up)"] = ramp
        out["saved"] = saved
        out["load_after"] = load_average()
        return out
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def line(name: str, r: dict[str, Any]) -> str:
    extra = f", {r['not_modified']} × 304" if r["not_modified"] else ""
    return (
        f"    {name:<26} {r['requests']:>6} req {r['rps']:>6} req/s  p50 {r['p50_ms']} "
        f"p95 {r['p95_ms']} p99 {r['p99_ms']} max {r['max_ms']} ms  "
        f"{r['failures']} failed{extra}"
    )


def table(results: dict[str, Any]) -> str:
    """The Markdown table of docs/performance.md, "Live results in the hall"."""
    lines = [
        f"| database, gunicorn | panel polls ({results['phones']:,} phones) | p50 / p95 / p99 "
        "| failed | 304 | clerk saves, p95: alone → with phones | server CPU | machine CPU |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in results["runs"]:
        poll = run["rows"].get("panel poll")
        if not poll:
            continue
        save = run["rows"].get("clerk: save ballot (POST)", {}).get("p95_ms")
        alone = run.get("baseline", {}).get("rows", {}).get("clerk: save ballot (POST)", {})
        cpu = run["cpu"]
        lines.append(
            f"| {run['target']}, {run['server']} | {poll['rps']} req/s | {poll['p50_ms']} / "
            f"{poll['p95_ms']} / {poll['p99_ms']} ms | {poll['failures']} | "
            f"{poll['not_modified']} | {alone.get('p95_ms', '–')} → {save or '–'} ms | "
            f"{cpu['server']} cores, {cpu['server ms/request']} ms/request | "
            f"{cpu['machine']} of {cpu['cores']:.0f} cores |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the live hall page under 1,600 phones")
    parser.add_argument("--phones", type=int, default=1600)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=3, help="htmx polling period, s")
    parser.add_argument("--ramp", type=float, default=20, help="phones open the page within, s")
    parser.add_argument("--targets", default="sqlite,postgresql")
    parser.add_argument("--servers", default="sync:4,gthread:2x8")
    parser.add_argument("--clerks", type=int, default=2, choices=(0, 1, 2))
    parser.add_argument("--clerk-wait", type=float, default=1.0, help="s between ballots")
    parser.add_argument("--baseline", type=float, default=15, help="clerks alone first, s")
    parser.add_argument("--ballots", type=int, default=1600)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "uptime_before": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "phones": args.phones,
        "interval": args.interval,
        "seconds": args.seconds,
        "runs": [],
    }
    for target in [t for t in args.targets.split(",") if t]:
        log(f"{target}: building the congress ({args.ballots} ballots × {args.candidates} names)")
        data = build(target, args)
        data["clerks"] = data["clerks"][: args.clerks]
        log(f"  {data['entries']:,} entries; {data['frozen_elected']} elected in the frozen count")
        for spec in [s for s in args.servers.split(",") if s]:
            run = measure(target, spec, data, args)
            run["target"] = target
            results["runs"].append(run)
            if not args.json:
                print(f"{target}, gunicorn {spec}: {args.phones} phones every {args.interval} s")
                for part in ("baseline", None):
                    block = run.get(part) if part else run
                    if not block:
                        continue
                    label = "clerks alone" if part else "phones + clerks"
                    print(f"  {label}: {block['saved']} ballots saved; CPU cores {block['cpu']}")
                    for name, r in block["rows"].items():
                        print(line(name, r))
    results["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout
    results["uptime_after"] = results["uptime_after"].strip()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = BENCH_DIR / f"live-{stamp}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        print(json.dumps(results))
    else:
        print(f"\n{table(results)}\n\n{results['uptime_before']}\n{results['uptime_after']}")
        print(f"results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
