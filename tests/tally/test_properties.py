"""Properties of the engine over random elections (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.tally import count_election, parse_input

POOL = [f"Ứng viên {i:02d}" for i in range(8)]
MARKS = ["agree", "disagree", "both", "none"]
DEFECTS = ["not_issued", "unstamped", "write_in", "special_mark"]


@st.composite
def elections(draw: Any, resolve_flags: bool = False) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    names = POOL[:n]
    seats = draw(st.integers(1, n + 1))
    alternates = draw(st.integers(0, 2))
    to_elect = seats + alternates
    ballots = []
    for _ in range(draw(st.integers(0, 25))):
        if n > to_elect:
            ballot: dict[str, Any] = {"kept": draw(st.lists(st.sampled_from(names), unique=True))}
        else:
            chosen = draw(st.dictionaries(st.sampled_from(names), st.sampled_from(MARKS)))
            ballot = {"marks": chosen}
        if draw(st.integers(0, 9)) == 0:
            ballot["defects"] = draw(st.lists(st.sampled_from(DEFECTS), unique=True, min_size=1))
        ballots.append(ballot)
    options: dict[str, Any] = {}
    if resolve_flags:
        for option in ("all_disagree", "no_agree", "one_person_unmarked"):
            options[option] = draw(st.sampled_from(["valid", "invalid"]))
    return {
        "rules": draw(st.sampled_from(["190-2024", "244-2014"])),
        "body": "delegates" if alternates else draw(st.sampled_from(["committee", "secretary"])),
        "seats": seats,
        "alternates": alternates,
        "base": draw(st.integers(1, 30)),
        "candidates": names,
        "ballots": ballots,
        "options": options,
    }


def result_of(data: dict[str, Any]) -> dict[str, Any]:
    return count_election(parse_input(data)).to_json()


def without_indices(result: dict[str, Any]) -> dict[str, Any]:
    out = dict(result)
    out["flagged"] = sorted(n["reason"] for n in result["flagged"])
    out["invalid_ballots"] = sorted(n["reason"] for n in result["invalid_ballots"])
    return out


@settings(max_examples=100)
@given(elections(), st.randoms(use_true_random=False))
def test_property_ballot_order_does_not_matter(data, rnd):
    shuffled = dict(data, ballots=rnd.sample(data["ballots"], len(data["ballots"])))
    assert without_indices(result_of(shuffled)) == without_indices(result_of(data))


def relabel(data: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    ballots = []
    for b in data["ballots"]:
        b = dict(b)
        if "kept" in b:
            b["kept"] = [mapping[n] for n in b["kept"]]
        if "marks" in b:
            b["marks"] = {mapping[n]: m for n, m in b["marks"].items()}
        ballots.append(b)
    return dict(data, candidates=[mapping[n] for n in data["candidates"]], ballots=ballots)


@settings(max_examples=100)
@given(elections())
def test_property_relabelling_candidates_does_not_matter(data):
    mapping = {n: f"Đồng chí {n[::-1]}" for n in data["candidates"]}
    back = {v: k for k, v in mapping.items()}
    result = result_of(relabel(data, mapping))
    for key in ("elected", "alternates", "tied"):
        result[key] = [back[n] for n in result[key]]
    for row in result["results"]:
        row["name"] = back[row["name"]]
    assert result == result_of(data)


@settings(max_examples=100)
@given(elections(), st.randoms(use_true_random=False))
def test_property_list_order_changes_no_decision(data, rnd):
    reordered = dict(data, candidates=rnd.sample(data["candidates"], len(data["candidates"])))
    a, b = result_of(data), result_of(reordered)
    per_name = {r["name"]: r for r in a["results"]}
    assert all(per_name[r["name"]] == r for r in b["results"])
    for key in ("elected", "alternates", "tied"):
        assert set(a[key]) == set(b[key])
    votes = {r["name"]: r["votes"] for r in a["results"]}
    assert [votes[n] for n in a["elected"]] == [votes[n] for n in b["elected"]]
    assert a["outcome"] == b["outcome"]


@settings(max_examples=200)
@given(elections())
def test_property_invariants(data):
    r = result_of(data)
    passed = {x["name"] for x in r["results"] if x["passed"]}
    votes = {x["name"]: x["votes"] for x in r["results"]}
    assert r["valid"] + r["invalid"] + r["undecided"] == r["returned"]
    assert all(0 <= v <= r["valid"] for v in votes.values())
    assert sum(votes.values()) <= r["valid"] * (data["seats"] + data["alternates"])
    assert set(r["elected"]) <= passed
    assert set(r["alternates"]) <= passed
    assert set(r["tied"]) <= passed
    assert not set(r["elected"]) & set(r["alternates"])
    assert len(r["elected"]) <= data["seats"]
    assert len(r["alternates"]) <= data["alternates"]
    assert r["unfilled"] == data["seats"] - len(r["elected"])
    elected_votes = [votes[n] for n in r["elected"]]
    assert elected_votes == sorted(elected_votes, reverse=True)
    for name in passed - set(r["elected"]) - set(r["tied"]):
        assert all(votes[name] < votes[e] for e in r["elected"])
    assert all((v * 2 > r["base"]) == (n in passed) for n, v in votes.items())
    if r["flagged"]:
        assert r["outcome"] == "needs_board_decision"


@settings(max_examples=200)
@given(elections(resolve_flags=True))
def test_property_counts_mode_equals_ballots_mode(data):
    by_ballots = result_of(data)
    assert not by_ballots["flagged"]
    counted = dict(data)
    del counted["ballots"]
    counted["issued"] = by_ballots["issued"]
    counted["counts"] = {
        "returned": by_ballots["returned"],
        "invalid": by_ballots["invalid"],
        "votes": {x["name"]: x["votes"] for x in by_ballots["results"]},
        "invalid_reasons": by_ballots["invalid_reasons"],
    }
    by_counts = result_of(counted)
    by_ballots["invalid_ballots"] = []
    assert by_counts == by_ballots


def floats_in(value: Any) -> list[Any]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in floats_in(v)]
    if isinstance(value, list):
        return [f for v in value for f in floats_in(v)]
    return []


@settings(max_examples=100)
@given(elections())
def test_property_no_float_in_output(data):
    result = result_of(data)
    assert floats_in(result) == []
    assert all(isinstance(x["percent_of_base"], str) for x in result["results"])
