"""The upload, export and template pages through the test client: response and database."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from daihoi.accounts.models import AuditEntry, Grant, Role
from daihoi.campaigns.models import Congress
from daihoi.units.models import Unit
from daihoi.workbooks.actions import do_import_workbook
from tests.workbooks.helpers import (
    CONGRESSES,
    UNITS,
    full_workbook,
    make_workbook,
    read_back,
    stream,
)

pytestmark = pytest.mark.django_db

URL = "/workbooks/import/"


def upload(data: bytes, name: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def user_with(role: str | None, unit_code: str | None, name: str = "u") -> User:
    user = User.objects.create_user(name, password="pw-12345678")
    if role and unit_code:
        Grant.objects.create(user=user, unit=Unit.objects.get(code=unit_code), role=role)
    return user


@pytest.fixture
def tree():
    """The good workbook, imported from the command line (no actor)."""
    assert do_import_workbook(stream(full_workbook())).ok


def test_import_url_name():
    assert reverse("workbooks:import") == URL
    assert reverse("workbooks:export") == "/workbooks/export/"
    assert reverse("workbooks:template") == "/workbooks/template.xlsx"


def test_import_page_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_import_page_success_shows_summary_and_writes(client, tree):
    admin = User.objects.create_superuser("root", password="pw-12345678")
    client.force_login(admin)
    rows = [dict(c) for c in CONGRESSES]
    rows[1]["held_on"] = "20/04/2020"
    response = client.post(URL, {"file": upload(make_workbook({"congresses": rows}))})
    assert response.status_code == 200
    assert b"import-summary" in response.content
    assert response.context["result"].counts["congresses"] == {"created": 0, "updated": 1}
    assert str(Congress.objects.get(unit__code="B1").held_on) == "2020-04-20"
    entry = AuditEntry.objects.get(action="import_update_congress")
    assert entry.actor == admin and entry.unit.code == "B1"
    assert entry.changes == {"held_on": [None, "2020-04-20"]}


def test_import_page_dry_run_writes_nothing(client, tree):
    client.force_login(User.objects.create_superuser("root", password="pw-12345678"))
    rows = [{**UNITS[5], "name": "Renamed"}]
    response = client.post(URL, {"file": upload(make_workbook({"units": rows})), "dry_run": "on"})
    assert response.status_code == 200
    assert response.context["result"].counts["units"]["updated"] == 1
    assert Unit.objects.get(code="B1").name == "Chi bộ 1"
    assert not AuditEntry.objects.filter(action="import_update_unit").exists()


def test_import_page_errors_shown_as_table(client, tree):
    client.force_login(User.objects.create_superuser("root", password="pw-12345678"))
    rows = [{**CONGRESSES[0], "attended": 500}, {**CONGRESSES[1], "planned_on": "99/99/2020"}]
    response = client.post(URL, {"file": upload(make_workbook({"congresses": rows}))})
    assert response.status_code == 422
    errors = [(e.sheet, e.row, e.column) for e in response.context["errors"]]
    assert errors == [("congresses", 2, "attended"), ("congresses", 3, "planned_on")]
    html = response.content.decode()
    assert "import-errors" in html and "<td>planned_on</td>" in html
    assert Congress.objects.get(unit__code="G1").attended == 118


def test_import_page_refuses_wrong_type(client):
    client.force_login(User.objects.create_superuser("root", password="pw-12345678"))
    response = client.post(URL, {"file": upload(b"a,b\n1,2\n", "data.csv")})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    response = client.post(URL, {"file": upload(b"a,b\n1,2\n", "data.xlsx")})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert Unit.objects.count() == 0


def test_import_page_refuses_too_big(client, settings):
    settings.DAIHOI_MAX_UPLOAD_BYTES = 1000
    client.force_login(User.objects.create_superuser("root", password="pw-12345678"))
    response = client.post(URL, {"file": upload(full_workbook())})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert Unit.objects.count() == 0


def test_import_page_editor_of_one_district_cannot_touch_another(client, tree):
    client.force_login(user_with(Role.EDITOR, "D1"))
    rows = [
        {**UNITS[3], "name": "Xã 1 mới"},  # G1, in D1: allowed
        {**UNITS[4], "name": "Xã 2 mới"},  # G2, in D2: not allowed
        {"code": "B9", "name": "Mới", "level": "branch", "parent_code": "G2"},  # under D2
        {"code": "D9", "name": "Mới", "level": "district", "parent_code": "P"},  # under P
    ]
    congress = {**CONGRESSES[1], "unit_code": "G2"}
    response = client.post(
        URL, {"file": upload(make_workbook({"units": rows, "congresses": [congress]}))}
    )
    assert response.status_code == 422
    errors = [(e.sheet, e.row, e.column) for e in response.context["errors"]]
    assert errors == [
        ("units", 3, "code"),
        ("units", 4, "code"),
        ("units", 5, "code"),
        ("congresses", 2, "unit_code"),
    ]
    assert Unit.objects.get(code="G1").name == "Xã 1"
    assert not Unit.objects.filter(code__in=["B9", "D9"]).exists()


def test_import_page_editor_may_move_within_own_subtree_only(client, tree):
    client.force_login(user_with(Role.EDITOR, "D1"))
    row = {**UNITS[5], "parent_code": "G2"}  # B1 from G1 (D1) to G2 (D2)
    response = client.post(URL, {"file": upload(make_workbook({"units": [row]}))})
    assert [(e.sheet, e.row, e.column) for e in response.context["errors"]] == [
        ("units", 2, "code")
    ]
    ok = [{"code": "G5", "name": "Xã 5", "level": "grassroots", "parent_code": "D1"},
          {**UNITS[5], "parent_code": "G5"}]  # fmt: skip
    response = client.post(URL, {"file": upload(make_workbook({"units": ok}))})
    assert response.status_code == 200, [str(e) for e in response.context["errors"]]
    assert Unit.objects.get_parent(Unit.objects.get(code="B1")).code == "G5"


def test_import_page_viewer_cannot_import(client, tree):
    client.force_login(user_with(Role.VIEWER, "P"))
    row = {**UNITS[5], "members": 31}
    response = client.post(URL, {"file": upload(make_workbook({"units": [row]}))})
    assert response.status_code == 422
    assert Unit.objects.get(code="B1").members == 30


def test_import_page_district_editor_reimports_own_export(client, tree):
    client.force_login(user_with(Role.EDITOR, "D1"))
    exported = client.get(reverse("workbooks:export"))
    assert exported.status_code == 200
    response = client.post(URL, {"file": upload(exported.content)})
    assert response.status_code == 200, [str(e) for e in response.context["errors"]]
    assert response.context["result"].changed == 0


def test_export_defaults_to_home_unit_subtree(client, tree):
    client.force_login(user_with(Role.VIEWER, "D1"))
    response = client.get(reverse("workbooks:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "daihoi-D1.xlsx" in response["Content-Disposition"]
    sheets = read_back(response.content)
    assert [u["code"] for u in sheets["units"]] == ["D1", "G1", "B1"]
    assert sheets["units"][0]["parent_code"] == "P"
    assert {c["unit_code"] for c in sheets["congresses"]} == {"G1", "B1"}


def test_export_other_unit_is_refused(client, tree):
    client.force_login(user_with(Role.VIEWER, "D1"))
    d2 = Unit.objects.get(code="D2")
    assert client.get(reverse("workbooks:export"), {"unit": d2.pk}).status_code == 403
    g1 = Unit.objects.get(code="G1")
    response = client.get(reverse("workbooks:export"), {"unit": g1.pk, "campaign": "2020-2025"})
    assert response.status_code == 200
    assert client.get(reverse("workbooks:export"), {"unit": "x"}).status_code == 404
    assert client.get(reverse("workbooks:export"), {"campaign": "nope"}).status_code == 404


def test_export_without_any_grant_is_refused(client, tree):
    client.force_login(user_with(None, None))
    assert client.get(reverse("workbooks:export")).status_code == 403


def test_template_has_sheets_headers_and_guide(client):
    client.force_login(user_with(None, None))
    response = client.get(reverse("workbooks:template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["guide", "campaigns", "units", "congresses", "elections",
                               "candidates"]  # fmt: skip
    header = [c.value for c in book["congresses"][1]]
    assert header[-1] == "pilot" and header[0] == "campaign"
    assert "Hướng dẫn" in book["guide"]["A1"].value
    # The blank template imports as an empty workbook.
    result = do_import_workbook(io.BytesIO(response.content))
    assert result.ok and result.changed == 0


def test_import_page_get_shows_form_and_links(client, tree):
    client.force_login(user_with(Role.EDITOR, "D1"))
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="file"' in html and 'name="dry_run"' in html
    assert reverse("workbooks:template") in html
    assert f"{reverse('workbooks:export')}?unit={Unit.objects.get(code='D1').pk}" in html
