"""Dashboard under load: users log in as the demo administrator and read the dashboard.

    locust -f benchmarks/locustfile.py --headless -u 50 -r 10 -t 60s \\
        --host http://127.0.0.1:8000 --csv /tmp/dashboard

One login is shared by all users (see log_in); each user reads the province dashboard and
drills down to a district (a link found on the dashboard), with a think time between pages.
Environment:
BENCH_USER / BENCH_PASSWORD (default admin / daihoi-demo), BENCH_AS_OF (default 2020-07-09),
BENCH_WAIT (think time range in seconds, default "1,3").
"""

from __future__ import annotations

import os
import random
import re
from typing import Any

import requests
from locust import HttpUser, between, events, task

USERNAME = os.environ.get("BENCH_USER", "admin")
PASSWORD = os.environ.get("BENCH_PASSWORD", "daihoi-demo")
AS_OF = os.environ.get("BENCH_AS_OF", "2020-07-09")
WAIT = tuple(float(x) for x in os.environ.get("BENCH_WAIT", "1,3").split(","))
# Drill-down links of the per-child table: href="/?unit=ID&…".
DRILL = re.compile(r'href="/\?unit=(\d+)')


# One login before the users start, its session shared by all: fifty password hashes (PBKDF2,
# ~0.3 s of CPU each) would otherwise eat the first seconds of the measured window.
SESSION: dict[str, str] = {}


@events.test_start.add_listener
def log_in(environment: Any, **_kwargs: Any) -> None:
    session = requests.Session()
    session.get(f"{environment.host}/accounts/login/", timeout=60)
    response = session.post(
        f"{environment.host}/accounts/login/",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        },
        headers={"Referer": f"{environment.host}/accounts/login/"},
        timeout=60,
    )
    if "/accounts/login/" in response.url or "sessionid" not in session.cookies:
        raise RuntimeError(f"login as {USERNAME} failed")
    SESSION.update({k: v for k, v in session.cookies.get_dict().items() if v is not None})


class DashboardReader(HttpUser):
    wait_time = between(WAIT[0], WAIT[1])

    def on_start(self) -> None:
        self.client.cookies.update(SESSION)
        page = self.client.get(f"/?as_of={AS_OF}", name="dashboard")
        if "/accounts/login/" in page.url:
            raise RuntimeError("the shared session is not logged in")
        self.children = sorted(set(DRILL.findall(page.text)))

    @task(3)
    def dashboard(self) -> None:
        self.client.get(f"/?as_of={AS_OF}", name="dashboard")

    @task(2)
    def drill_down(self) -> None:
        if self.children:
            unit = random.choice(self.children)
            self.client.get(f"/?unit={unit}&as_of={AS_OF}", name="dashboard, district")
