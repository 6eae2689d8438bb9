"""`load_parquet`: Parquet parts (Spark layout or export layout) into DuckDB, idempotently."""
from __future__ import annotations

import os

import pytest

from dyadwatch.errors import StoreError
from dyadwatch.records import sha256_hex
from dyadwatch.spark.load import load_parquet
from dyadwatch.store.db import open_db


def _partition_db(docs):
    """A partition-local store as a Spark task builds it: every document at version 1."""
    con = open_db(":memory:")
    for doc_id, content, events in docs:
        con.execute(
            "INSERT INTO documents (doc_id, version, content_hash, path, text) VALUES (?, 1, ?, ?, ?)",
            [doc_id, f"hash-{content}", f"{doc_id}.html", content],
        )
        con.execute(
            "INSERT INTO removed_lines VALUES (?, 1, 0, 'GIPHY App Key not set.', 'widget', '')", [doc_id]
        )
        for i, cameo in enumerate(events):
            con.execute(
                "INSERT INTO events (event_id, doc_id, version, sentence_index, sentence, sentence_start, "
                "cameo, cameo_root, quad_class, goldstein, negated, mode) "
                "VALUES (?, ?, 1, ?, 'A proposes to B.', 0, ?, ?, 1, 3.0, false, 'asserted')",
                [f"{doc_id}-{content}-{i}", doc_id, i, cameo, cameo[:2]],
            )
    return con


def _write_parts(out, partition, con, tables=("documents", "removed_lines", "events")):
    for table in tables:
        os.makedirs(out / table, exist_ok=True)
        con.execute(f"COPY {table} TO '{out / table / f'part-{partition:05d}-0000.parquet'}' (FORMAT parquet)")


@pytest.fixture()
def spark_output(tmp_path):
    out = tmp_path / "out"
    # partition 0: a and b; partition 1: a again (same content) and b with new content, and c
    _write_parts(out, 0, _partition_db([("a", "one", ["036", "057"]), ("b", "two", ["040"])]))
    _write_parts(out, 1, _partition_db([("a", "one", ["036", "057"]), ("b", "two-updated", ["043"]), ("c", "x", [])]))
    return out


def _counts(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "events", "removed_lines")}


def test_load_dedups_across_partitions_and_versions_new_content(spark_output, tmp_path):
    con = open_db(tmp_path / "db.duckdb")
    summary = load_parquet(con, str(spark_output))
    assert summary.documents == 4 and summary.skipped_documents == 0
    assert _counts(con) == {"documents": 4, "events": 4, "removed_lines": 4}
    versions = con.execute("SELECT doc_id, version, content_hash FROM documents ORDER BY ALL").fetchall()
    assert versions == [("a", 1, "hash-one"), ("b", 1, "hash-two"), ("b", 2, "hash-two-updated"), ("c", 1, "hash-x")]
    # each event keeps the version of the content it was coded from, with the writer's id for it
    assert con.execute("SELECT version, event_id FROM events WHERE cameo = '043'").fetchone() == (
        2, sha256_hex("b-two-updated-0|v2")[:24]
    )


def test_loading_twice_adds_nothing(spark_output, tmp_path):
    con = open_db(tmp_path / "db.duckdb")
    load_parquet(con, str(spark_output))
    before = _counts(con)
    again = load_parquet(con, str(spark_output))
    assert again.documents == 0 and again.skipped_documents == 4
    assert _counts(con) == before


def test_export_layout_single_files(tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    con = _partition_db([("a", "one", ["036"])])
    for table in ("documents", "events"):
        con.execute(f"COPY {table} TO '{out / (table + '.parquet')}' (FORMAT parquet)")
    target = open_db(tmp_path / "db.duckdb")
    summary = load_parquet(target, str(out))
    assert summary.rows == {"documents": 1, "events": 1}


def test_missing_documents_table_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="empty: no documents table"):
        load_parquet(open_db(":memory:"), str(tmp_path / "empty"))


def test_plain_export_loads_and_sentence_offsets_are_recovered(tmp_path):
    from dyadwatch.store.export import export

    con = _partition_db([("a", "Intro. A proposes to B.", ["036"])])
    con.execute("UPDATE events SET sentence_start = 7")
    export(con, "parquet", tmp_path / "export")
    target = open_db(tmp_path / "db.duckdb")
    summary = load_parquet(target, str(tmp_path / "export"))
    assert summary.rows["documents"] == 1 and summary.rows["events"] == 1
    assert "mentions" in summary.ignored_tables
    assert target.execute("SELECT event_id, sentence_start FROM events").fetchall() == [("a-Intro. A proposes to B.-0", 7)]
    assert load_parquet(target, str(tmp_path / "export")).documents == 0


def test_load_command(spark_output, tmp_path):
    from typer.testing import CliRunner

    from dyadwatch.cli import app

    db = str(tmp_path / "cli.duckdb")
    runner = CliRunner()
    first = runner.invoke(app, ["load", str(spark_output), "--db", db])
    assert first.exit_code == 0, first.output
    assert "4 documents loaded, 0 already stored" in first.output
    again = runner.invoke(app, ["load", str(spark_output), "--db", db, "--json"])
    assert '"documents": 0' in again.output and '"skipped_documents": 4' in again.output
    missing = runner.invoke(app, ["load", str(tmp_path / "nope"), "--db", db])
    assert missing.exit_code == 1 and "nope: no such folder of Parquet tables" in missing.output
