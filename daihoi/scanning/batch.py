"""Batches of files for `daihoi scan` and the app: every page of every file read (in a pool of
spawned processes when there are many), one entry per page, and the tally of the pages read
with certainty.
"""

from __future__ import annotations

import os
from typing import Any

from daihoi.printing.election_paper import ElectionPaper

from .reader import BallotReading, read_ballot, unreadable
from .template import BallotTemplate

PDF_CHUNK = 16  # pages of one PDF read by one worker at a time
POOL_MIN_PAGES = 8  # fewer pages than this are read in this process


def read_entries(
    paper: ElectionPaper,
    files: list[tuple[str, bytes]],
    template: BallotTemplate,
    *,
    workers: int | None = None,
    rows: bool = False,
    require_seal: bool = False,
) -> list[dict[str, Any]]:
    """One entry per page (a file that is no image: one entry with page None), in file and page
    order; an ok entry carries its tally input under "ballot". require_seal: see read_ballot."""
    units = _units(files)
    results: list[list[dict[str, Any]]]
    pages = sum(len(u[2]) if u[2] is not None else 1 for u in units)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or pages < POOL_MIN_PAGES or len(units) < 2:
        results = [_read_unit(paper, template, unit, rows, require_seal) for unit in units]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Spawned, not forked: a fork can inherit a lock held by a thread of OpenCV or PDFium
        # in this process and hang for ever.
        with ProcessPoolExecutor(
            max_workers=min(count, len(units)),
            initializer=_worker_init,
            initargs=(paper, template, rows, require_seal),
            mp_context=multiprocessing.get_context("spawn"),
        ) as pool:
            results = list(pool.map(_worker_read, units, chunksize=1))
    return [entry for unit_entries in results for entry in unit_entries]


def summarise(
    paper: ElectionPaper, ballots: list[dict[str, Any]], issued: int | None = None
) -> dict[str, Any]:
    """The batch result from per-page entries: the tally of the ok ballots and the counts."""
    from daihoi.tally import TallyError, count_election, parse_input

    ok = [b["ballot"] for b in ballots if b["status"] == "ok"]
    out: dict[str, Any] = {
        "ballots": [{k: v for k, v in b.items() if k != "ballot"} for b in ballots],
        "ok": len(ok),
        "review": sum(1 for b in ballots if b["status"] == "review"),
        "unreadable": sum(1 for b in ballots if b["status"] == "unreadable"),
    }
    try:
        data = paper.tally_input(ok, len(ok) if issued is None else issued)
        out["tally"] = count_election(parse_input(data)).to_json()
    except TallyError as exc:
        out["tally"] = None
        out["tally_error"] = str(exc)
    return out


Unit = tuple[str, bytes, "range | None"]


def _units(files: list[tuple[str, bytes]]) -> list[Unit]:
    """Work units: a file, or a chunk of pages of a long PDF."""
    from .images import ScanInputError, count_pages, sniff

    units: list[Unit] = []
    for name, data in files:
        if sniff(data) != "pdf":
            units.append((name, data, None))
            continue
        try:
            n = count_pages(data, name)
        except ScanInputError:
            units.append((name, data, None))  # reported when read
            continue
        units.extend((name, data, range(i, min(n, i + PDF_CHUNK))) for i in range(0, n, PDF_CHUNK))
    return units


def _read_unit(
    paper: ElectionPaper,
    template: BallotTemplate,
    unit: Unit,
    rows: bool,
    require_seal: bool = False,
) -> list[dict[str, Any]]:
    from .images import ScanInputError, iter_pages

    name, data, pages = unit
    first = pages.start if pages is not None else 0
    entries: list[dict[str, Any]] = []
    try:
        for offset, image in enumerate(iter_pages(data, name, grey=True, pages=pages)):
            try:
                reading = read_ballot(image, paper, template, require_seal=require_seal)
            except Exception as exc:  # noqa: BLE001 — one odd page must not stop a batch
                reading = unreadable("error", f"the page could not be read ({exc})")
            entries.append(ballot_entry(name, first + offset + 1, reading, rows))
    except ScanInputError as exc:
        entries.append(file_error(name, str(exc)))
    except Exception as exc:  # noqa: BLE001 — a damaged file the decoders choke on
        entries.append(file_error(name, f"{name}: the file cannot be decoded ({exc})"))
    return entries


def file_error(name: str, detail: str) -> dict[str, Any]:
    """The entry of a file that could not be read at all."""
    return {
        "file": name,
        "page": None,
        "status": "unreadable",
        "kept": [],
        "uncertain": [],
        "reason": "not_an_image",
        "detail": detail,
    }


def ballot_entry(
    name: str, page: int, reading: BallotReading, rows: bool = False
) -> dict[str, Any]:
    """One page's entry in the batch JSON (`ballot` is the tally input, dropped on output)."""
    entry: dict[str, Any] = {
        "file": name,
        "page": page,
        "status": reading.status,
        # Agree/disagree ballots: the names marked agree are the names this ballot keeps.
        "kept": list(reading.kept)
        if reading.style == "strike"
        else [n for n, m in (reading.marks or {}).items() if m == "agree"],
        "uncertain": list(reading.uncertain),
        "reason": reading.reason,
    }
    if reading.marks is not None:
        entry["marks"] = dict(reading.marks)
    if reading.detail:
        entry["detail"] = reading.detail
    if reading.status != "unreadable" and reading.rotation:
        entry["rotation"] = reading.rotation
    if rows:
        entry["rows"] = [r.as_json() for r in reading.rows]
    if reading.status == "ok":
        entry["ballot"] = reading.ballot_input()
    return entry


_WORKER: dict[str, Any] = {}


def _worker_init(
    paper: ElectionPaper, template: BallotTemplate, rows: bool, require_seal: bool
) -> None:
    import cv2

    cv2.setNumThreads(1)
    _WORKER.update(paper=paper, template=template, rows=rows, require_seal=require_seal)


def _worker_read(unit: Unit) -> list[dict[str, Any]]:
    w = _WORKER
    return _read_unit(w["paper"], w["template"], unit, w["rows"], w["require_seal"])
