"""Bring Parquet tables (a Spark run's output, or `dyadwatch export --format parquet`) into DuckDB.

Idempotent: a document already stored with the same content is skipped, with its rows in every other
table; a known document with new content becomes its next version, as `dyadwatch ingest` would store
it. Each Spark partition numbered its own versions, so rows are matched to their document through
the Parquet part they came from. Tables derived across documents (clusters, threads) are not copied:
they are recomputed for the loaded documents when the store offers that.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field

import duckdb

from dyadwatch.errors import StoreError

DOCUMENTS = "documents"
SOURCE_TO_TABLE = {"store_events": "events"}  # Parquet table -> store table, where names differ


@dataclass
class LoadSummary:
    directory: str
    documents: int = 0  # newly stored documents (new or new versions)
    skipped_documents: int = 0  # already stored with the same content
    rows: dict[str, int] = field(default_factory=dict)  # rows added per table
    ignored_tables: list[str] = field(default_factory=list)  # present in DIR, not copied


def parquet_sources(directory: str) -> dict[str, tuple[str, bool]]:
    """table -> (read_parquet pattern, partitioned?) for DIR/<table>/*.parquet and DIR/<table>.parquet."""
    sources: dict[str, tuple[str, bool]] = {}
    for entry in sorted(os.listdir(directory)):
        full = os.path.join(directory, entry)
        if os.path.isdir(full) and glob.glob(os.path.join(full, "*.parquet")):
            sources[entry] = (os.path.join(full, "*.parquet"), True)
        elif entry.endswith(".parquet") and os.path.isfile(full):
            sources[entry[: -len(".parquet")]] = (full, False)
    return sources


def load_parquet(con: duckdb.DuckDBPyConnection, directory: str) -> LoadSummary:
    """Load every document-scoped table found in `directory` into the open store, in one transaction."""
    if not os.path.isdir(directory):
        raise StoreError(f"{directory}: no such folder of Parquet tables")
    sources = parquet_sources(directory)
    if DOCUMENTS not in sources:
        raise StoreError(f"{directory}: no documents table (expected {DOCUMENTS}/*.parquet or {DOCUMENTS}.parquet)")
    summary = LoadSummary(directory)
    con.execute("BEGIN TRANSACTION")
    try:
        _stage(con, DOCUMENTS, *sources[DOCUMENTS])
        summary.documents, summary.skipped_documents = _load_documents(con)
        summary.rows[DOCUMENTS] = summary.documents
        for name, table in _targets(con, sources):
            if table is None:
                summary.ignored_tables.append(name)
                continue
            _stage(con, name, *sources[name])
            if table == "events" and "sentence_start" not in _columns(con, f"_load_{name}"):
                _recover_sentence_starts(con, name)
            summary.rows[table] = _load_children(con, name, table)
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"{directory}: cannot load: {exc}") from exc
    finally:
        for table in [DOCUMENTS, *sources]:
            con.execute(f'DROP TABLE IF EXISTS "_load_{table}"')
        con.execute("DROP TABLE IF EXISTS _load_new_docs")
    if summary.documents:
        _recompute_derived(con)
    return summary


def _stage(con: duckdb.DuckDBPyConnection, table: str, pattern: str, partitioned: bool) -> None:
    part = "regexp_extract(filename, '[^/]+$')" if partitioned else "''"
    con.execute(f'DROP TABLE IF EXISTS "_load_{table}"')
    con.execute(
        f'CREATE TEMP TABLE "_load_{table}" AS SELECT * EXCLUDE (filename), {part} AS _part '
        "FROM read_parquet(?, filename = true, union_by_name = true)",
        [pattern],
    )


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]


def _targets(con: duckdb.DuckDBPyConnection, sources: dict) -> list[tuple[str, str | None]]:
    """(Parquet table, store table or None to ignore). A Spark run's `store_events` (every column)
    is preferred to the export's `events`; tables without (doc_id, version) are derived, not copied."""
    out: list[tuple[str, str | None]] = []
    for name in sources:
        if name == DOCUMENTS:
            continue
        table = SOURCE_TO_TABLE.get(name, name)
        if name == "events" and "store_events" in sources:
            table = None
        elif not _is_document_table(con, table):
            table = None
        out.append((name, table))
    return out


def _is_document_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    base = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary", [table]
    ).fetchone()[0]
    return bool(base) and {"doc_id", "version"} <= set(_columns(con, table))


def _recover_sentence_starts(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """The export's events have no sentence offsets: find each sentence in its document's text."""
    con.execute(
        f'CREATE OR REPLACE TEMP TABLE "_load_{name}" AS '
        f"SELECT s.*, coalesce(nullif(strpos(d.text, s.sentence), 0) - 1, 0) AS sentence_start "
        f'FROM "_load_{name}" s LEFT JOIN _load_documents d '
        "ON d._part = s._part AND d.doc_id = s.doc_id AND d.version = s.version"
    )


def _load_documents(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Pick one staged row per (doc_id, content_hash) not yet stored; number its version after the store's."""
    con.execute(
        """
        CREATE TEMP TABLE _load_new_docs AS
        WITH distinct_docs AS (
            SELECT DISTINCT ON (doc_id, content_hash) * FROM _load_documents
            ORDER BY doc_id, content_hash, _part, version
        ), fresh AS (
            SELECT s.* FROM distinct_docs s
            WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = s.doc_id AND d.content_hash = s.content_hash)
        )
        SELECT f.*, coalesce(m.max_version, 0)
                    + row_number() OVER (PARTITION BY f.doc_id ORDER BY f._part, f.version, f.content_hash)
                    AS _new_version
        FROM fresh f LEFT JOIN (SELECT doc_id, max(version) AS max_version FROM documents GROUP BY doc_id) m
          ON m.doc_id = f.doc_id
        """
    )
    staged = con.execute("SELECT count(*) FROM (SELECT DISTINCT doc_id, content_hash FROM _load_documents)").fetchone()[0]
    new = con.execute("SELECT count(*) FROM _load_new_docs").fetchone()[0]
    cols = [c for c in _columns(con, DOCUMENTS) if c in set(_columns(con, "_load_new_docs")) and c != "version"]
    select = ", ".join(f'"{c}"' for c in cols)
    con.execute(f"INSERT INTO documents BY NAME SELECT {select}, _new_version AS version FROM _load_new_docs")
    return new, staged - new


def _load_children(con: duckdb.DuckDBPyConnection, name: str, table: str) -> int:
    """Rows of the newly stored documents, with their new version; rows whose key exists are skipped."""
    staged_cols = set(_columns(con, f"_load_{name}"))
    cols = [c for c in _columns(con, table) if c in staged_cols and c not in ("version", "event_id")]
    select = ", ".join([*(f's."{c}"' for c in cols), "n._new_version AS version"])
    if "event_id" in staged_cols and "event_id" in _columns(con, table):  # a later version's events get ids of their own, as the writer does
        select += (
            ", CASE WHEN n._new_version = n.version THEN s.event_id "
            "ELSE left(sha256(s.event_id || '|v' || CAST(n._new_version AS VARCHAR)), 24) END AS event_id"
        )
    keys = _primary_key(con, table)
    not_stored = ""
    if keys:
        match = " AND ".join(f't."{k}" = s."{k}"' for k in keys)
        not_stored = f'WHERE NOT EXISTS (SELECT 1 FROM "{table}" t WHERE {match})'
    before = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    con.execute(
        f'INSERT INTO "{table}" BY NAME SELECT * FROM (SELECT {select} FROM "_load_{name}" s '
        "JOIN _load_new_docs n ON n._part = s._part AND n.doc_id = s.doc_id AND n.version = s.version) s "
        f"{not_stored}"
    )
    return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] - before


def _primary_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    row = con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchone()
    return list(row[0]) if row else []


def _recompute_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Event clusters span documents: put every newly loaded event in a cluster, as ingest does."""
    from dyadwatch.run import update_derived

    update_derived(con)
