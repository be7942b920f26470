"""Smoke tests of benchmarks/bench_live.py: the congress it builds, the requests its phones and
clerks make (through the test client and, once, the real client against a live server), and the
arithmetic of its figures. No timings asserted."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from argparse import Namespace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from daihoi.elections.counting.entry import parse_entry
from daihoi.elections.models import BallotEntry, Count, CountState

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


live_setup = _load("live_setup")
live_client = _load("live_client")


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _congress(ballots: int = 1000) -> dict[str, Any]:
    return live_setup.setup(Namespace(ballots=ballots, candidates=30, phones=3))


@pytest.mark.django_db
def test_setup_builds_a_count_in_progress_and_a_frozen_one():
    data = _congress()
    counting = Count.objects.get(state=CountState.OPEN)
    frozen = Count.objects.get(state=CountState.FROZEN)
    assert len(counting.candidates) == 30 and counting.issued == 1000
    entered = sorted(
        BallotEntry.objects.filter(count=counting).values_list("clerk__username", flat=True)
    )
    assert entered.count("clerk1") == 900 and entered.count("clerk2") == 700
    assert len(frozen.result_json["elected"]) == data["frozen_elected"] > 0
    assert len(data["phones"]) == 3 and len(data["clerks"]) == 2


@pytest.mark.django_db
def test_a_phone_session_sees_the_progress_and_the_result(english):
    data = _congress()
    phone = Client()
    phone.cookies["sessionid"] = data["phones"][0]
    response = phone.get(data["paths"]["panel"], headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and response.has_header("ETag")
    assert "900 / 1,000" in html and "700 / 1,000" in html
    assert "official result" in html
    again = phone.get(data["paths"]["panel"], headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.django_db
def test_a_clerk_session_saves_the_ballot_the_form_offers():
    data = _congress()
    clerk = Client(enforce_csrf_checks=True)
    clerk.cookies["sessionid"] = data["clerks"][0]
    clerk.cookies["csrftoken"] = "b" * 32
    page = clerk.get(data["paths"]["enter"]).content
    found = live_client.NUMBER.search(page)
    assert found is not None and int(found.group(1)) == 901
    line = live_client.ballot_line(901, 30)
    response = clerk.post(
        data["paths"]["enter"], {"csrfmiddlewaretoken": "b" * 32, "number": 901, "line": line}
    )
    assert response.status_code == 302 and response["Location"].endswith("?n=902")
    counting = Count.objects.get(state=CountState.OPEN)
    entry = BallotEntry.objects.get(count=counting, clerk__username="clerk1", number=901)
    assert entry.struck == [int(n) for n in line.split()]


def test_ballot_lines_are_valid_entries():
    for number in range(1, 50):
        reading = parse_entry(live_client.ballot_line(number, 200), 200, True)
        assert 20 <= len(reading.struck) <= 60
    assert live_client.ballot_line(7, 200) == live_client.ballot_line(7, 200)


def test_percentiles_and_summary():
    assert live_client.percentile([], 95) is None
    values = [float(v) for v in range(1, 101)]
    assert live_client.percentile(values, 50) == 50.0
    assert live_client.percentile(values, 95) == 95.0
    assert live_client.percentile(values, 99) == 99.0
    rec = live_client.Recorder()
    rec.samples["panel poll"] = [
        live_client.Sample(started=t, ms=10.0 * t, status=s)
        for t, s in ((1, 200), (2, 304), (3, 0), (9, 200))
    ]
    figures = rec.summary(0, 4, {200, 304})["panel poll"]
    assert figures["requests"] == 3 and figures["failures"] == 1
    assert figures["not_modified"] == 1 and figures["rps"] == 0.8
    assert figures["p95_ms"] == 20.0
    assert rec.count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_real_client_against_a_live_server(live_server):
    data = _congress()
    host, port = live_server.url.removeprefix("http://").split(":")
    rec, start, end, saved = asyncio.run(
        live_client.run_load(
            host=host,
            port=int(port),
            paths=data["paths"],
            phones=data["phones"],
            clerks=data["clerks"][1:],  # clerk 2, at ballot 701
            candidates=30,
            ramp=0.1,
            seconds=1.0,
            interval=0.2,
            clerk_wait=0.1,
        )
    )
    polls = rec.samples["panel poll"]
    assert {s.status for s in polls} <= {200, 304} and 304 in {s.status for s in polls}
    assert [s.status for s in rec.samples["hall page"]] == [200, 200, 200]
    assert saved >= 1
    assert {s.status for s in rec.samples["clerk: save ballot (POST)"]} == {302}
    counting = Count.objects.get(state=CountState.OPEN)
    numbers = BallotEntry.objects.filter(count=counting, clerk__username="clerk2")
    assert sorted(numbers.values_list("number", flat=True))[700:] == list(range(701, 701 + saved))
    figures = rec.summary(start, end, {200, 302, 304})
    assert figures["panel poll"]["failures"] == 0
