"""The base for "more than half" from the congress's attendance facts (election-rules.md §2.3).

QĐ 190-QĐ/TW Điều 30 khoản 2 (QĐ 244-QĐ/TW Điều 32 khoản 2–3; QĐ 24-QĐ/TW 2021 and
QĐ 294-QĐ/TW 2025 mục 9.3):

- members' congress (đại hội đảng viên): the official members summoned, minus those on
  temporary activity elsewhere, those exempted from work and party activity who are absent,
  those suspended, those prosecuted/indicted/detained, and those absent for the whole congress
  with a reason the convening committee accepted;
- delegates' congress (đại hội đại biểu): the official delegates summoned, minus absent
  convening-committee members and absent official delegates no alternate replaced;
- committee or inspection-committee conference (mục 9.3.3): the incumbent members; the
  deductions were not retrieved [U], so none are applied and the result says so.
"""

from __future__ import annotations

from typing import Any

from .errors import TallyError
from .result import Attendance
from .rulesets import RuleSet

DEDUCTIONS: dict[str, tuple[str, ...]] = {
    "members": (
        "temporary_activity_elsewhere",  # giới thiệu sinh hoạt tạm thời ở đảng bộ khác
        "exempted_absent",  # miễn công tác và sinh hoạt đảng, không có mặt
        "suspended",  # đình chỉ sinh hoạt đảng
        "prosecuted",  # khởi tố, truy tố, tạm giam
        "absent_with_reason",  # vắng mặt suốt thời gian đại hội có lý do chính đáng
    ),
    "delegates": (
        "committee_absent",  # cấp ủy viên cấp triệu tập vắng mặt suốt thời gian đại hội
        "delegates_absent_unreplaced",  # đại biểu chính thức vắng mặt, không có dự khuyết thay
    ),
    "conference": (),
}


def compute_base(attendance: Attendance) -> int:
    """The base: summoned minus every deduction; a TallyError if the facts cannot be real."""
    allowed = DEDUCTIONS.get(attendance.congress)
    if allowed is None:
        known = ", ".join(DEDUCTIONS)
        raise TallyError(f"unknown congress kind {attendance.congress!r} (known: {known})")
    if attendance.summoned < 1:
        raise TallyError("the number summoned must be at least 1")
    seen: set[str] = set()
    total = 0
    for name, number in attendance.deductions:
        if name not in allowed:
            known = ", ".join(allowed) or "none"
            raise TallyError(
                f"deduction {name!r} does not apply to a {attendance.congress} congress "
                f"(known: {known})"
            )
        if name in seen:
            raise TallyError(f"deduction {name!r} is given twice")
        if number < 0:
            raise TallyError(f"deduction {name!r} cannot be negative")
        seen.add(name)
        total += number
    base = attendance.summoned - total
    if base < 1:
        raise TallyError(
            f"the deductions ({total}) leave no base out of {attendance.summoned} summoned"
        )
    return base


def base_detail(attendance: Attendance) -> dict[str, Any]:
    """The facts and the base, for the result and the minutes."""
    return {
        "congress": attendance.congress,
        "summoned": attendance.summoned,
        "deductions": dict(attendance.deductions),
        "base": compute_base(attendance),
    }


def base_assumptions(attendance: Attendance, rules: RuleSet) -> list[tuple[str, str, str, str]]:
    """Readings of the base that are not verified for this rule set and congress kind."""
    out = [
        (
            "base",
            f"{attendance.congress} congress: summoned minus the deductions",
            f"{rules.results_article}; QĐ 294-QĐ/TW mục 9.3",
            "V",
        )
    ]
    if attendance.congress == "delegates" and rules.code == "190-2024":
        out[0] = (
            "base",
            "delegates congress: summoned minus the deductions of QĐ 244 Điều 32 khoản 3",
            "QĐ 190-QĐ/TW Điều 30 khoản 3 presumed identical to QĐ 244-QĐ/TW Điều 32 khoản 3",
            "U",
        )
    if attendance.congress == "conference":
        out[0] = (
            "base",
            "conference: the incumbent members, no deduction applied",
            "QĐ 294-QĐ/TW mục 9.3.3: the list of deductions was not retrieved",
            "U",
        )
    return out
