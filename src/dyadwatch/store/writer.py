"""Writing processed articles (document, removed lines, events, pledges, proposed organisations,
event clusters).

Identity: `doc_id` is the sha256 of the URL (or of the clean text without one). Writing the same
content again adds nothing ("duplicate"); new content under a known doc_id becomes version + 1
("new-version"); earlier versions stay. An interrupted run loses nothing that was committed, and a
rerun skips what is already there.

`write_article` writes one article in one transaction. `ArticleWriter` (what `ingest` uses) writes a
batch of articles per transaction (up to `batch_size` articles or `max_seconds` after the first one
waited): a few bulk inserts instead of ~10 statements per article, and event clusters assigned in
memory for the whole batch, with the same rows in the end as article by article. If a batch cannot
be written as a whole (a constraint fails, or the store holds rows the batch path does not expect),
it is rolled back and its articles are written one per transaction, as `write_article` does, so an
error names its article and everything before it is committed.
"""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Iterator
from typing import Any

import duckdb
import pyarrow as pa

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


class _Fallback(Exception):
    """The batch path does not apply: write the batch one article per transaction."""


class ArticleWriter:
    """Writes articles in batches, one transaction per batch, with the rows `write_article` would
    write article by article (same versions, statuses, events, pledges, proposed organisations and
    event clusters). `add` returns the (processed, status) pairs committed by that call, in input
    order; `flush` (or leaving the `with` block) commits the rest."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, batch_size: int = 64, max_seconds: float = 2.0):
        self.con = con
        self.batch_size = max(1, batch_size)
        self.max_seconds = max_seconds
        self.pending: list[ProcessedArticle] = []
        self._since = 0.0

    def __enter__(self) -> ArticleWriter:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.flush()

    def add(self, processed: ProcessedArticle) -> list[tuple[ProcessedArticle, str]]:
        if not self.pending:
            self._since = time.monotonic()
        self.pending.append(processed)
        if len(self.pending) >= self.batch_size or time.monotonic() - self._since >= self.max_seconds:
            return self.flush()
        return []

    def is_pending(self, doc_id: str, content_hash: str) -> bool:
        """This exact content waits in the current batch (not yet committed)."""
        return any(p.article.doc_id == doc_id and p.article.content_hash == content_hash for p in self.pending)

    def flush(self) -> list[tuple[ProcessedArticle, str]]:
        batch, self.pending = self.pending, []
        if not batch:
            return []
        try:
            statuses = _write_batch(self.con, batch)
        except (_Fallback, duckdb.Error, pa.ArrowException, TypeError, ValueError, OverflowError):
            statuses = [write_article(self.con, p) for p in batch]  # rolled back: one by one
        return list(zip(batch, statuses))


def write_articles(
    con: duckdb.DuckDBPyConnection, items: Iterable[ProcessedArticle], *, batch_size: int = 64,
    max_seconds: float = 2.0,
) -> Iterator[tuple[ProcessedArticle, str]]:
    """Store a stream of processed articles with an `ArticleWriter`; yields (processed, status) as
    each batch is committed."""
    with ArticleWriter(con, batch_size=batch_size, max_seconds=max_seconds) as writer:
        for processed in items:
            yield from writer.add(processed)
        yield from writer.flush()


def _write_batch(con: duckdb.DuckDBPyConnection, batch: list[ProcessedArticle]) -> list[str]:
    from dyadwatch.analyse.agreements import default_register, proposed_rows, sync_register
    from dyadwatch.analyse.clusters import BatchClusters
    from dyadwatch.store.pledge_store import PLEDGE_COLUMNS, pledge_row

    con.execute("BEGIN TRANSACTION")
    try:
        doc_ids = sorted({p.article.doc_id for p in batch})
        known: dict[str, list[tuple[int, str]]] = {}
        for doc_id, version, content_hash in _select_in(
            con, "SELECT doc_id, version, content_hash FROM documents WHERE doc_id IN (SELECT v FROM {ids}) "
                 "ORDER BY doc_id, version", doc_ids):
            known.setdefault(doc_id, []).append((version, content_hash))
        statuses: list[str] = []
        written: list[tuple[ProcessedArticle, int, list[Event], list]] = []
        for p in batch:
            a = p.article
            rows = known.setdefault(a.doc_id, [])
            if any(h == a.content_hash for _, h in rows):
                statuses.append(DUPLICATE)
                continue
            version = rows[-1][0] + 1 if rows else 1
            rows.append((version, a.content_hash))
            events, pledges = _versioned(p, version)
            written.append((p, version, events, pledges))
            statuses.append(NEW_VERSION if version > 1 else STORED)
        if not written:
            con.execute("ROLLBACK")
            return statuses
        # events: the first of equal ids is kept (as INSERT OR IGNORE article by article)
        seen: set[str] = set()
        fresh: list[list[Event]] = []
        for _p, _v, events, _pl in written:
            mine = []
            for e in events:
                if e.event_id not in seen:
                    seen.add(e.event_id)
                    mine.append(e)
            fresh.append(mine)
        if seen and (_select_in(con, "SELECT event_id FROM events WHERE event_id IN (SELECT v FROM {ids}) LIMIT 1",
                                sorted(seen))
                     or _select_in(con, "SELECT event_id FROM event_clusters WHERE event_id IN (SELECT v FROM {ids}) "
                                        "LIMIT 1", sorted(seen))):
            raise _Fallback("event ids already stored")
        clusters = BatchClusters(con, [e for mine in fresh for e in mine])  # reads the store before the batch
        docs, removed, event_rows = [], [], []
        for (p, version, _events, _pl), mine in zip(written, fresh):
            docs.append(_document_values(p, version))
            removed.extend([p.article.doc_id, version, r.position, r.text, r.reason, r.detail] for r in p.article.removed)
            event_rows.extend(_event_values(e, version) for e in mine)
        _insert_arrow(con, "documents", _DOC_COLUMNS, docs)
        _insert_arrow(con, "removed_lines", ("doc_id", "version", "position", "text", "reason", "detail"), removed)
        _insert_arrow(con, "events", _EVENT_COLUMNS, event_rows)
        # pledges and proposed organisations: each written document's rows replace its earlier ones
        pledges: dict[str, list[list[Any]]] = {}
        register = default_register()
        proposed: dict[str, list[list[Any]]] = {}
        for p, version, events, pls in written:
            pledges[p.article.doc_id] = [pledge_row(x, version) for x in pls]
            proposed[p.article.doc_id] = [row for _x, row in proposed_rows(p.article, events, register)]
        written_ids = sorted(pledges)
        _select_in(con, "DELETE FROM pledges WHERE doc_id IN (SELECT v FROM {ids})", written_ids)
        _insert_arrow(con, "pledges", PLEDGE_COLUMNS, [r for rows in pledges.values() for r in rows])
        if con.execute("SELECT count(*) FROM agreements").fetchall()[0][0] != len(register):
            sync_register(con, register)
        _select_in(con, "DELETE FROM proposed_organisations WHERE doc_id IN (SELECT v FROM {ids})", written_ids)
        _insert_arrow(con, "proposed_organisations", _PROPOSED_COLUMNS, [r for rows in proposed.values() for r in rows])
        for (p, version, _events, _pl), mine in zip(written, fresh):
            clusters.add_article(p.article, version, mine)
        clusters.write()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return statuses


_PROPOSED_COLUMNS = ("name", "modelled_on", "proposer", "proposer_text", "event_id", "doc_id", "sentence_index",
                     "sentence", "phrase", "first_seen")
_ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "TINYINT": pa.int8(), "DOUBLE": pa.float64(),
                "BOOLEAN": pa.bool_(), "DATE": pa.date32(), "VARCHAR[]": pa.list_(pa.string()),
                "BIGINT": pa.int64()}
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


def _insert_arrow(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...] | list[str],
                  rows: list[list[Any]]) -> None:
    """All rows in one INSERT from an Arrow table typed like the store's columns."""
    if not rows:
        return
    types = _column_types(con, table)
    if any(types.get(c) is None for c in columns):
        raise _Fallback(f"{table}: a column type the batch path does not map")
    arrays = [pa.array([row[i] for row in rows], type=types[c]) for i, c in enumerate(columns)]
    data = pa.Table.from_arrays(arrays, names=list(columns))
    con.register("_dyadwatch_rows", data)
    try:
        names = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _dyadwatch_rows")
    finally:
        con.unregister("_dyadwatch_rows")


def _select_in(con: duckdb.DuckDBPyConnection, sql: str, values: list[str]) -> list[tuple]:
    """Run `sql` with `{ids}` standing for a one-column (v) table of `values`."""
    con.register("_dyadwatch_ids", pa.table({"v": pa.array(values, type=pa.string())}))
    try:
        cur = con.execute(sql.format(ids="_dyadwatch_ids"))
        return cur.fetchall() if cur.description else []
    finally:
        con.unregister("_dyadwatch_ids")


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
        e.verb_end, e.negated, e.mode, e.pattern, list(e.agreements),
    ]


def _insert_events(con: duckdb.DuckDBPyConnection, events: list[Event], version: int) -> None:
    if not events:
        return
    rows = [_event_values(e, version) for e in events]
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
    """Read, clean, code and store `paths`; one transaction per batch of articles (`ArticleWriter`).
    Returns the counts.

    `on_error(InputError)` is called for each input that fails; `on_result(article, outcome)` after
    each article is committed or found already stored (for progress display). In one process, an
    article already stored is recognised after cleaning and not coded again, so a rerun is quick.
    `should_stop()` is asked after each article: when true, the run ends there (Ctrl-C in the CLI),
    with every article so far committed whole.
    """
    counts = {"read": 0, "stored": 0, "duplicates": 0, "new_versions": 0, "failed": 0, "events": 0, "pledges": 0}

    def failed(exc) -> None:
        counts["failed"] += 1
        if on_error:
            on_error(exc)

    def record(done: list[tuple[ProcessedArticle, str]]) -> None:
        for processed, outcome in done:
            if outcome == DUPLICATE:
                counts["duplicates"] += 1
            else:
                counts["stored" if outcome == STORED else "new_versions"] += 1
                counts["events"] += len(processed.events)
                counts["pledges"] += len(processed.pledges)
            if on_result:
                on_result(processed.article, outcome)

    with ArticleWriter(con) as writer:
        if workers != 1 and coder is None:
            from dyadwatch.pipeline import process_inputs

            for processed in process_inputs(paths, settings, workers=workers, on_error=failed):
                counts["read"] += 1
                record(writer.add(processed))
                if should_stop and should_stop():
                    break  # the pending batch is committed below: every article so far, whole
            record(writer.flush())
            return counts
        for article in extract_inputs(paths, settings, on_error=failed):
            if should_stop and should_stop():
                break
            counts["read"] += 1
            if is_stored(con, article.doc_id, article.content_hash) or writer.is_pending(
                    article.doc_id, article.content_hash):
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
            record(writer.add(processed))
        record(writer.flush())
    return counts
