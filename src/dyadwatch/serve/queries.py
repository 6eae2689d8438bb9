"""Read-only queries behind the HTTP API and the dashboard.

Every value that comes from a user is a bound parameter; only fixed fragments written here are joined
into SQL text. Functions take an open DuckDB connection and return plain dicts ready for JSON.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from dyadwatch.store.event_query import VIEW, events_view, evidence_select, has_evidence
from dyadwatch.store.filters import Where

MAX_LIMIT = 1000
NO_DATE = date(1, 1, 1)  # sort key for undated events (they come last, newest first)

EVENT_COLUMNS = (
    "event_id, doc_id, version, published, sentence_index, sentence, sentence_start, "
    "source, source_text, source_start, source_end, source_name, source_country, source_role, "
    "source_resolved_from, target, target_text, target_start, target_end, target_name, "
    "target_country, target_role, target_resolved_from, cameo, cameo_root, quad_class, goldstein, "
    "plover, verb_text, verb_start, verb_end, negated, mode, pattern, agreements"
)


class QueryError(ValueError):
    """A parameter the database cannot use (bad cursor, reversed date range...). Becomes a 422."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    source: str | None = None  # actor code or code prefix ("JPN" matches "JPNGOV")
    target: str | None = None
    actor: str | None = None  # either side
    role: str | None = None  # actor role on either side ("GOV", "MIL", ...)
    cameo: str | None = None  # exact CAMEO code
    root: str | None = None  # CAMEO root ("03")
    quad: int | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None  # text search in the sentence (case-insensitive substring)
    doc_id: str | None = None
    agreement: str | None = None  # agreement register id named in the sentence

    def where(self, day: str = "published") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.source:
            clauses.append("starts_with(source, ?)")
            params.append(self.source.upper())
        if self.target:
            clauses.append("starts_with(target, ?)")
            params.append(self.target.upper())
        if self.actor:
            clauses.append("(starts_with(source, ?) OR starts_with(target, ?))")
            params += [self.actor.upper()] * 2
        if self.role:
            clauses.append("(source_role = ? OR target_role = ?)")
            params += [self.role.upper()] * 2
        if self.cameo:
            clauses.append("cameo = ?")
            params.append(self.cameo)
        if self.root:
            clauses.append("cameo_root = ?")
            params.append(self.root)
        if self.quad is not None:
            clauses.append("quad_class = ?")
            params.append(self.quad)
        if self.since:
            clauses.append(f"{day} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{day} <= ?")
            params.append(self.until)
        if self.q:
            clauses.append("contains(lower(sentence), ?)")
            params.append(self.q.lower())
        if self.doc_id:
            clauses.append("doc_id = ?")
            params.append(self.doc_id)
        if self.agreement:
            clauses.append("list_contains(agreements, ?)")
            params.append(self.agreement)
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"since ({self.since}) is after until ({self.until})")
        return (" AND ".join(clauses) or "TRUE"), params


def encode_cursor(published: date | None, event_id: str) -> str:
    raw = f"{(published or NO_DATE).isoformat()}|{event_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, event_id = raw.split("|", 1)
        return date.fromisoformat(day), event_id
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise QueryError(f"cursor {cursor[:40]!r} is not a cursor returned by this API") from exc


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [_jsonable(dict(zip(names, row))) for row in cur.fetchall()]


def _jsonable(row: dict) -> dict:
    for key, value in row.items():
        if isinstance(value, date):
            row[key] = value.isoformat()
    return row


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])


def event_relation(con: duckdb.DuckDBPyConnection, include_headlines: bool = False) -> tuple[str, str]:
    """Where events are read from, and the expression for an event's day.

    `current_events` (a view of the latest document versions, whose `event_day` falls back to the
    document's date or inferred window; headline events left out unless `include_headlines`) when the
    schema has it, else the plain `events` table.
    """
    if has_table(con, VIEW):
        return events_view(con, include_headlines), "event_day"
    return "events", "published"


def event_columns(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """EVENT_COLUMNS and each event's evidence (target origin, score, headline) as `relation` has them."""
    return f"{EVENT_COLUMNS}, {evidence_select(con, relation)}"


def list_events(
    con: duckdb.DuckDBPyConnection, filt: EventFilter, *, limit: int = 50, cursor: str | None = None,
    include_headlines: bool = False,
) -> dict:
    """One page of events, newest first, with a cursor for the next page (None on the last)."""
    limit = max(1, min(limit, MAX_LIMIT))
    relation, day = event_relation(con, include_headlines)
    where, params = filt.where(day)
    sort_key = f"coalesce({day}, DATE '{NO_DATE.isoformat()}')"
    if cursor:
        last_day, last_id = decode_cursor(cursor)
        where += f" AND ({sort_key} < ? OR ({sort_key} = ? AND event_id > ?))"
        params += [last_day, last_day, last_id]
    sql = (
        f"SELECT {event_columns(con, relation)}, {day} AS day FROM {relation} WHERE {where} "
        f"ORDER BY {sort_key} DESC, event_id ASC LIMIT ?"
    )
    found = rows(con, sql, params + [limit + 1])
    page = found[:limit]
    next_cursor = None
    if len(found) > limit:
        last = page[-1]
        next_cursor = encode_cursor(date.fromisoformat(last["day"]) if last["day"] else None, last["event_id"])
    return {"events": page, "count": len(page), "limit": limit, "next_cursor": next_cursor}


def get_document(con: duckdb.DuckDBPyConnection, doc_id: str, version: int | None = None) -> dict | None:
    """A document version (latest by default) with its clean text, removed lines and events' spans."""
    if version is None:
        sql = "SELECT * FROM documents WHERE doc_id = ? ORDER BY version DESC LIMIT 1"
        found = rows(con, sql, [doc_id])
    else:
        found = rows(con, "SELECT * FROM documents WHERE doc_id = ? AND version = ?", [doc_id, version])
    if not found:
        return None
    doc = found[0]
    doc.pop("ingested_at", None)
    doc["versions"] = [
        r["version"] for r in rows(con, "SELECT version FROM documents WHERE doc_id = ? ORDER BY version", [doc_id])
    ]
    doc["removed_lines"] = rows(
        con,
        "SELECT position, text, reason, detail FROM removed_lines WHERE doc_id = ? AND version = ? "
        "ORDER BY position",
        [doc_id, doc["version"]],
    )
    events = rows(  # headline events too: the document view shows every event, each marked
        con,
        f"SELECT {event_columns(con, 'events')} FROM events WHERE doc_id = ? AND version = ? "
        "ORDER BY sentence_start, verb_start, event_id",
        [doc_id, doc["version"]],
    )
    for event in events:
        event["spans"] = event_spans(event)
    doc["events"] = events
    return doc


def event_spans(event: dict) -> dict:
    """Character spans (into the clean text) of an event's sentence, source, verb and target."""
    start = event["sentence_start"]
    spans = {"sentence": [start, start + len(event["sentence"])]}
    for part, (a, b) in {
        "source": ("source_start", "source_end"),
        "verb": ("verb_start", "verb_end"),
        "target": ("target_start", "target_end"),
    }.items():
        spans[part] = [event[a], event[b]] if event[a] is not None and event[b] is not None else None
    return spans


def lookup_actors(con: duckdb.DuckDBPyConnection, q: str, limit: int = 20) -> list[dict]:
    """Actor codes seen in events whose code starts with, or whose name/text contains, ``q``."""
    limit = max(1, min(limit, 100))
    needle = q.strip()
    relation, _ = event_relation(con)
    sql = f"""
        WITH sides AS (
            SELECT source AS code, source_name AS name, source_country AS country, source_text AS text
            FROM {relation} WHERE source IS NOT NULL
            UNION ALL
            SELECT target, target_name, target_country, target_text FROM {relation} WHERE target IS NOT NULL
        ), countries AS (
            SELECT country AS code, NULL AS name, country, NULL AS text FROM sides WHERE country IS NOT NULL
        ), everything AS (SELECT * FROM sides UNION ALL SELECT * FROM countries)
        SELECT code, any_value(name) FILTER (WHERE name IS NOT NULL AND name <> '') AS name,
               any_value(country) AS country, count(*) AS mentions,
               list(DISTINCT text) FILTER (WHERE text IS NOT NULL)[1:5] AS texts
        FROM everything
        WHERE starts_with(code, upper(?)) OR contains(lower(coalesce(name, '')), lower(?))
           OR contains(lower(coalesce(text, '')), lower(?))
        GROUP BY code ORDER BY mentions DESC, code LIMIT ?
    """
    return rows(con, sql, [needle, needle, needle, limit])


def stats(con: duckdb.DuckDBPyConnection, include_headlines: bool = False) -> dict:
    """What the database holds (headline events counted only with `include_headlines`)."""
    docs = con.execute(
        "SELECT count(DISTINCT doc_id), count(*), min(published), max(published) FROM documents"
    ).fetchone()
    relation, day = event_relation(con, include_headlines)
    ev = con.execute(
        f"SELECT count(*), count(DISTINCT doc_id), min({day}), max({day}), "
        "count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2), "
        "count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4) "
        f"FROM {relation}"
    ).fetchone()
    out: dict[str, Any] = {
        "documents": docs[0],
        "document_versions": docs[1],
        "events": ev[0],
        "documents_with_events": ev[1],
        "first_published": ev[2].isoformat() if ev[2] else None,
        "last_published": ev[3].isoformat() if ev[3] else None,
        "headlines_included": include_headlines,
        "removed_lines": con.execute("SELECT count(*) FROM removed_lines").fetchone()[0],
        "quad_classes": {str(q): n for q, n in zip((1, 2, 3, 4), ev[4:8]) if n},
        "top_roots": rows(
            con,
            f"SELECT cameo_root AS root, count(*) AS events FROM {relation} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10",
        ),
    }
    for table in ("pledges", "thread_links"):
        out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if has_table(con, table) else None
    return out


def event_span(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str | None]:
    """The first and last day of the stored events (ISO dates), or (None, None) with no dated event."""
    relation, day = event_relation(con)
    first, last = con.execute(f"SELECT min({day}), max({day}) FROM {relation}").fetchone()
    return (first.isoformat() if first else None), (last.isoformat() if last else None)


def _country(side: str) -> str:
    # Country level: "JPNGOV" -> "JPN"; codes without a country (IGOs, NGOs) stay as they are.
    return f"coalesce(nullif({side}_country, ''), {side})"


def _known(a: str, b: str, level: str) -> str:
    # At country level, actors of no known country ("---GOV": some government) are not nodes.
    return f"NOT starts_with({a}, '---') AND NOT starts_with({b}, '---')" if level == "country" else "TRUE"


def top_dyads(con: duckdb.DuckDBPyConnection, limit: int = 10, level: str = "country",
              include_headlines: bool = False) -> list[dict]:
    """The most active undirected dyads, with cooperation/conflict counts and mean Goldstein."""
    a, b = (_country("source"), _country("target")) if level == "country" else ("source", "target")
    relation, day = event_relation(con, include_headlines)
    sql = f"""
        SELECT least({a}, {b}) AS a, greatest({a}, {b}) AS b, count(*) AS events,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
               round(sum(goldstein), 2) AS goldstein_sum, round(avg(goldstein), 2) AS goldstein_mean,
               max({day}) AS last_published
        FROM {relation} WHERE source IS NOT NULL AND target IS NOT NULL AND {a} <> {b} AND {_known(a, b, level)}
        GROUP BY 1, 2 ORDER BY events DESC, a, b LIMIT ?
    """
    return rows(con, sql, [max(1, min(limit, MAX_LIMIT))])


def network(
    con: duckdb.DuckDBPyConnection,
    *,
    since: date | None = None,
    until: date | None = None,
    level: str = "country",
    min_events: int = 1,
    limit: int = 200,
    include_headlines: bool = False,
) -> dict:
    """Actors as nodes and undirected edges weighted by events, with net cooperation per edge."""
    relation, day = event_relation(con, include_headlines)
    where, params = EventFilter(since=since, until=until).where(day)
    a, b = (_country("source"), _country("target")) if level == "country" else ("source", "target")
    sql = f"""
        SELECT least({a}, {b}) AS a, greatest({a}, {b}) AS b, count(*) AS events,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
               round(avg(goldstein), 2) AS goldstein_mean
        FROM {relation} WHERE source IS NOT NULL AND target IS NOT NULL AND {a} <> {b} AND {_known(a, b, level)}
              AND {where}
        GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY events DESC, a, b LIMIT ?
    """
    edges = rows(con, sql, params + [max(1, min_events), max(1, min(limit, MAX_LIMIT))])
    weight: dict[str, int] = {}
    for edge in edges:
        edge["net_cooperation"] = edge["cooperation"] - edge["conflict"]
        for side in (edge["a"], edge["b"]):
            weight[side] = weight.get(side, 0) + edge["events"]
    nodes = [{"id": code, "events": n} for code, n in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": edges, "level": level}


def dyad_events(con: duckdb.DuckDBPyConnection, a: str, b: str, *, since=None, until=None, limit: int = 200,
                include_headlines: bool = False) -> list[dict]:
    """Events between two actors (codes or code prefixes), both directions, newest first."""
    a, b = a.upper(), b.upper()
    clauses = [
        "((starts_with(source, ?) AND starts_with(target, ?)) OR (starts_with(source, ?) AND starts_with(target, ?)))"
    ]
    params: list[Any] = [a, b, b, a]
    relation, day = event_relation(con, include_headlines)
    if since:
        clauses.append(f"{day} >= ?")
        params.append(since)
    if until:
        clauses.append(f"{day} <= ?")
        params.append(until)
    sql = (
        f"SELECT {event_columns(con, relation)}, {day} AS day FROM {relation} WHERE {' AND '.join(clauses)} "
        f"ORDER BY coalesce({day}, DATE '{NO_DATE.isoformat()}') DESC, event_id LIMIT ?"
    )
    return rows(con, sql, params + [max(1, min(limit, MAX_LIMIT))])


def dyad_directions(con: duckdb.DuckDBPyConnection, a: str, b: str, include_headlines: bool = False) -> list[dict]:
    """Totals for a->b and b->a: events, cooperation, conflict, Goldstein sum and mean."""
    relation, _ = event_relation(con, include_headlines)
    a, b = a.upper(), b.upper()
    out = []
    for src, tgt in ((a, b), (b, a)):
        row = rows(
            con,
            f"""SELECT count(*) AS events,
                       count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
                       count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
                       round(coalesce(sum(goldstein), 0), 2) AS goldstein_sum,
                       round(avg(goldstein), 2) AS goldstein_mean
                FROM {relation} WHERE starts_with(source, ?) AND starts_with(target, ?)""",
            [src, tgt],
        )[0]
        out.append({"source": src, "target": tgt, **row})
    return out


def pair_slice(a: str, b: str) -> tuple[str, list[str]]:
    """SQL (and values) for the events a story about a and b can use: a or b on either side, or no
    target (a possible answer to their proposals)."""
    where = ("(starts_with(source, ?) OR starts_with(target, ?) OR starts_with(source, ?) "
             "OR starts_with(target, ?) OR target IS NULL)")
    return where, [a.upper(), a.upper(), b.upper(), b.upper()]


def latest_events(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict]:
    return list_events(con, EventFilter(), limit=limit)["events"]


def recently_stored_events(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict]:
    """The events stored last (by their document's storage time, whatever day they are dated at),
    each with `stored_at`."""
    sql = f"""
        SELECT {EVENT_COLUMNS}, event_day AS day, stored_at
        FROM (SELECT ce.*, d.ingested_at AS stored_at FROM current_events ce
              JOIN documents d ON d.doc_id = ce.doc_id AND d.version = ce.version)
        ORDER BY stored_at DESC, doc_id, sentence_index, event_id
        LIMIT ?
    """
    return rows(con, sql, [max(1, min(limit, MAX_LIMIT))])


def with_stored_at(con: duckdb.DuckDBPyConnection, events: list[dict]) -> list[dict]:
    """`events` (dicts with doc_id and version), each given `stored_at`: when its document version was stored."""
    doc_ids = sorted({e["doc_id"] for e in events})
    if not doc_ids:
        return events
    found = con.execute("SELECT doc_id, version, ingested_at FROM documents WHERE list_contains(?, doc_id)",
                        [doc_ids]).fetchall()
    stored = {(doc_id, version): at for doc_id, version, at in found}
    for e in events:
        at = stored.get((e["doc_id"], e["version"]))
        e["stored_at"] = at.isoformat() if at else None
    return events


def latest_stored_time(con: duckdb.DuckDBPyConnection) -> str:
    """The newest storage time the reader can see (a document, or a watcher round's start), else the
    database's clock: what "seen until" means for the overview's "new" markers. The database's own
    times, not the browser's clock, so the two never disagree on time zones or drift."""
    rounds = "(SELECT max(started_at) FROM watch_rounds)" if has_table(con, "watch_rounds") else "NULL::TIMESTAMP"
    found = con.execute(
        f"SELECT coalesce(greatest((SELECT max(ingested_at) FROM documents), {rounds}), current_timestamp::TIMESTAMP)"
    ).fetchone()[0]
    return found.isoformat()


def documents_list(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict]:
    """Latest version of each document, newest first, with its number of events (headlines aside)."""
    headline_filter = "AND NOT coalesce(e.headline, false)" if has_evidence(con) else ""
    sql = f"""
        WITH latest AS (
            SELECT * FROM documents
            QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY version DESC) = 1
            ORDER BY coalesce(published, window_earliest) DESC NULLS LAST, doc_id LIMIT ?
        )
        SELECT d.doc_id, d.version, d.title, d.url, d.source, d.published, d.window_earliest,
               left(d.text, 90) AS opening,
               (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id AND e.version = d.version
                {headline_filter}) AS events
        FROM latest d
        ORDER BY coalesce(d.published, d.window_earliest) DESC NULLS LAST, d.doc_id
    """
    return rows(con, sql, [max(1, min(limit, MAX_LIMIT))])


def events_by_id(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, dict]:
    ids = [i for i in event_ids if i]
    if not ids:
        return {}
    relation, day = event_relation(con, include_headlines=True)  # an event asked for by id, headline or not
    found = rows(con, f"SELECT {event_columns(con, relation)}, {day} AS day FROM {relation} "
                      "WHERE list_contains(?, event_id)", [ids])
    return {e["event_id"]: e for e in found}


def agreement_mentions(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Agreement register id -> number of events whose sentence names it."""
    relation, _ = event_relation(con)
    found = con.execute(
        f"SELECT a, count(*) FROM (SELECT unnest(agreements) AS a FROM {relation}) GROUP BY a"
    ).fetchall()
    return {a: n for a, n in found if a}


def pledges_page(
    con: duckdb.DuckDBPyConnection, *, actor: str | None = None, status: str | None = None,
    limit: int = 200, offset: int = 0,
) -> tuple[list[dict], int]:
    """One page of the pledges table (rows as the pledge store writes them) and the total count."""
    filters = Where().code_prefix("actor", actor)
    if status:
        filters.add("status = ?", status)
    where, params = filters.sql, filters.params
    total = con.execute(f"SELECT count(*) FROM pledges WHERE {where}", params).fetchone()[0]
    found = rows(
        con,
        f"SELECT * FROM pledges WHERE {where} "
        "ORDER BY published NULLS LAST, doc_id, sentence_index, pledge_id LIMIT ? OFFSET ?",
        params + [max(1, min(limit, MAX_LIMIT)), max(0, offset)],
    )
    for row in found:
        for key in ("topics", "mentions", "mention_indices"):
            if key in row:
                row[key] = list(row.get(key) or [])
    return found, total
