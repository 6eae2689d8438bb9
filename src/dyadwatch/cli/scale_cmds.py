"""`dyadwatch spark` and `dyadwatch load`: the pipeline on Spark, and its Parquet output into DuckDB."""
from __future__ import annotations

import json
from dataclasses import asdict

import typer

from dyadwatch.cli.common import DbOption, JsonOption, app, console, fail, warn
from dyadwatch.errors import DyadwatchError, ExportError


@app.command()
def spark(
    inputs: list[str] = typer.Argument(None, help="Files, folders, globs, URLs or manifests (*.paths[.gz])."),
    output: str = typer.Option(..., "--output", "-o", help="Output folder for the Parquet tables."),
    master: str = typer.Option(None, "--master", help="Spark master, e.g. local[2] or spark://host:7077."),
    partitions: int = typer.Option(None, "--partitions", help="Number of partitions (default: 4 per core)."),
    manifest: list[str] = typer.Option(None, "--manifest", help="File listing one input path per line."),
    prefix: str = typer.Option(None, "--prefix", help="Prefix for relative manifest entries."),
    config: str = typer.Option(None, "--config", help="Settings file (TOML)."),
    max_bytes: int = typer.Option(None, "--max-bytes", help="Refuse larger inputs (CC-NEWS WARCs: ~1 GB)."),
    force: bool = typer.Option(False, "--force", help="Replace a non-empty output folder."),
    as_json: bool = JsonOption,
) -> None:
    """Run the pipeline on Spark over WARC, JSONL, HTML or text files and write Parquet tables."""
    from dyadwatch.settings import load_settings
    from dyadwatch.spark.job import run_job

    if not inputs and not manifest:
        fail("give input files or --manifest", code=2)
    try:
        settings = load_settings(config, max_bytes=max_bytes)
        summary = run_job(
            inputs or [], output, manifests=manifest or [], prefix=prefix, master=master or "local[*]",
            partitions=partitions, settings=settings, force=force,
        )
    except ExportError as exc:
        fail(str(exc), code=2)
    except DyadwatchError as exc:
        fail(str(exc))
    for path in summary.error_files:
        warn(f"{path}: had errors (listed in {output}/errors)")
    if as_json:
        print(summary.to_json())
    else:
        console.print(
            f"{summary.files} files, {summary.documents} documents, {summary.events} events, "
            f"{summary.pledges} pledges, {summary.errors} errors in {summary.seconds:.1f} s "
            f"({summary.partitions} partitions on {summary.master}) -> {output}\n"
            f"Load them with: dyadwatch load {output}",
            highlight=False,
        )
    if summary.errors:
        raise typer.Exit(1)


@app.command()
def load(
    directory: str = typer.Argument(..., help="Folder of Parquet tables (from `dyadwatch spark` or export)."),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Load Parquet tables into the database; documents already stored are skipped."""
    from dyadwatch.spark.load import load_parquet
    from dyadwatch.store.db import open_db

    try:
        con = open_db(db)
        try:
            summary = load_parquet(con, directory)
        finally:
            con.close()
    except DyadwatchError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(asdict(summary)))
        return
    rows = ", ".join(f"{n} {t}" for t, n in summary.rows.items())
    console.print(
        f"{summary.documents} documents loaded, {summary.skipped_documents} already stored ({rows}) into {db}",
        highlight=False,
    )
