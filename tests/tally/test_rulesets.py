"""The two rule sets: same counting rules (§2.15 item 9), different articles and confidence."""

from __future__ import annotations

import pytest

from daihoi.tally import RULESETS, TallyError, get_ruleset

from .factory import A, B, C, election, run

BALLOTS = [{"kept": [A, B]}] * 13 + [{"kept": [C]}] * 4 + [{"kept": []}]


def test_ruleset_default_is_190():
    data = election(ballots=BALLOTS)
    del data["rules"]
    assert run(data)["rules"] == "190-2024"


def test_ruleset_both_count_the_same():
    r190 = run(election(rules="190-2024", ballots=BALLOTS))
    r244 = run(election(rules="244-2014", ballots=BALLOTS))
    for key in ("results", "elected", "valid", "invalid", "invalid_reasons", "outcome", "surplus"):
        assert r190[key] == r244[key]
    assert r190["elected"] == [A, B]


@pytest.mark.parametrize(
    ("rule", "in_190", "in_244"),
    [
        ("threshold", "QĐ 190-QĐ/TW Điều 30", "QĐ 244-QĐ/TW Điều 32"),
        ("all_disagree", "QĐ 190-QĐ/TW Điều 15", "QĐ 244-QĐ/TW Điều 17"),
        ("alternates", "QĐ 190-QĐ/TW Điều 18", "QĐ 244-QĐ/TW Điều 20"),
    ],
)
def test_ruleset_cites_its_own_articles(rule, in_190, in_244):
    for rules, article in (("190-2024", in_190), ("244-2014", in_244)):
        result = run(election(rules=rules, ballots=BALLOTS))
        (shown,) = [a for a in result["assumptions"] if a["rule"] == rule]
        assert article in shown["source"]


@pytest.mark.parametrize(
    ("rule", "conf_190", "conf_244"),
    [
        ("surplus_max_percent", "V", "S"),  # 244: only a press summary of "≤ 30%"
        ("small_body_max_surplus", "S", "U"),  # the 2025 Q&A is about QĐ 190
    ],
)
def test_ruleset_confidence_differs_where_244_is_unverified(rule, conf_190, conf_244):
    by_rules = {}
    for rules in ("190-2024", "244-2014"):
        result = run(election(rules=rules, ballots=BALLOTS))
        by_rules[rules] = next(a["confidence"] for a in result["assumptions"] if a["rule"] == rule)
    assert by_rules == {"190-2024": conf_190, "244-2014": conf_244}


def test_ruleset_differences_recorded():
    r190, r244 = RULESETS["190-2024"], RULESETS["244-2014"]
    assert (r190.prepared_confidence, r244.prepared_confidence) == ("V", "U")
    assert (r190.floor_nominee_confidence, r244.floor_nominee_confidence) == ("V", "U")
    assert (r190.joint_list_confidence, r244.joint_list_confidence) == ("V", "U")


def test_ruleset_every_unverified_choice_is_shown():
    result = run(election(ballots=BALLOTS))
    shown = {a["rule"]: a for a in result["assumptions"]}
    for rule in (
        "all_disagree",
        "no_agree",
        "one_person_unmarked",
        "unstamped",
        "write_in",
        "special_mark",
        "surplus_cap_rounding",
        "percent_decimals",
        "percent_rounding",
        "ties_at_cutoff",
        "shortfall",
        "alternates",
    ):
        assert shown[rule]["confidence"] == "U"
        assert shown[rule]["source"]
    assert all(a["confidence"] in ("V", "S", "U") for a in result["assumptions"])


def test_ruleset_unknown_refused():
    with pytest.raises(TallyError, match="unknown rule set"):
        get_ruleset("220-2009")
