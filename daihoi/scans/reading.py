"""The app's side of the pure reader (`daihoi.scanning`): the template of a count's ballot, and
the reader's answer turned into what the app stores and what the scanned stream enters.

The ballot is rebuilt from the count (`election_paper_for_count`, the same paper the printer
used), so its election key, layout and template are the printed ones. The paper size is not
known in advance (the board prints A5 or A4): the reader is asked with the size that worked
last for this count, and with the other one when it answers "wrong paper".
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from daihoi.elections.counting.entry import Reading
from daihoi.elections.counting.paper import election_paper_for_count
from daihoi.elections.counting.queries import has_surplus
from daihoi.elections.models import Count
from daihoi.printing.ballot_layout import PAPERS, LayoutError
from daihoi.scans.models import ScanStatus


@dataclass(frozen=True)
class MachineResult:
    status: str  # ok, review or unreadable
    reason: str  # codes, comma-separated (REASON_LABELS); "" when ok
    confidence: float | None  # the lowest row confidence, 0..1
    reading: Reading | None  # what enters the scanned stream (ok ballots)
    data: dict[str, Any]  # stored: rows with value, confidence, doubtful, polygon; size; guess


def unreadable(reason: str, detail: str = "") -> MachineResult:
    """A page the machine cannot read: `reason` a code (REASON_LABELS), `detail` one line."""
    data = {"status": "unreadable", "reason": reason, "detail": detail}
    return MachineResult(ScanStatus.UNREADABLE, reason, None, None, data)


# -- the count's ballot -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Ballot:
    paper: Any  # ElectionPaper
    layouts: dict[str, Any]  # paper size -> BallotLayout (the sizes the list fits)
    key: str


_lock = threading.Lock()
# A few counts at a time are being scanned; a template holds a page raster (several MB).
_TEMPLATES_KEPT = 8
_templates: OrderedDict[tuple[str, int, str], Any] = OrderedDict()
_last_size: dict[int, str] = {}


def _ballot(count: Count) -> _Ballot:
    paper = election_paper_for_count(count)
    layouts = {}
    for size in PAPERS:
        try:
            layouts[size] = paper.layout(size)
        except LayoutError:
            continue
    return _Ballot(paper, layouts, paper.key)


def _template(ballot: _Ballot, size: str) -> Any:
    from daihoi.printing.machine_ballot import render_machine_ballot_pdf
    from daihoi.scanning.template import template_from_pdf

    layout = ballot.layouts[size]
    cache_key = (ballot.key, layout.round, size)
    with _lock:  # one build at a time: the PDF renderer is not known to be thread-safe
        found = _templates.get(cache_key)
        if found is None:
            found = template_from_pdf(render_machine_ballot_pdf(ballot.paper, layout, 1), layout)
            _templates[cache_key] = found
            while len(_templates) > _TEMPLATES_KEPT:
                _templates.popitem(last=False)
        _templates.move_to_end(cache_key)
    return found


def read_page(count: Count, image: Any) -> MachineResult:
    """The machine's reading of one page (BGR or grey pixels) of this count's ballots. The seal
    is checked only when settings.DAIHOI_SCAN_REQUIRE_SEAL is set (docs/scanning.md)."""
    from django.conf import settings

    from daihoi.scanning.reader import read_ballot

    require_seal = bool(getattr(settings, "DAIHOI_SCAN_REQUIRE_SEAL", False))

    ballot = _ballot(count)
    if not ballot.layouts:
        return unreadable("no_layout", "the list does not fit a machine-readable ballot")
    sizes = sorted(ballot.layouts, key=lambda s: s != _last_size.get(count.pk, "A5"))
    answer: Any = None
    for size in sizes:
        answer = read_ballot(
            image, ballot.paper, _template(ballot, size), require_seal=require_seal
        )
        if answer.reason != "wrong_paper":
            _last_size[count.pk] = size
            break
    return from_reader(answer, count, (int(image.shape[1]), int(image.shape[0])))


# -- the reader's answer ---------------------------------------------------------------------


def from_reader(answer: Any, count: Count, size: tuple[int, int]) -> MachineResult:
    """The reader's BallotReading as stored rows (state, confidence, polygon in the image's
    pixels), the ballot's status and, for the stream, the reading in the counting app's terms
    (struck TT numbers, or one mark per name)."""
    if answer.status not in (ScanStatus.OK, ScanStatus.REVIEW):
        return unreadable(answer.reason or "unreadable", answer.detail)
    names = list(count.candidates)
    surplus = has_surplus(count)
    rows = [
        {
            "number": row.number,
            "value": row.state,
            "confidence": round(float(row.confidence), 4),
            "doubtful": row.state == "doubtful",
            "polygon": [[round(x, 1), round(y, 1)] for x, y in row.polygon],
            "scores": row.scores,
        }
        for row in answer.rows
    ]
    reasons = [r for r in answer.reason.split(",") if r]
    guess = _guess(rows, names, surplus, reasons)
    data = {
        "status": answer.status,
        "reason": answer.reason,
        "detail": answer.detail,
        "style": answer.style,
        "size": list(size),
        "rows": rows,
        "guess": guess,
        "rotation": answer.rotation,
        "markers": answer.markers,
        "extra": answer.extra,
    }
    confidences = [r["confidence"] for r in rows]
    reading = Reading(
        struck=tuple(guess["struck"]), marks=tuple(guess["marks"]), defects=tuple(guess["defects"])
    )
    return MachineResult(
        status=answer.status,
        reason=answer.reason,
        confidence=min(confidences) if confidences else None,
        reading=reading if answer.status == ScanStatus.OK else None,
        data=data,
    )


def _guess(
    rows: list[dict[str, Any]], names: list[str], surplus: bool, reasons: list[str]
) -> dict[str, Any]:
    """The machine's best reading in the typed entry's terms; it prefills the review form (a
    doubtful row is shown kept, or agree: the board decides it)."""
    defects = ["unstamped"] if "no_seal" in reasons else []
    by_number = {r["number"]: r["value"] for r in rows}
    if surplus:
        struck = [n for n in range(1, len(names) + 1) if by_number.get(n) == "struck"]
        return {"struck": struck, "marks": [], "defects": defects}
    marks = []
    for n in range(1, len(names) + 1):
        value = by_number.get(n, "agree")
        marks.append(value if value in ("agree", "disagree", "both", "none") else "agree")
    return {"struck": [], "marks": marks, "defects": defects}
