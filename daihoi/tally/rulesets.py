"""Rule sets (QĐ 190-QĐ/TW 2024, QĐ 244-QĐ/TW 2014) and the configurable defaults.

The counting rules did not change in substance between the two regulations (election-rules.md
§2.15 item 9: ballot Điều 17 → 15, results Điều 32 → 30); what differs is the numbering of the
articles cited and how sure we are of the surplus rules of 244 (§2.15 items 6–7). Every choice
the regulation leaves open or that could not be verified ([U]) is an option with a default that
the result lists under "assumptions", so the counting board sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .errors import TallyError

DEFAULT_RULES = "190-2024"

# A ballot the engine cannot classify under a verified rule: flag it for the board, or apply
# the configured reading.
BALLOT_POLICIES = ("flag", "valid", "invalid")
DEFECT_POLICIES = ("invalid", "flag")
CAP_ROUNDINGS = ("floor", "half_up", "ceil")
PERCENT_ROUNDINGS = ("half_up", "down")


@dataclass(frozen=True)
class RuleSet:
    """One election regulation: its articles and the confidence of the rules that differ."""

    code: str
    title: str
    ballot_article: str  # ballot format and validity
    results_article: str  # base, threshold, counting on valid ballots
    surplus_article: str  # list surplus, floor nominees
    delegates_article: str  # delegates and alternates to the higher congress
    board_article: str  # the counting board decides on doubtful ballots
    surplus_cap_confidence: str  # "≤ 30%, decided by the congress"
    prepared_confidence: str  # the convening committee prepares 10–15%
    floor_nominee_confidence: str  # floor nominees need > 30% of those attending
    small_body_confidence: str  # bodies of 3–5 seats: at most one extra name
    joint_list_confidence: str  # one list for official and alternate delegates


RULESETS: dict[str, RuleSet] = {
    "190-2024": RuleSet(
        code="190-2024",
        title="Quyết định 190-QĐ/TW (10/10/2024), Quy chế bầu cử trong Đảng",
        ballot_article="QĐ 190-QĐ/TW Điều 15",
        results_article="QĐ 190-QĐ/TW Điều 30",
        surplus_article="QĐ 190-QĐ/TW Điều 14",
        delegates_article="QĐ 190-QĐ/TW Điều 18",
        board_article="QĐ 190-QĐ/TW Điều 8",
        surplus_cap_confidence="V",
        prepared_confidence="V",
        floor_nominee_confidence="V",
        small_body_confidence="S",
        joint_list_confidence="V",
    ),
    "244-2014": RuleSet(
        code="244-2014",
        title="Quyết định 244-QĐ/TW (9/6/2014), Quy chế bầu cử trong Đảng",
        ballot_article="QĐ 244-QĐ/TW Điều 17",
        results_article="QĐ 244-QĐ/TW Điều 32",
        surplus_article="QĐ 244-QĐ/TW (surplus article not verified)",
        delegates_article="QĐ 244-QĐ/TW Điều 20",
        board_article="QĐ 244-QĐ/TW Điều 7",
        surplus_cap_confidence="S",
        prepared_confidence="U",
        floor_nominee_confidence="U",
        small_body_confidence="U",
        joint_list_confidence="U",
    ),
}


def get_ruleset(code: str) -> RuleSet:
    """The rule set named `code`, or a TallyError naming the known ones."""
    try:
        return RULESETS[code]
    except (KeyError, TypeError):
        known = ", ".join(sorted(RULESETS))
        raise TallyError(f"unknown rule set {code!r} (known: {known})") from None


@dataclass(frozen=True)
class Options:
    """The configurable defaults; each one is reported in the result's assumptions."""

    surplus_max_percent: int = 30
    surplus_cap_rounding: str = "floor"
    small_body_max_surplus: int = 1
    all_disagree: str = "flag"
    no_agree: str = "flag"
    one_person_unmarked: str = "flag"
    unstamped: str = "invalid"
    write_in: str = "invalid"
    special_mark: str = "invalid"
    percent_decimals: int = 2
    percent_rounding: str = "half_up"

    def defect_policy(self, defect: str) -> str:
        return str(getattr(self, defect))


_CHOICES: dict[str, tuple[str, ...]] = {
    "surplus_cap_rounding": CAP_ROUNDINGS,
    "all_disagree": BALLOT_POLICIES,
    "no_agree": BALLOT_POLICIES,
    "one_person_unmarked": BALLOT_POLICIES,
    "unstamped": DEFECT_POLICIES,
    "write_in": DEFECT_POLICIES,
    "special_mark": DEFECT_POLICIES,
    "percent_rounding": PERCENT_ROUNDINGS,
}
_RANGES: dict[str, tuple[int, int]] = {
    "surplus_max_percent": (0, 30),
    "small_body_max_surplus": (0, 1),
    "percent_decimals": (0, 6),
}
OPTION_NAMES = tuple(f.name for f in fields(Options))


def make_options(raw: Any) -> Options:
    """Options from a JSON object; unknown names and values are refused, not ignored."""
    if raw is None:
        return Options()
    if not isinstance(raw, dict):
        raise TallyError("'options' must be an object")
    for name, value in raw.items():
        if name in _CHOICES:
            if value not in _CHOICES[name]:
                allowed = ", ".join(_CHOICES[name])
                raise TallyError(f"option {name!r} must be one of {allowed}, not {value!r}")
        elif name in _RANGES:
            low, high = _RANGES[name]
            if type(value) is not int or not low <= value <= high:
                raise TallyError(f"option {name!r} must be a whole number from {low} to {high}")
        else:
            raise TallyError(f"unknown option {name!r} (known: {', '.join(OPTION_NAMES)})")
    return Options(**raw)


def option_sources(rules: RuleSet) -> dict[str, tuple[str, str]]:
    """For each option: (source, confidence), cited in the rule set's own article numbers."""
    ballot = rules.ballot_article
    return {
        "surplus_max_percent": (
            f"{rules.surplus_article}: the congress decides the maximum surplus, at most 30% "
            "of the number to elect",
            rules.surplus_cap_confidence,
        ),
        "surplus_cap_rounding": (
            "rounding of 30% of the seats into a number of names: not found "
            "(election-rules.md §6 q9)",
            "U",
        ),
        "small_body_max_surplus": (
            f"{rules.surplus_article} as answered for bodies of 3–5 members "
            "(baothainguyen.vn Q&A, 2025): at most one extra name",
            rules.small_body_confidence,
        ),
        "all_disagree": (
            f"{ballot}: every name marked disagree on a multi-person list without surplus may "
            "be 'no vote for anyone' (invalid) or valid with no agree; clause not found",
            "U",
        ),
        "no_agree": (
            f"{ballot}: a multi-person list without surplus with no name marked agree "
            "(only disagree, both or none); clause not found",
            "U",
        ),
        "one_person_unmarked": (
            f"{ballot}: a one-person list is valid with an X in one box; both or neither "
            "is not listed as valid, the counting board decides",
            "U",
        ),
        "unstamped": (
            f"{ballot} khoản 1: the seal is mandatory; invalid by inference",
            "U",
        ),
        "write_in": (
            f"{ballot}: writing in a name outside the list, presumed invalid "
            "(the list of invalid cases is cut off in every copy seen)",
            "U",
        ),
        "special_mark": (
            f"{ballot}: signing or marking the ballot, presumed invalid "
            "(the list of invalid cases is cut off in every copy seen)",
            "U",
        ),
        "percent_decimals": (
            "minutes show votes as % of the base; rounding rule not found (state-election "
            "analogy: 2 decimals)",
            "U",
        ),
        "percent_rounding": (
            "rounding not found; the worked example of HD 03-HD/TW 2020 truncates "
            "(5 of 35 = 14.28%)",
            "U",
        ),
    }


def fixed_assumptions(rules: RuleSet) -> list[tuple[str, str, str, str]]:
    """Readings the engine always applies: (rule, value, source, confidence)."""
    return [
        (
            "threshold",
            "votes × 2 > base",
            f"{rules.results_article}: more than half of the base, on valid ballots",
            "V",
        ),
        (
            "ties_at_cutoff",
            "returned to the congress, never broken",
            f"{rules.results_article}: tie clause not found; re-vote among the tied "
            "is recalled, not verified",
            "U",
        ),
        (
            "shortfall",
            "seats left unfilled; the congress decides a further round",
            f"{rules.delegates_article} for delegates; not found for committees",
            "U",
        ),
        (
            "alternates",
            "officials first, then the rest who passed, in vote order",
            f"{rules.delegates_article}: one joint list, officials elected first; "
            "the order of alternates is practice",
            "U",
        ),
    ]
