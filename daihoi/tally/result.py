"""Frozen inputs and outputs of a count; `Result.to_json()` is the documented output format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .rulesets import Options

MARKS = ("agree", "disagree", "both", "none")
DEFECTS = ("not_issued", "unstamped", "write_in", "special_mark")
BOARD_DECISIONS = ("valid", "invalid")
# Codes a ballot can be invalid for: the defects, the content rules, and the flags the board
# (or a configured option) resolved as invalid.
FLAG_REASONS = ("all_disagree", "no_agree", "one_person_both", "one_person_none")
INVALID_REASONS = (*DEFECTS, "too_many_kept", "all_struck", *FLAG_REASONS)
OUTCOMES = ("needs_board_decision", "tie_at_cutoff", "shortfall", "complete")


@dataclass(frozen=True)
class Ballot:
    """One paper as the board read it: kept names (surplus list) or marks (no surplus)."""

    kept: tuple[str, ...] | None = None
    marks: tuple[tuple[str, str], ...] | None = None  # (name, mark); unmentioned names: none
    defects: tuple[str, ...] = ()
    board: str | None = None  # the board's decision on a flagged ballot


@dataclass(frozen=True)
class Counts:
    """Aggregated figures entered by the board instead of ballots."""

    returned: int
    invalid: int
    votes: tuple[tuple[str, int], ...]
    invalid_reasons: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True)
class Attendance:
    """Attendance facts of the congress that give the base (§2.3)."""

    congress: str  # members | delegates | conference
    summoned: int
    deductions: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ElectionInput:
    rules: str
    body: str
    seats: int
    base: int
    candidates: tuple[str, ...]
    alternates: int = 0
    issued: int | None = None
    ballots: tuple[Ballot, ...] | None = None
    counts: Counts | None = None
    attendance: Attendance | None = None
    prepared: int | None = None
    round: int = 1
    options: Options = field(default_factory=Options)


@dataclass(frozen=True)
class CandidateResult:
    name: str
    votes: int
    percent_of_base: str
    passed: bool


@dataclass(frozen=True)
class BallotNote:
    """A ballot by its 0-based index in the input, with a reason code."""

    ballot: int
    reason: str


@dataclass(frozen=True)
class PreparedReport:
    candidates: int
    percent: str
    min_candidates: int
    max_candidates: int
    ok: bool


@dataclass(frozen=True)
class SurplusReport:
    candidates: int
    seats: int
    surplus: int
    percent: str
    max_percent: int
    max_candidates: int
    required: bool
    ok: bool
    problems: tuple[str, ...]
    prepared: PreparedReport | None = None


@dataclass(frozen=True)
class Assumption:
    rule: str
    value: str | int
    source: str
    confidence: str
    default: bool = True


@dataclass(frozen=True)
class Result:
    engine: str
    rules: str
    body: str
    round: int
    seats: int
    alternate_seats: int
    base: int
    base_detail: dict[str, Any] | None
    needed: int
    issued: int
    returned: int
    valid: int
    invalid: int
    undecided: int
    invalid_reasons: tuple[tuple[str, int], ...]
    invalid_ballots: tuple[BallotNote, ...]
    flagged: tuple[BallotNote, ...]
    results: tuple[CandidateResult, ...]
    elected: tuple[str, ...]
    alternates: tuple[str, ...]
    tied: tuple[str, ...]
    tied_for: str | None
    tied_places: int
    unfilled: int
    alternates_unfilled: int
    surplus: SurplusReport
    outcome: str
    assumptions: tuple[Assumption, ...]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/tally.md), keys in a stable order."""
        return {
            "engine": self.engine,
            "rules": self.rules,
            "body": self.body,
            "round": self.round,
            "seats": self.seats,
            "alternate_seats": self.alternate_seats,
            "base": self.base,
            **({"base_detail": self.base_detail} if self.base_detail is not None else {}),
            "needed": self.needed,
            "issued": self.issued,
            "returned": self.returned,
            "valid": self.valid,
            "invalid": self.invalid,
            "undecided": self.undecided,
            "invalid_reasons": dict(self.invalid_reasons),
            "invalid_ballots": [_note(n) for n in self.invalid_ballots],
            "flagged": [_note(n) for n in self.flagged],
            "results": [
                {
                    "name": r.name,
                    "votes": r.votes,
                    "percent_of_base": r.percent_of_base,
                    "passed": r.passed,
                }
                for r in self.results
            ],
            "elected": list(self.elected),
            "alternates": list(self.alternates),
            "tied": list(self.tied),
            "tied_for": self.tied_for,
            "tied_places": self.tied_places,
            "unfilled": self.unfilled,
            "alternates_unfilled": self.alternates_unfilled,
            "surplus": _surplus(self.surplus),
            "outcome": self.outcome,
            "assumptions": [
                {
                    "rule": a.rule,
                    "value": a.value,
                    "source": a.source,
                    "confidence": a.confidence,
                    "default": a.default,
                }
                for a in self.assumptions
            ],
        }


def _note(note: BallotNote) -> dict[str, Any]:
    return {"ballot": note.ballot, "reason": note.reason}


def _surplus(s: SurplusReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "candidates": s.candidates,
        "seats": s.seats,
        "surplus": s.surplus,
        "percent": s.percent,
        "max_percent": s.max_percent,
        "max_candidates": s.max_candidates,
        "required": s.required,
        "ok": s.ok,
        "problems": list(s.problems),
    }
    if s.prepared is not None:
        p = s.prepared
        out["prepared"] = {
            "candidates": p.candidates,
            "percent": p.percent,
            "min_candidates": p.min_candidates,
            "max_candidates": p.max_candidates,
            "ok": p.ok,
        }
    return out
