"""The Spark job (local[2]) writes what the local pipeline stores, reports a corrupt file, and loads.

Inputs: two WARC files built from the package's sample pages, the founding article, a JSONL file and
a corrupt WARC. Spark output must equal `process_inputs` + `write_article` on the same inputs.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17)", allow_module_level=True)

from dyadwatch.run import process_inputs, write_article  # noqa: E402
from dyadwatch.settings import load_settings  # noqa: E402
from dyadwatch.spark.inputs import expand_inputs  # noqa: E402
from dyadwatch.spark.job import main, run_job  # noqa: E402
from dyadwatch.spark.load import load_parquet  # noqa: E402
from dyadwatch.store.db import open_db  # noqa: E402
from dyadwatch.store.export import parquet_tables  # noqa: E402

pytestmark = pytest.mark.spark

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "dyadwatch" / "data" / "samples"
CLUSTER_COLUMNS = {"cluster_id", "num_mentions", "num_sources", "num_articles", "similarity"}
EVENT_KEY = "event_id, doc_id, version, sentence_index, sentence, cameo, source, target, goldstein, mode, negated"


def _warc(path: Path, pages: list[Path]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page in pages:
            html = gzip.decompress(page.read_bytes())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://news.example.org/{page.name.split('.')[0]}", "response", payload=io.BytesIO(html),
                http_headers=headers, warc_headers_dict={"WARC-Date": "2019-11-20T10:00:00Z"},
            )
            writer.write_record(record)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spark-in")
    pages = sorted(SAMPLES.glob("*.html.gz"))
    assert len(pages) >= 5
    _warc(folder / "a.warc.gz", pages[:3])
    _warc(folder / "b.warc.gz", pages[3:5])
    (folder / "corrupt.warc.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"this is not a WARC archive" * 20)
    manifest = folder / "inputs.paths"
    names = ["a.warc.gz", str(SAMPLES / "ishiba-japan-us-alliance.txt"), "corrupt.warc.gz", "b.warc.gz",
             str(SAMPLES / "articles.jsonl")]
    manifest.write_text("# test inputs\n" + "\n".join(names) + "\n", encoding="utf-8")
    return manifest


@pytest.fixture(scope="module")
def local_db(inputs, tmp_path_factory):
    """The local pipeline on the same inputs."""
    con = open_db(str(tmp_path_factory.mktemp("local") / "local.duckdb"))
    settings = load_settings(quiet=True)
    errors = []
    for processed in process_inputs(expand_inputs([], [str(inputs)]), settings, workers=1, on_error=errors.append):
        write_article(con, processed)
    assert any("corrupt.warc.gz" in str(e) for e in errors)
    return con


@pytest.fixture(scope="module")
def spark_run(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark-out") / "out"
    summary = run_job([], str(out), manifests=[str(inputs)], master="local[2]", partitions=3,
                      settings=load_settings(quiet=True))
    return summary, out


def _sorted(table):
    return sorted(table.to_pylist(), key=repr)


def _rows(con, sql):
    return sorted(con.execute(sql).fetchall(), key=repr)


def test_spark_output_equals_local_pipeline(spark_run, local_db):
    """Every export table equals the local export's, row for row, modulo order; only the cluster
    columns may differ (clusters span documents, so Spark's partitions cluster on their own)."""
    summary, out = spark_run
    spark = duckdb.connect()
    local = parquet_tables(local_db)
    for name, table in local.items():
        written = pq.read_table(out / name).select(table.schema.names)  # read as a dataset of parts
        assert written.schema == table.schema, name
        keep = [c for c in table.schema.names if c not in CLUSTER_COLUMNS]
        assert _sorted(written.select(keep)) == _sorted(table.select(keep)), name
    assert local["events"].num_rows == summary.events and local["documents"].num_rows == summary.documents
    store = f"SELECT * FROM read_parquet('{out}/store_events/*.parquet')"
    assert _rows(spark, store) == _rows(local_db, "SELECT * FROM events")
    assert summary.files == 5 and summary.partitions == 3
    assert summary.documents == local_db.execute("SELECT count(*) FROM documents").fetchone()[0]


def test_corrupt_file_is_counted_and_reported_not_fatal(spark_run):
    summary, out = spark_run
    assert summary.errors >= 1
    assert [Path(f).name for f in summary.error_files] == ["corrupt.warc.gz"]
    errors = duckdb.connect().execute(
        f"SELECT file, stage, reason FROM read_parquet('{out}/errors/*.parquet')"
    ).fetchall()
    assert errors and all(Path(f).name == "corrupt.warc.gz" and stage == "read" and reason for f, stage, reason in errors)
    written = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert written["errors"] == summary.errors and written["documents"] == summary.documents


def test_load_brings_spark_output_into_duckdb_once(spark_run, local_db, tmp_path):
    _, out = spark_run
    con = open_db(str(tmp_path / "loaded.duckdb"))
    first = load_parquet(con, str(out))
    local_docs = local_db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert first.documents == local_docs
    assert _rows(con, "SELECT * FROM events") == _rows(local_db, "SELECT * FROM events")
    assert _rows(con, "SELECT * FROM removed_lines") == _rows(local_db, "SELECT * FROM removed_lines")
    assert _rows(con, "SELECT * EXCLUDE (ingested_at, window_basis) FROM documents") == _rows(
        local_db, "SELECT * EXCLUDE (ingested_at, window_basis) FROM documents"
    )
    again = load_parquet(con, str(out))
    assert again.documents == 0 and again.skipped_documents == local_docs
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == local_docs


def test_job_refuses_a_non_empty_output_without_force(spark_run, inputs, capsys):
    _, out = spark_run
    assert main([str(inputs), "--output", str(out), "--master", "local[1]"]) == 2
    assert f"{out}: output folder is not empty (use --force to replace it)" in capsys.readouterr().err


def test_spark_and_load_commands(tmp_path):
    from typer.testing import CliRunner

    from dyadwatch.cli import app

    corrupt = tmp_path / "corrupt.warc.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00" + b"not a WARC" * 10)
    out, db = tmp_path / "out", str(tmp_path / "cli.duckdb")
    runner = CliRunner()
    ran = runner.invoke(app, ["spark", str(SAMPLES / "ishiba-japan-us-alliance.txt"), str(corrupt),
                              "--output", str(out), "--master", "local[1]", "--json"])
    assert ran.exit_code == 1, ran.output  # 1: some input failed, the rest was processed
    summary = json.loads(ran.stdout[ran.stdout.index("{"):])
    assert summary["documents"] == 1 and summary["errors"] == 1 and summary["events"] > 0
    assert f"{corrupt}: had errors" in ran.output
    loaded = runner.invoke(app, ["load", str(out), "--db", db])
    assert loaded.exit_code == 0 and "1 documents loaded, 0 already stored" in loaded.output
