"""A lean load generator for the live hall page: phones polling the panel, clerks entering ballots.

Used by benchmarks/bench_live.py. Plain asyncio over raw sockets (no Django, nothing to install)
because 1,600 simulated phones must cost the shared 2 cores far less than the server they load.

Each phone opens the hall page once, at a random moment of the ramp-up, then asks for the panel
as htmx does: `HX-Request` headers, `If-None-Match` with the last ETag (a browser's HTTP cache
revalidates the `no-cache` response the same way), and waits `interval` seconds after each
answer before the next (htmx's `every 3s` restarts its timer on each swap). Every request opens
its own connection and asks to close it, as gunicorn's sync workers do anyway.

Each clerk saves ballots through the real entry form (POST, then the page it redirects to), with
`clerk_wait` seconds between ballots, starting at the number the form offers.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

TIMEOUT_S = 30.0
USER_AGENT = "Mozilla/5.0 (Linux; Android 14) daihoi-bench-live"
# The number the entry form offers (not the hidden ones of the "remove" buttons).
NUMBER = re.compile(rb'<input type="number" name="number" id="id_number"[^>]*value="(\d+)"')


@dataclass
class Sample:
    started: float  # time.monotonic() when the request began
    ms: float
    status: int  # 0: no answer (error or timeout)


@dataclass
class Recorder:
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    def add(self, name: str, started: float, status: int) -> None:
        ms = (time.monotonic() - started) * 1000
        self.samples.setdefault(name, []).append(Sample(started, ms, status))

    def count(self) -> int:
        return sum(len(samples) for samples in self.samples.values())

    def summary(self, start: float, end: float, ok: set[int]) -> dict[str, dict[str, Any]]:
        """Figures of the requests begun within [start, end)."""
        out = {}
        for name, samples in self.samples.items():
            window = [s for s in samples if start <= s.started < end]
            if not window:
                continue
            good = sorted(s.ms for s in window if s.status in ok)
            out[name] = {
                "requests": len(window),
                "failures": sum(1 for s in window if s.status not in ok),
                "rps": round(len(window) / (end - start), 1),
                "not_modified": sum(1 for s in window if s.status == 304),
                "p50_ms": percentile(good, 50),
                "p95_ms": percentile(good, 95),
                "p99_ms": percentile(good, 99),
                "max_ms": round(good[-1], 1) if good else None,
                "mean_ms": round(statistics.fmean(good), 1) if good else None,
            }
        return out


def percentile(sorted_ms: list[float], p: float) -> float | None:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not sorted_ms:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_ms)))
    return round(sorted_ms[rank - 1], 1)


async def http(
    host: str, port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request on a new connection: status, headers (lower-case), body."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    async with asyncio.timeout(TIMEOUT_S):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            head = await reader.readuntil(b"\r\n\r\n")
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split(" ", 2)[1])
            got = {}
            for line in header_lines:
                if ":" in line:
                    key, _, value = line.partition(":")
                    got[key.strip().lower()] = value.strip()
            if status in (204, 304) or method == "HEAD":
                content = b""
            elif "content-length" in got:
                content = await reader.readexactly(int(got["content-length"]))
            else:
                content = await reader.read()
            return status, got, content
        finally:
            writer.close()


async def phone(
    rec: Recorder,
    host: str,
    port: int,
    paths: dict[str, str],
    session: str,
    start_at: float,
    end: float,
    interval: float,
) -> None:
    """Open the hall page at `start_at`, then poll the panel until `end`."""
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    cookie = {"Cookie": f"sessionid={session}", "User-Agent": USER_AGENT}
    t0 = time.monotonic()
    try:
        status, _, _ = await http(
            host, port, "GET", paths["hall"], {**cookie, "Accept": "text/html"}
        )
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
        status = 0
    rec.add("hall page", t0, status)
    etag = ""
    htmx = {
        **cookie,
        "Accept": "*/*",
        "HX-Request": "true",
        "HX-Current-URL": f"http://{host}:{port}{paths['hall']}",
        "HX-Target": "live-panel",
        "HX-Trigger": "live-panel",
    }
    while True:
        await asyncio.sleep(interval)
        if time.monotonic() >= end:
            return
        t0 = time.monotonic()
        headers = {**htmx, "If-None-Match": etag} if etag else htmx
        try:
            status, got, _ = await http(host, port, "GET", paths["panel"], headers)
            etag = got.get("etag", etag)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            status = 0
        rec.add("panel poll", t0, status)


def ballot_line(number: int, candidates: int) -> str:
    """The struck names of ballot `number` (the same for every clerk: their streams agree):
    10-30 % of the list, as bench_reconcile's 20-60 of 200 (the lists have 10 % more names
    than seats, so the ballot is valid)."""
    rnd = random.Random(number)
    k = rnd.randint(candidates // 10, 3 * candidates // 10)
    return " ".join(str(n) for n in sorted(rnd.sample(range(1, candidates + 1), k)))


async def clerk(
    rec: Recorder,
    host: str,
    port: int,
    paths: dict[str, str],
    session: str,
    candidates: int,
    start_at: float,
    end: float,
    wait: float,
) -> int:
    """Save ballots through the entry form until `end`; returns how many were saved."""
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    csrf = "b" * 32  # any 32-character secret: cookie and form field must match
    cookie = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "User-Agent": USER_AGENT}
    _, _, page = await http(host, port, "GET", paths["enter"], cookie)
    found = NUMBER.search(page)
    number = int(found.group(1)) if found else 0
    saved = 0
    while number and time.monotonic() < end:
        form = {
            "csrfmiddlewaretoken": csrf,
            "number": str(number),
            "line": ballot_line(number, candidates),
        }
        post_headers = {**cookie, "Content-Type": "application/x-www-form-urlencoded"}
        t0 = time.monotonic()
        try:
            status, got, _ = await http(
                host,
                port,
                "POST",
                paths["enter"],
                post_headers,
                urllib.parse.urlencode(form).encode(),
            )
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            status, got = 0, {}
        rec.add("clerk: save ballot (POST)", t0, status)
        if status != 302:
            await asyncio.sleep(wait)
            continue
        saved += 1
        location = got.get("location", paths["enter"])
        t0 = time.monotonic()
        try:
            status, _, _ = await http(host, port, "GET", location, cookie)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            status = 0
        rec.add("clerk: entry page (GET)", t0, status)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
        number = int(query["n"][0]) if query.get("n") else 0
        await asyncio.sleep(wait)
    return saved


async def run_load(
    host: str,
    port: int,
    paths: dict[str, str],
    phones: list[str],
    clerks: list[str],
    candidates: int,
    ramp: float,
    seconds: float,
    interval: float,
    clerk_wait: float,
) -> tuple[Recorder, float, float, int]:
    """Phones ramp up over `ramp` s; figures are taken over the `seconds` after it (returned)."""
    rec = Recorder()
    now = time.monotonic()
    window_start = now + ramp + interval if phones else now
    end = window_start + seconds
    rnd = random.Random(7)
    phoning = [
        phone(rec, host, port, paths, s, now + rnd.uniform(0, ramp), end, interval) for s in phones
    ]
    entering = [
        clerk(rec, host, port, paths, s, candidates, now + i * 0.3, end, clerk_wait)
        for i, s in enumerate(clerks)
    ]
    *_, saved_by_clerk = await asyncio.gather(asyncio.gather(*phoning), asyncio.gather(*entering))
    saved = sum(saved_by_clerk)
    return rec, window_start, end, saved
