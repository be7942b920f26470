"""The worked examples of docs/tally.md are exactly what the engine gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from daihoi.tally import count_election, parse_json

DOC = Path(__file__).resolve().parents[2] / "docs" / "tally.md"
BLOCK = re.compile(r"```json (input|output)\n(.*?)\n```", re.S)


def examples() -> list[tuple[str, str]]:
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    kinds = [kind for kind, _ in blocks]
    assert kinds == ["input", "output"] * (len(blocks) // 2), "input/output blocks must pair up"
    return [(blocks[i][1], blocks[i + 1][1]) for i in range(0, len(blocks), 2)]


def test_docs_have_examples():
    assert len(examples()) >= 4


@pytest.mark.parametrize(
    ("given", "shown"), examples(), ids=[f"example_{i + 1}" for i in range(len(examples()))]
)
def test_docs_example_output_is_exact(given, shown):
    documented = json.loads(shown)
    result = count_election(parse_json(given)).to_json()
    if "assumptions" not in documented:
        del result["assumptions"]
    assert result == documented
    assert list(result) == list(documented)  # the key order too


def test_docs_first_example_shows_assumptions():
    _, shown = examples()[0]
    assert "assumptions" in json.loads(shown)


def test_docs_every_option_documented():
    from daihoi.tally.rulesets import OPTION_NAMES

    text = DOC.read_text(encoding="utf-8")
    for name in OPTION_NAMES:
        assert f"`{name}`" in text, name
