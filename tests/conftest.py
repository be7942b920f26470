import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault(
    "DAIHOI_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("DAIHOI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
]


@pytest.fixture(scope="session", autouse=True)
def _static_settings(tmp_path_factory: Any) -> Iterator[None]:
    """Plain static storage (hashed names 404 under `live_server`) and an existing STATIC_ROOT.

    Session-wide and before `live_server` starts: the environment variable above comes too late
    when pytest-django has already loaded the settings.
    """
    from django.conf import settings
    from django.test import override_settings

    static_root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=static_root):
        yield


@pytest.fixture
def english(settings: Any) -> None:
    """English (the msgids) for a test that asserts a message's wording.

    The product's default language stays Vietnamese everywhere else; tests/test_i18n.py checks
    the Vietnamese catalogue and pages.
    """
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Cached pages (the live panel) are keyed by ids, which repeat between rolled-back tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The production hasher costs ~0.2 s per user; tests do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _missing_browser(reason: str) -> None:
    """Skip a browser test on a machine without Chromium, but fail it in CI (CI=true)."""
    message = f"browser test needs {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def _chromium() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _missing_browser(
            f"{CHROMIUM}, which is missing: install the Debian package 'chromium' "
            "(apt-get install chromium, or run scripts/test.sh as root)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("the Python package 'playwright' (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(_chromium: Any) -> Iterator[Any]:
    """A fresh Playwright page (sync API) in real Chromium; use with `live_server`."""
    context = _chromium.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


# CI runs the property tests with a fixed seed so a submission's result does not depend on luck;
# local runs keep exploring new examples (and remember failures in .hypothesis/).
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")
