# ruff: noqa: E501  (tables: one case per line)
"""Validity of single ballots, QĐ 190-QĐ/TW Điều 15 (244 Điều 17), election-rules.md §2.6."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.tally import TallyError

from .factory import NAMES, A, B, C, election, run


def count_one(ballot: dict[str, Any], names: int, seats: int, **options: Any) -> dict[str, Any]:
    data = election(candidates=NAMES[:names], seats=seats, ballots=[ballot], base=3)
    data["body"] = "delegates" if names <= seats else "committee"
    if options:
        data["options"] = options
    return run(data)


def verdict(result: dict[str, Any]) -> tuple[str, str | None, dict[str, int]]:
    votes = {r["name"]: r["votes"] for r in result["results"] if r["votes"]}
    if result["flagged"]:
        return "flagged", result["flagged"][0]["reason"], votes
    if result["invalid"]:
        (reason,) = result["invalid_reasons"]
        return "invalid", reason, votes
    assert result["valid"] == 1
    return "valid", None, votes


SURPLUS_LIST = [  # 3 names for 2 seats: the voter strikes names out
    ("keep_one", {"kept": [A]}, ("valid", None, {A: 1})),
    ("keep_full_number", {"kept": [A, C]}, ("valid", None, {A: 1, C: 1})),
    ("keep_more_than_seats", {"kept": [A, B, C]}, ("invalid", "too_many_kept", {})),
    ("strike_everyone", {"kept": []}, ("invalid", "all_struck", {})),
    ("not_issued", {"kept": [A], "defects": ["not_issued"]}, ("invalid", "not_issued", {})),
    ("not_issued_alone", {"defects": ["not_issued"]}, ("invalid", "not_issued", {})),
    ("unstamped", {"kept": [A], "defects": ["unstamped"]}, ("invalid", "unstamped", {})),
    ("write_in", {"kept": [A], "defects": ["write_in"]}, ("invalid", "write_in", {})),
    ("special_mark", {"kept": [A], "defects": ["special_mark"]}, ("invalid", "special_mark", {})),
    (
        "not_issued_before_other_defects",
        {"kept": [A], "defects": ["special_mark", "not_issued"]},
        ("invalid", "not_issued", {}),
    ),
    (
        "board_agrees_with_invalid",
        {"kept": [], "board": "invalid"},
        ("invalid", "all_struck", {}),
    ),
    ("board_agrees_with_valid", {"kept": [B], "board": "valid"}, ("valid", None, {B: 1})),
]

NO_SURPLUS_LIST = [  # 3 names for 3 seats: agree/disagree columns
    ("agree_and_disagree", {"marks": {A: "agree", B: "disagree", C: "agree"}}, ("valid", None, {A: 1, C: 1})),
    ("both_gives_no_vote", {"marks": {A: "agree", B: "both", C: "agree"}}, ("valid", None, {A: 1, C: 1})),
    ("none_gives_no_vote", {"marks": {A: "agree", B: "none", C: "disagree"}}, ("valid", None, {A: 1})),
    ("unmentioned_is_none", {"marks": {B: "agree"}}, ("valid", None, {B: 1})),
    ("all_disagree_flagged", {"marks": {A: "disagree", B: "disagree", C: "disagree"}}, ("flagged", "all_disagree", {})),
    ("no_agree_flagged", {"marks": {A: "disagree", B: "both", C: "none"}}, ("flagged", "no_agree", {})),
    ("blank_flagged", {"marks": {}}, ("flagged", "no_agree", {})),
    ("all_disagree_board_valid", {"marks": {A: "disagree", B: "disagree", C: "disagree"}, "board": "valid"}, ("valid", None, {})),
    ("all_disagree_board_invalid", {"marks": {A: "disagree", B: "disagree", C: "disagree"}, "board": "invalid"}, ("invalid", "all_disagree", {})),
    ("no_agree_board_invalid", {"marks": {A: "both", B: "both", C: "both"}, "board": "invalid"}, ("invalid", "no_agree", {})),
]  # fmt: skip

ONE_PERSON_LIST = [  # 1 name for 1 seat
    ("agree", {"marks": {A: "agree"}}, ("valid", None, {A: 1})),
    ("disagree", {"marks": {A: "disagree"}}, ("valid", None, {})),
    ("both_flagged", {"marks": {A: "both"}}, ("flagged", "one_person_both", {})),
    ("none_flagged", {"marks": {A: "none"}}, ("flagged", "one_person_none", {})),
    ("nothing_flagged", {"marks": {}}, ("flagged", "one_person_none", {})),
    ("both_board_invalid", {"marks": {A: "both"}, "board": "invalid"}, ("invalid", "one_person_both", {})),
    ("none_board_valid", {"marks": {A: "none"}, "board": "valid"}, ("valid", None, {})),
]  # fmt: skip


@pytest.mark.parametrize(
    ("ballot", "expected"), [c[1:] for c in SURPLUS_LIST], ids=[c[0] for c in SURPLUS_LIST]
)
def test_ballot_surplus_list(ballot, expected):
    assert verdict(count_one(ballot, names=3, seats=2)) == expected


@pytest.mark.parametrize(
    ("ballot", "expected"), [c[1:] for c in NO_SURPLUS_LIST], ids=[c[0] for c in NO_SURPLUS_LIST]
)
def test_ballot_no_surplus_list(ballot, expected):
    assert verdict(count_one(ballot, names=3, seats=3)) == expected


@pytest.mark.parametrize(
    ("ballot", "expected"), [c[1:] for c in ONE_PERSON_LIST], ids=[c[0] for c in ONE_PERSON_LIST]
)
def test_ballot_one_person_list(ballot, expected):
    assert verdict(count_one(ballot, names=1, seats=1)) == expected


CONFIGURED = [  # [U] rules read another way through options
    ("all_disagree_valid", 3, 3, {"marks": {A: "disagree", B: "disagree", C: "disagree"}}, {"all_disagree": "valid"}, ("valid", None, {})),
    ("all_disagree_invalid", 3, 3, {"marks": {A: "disagree", B: "disagree", C: "disagree"}}, {"all_disagree": "invalid"}, ("invalid", "all_disagree", {})),
    ("no_agree_valid", 3, 3, {"marks": {}}, {"no_agree": "valid"}, ("valid", None, {})),
    ("one_person_invalid", 1, 1, {"marks": {A: "both"}}, {"one_person_unmarked": "invalid"}, ("invalid", "one_person_both", {})),
    ("unstamped_flagged", 3, 2, {"kept": [A], "defects": ["unstamped"]}, {"unstamped": "flag"}, ("flagged", "unstamped", {})),
    ("unstamped_board_valid", 3, 2, {"kept": [A], "defects": ["unstamped"], "board": "valid"}, {"unstamped": "flag"}, ("valid", None, {A: 1})),
    ("write_in_board_invalid", 3, 2, {"kept": [A], "defects": ["write_in"], "board": "invalid"}, {"write_in": "flag"}, ("invalid", "write_in", {})),
    ("flagged_defect_but_too_many", 3, 2, {"kept": [A, B, C], "defects": ["special_mark"]}, {"special_mark": "flag"}, ("invalid", "too_many_kept", {})),
    ("flagged_defect_without_content", 3, 2, {"defects": ["special_mark"]}, {"special_mark": "flag"}, ("flagged", "special_mark", {})),
    ("not_issued_not_configurable", 3, 2, {"kept": [A], "defects": ["not_issued", "unstamped"]}, {"unstamped": "flag"}, ("invalid", "not_issued", {})),
]  # fmt: skip


@pytest.mark.parametrize(
    ("names", "seats", "ballot", "options", "expected"),
    [c[1:] for c in CONFIGURED],
    ids=[c[0] for c in CONFIGURED],
)
def test_ballot_configured_reading(names, seats, ballot, options, expected):
    result = count_one(ballot, names=names, seats=seats, **options)
    assert verdict(result) == expected
    shown = {a["rule"]: (a["value"], a["default"]) for a in result["assumptions"]}
    for name, value in options.items():
        assert shown[name] == (value, False)


def test_ballot_flag_makes_outcome_need_board_decision():
    ballots = [{"marks": {A: "agree", B: "agree", C: "agree"}}] * 3 + [{"marks": {}}]
    result = run(election(candidates=[A, B, C], seats=3, base=5, ballots=ballots))
    assert result["outcome"] == "needs_board_decision"
    assert result["flagged"] == [{"ballot": 3, "reason": "no_agree"}]
    assert (result["valid"], result["invalid"], result["undecided"]) == (3, 0, 1)
    assert result["elected"] == [A, B, C]  # provisional: the flag could only add a vote


BAD_BALLOTS = [
    ("kept_and_marks", 3, 2, {"kept": [A], "marks": {A: "agree"}}, "not both"),
    ("empty_ballot", 3, 2, {}, "give 'kept', 'marks' or 'defects'"),
    ("unknown_name", 3, 2, {"kept": ["Ai Đó"]}, "'Ai Đó' is not on the election list"),
    ("name_twice", 3, 2, {"kept": [A, A]}, "given twice"),
    ("unknown_defect", 3, 2, {"defects": ["torn"]}, "unknown defect 'torn'"),
    ("defect_twice", 3, 2, {"defects": ["unstamped", "unstamped"]}, "a defect is given twice"),
    ("unknown_mark", 3, 3, {"marks": {A: "yes"}}, "unknown mark 'yes'"),
    ("unknown_board", 3, 2, {"kept": [A], "board": "maybe"}, "'valid' or 'invalid'"),
    ("kept_without_surplus", 3, 3, {"kept": [A]}, "has no surplus"),
    ("marks_with_surplus", 3, 2, {"marks": {A: "agree"}}, "has a surplus"),
    ("board_overrules_valid", 3, 2, {"kept": [A], "board": "invalid"}, "only a flagged ballot"),
    ("board_overrules_invalid", 3, 2, {"kept": [], "board": "valid"}, "only a flagged ballot"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("names", "seats", "ballot", "message"),
    [c[1:] for c in BAD_BALLOTS],
    ids=[c[0] for c in BAD_BALLOTS],
)
def test_ballot_refused(names, seats, ballot, message):
    with pytest.raises(TallyError, match=message) as err:
        count_one(ballot, names=names, seats=seats)
    assert str(err.value).startswith("ballots[0]")


def test_ballot_flagged_defect_decided_valid_needs_content():
    with pytest.raises(TallyError, match="board found it valid, so give its kept names"):
        count_one({"defects": ["write_in"], "board": "valid"}, 3, 2, write_in="flag")


def test_ballot_reasons_per_invalid_ballot_by_index():
    ballots = [{"kept": [A]}, {"kept": []}, {"kept": [A, B, C]}, {"defects": ["unstamped"]}]
    result = run(election(ballots=ballots))
    assert result["invalid_ballots"] == [
        {"ballot": 1, "reason": "all_struck"},
        {"ballot": 2, "reason": "too_many_kept"},
        {"ballot": 3, "reason": "unstamped"},
    ]
    assert result["invalid_reasons"] == {"all_struck": 1, "too_many_kept": 1, "unstamped": 1}
    assert (result["returned"], result["valid"], result["invalid"]) == (4, 1, 3)
