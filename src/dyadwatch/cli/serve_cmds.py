"""`dyadwatch serve`: the HTTP API and dashboard over a database, read-only, on localhost by default."""
from __future__ import annotations

import typer

from dyadwatch.cli.alert_cmds import watched_actors
from dyadwatch.cli.common import DbOption, WatchActorsOption, app, console, fail
from dyadwatch.cli.ingest_cmds import ConfigOption, _settings
from dyadwatch.errors import StoreError


@app.command()
def serve(
    db: str = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0 exposes it)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    watch_actors: str = WatchActorsOption,
    config: str = ConfigOption,
) -> None:
    """Serve the JSON API (/api, docs at /docs) and the dashboard, reading DB read-only."""
    import uvicorn  # noqa: PLC0415 (only this command needs the server)

    from dyadwatch.serve.app import create_app  # noqa: PLC0415

    watched = watched_actors(watch_actors, _settings(config))
    try:
        web = create_app(db, watch_actors=watched)
    except StoreError as exc:
        from dyadwatch.watch.inbox import Inbox  # noqa: PLC0415

        pid = Inbox(db).watcher_pid()
        if pid is not None:  # the watcher owns the file: only it can serve it
            fail(f"{db} is watched by `dyadwatch watch` (PID {pid}), which owns the file; start the watcher "
                 f"with --serve [--port N] to serve it from the same process")
        fail(str(exc))
        return
    console.print(f"dyadwatch: serving {db} (read-only) at http://{host}:{port}/  API docs: /docs")
    uvicorn.run(web, host=host, port=port, log_level="warning")
