"""The counting engine of party elections (Quy chế bầu cử trong Đảng), in pure Python.

No Django here: the app, the command line and the tests call the same functions with the same
frozen dataclasses. Exact arithmetic only (int, Fraction, Decimal). See docs/tally.md.
"""

from .base import DEDUCTIONS, compute_base
from .engine import count_election
from .errors import TallyError
from .result import (
    Assumption,
    Attendance,
    Ballot,
    BallotNote,
    CandidateResult,
    Counts,
    ElectionInput,
    Result,
    SurplusReport,
)
from .rulesets import DEFAULT_RULES, RULESETS, Options, RuleSet, get_ruleset
from .schema import parse_input, parse_json
from .surplus import (
    PreparedCheck,
    check_prepared_list,
    check_surplus,
    floor_nominee_admitted,
    max_candidates,
)
from .threshold import needed_votes, passes, percent_of
from .version import ENGINE, ENGINE_VERSION

__all__ = [
    "DEDUCTIONS",
    "DEFAULT_RULES",
    "ENGINE",
    "ENGINE_VERSION",
    "RULESETS",
    "Assumption",
    "Attendance",
    "Ballot",
    "BallotNote",
    "CandidateResult",
    "Counts",
    "ElectionInput",
    "Options",
    "PreparedCheck",
    "Result",
    "RuleSet",
    "SurplusReport",
    "TallyError",
    "check_prepared_list",
    "check_surplus",
    "compute_base",
    "count_election",
    "floor_nominee_admitted",
    "get_ruleset",
    "max_candidates",
    "needed_votes",
    "parse_input",
    "parse_json",
    "passes",
    "percent_of",
]
