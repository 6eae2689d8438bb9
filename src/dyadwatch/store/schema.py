"""The DuckDB schema, as ordered, named migrations.

`open_db()` (store/db.py) applies every migration not yet recorded in `_migrations`. To change the
schema, append a new function to MIGRATIONS; never edit one that has shipped.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb


def m001_documents(con: duckdb.DuckDBPyConnection) -> None:
    # One row per version of an article. doc_id is stable across versions (URL hash, or text hash
    # without URL); content_hash tells versions apart.
    con.execute(
        """
        CREATE TABLE documents (
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            content_hash VARCHAR NOT NULL,
            path VARCHAR,
            url VARCHAR,
            title VARCHAR,
            published DATE,
            published_basis VARCHAR,
            window_earliest DATE,
            window_latest DATE,
            window_basis VARCHAR,
            source VARCHAR,
            language VARCHAR,
            text VARCHAR NOT NULL,
            ingested_at TIMESTAMP DEFAULT current_timestamp,
            PRIMARY KEY (doc_id, version)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE removed_lines (
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            detail VARCHAR
        )
        """
    )


def m002_events(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE events (
            event_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            published DATE,
            sentence_index INTEGER NOT NULL,
            sentence VARCHAR NOT NULL,
            sentence_start INTEGER NOT NULL,
            source VARCHAR,
            source_text VARCHAR,
            source_start INTEGER,
            source_end INTEGER,
            source_name VARCHAR,
            source_country VARCHAR,
            source_role VARCHAR,
            source_resolved_from VARCHAR,
            target VARCHAR,
            target_text VARCHAR,
            target_start INTEGER,
            target_end INTEGER,
            target_name VARCHAR,
            target_country VARCHAR,
            target_role VARCHAR,
            target_resolved_from VARCHAR,
            cameo VARCHAR NOT NULL,
            cameo_root VARCHAR NOT NULL,
            quad_class TINYINT NOT NULL,
            goldstein DOUBLE NOT NULL,
            plover VARCHAR,
            verb_text VARCHAR,
            verb_start INTEGER,
            verb_end INTEGER,
            negated BOOLEAN NOT NULL,
            mode VARCHAR NOT NULL,
            pattern VARCHAR,
            agreements VARCHAR[]
        )
        """
    )


MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    m001_documents,
    m002_events,
]
