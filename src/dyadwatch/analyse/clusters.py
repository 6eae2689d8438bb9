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
    Events of one day, document and sentence are taken in event-id order (DuckDB's sort is not
    stable: without the last key, which of two events of one sentence founds their cluster depended
    on how the rows happened to lie in the store).
    """
    if doc_id and con.execute("SELECT 1 FROM events WHERE doc_id = ? LIMIT 1", [doc_id]).fetchone() is None:
        return 0  # no events at all (most articles): skip the view's joins over the whole store
    pending = _rows(con, _SELECT + " WHERE c.cluster_id IS NULL" + (" AND ce.doc_id = ?" if doc_id else "")
                    + " ORDER BY ce.event_day NULLS LAST, ce.doc_id, ce.sentence_index, ce.event_id",
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


class BatchClusters:
    """`assign_clusters(con, doc_id=...)` for each article of a batch, in order, computed in memory.

    The store is read once, before the batch's rows are written: the clustered current events that
    share a (source, target, root) with an event of the batch, in the order they were stored. Then,
    article by article, the article's events (ordered as the pending query orders them: day,
    sentence, event id) are matched against the events
    stored before them, exactly as `assign_clusters` does; a new version of a document retires its
    earlier version's events from the candidates (they are no longer current). `write` inserts the
    memberships in one go.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, events: list, *, max_days: int = MAX_DAYS,
                 min_similarity: float = MIN_SIMILARITY):
        self.con = con
        self.max_days = max_days
        self.min_similarity = min_similarity
        self.by_key: dict[tuple, list[dict[str, Any]]] = {}
        self.latest: dict[str, int] = {}
        self.rows: list[list[Any]] = []
        keys = sorted({(e.source.code if e.source else None, e.target.code if e.target else None, e.cameo_root)
                       for e in events}, key=str)
        if not keys:
            return
        con.register("_cluster_keys", pa.table({n: [k[i] for k in keys] for i, n in
                                                enumerate(("source", "target", "cameo_root"))},
                                               schema=pa.schema([(n, pa.string()) for n in ("source", "target", "cameo_root")])))
        try:
            known = _rows(con, """
                SELECT e.event_id, e.doc_id, e.version, e.source, e.target, e.cameo_root,
                       coalesce(e.published, d.published, d.window_earliest) AS event_day, e.sentence, c.cluster_id
                FROM events e
                JOIN _cluster_keys k ON e.cameo_root = k.cameo_root
                     AND e.source IS NOT DISTINCT FROM k.source AND e.target IS NOT DISTINCT FROM k.target
                JOIN event_clusters c ON c.event_id = e.event_id
                JOIN documents d ON d.doc_id = e.doc_id AND d.version = e.version
                WHERE e.version = (SELECT max(version) FROM documents l WHERE l.doc_id = e.doc_id)
                ORDER BY e.rowid""", [])
        finally:
            con.unregister("_cluster_keys")
        for ev in known:
            self.by_key.setdefault(_key(ev), []).append(ev)

    def add_article(self, article, version: int, events: list) -> None:
        """The article's events (as stored: first of equal ids) join clusters."""
        self.latest[article.doc_id] = version
        window = article.date_window
        pending = []
        for e in events:
            day = e.published or article.published or (window.earliest if window else None)
            pending.append({"event_id": e.event_id, "doc_id": e.doc_id, "version": version,
                            "source": e.source.code if e.source else None,
                            "target": e.target.code if e.target else None, "cameo_root": e.cameo_root,
                            "event_day": day, "sentence": e.sentence, "sentence_index": e.sentence_index})
        # the pending query's order: day (nulls last), document, sentence, event id
        pending.sort(key=lambda ev: (ev["event_day"] is None, ev["event_day"] or date.min, ev["sentence_index"],
                                     ev["event_id"]))
        for ev in pending:
            candidates = self.by_key.setdefault(_key(ev), [])
            current = [c for c in candidates if self.latest.get(c["doc_id"], c["version"]) == c["version"]]
            best = _best_match(ev, current, self.max_days, self.min_similarity)
            ev["cluster_id"], score = (best[0]["cluster_id"], best[1]) if best else (ev["event_id"], 100.0)
            candidates.append(ev)
            self.rows.append([ev["event_id"], ev["cluster_id"], float(score)])

    def write(self) -> int:
        if not self.rows:
            return 0
        new = pa.table({"event_id": [r[0] for r in self.rows], "cluster_id": [r[1] for r in self.rows],
                        "similarity": [r[2] for r in self.rows]})
        self.con.register("_cluster_new", new)
        try:
            self.con.execute("INSERT INTO event_clusters SELECT * FROM _cluster_new ON CONFLICT DO NOTHING")
        finally:
            self.con.unregister("_cluster_new")
        return len(self.rows)
