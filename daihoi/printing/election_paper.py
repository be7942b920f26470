"""ELECTION.json for `daihoi ballots print` and `daihoi scan`: the input of `daihoi tally`
without ballots or counts, plus optional `title`, `congress` and `date` printed on the ballot.

Pure Python. The tally fields are checked by the engine's own parser, so a file that prints
and scans is also a file the engine counts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from daihoi.tally import TallyError, parse_input
from daihoi.tally.collation import abc_order

from .ballot_layout import DEFAULT_PAPER, BallotLayout, ballot_layout, election_key

PAPER_KEYS = ("title", "congress", "date")
BODY_TITLES = {
    "committee": "BẦU BAN CHẤP HÀNH",
    "standing_committee": "BẦU BAN THƯỜNG VỤ",
    "secretary": "BẦU BÍ THƯ",
    "deputy_secretary": "BẦU PHÓ BÍ THƯ",
    "inspection_committee": "BẦU ỦY BAN KIỂM TRA",
    "inspection_chair": "BẦU CHỦ NHIỆM ỦY BAN KIỂM TRA",
    "delegates": "BẦU ĐẠI BIỂU ĐI DỰ ĐẠI HỘI CẤP TRÊN",
}


@dataclass(frozen=True)
class ElectionPaper:
    """One election as printed on its ballots."""

    tally_fields: Mapping[str, Any]  # the `daihoi tally` input, without ballots or counts
    body: str
    seats: int
    candidates: tuple[str, ...]
    round: int
    title: str  # the body line of the ballot, e.g. "BẦU BAN CHẤP HÀNH ĐẢNG BỘ XÃ … KHÓA XXIV"
    congress: str  # e.g. "ĐẠI HỘI ĐẢNG BỘ XÃ CẢNH THỤY LẦN THỨ XXIV, NHIỆM KỲ 2025 - 2030"
    date: str
    alternates: int = 0  # delegates only: one joint list elects seats + alternates (Điều 18)

    @property
    def places(self) -> int:
        """How many names a ballot may keep: the seats, plus the alternates on a joint list.
        The surplus (strike or columns style) and "(Đại hội bầu N đồng chí)" count these."""
        return self.seats + self.alternates

    @property
    def key(self) -> str:
        return election_key(self.candidates, self.places, self.body, self.title, self.congress)

    def layout(self, paper: str = DEFAULT_PAPER) -> BallotLayout:
        return ballot_layout(self.candidates, self.places, self.key, self.round, paper)

    def tally_input(
        self, ballots: list[dict[str, Any]], issued: int | None = None
    ) -> dict[str, Any]:
        """The `daihoi tally` input of these ballots (issued defaults to their number)."""
        data = dict(self.tally_fields)
        data["ballots"] = ballots
        if issued is not None:
            data["issued"] = issued
        return data


def parse_election_paper(data: Any) -> ElectionPaper:
    """ElectionPaper from decoded JSON; TallyError (one line) for anything the engine or the
    printer cannot take."""
    if not isinstance(data, dict):
        raise TallyError("the election must be a JSON object")
    for key in ("ballots", "counts"):
        if key in data:
            raise TallyError(f"an election to print or scan has no {key!r}")
    tally_fields = {k: v for k, v in data.items() if k not in PAPER_KEYS}
    election = parse_input(tally_fields)  # the engine's own checks
    if len(set(election.candidates)) != len(election.candidates):
        raise TallyError("a name appears twice on the list")
    paper = {}
    for key in PAPER_KEYS:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise TallyError(f"{key!r} must be a string")
        paper[key] = value.strip()
    return ElectionPaper(
        tally_fields=tally_fields,
        body=election.body,
        seats=election.seats,
        # The ballot lists the names in A-B-C order by given name (Quy chế bầu cử), whatever
        # order the file gives them in; the tally input keeps its own.
        candidates=tuple(abc_order(list(election.candidates))),
        round=election.round,
        title=paper["title"] or BODY_TITLES.get(election.body, "PHIẾU BẦU"),
        congress=paper["congress"],
        date=paper["date"],
        alternates=election.alternates,
    )


def load_election_paper(text: str | bytes) -> ElectionPaper:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TallyError(f"invalid JSON: {exc}") from None
    return parse_election_paper(data)
