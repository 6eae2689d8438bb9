"""Writing processed articles: one transaction per article (document, removed lines, events, pledges).

Identity: `doc_id` is the sha256 of the URL (or of the clean text without one). Writing the same
content again adds nothing ("duplicate"); new content under a known doc_id becomes version + 1
("new-version"); earlier versions stay. An interrupted run loses nothing that was committed, and a
rerun skips what is already there.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import duckdb

from dyadwatch.errors import InputError, StoreError
from dyadwatch.pipeline import ProcessedArticle, extract_inputs, load_coder, process_article
from dyadwatch.records import ActorRef, Event, sha256_hex

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
    "negated", "mode", "pattern", "agreements",
)


def write_article(con: duckdb.DuckDBPyConnection, processed: ProcessedArticle) -> str:
    """Store one processed article in its own transaction; returns stored | duplicate | new-version."""
    article = processed.article
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            rows = con.execute(
                "SELECT version, content_hash FROM documents WHERE doc_id = ? ORDER BY version",
                [article.doc_id],
            ).fetchall()
            if any(h == article.content_hash for _, h in rows):
                con.execute("ROLLBACK")
                return DUPLICATE
            version = rows[-1][0] + 1 if rows else 1
            events, pledges = _versioned(processed, version)
            _insert_document(con, processed, version)
            _insert_events(con, events, version)
            _write_pledges(con, article.doc_id, version, pledges)
            record_proposed(con, article, events)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except duckdb.Error as exc:
        raise StoreError(f"{article.path}: cannot store document {article.doc_id[:12]}: {exc}") from exc
    return NEW_VERSION if version > 1 else STORED


def record_proposed(con: duckdb.DuckDBPyConnection, article, events: list[Event]) -> None:
    """Organisations proposed in the article's coded sentences ("an Asian version of NATO")."""
    from dyadwatch.analyse.agreements import record_proposed as record  # late: analyse imports store

    record(con, article, events)


def _versioned(processed: ProcessedArticle, version: int) -> tuple[list[Event], list]:
    """Events and pledges of a later version get event ids of their own (ids are table keys)."""
    if version == 1:
        return processed.events, processed.pledges
    remap = {e.event_id: sha256_hex(f"{e.event_id}|v{version}")[:24] for e in processed.events}
    events = [dataclasses.replace(e, event_id=remap[e.event_id]) for e in processed.events]
    pledges = [dataclasses.replace(p, event_id=remap.get(p.event_id, p.event_id)) for p in processed.pledges]
    return events, pledges


def _insert_document(con: duckdb.DuckDBPyConnection, processed: ProcessedArticle, version: int) -> None:
    a = processed.article
    w = a.date_window
    values = [
        a.doc_id, version, a.content_hash, a.path, a.url, a.title, a.published, a.published_basis,
        w.earliest if w else None, w.latest if w else None, w.basis if w else None,
        a.source, a.language, a.text,
    ]
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


def _insert_events(con: duckdb.DuckDBPyConnection, events: list[Event], version: int) -> None:
    if not events:
        return
    rows = []
    for e in events:
        rows.append([
            e.event_id, e.doc_id, version, e.published, e.sentence_index, e.sentence, e.sentence_start,
            *_actor_values(e.source), *_actor_values(e.target),
            e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.plover, e.verb_text, e.verb_start,
            e.verb_end, e.negated, e.mode, e.pattern, list(e.agreements),
        ])
    # The same event found twice in one article (same id) is stored once.
    _insert_rows(con, f"INSERT OR IGNORE INTO events ({', '.join(_EVENT_COLUMNS)})", rows)


def _write_pledges(con: duckdb.DuckDBPyConnection, doc_id: str, version: int, pledges: list) -> None:
    from dyadwatch.store.pledge_store import write_pledges  # late: pledge_store imports analyse

    write_pledges(con, doc_id, version, pledges)


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
    quad = dict(con.execute("SELECT quad_class, count(*) FROM current_events GROUP BY 1 ORDER BY 1").fetchall())
    superseded = one("SELECT count(*) FROM events")[0] - sum(quad.values())
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


def ingest_into(
    con: duckdb.DuckDBPyConnection,
    paths: list[str],
    settings,
    *,
    workers: int = 1,
    on_error=None,
    on_result=None,
    coder=None,
    should_stop=None,
) -> dict[str, int]:
    """Read, clean, code and store `paths`; one transaction per article. Returns the counts.

    `on_error(InputError)` is called for each input that fails; `on_result(article, outcome)` after
    each article is written or found already stored (for progress display). In one process, an
    article already stored is recognised after cleaning and not coded again, so a rerun is quick.
    `should_stop()` is asked after each article: when true, the run ends there (Ctrl-C in the CLI),
    with every article so far committed whole.
    """
    counts = {"read": 0, "stored": 0, "duplicates": 0, "new_versions": 0, "failed": 0, "events": 0, "pledges": 0}

    def failed(exc) -> None:
        counts["failed"] += 1
        if on_error:
            on_error(exc)

    def record(processed: ProcessedArticle) -> None:
        outcome = write_article(con, processed)
        if outcome == DUPLICATE:
            counts["duplicates"] += 1
        else:
            counts["stored" if outcome == STORED else "new_versions"] += 1
            counts["events"] += len(processed.events)
            counts["pledges"] += len(processed.pledges)
        if on_result:
            on_result(processed.article, outcome)

    if workers != 1 and coder is None:
        from dyadwatch.pipeline import process_inputs

        for processed in process_inputs(paths, settings, workers=workers, on_error=failed):
            counts["read"] += 1
            record(processed)
            if should_stop and should_stop():
                break
        return counts
    for article in extract_inputs(paths, settings, on_error=failed):
        if should_stop and should_stop():
            break
        counts["read"] += 1
        if is_stored(con, article.doc_id, article.content_hash):
            counts["duplicates"] += 1
            if on_result:
                on_result(article, DUPLICATE)
            continue
        if coder is None:
            coder = load_coder(settings)
        try:
            processed = process_article(article, settings, coder)
        except (ValueError, RecursionError, MemoryError) as exc:  # odd text must not stop a batch
            failed(InputError(article.path, f"cannot process: {type(exc).__name__}: {exc}"))
            continue
        record(processed)
    return counts
