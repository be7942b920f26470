"""Small builders for tally tests: an election as the JSON input format, and its result."""

from __future__ import annotations

import json
from typing import Any

from daihoi.tally import count_election, parse_input, parse_json

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
A, B, C, D, E = NAMES


def election(**overrides: Any) -> dict[str, Any]:
    """A committee election of 2 seats from 3 names, base 24, no ballots yet."""
    data: dict[str, Any] = {
        "rules": "190-2024",
        "body": "committee",
        "seats": 2,
        "base": 24,
        "candidates": NAMES[:3],
        "ballots": [],
    }
    data.update(overrides)
    return data


def run(data: dict[str, Any]) -> dict[str, Any]:
    """The result JSON of an input dict, through the JSON text path the CLI uses."""
    via_dict = count_election(parse_input(data)).to_json()
    via_text = count_election(parse_json(json.dumps(data, ensure_ascii=False))).to_json()
    assert via_dict == via_text
    return via_dict


def kept(*names: str, **extra: Any) -> dict[str, Any]:
    return {"kept": list(names), **extra}


def marks(**extra: Any) -> dict[str, Any]:
    return {"marks": {}, **extra}
