"""`daihoi serve` answers HTTP on the given address; `demo` serves after loading."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from daihoi.demo.management.commands import demo as demo_command
from daihoi.demo.static import collect_static

DAIHOI = Path(sys.executable).with_name("daihoi")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_answers_http(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DAIHOI_HOME": str(tmp_path),
        "DAIHOI_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    subprocess.run([DAIHOI, "migrate", "-v0"], env=env, check=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [DAIHOI, "serve", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline:
            try:
                status = _status(f"http://127.0.0.1:{port}/static/admin/css/base.css")
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200
        assert _status(f"http://127.0.0.1:{port}/") < 500
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_demo_serves_after_loading(monkeypatch, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    calls = []
    real = demo_command.call_command

    def record(name, *args, **kwargs):
        calls.append((name, args, kwargs))
        if name != "serve":
            return real(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", record)
    monkeypatch.setattr(demo_command, "load_demo", lambda: False)
    monkeypatch.setattr(demo_command, "ensure_demo_users", lambda: [])
    out = StringIO()

    call_command("demo", "--addr", "127.0.0.1:8123", stdout=out)

    assert calls[-1] == ("serve", ("127.0.0.1:8123",), {"collectstatic": False})
    assert "http://127.0.0.1:8123/" in out.getvalue()


def test_collect_static_runs_only_when_sources_change(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"

    assert collect_static() is True
    assert (tmp_path / "static" / "admin" / "css" / "base.css").is_file()
    assert collect_static() is False
    assert collect_static(force=True) is True
