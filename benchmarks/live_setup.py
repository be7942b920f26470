#!/usr/bin/env python
"""The congress of benchmarks/bench_live.py, written into `DATABASE_URL` (or `DAIHOI_HOME`).

    python benchmarks/live_setup.py [--ballots 1600] [--candidates 200] [--phones 1600]

Into a migrated, empty database: one congress of `--ballots` delegates with a committee
election of `--candidates` names being counted (one open count of every ballot; clerk 1 has
entered 900 ballots, clerk 2 700), an inspection-committee election of 25 names for 21 seats
already frozen (both streams of every ballot, then `do_freeze`), and a secretary election not
started; a viewer account `hall` with one session per phone and two editor accounts (clerks)
with one session each. Prints one JSON line: the paths, the session keys, the counts.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from typing import Any


def setup(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    call_command("migrate", verbosity=0)
    from daihoi.accounts.models import Grant, Role
    from daihoi.campaigns.models import Campaign, Congress
    from daihoi.elections.counting.freeze_actions import do_freeze
    from daihoi.elections.models import BallotEntry, Body, Candidate, Count, CountMode, Election
    from daihoi.units.models import Level, Unit

    level = Level.objects.create(code="nation", name="Toàn quốc", rank=0)
    unit = Unit.objects.add_root(
        create_kwargs={"code": "VN", "name": "Đại hội đại biểu toàn quốc", "level": level}
    )
    campaign = Campaign.objects.create(code="2025-2030", name="Nhiệm kỳ 2025-2030")
    n = args.ballots
    congress = Congress.objects.create(
        campaign=campaign, unit=unit, summoned=n, attended=n, held_on=datetime.date.today()
    )
    users = get_user_model().objects
    admin = users.create_superuser("bench-admin", password=None)
    hall = users.create_user("hall", password=None)
    clerks = [users.create_user(f"clerk{i}", password=None) for i in (1, 2)]
    Grant.objects.create(user=hall, unit=unit, role=Role.VIEWER)
    for c in clerks:
        Grant.objects.create(user=c, unit=unit, role=Role.EDITOR)

    def sessions(user: Any, how_many: int) -> list[str]:
        data = SessionStore().encode(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        expire = timezone.now() + datetime.timedelta(days=1)
        keys = [
            get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(how_many)
        ]
        Session.objects.bulk_create(
            [Session(session_key=k, session_data=data, expire_date=expire) for k in keys],
            batch_size=500,
        )
        return keys

    def election(body: str, names: int, seats: int) -> tuple[Election, list[str]]:
        e = Election.objects.create(congress=congress, body=body, seats=seats)
        full = [f"Đồng chí số {i:03d}" for i in range(1, names + 1)]
        Candidate.objects.bulk_create([Candidate(election=e, full_name=f) for f in full])
        return e, full

    def entries(count: Count, clerk: Any, upto: int) -> None:
        """Ballots 1..upto; ballot b strikes the same names for every clerk (streams agree)."""
        size, surplus = len(count.candidates), len(count.candidates) - count.seats

        def struck(b: int) -> list[int]:
            rnd = random.Random(b)
            return sorted(rnd.sample(range(1, size + 1), rnd.randint(surplus, 3 * surplus)))

        BallotEntry.objects.bulk_create(
            [
                BallotEntry(count=count, clerk=clerk, number=b, struck=struck(b))
                for b in range(1, upto + 1)
            ],
            batch_size=1000,
        )

    def open_count(e: Election, names: list[str]) -> Count:
        return Count.objects.create(
            election=e,
            mode=CountMode.BALLOTS,
            rules=e.rules,
            seats=e.seats,
            candidates=names,
            base=n,
            issued=n,
        )

    committee, names = election(Body.COMMITTEE, args.candidates, args.candidates * 9 // 10)
    counting = open_count(committee, names)
    entries(counting, clerks[0], min(900, n))
    entries(counting, clerks[1], min(700, n))

    inspection, inspection_names = election(Body.INSPECTION_COMMITTEE, 25, 21)
    done = open_count(inspection, inspection_names)
    for c in clerks:
        entries(done, c, n)
    frozen = do_freeze(admin, done)
    Election.objects.create(congress=congress, body=Body.SECRETARY, seats=1)

    return {
        "congress": congress.pk,
        "paths": {
            "hall": reverse("elections:live_hall", args=[congress.pk]),
            "panel": reverse("elections:live_panel", args=[congress.pk]),
            "enter": reverse("elections:count_enter", args=[counting.pk]),
        },
        "phones": sessions(hall, args.phones),
        "clerks": sessions(clerks[0], 1) + sessions(clerks[1], 1),
        "candidates": args.candidates,
        "frozen_elected": len((frozen.result_json or {})["elected"]),
        "entries": BallotEntry.objects.count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the congress of bench_live.py")
    parser.add_argument("--ballots", type=int, default=1600)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--phones", type=int, default=1600)
    print(json.dumps(setup(parser.parse_args(argv))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
