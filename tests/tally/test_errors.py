# ruff: noqa: E501  (tables: one case per line)
"""Impossible or malformed input is refused with one clear line (a TallyError)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from daihoi.tally import TallyError, count_election, parse_input, parse_json

from .factory import A, B, C, election


def counts(**c: Any) -> dict[str, Any]:
    data = election(counts={"returned": 10, "invalid": 0, "votes": {}, **c})
    del data["ballots"]
    return data


def without(key: str) -> dict[str, Any]:
    data = election()
    del data[key]
    return data


BAD_INPUT = [
    ("returned_more_than_issued", election(issued=1, ballots=[{"kept": [A]}, {"kept": [B]}]), "2 ballots returned .* only 1 issued"),
    ("counts_returned_more_than_issued", counts(returned=10, invalid=0, votes={}) | {"issued": 9}, "10 ballots returned"),
    ("votes_more_than_valid", counts(invalid=2, votes={A: 9}), "'Nguyễn Văn An' has 9 votes but there are 8 valid ballots"),
    ("votes_total_more_than_valid_times_seats", counts(votes={A: 10, B: 10, C: 1}), "21 votes in total but 10 valid ballots carry at most 20"),
    ("counts_unknown_name", counts(votes={"Ai Đó": 1}), "'Ai Đó' is not on the election list"),
    ("counts_negative_votes", counts(votes={A: -1}), "negative votes"),
    ("counts_invalid_more_than_returned", counts(invalid=11), "between 0 and returned"),
    ("counts_negative_returned", counts(returned=-1, invalid=0), "returned cannot be negative"),
    ("counts_unknown_reason", counts(invalid=1, invalid_reasons={"torn": 1}), "unknown invalid reason 'torn'"),
    ("counts_reasons_do_not_add_up", counts(invalid=2, invalid_reasons={"all_struck": 1}), "add up to 1, not to invalid \\(2\\)"),
    ("counts_missing_key", {k: v for k, v in counts().items() if k != "counts"} | {"counts": {"returned": 1}}, "'invalid' is required"),
    ("both_ballots_and_counts", election(counts={"returned": 0, "invalid": 0, "votes": {}}), "not both or neither"),
    ("neither_ballots_nor_counts", without("ballots"), "not both or neither"),
    ("unknown_rule_set", election(rules="220-2009"), "unknown rule set '220-2009' \\(known: 190-2024, 244-2014\\)"),
    ("unknown_body", election(body="presidium"), "unknown body 'presidium'"),
    ("seats_zero", election(seats=0), "seats must be at least 1"),
    ("base_zero", election(base=0), "base must be at least 1"),
    ("negative_alternates", election(alternates=-1), "alternates cannot be negative"),
    ("alternates_for_committee", election(alternates=1), "only with delegates"),
    ("round_zero", election(round=0), "round must be at least 1"),
    ("prepared_zero", election(prepared=0), "prepared must be at least 1"),
    ("negative_issued", election(issued=-1), "issued cannot be negative"),
    ("empty_list", election(candidates=[]), "the election list is empty"),
    ("duplicate_name", election(candidates=[A, B, A]), "'Nguyễn Văn An' is twice on the election list"),
    ("blank_name", election(candidates=[A, " "]), "a name on the election list is empty"),
    ("unknown_key", election(ballot=[]), "unknown key 'ballot'"),
    ("unknown_ballot_key", election(ballots=[{"keep": [A]}]), "ballots\\[0\\]: unknown key 'keep'"),
    ("missing_body", without("body"), "'body' is required"),
    ("missing_base", without("base"), "give 'base' or the 'attendance'"),
    ("seats_not_a_number", election(seats="5"), "seats must be a whole number"),
    ("seats_boolean", election(seats=True), "seats must be a whole number"),
    ("name_not_a_string", election(candidates=[A, 7]), "candidates\\[1\\] must be a string"),
    ("ballots_not_a_list", election(ballots={}), "ballots must be a list"),
    ("marks_not_an_object", election(seats=3, ballots=[{"marks": [A]}]), "marks must be an object"),
    ("kept_not_a_list", election(ballots=[{"kept": A}]), "kept must be a list"),
    ("top_level_not_object", [], "the input must be an object"),
    ("unknown_option", election(options={"ties": "age"}), "unknown option 'ties'"),
    ("option_bad_value", election(options={"all_disagree": "maybe"}), "must be one of flag, valid, invalid"),
    ("option_out_of_range", election(options={"surplus_max_percent": 40}), "from 0 to 30"),
    ("options_not_object", election(options=[]), "'options' must be an object"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"), [c[1:] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT]
)
def test_error_refused(data, message):
    with pytest.raises(TallyError, match=message) as err:
        count_election(parse_json(json.dumps(data, ensure_ascii=False)))
    assert "\n" not in str(err.value)
    with pytest.raises(TallyError, match=message):
        count_election(parse_input(data))


BAD_TEXT = [
    ("not_json", "{rules: 190}", "invalid JSON: Expecting property name"),
    ("empty", "", "invalid JSON"),
    ("float", '{"seats": 2.5}', "numbers must be whole, not 2.5"),
    ("float_looking_whole", '{"seats": 2.0}', "numbers must be whole, not 2.0"),
    ("nan", '{"seats": NaN}', "NaN is not a number"),
    ("duplicate_key", '{"seats": 2, "seats": 3}', "key 'seats' is given twice"),
    ("duplicate_mark", '{"m": {"a": "agree", "a": "both"}}', "key 'a' is given twice"),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in BAD_TEXT], ids=[c[0] for c in BAD_TEXT]
)
def test_error_bad_json_text(text, message):
    with pytest.raises(TallyError, match=message):
        parse_json(text)


def test_error_not_utf8():
    with pytest.raises(TallyError, match="not UTF-8"):
        parse_json(b'{"body": "\xff"}')
