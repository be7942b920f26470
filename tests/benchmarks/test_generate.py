"""Smoke tests of benchmarks/: the national generator, run at a tiny scale, builds a valid tree
that the statistics read, and the timing helpers compute what they say. No timings asserted."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Candidate, Election
from daihoi.stats.queries import stats_report
from daihoi.units.models import Unit

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
bench_stats = _load("bench_stats")
TINY = generate.SCALES["tiny"]


@pytest.mark.parametrize("n", [1, 9, 10, 35, 36, 37, 1295, 1296, 60_466_175])
def test_step_matches_treebeard(n):
    assert generate.step(n) == Unit._get_path("", 1, n)


def test_national_scale_meets_the_issue_sizes():
    assert generate.SCALES["national"].units >= 350_000


@pytest.mark.django_db
def test_generate_tiny_builds_a_valid_tree(capsys):
    assert generate.main(["--scale", "tiny", "--no-migrate"]) == 0
    assert "43 units" in capsys.readouterr().out
    assert Unit.objects.count() == TINY.units == 43
    # treebeard's own check: steps, depths, numchild, orphans.
    assert all(not problems for problems in Unit.objects.find_problems())
    root = Unit.objects.get(code=generate.ROOT_CODE)
    assert (root.depth, root.numchild) == (1, TINY.provinces)
    assert root.members == sum(
        Unit.objects.filter(level__code="branch").values_list("members", flat=True)
    )
    # One congress per unit per campaign; three elections per held congress.
    assert Congress.objects.count() == 2 * TINY.units
    held = Congress.objects.filter(held_on__isnull=False).count()
    assert Election.objects.count() == 3 * held
    assert Candidate.objects.filter(election__body="committee", elected=True).exists()


@pytest.mark.django_db
def test_generate_twice_is_a_no_op(capsys):
    generate.main(["--scale", "tiny", "--no-migrate"])
    before = Candidate.objects.count()
    assert generate.main(["--scale", "tiny", "--no-migrate"]) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert Candidate.objects.count() == before


@pytest.mark.django_db
def test_generated_tree_feeds_the_statistics():
    generate.main(["--scale", "tiny", "--no-migrate"])
    campaign = Campaign.objects.get(code="2020-2025")
    report = stats_report(Unit.objects.get(code="VN"), campaign, datetime.date(2020, 7, 9))
    branches = TINY.provinces * TINY.districts * TINY.grassroots * TINY.branches
    assert report["levels"]["branch"]["units"] == branches
    assert report["levels"]["province"]["units"] == TINY.provinces
    # The previous campaign is over: every congress below the root was held.
    previous = report["previous"]["levels"]
    assert previous["branch"]["held"] == branches
    assert previous["branch"]["committee_seats"] == 3 * branches


@pytest.mark.django_db
def test_rows_added_after_generation_get_fresh_ids():
    generate.main(["--scale", "tiny", "--no-migrate"])
    root = Unit.objects.get(code="VN")
    province = Unit.objects.get_children(root).first()
    district = Unit.objects.add_child(
        province, create_kwargs={"code": "NEW", "name": "New district", "level": province.level}
    )
    campaign = Campaign.objects.get(code="2020-2025")
    congress = Congress.objects.create(campaign=campaign, unit=district)
    assert district.pk > root.pk
    assert congress.pk == Congress.objects.order_by("-id").values_list("id", flat=True).first()


@pytest.mark.django_db
def test_generate_without_nation_makes_provinces_roots():
    assert generate.main(["--scale", "tiny", "--no-migrate", "--without-nation"]) == 0
    roots = Unit.objects.filter(depth=1)
    assert sorted(roots.values_list("code", flat=True)) == ["P01", "P02"]
    assert not Unit.objects.filter(code="VN").exists()
    assert all(not problems for problems in Unit.objects.find_problems())


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([5.0], 95, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        ([float(x) for x in range(1, 101)], 95, 95.0),
        ([float(x) for x in range(1, 21)], 95, 19.0),
        ([3.0, 1.0, 2.0], 100, 3.0),
    ],
)
def test_percentile_nearest_rank(values, p, expected):
    assert bench_stats.percentile(values, p) == expected
