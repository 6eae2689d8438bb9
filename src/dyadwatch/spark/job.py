"""The Spark job: the dyadwatch pipeline over many files, Parquet out.

    spark-submit --master spark://host:7077 -m ... src/dyadwatch/spark/job.py INPUT... --output DIR
    python -m dyadwatch.spark.job INPUT... --output DIR [--master local[2]] [--partitions N]
    dyadwatch spark INPUT... --output DIR            (the same, from the CLI)

The driver lists the files (globs, folders, manifests, URLs), spreads them over partitions, and each
partition runs `spark.partition.process_partition` (read_inputs -> process_documents -> the run's
write_article -> export's Parquet tables) with the Coder loaded once per Python worker. Output: one folder per table
(documents, events, pledges, ... as `dyadwatch export --format parquet` writes them, plus `errors`)
of `part-*.parquet` files, and `_summary.json`. `dyadwatch load DIR` brings them into DuckDB.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from dyadwatch.errors import DyadwatchError, ExportError
from dyadwatch.settings import Settings, load_settings
from dyadwatch.spark.inputs import expand_inputs
from dyadwatch.spark.partition import ERRORS_TABLE, process_partition

SUMMARY_FILE = "_summary.json"


@dataclass
class JobSummary:
    output: str
    files: int = 0
    partitions: int = 0
    documents: int = 0
    stored: int = 0
    duplicate: int = 0
    new_version: int = 0
    events: int = 0
    pledges: int = 0
    errors: int = 0
    error_files: list[str] = field(default_factory=list)  # files with at least one error, for a rerun
    seconds: float = 0.0
    master: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def spark_session(master: str | None = None, app_name: str = "dyadwatch", partitions: int | None = None) -> Any:
    """A SparkSession (pyspark is the optional extra `dyadwatch[spark]`)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise DyadwatchError("PySpark is not installed: pip install 'dyadwatch[spark]'") from exc
    if (master is None or master.startswith("local")) and "PYSPARK_PYTHON" not in os.environ:
        os.environ["PYSPARK_PYTHON"] = sys.executable  # local workers use this interpreter
    builder = SparkSession.builder.appName(app_name).config("spark.ui.enabled", "false")
    builder = builder.config("spark.sql.shuffle.partitions", str(partitions or 4))
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def prepare_output(output: str, force: bool) -> None:
    """A local output folder must be new or empty, unless `force` (then it is emptied)."""
    if "://" in output and not output.startswith("file://"):
        return  # remote stores: parts have deterministic names and are overwritten
    path = output.removeprefix("file://")
    if os.path.isdir(path) and os.listdir(path):
        if not force:
            raise ExportError(f"{output}: output folder is not empty (use --force to replace it)")
        shutil.rmtree(path)
    elif os.path.exists(path) and not os.path.isdir(path):
        raise ExportError(f"{output}: exists and is not a folder")
    os.makedirs(path, exist_ok=True)


def run_job(
    inputs: list[str],
    output: str,
    *,
    manifests: list[str] = (),
    prefix: str | None = None,
    master: str | None = None,
    partitions: int | None = None,
    settings: Settings | None = None,
    force: bool = False,
    spark: Any = None,
) -> JobSummary:
    """Run the pipeline over every input file on Spark and write Parquet tables to `output`."""
    settings = settings or Settings()
    paths = expand_inputs(list(inputs), list(manifests), prefix)
    if not paths:
        raise DyadwatchError("no input files")
    prepare_output(output, force)
    own_session = spark is None
    spark = spark or spark_session(master, partitions=partitions)
    started = time.perf_counter()
    try:
        sc = spark.sparkContext
        slices = max(1, min(len(paths), partitions or sc.defaultParallelism * 4))
        out = output

        def run(index: int, part: Any) -> Any:
            return process_partition(index, part, settings, out)

        results = sc.parallelize(paths, numSlices=slices).mapPartitionsWithIndex(run).collect()
        summary = _summarise(results, output, len(paths), slices, sc.master)
    finally:
        if own_session:
            spark.stop()
    summary.seconds = round(time.perf_counter() - started, 2)
    _write_summary(summary)
    return summary


def _summarise(results: list[dict[str, Any]], output: str, files: int, slices: int, master: str) -> JobSummary:
    counts: Counter[str] = Counter()
    error_files: set[str] = set()
    for result in results:
        counts.update(result["counts"])
        error_files.update(result["error_files"])
    return JobSummary(
        output=output, files=files, partitions=slices, documents=counts["documents"],
        stored=counts["stored"], duplicate=counts["duplicate"], new_version=counts["new-version"],
        events=counts["events"], pledges=counts["pledges"], errors=counts["errors"],
        error_files=sorted(error_files), master=master,
    )


def _write_summary(summary: JobSummary) -> None:
    if "://" in summary.output and not summary.output.startswith("file://"):
        from pyarrow import fs

        filesystem, root = fs.FileSystem.from_uri(summary.output.replace("s3a://", "s3://", 1))
        with filesystem.open_output_stream(f"{root}/{SUMMARY_FILE}") as out:
            out.write(summary.to_json().encode("utf-8"))
        return
    path = os.path.join(summary.output.removeprefix("file://"), SUMMARY_FILE)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(summary.to_json() + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dyadwatch.spark.job",
        description="Run the dyadwatch pipeline on Spark over WARC, JSONL, HTML or text files; write Parquet.",
    )
    parser.add_argument("inputs", nargs="*", help="files, folders, globs, URLs or manifests (*.paths[.gz])")
    parser.add_argument("--output", required=True, help="output folder (local, file://, s3://)")
    parser.add_argument("--manifest", action="append", default=[], help="file listing one input path per line")
    parser.add_argument("--prefix", help="prefix for relative manifest entries, e.g. https://data.commoncrawl.org/")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--partitions", type=int, help="number of partitions (default: 4 per core)")
    parser.add_argument("--config", help="dyadwatch settings file (TOML)")
    parser.add_argument("--published", help="date for inputs that carry none (YYYY-MM-DD)")
    parser.add_argument("--max-bytes", type=int, help="refuse larger inputs (CC-NEWS WARCs are ~1 GB: raise it)")
    parser.add_argument("--force", action="store_true", help="replace a non-empty output folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point for spark-submit and `python -m dyadwatch.spark.job`. Exit 0 all read, 1 some failed."""
    args = build_parser().parse_args(argv)
    if not args.inputs and not args.manifest:
        print("error: give input files or --manifest", file=sys.stderr)
        return 2
    try:
        settings = load_settings(args.config, published=args.published, max_bytes=args.max_bytes)
        summary = run_job(
            args.inputs, args.output, manifests=args.manifest, prefix=args.prefix, master=args.master,
            partitions=args.partitions, settings=settings, force=args.force,
        )
    except DyadwatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1 if not isinstance(exc, ExportError) else 2
    print(summary.to_json())
    for path in summary.error_files:
        print(f"{path}: had errors (see {ERRORS_TABLE} table)", file=sys.stderr)
    return 1 if summary.errors else 0


if __name__ == "__main__":
    sys.exit(main())
