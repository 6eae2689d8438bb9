"""The dashboard opens on the loaded database's own busiest dyad and date range, whatever the corpus."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from dyadwatch.serve.app import create_app
from dyadwatch.store.db import open_db
from serve_fixtures import build_hand_db, build_other_db

# Not /agreements: it lists the packaged agreement register, whose parties are data, not a default.
PAGES = ["/", "/dyad", "/events", "/pledges", "/threads", "/network", "/alliance", "/brief", "/brief/raw"]


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    path = tmp_path_factory.mktemp("other") / "other.duckdb"
    info = build_other_db(path)
    with TestClient(create_app(path)) as client:
        yield client, info


def _nav(html: str, name: str) -> str:
    return re.search(rf'<a href="([^"]*)" id="nav-{name}"', html).group(1)


def test_nav_links_open_the_busiest_dyad_of_this_database(other):
    client, _ = other
    top = client.get("/api/dyads?limit=1").json()["dyads"][0]
    assert (top["a"], top["b"], top["events"]) == ("DEU", "FRA", 4)
    html = client.get("/").text
    assert _nav(html, "dyad") == "/dyad?a=DEU&amp;b=FRA"
    assert _nav(html, "alliance") == "/alliance?a=DEU&amp;b=FRA"
    assert _nav(html, "brief") == "/brief?a=DEU&amp;b=FRA"


@pytest.mark.parametrize("page", PAGES)
def test_no_page_assumes_japan_or_the_united_states(other, page):
    client, _ = other
    res = client.get(page)
    assert res.status_code == 200, res.text[-500:]
    assert not re.search(r"\b(JPN|USA)\b", res.text), page


def test_pages_without_actors_show_the_busiest_dyad(other):
    client, info = other
    alliance = client.get("/alliance").text
    assert "France" in alliance and "Germany" in alliance
    assert 'name="a" value="DEU"' in alliance and 'name="b" value="FRA"' in alliance
    assert f"#e-{info['event_ids'][0]}" in alliance  # FRAGOV agreed with Germany: its sentence is linked
    dyad = client.get("/dyad").text
    assert 'data-a="DEU" data-b="FRA"' in dyad
    brief = client.get("/brief").text
    assert 'src="/brief/raw?a=DEU&amp;b=FRA"' in brief
    raw = client.get("/brief/raw")
    assert raw.status_code == 200 and "Germany" in raw.text


def test_date_inputs_span_the_databases_events(other):
    client, _ = other
    html = client.get("/brief").text
    assert 'min="2021-03-04" max="2021-07-21"' in html


def test_asked_for_actors_win_over_the_default(other):
    client, _ = other
    html = client.get("/alliance?a=bra&b=arg").text
    assert 'name="a" value="BRA"' in html and "Brazil" in html


def test_japan_and_the_united_states_only_when_the_data_says_so(tmp_path):
    path = tmp_path / "hand.duckdb"
    build_hand_db(path)
    con = open_db(path)
    # North Korea's two events become US events towards Japan: JPN-USA (4 events) is now the busiest dyad
    con.execute("UPDATE events SET source = 'USA', source_country = 'USA' WHERE source = 'PRK'")
    con.close()
    with TestClient(create_app(path)) as client:
        html = client.get("/").text
        assert _nav(html, "alliance") == "/alliance?a=JPN&amp;b=USA"
        assert 'name="a" value="JPN" ' in client.get("/alliance").text


def test_a_database_without_dyads_says_so(tmp_path):
    path = tmp_path / "empty.duckdb"
    open_db(path).close()
    with TestClient(create_app(path)) as client:
        html = client.get("/").text
        assert _nav(html, "alliance") == "/alliance"
        res = client.get("/alliance")
        assert res.status_code == 404 and "no event with both actors coded" in res.text
        assert client.get("/brief").status_code == 404
        assert client.get("/dyad").status_code == 200
