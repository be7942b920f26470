import datetime

import pytest
from django.urls import reverse

from daihoi.accounts.models import AuditEntry
from daihoi.campaigns.models import Congress
from daihoi.elections.models import Candidate, Election
from tests.campaigns.factories import (
    add_candidates,
    make_campaign,
    make_congress,
    make_election,
    make_tree,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return make_tree()


@pytest.fixture
def congress(tree):
    return make_congress(
        tree["A1"], summoned=30, attended=28, held_on=datetime.date(2020, 7, 9), term="2020-2025"
    )


@pytest.fixture
def election(congress):
    election = make_election(congress, seats=2)
    add_candidates(election, 3)
    return election


@pytest.fixture
def editor(tree):
    return make_user("editor", tree["A"], "editor")


@pytest.fixture
def viewer(tree):
    return make_user("viewer", tree["A"], "viewer")


def congress_post(**overrides):
    data = {
        "term": "2020-2025",
        "kind": "members",
        "planned_on": "01/07/2020",
        "held_on": "09/07/2020",
        "summoned": "30",
        "attended": "28",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def results_post(response, rows):
    """POST data for the results form: each form's current values, then `rows` overrides."""
    formset = response.context["formset"]
    data = {
        "c-TOTAL_FORMS": str(len(formset.forms)),
        "c-INITIAL_FORMS": str(formset.initial_form_count()),
        "c-MIN_NUM_FORMS": "0",
        "c-MAX_NUM_FORMS": "500",
    }
    for i, form in enumerate(formset.forms):
        values = {**form.initial, **rows.get(i, {})}
        for name, value in values.items():
            if value is None or value is False or value == "":
                continue
            data[f"c-{i}-{name}"] = "on" if value is True else str(value)
    return data


def candidates_of(election):
    return list(
        Candidate.objects.filter(election=election)
        .order_by("id")
        .values_list("full_name", "votes", "elected")
    )


# -- congress page ----------------------------------------------------------------------------


def test_congress_page_shows_facts_elections_and_shortfall(client, viewer, election):
    client.force_login(viewer)
    response = client.get(reverse("campaigns:congress_detail", args=[election.congress_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "09/07/2020" in html
    assert "status-held" in html
    assert "Nguyễn Văn 0" in html and "Nguyễn Văn 2" in html
    assert "has-shortfall" in html  # 0 of 2 seats elected
    assert reverse("elections:results", args=[election.pk]) not in html  # viewer: no edit links


def test_congress_page_no_shortfall_when_seats_filled(client, editor, congress):
    election = make_election(congress, seats=1)
    add_candidates(election, 2, elected=1)
    client.force_login(editor)
    html = client.get(reverse("campaigns:congress_detail", args=[congress.pk])).content.decode()
    assert "has-shortfall" not in html
    assert reverse("elections:results", args=[election.pk]) in html


def test_congress_pages_of_other_district_are_forbidden(client, tree, election):
    client.force_login(make_user("b", tree["B"], "administrator"))
    for url in (
        reverse("campaigns:congress_detail", args=[election.congress_id]),
        reverse("campaigns:congress_edit", args=[election.congress_id]),
        reverse("campaigns:congress_create", args=[tree["A1"].pk]),
        reverse("elections:election_create", args=[election.congress_id]),
        reverse("elections:election_edit", args=[election.pk]),
        reverse("elections:results", args=[election.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("campaigns:congress_edit", args=[election.congress_id]), congress_post(attended="1")
    )
    assert response.status_code == 403
    assert Congress.objects.get(pk=election.congress_id).attended == 28


@pytest.mark.parametrize(
    "url",
    [
        reverse("campaigns:congress_detail", args=[999_999]),
        reverse("campaigns:congress_edit", args=[999_999]),
        reverse("campaigns:congress_create", args=[999_999]),
        reverse("elections:results", args=[999_999]),
        reverse("elections:election_edit", args=[999_999]),
        reverse("elections:election_create", args=[999_999]),
    ],
)
def test_unknown_ids_are_404(client, tree, url):
    client.force_login(make_user("p", tree["P"], "administrator"))
    assert client.get(url).status_code == 404


# -- congress form ----------------------------------------------------------------------------


def test_congress_edit_shows_and_accepts_vietnamese_dates(client, editor, congress):
    client.force_login(editor)
    url = reverse("campaigns:congress_edit", args=[congress.pk])
    assert 'value="09/07/2020"' in client.get(url).content.decode()
    response = client.post(url, congress_post(held_on="10/07/2020", attended="29", pilot="on"))
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:congress_detail", args=[congress.pk])
    stored = Congress.objects.get(pk=congress.pk)
    assert (stored.held_on, stored.attended, stored.pilot) == (
        datetime.date(2020, 7, 10),
        29,
        True,
    )
    entry = AuditEntry.objects.get(action="update_congress")
    assert entry.actor == editor
    assert entry.changes["held_on"] == ["2020-07-09", "2020-07-10"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"attended": "31"}, "attended"),
        ({"held_on": "31/02/2020"}, "held_on"),
        ({"summoned": "-3"}, "summoned"),
    ],
)
def test_congress_edit_errors_shown_and_nothing_saved(client, editor, congress, overrides, field):
    client.force_login(editor)
    url = reverse("campaigns:congress_edit", args=[congress.pk])
    response = client.post(url, congress_post(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'class="errorlist"' in response.content.decode()
    stored = Congress.objects.get(pk=congress.pk)
    assert (stored.held_on, stored.summoned, stored.attended) == (
        datetime.date(2020, 7, 9),
        30,
        28,
    )


def test_congress_edit_cannot_clear_held_date_once_elected(client, editor, congress):
    add_candidates(make_election(congress, seats=1), 1, elected=1)
    client.force_login(editor)
    url = reverse("campaigns:congress_edit", args=[congress.pk])
    response = client.post(url, congress_post(held_on=""))
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"]
    assert Congress.objects.get(pk=congress.pk).held_on == datetime.date(2020, 7, 9)


def test_congress_edit_viewer_forbidden_and_unchanged(client, viewer, congress):
    client.force_login(viewer)
    url = reverse("campaigns:congress_edit", args=[congress.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, congress_post(attended="2")).status_code == 403
    assert Congress.objects.get(pk=congress.pk).attended == 28
    assert not AuditEntry.objects.filter(action="update_congress").exists()


def test_congress_create_for_unit(client, tree, editor):
    campaign = make_campaign()
    client.force_login(editor)
    url = reverse("campaigns:congress_create", args=[tree["A1a"].pk])
    response = client.post(url, congress_post(campaign=str(campaign.pk), held_on=""))
    congress = Congress.objects.get(unit=tree["A1a"])
    assert response["Location"] == reverse("campaigns:congress_detail", args=[congress.pk])
    assert congress.campaign == campaign and congress.held_on is None
    assert AuditEntry.objects.get(action="create_congress").actor == editor
    # No campaign is left for this unit: the page says so instead of offering a form.
    assert client.get(url).context["no_campaign"] is True


# -- elections --------------------------------------------------------------------------------


def test_election_create_then_edit_and_delete(client, editor, congress):
    client.force_login(editor)
    response = client.post(
        reverse("elections:election_create", args=[congress.pk]),
        {"body": "secretary", "seats": "1", "elected_by": "committee"},
    )
    election = Election.objects.get(congress=congress, body="secretary")
    assert response["Location"] == reverse("elections:results", args=[election.pk])
    response = client.post(
        reverse("elections:election_create", args=[congress.pk]),
        {"body": "secretary", "seats": "1", "elected_by": "committee"},
    )
    assert response.status_code == 200 and response.context["form"].errors["body"]
    client.post(
        reverse("elections:election_edit", args=[election.pk]),
        {"body": "secretary", "seats": "1", "elected_by": "congress"},
    )
    assert Election.objects.get(pk=election.pk).elected_by == "congress"
    client.post(reverse("elections:election_delete", args=[election.pk]))
    assert not Election.objects.filter(pk=election.pk).exists()
    actions = set(AuditEntry.objects.filter(actor=editor).values_list("action", flat=True))
    assert {"create_election", "update_election", "delete_election"} <= actions


# -- results form -----------------------------------------------------------------------------


def test_results_editor_records_votes_elected_and_new_names(client, editor, election):
    client.force_login(editor)
    url = reverse("elections:results", args=[election.pk])
    page = client.get(url)
    assert page.status_code == 200
    rows = {
        0: {"votes": 27, "elected": True},
        1: {"votes": 25, "elected": True},
        2: {"DELETE": True},
        3: {"full_name": "Hoàng Thị Mới", "gender": "female", "birth_year": 1990, "votes": 3},
    }
    response = client.post(url, results_post(page, rows))
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:congress_detail", args=[election.congress_id])
    assert candidates_of(election) == [
        ("Nguyễn Văn 0", 27, True),
        ("Nguyễn Văn 1", 25, True),
        ("Hoàng Thị Mới", 3, False),
    ]
    actions = list(AuditEntry.objects.filter(actor=editor).values_list("action", flat=True))
    assert sorted(actions) == [
        "add_candidate",
        "remove_candidate",
        "update_candidate",
        "update_candidate",
    ]
    follow = client.get(response["Location"])
    assert [m.level_tag for m in follow.context["messages"]] == ["success"]


def test_results_elected_above_seats_shown_and_nothing_saved(client, editor, election, english):
    client.force_login(editor)
    url = reverse("elections:results", args=[election.pk])
    page = client.get(url)
    before = candidates_of(election)
    rows = {i: {"votes": 20, "elected": True} for i in range(3)}
    response = client.post(url, results_post(page, rows))
    assert response.status_code == 200
    assert "3 candidates are marked elected but the election has only 2 seats." in (
        response.content.decode()
    )
    assert candidates_of(election) == before
    assert not AuditEntry.objects.filter(action="update_candidate").exists()


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ({"votes": -1}, "cannot be negative"),
        ({"votes": 29}, "number attending"),
        ({"full_name": ""}, "full name"),
        ({"full_name": "Nguyễn Văn 0"}, "appears twice"),
    ],
)
def test_results_row_errors_shown_and_nothing_saved(
    client, editor, election, row, fragment, english
):
    client.force_login(editor)
    url = reverse("elections:results", args=[election.pk])
    page = client.get(url)
    before = candidates_of(election)
    response = client.post(url, results_post(page, {0: {"votes": 21}, 1: row}))
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert candidates_of(election) == before


def test_results_row_error_marks_its_row(client, editor, election):
    client.force_login(editor)
    url = reverse("elections:results", args=[election.pk])
    response = client.post(url, results_post(client.get(url), {1: {"votes": -1}}))
    html = response.content.decode()
    assert html.count('class="row-error"') == 1
    assert html.index('id="row-2" class="row-error"') > 0
    assert response.context["formset"].forms[1].errors["votes"]


def test_results_viewer_forbidden_and_unchanged(client, editor, viewer, election):
    client.force_login(editor)
    url = reverse("elections:results", args=[election.pk])
    data = results_post(client.get(url), {0: {"votes": 10, "elected": True}})
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert candidates_of(election)[0] == ("Nguyễn Văn 0", 20, False)


def test_results_candidate_from_other_election_is_refused(
    client, editor, congress, election, english
):
    other = make_election(congress, body="secretary", seats=1)
    (stranger,) = add_candidates(other, 1)
    client.force_login(editor)
    url = reverse("elections:results", args=[election.pk])
    data = results_post(client.get(url), {0: {"id": stranger.pk, "elected": True}})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "does not belong to this election" in response.content.decode()
    assert Candidate.objects.get(pk=stranger.pk).elected is False
