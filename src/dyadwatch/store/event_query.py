"""Read stored events (latest document versions: `current_events`) with actor-prefix and date filters.

Headline events (the sentence is the article's title) are stored but left out of every count, series,
card and export unless a reader asks for them: `current_events` leaves them out and
`current_events_with_headlines` (migration m060) has them. `events_view` is the one switch readers use.
"""
from __future__ import annotations

from datetime import date

import duckdb

from dyadwatch.errors import StoreError
from dyadwatch.store.filters import Where

VIEW = "current_events"  # the latest versions' events, headlines left out
VIEW_WITH_HEADLINES = "current_events_with_headlines"
# what each event says about itself (migration m060); a database opened read-only before it is
# migrated has none of them
EVIDENCE_COLUMNS = ("target_origin", "score", "headline")

COLUMNS = ["event_id", "doc_id", "published", "sentence_index", "sentence", "source", "source_text", "target",
           "target_text", "cameo", "cameo_root", "quad_class", "goldstein", "plover", "negated", "mode",
           "verb_text", "pattern", *EVIDENCE_COLUMNS]


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def events_view(con: duckdb.DuckDBPyConnection, include_headlines: bool = False) -> str:
    """The relation a reader of current events reads: without headline events unless asked. A store
    not yet migrated to m060 (opened read-only) has no headline flags: its `current_events` has all."""
    if include_headlines and VIEW_WITH_HEADLINES in _relations(con):
        return VIEW_WITH_HEADLINES
    return VIEW


def has_evidence(con: duckdb.DuckDBPyConnection, table: str = "events") -> bool:
    """`table` (events or a view over it) has the evidence columns: the store is migrated to m060."""
    have = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                                      [table]).fetchall()}
    return set(EVIDENCE_COLUMNS) <= have


def evidence_select(con: duckdb.DuckDBPyConnection, table: str = "events") -> str:
    """SQL selecting the evidence columns of `table` (events or a view over it), as NULL/false on a store
    not yet migrated to m060."""
    if has_evidence(con, table):
        return ", ".join(EVIDENCE_COLUMNS)
    return "NULL::VARCHAR AS target_origin, NULL::DOUBLE AS score, false AS headline"


def query_events(con: duckdb.DuckDBPyConnection, *, source: str | None = None, target: str | None = None,
                 since: date | None = None, until: date | None = None, limit: int = 1000,
                 include_headlines: bool = False) -> list[dict]:
    """Events newest first; source/target match as code prefixes ('JPN' matches 'JPNGOV').

    Only events of each document's latest version: a changed article's old events are superseded.
    Headline events only with `include_headlines`.
    """
    where = Where().code_prefix("source", source).code_prefix("target", target)
    where.date_range("published", since, until)
    view = events_view(con, include_headlines)
    columns = ", ".join(COLUMNS[:-len(EVIDENCE_COLUMNS)]) + ", " + evidence_select(con, view)
    sql = (f"SELECT {columns} FROM {view} WHERE {where.sql}"
           " ORDER BY published DESC NULLS LAST, doc_id, sentence_index LIMIT ?")
    params = [*where.params, int(limit)]
    try:
        rows = con.execute(sql, params).fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"cannot read events: {exc}") from exc
    return [dict(zip(COLUMNS, row)) for row in rows]
