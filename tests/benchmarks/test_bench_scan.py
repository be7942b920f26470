"""Smoke tests of benchmarks/bench_scan.py: the judging of readings against the truth, the
end-to-end estimate's arithmetic, and a tiny run through the real printer, generator and reader.
No timings asserted."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scan_judge = _load("scan_judge")
scan_estimate = _load("scan_estimate")

STRIKE_TRUTH = {
    "style": "strike",
    "kept": ["An", "Bình"],
    "marks": None,
    "review_ok": [],
    "rows": [
        {"number": 1, "name": "An", "truth": "kept"},
        {"number": 2, "name": "Bình", "truth": "kept"},
        {"number": 3, "name": "Cường", "truth": "struck"},
    ],
}


def _reading(status, kept=(), reason="", rows=(), marks=None):  # type: ignore[no-untyped-def]
    rows = tuple(SimpleNamespace(number=n, state=s) for n, s in rows)
    return SimpleNamespace(status=status, reason=reason, kept=kept, marks=marks, rows=rows)


@pytest.mark.parametrize(
    ("reading", "outcome"),
    [
        (_reading("ok", ("Bình", "An"), rows=[(1, "kept"), (2, "kept"), (3, "struck")]), "ok"),
        (_reading("ok", ("An",), rows=[(1, "kept"), (2, "struck"), (3, "struck")]), "silent_error"),
        (_reading("review", ("An",), "doubtful_rows", [(2, "doubtful")]), "review"),
        (_reading("unreadable", reason="no_qr"), "unreadable"),
    ],
)
def test_judge_sorts_readings(reading, outcome):
    verdict = scan_judge.judge(reading, STRIKE_TRUTH)
    assert verdict["outcome"] == outcome
    if outcome == "silent_error":
        assert verdict["read_struck_but_kept"] == ["Bình"]
        assert verdict["row_errors"] == [
            {"number": 2, "read": "struck", "name": "Bình", "truth": "kept"}
        ]
    if outcome == "review":
        assert verdict["justified"] is False and verdict["rows_doubtful"] == 1
    if outcome == "unreadable":
        assert verdict["false_refusal"] is False


def test_judge_columns_marks_and_false_refusals():
    truth = {**STRIKE_TRUTH, "style": "columns", "kept": None, "marks": {"An": "agree"}}
    truth["rows"] = [{"number": 1, "name": "An", "truth": "agree"}]
    wrong = scan_judge.judge(_reading("ok", marks={"An": "both"}), truth)
    assert wrong["outcome"] == "silent_error" and wrong["marks_differ"] == {"An": ["agree", "both"]}
    right = scan_judge.judge(_reading("ok", marks={"An": "agree"}), truth)
    assert right["outcome"] == "ok"
    refused = scan_judge.judge(_reading("unreadable", reason="wrong_election"), truth)
    assert refused["false_refusal"] is True


def test_estimate_of_500_ballots_at_60_ppm():
    measured = {"read_ms": 40.0, "decode_ms": 10.0, "review_rate": 0.02, "unreadable_rate": 0.0}
    e = scan_estimate.estimate_count(500, 60.0, measured, 10.0)
    # 500 sheets at 1 a second, and 4 reloads of 20 s.
    assert e["scan_min"] == round((500 + 4 * 20) / 60, 1)
    assert e["ballots_reviewed"] == 10.0 and e["review_min"] == round(100 / 60, 1)
    assert e["read_min"] == round(25 / 60, 2)
    assert e["overlapped_min"] <= e["sequential_min"]


def test_a_tiny_run_reads_every_ballot(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BENCH_DIR", str(tmp_path))
    bench_scan = _load("bench_scan")
    monkeypatch.setattr(bench_scan, "BENCH_DIR", tmp_path)
    args = ["--per", "2", "--elections", "5-of-3-A5,4-of-4-columns-A5", "--profiles", "scan200"]
    assert bench_scan.main([*args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    figures = result["profiles"]["scan200"]
    assert figures["ballots"] == 4
    assert figures["ok"] + figures["silent_errors"] + figures["review"] + figures["unreadable"] == 4
    assert set(result["estimate"]) == {"scan200"}
    assert list(tmp_path.glob("scan-*.json"))


def test_review_of_plain_ballots_counts_only_those_with_nothing_to_see():
    stats = {
        "ballots": 10,
        "ok": 6,
        "silent_error": 0,
        "review": 4,
        "review_unjustified": 1,
        "plain": 8,
        "unreadable": 0,
        "false_refusal": 0,
        "rows": 50,
        "rows_doubtful": 5,
        "row_errors": 0,
        "read_cpu_s": 1.0,
        "decode_cpu_s": 0.5,
        "wall_s": 2.0,
    }
    out = scan_judge.summary(stats)
    assert out["review_rate"] == 0.4
    assert out["review_unjustified_rate"] == 0.1
    assert out["plain"] == 8 and out["review_of_plain_rate"] == 0.125
    assert "12.5 % of 8" in scan_judge.table({"scan200": out}, ["scan200"])
