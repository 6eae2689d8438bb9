"""Read stored events (latest document versions: `current_events`) with actor-prefix and date filters."""
from __future__ import annotations

from datetime import date

import duckdb

from dyadwatch.errors import StoreError
from dyadwatch.store.filters import Where

COLUMNS = ["event_id", "doc_id", "published", "sentence_index", "sentence", "source", "source_text", "target",
           "target_text", "cameo", "cameo_root", "quad_class", "goldstein", "plover", "negated", "mode",
           "verb_text", "pattern"]


def query_events(con: duckdb.DuckDBPyConnection, *, source: str | None = None, target: str | None = None,
                 since: date | None = None, until: date | None = None, limit: int = 1000) -> list[dict]:
    """Events newest first; source/target match as code prefixes ('JPN' matches 'JPNGOV').

    Only events of each document's latest version: a changed article's old events are superseded.
    """
    where = Where().code_prefix("source", source).code_prefix("target", target)
    where.date_range("published", since, until)
    sql = (f"SELECT {', '.join(COLUMNS)} FROM current_events WHERE {where.sql}"
           " ORDER BY published DESC NULLS LAST, doc_id, sentence_index LIMIT ?")
    params = [*where.params, int(limit)]
    try:
        rows = con.execute(sql, params).fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"cannot read events: {exc}") from exc
    return [dict(zip(COLUMNS, row)) for row in rows]
