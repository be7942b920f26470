"""Validity of each ballot (phiếu hợp lệ / không hợp lệ), election-rules.md §2.6.

QĐ 190-QĐ/TW Điều 15 (QĐ 244-QĐ/TW Điều 17) [V]: a ballot is valid when the counting board
issued it and the voter keeps the full number to elect or fewer. On a list with surplus the voter
strikes out names (`kept` = the names left standing): keeping more names than seats is invalid
(`too_many_kept`), striking every name is invalid (`all_struck`). On a list without surplus the
voter marks agree or disagree per name; a name marked both or neither gets no vote and the ballot
stays valid (Điều 30 khoản 1). The rest is not verified [U] and goes through `Options`: a flag for
the counting board, which decides (Điều 8 khoản 2), or a configured reading.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .errors import TallyError
from .result import BOARD_DECISIONS, DEFECTS, MARKS, Ballot, BallotNote
from .rulesets import Options

VALID, INVALID, FLAGGED = "valid", "invalid", "flagged"
POLICY_DEFECTS = ("unstamped", "write_in", "special_mark")


@dataclass(frozen=True)
class Verdict:
    status: str  # valid | invalid | flagged
    reason: str | None = None
    votes: tuple[int, ...] = ()  # indices of the candidates this ballot votes for


@dataclass
class BallotTally:
    """The ballots of one election, summed."""

    votes: list[int]
    valid: int = 0
    invalid: int = 0
    not_issued: int = 0
    invalid_reasons: Counter[str] = field(default_factory=Counter)
    invalid_ballots: list[BallotNote] = field(default_factory=list)
    flagged: list[BallotNote] = field(default_factory=list)


class BallotReader:
    """Classifies ballots of one election: its list, its seats and its options."""

    def __init__(self, candidates: tuple[str, ...], seats: int, options: Options) -> None:
        self.index = {name: i for i, name in enumerate(candidates)}
        self.count = len(candidates)
        self.seats = seats
        self.with_surplus = len(candidates) > seats
        self.options = options

    def read(self, ballot: Ballot, at: int) -> Verdict:
        """The ballot's verdict after the board's decision; TallyError if the input is wrong."""
        where = f"ballots[{at}]"
        self._check_shape(ballot, where)
        verdict = self._engine_verdict(ballot, where)
        if ballot.board is None:
            return verdict
        if verdict.status == FLAGGED:
            if ballot.board == INVALID:
                return Verdict(INVALID, verdict.reason)
            content = self._content(ballot, where)
            if content is None:
                raise TallyError(
                    f"{where}: the board found it valid, so give its kept names or marks"
                )
            return Verdict(VALID, None, content.votes)
        if ballot.board != verdict.status:
            why = f" ({verdict.reason})" if verdict.reason else ""
            raise TallyError(
                f"{where}: the board decided {ballot.board!r} but the ballot is "
                f"{verdict.status}{why}; only a flagged ballot takes a board decision"
            )
        return verdict

    def _check_shape(self, ballot: Ballot, where: str) -> None:
        if ballot.kept is not None and ballot.marks is not None:
            raise TallyError(f"{where}: give 'kept' or 'marks', not both")
        if ballot.kept is None and ballot.marks is None and not ballot.defects:
            raise TallyError(f"{where}: give 'kept', 'marks' or 'defects'")
        if ballot.board is not None and ballot.board not in BOARD_DECISIONS:
            raise TallyError(f"{where}: board decision must be 'valid' or 'invalid'")
        if len(set(ballot.defects)) != len(ballot.defects):
            raise TallyError(f"{where}: a defect is given twice")
        for defect in ballot.defects:
            if defect not in DEFECTS:
                raise TallyError(
                    f"{where}: unknown defect {defect!r} (known: {', '.join(DEFECTS)})"
                )
        if ballot.kept is not None:
            if not self.with_surplus:
                raise TallyError(
                    f"{where}: the list has no surplus, so its ballots are marked "
                    "agree/disagree ('marks'), not struck out ('kept')"
                )
            if len(set(ballot.kept)) != len(ballot.kept):
                raise TallyError(f"{where}: a kept name is given twice")
            for name in ballot.kept:
                if name not in self.index:
                    raise TallyError(f"{where}: {name!r} is not on the election list")
        if ballot.marks is not None:
            if self.with_surplus:
                raise TallyError(
                    f"{where}: the list has a surplus, so its ballots are struck out "
                    "('kept'), not marked agree/disagree ('marks')"
                )
            seen: set[str] = set()
            for name, mark in ballot.marks:
                if name not in self.index:
                    raise TallyError(f"{where}: {name!r} is not on the election list")
                if name in seen:
                    raise TallyError(f"{where}: {name!r} is marked twice")
                if mark not in MARKS:
                    raise TallyError(
                        f"{where}: unknown mark {mark!r} for {name!r} (known: {', '.join(MARKS)})"
                    )
                seen.add(name)

    def _engine_verdict(self, ballot: Ballot, where: str) -> Verdict:
        if "not_issued" in ballot.defects:
            return Verdict(INVALID, "not_issued")
        flag_defect: str | None = None
        for defect in POLICY_DEFECTS:
            if defect in ballot.defects:
                if self.options.defect_policy(defect) == INVALID:
                    return Verdict(INVALID, defect)
                flag_defect = flag_defect or defect
        content = self._content(ballot, where)
        if content is not None and content.status == INVALID:
            return content
        if flag_defect is not None:
            return Verdict(FLAGGED, flag_defect)
        assert content is not None  # _check_shape: no content means some defect
        return content

    def _content(self, ballot: Ballot, where: str) -> Verdict | None:
        """What the marks on the paper say, or None when the board recorded only defects."""
        if ballot.kept is not None:
            if len(ballot.kept) > self.seats:
                return Verdict(INVALID, "too_many_kept")
            if not ballot.kept:
                return Verdict(INVALID, "all_struck")
            return Verdict(VALID, None, tuple(self.index[n] for n in ballot.kept))
        if ballot.marks is None:
            return None
        marks = dict(ballot.marks)
        agreed = tuple(self.index[n] for n, m in ballot.marks if m == "agree")
        if self.count == 1:
            mark = next(iter(marks.values()), "none")
            if mark in ("agree", "disagree"):
                return Verdict(VALID, None, agreed)
            return self._policy(self.options.one_person_unmarked, f"one_person_{mark}")
        if agreed:
            return Verdict(VALID, None, agreed)
        everyone_disagrees = len(marks) == self.count and all(
            m == "disagree" for m in marks.values()
        )
        if everyone_disagrees:
            return self._policy(self.options.all_disagree, "all_disagree")
        return self._policy(self.options.no_agree, "no_agree")

    @staticmethod
    def _policy(policy: str, reason: str) -> Verdict:
        if policy == VALID:
            return Verdict(VALID)
        if policy == INVALID:
            return Verdict(INVALID, reason)
        return Verdict(FLAGGED, reason)


def tally_ballots(
    ballots: tuple[Ballot, ...], candidates: tuple[str, ...], seats: int, options: Options
) -> BallotTally:
    """Every ballot classified and its votes summed; undecided flags are left out of both."""
    reader = BallotReader(candidates, seats, options)
    tally = BallotTally(votes=[0] * len(candidates))
    votes = tally.votes
    for at, ballot in enumerate(ballots):
        verdict = reader.read(ballot, at)
        if "not_issued" in ballot.defects:
            tally.not_issued += 1
        if verdict.status == VALID:
            tally.valid += 1
            for i in verdict.votes:
                votes[i] += 1
        elif verdict.status == INVALID:
            reason = verdict.reason or "invalid"
            tally.invalid += 1
            tally.invalid_reasons[reason] += 1
            tally.invalid_ballots.append(BallotNote(at, reason))
        else:
            tally.flagged.append(BallotNote(at, verdict.reason or "flagged"))
    return tally
