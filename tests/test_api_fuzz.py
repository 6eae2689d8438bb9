"""Every route of the app with every parameter, hostile and ordinary values: never a 5xx.

The routes and their parameters are read from the app itself (its OpenAPI spec, with the dashboard
pages and static files that the published spec leaves out added back in), so a new route or a new
parameter is covered without editing this file. Two tests per route: a sweep that sends each hostile
value to each parameter alone (a 422 must name that parameter), and a hypothesis property over
combinations of hostile, typed and real values. `pytest -m slow` runs a bigger property variant.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

import fastapi.routing
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount

from dyadwatch.serve.app import create_app
from dyadwatch.store.db import open_db
from serve_fixtures import build_hand_db

HOSTILE = [
    "", " ", "0", "-1", "-0", "1" * 40, "-" + "9" * 40, "1e400", "1.5", "-2.5e-3", "NaN", "inf", "0x1F", "1_000",
    "true", "null", "[]", "{}", "A" * 5000, "JPN" * 30, "日本", "🙂" * 40, "\u202egnp", "\x00", "%00", "a\x00b",
    "\t\n", "' OR '1'='1", "'; DROP TABLE events; --", "%' OR 1=1 --", "\\", '"', "_%", "?", "#", "&x=1",
    "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/etc/passwd",
    "0000-00-00", "0001-01-01", "9999-12-31", "2024-02-30", "-2024-01-01", "+12345-01-01", "2024-1-1",
    "1700000000", "${jndi:ldap://x}", "{{7*7}}", "<script>alert(1)</script>", "jpn", " JPN ", "---GOV",
]
BIG_INTS = [2**31 - 1, 2**31, 2**53 + 1, 2**63, 2**64, 2**127, 2**128, -(2**63) - 1, 10**100]


def _routes(app: FastAPI):
    """(path, route) of every route of ``app``, through included routers (FastAPI >= 0.16x includes
    them lazily; older versions copy their routes into app.routes)."""
    contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    for found in contexts(app.routes) if contexts else app.routes:
        route = getattr(found, "original_route", found)
        yield getattr(found, "path_format", None) or found.path, route


def route_spec(app: FastAPI) -> dict:
    """The OpenAPI spec of every GET route of ``app``, including those left out of its published spec:
    each endpoint is declared again, in the schema, on a throw-away app (same signature, same bounds)."""
    every = FastAPI(title=app.title, version=app.version)
    mounts = []
    for path, route in _routes(app):
        if isinstance(route, APIRoute) and "GET" in route.methods:
            every.add_api_route(path, route.endpoint, methods=["GET"], name=route.name)
        elif isinstance(route, Mount):
            mounts.append(route.path)
    spec = every.openapi()
    for path in mounts:  # static files: a path to traverse
        param = {"name": "path", "in": "path", "required": True, "schema": {"type": "string"}}
        spec["paths"][path + "/{path}"] = {"get": {"parameters": [param]}}
    return spec


def operations(spec: dict) -> list[tuple[str, tuple[dict, ...]]]:
    return [(path, tuple(methods["get"].get("parameters", []))) for path, methods in spec["paths"].items()
            if "get" in methods]


def _collection_ops() -> list[tuple[str, tuple[dict, ...]]]:
    """The app's operations at collection time (an empty database: the routes do not depend on data)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "empty.duckdb"
        open_db(path).close()
        app = create_app(path)
        try:
            return operations(route_spec(app))
        finally:
            app.state.con.close()


OPS = _collection_ops()
OP_IDS = [path for path, _ in OPS]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "hand.duckdb"
    build_hand_db(path)
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def known(client) -> dict[str, list[str]]:
    """Real values from the database, by parameter name where a name says what it holds."""
    events = client.get("/api/events?limit=5").json()
    rows = events["events"]
    values: dict[str, list[str]] = {}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, str | int) and not isinstance(value, bool):
                values.setdefault(key, []).append(str(value))
    codes = sorted({r[k] for r in rows for k in ("source", "target") if r[k]} | {"JPN", "USA"})
    for name in ("a", "b", "actor", "source", "target"):
        values[name] = codes
    values["agreement_id"] = [a["id"] for a in client.get("/api/agreements").json()["agreements"] if a["id"]][:5]
    values["since"] = values["until"] = sorted({r["day"] for r in rows if r["day"]})
    first = client.get("/api/events?limit=2").json()["next_cursor"]
    values["cursor"] = [first] if first else []
    values["_any"] = codes + values["doc_id"][:2] + values["event_id"][:2]
    return values


def _options(schema: dict) -> list[dict]:
    """The alternatives of a parameter's schema (``anyOf``), each with the keys declared beside them."""
    shared = {k: v for k, v in schema.items() if k != "anyOf"}
    return [shared | option for option in schema.get("anyOf", [schema])]


def _ordinary(param: dict, known: dict[str, list[str]]) -> str:
    """A value the parameter accepts, for the parameters not under test (required ones must be there)."""
    options = _options(param.get("schema", {}))
    for value in known.get(param["name"], []) + known["_any"]:
        if all(_accepts(o, value) for o in options if o.get("type") == "string"):
            return value
    for o in options:
        if "enum" in o:
            return str(o["enum"][0])
        if o.get("type") == "integer":
            return str(o.get("minimum", 1))
        if o.get("type") == "boolean":
            return "true"
    return "x"


def _accepts(schema: dict, value: str) -> bool:
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return False
    return len(value) <= schema.get("maxLength", 10**9) and len(value) >= schema.get("minLength", 0)


def _url(path: str, params: tuple[dict, ...], values: dict[str, str]) -> str:
    query = {}
    for p in params:
        if p["name"] not in values:
            continue
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", quote(values[p["name"]], safe=""))
        else:
            query[p["name"]] = values[p["name"]]
    return path + ("?" + urlencode(query) if query else "")


def _numbers(schema: dict) -> list[str]:
    """Bounds and beyond for an integer or number parameter."""
    out = []
    for o in _options(schema):
        if o.get("type") in ("integer", "number"):
            for bound in ("minimum", "maximum"):
                if bound in o:
                    out += [str(o[bound] - 1), str(o[bound]), str(o[bound] + 1)]
            out += [str(n) for n in BIG_INTS] + [str(-n) for n in BIG_INTS]
    return out


def _check(client: TestClient, url: str, blamed: str | None = None) -> None:
    res = client.get(url)
    assert res.status_code < 500, f"{url[:300]} -> {res.status_code}: {res.text[:300]}"
    if url.startswith("/api/"):
        res.json()  # every API answer, error or not, is JSON
    if res.status_code == 422:  # a clear message, naming the parameter when one value alone was bad
        message = res.json()["message"]
        assert message, url
        if blamed:
            assert blamed in message, f"{url[:300]} -> 422 without naming {blamed!r}: {message}"


def test_collected_routes_are_the_apps_routes(client):
    assert [path for path, _ in operations(route_spec(client.app))] == OP_IDS
    assert {"/api/events", "/api/dyad", "/api/documents/{doc_id}", "/", "/alliance", "/static/{path}"} <= set(OP_IDS)


@pytest.mark.parametrize(("path", "params"), OPS, ids=OP_IDS)
def test_each_hostile_value_alone_gives_4xx_or_an_answer(client, known, path, params):
    base = {p["name"]: _ordinary(p, known) for p in params if p.get("required")}
    _check(client, _url(path, params, base))
    for param in params:
        for value in HOSTILE + _numbers(param.get("schema", {})):
            _check(client, _url(path, params, base | {param["name"]: value}), blamed=param["name"])


def _strategy(param: dict, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    options = _options(param.get("schema", {}))
    out = [st.sampled_from(HOSTILE), st.text(max_size=40)]
    real = known.get(param["name"], []) + known["_any"]
    out.append(st.sampled_from(real))
    for o in options:
        kind = o.get("type")
        if kind in ("integer", "number"):
            lo, hi = o.get("minimum"), o.get("maximum")
            out += [st.integers(lo - 3 if lo is not None else None, hi + 3 if hi is not None else None).map(str),
                    st.integers().map(str), st.sampled_from(_numbers(o))]
        if kind == "boolean":
            out.append(st.sampled_from(["true", "false", "1", "0", "yes", "off"]))
        if o.get("format") == "date":
            out += [st.dates().map(str), st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")]
        if "enum" in o:
            out.append(st.sampled_from([str(v) for v in o["enum"]]))
        if kind == "string" and "pattern" in o:
            out.append(st.from_regex(o["pattern"], fullmatch=True).filter(lambda v: len(v) <= 200))
    return st.one_of(out)


@st.composite
def _values(draw, params: tuple[dict, ...], known: dict[str, list[str]]) -> dict[str, str]:
    values = {}
    for p in params:
        if p["in"] == "path" or draw(st.booleans()):
            values[p["name"]] = draw(_strategy(p, known))
    return values


def _property(client, known, path, params, examples: int) -> None:
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(_values(params, known))
    def check(values):
        _check(client, _url(path, params, values))

    check()


@pytest.mark.parametrize(("path", "params"), OPS, ids=OP_IDS)
def test_any_combination_of_values_never_gives_5xx(client, known, path, params):
    _property(client, known, path, params, int(os.environ.get("DYADWATCH_FUZZ_EXAMPLES", "30")))


@pytest.mark.slow
@pytest.mark.parametrize(("path", "params"), OPS, ids=OP_IDS)
def test_many_combinations_never_give_5xx(client, known, path, params):
    _property(client, known, path, params, 400)
