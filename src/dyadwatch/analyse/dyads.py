"""Dyads over time: how two countries (or actors) treat each other, period by period.

Net cooperation is reported two ways: `net_coop` = (q1 + q2) - (q3 + q4), a count of cooperative
minus conflictual events, and `net_coop_share` = net_coop / events, in -1..1.
Actor arguments match as code prefixes: "JPN" matches JPN, JPNGOV, JPNMIL.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from dyadwatch.store.event_query import events_view
from dyadwatch.store.filters import Where

PERIODS = {
    "day": "strftime(event_day, '%Y-%m-%d')",
    "week": "strftime(event_day, '%G-W%V')",
    "month": "strftime(event_day, '%Y-%m')",
    "year": "strftime(event_day, '%Y')",
}


def _role(code_col: str, role_col: str) -> str:
    return f"coalesce(nullif({role_col}, ''), nullif(substr({code_col}, 4, 3), ''), '-')"


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str = "month",
    role: bool = False,
    since: date | None = None,
    until: date | None = None,
    include_headlines: bool = False,
) -> list[dict[str, Any]]:
    """Per period and direction (a->b, b->a): events per QuadClass, Goldstein sum and mean, net coop.

    Events without any date are left out. An event of an undated article whose text gives a window
    ("President-elect Donald Trump": 2024-11-06..2025-01-20) sits in the period of the window's first
    day, and is counted in `inferred_date_events` so that placement is never silent. With `role`, rows are split by source and target role
    (GOV, MIL, ... from the coded actor). Rows are ordered by period, direction, roles.
    Headline events count only with `include_headlines`.
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    a, b = a.upper(), b.upper()
    roles = ", src_role AS source_role, tgt_role AS target_role" if role else ""
    group_roles = ", src_role, tgt_role" if role else ""
    filters = Where("event_day IS NOT NULL").add(
        "((source LIKE ? AND target LIKE ?) OR (source LIKE ? AND target LIKE ?))", a + "%", b + "%", b + "%", a + "%"
    ).date_range("event_day", since, until)
    where, params = filters.clauses, filters.params
    sql = f"""
        SELECT {PERIODS[by]} AS period,
               CASE WHEN source LIKE ? THEN ? ELSE ? END AS direction{roles},
               count(*) AS events,
               count(*) FILTER (WHERE quad_class = 1) AS q1_verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS q2_material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS q3_verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS q4_material_conflict,
               round(sum(goldstein), 3) AS goldstein_sum,
               round(avg(goldstein), 3) AS goldstein_mean,
               count(*) FILTER (WHERE published IS NULL) AS inferred_date_events
        FROM (SELECT *, {_role('source', 'source_role')} AS src_role,
                     {_role('target', 'target_role')} AS tgt_role FROM {events_view(con, include_headlines)})
        WHERE {' AND '.join(where)}
        GROUP BY period, direction{group_roles}
        ORDER BY period, direction{group_roles}
    """
    head = [a + "%", f"{a}->{b}", f"{b}->{a}"]
    cur = con.execute(sql, head + params)
    names = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        rec = dict(zip(names, row))
        net = rec["q1_verbal_coop"] + rec["q2_material_coop"] - rec["q3_verbal_conflict"] - rec["q4_material_conflict"]
        rec["net_coop"] = net
        rec["net_coop_share"] = round(net / rec["events"], 3) if rec["events"] else 0.0
        out.append(rec)
    return out
