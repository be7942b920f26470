"""What the live hall page shows, read cheaply and cached per congress.

Every delegate's phone polls the panel every 3 s: 1,600 phones ask ~530 times a second. So a
poll makes four queries: the session and the user, one query for the *stamp* — the congress's
unit (for the gate), its elections and the state of their counts, one small row per count, no
entry and no result — and the user's grants (the gate, as before); it then serves the panel
rendered for that stamp from the cache. Hence:

* whatever the stamp covers — a count opened, frozen, recounted, a further round, an election
  added, an aggregate count's totals entered — shows on the first poll after it is committed,
  in every worker process: a frozen count's official result is never hidden behind a cached
  "counting" panel;
* the clerks' progress (ballots entered per stream), which the stamp does not cover, is at most
  `LIVE_TTL` seconds older than the database while a count is open. With no open count the
  panel depends on the stamp alone (results of frozen counts never change) and is kept longer.

Building the panel on a miss costs four queries whatever the number of entries: the stamp, one
GROUP BY over the entries of the open counts (`entered_by_clerk`), the clerks' names, and the
results of the frozen counts. The cache is Django's default cache (per process when it is the
local-memory one: each gunicorn worker builds the panel at most once per `LIVE_TTL`).
While a count is open only progress is shown, never provisional votes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.cache import cache
from django.db import connections, router
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format

from daihoi.campaigns.models import Congress
from daihoi.elections.counting.queries import entered_by_clerk
from daihoi.elections.models import Body, Count, CountMode, CountState
from daihoi.units.models import Unit

# Longest time the clerks' progress on the panel may lag the database (seconds).
LIVE_TTL = 2
# Panel lifetime when no count is open: it then depends on the stamp alone.
LIVE_SETTLED_TTL = 300
PANEL_TEMPLATE = "elections/live/_panel.html"


@dataclass(frozen=True)
class LiveCount:
    """The fields of a count the stamp reads (and the panel shows)."""

    pk: int
    election_id: int
    state: str
    round: int
    seats: int
    mode: str
    issued: int | None
    returned: int | None
    supersedes_id: int | None


@dataclass(frozen=True)
class LiveElection:
    pk: int
    body: str

    def get_body_display(self) -> str:
        return str(Body(self.body).label) if self.body in Body.values else self.body


@dataclass(frozen=True)
class Panel:
    html: str
    etag: str  # quoted, as in the ETag header


@dataclass(frozen=True)
class Stamp:
    """The congress's unit (for the gate), elections and the state of their counts."""

    congress_id: int
    unit: Unit  # only id and path are loaded: what the gate needs
    elections: list[LiveElection]
    counts: list[LiveCount]

    def cache_key(self) -> str:
        state = repr((self.elections, self.counts)).encode()
        digest = hashlib.sha1(state, usedforsecurity=False).hexdigest()
        return f"daihoi:live-panel:{self.congress_id}:{translation.get_language()}:{digest}"


def stamp_queryset(congress_id: int) -> QuerySet[Any]:
    """The rows of the stamp: congress ⟕ elections ⟕ counts, in election, round, count order."""
    return (
        Congress.objects.filter(pk=congress_id)
        .values_list(
            "unit_id",
            "unit__path",
            "elections__pk",
            "elections__body",
            "elections__counts__pk",
            "elections__counts__state",
            "elections__counts__round",
            "elections__counts__seats",
            "elections__counts__mode",
            "elections__counts__issued",
            "elections__counts__returned",
            "elections__counts__supersedes_id",
        )
        .order_by("elections__pk", "elections__counts__round", "elections__counts__pk")
    )


_compiled: dict[str, str] = {}  # database alias -> SQL of stamp_queryset


def _stamp_rows(congress_id: int) -> list[tuple[Any, ...]]:
    """stamp_queryset's rows. Its SQL is compiled once per process: building a query with the
    ORM costs several times more than running this one, and every poll runs it. The columns
    are integers and strings, which need no converting."""
    alias = router.db_for_read(Congress)
    if alias not in _compiled:
        sql, params = stamp_queryset(0).query.sql_with_params()
        assert list(params) == [0], params  # the congress id is the only parameter
        _compiled[alias] = sql
    with connections[alias].cursor() as cursor:
        cursor.execute(_compiled[alias], [congress_id])
        return [tuple(row) for row in cursor.fetchall()]


def read_stamp(congress_id: int) -> Stamp | None:
    """The stamp in one query; None for an unknown congress."""
    unit: Unit | None = None
    elections: dict[int, LiveElection] = {}
    counts: list[LiveCount] = []
    for row in _stamp_rows(congress_id):
        unit_id, path, election_id, body, count_id, *fields = row
        unit = unit or Unit(pk=unit_id, path=path)
        if election_id is not None:
            elections.setdefault(election_id, LiveElection(election_id, body))
        if count_id is not None:
            counts.append(LiveCount(count_id, election_id, *fields))
    if unit is None:
        return None
    return Stamp(congress_id, unit, list(elections.values()), counts)


def current_count_of(election_id: int, counts: list[LiveCount]) -> LiveCount | None:
    """The election's latest count not superseded by a recount (counts in round, id order)."""
    superseded = {c.supersedes_id for c in counts if c.supersedes_id is not None}
    mine = [c for c in counts if c.election_id == election_id and c.pk not in superseded]
    return mine[-1] if mine else None


def _percent(text: Any) -> str:
    """The engine's percentage string ("54.17") in the active language's format (54,17%)."""
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return "—"
    decimals = len(str(text).partition(".")[2])
    return number_format(value, decimal_pos=decimals) + "%"


def _elected_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The elected, most votes first, each with votes and percent of base."""
    by_name = {r["name"]: r for r in result.get("results") or []}
    rows = [
        {
            "name": name,
            "votes": by_name.get(name, {}).get("votes"),
            "percent": _percent(by_name.get(name, {}).get("percent_of_base")),
        }
        for name in result.get("elected") or []
    ]
    rows.sort(key=lambda r: -(r["votes"] or 0))
    return rows


def live_items(elections: list[LiveElection], counts: list[LiveCount]) -> list[dict[str, Any]]:
    """Each election with its current count: the official result once frozen, else progress."""
    current = {e.pk: current_count_of(e.pk, counts) for e in elections}
    frozen_ids = [c.pk for c in current.values() if c and c.state == CountState.FROZEN]
    results = dict(Count.objects.filter(pk__in=frozen_ids).values_list("pk", "result_json"))
    open_ballots = [
        c.pk for c in current.values() if c and c.pk not in results and c.mode == CountMode.BALLOTS
    ]
    clerks = entered_by_clerk(open_ballots) if open_ballots else {}
    items = []
    for election in elections:
        count = current[election.pk]
        item: dict[str, Any] = {"election": election, "count": count}
        result = results.get(count.pk) if count is not None else None
        if result:
            item["result"] = result
            item["elected"] = _elected_rows(result)
            item["unfilled"] = result.get("unfilled") or 0
        elif count is not None:
            item["progress"] = {
                "mode": count.mode,
                "issued": count.issued,
                "clerks": clerks.get(count.pk, []),
                "ready": count.returned is not None,  # aggregate mode: the totals are in
            }
        items.append(item)
    return items


def render_panel(stamp: Stamp) -> str:
    items = live_items(stamp.elections, stamp.counts)
    return render_to_string(PANEL_TEMPLATE, {"congress_id": stamp.congress_id, "items": items})


def cached_panel(stamp: Stamp) -> Panel:
    """The rendered panel for this stamp in the active language, from the cache when fresh.

    Call it after the gate: the stamp carries the unit the user must have been checked on.
    """
    key = stamp.cache_key()
    cached = cache.get(key)
    if cached is not None:
        return Panel(*cached)
    html = render_panel(stamp)
    etag = '"' + hashlib.sha1(html.encode(), usedforsecurity=False).hexdigest() + '"'
    settled = all(c.state == CountState.FROZEN for c in stamp.counts)
    cache.set(key, (html, etag), LIVE_SETTLED_TTL if settled else LIVE_TTL)
    return Panel(html, etag)
