"""The data of the counting minutes (biên bản kiểm phiếu), built from a tally result.

Fields: election-rules.md §2.12.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import text

COMPLETE_OUTCOMES = ("complete", "tie_at_cutoff", "shortfall")


@dataclass(frozen=True)
class BoardMember:
    name: str
    role: str = "Ủy viên"  # "Trưởng ban" for the head
    is_head: bool = False


@dataclass(frozen=True)
class MinutesFacts:
    """What the minutes need beyond the tally: the congress, the place, the board."""

    superior_body: str  # header line 1, regular caps: "ĐẢNG BỘ XÃ CẢNH THỤY"
    issuing_body: str  # header line 2, bold caps: "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XXIV"
    congress_name: str  # in the text: "Đại hội đại biểu Đảng bộ xã Cảnh Thụy lần thứ XXIV, ..."
    body_phrase: str  # what is elected: "Ban Chấp hành Đảng bộ xã Cảnh Thụy khóa XXIV, ..."
    place: str  # "Cảnh Thụy"
    date: dt.date
    counting_board: list[BoardMember]
    number: int | None = None  # None prints "Số      -BB/ĐH" to fill by hand
    doc_type: str = "BB"
    doc_body: str = "ĐH"
    extra_header_lines: list[str] = field(default_factory=list)  # e.g. ["BAN KIỂM PHIẾU"]
    delegates_congress: bool = False  # "đại biểu" instead of "đảng viên"
    summoned: int | None = None
    present: int | None = None
    absent: int | None = None
    deductions: list[tuple[str, int]] = field(default_factory=list)  # (reason, number)
    venue: str = ""  # "Hội trường Đảng ủy xã"
    started_at: str = ""  # "14 giờ 30 phút"
    finished_at: str = ""  # "16 giờ 00 phút"
    signatures: str = "head_and_members"  # or "head_only"
    alternate_seats: int = 0  # delegates: the number of alternates the congress decided

    def head(self) -> BoardMember:
        heads = [m for m in self.counting_board if m.is_head]
        if len(heads) != 1:
            raise ValueError("the counting board needs exactly one head (trưởng ban)")
        return heads[0]


@dataclass(frozen=True)
class CandidateResult:
    name: str
    votes: int
    passed: bool


@dataclass(frozen=True)
class MinutesData:
    facts: MinutesFacts
    rules: str
    body: str  # tally body code: committee, secretary, delegates, ...
    seats: int
    alternate_seats: int
    base: int
    needed: int
    issued: int
    returned: int
    valid: int
    invalid: int
    invalid_reasons: dict[str, int]
    results: list[CandidateResult]  # in ballot order
    elected: list[str]  # in vote order
    alternates: list[str]
    tied: list[str]
    unfilled: int
    outcome: str

    def votes_of(self, name: str) -> int:
        for r in self.results:
            if r.name == name:
                return r.votes
        raise KeyError(name)

    def percent(self, name: str) -> str:
        return text.format_percent(self.votes_of(name), self.base)

    @property
    def is_delegates(self) -> bool:
        return self.body == "delegates"


def minutes_data_from_tally(tally_json: dict[str, Any], facts: MinutesFacts) -> MinutesData:
    """Minutes data from the output of `daihoi tally` (a dict) and the congress facts."""
    try:
        outcome = str(tally_json["outcome"])
        if outcome not in COMPLETE_OUTCOMES:
            raise ValueError(
                f"the count is not finished (outcome {outcome!r}): "
                "the counting board must decide the flagged ballots first"
            )
        results = [
            CandidateResult(name=str(r["name"]), votes=int(r["votes"]), passed=bool(r["passed"]))
            for r in tally_json["results"]
        ]
        data = MinutesData(
            facts=facts,
            rules=str(tally_json["rules"]),
            body=str(tally_json["body"]),
            seats=int(tally_json["seats"]),
            alternate_seats=facts.alternate_seats,
            base=int(tally_json["base"]),
            needed=int(tally_json["needed"]),
            issued=int(tally_json["issued"]),
            returned=int(tally_json["returned"]),
            valid=int(tally_json["valid"]),
            invalid=int(tally_json["invalid"]),
            invalid_reasons={str(k): int(v) for k, v in tally_json["invalid_reasons"].items()},
            results=results,
            elected=[str(n) for n in tally_json["elected"]],
            alternates=[str(n) for n in tally_json.get("alternates", [])],
            tied=[str(n) for n in tally_json.get("tied", [])],
            unfilled=int(tally_json["unfilled"]),
            outcome=outcome,
        )
    except KeyError as missing:
        raise ValueError(f"the tally result has no {missing.args[0]!r}") from None
    names = {r.name for r in data.results}
    for name in (*data.elected, *data.alternates, *data.tied):
        if name not in names:
            raise ValueError(f"{name!r} is not on the election list")
    if data.base <= 0:
        raise ValueError("the base must be positive")
    if facts.signatures not in ("head_and_members", "head_only"):
        raise ValueError(f"unknown signature layout {facts.signatures!r}")
    facts.head()
    return data
