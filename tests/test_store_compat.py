"""A database written by the previous lock's DuckDB still opens with the locked one, and a file DuckDB
cannot read gets one line saying what to do."""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from dyadwatch.errors import StoreError
from dyadwatch.store import db as store_db
from dyadwatch.store.db import open_db

FIXTURE = Path(__file__).parent / "fixtures" / "db" / "founding-duckdb-1.5.6.duckdb.gz"


def test_database_from_duckdb_1_5_opens_and_reads(tmp_path):
    path = tmp_path / "old.duckdb"
    with gzip.open(FIXTURE) as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    con = open_db(path)
    try:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 15
        assert con.execute("SELECT count(*) FROM pledges").fetchone()[0] == 12
        sources = {row[0] for row in con.execute("SELECT DISTINCT source FROM events").fetchall()}
        assert "JPNGOV" in sources
    finally:
        con.close()
    # written again by this DuckDB, it opens a second time
    open_db(path).close()


def test_newer_storage_version_is_one_line_with_the_way_out():
    message = ("IO Error: Trying to read a database file with version number 99, but we can only read "
               "versions between 64 and 68.\nThe database file was created with a newer version of DuckDB."
               "\n\nSee the storage page for migration strategy")
    line = store_db._open_failure(message)
    assert "\n" not in line
    assert "newer DuckDB (storage version 99)" in line
    assert "requirements/demo.txt" in line


def test_older_storage_version_says_how_to_export():
    message = ("IO Error: Trying to read a database file with version number 40, but we can only read "
               "versions between 64 and 68.\nThe database file was created with an older version of DuckDB.")
    line = store_db._open_failure(message)
    assert "\n" not in line and "EXPORT DATABASE" in line


def test_not_a_database_file_names_it(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("just some text, not a database\n" * 50)
    with pytest.raises(StoreError) as err:
        open_db(bogus)
    assert str(err.value).startswith(str(bogus))
    assert "\n" not in str(err.value)
