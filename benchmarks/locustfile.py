"""Dashboard under load: users log in as the demo administrator and read the dashboard.

    locust -f benchmarks/locustfile.py --headless -u 50 -r 10 -t 60s \\
        --host http://127.0.0.1:8000 --csv /tmp/dashboard

Each user logs in once, then reads the province dashboard and drills down to a district (a
link found on the dashboard), with a think time between pages. Environment:
BENCH_USER / BENCH_PASSWORD (default admin / daihoi-demo), BENCH_AS_OF (default 2020-07-09),
BENCH_WAIT (think time range in seconds, default "1,3").
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

USERNAME = os.environ.get("BENCH_USER", "admin")
PASSWORD = os.environ.get("BENCH_PASSWORD", "daihoi-demo")
AS_OF = os.environ.get("BENCH_AS_OF", "2020-07-09")
WAIT = tuple(float(x) for x in os.environ.get("BENCH_WAIT", "1,3").split(","))
# Drill-down links of the per-child table: href="/?unit=ID&…".
DRILL = re.compile(r'href="/\?unit=(\d+)')


class DashboardReader(HttpUser):
    wait_time = between(WAIT[0], WAIT[1])

    def on_start(self) -> None:
        self.client.get("/accounts/login/", name="login page")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            "/accounts/login/",
            data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="log in",
        )
        if "/accounts/login/" in response.url:
            raise RuntimeError(f"login as {USERNAME} failed")
        page = self.client.get(f"/?as_of={AS_OF}", name="dashboard")
        self.children = sorted(set(DRILL.findall(page.text)))

    @task(3)
    def dashboard(self) -> None:
        self.client.get(f"/?as_of={AS_OF}", name="dashboard")

    @task(2)
    def drill_down(self) -> None:
        if self.children:
            unit = random.choice(self.children)
            self.client.get(f"/?unit={unit}&as_of={AS_OF}", name="dashboard, district")
