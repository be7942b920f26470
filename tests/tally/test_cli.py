"""`daihoi tally [FILE|-]` through the installed console script: exit codes and output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .factory import A, B, C, election

DAIHOI = Path(sys.executable).parent / "daihoi"


def tally(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DAIHOI), "tally", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PATH": "/usr/bin:/bin", "LANG": "C"},  # no UTF-8 locale, no DJANGO settings
        timeout=60,
    )


def as_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (election(ballots=[{"kept": [A, B]}] * 13 + [{"kept": [C]}] * 5), "complete"),
        (
            election(
                ballots=[{"kept": [A, B]}] * 8 + [{"kept": [A, C]}] * 8 + [{"kept": [B, C]}] * 5
            ),
            "tie_at_cutoff",
        ),
        (election(ballots=[{"kept": [A]}] * 13), "shortfall"),
        (election(seats=3, ballots=[{"marks": {}}]), "needs_board_decision"),
    ],
    ids=["complete", "tie", "shortfall", "needs_board_decision"],
)
def test_cli_tally_stdin_exit_0(data, outcome):
    done = tally("-", stdin=as_text(data))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    assert result["outcome"] == outcome
    assert result["engine"].startswith("daihoi-tally ")
    assert A in done.stdout  # Vietnamese as is (ensure_ascii=False), even without a UTF-8 locale
    assert done.stdout.startswith('{\n  "engine"')  # indent 2


def test_cli_tally_file_and_default_stdin(tmp_path):
    path = tmp_path / "election.json"
    path.write_text(as_text(election(ballots=[{"kept": [A]}])), encoding="utf-8")
    from_file = tally(str(path))
    from_stdin = tally(stdin=path.read_text(encoding="utf-8"))
    assert from_file.returncode == from_stdin.returncode == 0
    assert from_file.stdout == from_stdin.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["-"], "{not json", "invalid JSON"),
        (["-"], as_text(election(rules="999")), "unknown rule set '999'"),
        (["-"], as_text(election(issued=0, ballots=[{"kept": [A]}])), "only 0 issued"),
        (["-"], '{"seats": 1.5}', "numbers must be whole"),
        (["/nonexistent/election.json"], "", "cannot read /nonexistent/election.json"),
        (["a.json", "b.json"], "", "give one FILE"),
    ],
    ids=["invalid_json", "unknown_rules", "impossible", "float", "missing_file", "two_files"],
)
def test_cli_tally_bad_input_exit_2(args, stdin, message):
    done = tally(*args, stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("daihoi tally: error: ")
    assert message in done.stderr


def test_cli_tally_help():
    done = tally("--help")
    assert done.returncode == 0
    assert "daihoi tally [FILE|-]" in done.stdout


def test_cli_main_lists_tally(capsys):
    from daihoi.cli import main

    main(["--help"])
    assert "tally" in capsys.readouterr().out
