"""Export of what the dashboard shows to .xlsx."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.dashboard_tree import AS_OF, build_tree, user_with_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_tree()


def export(client, user, **params):
    client.force_login(user)
    return client.get(reverse("stats:export"), params)


def summary_rows(response):
    wb = load_workbook(io.BytesIO(response.content))
    summary, children = wb.worksheets
    rows = {
        (r[0], r[1]): r[2:]
        for r in summary.iter_rows(min_row=6, values_only=True)
        if r[0] is not None
    }
    return rows, list(children.iter_rows(values_only=True))


def test_export_returns_xlsx_with_the_level_figures(client, tree, english):
    response = export(client, user_with_grant("pv", tree["P"]), as_of=AS_OF.isoformat())
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "daihoi-P-2020-2025-2020-07-09.xlsx" in response["Content-Disposition"]
    rows, _children = summary_rows(response)
    level = "Tổ chức cơ sở đảng"
    held = rows[(level, "Congresses held")]
    assert held[:2] == (3, 3)
    assert held[2] == pytest.approx(1.0)
    assert rows[(level, "Committee seats left unfilled")][0] == 1231
    assert rows[(level, "Committee seats left unfilled")][3] == 2  # previous term
    assert rows[(level, "Incumbents not re-elected")][0] == 2
    assert rows[(level, "Incumbents not re-elected")][3] == 4
    full = rows[
        (level, "Elected the full number of committee members, secretary and deputy secretary")
    ]
    assert full[:3] == (2, 3, pytest.approx(2 / 3))
    assert rows[("Chi bộ trực thuộc", "Congresses held")][:2] == (4, 6)


def test_export_lists_the_units_below(client, tree, english):
    response = export(client, user_with_grant("pv", tree["P"]), as_of=AS_OF.isoformat())
    _rows, children = summary_rows(response)
    assert children[0][:5] == ("Code", "Unit", "Level", "Units", "Congresses held")
    by_code = {r[0]: r for r in children[1:]}
    assert set(by_code) == {"A", "B"}
    assert by_code["A"][3:5] == (7, 5)
    assert by_code["B"][3:5] == (4, 2)


def test_export_follows_the_as_of_date(client, tree, english):
    response = export(client, user_with_grant("pv", tree["P"]), as_of="2020-04-30")
    rows, _children = summary_rows(response)
    assert rows[("Tổ chức cơ sở đảng", "Congresses held")][:2] == (0, 3)


def test_export_denies_another_district(client, tree):
    user = user_with_grant("a-viewer", tree["A"])
    assert export(client, user, unit=tree["B"].pk).status_code == 403
    assert export(client, user, unit=tree["A"].pk).status_code == 200


def test_export_requires_login(client, tree):
    response = client.get(reverse("stats:export"))
    assert response.status_code == 302


def test_dashboard_links_to_the_export_of_what_is_shown(client, tree):
    client.force_login(user_with_grant("pv", tree["P"]))
    html = client.get(reverse("stats:dashboard"), {"as_of": "2020-07-09"}).content.decode()
    assert (
        f"{reverse('stats:export')}?unit={tree['P'].pk}&amp;campaign=2020-2025&amp;as_of=2020-07-09"
        in html
    )
