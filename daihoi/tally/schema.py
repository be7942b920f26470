"""The JSON input format of `daihoi tally` (docs/tally.md) read into frozen dataclasses.

Strict: unknown keys, duplicate keys, numbers with decimals and wrong types are refused with a
one-line TallyError, so a typo cannot silently change a count.
"""

from __future__ import annotations

import json
from typing import Any

from .base import compute_base
from .errors import TallyError
from .result import Attendance, Ballot, Counts, ElectionInput
from .rulesets import DEFAULT_RULES, make_options

TOP_KEYS = (
    "rules", "body", "seats", "alternates", "base", "attendance", "candidates", "issued",
    "ballots", "counts", "prepared", "round", "options",
)  # fmt: skip


def _reject_float(text: str) -> Any:
    raise TallyError(f"numbers must be whole, not {text}")


def _reject_constant(text: str) -> Any:
    raise TallyError(f"{text} is not a number a count can hold")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise TallyError(f"key {key!r} is given twice in one object")
        out[key] = value
    return out


def parse_json(text: str | bytes) -> ElectionInput:
    """One election from JSON text; TallyError for invalid JSON or an invalid election."""
    try:
        data = json.loads(
            text,
            parse_float=_reject_float,
            parse_constant=_reject_constant,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as exc:
        raise TallyError(f"invalid JSON: {exc}") from None
    except UnicodeDecodeError:
        raise TallyError("invalid JSON: the text is not UTF-8") from None
    except RecursionError:
        raise TallyError("invalid JSON: nested too deeply") from None
    return parse_input(data)


def _object(value: Any, where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TallyError(f"{where} must be an object")
    for key in value:
        if key not in keys:
            raise TallyError(f"{where}: unknown key {key!r} (known: {', '.join(keys)})")
    return value


def _int(value: Any, where: str) -> int:
    if type(value) is not int:
        raise TallyError(f"{where} must be a whole number")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise TallyError(f"{where} must be a string")
    return value


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TallyError(f"{where} must be a list of names")
    return tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(value))


def _int_map(value: Any, where: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, dict):
        raise TallyError(f"{where} must be an object of whole numbers")
    return tuple((k, _int(v, f"{where}[{k!r}]")) for k, v in value.items())


def _ballot(value: Any, at: int) -> Ballot:
    where = f"ballots[{at}]"
    raw = _object(value, where, ("kept", "marks", "defects", "board"))
    marks = raw.get("marks")
    if marks is not None and not isinstance(marks, dict):
        raise TallyError(f"{where}.marks must be an object of name: mark")
    board = raw.get("board")
    return Ballot(
        kept=None if raw.get("kept") is None else _names(raw["kept"], f"{where}.kept"),
        marks=None
        if marks is None
        else tuple((k, _str(v, f"{where}.marks[{k!r}]")) for k, v in marks.items()),
        defects=_names(raw.get("defects", []), f"{where}.defects"),
        board=None if board is None else _str(board, f"{where}.board"),
    )


def _counts(value: Any) -> Counts:
    raw = _object(value, "counts", ("returned", "invalid", "votes", "invalid_reasons"))
    for key in ("returned", "invalid", "votes"):
        if key not in raw:
            raise TallyError(f"counts: {key!r} is required")
    reasons = raw.get("invalid_reasons")
    return Counts(
        returned=_int(raw["returned"], "counts.returned"),
        invalid=_int(raw["invalid"], "counts.invalid"),
        votes=_int_map(raw["votes"], "counts.votes"),
        invalid_reasons=None if reasons is None else _int_map(reasons, "counts.invalid_reasons"),
    )


def _attendance(value: Any) -> Attendance:
    raw = _object(value, "attendance", ("congress", "summoned", "deductions"))
    for key in ("congress", "summoned"):
        if key not in raw:
            raise TallyError(f"attendance: {key!r} is required")
    return Attendance(
        congress=_str(raw["congress"], "attendance.congress"),
        summoned=_int(raw["summoned"], "attendance.summoned"),
        deductions=_int_map(raw.get("deductions", {}), "attendance.deductions"),
    )


def parse_input(data: Any) -> ElectionInput:
    """One election from decoded JSON; `base` may be given or computed from `attendance`."""
    raw = _object(data, "the input", TOP_KEYS)
    for key in ("body", "seats", "candidates"):
        if key not in raw:
            raise TallyError(f"{key!r} is required")
    attendance = None if raw.get("attendance") is None else _attendance(raw["attendance"])
    if "base" in raw:
        base = _int(raw["base"], "base")
    elif attendance is not None:
        base = compute_base(attendance)
    else:
        raise TallyError("give 'base' or the 'attendance' facts it is computed from")
    ballots = raw.get("ballots")
    if ballots is not None and not isinstance(ballots, list):
        raise TallyError("ballots must be a list")
    return ElectionInput(
        rules=_str(raw.get("rules", DEFAULT_RULES), "rules"),
        body=_str(raw["body"], "body"),
        seats=_int(raw["seats"], "seats"),
        base=base,
        candidates=_names(raw["candidates"], "candidates"),
        alternates=_int(raw.get("alternates", 0), "alternates"),
        issued=None if raw.get("issued") is None else _int(raw["issued"], "issued"),
        ballots=None if ballots is None else tuple(_ballot(b, i) for i, b in enumerate(ballots)),
        counts=None if raw.get("counts") is None else _counts(raw["counts"]),
        attendance=attendance,
        prepared=None if raw.get("prepared") is None else _int(raw["prepared"], "prepared"),
        round=_int(raw.get("round", 1), "round"),
        options=make_options(raw.get("options")),
    )
