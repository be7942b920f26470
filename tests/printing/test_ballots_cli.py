"""`daihoi ballots print` through the installed console script: exit codes, one line of output,
the PDF written; no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from daihoi.printing.election_paper import parse_election_paper

DAIHOI = Path(sys.executable).parent / "daihoi"
NAMES = ["Nguyễn Thị Hường", "Đặng Văn Ước", "Lê Thị Thuỷ Tiên", "Trần Quốc Việt"]


def election(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"body": "committee", "seats": 3, "base": 40, "candidates": NAMES}
    data.update(changes)
    return data


def ballots(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DAIHOI), "ballots", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PATH": "/usr/bin:/bin", "LANG": "C"},  # no UTF-8 locale, no Django settings
        timeout=120,
    )


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "ELECTION.json"
    path.write_text(
        data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), "utf-8"
    )
    return str(path)


def pages_mm(pdf: Path) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(pdf.read_bytes())
    try:
        return [tuple(round(v * 25.4 / 72, 1) for v in doc[i].get_size()) for i in range(len(doc))]
    finally:
        doc.close()


@pytest.mark.parametrize(("paper", "size"), [(None, (148.0, 210.0)), ("A4", (210.0, 297.0))])
def test_print_writes_n_pages_and_one_line(tmp_path, paper, size):
    out = tmp_path / "phieu.pdf"
    extra = ["--paper", paper] if paper else []
    done = ballots("print", write(tmp_path, election()), "--copies", "7", *extra, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.count("\n") == 1 and done.stdout.startswith("7 pages written to ")
    key = parse_election_paper(election()).key
    assert key in done.stdout
    assert pages_mm(out) == [size] * 7


def test_print_reads_standard_input_and_defaults_to_one_copy(tmp_path):
    out = tmp_path / "one.pdf"
    data = json.dumps(election(title="BẦU BAN THƯỜNG VỤ"), ensure_ascii=False)
    done = ballots("print", "-", "-o", str(out), stdin=data)
    assert done.returncode == 0, done.stderr
    assert pages_mm(out) == [(148.0, 210.0)]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("{", [], "invalid JSON"),
        (election(base="x"), [], "base"),
        ({"body": "committee", "seats": 3, "candidates": NAMES}, [], "base"),
        (election(ballots=[]), [], "ballots"),
        (election(candidates=[*NAMES, NAMES[0]]), [], "twice"),
        (election(candidates=[f"Người Thứ {i}" for i in range(60)]), [], "do not fit"),
        (election(), ["--copies", "0"], "--copies"),
        (election(), ["--copies", "5001"], "--copies"),
        (election(), ["--copies", "many"], "--copies"),
        (election(), ["--paper", "A3"], "--paper"),
    ],
    ids=[
        "bad-json",
        "bad-base",
        "no-base",
        "has-ballots",
        "name-twice",
        "too-long-for-A5",
        "copies-0",
        "copies-5001",
        "copies-text",
        "paper-A3",
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, content, args, message):
    out = tmp_path / "out.pdf"
    done = ballots("print", write(tmp_path, content), *args, "-o", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("daihoi ballots: error: ")
    assert message in done.stderr
    assert not out.exists()


def test_a_list_too_long_for_a5_fits_a4(tmp_path):
    out = tmp_path / "a4.pdf"
    data = election(candidates=[f"Người Thứ {i}" for i in range(40)])
    assert ballots("print", write(tmp_path, data), "-o", str(out)).returncode == 2
    done = ballots("print", write(tmp_path, data), "--paper", "A4", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert pages_mm(out) == [(210.0, 297.0)]


def test_missing_file_output_or_action_exit_2(tmp_path):
    assert (
        ballots("print", str(tmp_path / "none.json"), "-o", str(tmp_path / "x.pdf")).returncode == 2
    )
    assert ballots("print", write(tmp_path, election())).returncode == 2  # no -o
    assert ballots("scan", write(tmp_path, election()), "-o", "x.pdf").returncode == 2
    assert ballots().returncode == 2
    assert ballots("--help").returncode == 0


def test_cli_runs_without_django():
    code = (
        "import sys\n"
        "sys.modules['django'] = None\n"  # any `import django...` now fails
        "from daihoi.printing.ballots_cli import main\n"
        "import daihoi.printing.machine_ballot, daihoi.printing.ballot_marks\n"
        "sys.exit(main(['--help']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
