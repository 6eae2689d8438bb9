"""How a stored document's date reads: a day, or the window inferred for an undated article.

Shared by the story (cards, agendas) and the agreement timelines, so both word dates alike.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

NO_DATE = "no date given"


def date_text(day: date | None, earliest: date | None, latest: date | None) -> str:
    """A date as the record holds it: a day, an inferred window, or "no date given"."""
    if day:
        return day.isoformat()
    if earliest and latest:
        return f"between {earliest.isoformat()} and {latest.isoformat()} (inferred)"
    return NO_DATE


def document_dating(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, tuple[Any, Any, Any]]:
    """(published, window_earliest, window_latest) of each document's latest version, for `date_text`."""
    ids = sorted({i for i in doc_ids if i})
    if not ids:
        return {}
    found = con.execute(
        "SELECT doc_id, arg_max(published, version), arg_max(window_earliest, version), "
        "arg_max(window_latest, version) FROM documents WHERE list_contains(?, doc_id) GROUP BY doc_id",
        [ids],
    ).fetchall()
    return {doc_id: (published, earliest, latest) for doc_id, published, earliest, latest in found}
