"""Opening the store: the one place that connects to DuckDB and applies migrations."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from dyadwatch.errors import StoreError
from dyadwatch.store.schema import MIGRATIONS

DEFAULT_DB = "dyadwatch.duckdb"


def open_db(path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a dyadwatch database and bring its schema up to date."""
    path = str(path)
    try:
        if read_only:
            return duckdb.connect(path, read_only=True)
        con = duckdb.connect(path)
    except duckdb.Error as exc:  # locked by another process, not a DuckDB file, ...
        holder = re.search(r"Conflicting lock is held in (.+?) \(PID (\d+)\)", str(exc))
        if holder:
            raise StoreError(
                f"{path}: in use by another process (PID {holder.group(2)}: {Path(holder.group(1)).name}, e.g. "
                f"`dyadwatch serve` or another ingest); stop it, or wait for it to finish, and run this again"
            ) from exc
        raise StoreError(f"{path}: cannot open database: {exc}") from exc
    migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations in order; returns the names applied."""
    con.execute("CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    done = {row[0] for row in con.execute("SELECT name FROM _migrations").fetchall()}
    applied = []
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migration(con)
            con.execute("INSERT INTO _migrations VALUES (?, current_timestamp)", [migration.__name__])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.__name__)
    return applied
