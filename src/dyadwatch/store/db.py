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
        raise StoreError(f"{path}: {_open_failure(str(exc))}") from exc
    migrate(con)
    return con


def _open_failure(message: str) -> str:
    """DuckDB's reason for not opening a file, as one line that says what to do about it.

    DuckDB reads files written by older releases but not by newer ones; its own message spans several
    lines and points at a web page, so the storage-version case gets a line of its own.
    """
    versions = re.search(r"version number (\d+), but we can only read versions between (\d+) and (\d+)", message)
    if versions and "newer version" in message:
        return (f"written by a newer DuckDB (storage version {versions.group(1)}) than the installed duckdb "
                f"{duckdb.__version__} reads (up to {versions.group(3)}); install the project's locked "
                f"versions (pip install -r requirements/demo.txt) or open it with the duckdb that wrote it")
    if versions:
        return (f"written by an old DuckDB (storage version {versions.group(1)}) that duckdb "
                f"{duckdb.__version__} no longer reads; with the duckdb that wrote it run EXPORT DATABASE "
                f"'dump' (FORMAT parquet), then IMPORT DATABASE 'dump' into a new file with this one")
    first_line = message.strip().splitlines()[0] if message.strip() else "unknown DuckDB error"
    return f"cannot open database: {first_line}"


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
