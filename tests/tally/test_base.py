"""The base from attendance facts, QĐ 190-QĐ/TW Điều 30 khoản 2; QĐ 294-QĐ/TW mục 9.3 (§2.3)."""

from __future__ import annotations

import pytest

from daihoi.tally import Attendance, TallyError, compute_base

from .factory import A, election, run

BASES = [
    ("members_no_deduction", "members", 30, {}, 30),
    (
        "members_every_deduction",
        "members",
        40,
        {
            "temporary_activity_elsewhere": 2,
            "exempted_absent": 1,
            "suspended": 1,
            "prosecuted": 1,
            "absent_with_reason": 3,
        },
        32,
    ),
    ("delegates", "delegates", 300, {"committee_absent": 2, "delegates_absent_unreplaced": 5}, 293),
    ("conference_incumbent", "conference", 45, {}, 45),
]


@pytest.mark.parametrize(
    ("kind", "summoned", "deductions", "base"), [c[1:] for c in BASES], ids=[c[0] for c in BASES]
)
def test_base_computed(kind, summoned, deductions, base):
    assert compute_base(Attendance(kind, summoned, tuple(deductions.items()))) == base


BAD = [
    ("unknown_kind", "plenum", 10, {}, "unknown congress kind 'plenum'"),
    ("deduction_of_other_kind", "delegates", 10, {"suspended": 1}, "does not apply"),
    ("conference_deduction", "conference", 10, {"suspended": 1}, "known: none"),
    ("negative", "members", 10, {"suspended": -1}, "cannot be negative"),
    ("nothing_left", "members", 3, {"suspended": 3}, "leave no base"),
    ("nobody_summoned", "members", 0, {}, "at least 1"),
]


@pytest.mark.parametrize(
    ("kind", "summoned", "deductions", "message"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_base_refused(kind, summoned, deductions, message):
    with pytest.raises(TallyError, match=message):
        compute_base(Attendance(kind, summoned, tuple(deductions.items())))


def test_base_from_attendance_in_json_input():
    data = election(ballots=[{"kept": [A]}])
    del data["base"]
    data["attendance"] = {
        "congress": "members",
        "summoned": 27,
        "deductions": {"suspended": 1, "absent_with_reason": 2},
    }
    result = run(data)
    assert result["base"] == 24
    assert result["needed"] == 13
    assert result["base_detail"] == {
        "congress": "members",
        "summoned": 27,
        "deductions": {"suspended": 1, "absent_with_reason": 2},
        "base": 24,
    }
    base_rule = next(a for a in result["assumptions"] if a["rule"] == "base")
    assert base_rule["confidence"] == "V"


@pytest.mark.parametrize(
    ("rules", "kind", "confidence"),
    [
        ("190-2024", "delegates", "U"),  # Điều 30 khoản 3 presumed identical to 244
        ("244-2014", "delegates", "V"),
        ("190-2024", "conference", "U"),  # deductions of mục 9.3.3 not retrieved
    ],
)
def test_base_unverified_readings_are_shown(rules, kind, confidence):
    data = election(rules=rules, ballots=[{"kept": [A]}])
    del data["base"]
    data["attendance"] = {"congress": kind, "summoned": 24}
    result = run(data)
    base_rule = next(a for a in result["assumptions"] if a["rule"] == "base")
    assert base_rule["confidence"] == confidence


def test_base_given_must_match_attendance():
    data = election(ballots=[], attendance={"congress": "members", "summoned": 25})
    with pytest.raises(TallyError, match="base 24 differs from the attendance facts"):
        run(data)
