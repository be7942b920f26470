"""The demo province reproduces the seed's figures (as of 9 July 2020, and 2015–2020)."""

import datetime
import json
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from daihoi.accounts.models import Grant
from daihoi.campaigns.models import Campaign, Congress
from daihoi.demo import generator, names
from daihoi.elections.models import Candidate
from daihoi.stats.queries import stats_report
from daihoi.units.models import Unit

AS_OF = datetime.date(2020, 7, 9)


@pytest.mark.django_db
def test_demo_command_loads_seed_figures_once(settings, tmp_path, client, english):
    settings.STATIC_ROOT = tmp_path / "static"
    out = StringIO()

    call_command("demo", "--no-serve", stdout=out)

    assert "admin / daihoi-demo" in out.getvalue()
    assert "yendung / daihoi-demo" in out.getvalue()
    root = Unit.objects.get(code="BG")
    campaign = Campaign.objects.get(code="2020-2025")
    assert campaign.name == "Đại hội đảng bộ các cấp nhiệm kỳ 2020–2025"
    report = stats_report(root, campaign, AS_OF)
    levels, previous = report["levels"], report["previous"]["levels"]
    assert list(levels) == ["district", "grassroots", "branch"]
    assert report["previous"]["campaign"] == "2015-2020"
    # The seed's table.
    assert (levels["branch"]["held"], levels["branch"]["units"]) == (4195, 4195)
    assert levels["branch"]["full_leadership"] == 4175
    assert (levels["grassroots"]["held"], levels["grassroots"]["units"]) == (654, 658)
    assert levels["grassroots"]["direct_secretary"] == 5
    assert levels["grassroots"]["committee_elected"] == 4314
    assert levels["grassroots"]["committee_shortfall"] == 2
    assert previous["grassroots"]["committee_shortfall"] == 16
    assert levels["grassroots"]["incumbents_not_reelected"] == 27
    assert previous["grassroots"]["incumbents_not_reelected"] == 54
    assert levels["district"]["units"] == 15
    # Bottom-up: Yên Dũng, the pilot, is the only district-level congress held by then.
    assert levels["district"]["held"] == 1
    pilot = Congress.objects.get(campaign=campaign, unit__code="BG-YDU")
    assert pilot.pilot and pilot.held_on <= AS_OF
    assert Congress.objects.get(campaign=campaign, unit=root).held_on.month == 10
    # Terms.
    assert set(Congress.objects.filter(campaign=campaign).values_list("term", flat=True)) == {
        "2020-2022",
        "2020-2025",
    }
    # Votes agree with results: winners have more than half, the others at most half.
    voters = F("election__congress__attended")
    by_congress = Candidate.objects.filter(election__elected_by="congress")
    assert not by_congress.filter(elected=True, votes__lte=voters / 2).exists()
    assert not by_congress.filter(elected=False, votes__gt=voters / 2).exists()
    # Vietnamese names: family, middle and given name, unique within an election.
    sample = list(Candidate.objects.values_list("full_name", flat=True)[:200])
    assert all(len(name.split()) >= 3 for name in sample)
    assert not (
        Candidate.objects.values("election", "full_name").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert Candidate.objects.filter(~Q(ethnicity="Kinh")).exists()
    # The tree is a valid treebeard tree.
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert Unit.objects.get_descendant_count(root) == 15 + 658 + 4195
    # Logins and grants.
    assert client.login(username="admin", password="daihoi-demo")
    assert client.login(username="yendung", password="daihoi-demo")
    grant = Grant.objects.get(user__username="yendung")
    assert (grant.unit.code, grant.role) == ("BG-YDU", "editor")

    # The CLI prints the same figures.
    printed = StringIO()
    call_command(
        "stats", "--campaign", "2020-2025", "--as-of", "2020-07-09", "--json", stdout=printed
    )
    assert json.loads(printed.getvalue()) == report

    # Idempotent: a second run loads nothing and creates no second user or grant.
    counts = (Unit.objects.count(), Candidate.objects.count(), Grant.objects.count())
    again = StringIO()
    call_command("demo", "--no-serve", stdout=again)
    assert "already loaded" in again.getvalue()
    assert (Unit.objects.count(), Candidate.objects.count(), Grant.objects.count()) == counts


@pytest.mark.django_db
def test_demo_tree_is_deterministic():
    def tree():
        builder = generator._Builder(random.Random(generator.SEED))
        builder._tree()
        return [(u.path, u.code, u.name, u.members) for u in builder.units]

    first = tree()

    assert first == tree()
    assert len(first) == 1 + 15 + 658 + 4195
    assert first[0][:2] == ("00001", "BG")


@pytest.mark.django_db
def test_demo_root_goes_after_existing_roots():
    from tests.stats.builders import root

    root("OTHER")
    builder = generator._Builder(random.Random(generator.SEED))
    builder._tree()

    assert builder.units[0].path == "00002"
    assert builder.units[1].path == "0000200001"


@pytest.mark.parametrize("female", [True, False])
def test_person_name_has_family_middle_given(female):
    rng = random.Random(1)
    for _ in range(50):
        family, *middle, given = names.person_name(rng, female, "Kinh").split()
        assert middle
        assert given in (names.GIVEN_FEMALE if female else names.GIVEN_MALE)
