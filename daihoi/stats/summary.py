"""Recompute the per-congress results summary (stats.CongressSummary) from the rows.

The definitions are those of issue 2, item 6 (see stats/queries.py), computed once per congress:

- full_leadership: every committee, secretary and deputy_secretary election elected at least its
  seats (true for a congress with none of these elections);
- direct_secretary: its secretary election is elected by the congress;
- committee_seats, committee_elected, committee_shortfall (sum of max(0, seats - elected)),
  incumbents_not_reelected (incumbent committee candidates not elected);
- among elected committee members: women, under_40 (year held - birth year < 40; 0 while the
  congress has no held date, unknown birth years not counted), ethnic_minority (ethnicity given
  and not Kinh), first_time (not incumbent).

`refresh_congress_summaries` runs one `INSERT … SELECT … ON CONFLICT DO UPDATE` per batch of
congresses (two aggregates joined to the congresses), on PostgreSQL and SQLite alike, so it costs
a constant number of queries for a form save and a few for a whole province's import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, FilteredRelation, Q
from django.db.models.functions import ExtractYear

from daihoi.campaigns.models import Congress
from daihoi.elections.models import (
    LEADERSHIP_BODIES,
    MAJORITY_ETHNICITY,
    Body,
    Candidate,
    ElectedBy,
    Election,
    Gender,
)
from daihoi.stats.models import CongressSummary

# Congress ids per statement: 3 placeholders each, well under SQLite's and PostgreSQL's limits.
BATCH = 2000

_COUNTS = (
    "committee_elected",
    "incumbents_not_reelected",
    "women",
    "under_40",
    "ethnic_minority",
    "first_time",
)
COLUMNS = (
    "full_leadership",
    "direct_secretary",
    "committee_seats",
    "committee_shortfall",
    *_COUNTS,
)


def _election_sql(ids: list[int] | None) -> tuple[str, tuple[Any, ...]]:
    """Per congress: committee seats and shortfall, whether some leadership election is short,
    whether the secretary is elected by the congress."""
    elections = Election.objects.filter(body__in=LEADERSHIP_BODIES)
    if ids is not None:
        elections = elections.filter(congress_id__in=ids)
    inner = (
        # Join only the elected candidates: fewer rows to group.
        elections.annotate(
            won=FilteredRelation("candidates", condition=Q(candidates__elected=True))
        )
        .values(eid=F("id"), cid=F("congress_id"), b=F("body"), s=F("seats"), eb=F("elected_by"))
        .annotate(n=Count("won"))
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    q = connection.ops.quote_name
    cid, b, s, eb, n = (q(x) for x in ("cid", "b", "s", "eb", "n"))
    outer = f"""
        SELECT {cid} AS cid,
          SUM(CASE WHEN {b} = %s THEN {s} ELSE 0 END) AS committee_seats,
          SUM(CASE WHEN {b} = %s AND {s} > {n} THEN {s} - {n} ELSE 0 END) AS committee_shortfall,
          MAX(CASE WHEN {s} > {n} THEN 1 ELSE 0 END) AS short,
          MAX(CASE WHEN {b} = %s AND {eb} = %s THEN 1 ELSE 0 END) AS direct
        FROM ({sql}) per_election
        GROUP BY {cid}
    """
    head = (
        Body.COMMITTEE.value,
        Body.COMMITTEE.value,
        Body.SECRETARY.value,
        ElectedBy.CONGRESS.value,
    )
    return outer, (*head, *params)


def _candidate_sql(ids: list[int] | None) -> tuple[str, tuple[Any, ...]]:
    """Per congress: the committee candidates' counts."""
    candidates = Candidate.objects.filter(election__body=Body.COMMITTEE)
    if ids is not None:
        candidates = candidates.filter(election__congress_id__in=ids)
    elected = Q(elected=True)
    held_year = ExtractYear("election__congress__held_on")
    rows = (
        candidates.values(cid=F("election__congress_id"))
        .annotate(
            committee_elected=Count("id", filter=elected),
            incumbents_not_reelected=Count("id", filter=Q(incumbent=True, elected=False)),
            women=Count("id", filter=elected & Q(gender=Gender.FEMALE)),
            under_40=Count("id", filter=elected & Q(birth_year__gt=held_year - 40)),
            ethnic_minority=Count(
                "id",
                filter=elected & ~Q(ethnicity="") & ~Q(ethnicity=MAJORITY_ETHNICITY),
            ),
            first_time=Count("id", filter=elected & Q(incumbent=False)),
        )
        .order_by()
    )
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def _upsert(ids: list[int] | None) -> None:
    q = connection.ops.quote_name
    table = q(CongressSummary._meta.db_table)
    congress = q(Congress._meta.db_table)
    e_sql, e_params = _election_sql(ids)
    k_sql, k_params = _candidate_sql(ids)
    values = {
        "full_leadership": "COALESCE(e.short, 0) = 0",
        "direct_secretary": "COALESCE(e.direct, 0) = 1",
        "committee_seats": "COALESCE(e.committee_seats, 0)",
        "committee_shortfall": "COALESCE(e.committee_shortfall, 0)",
        **{name: f"COALESCE(k.{q(name)}, 0)" for name in _COUNTS},
    }
    w_params: tuple[int, ...] = ()
    if ids is None:
        where = "1 = 1"
    else:
        where, w_params = f"c.id IN ({', '.join(['%s'] * len(ids))})", tuple(ids)
    columns = ", ".join(q(c) for c in ("congress_id", "campaign_id", *COLUMNS))
    updates = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in ("campaign_id", *COLUMNS))
    # WHERE is always present: SQLite needs it to parse ON CONFLICT after a join.
    sql = f"""
        INSERT INTO {table} ({columns})
        SELECT c.id, c.campaign_id, {", ".join(values[c] for c in COLUMNS)}
        FROM {congress} c
        LEFT JOIN ({e_sql}) e ON e.cid = c.id
        LEFT JOIN ({k_sql}) k ON k.cid = c.id
        WHERE {where}
        ON CONFLICT (congress_id) DO UPDATE SET {updates}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, (*e_params, *k_params, *w_params))


def refresh_congress_summaries(congress_ids: Iterable[int] | None = None) -> None:
    """Recompute the summaries of these congresses (`None`: every congress), in the caller's
    transaction.

    The congresses are locked first (PostgreSQL), so two writers of one congress's elections
    cannot leave a summary computed without the other's rows.
    """
    with transaction.atomic():
        if congress_ids is None:
            _upsert(None)
            return
        ids = sorted({int(i) for i in congress_ids})
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            if connection.features.has_select_for_update:
                list(
                    Congress.objects.select_for_update()
                    .filter(id__in=batch)
                    .order_by("id")
                    .values_list("id", flat=True)
                )
            _upsert(batch)


def stored_summaries(congress_ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """The stored summaries, by congress id (for tests and checks)."""
    rows = CongressSummary.objects.all()
    if congress_ids is not None:
        rows = rows.filter(congress_id__in=list(congress_ids))
    return {
        r["congress_id"]: {k: v for k, v in r.items() if k != "congress_id"}
        for r in rows.values("congress_id", "campaign_id", *COLUMNS)
    }
