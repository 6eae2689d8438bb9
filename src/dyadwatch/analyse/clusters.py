"""One event, many reports: events from different articles that describe the same real-world event.

Two events belong to the same cluster when they have the same source and target actor codes, the same
CAMEO root, dates at most `max_days` apart (an unknown date matches any), and sentences similar by
rapidfuzz's token-set ratio (>= `min_similarity`). Membership is stored in `event_clusters`; the
counts (NumMentions, NumSources, NumArticles) are the `cluster_stats` view, so they stay current as
articles arrive. A reprint of wire copy under several URLs of one outlet counts as one source.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pyarrow as pa
from rapidfuzz import fuzz

MAX_DAYS = 3
MIN_SIMILARITY = 70.0

_SELECT = """
    SELECT ce.event_id, ce.doc_id, ce.source, ce.target, ce.cameo_root, ce.event_day, ce.sentence,
           c.cluster_id
    FROM current_events ce LEFT JOIN event_clusters c ON c.event_id = ce.event_id
"""


def assign_clusters(
    con: duckdb.DuckDBPyConnection,
    *,
    doc_id: str | None = None,
    max_days: int = MAX_DAYS,
    min_similarity: float = MIN_SIMILARITY,
) -> int:
    """Put every unclustered current event (of `doc_id`, or all) into a cluster; returns how many.

    Reads the pending events and the clustered events sharing their (source, target, root) in two
    queries, matches in memory (oldest first, so a reprint joins the first report), writes in one go.
    """
    if doc_id and con.execute("SELECT 1 FROM events WHERE doc_id = ? LIMIT 1", [doc_id]).fetchone() is None:
        return 0  # no events at all (most articles): skip the view's joins over the whole store
    pending = _rows(con, _SELECT + " WHERE c.cluster_id IS NULL" + (" AND ce.doc_id = ?" if doc_id else "")
                    + " ORDER BY ce.event_day NULLS LAST, ce.doc_id, ce.sentence_index",
                    [doc_id] if doc_id else [])
    if not pending:
        return 0
    keys = sorted({_key(e) for e in pending}, key=str)
    con.register("_cluster_keys", pa.table({n: [k[i] for k in keys] for i, n in
                                            enumerate(("source", "target", "cameo_root"))},
                                           schema=pa.schema([(n, pa.string()) for n in ("source", "target", "cameo_root")])))
    try:
        known = _rows(con, _SELECT + """ JOIN _cluster_keys k ON ce.cameo_root = k.cameo_root
            AND ce.source IS NOT DISTINCT FROM k.source AND ce.target IS NOT DISTINCT FROM k.target
            WHERE c.cluster_id IS NOT NULL""", [])
    finally:
        con.unregister("_cluster_keys")
    by_key: dict[tuple, list[dict[str, Any]]] = {}
    for ev in known:
        by_key.setdefault(_key(ev), []).append(ev)
    rows = []
    for ev in pending:
        candidates = by_key.setdefault(_key(ev), [])
        best = _best_match(ev, candidates, max_days, min_similarity)
        ev["cluster_id"], score = (best[0]["cluster_id"], best[1]) if best else (ev["event_id"], 100.0)
        candidates.append(ev)
        rows.append([ev["event_id"], ev["cluster_id"], score])
    new = pa.table({"event_id": [r[0] for r in rows], "cluster_id": [r[1] for r in rows],
                    "similarity": [float(r[2]) for r in rows]})
    con.register("_cluster_new", new)
    try:
        con.execute("INSERT INTO event_clusters SELECT * FROM _cluster_new ON CONFLICT DO NOTHING")
    finally:
        con.unregister("_cluster_new")
    return len(rows)


def _key(ev: dict[str, Any]) -> tuple:
    return (ev["source"], ev["target"], ev["cameo_root"])


def _best_match(
    ev: dict[str, Any], candidates: list[dict[str, Any]], max_days: int, min_similarity: float
) -> tuple[dict[str, Any], float] | None:
    best: tuple[dict[str, Any], float] | None = None
    for cand in candidates:
        if not _close(ev["event_day"], cand["event_day"], max_days):
            continue
        score = fuzz.token_set_ratio(ev["sentence"], cand["sentence"])
        if score >= min_similarity and (best is None or score > best[1]):
            best = (cand, score)
    return best


def _close(a: date | None, b: date | None, max_days: int) -> bool:
    return a is None or b is None or abs((a - b).days) <= max_days


def cluster_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every cluster with its counts and its members' event ids (first mention first)."""
    assign_clusters(con)
    return _rows(
        con,
        """
        SELECT s.*, list(c.event_id ORDER BY ce.event_day NULLS LAST, ce.doc_id) AS event_ids
        FROM cluster_stats s
        JOIN event_clusters c USING (cluster_id)
        JOIN current_events ce ON ce.event_id = c.event_id
        GROUP BY ALL ORDER BY s.first_day NULLS LAST, s.cluster_id
        """,
        [],
    )


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]
