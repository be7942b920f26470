"""Vietnamese first: the committed catalogues are complete and compiled, and pages switch language.

The .po files under daihoi/locale are parsed with a small reader (no gettext tools needed); the
committed .mo files are read with the standard library's GNUTranslations, so a catalogue edited
but not recompiled fails here.
"""

from __future__ import annotations

import ast
import datetime
import gettext
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from daihoi.accounts.models import Grant, Role
from daihoi.campaigns.models import Campaign, Congress
from daihoi.units.models import Level, Unit

LOCALE = Path(__file__).resolve().parent.parent / "daihoi" / "locale"
VI_PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = LOCALE / "vi" / "LC_MESSAGES" / "django.mo"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """(header fields, active entries) of a .po file; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            current, key = None, None
            continue
        if line.startswith("#,"):
            current = current or _new(entries, number)
            current.flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            current = current or _new(entries, number)
            key = match.group(1)
            _append(current, key, ast.literal_eval(match.group(3)), start=True)
        elif line.startswith('"') and current is not None and key is not None:
            _append(current, key, ast.literal_eval(line), start=False)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    header_entries = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header_entries) == 1, f"{path}: expected one header entry"
    header = dict(
        (k.strip(), v.strip())
        for k, _, v in (
            row.partition(":") for row in header_entries[0].msgstr[0].splitlines() if row
        )
    )
    if "fuzzy" in header_entries[0].flags:
        header["#fuzzy"] = "yes"
    return header, [e for e in entries if e is not header_entries[0]]


def _new(entries: list[Entry], number: int) -> Entry:
    entries.append(Entry(line=number))
    return entries[-1]


def _append(entry: Entry, key: str, text: str, start: bool) -> None:
    if key == "msgid":
        entry.msgid = text if start else entry.msgid + text
    elif key == "msgid_plural":
        entry.msgid_plural = text if start else (entry.msgid_plural or "") + text
    elif key == "msgctxt":
        entry.msgctxt = text if start else (entry.msgctxt or "") + text
    else:
        index = int(key[7:-1]) if key.startswith("msgstr[") else 0
        entry.msgstr[index] = text if start else entry.msgstr.get(index, "") + text


def keys(entries: list[Entry]) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in entries}


# --- the catalogues -------------------------------------------------------------------------


def test_vi_catalogue_header_is_vietnamese_with_one_plural_form():
    header, entries = read_po(VI_PO)
    assert "#fuzzy" not in header
    assert header["Language"] == "vi"
    assert header["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert len(entries) > 250


def test_vi_catalogue_has_no_untranslated_or_fuzzy_entry():
    _, entries = read_po(VI_PO)
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [
        e.msgid
        for e in entries
        if not e.msgstr
        or not all(s.strip() for s in e.msgstr.values())
        or (e.msgid_plural is not None and sorted(e.msgstr) != [0])
    ]
    assert fuzzy == []
    assert untranslated == []


def test_vi_translations_keep_every_placeholder():
    _, entries = read_po(VI_PO)
    wrong = []
    for e in entries:
        wanted = set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural or ""))
        for text in e.msgstr.values():
            if set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((e.msgid, text))
    assert wrong == []


def test_vi_mo_is_compiled_from_the_current_po():
    _, entries = read_po(VI_PO)
    with VI_MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in entries:
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            got = compiled.gettext(msgid)
        else:
            got = compiled.ngettext(msgid, e.msgid_plural, 2)
        if got != e.msgstr[0]:
            stale.append(e.msgid)
    assert stale == []
    assert compiled.info()["plural-forms"].replace(" ", "") == "nplurals=1;plural=0;"


def test_en_catalogue_has_the_same_messages_and_compiles():
    en_header, en_entries = read_po(EN_PO)
    _, vi_entries = read_po(VI_PO)
    assert "#fuzzy" not in en_header
    assert en_header["Language"] == "en"
    assert keys(en_entries) == keys(vi_entries)
    # English source: any msgstr given must still be English, never a Vietnamese leftover.
    with EN_MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for e in en_entries:
        assert compiled.gettext(e.msgid) == (e.msgstr.get(0) or e.msgid)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_catalogue_covers_every_string_in_the_source(tmp_path, settings):
    """makemessages on a copy of the package finds no msgid the committed catalogue lacks."""
    package = Path(__file__).resolve().parent.parent / "daihoi"
    copy = tmp_path / "daihoi"
    shutil.copytree(
        package,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po", "static", "migrations"),
    )
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["vi"], verbosity=0, ignore_patterns=["static/*"])
    finally:
        os.chdir(cwd)
    _, fresh = read_po(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    _, committed = read_po(VI_PO)
    missing = sorted(m for _, m in keys(fresh) - keys(committed))
    obsolete = sorted(m for _, m in keys(committed) - keys(fresh))
    assert missing == [], "run makemessages in daihoi/ and translate the new entries"
    assert obsolete == [], "run makemessages in daihoi/ to drop entries no longer used"


# --- the pages --------------------------------------------------------------------------------


@pytest.fixture
def vietnamese_default(settings: Any) -> None:
    # Explicit, whatever defaults other fixtures set: the product's default language.
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def viewer(db: Any) -> Any:
    levels = {lv.code: lv for lv in Level.objects.all()}
    for code in ("province", "grassroots"):
        assert code in levels, "the standard levels come from a data migration"
    root = Unit.objects.add_root(
        {"code": "I18N-P", "name": "Đảng bộ tỉnh Thử", "level": levels["province"]}
    )
    grassroots = Unit.objects.add_child(
        root, {"code": "I18N-G", "name": "Đảng bộ xã Thử", "level": levels["grassroots"]}
    )
    campaign = Campaign.objects.create(code="2020-2025", name="Đại hội nhiệm kỳ 2020–2025")
    Congress.objects.create(
        campaign=campaign, unit=grassroots, term="2020-2025", held_on=datetime.date(2020, 6, 10)
    )
    user = get_user_model().objects.create_user("i18n-viewer", password="pw-i18n-viewer")
    Grant.objects.create(user=user, unit=root, role=Role.VIEWER)
    return user


VIETNAMESE = ["Tổng quan", "đã tổ chức đại hội", "Xuất Excel", "Đăng xuất", "Nhiệm kỳ này"]
ENGLISH = ["Dashboard", "held their congress", "Export to Excel", "Log out", "This term"]


def test_dashboard_is_vietnamese_by_default(client, viewer, vietnamese_default):
    client.force_login(viewer)
    response = client.get("/", {"as_of": "2020-07-09"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    for phrase in VIETNAMESE:
        assert phrase in html
    for phrase in ENGLISH:
        assert phrase not in html
    assert "1/1 (100%)" in html  # the figure itself is there, not just the labels


def test_browser_language_does_not_override_vietnamese(client, viewer, vietnamese_default):
    """Most browsers send English; only the language switch changes the language."""
    client.force_login(viewer)
    html = client.get(
        "/", {"as_of": "2020-07-09"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert '<html lang="vi"' in html and "Tổng quan" in html
    client.cookies["django_language"] = "fr"  # not offered: the default, not an error
    assert "Tổng quan" in client.get("/", {"as_of": "2020-07-09"}).content.decode()


def test_dashboard_switches_to_english_and_back(client, viewer, vietnamese_default):
    client.force_login(viewer)
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    html = client.get("/", {"as_of": "2020-07-09"}).content.decode()
    assert '<html lang="en"' in html
    for phrase in ENGLISH:
        assert phrase in html
    for phrase in VIETNAMESE:
        assert phrase not in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    html = client.get("/", {"as_of": "2020-07-09"}).content.decode()
    assert "Tổng quan" in html and "Dashboard" not in html


def test_login_page_is_vietnamese_and_django_messages_follow_the_language(
    client, viewer, vietnamese_default
):
    html = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html and "Tên đăng nhập" in html
    assert "Password" not in html
    bad = {"username": "i18n-viewer", "password": "wrong"}
    html = client.post("/accounts/login/", bad).content.decode()
    assert "Vui lòng điền vào tên đăng nhập và mật khẩu chính xác" in html  # Django's own vi

    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.post("/accounts/login/", bad).content.decode()
    assert "Please enter a correct username and password" in html
    assert "Password" in html
    # Django's Vietnamese catalogue is no fallback for English.
    assert "Vui lòng" not in html and "Mật khẩu" not in html


def test_unit_page_is_vietnamese(client, viewer, vietnamese_default):
    client.force_login(viewer)
    unit = Unit.objects.get(code="I18N-G")
    html = client.get(f"/units/{unit.pk}/").content.decode()
    assert "Đảng viên chính thức" in html
    assert "Đã tổ chức" in html  # the congress's status, from the model's choices
    assert "Official members" not in html and "Held" not in html
