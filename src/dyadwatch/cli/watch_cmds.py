"""`dyadwatch watch`: feeds and folders polled in rounds into one database, optionally served live."""
from __future__ import annotations

import re

import typer

from dyadwatch.cli.common import DbOption, QuietOption, WatchActorsOption, app, console, fail, warn
from dyadwatch.cli.alert_cmds import round_alerts, watched_actors
from dyadwatch.cli.ingest_cmds import ConfigOption, KeepJunkOption, StopOnSignal, _settings
from dyadwatch.errors import DyadwatchError

EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$", re.I)
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


def parse_every(text: str) -> float:
    """'90' or '90s' -> 90.0, '15m' -> 900.0, '1h' -> 3600.0; ValueError otherwise."""
    found = EVERY.match(text or "")
    if not found or float(found.group(1)) <= 0:
        raise ValueError(f"--every: '{text}' is not a time (seconds, or a number with s, m or h: 90, 15m, 1h)")
    return float(found.group(1)) * UNIT_SECONDS[found.group(2).lower()]


@app.command()
def watch(
    sources: list[str] = typer.Argument(..., help="RSS/Atom feed URLs, folders, or text files listing feed URLs."),
    db: str = DbOption,
    every: str = typer.Option("15m", "--every", help="Time between rounds: seconds, or a number with s, m or h."),
    once: bool = typer.Option(False, "--once", help="One round, then exit (1 if a source or input failed)."),
    serve: bool = typer.Option(False, "--serve", help="Also serve the API and dashboard from this process."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to serve on with --serve."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port for --serve."),
    workers: int = typer.Option(
        1, "--workers", help="Processes to code with (1: in the round's thread; 0: one per core)."),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds to wait for a server to connect or send."),
    max_response: int = typer.Option(
        5 * 1024 * 1024, "--max-response", help="Refuse a response larger than this many bytes."),
    pace: float = typer.Option(1.0, "--pace", help="Seconds at least between two requests to the same host."),
    settle: float = typer.Option(10.0, "--settle", help="A folder file unchanged this many seconds is complete."),
    keep_junk: bool = KeepJunkOption,
    config: str = ConfigOption,
    watch_actors: str = WatchActorsOption,
    quiet: bool = QuietOption,
) -> None:
    """Poll feeds and folders every --every and store what is new, as `ingest` does; Ctrl-C stops
    after the article being written. `dyadwatch ingest FILES --db DB` meanwhile hands its files over."""
    from dyadwatch.store.db import open_db  # noqa: PLC0415 (commands import their library late)
    from dyadwatch.watch import Watcher, WatchOptions, parse_sources  # noqa: PLC0415

    try:
        seconds = parse_every(every)
    except ValueError as exc:
        fail(str(exc), code=2)
    if workers < 0 or timeout <= 0 or max_response <= 0 or pace < 0 or settle < 0:
        fail("--workers, --pace and --settle must be 0 or more; --timeout and --max-response more than 0", code=2)
    found, errors = parse_sources(sources, settle_seconds=settle)
    for line in errors:
        warn(line)
    if errors:
        fail("fix the SOURCE arguments above and run this again", code=2)
    settings = _settings(config, db=db, keep_junk=keep_junk, workers=workers, quiet=quiet)
    watched = watched_actors(watch_actors, settings)
    options = WatchOptions(every=seconds, workers=workers, timeout=timeout, max_bytes=max_response,
                           host_interval=pace, settle_seconds=settle)
    try:
        con = open_db(db)
    except DyadwatchError as exc:
        fail(str(exc))
    server = None
    failed = False

    def on_round(record) -> None:
        nonlocal failed
        failed = failed or bool(record.errors)
        for line in record.error_lines:
            warn(line)
        if not quiet:
            console.print(
                f"round {record.round_id} {record.started_at:%H:%M:%S}: {record.sources} source(s), "
                f"{record.items_seen} item(s) seen, {record.items_new} new, stored {record.documents_stored}, "
                f"events {record.events_added}, errors {record.errors}", highlight=False, soft_wrap=True)
        if not quiet and record.events_added:
            for line in round_alerts(con, record.started_at, watched):
                console.print(line, highlight=False, soft_wrap=True, markup=False)

    try:
        watcher = Watcher(con, db, found, settings, options=options, on_round=on_round)
        if serve:
            from dyadwatch.watch.serving import BackgroundServer  # noqa: PLC0415

            server = BackgroundServer(db, con, host=host, port=port, watch_actors=watched).start()
            watcher.on_change = server.forget_cached
            console.print(f"dyadwatch: serving {db} at {server.url}  API docs: /docs", highlight=False, soft_wrap=True)
        if not quiet:
            console.print(f"dyadwatch: watching {len(found)} source(s) into {db}"
                          + ("" if once else f", a round every {every}") + "; Ctrl-C stops",
                          highlight=False, soft_wrap=True)
        # the first Ctrl-C or SIGTERM stops the watcher after the article being written (the round's row
        # is completed); a second stops at once (what is not committed rolls back)
        with StopOnSignal(on_stop=watcher.request_stop) as stop:
            try:
                watcher.run(once=once)
            except KeyboardInterrupt:
                fail(f"stopped at once: what was not committed was rolled back, everything before it is stored "
                     f"({db})", code=130)
    except DyadwatchError as exc:
        fail(str(exc))
    except OSError as exc:  # the inbox or the archive of fetched items cannot be written
        fail(f"{exc.filename or db}: {exc.strerror or exc}")
    finally:
        if server is not None:
            server.stop()
        con.close()
    if stop.signals and not quiet:
        console.print("stopped: the last round's row is complete; run the same command to go on",
                      highlight=False, soft_wrap=True)
    raise typer.Exit(1 if once and failed else 0)
