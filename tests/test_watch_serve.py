"""The app served from a connection the process owns (`create_app(db_path, connection=...)`, what
`dyadwatch watch --serve` does): the same answers as over the file read-only, scratch connections
that leave the store untouched, and cached figures dropped when the store changes."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dyadwatch.serve.app import create_app, forget_cached, scratch_connection
from dyadwatch.store.db import open_db
from serve_fixtures import build_hand_db

PAGES = ["/api/stats", "/api/events?limit=50", "/api/dyads", "/api/threads?actor=CHN", "/api/documents",
         "/dyad?a=JPN&b=CHN", "/alliance?a=JPN&b=USA", "/threads?actor=CHN", "/"]


@pytest.fixture
def hand_db(tmp_path):
    path = tmp_path / "hand.duckdb"
    build_hand_db(path)
    return path


def answers(client: TestClient) -> dict[str, tuple[int, str]]:
    return {url: (res.status_code, res.text) for url in PAGES for res in [client.get(url)]}


def test_served_from_an_owned_connection_the_app_answers_as_over_the_file(hand_db):
    with TestClient(create_app(hand_db)) as client:
        over_file = answers(client)
    owner = open_db(hand_db)  # the watcher's connection: nobody else may open the file now
    reader = owner.cursor()
    with TestClient(create_app(hand_db, connection=reader)) as client:
        shared = answers(client)
    assert {url: status for url, (status, _) in shared.items()} == dict.fromkeys(PAGES, 200)
    assert shared == over_file
    reader.execute("SELECT 1")  # the app leaves a connection it was given open
    databases = {r[0] for r in owner.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    assert not any(name.startswith("scratch_") for name in databases)  # every scratch catalog detached
    owner.close()


def test_a_scratch_beside_the_owner_writes_in_memory_only(hand_db):
    owner = open_db(hand_db)
    before = owner.execute("SELECT count(*) FROM current_events").fetchone()[0]
    scratch = scratch_connection(owner, events_where="starts_with(source, ?)", params=["CHN"])
    try:
        sliced = scratch.execute("SELECT count(*) FROM current_events").fetchone()[0]
        scratch.execute("CREATE TABLE only_here AS SELECT 1 AS x")
        assert 0 < sliced < before
        assert scratch.execute("SELECT count(*) FROM documents").fetchone()[0] == 2  # views of the store
    finally:
        scratch.close()
    tables = {r[0] for r in owner.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "only_here" not in tables and owner.execute("SELECT count(*) FROM current_events").fetchone()[0] == before
    owner.close()


def test_cached_figures_are_dropped_when_the_store_changes(hand_db):
    owner = open_db(hand_db)
    app = create_app(hand_db, connection=owner.cursor())
    with TestClient(app) as client:
        assert client.get("/api/stats").json()["documents"] == 2
        owner.execute("INSERT INTO documents (doc_id, version, content_hash, text) VALUES ('new', 1, 'h', 'Text.')")
        assert client.get("/api/stats").json()["documents"] == 2  # cached
        forget_cached(app)
        assert client.get("/api/stats").json()["documents"] == 3
    owner.close()
