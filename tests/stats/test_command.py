"""`daihoi stats`: JSON and table output, and its errors (exit 2, one line on stderr)."""

import datetime
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.stats.builders import campaign, child, congress, election, root

DAIHOI = Path(sys.executable).with_name("daihoi")


@pytest.fixture
def tree(db):
    p = root("BG")
    prev = campaign("2015-2020")
    camp = campaign("2020-2025", previous=prev)
    d = child(p, "BG-D", "district")
    g = child(d, "BG-D-1", "grassroots")
    election(congress(g, camp, datetime.date(2020, 6, 1)), "committee", 5, 4)
    election(congress(g, prev, datetime.date(2015, 6, 1)), "committee", 5, 2)
    congress(child(d, "BG-D-2", "grassroots"), camp, datetime.date(2020, 7, 20))
    return p


def run(*args):
    out = StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def test_stats_json_for_root_by_default(tree):
    report = json.loads(run("--campaign", "2020-2025", "--as-of", "2020-07-09", "--json"))

    assert report["campaign"] == "2020-2025"
    assert report["unit"] == "BG"
    assert report["as_of"] == "2020-07-09"
    assert list(report["levels"]) == ["district", "grassroots"]
    grassroots = report["levels"]["grassroots"]
    assert (grassroots["units"], grassroots["held"], grassroots["committee_shortfall"]) == (2, 1, 1)
    assert report["previous"]["campaign"] == "2015-2020"
    assert report["previous"]["levels"]["grassroots"]["committee_shortfall"] == 3


def test_stats_json_for_a_unit_and_later_date(tree):
    report = json.loads(
        run("--campaign", "2020-2025", "--unit", "BG-D", "--as-of", "2020-08-01", "--json")
    )

    assert report["unit"] == "BG-D"
    assert list(report["levels"]) == ["grassroots"]
    assert report["levels"]["grassroots"]["held"] == 2


def test_stats_table_is_readable(tree):
    out = run("--campaign", "2020-2025", "--as-of", "2020-07-09")

    lines = out.splitlines()
    assert "2020-2025" in lines[0] and "2020-07-09" in lines[0]
    assert lines[1].split() == ["district", "grassroots"]
    assert lines[3].split() == ["held", "0", "1"]
    assert "2015-2020" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--campaign", "1999-2004"], "unknown campaign: 1999-2004"),
        (["--campaign", "2020-2025", "--unit", "XX"], "unknown unit: XX"),
        (["--campaign", "2020-2025", "--as-of", "9/7/2020"], "bad date"),
    ],
)
def test_stats_errors_exit_2_with_one_line(tree, args, message, english):
    with pytest.raises(CommandError) as error:
        run(*args)

    assert error.value.returncode == 2
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_stats_cli_exit_code_and_single_stderr_line(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DAIHOI_HOME": str(tmp_path),
    }
    migrated = subprocess.run(
        [DAIHOI, "migrate", "-v0"], env=env, capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stderr

    for args, message in (
        (["--campaign", "nope", "--json"], "không có đợt đại hội: nope"),  # unknown campaign
        (["--campaign", "nope", "--as-of", "2020-02-30"], "ngày không hợp lệ"),  # bad date
    ):
        result = subprocess.run(
            [DAIHOI, "stats", *args], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 2
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
        assert message in result.stderr
