"""The paper of a count: ballots (PDF), counting minutes (PDF, DOCX) and the count sheet (XLSX).

The printed documents are Vietnamese party documents whatever the interface language, so the
phrases below are Vietnamese text, not interface strings (docs/printing.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from daihoi.elections.models import Count, Election
from daihoi.printing import (
    BallotSpec,
    BoardMember,
    MinutesFacts,
    minutes_data_from_tally,
    render_ballot_pdf,
    render_count_xlsx,
    render_minutes_docx,
    render_minutes_pdf,
)
from daihoi.units.models import Unit
from daihoi.units.tree import parent_path

BODY_PHRASES = {
    "committee": "Ban Chấp hành",
    "standing_committee": "Ban Thường vụ",
    "secretary": "Bí thư",
    "deputy_secretary": "Phó Bí thư",
    "inspection_committee": "Ủy ban Kiểm tra",
    "delegates": "đại biểu đi dự Đại hội",
}
DEDUCTION_PHRASES = {
    "temporary_activity_elsewhere": "được giới thiệu sinh hoạt tạm thời ở đảng bộ khác",
    "exempted_absent": "được miễn công tác và sinh hoạt đảng không có mặt",
    "suspended": "bị đình chỉ sinh hoạt đảng",
    "prosecuted": "bị khởi tố, truy tố, tạm giam",
    "absent_with_reason": "vắng mặt suốt thời gian đại hội có lý do chính đáng",
    "committee_absent": "cấp ủy viên cấp triệu tập vắng mặt suốt thời gian đại hội",
    "delegates_absent_unreplaced": "đại biểu chính thức vắng mặt, không có đại biểu dự khuyết thay",
}
_PLACE_PREFIXES = (
    "đảng bộ ",
    "chi bộ ",
    "tỉnh ",
    "thành phố ",
    "huyện ",
    "quận ",
    "xã ",
    "phường ",
)


def _parent(unit: Unit) -> Unit | None:
    path = parent_path(unit.path)
    return Unit.objects.filter(path=path).first() if path else None


def _superior(election: Election) -> str:
    parent = _parent(election.congress.unit)
    return parent.name.upper() if parent else ""


def _term(election: Election) -> str:
    term = election.congress.term or election.congress.campaign.code
    return f"nhiệm kỳ {term.replace('-', ' - ')}" if term else ""


def congress_name(election: Election) -> str:
    congress = election.congress
    kind = "Đại hội đại biểu" if congress.kind == "delegates" else "Đại hội"
    return " ".join(p for p in (kind, congress.unit.name + ",", _term(election)) if p).rstrip(",")


def body_phrase(election: Election) -> str:
    unit = election.congress.unit
    if election.body == "delegates":
        parent = _parent(unit)
        return f"{BODY_PHRASES['delegates']} {parent.name if parent else 'cấp trên'}"
    return f"{BODY_PHRASES[election.body]} {unit.name}, {_term(election)}".rstrip(", ")


def default_place(election: Election) -> str:
    name = election.congress.unit.name
    lowered = name.lower()
    changed = True
    while changed:
        changed = False
        for prefix in _PLACE_PREFIXES:
            if lowered.startswith(prefix):
                name, lowered, changed = name[len(prefix) :], lowered[len(prefix) :], True
    return name


def ballot_pdf(count: Count) -> bytes:
    """The ballot of this count's list: strike-out with surplus, agree/disagree without."""
    election = count.election
    places = count.seats + count.alternates
    spec = BallotSpec(
        congress_name=congress_name(election).upper(),
        body_title=f"BẦU {body_phrase(election).upper()}",
        candidates=list(count.candidates),
        seats=min(places, len(count.candidates)),
        unit_name=_superior(election),
    )
    return render_ballot_pdf(spec)


def election_ballot_pdf(election: Election, names: list[str]) -> bytes:
    """The first-round ballot straight from the election's list (before a count is opened)."""
    places = election.seats + election.alternates
    spec = BallotSpec(
        congress_name=congress_name(election).upper(),
        body_title=f"BẦU {body_phrase(election).upper()}",
        candidates=names,
        seats=min(places, len(names)) or 1,
        unit_name=_superior(election),
    )
    return render_ballot_pdf(spec)


@dataclass(frozen=True)
class MinutesExtras:
    """What the board adds when it prints the minutes (not part of the frozen count)."""

    place: str = ""
    venue: str = ""
    started_at: str = ""
    finished_at: str = ""
    number: int | None = None


def minutes_facts(count: Count, extras: MinutesExtras | None = None) -> MinutesFacts:
    extras = extras or MinutesExtras()
    election = count.election
    congress = election.congress
    unit = congress.unit
    parent = _parent(unit)
    attendance = count.attendance or {}
    deductions = [
        (DEDUCTION_PHRASES.get(k, k), int(n))
        for k, n in (attendance.get("deductions") or {}).items()
        if int(n)
    ]
    summoned = attendance.get("summoned")
    present = congress.attended if attendance.get("congress") != "conference" else None
    absent = summoned - present if summoned is not None and present is not None else None
    return MinutesFacts(
        superior_body=parent.name if parent else unit.name,
        issuing_body=congress_name(election).split(",")[0],
        extra_header_lines=["Ban Kiểm phiếu"],
        congress_name=congress_name(election),
        body_phrase=body_phrase(election)
        + (f" (bầu lần {count.round})" if count.round > 1 else ""),
        place=extras.place or default_place(election),
        date=congress.held_on or (count.frozen_at.date() if count.frozen_at else dt.date.today()),
        number=extras.number,
        counting_board=[
            BoardMember(
                m["name"],
                m.get("role") or ("Trưởng ban" if m.get("is_head") else "Ủy viên"),
                bool(m.get("is_head")),
            )
            for m in count.board
        ],
        delegates_congress=congress.kind == "delegates",
        summoned=summoned,
        present=present,
        absent=absent,
        deductions=deductions,
        venue=extras.venue,
        started_at=extras.started_at,
        finished_at=extras.finished_at,
        alternate_seats=count.alternates,
    )


def _data(count: Count, extras: MinutesExtras | None):  # type: ignore[no-untyped-def]
    if not count.is_frozen or count.result_json is None:
        raise ValueError("the count is not frozen")
    return minutes_data_from_tally(count.result_json, minutes_facts(count, extras))


def minutes_pdf(count: Count, extras: MinutesExtras | None = None) -> bytes:
    return render_minutes_pdf(_data(count, extras))


def minutes_docx(count: Count, extras: MinutesExtras | None = None) -> bytes:
    return render_minutes_docx(_data(count, extras))


def count_xlsx(count: Count, extras: MinutesExtras | None = None) -> bytes:
    return render_count_xlsx(_data(count, extras))
