"""Property: the SQL aggregates equal a plain Python recount, per level and per child."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.campaigns.models import Congress
from daihoi.stats.queries import FIGURES, child_figures, level_figures
from tests.stats.builders import campaign, child, congress, election, root

DAY0 = datetime.date(2020, 5, 1)

candidates = st.lists(
    st.fixed_dictionaries(
        {
            "elected": st.booleans(),
            "incumbent": st.booleans(),
            "gender": st.sampled_from(["male", "female", ""]),
            "birth_year": st.none() | st.integers(1955, 1999),
            "ethnicity": st.sampled_from(["Kinh", "Tày", "", "Nùng"]),
        }
    ),
    max_size=4,
)
elections = st.dictionaries(
    st.sampled_from(["committee", "secretary", "deputy_secretary", "standing_committee"]),
    st.tuples(st.integers(0, 3), st.sampled_from(["congress", "committee"]), candidates),
    max_size=3,
)
# A congress: None (no congress) or (held day offset or None, elections).
congresses = st.none() | st.tuples(st.none() | st.integers(0, 60), elections)
# A tree below the root: districts -> grassroots -> branches, each with its congress.
trees = st.lists(
    st.tuples(
        congresses, st.lists(st.tuples(congresses, st.lists(congresses, max_size=2)), max_size=2)
    ),
    max_size=3,
)


def _oracle(unit, camp, as_of):
    """Figures per level code, recounted in Python from the rows."""
    out = {}
    below = [u for u in type(unit).objects.filter(path__startswith=unit.path, depth__gt=unit.depth)]
    for u in below:
        out.setdefault(u.level.code, dict.fromkeys(FIGURES, 0))["units"] += 1
    for cong in Congress.objects.filter(campaign=camp, unit__in=below).select_related(
        "unit__level"
    ):
        if cong.held_on is None or cong.held_on > as_of:
            continue
        f = out[cong.unit.level.code]
        f["held"] += 1
        full = True
        for e in cong.elections.all():
            cands = list(e.candidates.all())
            won = [c for c in cands if c.elected]
            if e.body in ("committee", "secretary", "deputy_secretary") and len(won) < e.seats:
                full = False
            if e.body == "secretary" and e.elected_by == "congress":
                f["direct_secretary"] += 1
            if e.body != "committee":
                continue
            f["committee_seats"] += e.seats
            f["committee_elected"] += len(won)
            f["committee_shortfall"] += max(0, e.seats - len(won))
            f["incumbents_not_reelected"] += sum(c.incumbent and not c.elected for c in cands)
            f["women"] += sum(c.gender == "female" for c in won)
            f["under_40"] += sum(
                c.birth_year is not None and cong.held_on.year - c.birth_year < 40 for c in won
            )
            f["ethnic_minority"] += sum(c.ethnicity not in ("", "Kinh") for c in won)
            f["first_time"] += sum(not c.incumbent for c in won)
        f["full_leadership"] += full
    return out


def _add_congress(unit, camp, spec):
    if spec is None:
        return
    offset, specs = spec
    held = None if offset is None else DAY0 + datetime.timedelta(days=offset)
    cong = congress(unit, camp, held)
    for body, (seats, by, people) in specs.items():
        election(cong, body, seats, people, elected_by=by)


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=trees, as_of_offset=st.integers(-5, 65), noise=congresses)
def test_figures_equal_python_recount_and_children_sum_to_levels(tree, as_of_offset, noise):
    with transaction.atomic():
        p = root()
        camp = campaign()
        other = campaign("2015-2020")
        for i, (d_spec, grassroots) in enumerate(tree):
            d = child(p, f"D{i}", "district")
            _add_congress(d, camp, d_spec)
            _add_congress(d, other, noise)
            for j, (g_spec, branches) in enumerate(grassroots):
                g = child(d, f"D{i}G{j}", "grassroots")
                _add_congress(g, camp, g_spec)
                for k, b_spec in enumerate(branches):
                    _add_congress(child(g, f"D{i}G{j}B{k}", "branch"), camp, b_spec)
        as_of = DAY0 + datetime.timedelta(days=as_of_offset)

        levels = level_figures(p, camp, as_of)
        children = child_figures(p, camp, as_of)

        assert levels == _oracle(p, camp, as_of)
        totals = {name: sum(f[name] for f in levels.values()) for name in FIGURES}
        assert {name: sum(f[name] for _, f in children) for name in FIGURES} == totals
        for f in levels.values():
            assert f["full_leadership"] <= f["held"] <= f["units"]
            assert f["direct_secretary"] <= f["held"]
            for name in ("women", "under_40", "ethnic_minority", "first_time"):
                assert f[name] <= f["committee_elected"]
        transaction.set_rollback(True)
