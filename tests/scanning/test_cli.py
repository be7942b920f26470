"""`daihoi scan ELECTION.json IMAGE… [--json]`: output, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daihoi.scanning.cli import main

from .conftest import NAMES, Printed, election_data


@pytest.fixture
def election_file(tmp_path: Path) -> Path:
    path = tmp_path / "ELECTION.json"
    path.write_text(json.dumps(election_data(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def scans(tmp_path: Path, strike_ballot: Printed) -> list[Path]:
    paths = []
    for i, marks in enumerate([{1: "straight", 2: "wavy"}, {3: "cross", 4: "partial"}]):
        path = tmp_path / f"ballot-{i}.jpg"
        path.write_bytes(strike_ballot.scanned(marks, seed=80 + i))
        paths.append(path)
    return paths


def test_json_output(
    election_file: Path, scans: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    code = main([str(election_file), *map(str, scans), str(junk), "--json", "--workers", "1"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert [(b["file"], b["status"]) for b in out["ballots"]] == [
        ("ballot-0.jpg", "ok"),
        ("ballot-1.jpg", "review"),
        ("junk.txt", "unreadable"),
    ]
    assert out["ballots"][0]["kept"] == NAMES[2:]
    assert out["ballots"][1]["uncertain"] == [NAMES[3]]
    assert out["review"] == 1 and out["ok"] == 1
    assert out["tally"]["issued"] == 1 and out["tally"]["valid"] == 1


def test_human_summary(
    election_file: Path, scans: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(election_file), *map(str, scans), "--workers", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ballot-0.jpg p1  ok  kept 3: " + NAMES[2])
    assert lines[1].startswith("ballot-1.jpg p1  review  doubtful: 4")
    assert lines[2] == "2 page(s): 1 ok, 1 to review, 0 unreadable"
    assert lines[3].startswith("tally of the 1 ok ballot(s):")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json", "x.jpg"], "cannot read missing.json"),
        (["{election}"], "give at least one IMAGE"),
        (["{election}", "{junk}"], "none of the files could be read"),
        (["{election}", "{junk}", "--paper", "A3"], "invalid choice"),
        (["{bad}", "{junk}"], "invalid JSON"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    args: list[str],
    message: str,
    election_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    filled = [a.format(election=election_file, junk=junk, bad=bad) for a in args]
    assert main(filled) == 2
    err = capsys.readouterr().err
    assert err.startswith("daihoi scan: error: ") and message in err
    assert err.count("\n") == 1


def test_help_mentions_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    from daihoi.cli import main as daihoi_main

    daihoi_main(["--help"])
    assert "daihoi scan ELECTION.json IMAGE" in capsys.readouterr().out
    assert main(["--help"]) == 0


@pytest.mark.parametrize(
    ("options", "expected"), [([], ("ok", "")), (["--require-seal"], ("review", "no_seal"))]
)
def test_an_unstamped_ballot_goes_to_review_only_with_require_seal(
    election_file: Path,
    tmp_path: Path,
    strike_ballot: Printed,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    expected: tuple[str, str],
) -> None:
    path = tmp_path / "unstamped.jpg"
    path.write_bytes(strike_ballot.scanned({1: "straight"}, seed=42, sealed=False))
    assert main([str(election_file), str(path), "--json", "--workers", "1", *options]) == 0
    (ballot,) = json.loads(capsys.readouterr().out)["ballots"]
    assert (ballot["status"], ballot["reason"]) == expected
