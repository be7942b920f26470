"""`count_election`: one election's input to its explained, deterministic result.

Order of the rules: the ballots (QĐ 190-QĐ/TW Điều 15 / QĐ 244-QĐ/TW Điều 17) or the board's
aggregated counts, the threshold against the base (Điều 30 / 32), the ranking with ties and
alternates (Điều 30, Điều 18 / 20), the list's surplus (Điều 14). Outcome precedence:
needs_board_decision > tie_at_cutoff > shortfall > complete.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields

from .ballots import tally_ballots
from .base import base_assumptions, base_detail, compute_base
from .errors import TallyError
from .ranking import rank
from .result import (
    INVALID_REASONS,
    Assumption,
    CandidateResult,
    Counts,
    ElectionInput,
    Result,
)
from .rulesets import Options, RuleSet, fixed_assumptions, get_ruleset, option_sources
from .surplus import check_surplus
from .threshold import needed_votes, passes, percent_of
from .version import ENGINE

# The bodies of elections.models.Body, repeated here so the engine stays free of Django.
BODIES = (
    "committee",
    "standing_committee",
    "secretary",
    "deputy_secretary",
    "inspection_committee",
    "delegates",
)


def count_election(inp: ElectionInput) -> Result:
    """The result of one election; a TallyError (one line) for input that cannot be real."""
    rules = get_ruleset(inp.rules)
    _check_election(inp)
    names = inp.candidates
    opts = inp.options
    # One joint list for officials and alternates (Điều 18): a ballot keeps up to both [U].
    to_elect = inp.seats + inp.alternates
    if inp.ballots is not None:
        tally = tally_ballots(inp.ballots, names, to_elect, opts)
        votes = tally.votes
        returned = len(inp.ballots)
        valid, invalid = tally.valid, tally.invalid
        reasons: Counter[str] = tally.invalid_reasons
        invalid_ballots = tuple(tally.invalid_ballots)
        flagged = tuple(tally.flagged)
        not_issued = tally.not_issued
    else:
        assert inp.counts is not None
        votes, reasons = _check_counts(inp.counts, names, to_elect)
        returned, invalid = inp.counts.returned, inp.counts.invalid
        valid = returned - invalid
        invalid_ballots, flagged = (), ()
        not_issued = reasons.get("not_issued", 0)
    issued = inp.issued if inp.issued is not None else returned - not_issued
    if issued < 0:
        raise TallyError("issued cannot be negative")
    if returned - not_issued > issued:
        raise TallyError(
            f"{returned - not_issued} ballots returned (besides papers the board did not "
            f"issue) but only {issued} issued"
        )

    passed = [passes(v, inp.base) for v in votes]
    ranking = rank(votes, passed, inp.seats, inp.alternates)
    if flagged:
        outcome = "needs_board_decision"
    elif ranking.tied:
        outcome = "tie_at_cutoff"
    elif ranking.unfilled or ranking.alternates_unfilled:
        outcome = "shortfall"
    else:
        outcome = "complete"

    return Result(
        engine=ENGINE,
        rules=rules.code,
        body=inp.body,
        round=inp.round,
        seats=inp.seats,
        alternate_seats=inp.alternates,
        base=inp.base,
        base_detail=None if inp.attendance is None else base_detail(inp.attendance),
        needed=needed_votes(inp.base),
        issued=issued,
        returned=returned,
        valid=valid,
        invalid=invalid,
        undecided=len(flagged),
        invalid_reasons=tuple(sorted((k, n) for k, n in reasons.items() if n)),
        invalid_ballots=invalid_ballots,
        flagged=flagged,
        results=tuple(
            CandidateResult(
                name=name,
                votes=votes[i],
                percent_of_base=percent_of(
                    votes[i], inp.base, opts.percent_decimals, opts.percent_rounding
                ),
                passed=passed[i],
            )
            for i, name in enumerate(names)
        ),
        elected=tuple(names[i] for i in ranking.elected),
        alternates=tuple(names[i] for i in ranking.alternates),
        tied=tuple(names[i] for i in ranking.tied),
        tied_for=ranking.tied_for,
        tied_places=ranking.tied_places,
        unfilled=ranking.unfilled,
        alternates_unfilled=ranking.alternates_unfilled,
        surplus=check_surplus(
            len(names), to_elect, inp.body, opts, round=inp.round, prepared=inp.prepared
        ),
        outcome=outcome,
        assumptions=assumptions(inp, rules),
    )


def _check_election(inp: ElectionInput) -> None:
    if inp.body not in BODIES:
        raise TallyError(f"unknown body {inp.body!r} (known: {', '.join(BODIES)})")
    if inp.seats < 1:
        raise TallyError(f"seats must be at least 1, not {inp.seats}")
    if inp.alternates < 0:
        raise TallyError("alternates cannot be negative")
    if inp.alternates and inp.body != "delegates":
        raise TallyError("alternates are elected only with delegates to the higher congress")
    if inp.round < 1:
        raise TallyError("round must be at least 1")
    if inp.base < 1:
        raise TallyError(f"the base must be at least 1, not {inp.base}")
    if inp.attendance is not None and compute_base(inp.attendance) != inp.base:
        raise TallyError(
            f"the base {inp.base} differs from the attendance facts "
            f"({compute_base(inp.attendance)})"
        )
    if inp.prepared is not None and inp.prepared < 1:
        raise TallyError("prepared must be at least 1")
    if not inp.candidates:
        raise TallyError("the election list is empty")
    seen: set[str] = set()
    for name in inp.candidates:
        if not name.strip():
            raise TallyError("a name on the election list is empty")
        if name in seen:
            raise TallyError(f"{name!r} is twice on the election list")
        seen.add(name)
    if (inp.ballots is None) == (inp.counts is None):
        raise TallyError("give either 'ballots' or 'counts', not both or neither")


def _check_counts(
    counts: Counts, names: tuple[str, ...], seats: int
) -> tuple[list[int], Counter[str]]:
    """Votes in list order and invalid reasons from aggregated counts, checked for sense (§2.12)."""
    if counts.returned < 0:
        raise TallyError("returned cannot be negative")
    if not 0 <= counts.invalid <= counts.returned:
        raise TallyError(
            f"invalid ({counts.invalid}) must be between 0 and returned ({counts.returned})"
        )
    valid = counts.returned - counts.invalid
    index = {name: i for i, name in enumerate(names)}
    votes = [0] * len(names)
    seen: set[str] = set()
    for name, n in counts.votes:
        if name not in index:
            raise TallyError(f"counts: {name!r} is not on the election list")
        if name in seen:
            raise TallyError(f"counts: {name!r} is given twice")
        seen.add(name)
        if n < 0:
            raise TallyError(f"counts: {name!r} cannot have negative votes")
        if n > valid:
            raise TallyError(f"counts: {name!r} has {n} votes but there are {valid} valid ballots")
        votes[index[name]] = n
    most = valid * min(seats, len(names))
    if sum(votes) > most:
        raise TallyError(
            f"counts: {sum(votes)} votes in total but {valid} valid ballots carry at most {most}"
        )
    reasons: Counter[str] = Counter()
    if counts.invalid_reasons is None:
        if counts.invalid:
            reasons["unspecified"] = counts.invalid
        return votes, reasons
    for reason, n in counts.invalid_reasons:
        if reason not in INVALID_REASONS and reason != "unspecified":
            raise TallyError(
                f"counts: unknown invalid reason {reason!r} "
                f"(known: {', '.join(INVALID_REASONS)}, unspecified)"
            )
        if reason in reasons:
            raise TallyError(f"counts: invalid reason {reason!r} is given twice")
        if n < 0:
            raise TallyError(f"counts: invalid reason {reason!r} cannot be negative")
        reasons[reason] = n
    if sum(reasons.values()) != counts.invalid:
        raise TallyError(
            f"counts: the invalid reasons add up to {sum(reasons.values())}, "
            f"not to invalid ({counts.invalid})"
        )
    return votes, reasons


def assumptions(inp: ElectionInput, rules: RuleSet) -> tuple[Assumption, ...]:
    """Every configurable default with its value, then the fixed readings, with sources."""
    defaults = Options()
    sources = option_sources(rules)
    out = []
    for f in fields(Options):
        value = getattr(inp.options, f.name)
        source, confidence = sources[f.name]
        default = value == getattr(defaults, f.name)
        out.append(Assumption(f.name, value, source, confidence, default))
    extra = fixed_assumptions(rules)
    if inp.alternates:
        extra.append(
            (
                "joint_list_ballot",
                "a ballot keeps up to seats + alternates names",
                f"{rules.delegates_article}: one joint list for official and alternate "
                "delegates; the number a ballot may keep is inferred",
                "U",
            )
        )
    if inp.attendance is not None:
        extra += base_assumptions(inp.attendance, rules)
    out.extend(Assumption(rule, value, source, conf) for rule, value, source, conf in extra)
    return tuple(out)
