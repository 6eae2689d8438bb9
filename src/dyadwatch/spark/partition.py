"""What one Spark partition does: the same pipeline as `dyadwatch ingest`, written as Parquet.

Runs on an executor, with no Spark import (the stages are imported when a partition runs, not on
the driver): read each file (`ingest.read_inputs`), process its documents
(`pipeline.process_documents`, a few at a time, with a Coder loaded once per Python worker), store
them in a partition-local in-memory DuckDB with the run's `write_article` (rows and derived tables,
as `dyadwatch ingest` stores them), and dump that database with the exporter's `parquet_tables` — so
the tables have exactly the schema `dyadwatch export --format parquet` writes (plus `store_events`
and `removed_lines`, which the export leaves out). Every file or document that fails becomes a row
of the `errors` table; nothing here raises for bad input.
"""
from __future__ import annotations

import os
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dyadwatch.errors import DyadwatchError, InputError
from dyadwatch.settings import Settings
from dyadwatch.spark.inputs import local_copy

ERRORS_TABLE = "errors"
ERRORS_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string(), nullable=False),  # the file (or "file#record") that failed
        pa.field("file", pa.string(), nullable=False),  # the input file it belongs to
        pa.field("stage", pa.string(), nullable=False),  # read | process | store
        pa.field("reason", pa.string(), nullable=False),
        pa.field("partition", pa.int32(), nullable=False),
    ]
)
# Store rows not in the export: events with every column (offsets of actors and verb, pattern, ...)
# and the lines cleaning removed. `spark.load` reads these in preference to the export's `events`.
STORE_TABLES = {
    "store_events": "SELECT * FROM events ORDER BY doc_id, version, sentence_index, event_id",
    "removed_lines": "SELECT * FROM removed_lines ORDER BY doc_id, version, position",
}
FLUSH_EVERY = 2000  # documents per Parquet part: bounds executor memory on big WARC files

_CODERS: dict[str, Any] = {}  # one Coder per settings per Python worker (reused across tasks)


def coder_for(settings: Settings) -> Any:
    key = repr(settings)
    if key not in _CODERS:
        from dyadwatch.pipeline import load_coder

        _CODERS.clear()
        _CODERS[key] = load_coder(settings)
    return _CODERS[key]


def part_name(partition: int, chunk: int) -> str:
    return f"part-{partition:05d}-{chunk:04d}.parquet"


def process_partition(
    partition: int, paths: Iterable[str], settings: Settings, output: str, flush_every: int = FLUSH_EVERY
) -> Iterator[dict[str, Any]]:
    """Process the files of one partition; write its Parquet parts; yield one summary dict."""
    coder = coder_for(settings)
    counts: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    sink = _PartSink(partition, output)
    for path in paths:
        counts["files"] += 1
        for outcome, value in _process_file(path, settings, coder):
            if outcome == "error":
                errors.append({**value, "partition": partition})
                continue
            status = sink.write(value)
            counts["documents"] += 1
            counts[status] += 1
            if sink.pending >= flush_every:
                counts.update(sink.flush())
    counts.update(sink.flush(force=True))
    _write_table(pa.Table.from_pylist(errors, schema=ERRORS_SCHEMA), output, ERRORS_TABLE, part_name(partition, 0))
    counts["errors"] = len(errors)
    yield {"partition": partition, "counts": dict(counts), "error_files": sorted({e["file"] for e in errors})}


def _process_file(path: str, settings: Settings, coder: Any) -> Iterator[tuple[str, Any]]:
    """("ok", processed) or ("error", row) for every document of the file, in order. Documents go
    through `pipeline.process_documents` a few at a time (their articles coded together, as one
    process and the worker pool do); if that raises anything unexpected, through
    `pipeline.process_document` one at a time, so one document never fails the job."""
    from dyadwatch.ingest import read_inputs
    from dyadwatch.pipeline import process_document, process_documents
    from dyadwatch.run import DOCUMENTS_PER_CODING_CALL

    def error(where: str, stage: str, reason: str) -> tuple[str, dict[str, Any]]:
        return "error", {"path": where, "file": path, "stage": stage, "reason": reason}

    def one(item: Any, local: str) -> tuple[str, Any]:
        try:
            return "ok", process_document(item, settings, coder)
        except InputError as exc:
            return error(_remote_name(exc.path, local, path), "process", exc.reason)
        except Exception as exc:  # noqa: BLE001 - one document never fails the job
            return error(_remote_name(item.path, local, path), "process", _describe(exc))

    def chunk_outcomes(chunk: list[Any], local: str) -> list[tuple[str, Any]]:
        try:
            results = process_documents(chunk, settings, coder)
        except Exception:  # noqa: BLE001 - retried one by one, where each error is the document's own
            return [one(item, local) for item in chunk]
        return [error(_remote_name(r.path, local, path), "process", r.reason) if isinstance(r, InputError)
                else ("ok", r) for r in results]

    try:
        with local_copy(path) as local:
            chunk: list[Any] = []
            for item in read_inputs([local], settings):
                if isinstance(item, InputError):
                    yield from chunk_outcomes(chunk, local) if chunk else ()  # errors stay in input order
                    chunk = []
                    yield error(_remote_name(item.path, local, path), "read", item.reason)
                    continue
                chunk.append(item)
                if len(chunk) >= DOCUMENTS_PER_CODING_CALL:
                    yield from chunk_outcomes(chunk, local)
                    chunk = []
            if chunk:
                yield from chunk_outcomes(chunk, local)
    except InputError as exc:
        yield error(exc.path, "read", exc.reason)
    except Exception as exc:  # noqa: BLE001 - e.g. a reader crashing mid-file: count it, go on
        yield error(path, "read", _describe(exc))


def _remote_name(where: str, local: str, original: str) -> str:
    """Error paths name the input as given (the URL), not the executor's temporary copy."""
    return original + where[len(local):] if where.startswith(local) else where


def _describe(exc: Exception) -> str:
    if isinstance(exc, DyadwatchError):
        return str(exc)
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    return f"internal error {type(exc).__name__}: {exc}{where}"


class _PartSink:
    """A partition-local in-memory store, dumped as Parquet parts every `flush_every` documents."""

    def __init__(self, partition: int, output: str):
        self.partition = partition
        self.output = output
        self.chunk = 0
        self.pending = 0
        self.con = None

    def write(self, processed: Any) -> str:
        from dyadwatch.store.db import open_db
        from dyadwatch.run import write_article

        if self.con is None:
            self.con = open_db(":memory:")
        self.pending += 1
        return write_article(self.con, processed)

    def flush(self, force: bool = False) -> dict[str, int]:
        """Write the parts (always at least one, possibly empty, when forced) and start afresh.
        Returns the rows written to `events` and `pledges` (as stored: repeats in an article once)."""
        from dyadwatch.store.db import open_db

        if self.pending == 0 and not (force and self.chunk == 0):
            return {}
        con = self.con or open_db(":memory:")
        tables = _parquet_tables(con)
        for name, table in tables.items():
            _write_table(table, self.output, name, part_name(self.partition, self.chunk))
        con.close()
        self.con = None
        self.pending = 0
        self.chunk += 1
        return {name: tables[name].num_rows for name in ("events", "pledges") if name in tables}


def _parquet_tables(con: Any) -> dict[str, pa.Table]:
    """The export's tables (`store.export.parquet_tables`, the schema `dyadwatch export` writes), plus
    the store's own rows the export leaves out, so `dyadwatch load` rebuilds the store losslessly."""
    from dyadwatch.store.export import parquet_tables

    tables = parquet_tables(con)
    for name, query in STORE_TABLES.items():
        tables[name] = con.sql(query).to_arrow_table()
    return tables


def _write_table(table: pa.Table, output: str, name: str, filename: str) -> None:
    """Write atomically (temp name, then rename) so a retried or speculative task never leaves half a file."""
    if _is_local(output):
        output = output.removeprefix("file://")
        folder = os.path.join(output, name)
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, filename)
        pq.write_table(table, target + ".tmp")
        os.replace(target + ".tmp", target)
        return
    from pyarrow import fs

    filesystem, root = fs.FileSystem.from_uri(output.replace("s3a://", "s3://", 1))
    filesystem.create_dir(f"{root}/{name}", recursive=True)
    pq.write_table(table, f"{root}/{name}/{filename}", filesystem=filesystem)


def _is_local(output: str) -> bool:
    return "://" not in output or output.startswith("file://")
