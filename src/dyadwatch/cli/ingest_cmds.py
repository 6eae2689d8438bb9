"""`dyadwatch ingest`, `extract` and `stats`: inputs in, clean documents and events stored, counts out."""
from __future__ import annotations

import json
import re
import signal
import threading
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dyadwatch.cli.common import DbOption, JsonOption, QuietOption, app, console, err_console, fail, warn
from dyadwatch.errors import DyadwatchError
from dyadwatch.records import to_dict

PathsArg = typer.Argument(..., help="Files, directories (recursive), globs, or '-' for stdin.")
PublishedOption = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for inputs without one.")
KeepJunkOption = typer.Option(False, "--keep-junk", help="Turn the paragraph junk filter off.")
MaxBytesOption = typer.Option(
    None, "--max-bytes", help="Refuse input files larger than this many bytes (default 20 MB, or the --config file's)."
)
ConfigOption = typer.Option(None, "--config", help="Settings file (TOML, e.g. max_bytes = 50000000); flags override it.")


def _settings(config: str | None = None, **flags):
    from dyadwatch.settings import load_settings

    flags["keep_junk"] = flags.get("keep_junk") or None  # an unset switch leaves the file's value
    published = flags.pop("published", None)
    if published is not None:
        try:
            flags["published"] = date.fromisoformat(published)
        except ValueError:
            fail(f"--published: '{published}' is not a date (YYYY-MM-DD)", code=2)
    if flags.get("max_bytes") is not None and flags["max_bytes"] <= 0:
        fail("--max-bytes must be a positive number of bytes", code=2)
    try:
        settings = load_settings(config, **flags)
    except DyadwatchError as exc:
        fail(str(exc), code=2)
    if isinstance(settings.max_bytes, bool) or not isinstance(settings.max_bytes, int) or settings.max_bytes <= 0:
        fail(f"{config}: max_bytes must be a positive whole number of bytes", code=2)
    return settings


def _progress(enabled: bool):
    """A progress bar on stderr when it is a terminal (piped or logged stderr gets error lines only)."""
    if not enabled or not err_console.is_terminal:
        return nullcontext(None)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("[dim]{task.fields[last]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


class StopOnSignal:
    """Ctrl-C (SIGINT) or `kill` (SIGTERM) during an ingest: the first one lets the article being
    written commit, then the run stops; a second one stops at once (its transaction rolls back).

    Call the object to ask whether a stop was requested, or give `on_stop` to be told at the first
    signal (the watcher's `request_stop`). Handlers are installed only on the main thread (signals
    cannot be handled elsewhere) and restored on exit.
    """

    def __init__(self, on_stop=None) -> None:
        self.on_stop = on_stop
        self.signals: list[int] = []
        self._saved: dict[int, object] = {}

    def __enter__(self) -> StopOnSignal:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._saved[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)

    def _handle(self, signum: int, frame) -> None:
        self.signals.append(signum)
        if len(self.signals) > 1:
            raise KeyboardInterrupt
        if self.on_stop is not None:
            self.on_stop()

    def __call__(self) -> bool:
        return bool(self.signals)

    @property
    def exit_code(self) -> int:
        """128 + the first signal's number, as shells report a process stopped by it (130 for Ctrl-C)."""
        return 128 + self.signals[0]


@app.command()
def ingest(
    paths: list[str] = PathsArg,
    db: str = DbOption,
    published: str = PublishedOption,
    keep_junk: bool = KeepJunkOption,
    max_bytes: int = MaxBytesOption,
    config: str = ConfigOption,
    workers: int = typer.Option(1, "--workers", help="Processes to code with (0 = one per core)."),
    quiet: bool = QuietOption,
    as_json: bool = JsonOption,
) -> None:
    """Read, clean, code and store articles; print what was stored."""
    from dyadwatch.store.db import open_db
    from dyadwatch.run import ingest_into

    if workers < 0:
        fail("--workers must be 0 (one per core) or more", code=2)
    settings = _settings(
        config, db=db, published=published, keep_junk=keep_junk, max_bytes=max_bytes, workers=workers, quiet=quiet
    )
    try:
        con = open_db(db)
    except DyadwatchError as exc:
        own_settings = [flag for flag, value in (("--published", published), ("--keep-junk", keep_junk),
                                                   ("--max-bytes", max_bytes), ("--config", config),
                                                   ("--workers", workers != 1)) if value]
        holder = re.search(r"in use by another process \(PID (\d+)", str(exc))
        if holder and _hand_to_watcher(paths, db, int(holder.group(1)), quiet=quiet, as_json=as_json,
                                       ignored=own_settings):
            return
        fail(str(exc))
    with _progress(not (quiet or as_json)) as progress:
        task = progress.add_task("reading", total=None, last="") if progress else None

        def on_result(article, outcome: str) -> None:
            if progress is not None:
                done = progress.tasks[0].completed + 1
                progress.update(task, advance=1, description=f"{done} documents", last=Path(article.path).name[-40:])

        with StopOnSignal() as stop:
            try:
                counts = ingest_into(
                    con, paths, settings, workers=workers, on_error=lambda e: warn(str(e)),
                    on_result=on_result, should_stop=stop,
                )
            except (DyadwatchError, KeyboardInterrupt, RuntimeError) as exc:
                con.close()
                if stop():  # stopped at once: DuckDB reports the cut statement as an error of its own
                    fail(f"interrupted: stopped at once; what was not committed was rolled back, everything "
                         f"before it is stored. Run the same command again to continue ({db})", code=stop.exit_code)
                if not isinstance(exc, DyadwatchError):
                    raise
                fail(str(exc))
    con.close()
    if stop():
        warn(f"interrupted: stopped after {counts['read']} document(s), all of them committed; run the same "
             f"command again to continue (stored documents are skipped)")
    if as_json:
        print(json.dumps({"database": db, **counts, **({"interrupted": True} if stop() else {})}))
    elif not quiet:
        console.print(
            f"read {counts['read']}, stored {counts['stored']}, duplicates {counts['duplicates']}, "
            f"new versions {counts['new_versions']}, failed {counts['failed']}; "
            f"events {counts['events']}, pledges {counts['pledges']}  ({db})",
            highlight=False,
            soft_wrap=True,
        )
    raise typer.Exit(stop.exit_code if stop() else 1 if counts["failed"] else 0)


def _hand_to_watcher(paths: list[str], db: str, holder: int, *, quiet: bool, as_json: bool,
                     ignored: list[str]) -> bool:
    """When a `dyadwatch watch` owns db (the process `holder` that holds DuckDB's lock is the one its
    lock file names): hand it the files, wait for its receipt, print it and exit. False otherwise (the
    caller reports the lock)."""
    from dyadwatch.watch.inbox import HandOverError, Inbox  # noqa: PLC0415

    inbox = Inbox(db)
    pid = inbox.watcher_pid()
    if pid is None or pid != holder:
        return False
    if ignored:
        warn(f"{', '.join(ignored)}: not applied; the watcher (PID {pid}) reads the files with its own settings")
    failed_copies = []

    def on_error(exc) -> None:
        failed_copies.append(exc)
        warn(str(exc))

    try:
        batch, copied = inbox.hand_over(paths, on_error=on_error)
    except (HandOverError, OSError) as exc:
        fail(f"{db} is watched by `dyadwatch watch` (PID {pid}): {exc}")
    if not quiet and not as_json:
        err_console.print(f"{db} is watched by `dyadwatch watch` (PID {pid}): handed it {copied} file(s); "
                          f"waiting for it to store them", highlight=False, soft_wrap=True)
    receipt = inbox.wait_for_receipt(batch)
    if receipt is None:
        fail(f"the watcher (PID {pid}) stopped before reading the files; they wait in {inbox.folder / batch} "
             f"and are read when `dyadwatch watch ... --db {db}` runs again")
    for line in receipt.get("errors", []):
        warn(line)
    keys = ("read", "stored", "duplicates", "new_versions", "failed", "events", "pledges")
    counts = {k: receipt.get(k, 0) for k in keys}
    counts["failed"] += len(failed_copies)
    if as_json:
        print(json.dumps({"database": db, **counts, "watcher_pid": pid, "round_id": receipt.get("round_id")}))
    elif not quiet:
        console.print(
            f"read {counts['read']}, stored {counts['stored']}, duplicates {counts['duplicates']}, "
            f"new versions {counts['new_versions']}, failed {counts['failed']}; "
            f"events {counts['events']}, pledges {counts['pledges']}  ({db}, by the watcher's round "
            f"{receipt.get('round_id')})", highlight=False, soft_wrap=True,
        )
    raise typer.Exit(1 if counts["failed"] else 0)


@app.command()
def extract(
    paths: list[str] = PathsArg,
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (one record per article) or text."),
    show_removed: bool = typer.Option(False, "--show-removed", help="Also show the lines the junk filter removed."),
    keep_junk: bool = KeepJunkOption,
    published: str = PublishedOption,
    max_bytes: int = MaxBytesOption,
    config: str = ConfigOption,
) -> None:
    """Read and clean articles without storing them: the text dyadwatch would code."""
    from dyadwatch.run import extract_inputs

    if fmt not in ("jsonl", "text"):
        fail(f"--format: '{fmt}' is not one of jsonl, text", code=2)
    settings = _settings(config, published=published, keep_junk=keep_junk, max_bytes=max_bytes)
    failed = 0

    def on_error(exc) -> None:
        nonlocal failed
        failed += 1
        warn(str(exc))

    for article in extract_inputs(paths, settings, on_error=on_error):
        if fmt == "jsonl":
            record = to_dict(article)
            record = {k: record[k] for k in ("path", "url", "title", "published", "text")} | {
                k: v for k, v in record.items() if k not in ("path", "url", "title", "published", "text")
            }
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            _print_text(article, show_removed)
    raise typer.Exit(1 if failed else 0)


def _print_text(article, show_removed: bool) -> None:
    console.rule(f"[bold]{article.title or Path(article.path).name}", align="left")
    meta = [f"path: {article.path}", f"url: {article.url or '-'}",
            f"published: {article.published or '-'}" + (f" ({article.published_basis})" if article.published else "")]
    console.print("\n".join(meta), style="dim", highlight=False, soft_wrap=True)
    console.print(article.text, highlight=False, markup=False, soft_wrap=True)
    if show_removed and article.removed:
        console.print(f"[yellow]removed {len(article.removed)} line(s):[/yellow]")
        for line in article.removed:
            console.print(f"  [{line.reason}] {line.text}", highlight=False, markup=False, soft_wrap=True)
            console.print(f"      {line.detail}", style="dim", highlight=False, markup=False, soft_wrap=True)
    console.print()


@app.command()
def stats(db: str = DbOption, as_json: bool = JsonOption) -> None:
    """What the database holds: documents, versions, events by quad class, pledges, dates, sources."""
    from dyadwatch.store.db import open_db
    from dyadwatch.store.writer import store_stats

    if not Path(db).is_file():
        fail(f"{db}: no such database (run `dyadwatch ingest PATH --db {db}` first)")
    try:
        con = open_db(db, read_only=True)
        figures = store_stats(con)
        con.close()
    except DyadwatchError as exc:
        fail(str(exc))
    except Exception as exc:  # duckdb.Error: not a dyadwatch database
        fail(f"{db}: cannot read database: {str(exc).splitlines()[0]}")
    if as_json:
        print(json.dumps({"database": db, **figures}, ensure_ascii=False))
        return
    _print_stats(db, figures)


def _print_stats(db: str, f: dict) -> None:
    first, last = f["date_range"]
    console.print(f"[bold]{db}[/bold]", highlight=False, soft_wrap=True)
    console.print(
        f"documents {f['documents']} ({f['versions']} versions), events {f['events']}"
        + (f" (+{f['superseded_events']} of earlier versions)" if f.get("superseded_events") else "")
        + (f" (+{f['headline_events']} from headlines, not counted)" if f.get("headline_events") else "")
        + f", pledges {f['pledges']}\n"
        f"dates {first or '-'} .. {last or '-'} ({f['undated_documents']} undated)",
        highlight=False,
    )
    if f["events_by_quad_class"]:
        console.print("events by quad class: " + ", ".join(f"{k} {v}" for k, v in f["events_by_quad_class"].items()), highlight=False, soft_wrap=True)
    if f["sources"]:
        console.print("sources: " + ", ".join(f"{k} {v}" for k, v in f["sources"].items()), highlight=False, markup=False, soft_wrap=True)
    if f["removed_lines"]:
        console.print("removed lines: " + ", ".join(f"{k} {v}" for k, v in f["removed_lines"].items()), highlight=False, soft_wrap=True)
