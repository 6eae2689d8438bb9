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
    """Put every unclustered current event (of `doc_id`, or all) into a cluster; returns how many."""
    pending = _rows(con, _SELECT + " WHERE c.cluster_id IS NULL" + (" AND ce.doc_id = ?" if doc_id else "")
                    + " ORDER BY ce.event_day NULLS LAST, ce.doc_id, ce.sentence_index",
                    [doc_id] if doc_id else [])
    done = 0
    for ev in pending:
        candidates = _rows(
            con,
            _SELECT + " WHERE c.cluster_id IS NOT NULL AND ce.cameo_root = ?"
            " AND ce.source IS NOT DISTINCT FROM ? AND ce.target IS NOT DISTINCT FROM ?",
            [ev["cameo_root"], ev["source"], ev["target"]],
        )
        best = _best_match(ev, candidates, max_days, min_similarity)
        cluster_id, score = (best[0]["cluster_id"], best[1]) if best else (ev["event_id"], 100.0)
        con.execute(
            "INSERT INTO event_clusters VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [ev["event_id"], cluster_id, score],
        )
        done += 1
    return done


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
