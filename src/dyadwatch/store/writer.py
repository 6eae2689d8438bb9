"""Writing the rows of processed articles: documents, removed lines, events, pledges.

Identity: `doc_id` is the sha256 of the URL (or of the clean text without one). Writing the same
content again adds nothing ("duplicate"); new content under a known doc_id becomes version + 1
("new-version"); earlier versions stay.

These functions write inside a transaction the caller holds and never commit: the run
(`dyadwatch.run`) opens it, writes an article's rows here, has the analysis stage update the
derived tables (event clusters, proposed organisations, the agreement register) in the same
transaction, and commits. `insert_article` writes one article; `plan_batch` + `insert_batch` write a
batch with a few bulk inserts instead of ~10 statements per article, with the same rows in the end
as article by article (`BatchNotApplicable` when the batch path cannot give them).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from dyadwatch.records import ActorRef, Event, Pledge, ProcessedArticle, sha256_hex
from dyadwatch.store.event_query import VIEW, events_view
from dyadwatch.store.pledge_store import PLEDGE_COLUMNS, pledge_row, write_pledges

STORED, DUPLICATE, NEW_VERSION = "stored", "duplicate", "new-version"

_DOC_COLUMNS = (
    "doc_id", "version", "content_hash", "path", "url", "title", "published", "published_basis",
    "window_earliest", "window_latest", "window_basis", "source", "language", "text",
)
_EVENT_COLUMNS = (
    "event_id", "doc_id", "version", "published", "sentence_index", "sentence", "sentence_start",
    *(f"source{s}" for s in ("", "_text", "_start", "_end", "_name", "_country", "_role", "_resolved_from")),
    *(f"target{s}" for s in ("", "_text", "_start", "_end", "_name", "_country", "_role", "_resolved_from")),
    "cameo", "cameo_root", "quad_class", "goldstein", "plover", "verb_text", "verb_start", "verb_end",
    "negated", "mode", "pattern", "agreements", "target_origin", "score", "headline",
)


@dataclass(slots=True)
class Written:
    """One article as written: its status, its version, and its events and pledges as stored (a
    later version's with ids of their own). A duplicate wrote nothing (version 0, no events)."""

    processed: ProcessedArticle
    status: str
    version: int = 0
    events: list[Event] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)


def insert_article(con: duckdb.DuckDBPyConnection, processed: ProcessedArticle) -> Written:
    """Write one article's rows (document, removed lines, events, pledges) in the caller's
    transaction; nothing when this exact content is already stored."""
    article = processed.article
    rows = con.execute(
        "SELECT version, content_hash FROM documents WHERE doc_id = ? ORDER BY version", [article.doc_id]
    ).fetchall()
    if any(h == article.content_hash for _, h in rows):
        return Written(processed, DUPLICATE)
    version = rows[-1][0] + 1 if rows else 1
    events, pledges = _versioned(processed, version)
    _insert_document(con, processed, version)
    _insert_events(con, events, version)
    write_pledges(con, article.doc_id, version, pledges)
    return Written(processed, NEW_VERSION if version > 1 else STORED, version, events, pledges)


class BatchNotApplicable(Exception):
    """The batch path does not apply: write the batch one article per transaction."""


@dataclass(slots=True)
class BatchPlan:
    """What writing a batch will do, read from the store before anything is written: a status per
    article (in order), the articles to write, and the events of each as inserted (the first of
    equal event ids in the batch)."""

    statuses: list[str]
    written: list[Written]
    fresh: list[list[Event]]


def plan_batch(con: duckdb.DuckDBPyConnection, batch: Sequence[ProcessedArticle]) -> BatchPlan:
    """Versions and statuses of a batch's articles as `insert_article` one by one gives them. Raises
    BatchNotApplicable when an event id of the batch is stored already (article by article, the
    first such row is kept)."""
    doc_ids = sorted({p.article.doc_id for p in batch})
    known: dict[str, list[tuple[int, str]]] = {}
    for doc_id, version, content_hash in select_in(
        con, "SELECT doc_id, version, content_hash FROM documents WHERE doc_id IN (SELECT v FROM {ids}) "
             "ORDER BY doc_id, version", doc_ids):
        known.setdefault(doc_id, []).append((version, content_hash))
    statuses: list[str] = []
    written: list[Written] = []
    for p in batch:
        a = p.article
        rows = known.setdefault(a.doc_id, [])
        if any(h == a.content_hash for _, h in rows):
            statuses.append(DUPLICATE)
            continue
        version = rows[-1][0] + 1 if rows else 1
        rows.append((version, a.content_hash))
        events, pledges = _versioned(p, version)
        status = NEW_VERSION if version > 1 else STORED
        written.append(Written(p, status, version, events, pledges))
        statuses.append(status)
    # events: the first of equal ids is kept (as INSERT OR IGNORE article by article)
    seen: set[str] = set()
    fresh: list[list[Event]] = []
    for w in written:
        mine = []
        for e in w.events:
            if e.event_id not in seen:
                seen.add(e.event_id)
                mine.append(e)
        fresh.append(mine)
    if seen and (select_in(con, "SELECT event_id FROM events WHERE event_id IN (SELECT v FROM {ids}) LIMIT 1",
                           sorted(seen))
                 or select_in(con, "SELECT event_id FROM event_clusters WHERE event_id IN (SELECT v FROM {ids}) "
                                   "LIMIT 1", sorted(seen))):
        raise BatchNotApplicable("event ids already stored")
    return BatchPlan(statuses, written, fresh)


def insert_batch(con: duckdb.DuckDBPyConnection, plan: BatchPlan) -> None:
    """Write the rows of a planned batch in the caller's transaction: documents, removed lines and
    events in one insert each; each written document's pledges replace its earlier ones."""
    docs, removed, event_rows = [], [], []
    for w, mine in zip(plan.written, plan.fresh):
        a = w.processed.article
        docs.append(_document_values(w.processed, w.version))
        removed.extend([a.doc_id, w.version, r.position, r.text, r.reason, r.detail] for r in a.removed)
        event_rows.extend(_event_values(e, w.version) for e in mine)
    insert_arrow(con, "documents", _DOC_COLUMNS, docs)
    insert_arrow(con, "removed_lines", ("doc_id", "version", "position", "text", "reason", "detail"), removed)
    insert_arrow(con, "events", _EVENT_COLUMNS, event_rows)
    pledges: dict[str, list[list[Any]]] = {}  # a document written twice keeps its last version's
    for w in plan.written:
        pledges[w.processed.article.doc_id] = [pledge_row(x, w.version) for x in w.pledges]
    select_in(con, "DELETE FROM pledges WHERE doc_id IN (SELECT v FROM {ids})", sorted(pledges))
    insert_arrow(con, "pledges", PLEDGE_COLUMNS, [r for rows in pledges.values() for r in rows])


_ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "TINYINT": pa.int8(), "DOUBLE": pa.float64(),
                "BOOLEAN": pa.bool_(), "DATE": pa.date32(), "VARCHAR[]": pa.list_(pa.string()),
                "INTEGER[]": pa.list_(pa.int32()), "BIGINT": pa.int64()}
_SCHEMAS: dict[str, dict[str, Any]] = {}  # every store has the same schema (migrations)


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    key = table
    if key not in _SCHEMAS:
        types = {}
        for name, kind in con.execute(f"SELECT column_name, data_type FROM information_schema.columns "
                                      f"WHERE table_name = '{table}'").fetchall():
            types[name] = _ARROW_TYPES.get(kind)
        _SCHEMAS[key] = types
    return _SCHEMAS[key]


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...] | list[str],
                  rows: list[list[Any]]) -> None:
    """All rows in one INSERT from an Arrow table typed like the store's columns."""
    if not rows:
        return
    types = _column_types(con, table)
    if any(types.get(c) is None for c in columns):
        raise BatchNotApplicable(f"{table}: a column type the batch path does not map")
    arrays = [pa.array([row[i] for row in rows], type=types[c]) for i, c in enumerate(columns)]
    data = pa.Table.from_arrays(arrays, names=list(columns))
    con.register("_dyadwatch_rows", data)
    try:
        names = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _dyadwatch_rows")
    finally:
        con.unregister("_dyadwatch_rows")


def select_in(con: duckdb.DuckDBPyConnection, sql: str, values: list[str]) -> list[tuple]:
    """Run `sql` with `{ids}` standing for a one-column (v) table of `values`."""
    con.register("_dyadwatch_ids", pa.table({"v": pa.array(values, type=pa.string())}))
    try:
        cur = con.execute(sql.format(ids="_dyadwatch_ids"))
        return cur.fetchall() if cur.description else []
    finally:
        con.unregister("_dyadwatch_ids")


def _versioned(processed: ProcessedArticle, version: int) -> tuple[list[Event], list]:
    """Events and pledges of a later version get event ids of their own (ids are table keys)."""
    if version == 1:
        return processed.events, processed.pledges
    remap = {e.event_id: sha256_hex(f"{e.event_id}|v{version}")[:24] for e in processed.events}
    events = [dataclasses.replace(e, event_id=remap[e.event_id]) for e in processed.events]
    pledges = [dataclasses.replace(p, event_id=remap.get(p.event_id, p.event_id)) for p in processed.pledges]
    return events, pledges


def _document_values(processed: ProcessedArticle, version: int) -> list[Any]:
    a = processed.article
    w = a.date_window
    return [
        a.doc_id, version, a.content_hash, a.path, a.url, a.title, a.published, a.published_basis,
        w.earliest if w else None, w.latest if w else None, w.basis if w else None,
        a.source, a.language, a.text,
    ]


def _insert_document(con: duckdb.DuckDBPyConnection, processed: ProcessedArticle, version: int) -> None:
    a = processed.article
    values = _document_values(processed, version)
    con.execute(
        f"INSERT INTO documents ({', '.join(_DOC_COLUMNS)}) VALUES ({', '.join('?' * len(values))})",
        values,
    )
    if a.removed:
        _insert_rows(
            con, "INSERT INTO removed_lines (doc_id, version, position, text, reason, detail)",
            [[a.doc_id, version, r.position, r.text, r.reason, r.detail] for r in a.removed],
        )


def _insert_rows(con: duckdb.DuckDBPyConnection, insert: str, rows: list[list[Any]]) -> None:
    """All rows in one multi-row INSERT: DuckDB runs `executemany` row by row (~4x slower here)."""
    one = "(" + ", ".join("?" * len(rows[0])) + ")"
    con.execute(f"{insert} VALUES {', '.join([one] * len(rows))}", [v for row in rows for v in row])


def _actor_values(ref: ActorRef | None) -> list[Any]:
    if ref is None:
        return [None] * 8
    return [ref.code, ref.text, ref.start, ref.end, ref.name, ref.country, ref.role, ref.resolved_from]


def _event_values(e: Event, version: int) -> list[Any]:
    return [
        e.event_id, e.doc_id, version, e.published, e.sentence_index, e.sentence, e.sentence_start,
        *_actor_values(e.source), *_actor_values(e.target),
        e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.plover, e.verb_text, e.verb_start,
        e.verb_end, e.negated, e.mode, e.pattern, list(e.agreements), e.target_origin, e.score, e.headline,
    ]


def _insert_events(con: duckdb.DuckDBPyConnection, events: list[Event], version: int) -> None:
    if not events:
        return
    rows = [_event_values(e, version) for e in events]
    # The same event found twice in one article (same id) is stored once.
    _insert_rows(con, f"INSERT OR IGNORE INTO events ({', '.join(_EVENT_COLUMNS)})", rows)


def store_stats(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the database holds: documents, versions, events by quad class, pledges, dates, sources."""
    one = lambda sql: con.execute(sql).fetchone()  # noqa: E731
    docs, versions = one("SELECT count(DISTINCT doc_id), count(*) FROM documents")
    first, last = one(
        "SELECT min(coalesce(published, window_earliest)), max(coalesce(published, window_latest)) FROM documents"
    )
    undated = one(
        "SELECT count(*) FROM documents WHERE published IS NULL AND window_earliest IS NULL"
    )[0]
    # Events of each document's latest version: a new version supersedes the events of the old one.
    # Headline events are stored but not counted as events (`current_events` leaves them out).
    quad = dict(con.execute("SELECT quad_class, count(*) FROM current_events GROUP BY 1 ORDER BY 1").fetchall())
    everything = events_view(con, include_headlines=True)
    headlines = one(f"SELECT count(*) FROM {everything} WHERE headline")[0] if everything != VIEW else 0
    superseded = one("SELECT count(*) FROM events")[0] - sum(quad.values()) - headlines
    sources = con.execute(
        "SELECT coalesce(source, '(unknown)'), count(DISTINCT doc_id) FROM documents GROUP BY 1 "
        "ORDER BY 2 DESC, 1 LIMIT 20"
    ).fetchall()
    removed = dict(con.execute("SELECT reason, count(*) FROM removed_lines GROUP BY 1 ORDER BY 2 DESC").fetchall())
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    pledges = one("SELECT count(*) FROM pledges")[0] if "pledges" in tables else 0
    names = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
    return {
        "documents": docs,
        "versions": versions,
        "events": sum(quad.values()),
        "events_by_quad_class": {names.get(k, str(k)): v for k, v in quad.items()},
        "headline_events": headlines,
        "superseded_events": superseded,
        "pledges": pledges,
        "date_range": [first.isoformat() if first else None, last.isoformat() if last else None],
        "undated_documents": undated,
        "sources": {name: n for name, n in sources},
        "removed_lines": removed,
    }


def is_stored(con: duckdb.DuckDBPyConnection, doc_id: str, content_hash: str) -> bool:
    """This exact content is already stored (as some version of the document)."""
    return con.execute(
        "SELECT count(*) FROM documents WHERE doc_id = ? AND content_hash = ?", [doc_id, content_hash]
    ).fetchone()[0] > 0
