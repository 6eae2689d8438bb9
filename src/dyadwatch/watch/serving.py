"""The API and dashboard served beside a watcher, in the same process, from the watcher's connection.

uvicorn runs in a thread of its own; the app reads through cursors of one cursor the watcher's
connection gives it (created here, in the watcher's thread), so the two never share a connection
object. The watcher drops the app's cached figures after a round that stored something.
"""
from __future__ import annotations

import threading
import time

import duckdb

from dyadwatch.errors import DyadwatchError
from dyadwatch.serve.app import create_app, forget_cached


class ServeError(DyadwatchError):
    """The server could not start (e.g. the port is taken)."""


class BackgroundServer:
    """uvicorn serving the dyadwatch app in a daemon thread until `stop`."""

    def __init__(self, db_path: str, con: duckdb.DuckDBPyConnection, *, host: str = "127.0.0.1", port: int = 8000,
                 watch_actors: tuple[str, ...] = ()):
        import uvicorn  # noqa: PLC0415 (only --serve needs the server)

        self.reader = con.cursor()
        self.app = create_app(db_path, connection=self.reader, watch_actors=watch_actors)
        config = uvicorn.Config(self.app, host=host, port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="dyadwatch-serve", daemon=True)
        self.url = f"http://{host}:{port}/"

    def start(self, timeout: float = 15.0) -> BackgroundServer:
        """Start serving; raises ServeError when the server is not up within `timeout` seconds."""
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise ServeError(f"cannot serve at {self.url} (is the port in use?)")
            time.sleep(0.05)
        return self

    def forget_cached(self) -> None:
        forget_cached(self.app)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.reader.close()
