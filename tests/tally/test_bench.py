"""benchmarks/bench_tally.py still runs (small), so the figure in docs/performance.md cannot rot."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_tally.py"


def test_bench_tally_runs_small(capsys):
    spec = importlib.util.spec_from_file_location("bench_tally", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--ballots", "200", "--candidates", "20", "--runs", "1", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["ballots"] == 200
    assert figures["seats"] == 16
    assert figures["count_ms"] >= 0
