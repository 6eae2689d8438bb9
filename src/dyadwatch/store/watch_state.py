"""What the watcher remembers between runs (tables from migration m031).

- `watch_feeds`: per feed URL, the validators of its last good response (ETag, Last-Modified) for a
  conditional GET, and how often it has failed in a row (for the back-off);
- `watch_items`: the feed items already stored, by feed and item key, so an item is new only once;
- `watch_files`: the folder files already read, by path, size and modification time.

The watcher writes these only after the documents of a round are committed, so a run killed mid-round
fetches and reads the same things again on restart (the pipeline then skips what it already holds).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb


@dataclass
class FeedState:
    """One feed's remembered state."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # failed polls in a row
    next_round: int = 0  # the first round that polls it again (back-off after failures)
    last_error: str | None = None
    last_ok: datetime | None = None


FEED_COLUMNS = ["url", "etag", "last_modified", "failures", "next_round", "last_error", "last_ok"]


def load_feed_states(con: duckdb.DuckDBPyConnection) -> dict[str, FeedState]:
    rows = con.execute(f"SELECT {', '.join(FEED_COLUMNS)} FROM watch_feeds").fetchall()
    return {row[0]: FeedState(*row) for row in rows}


def save_feed_state(con: duckdb.DuckDBPyConnection, state: FeedState) -> None:
    values = [getattr(state, name) for name in FEED_COLUMNS]
    placeholders = ", ".join("?" for _ in FEED_COLUMNS)
    con.execute(f"INSERT OR REPLACE INTO watch_feeds ({', '.join(FEED_COLUMNS)}) VALUES ({placeholders})", values)


def seen_items(con: duckdb.DuckDBPyConnection, feed_url: str) -> set[str]:
    rows = con.execute("SELECT item_key FROM watch_items WHERE feed_url = ?", [feed_url]).fetchall()
    return {row[0] for row in rows}


def remember_items(con: duckdb.DuckDBPyConnection, feed_url: str, keys: list[str], round_id: int) -> None:
    if keys:
        con.executemany(
            "INSERT OR IGNORE INTO watch_items (feed_url, item_key, round_id) VALUES (?, ?, ?)",
            [[feed_url, key, round_id] for key in keys],
        )


def taken_files(con: duckdb.DuckDBPyConnection) -> set[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every folder file already read."""
    return {tuple(row) for row in con.execute("SELECT path, size, mtime_ns FROM watch_files").fetchall()}


def remember_files(con: duckdb.DuckDBPyConnection, files: list[tuple[str, int, int]], round_id: int) -> None:
    if files:
        con.executemany(
            "INSERT OR IGNORE INTO watch_files (path, size, mtime_ns, round_id) VALUES (?, ?, ?, ?)",
            [[path, size, mtime_ns, round_id] for path, size, mtime_ns in files],
        )
