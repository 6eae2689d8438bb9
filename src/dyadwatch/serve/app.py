"""The FastAPI application: JSON API under /api, dashboard pages, local docs, no CDN anywhere.

The database is opened read-only once; each request works on its own cursor of that connection.
`dyadwatch watch --serve` gives the app the watcher's own connection instead (DuckDB lets one process
own a database file): requests then read through cursors of it, see each round's rows once they are
committed, and the watcher drops the app's cached figures after a round that stored something
(`forget_cached`).
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
import threading
import uuid
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from dyadwatch.analyse.alerts import watch_actor_codes
from dyadwatch.errors import StoreError
from dyadwatch.serve.queries import QueryError
from dyadwatch.store.db import open_db

HERE = Path(__file__).parent
STATIC = HERE / "static"
CACHE_SIZE = 64
SCRATCH_COPIES = {"thread_links"}  # small derived tables library code may rewrite while reading


def create_app(
    db_path: str | Path,
    connection: duckdb.DuckDBPyConnection | None = None,
    *,
    watch_actors: str | Iterable[str] | None = None,
) -> FastAPI:
    """The dyadwatch web app over one database file, opened read-only (raises StoreError).

    With `connection` (a connection to db_path that another part of the process owns, e.g. the
    watcher's cursor), the app reads through cursors of it and leaves it open when it stops.
    `watch_actors` ("JPN,USA" or codes): whose threats, rejections and uses of force the overview and
    /api/alerts report (raises ValueError for a code that is not one).
    """
    watched = watch_actor_codes(watch_actors)
    if connection is None and not Path(db_path).exists():
        raise StoreError(f"{db_path}: no such database (run `dyadwatch ingest ... --db {db_path}` first)")
    con = connection if connection is not None else open_db(db_path, read_only=True)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if connection is None:
            con.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dyadwatch",
        version="0.1.0",
        description="Political event data from news: events, dyads, pledges, threads, documents. Read-only.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.con = con
    app.state.db_path = str(db_path)
    app.state.watch_actors = watched
    app.state.shared = connection is not None  # the store is written while the app runs
    app.state.scratch_source = con if connection is not None else str(db_path)
    app.state.cache = OrderedDict()
    app.state.cache_lock = threading.Lock()  # requests run in a thread pool; the watcher clears the cache
    app.state.cache_generation = 0  # counts the clears: a result computed across one is not kept
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    from dyadwatch.serve import api, pages  # noqa: PLC0415 (routers import app-level helpers)

    app.include_router(api.router)
    app.include_router(pages.router)
    _add_error_handlers(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        # The browser itself refuses anything from outside: no CDN, font or tracker can sneak in.
        scripts = "'self' 'unsafe-inline'" if request.url.path == "/docs" else "'self'"
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'self'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="dyadwatch API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from the validator service
        )

    return app


def get_con(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A per-request cursor (its own connection to the same database): safe across threads."""
    cur = request.app.state.con.cursor()
    try:
        yield cur
    finally:
        cur.close()


def scratch_connection(
    source: str | duckdb.DuckDBPyConnection, *, events_where: str | None = None, params: list | None = None
) -> duckdb.DuckDBPyConnection:
    """A throw-away in-memory connection that reads the store through read-only views.

    For library functions that also write (e.g. one that refreshes a cache table as it computes):
    their writes land in memory and vanish, so the database file is never changed. With
    ``events_where`` (SQL over current_events' columns, values bound from ``params``), the
    connection's ``current_events`` holds only the matching events: a whole-corpus function then
    works on a slice.

    `source` is the database file, or (when this process owns the file, see `create_app`) a
    connection to it: DuckDB refuses to attach a file its process has open, so the scratch is then a
    cursor of that connection working in an in-memory catalog of its own, detached when it is closed.
    """
    if not isinstance(source, str):
        return _scratch_beside(source, events_where, params)
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS store (READ_ONLY)", [source])
        _fill_scratch(con, "store", events_where, params)
    except Exception:
        con.close()
        raise
    return con


def _fill_scratch(con, store: str, events_where: str | None, params: list | None) -> None:
    """Views (and the few copies) of the store catalog `store` in the current catalog of `con`."""
    found = con.execute(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_catalog = ? AND table_schema = 'main'", [store]
    ).fetchall()
    catalog = _quoted(store)
    for name, kind in found:
        quoted = _quoted(name)
        if name == "current_events" and events_where:
            con.execute(
                f"CREATE TABLE current_events AS SELECT * FROM {catalog}.main.current_events WHERE {events_where}",
                params or [],
            )
        elif kind == "BASE TABLE" and name in SCRATCH_COPIES:
            con.execute(f"CREATE TABLE {quoted} AS SELECT * FROM {catalog}.main.{quoted}")
        else:
            con.execute(f"CREATE VIEW {quoted} AS SELECT * FROM {catalog}.main.{quoted}")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _ScratchCursor:
    """A cursor of the owning connection whose current catalog is a private in-memory one; `close`
    detaches that catalog. Everything else is the cursor's."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, store: str, scratch: str):
        self._cursor, self._store, self._scratch = cursor, store, scratch

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def close(self) -> None:
        try:
            self._cursor.execute(f"USE {_quoted(self._store)}")
            self._cursor.execute(f"DETACH DATABASE IF EXISTS {_quoted(self._scratch)}")
        finally:
            self._cursor.close()


def _scratch_beside(owner: duckdb.DuckDBPyConnection, events_where: str | None, params: list | None) -> Any:
    cursor = owner.cursor()
    store = cursor.execute("SELECT current_database()").fetchone()[0]
    scratch = f"scratch_{uuid.uuid4().hex[:12]}"
    wrapped = _ScratchCursor(cursor, store, scratch)
    try:
        cursor.execute(f"ATTACH ':memory:' AS {_quoted(scratch)}")
        cursor.execute(f"USE {_quoted(scratch)}")
        _fill_scratch(cursor, store, events_where, params)
    except Exception:
        wrapped.close()
        raise
    return wrapped


def forget_cached(app: FastAPI) -> None:
    """Drop the cached whole-corpus results: the store changed under the app (a watcher round)."""
    with app.state.cache_lock:
        app.state.cache.clear()
        app.state.cache_generation += 1


def cached(request: Request, key: tuple, compute: Callable[[], Any]) -> Any:
    """Results of slow whole-corpus functions, kept while the app runs (the database is read-only,
    or written by the watcher, which drops them when a round stored something: `forget_cached`)."""
    state = request.app.state
    cache: OrderedDict = state.cache
    with state.cache_lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        generation = state.cache_generation
    value = compute()  # outside the lock: other requests go on meanwhile
    with state.cache_lock:
        # a round that stored while this was computed made it stale: answer it, but do not keep it
        if state.cache_generation == generation:
            cache[key] = value
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    return value


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        return JSONResponse(
            status_code=422,
            content={"message": "; ".join(problems) or "invalid request", "detail": _plain(exc.errors())},
        )

    @app.exception_handler(QueryError)
    async def _bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"message": str(exc), "detail": [{"msg": str(exc)}]})


def _plain(errors: list[dict]) -> list[dict]:
    # pydantic's ctx may hold exceptions, which are not JSON; keep the readable parts.
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in errors]
