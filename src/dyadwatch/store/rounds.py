"""Rows about the watcher's rounds (`watch_rounds`, created by migration m030).

A round is one pass of `dyadwatch watch` over its sources: what it fetched, what was new, what it
stored and which sources failed. The watcher writes a row when a round starts and completes it when
the round ends, so a round cut short (kill -9) stays visible with no `finished_at`. The overview,
`/api/rounds` and `dyadwatch alerts` read them back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

ROUND_COLUMNS = [
    "round_id", "started_at", "finished_at", "sources", "items_seen", "items_new", "documents_stored",
    "events_added", "errors", "error_lines",
]


@dataclass
class RoundRecord:
    """One round of the watcher, as stored."""

    round_id: int
    started_at: datetime
    finished_at: datetime | None = None
    sources: int = 0  # sources polled this round
    items_seen: int = 0  # feed items and files looked at
    items_new: int = 0  # of those, not seen in an earlier round
    documents_stored: int = 0  # new documents (or new versions) written
    events_added: int = 0
    errors: int = 0
    error_lines: list[str] = field(default_factory=list)  # one line per failing source or input

    def as_dict(self) -> dict[str, Any]:
        return {
            "round_id": self.round_id,
            "started_at": self.started_at.isoformat(timespec="seconds") if self.started_at else None,
            "finished_at": self.finished_at.isoformat(timespec="seconds") if self.finished_at else None,
            "sources": self.sources,
            "items_seen": self.items_seen,
            "items_new": self.items_new,
            "documents_stored": self.documents_stored,
            "events_added": self.events_added,
            "errors": self.errors,
            "error_lines": list(self.error_lines),
        }


def next_round_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT coalesce(max(round_id), 0) + 1 FROM watch_rounds").fetchone()[0])


def start_round(con: duckdb.DuckDBPyConnection, started_at: datetime, sources: int) -> RoundRecord:
    """Record that a round has started; returns its record (finish it with `finish_round`)."""
    record = RoundRecord(round_id=next_round_id(con), started_at=started_at, sources=sources)
    save_round(con, record)
    return record


def save_round(con: duckdb.DuckDBPyConnection, record: RoundRecord) -> None:
    """Insert or replace the row of `record.round_id`."""
    values = [
        record.round_id, record.started_at, record.finished_at, record.sources, record.items_seen,
        record.items_new, record.documents_stored, record.events_added, record.errors,
        list(record.error_lines),
    ]
    placeholders = ", ".join("?" for _ in ROUND_COLUMNS)
    con.execute(f"INSERT OR REPLACE INTO watch_rounds ({', '.join(ROUND_COLUMNS)}) VALUES ({placeholders})", values)


def finish_round(con: duckdb.DuckDBPyConnection, record: RoundRecord, finished_at: datetime) -> RoundRecord:
    record.finished_at = finished_at
    save_round(con, record)
    return record


def recent_rounds(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[RoundRecord]:
    """The latest rounds, newest first."""
    rows = con.execute(
        f"SELECT {', '.join(ROUND_COLUMNS)} FROM watch_rounds ORDER BY round_id DESC LIMIT ?", [limit]
    ).fetchall()
    return [_record(row) for row in rows]


def round_started_at(con: duckdb.DuckDBPyConnection, round_id: int) -> datetime | None:
    """When round `round_id` started (None when there is no such round)."""
    row = con.execute("SELECT started_at FROM watch_rounds WHERE round_id = ?", [round_id]).fetchone()
    return row[0] if row else None


def _record(row: tuple) -> RoundRecord:
    values = dict(zip(ROUND_COLUMNS, row))
    values["error_lines"] = list(values["error_lines"] or [])
    return RoundRecord(**values)
