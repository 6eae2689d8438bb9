"""One Spark partition's work, without Spark: Parquet parts every N documents, errors as rows."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from dyadwatch.settings import load_settings
from dyadwatch.spark.load import load_parquet
from dyadwatch.spark.partition import ERRORS_SCHEMA, process_partition
from dyadwatch.store.db import open_db

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "dyadwatch" / "data" / "samples"


def test_partition_flushes_parts_and_records_errors(tmp_path):
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    files = [str(SAMPLES / "ishiba-japan-us-alliance.txt"), str(bad), str(SAMPLES / "articles.jsonl"),
             str(tmp_path / "gone.html")]
    out = tmp_path / "out"
    [summary] = list(process_partition(7, iter(files), load_settings(quiet=True), str(out), flush_every=2))
    assert summary["counts"]["files"] == 4 and summary["counts"]["documents"] == 3
    assert summary["error_files"] == sorted([str(bad), str(tmp_path / "gone.html")])
    parts = sorted(p.name for p in (out / "documents").iterdir())
    assert parts == ["part-00007-0000.parquet", "part-00007-0001.parquet"]  # 2 documents, then 1
    errors = pq.read_table(out / "errors")
    assert errors.schema == ERRORS_SCHEMA and errors.num_rows == 2
    assert set(errors.column("stage").to_pylist()) == {"read"}
    con = open_db(":memory:")
    loaded = load_parquet(con, str(out))
    assert loaded.documents == 3
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == summary["counts"]["events"] > 0


def test_documents_are_processed_one_by_one_when_a_chunk_fails_unexpectedly(tmp_path, monkeypatch):
    """A chunk that raises something unexpected (a bug, not bad input) is redone document by document,
    so the partition writes the same documents and events as when chunks work."""
    import dyadwatch.pipeline as pipeline

    files = [str(SAMPLES / "ishiba-japan-us-alliance.txt"), str(SAMPLES / "articles.jsonl")]
    settings = load_settings(quiet=True)
    [normal] = list(process_partition(0, iter(files), settings, str(tmp_path / "a")))

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in batching")

    monkeypatch.setattr(pipeline, "process_documents", broken)
    [fallback] = list(process_partition(0, iter(files), settings, str(tmp_path / "b")))
    assert fallback["counts"] == normal["counts"] and normal["counts"]["events"] > 0
