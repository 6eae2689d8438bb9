"""Property-based run over the OpenAPI spec: any values for any parameters never give a 500."""
from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.serve.app import create_app
from serve_fixtures import build_hand_db

OK = {200, 404, 422, 501}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "hand.duckdb"
    build_hand_db(path)
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        yield c


def _typed(schema: dict) -> st.SearchStrategy:
    options = schema.get("anyOf", [schema])
    kinds = {o.get("type") for o in options}
    out = [st.text(max_size=30)]  # anything at all, typed or not
    if "integer" in kinds:
        out += [st.integers(-10, 10**7).map(str)]
    if "boolean" in kinds:
        out += [st.sampled_from(["true", "false", "1", "0", "yes"])]
    if any(o.get("format") == "date" for o in options):
        out += [st.dates().map(str), st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z")]
    for o in options:
        if "enum" in o:
            out += [st.sampled_from(o["enum"]).map(str)]
    if "string" in kinds:
        out += [st.sampled_from(["JPN", "USA", "JPNGOV", "036", "03", "%", "_", "'", "\\", "\x00", "🙂"])]
    return st.one_of(out)


def _operations(spec: dict) -> list[tuple[str, list[dict]]]:
    ops = []
    for path, methods in spec["paths"].items():
        if "get" in methods:
            ops.append((path, methods["get"].get("parameters", [])))
    return ops


@st.composite
def requests(draw, ops):
    path, params = draw(st.sampled_from(ops))
    query = {}
    for p in params:
        value = draw(_typed(p.get("schema", {})))
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", quote(value or "x", safe=""))
        elif draw(st.booleans()):
            query[p["name"]] = value
    return path + ("?" + urlencode(query) if query else "")


def test_spec_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/events", "/api/dyad", "/api/documents/{doc_id}", "/api/actors", "/api/stats"} <= paths


def test_no_500_for_any_parameters(client):
    ops = _operations(client.get("/openapi.json").json())

    @settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(requests(ops))
    def check(url):
        res = client.get(url)
        assert res.status_code in OK, f"{url} -> {res.status_code}: {res.text[:300]}"
        res.json()

    check()


PAGES = ["/", "/events", "/dyad", "/network", "/pledges", "/threads", "/documents/{x}", "/alliance", "/brief", "/agreements/{x}",
         "/brief/raw", "/agreements"]


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    page=st.sampled_from(PAGES),
    params=st.dictionaries(
        st.sampled_from(["a", "b", "by", "actor", "root", "quad", "q", "cursor", "level", "version", "since",
                         "agreement"]),
        st.one_of(st.text(max_size=20), st.sampled_from(["JPN", "USA", "week", "03", "2", "actor"])),
        max_size=4,
    ),
    x=st.text(min_size=1, max_size=20),
)
def test_pages_never_500(client, page, params, x):
    url = page.replace("{x}", quote(x, safe="")) + ("?" + urlencode(params) if params else "")
    res = client.get(url)
    assert res.status_code in OK, f"{url} -> {res.status_code}: {res.text[:300]}"
