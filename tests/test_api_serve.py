"""The HTTP API over a hand-built database: filters, pagination, spans, errors (422, never 500)."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyadwatch.errors import StoreError
from dyadwatch.serve.app import create_app
from serve_fixtures import build_hand_db


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "hand.duckdb"
    info = build_hand_db(path)
    with TestClient(create_app(path)) as client:
        yield client, info


def test_stats_counts_what_the_database_holds(hand):
    client, _ = hand
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 2
    assert stats["events"] == 8
    assert stats["quad_classes"] == {"1": 4, "3": 3, "4": 1}
    assert stats["removed_lines"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source=JPN", 5),  # prefix: JPNGOV and JPN
        ("source=JPNGOV", 4),
        ("target=CHN", 1),
        ("actor=PRK", 2),
        ("role=MIL", 1),
        ("cameo=036", 2),
        ("root=11", 2),
        ("quad=4", 1),
        ("since=2024-11-01", 6),
        ("until=2024-10-01", 1),
        ("since=2024-10-01&until=2024-10-31", 2),
        ("q=MISSILE", 2),
        ("source=ZZZ", 0),  # unknown actor: empty, not an error
    ],
)
def test_event_filters(hand, query, expected):
    client, _ = hand
    res = client.get(f"/api/events?{query}")
    assert res.status_code == 200, res.text
    assert res.json()["count"] == expected


def test_cursor_pagination_visits_every_event_once_in_order(hand):
    client, info = hand
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/events?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).json()
        seen += body["events"]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert sorted(e["event_id"] for e in seen) == sorted(info["event_ids"])
    days = [e["day"] for e in seen]
    assert days == sorted(days, reverse=True)


def test_largest_limit_is_accepted_and_a_larger_one_refused(hand):
    client, _ = hand
    body = client.get("/api/events?limit=1000").json()
    assert body["limit"] == 1000
    assert body["count"] == 8
    res = client.get("/api/events?limit=1001")
    assert res.status_code == 422 and res.json()["message"] == "limit: Input should be less than or equal to 1000"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/events?since=2024-13-01", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?quad=7", "quad"),
        ("/api/events?cameo=abc", "cameo"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?cursor=not-a-cursor", "cursor"),
        ("/api/events?since=2024-12-01&until=2024-01-01", "after"),
        ("/api/dyad?a=JPN", "b"),
        ("/api/dyad?a=JPN&b=USA&by=year", "by"),
        ("/api/network?level=galaxy", "level"),
        ("/api/documents/x?version=" + "1" * 40, "version"),  # once a 500 from DuckDB's 128-bit integers
        ("/api/documents/x?version=2147483648", "version"),
        ("/api/events?since=0001-01-01", "since: Value error, 0001-01-01 is outside 1800-01-01..2199-12-31"),
        ("/api/events?source=JPN%27%20OR%201=1", "source: Value error, \"JPN' OR 1=1\" is not an actor code"),
        ("/api/dyad?a=JPN&b=USA&events=1001", "events"),
        ("/api/network?min_events=" + "9" * 30, "min_events"),
        ("/api/pledges?offset=-1", "offset"),
        ("/api/actors?limit=101", "limit"),
        ("/api/events/" + "e" * 129, "event_id"),
        ("/api/dyad?a=%20&b=USA", "a: Value error, ' ' is not an actor code"),
    ],
)
def test_bad_parameters_get_422_saying_what_is_wrong(hand, url, words):
    client, _ = hand
    res = client.get(url)
    assert res.status_code == 422, res.text
    assert words in res.json()["message"]


def test_document_has_text_and_spans_that_point_at_the_words(hand):
    client, info = hand
    doc_id = info["doc_ids"]["A"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    text = doc["text"]
    assert len(doc["events"]) == 6
    assert doc["removed_lines"][0]["reason"] == "widget"
    for event in doc["events"]:
        s0, s1 = event["spans"]["sentence"]
        assert text[s0:s1] == event["sentence"]
        v0, v1 = event["spans"]["verb"]
        assert text[v0:v1] == event["verb_text"]
        a0, a1 = event["spans"]["source"]
        assert text[a0:a1] == event["source_text"]
        if event["spans"]["target"]:
            t0, t1 = event["spans"]["target"]
            assert text[t0:t1] == event["target_text"]


def test_unknown_document_and_event_are_404(hand):
    client, _ = hand
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/events/nope").status_code == 404


def test_event_links_to_its_sentence(hand):
    client, info = hand
    event_id = info["event_ids"][0]
    event = client.get(f"/api/events/{event_id}").json()
    assert event["link"] == f"/documents/{info['doc_ids']['A']}#e-{event_id}"


def test_actor_lookup_by_code_prefix_and_by_text(hand):
    client, _ = hand
    codes = [a["code"] for a in client.get("/api/actors?q=jpn").json()["actors"]]
    assert codes[0] == "JPN" and "JPNGOV" in codes and "USA" not in codes
    by_text = [a["code"] for a in client.get("/api/actors?q=ishiba").json()["actors"]]
    assert by_text == ["JPNGOV"]
    assert client.get("/api/actors?q=qqqq").json()["actors"] == []


def test_network_edges_are_country_dyads_with_net_cooperation(hand):
    client, _ = hand
    net = client.get("/api/network").json()
    edges = {(e["a"], e["b"]): e for e in net["edges"]}
    assert set(edges) == {("CHN", "JPN"), ("JPN", "PRK"), ("JPN", "USA")}
    assert edges[("JPN", "USA")]["net_cooperation"] == 2
    assert edges[("CHN", "JPN")]["net_cooperation"] == -2
    assert {n["id"] for n in net["nodes"]} == {"CHN", "JPN", "PRK", "USA"}


def test_dyad_series_both_directions(hand):
    client, _ = hand
    res = client.get("/api/dyad?a=jpn&b=chn&by=day&events=10")
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["a"] == "JPN" and body["b"] == "CHN"
    assert sum(row["events"] for row in body["series"]) == 2
    assert len(body["events"]) == 2
    assert client.get("/api/dyad?a=JPN&b=ZZZ").json()["series"] == []


def test_top_dyads_ranked_by_events(hand):
    client, _ = hand
    dyads = client.get("/api/dyads?limit=2").json()["dyads"]
    assert len(dyads) == 2
    assert dyads[0]["events"] >= dyads[1]["events"]


def test_no_write_methods(hand):
    client, _ = hand
    for path in ("/api/events", "/api/documents/x", "/api/stats"):
        assert client.post(path, json={}).status_code == 405
        assert client.delete(path).status_code == 405


def test_docs_page_uses_no_cdn(hand):
    client, _ = hand
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "dyadwatch"


@pytest.mark.parametrize("page", ["/", "/dyad?a=JPN&b=USA", "/network", "/events?actor=JPN", "/pledges", "/threads"])
def test_pages_render_without_outside_urls(hand, page):
    client, _ = hand
    res = client.get(page)
    assert res.status_code == 200
    assert "https://" not in res.text and "http://" not in res.text
    assert "<toward>" not in res.text  # sentences are escaped
    assert "default-src 'self'" in res.headers["content-security-policy"]


def test_document_page_marks_each_event_sentence(hand):
    client, info = hand
    html = client.get(f"/documents/{info['doc_ids']['A']}").text
    for event_id in info["event_ids"][:6]:
        assert f'id="e-{event_id}"' in html
    assert '<mark class="verb"' in html and '<mark class="actor src"' in html
    assert "&lt;toward&gt;" in html  # article text is escaped


def test_database_opened_read_only(hand):
    client, _ = hand
    con = client.app.state.con
    with pytest.raises(Exception, match="read-only"):
        con.execute("CREATE TABLE x (i INTEGER)")


def test_missing_database_is_a_store_error(tmp_path: Path):
    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "none.duckdb")


def test_events_filter_by_agreement(hand):
    client, _ = hand
    assert client.get("/api/events?agreement=JPN_USA_SOFA").json()["count"] == 0
    assert client.get("/events?agreement=JPN_USA_SOFA").status_code == 200


def test_alliance_card_page_leaves_the_database_file_unchanged(hand, tmp_path):
    client, info = hand
    db = Path(client.app.state.db_path)
    before = db.read_bytes()
    res = client.get("/alliance?a=JPN&b=USA")
    assert res.status_code == 200, res.text[-500:]
    assert "Japan" in res.text and "United States" in res.text
    for event_id in info["event_ids"][:1]:  # the JPN->USA events link to their sentences
        assert f"#e-{event_id}" in res.text
    assert db.read_bytes() == before


def test_brief_page_frames_the_standalone_brief(hand):
    client, _ = hand
    page = client.get("/brief?a=JPN&b=USA")
    assert page.status_code == 200
    assert 'src="/brief/raw?a=JPN&amp;b=USA"' in page.text
    raw = client.get("/brief/raw?a=JPN&b=USA")
    assert raw.status_code == 200, raw.text[-500:]
    assert "Japan" in raw.text


def test_agreements_page_lists_the_register(hand):
    client, _ = hand
    res = client.get("/agreements")
    assert res.status_code == 200
    assert res.text.count('<tr id="ag-') >= 2


def test_threads_read_only_filtered_and_cached(hand):
    client, _ = hand
    db = Path(client.app.state.db_path)
    before = db.read_bytes()
    everything = client.get("/api/threads").json()
    assert everything["count"] == len(everything["threads"])
    for thread in everything["threads"]:
        assert thread["sentences"][0]["role"] == "proposal"
    jpn = client.get("/api/threads?actor=JPN").json()["threads"]
    assert all("JPN" in (t["proposer"][:3], t["responder"][:3]) for t in jpn)
    assert client.get("/api/threads?actor=ZZZ").json()["count"] == 0
    assert ("threads", None, None, None) in client.app.state.cache
    assert db.read_bytes() == before


def test_pledge_pages_match_the_pledge_store(tmp_path):
    from dyadwatch.serve.queries import pledges_page  # noqa: PLC0415
    from dyadwatch.store.db import open_db  # noqa: PLC0415
    from dyadwatch.store.pledge_store import read_pledges  # noqa: PLC0415

    path = tmp_path / "p.duckdb"
    build_hand_db(path)
    con = open_db(path)
    for i, actor in enumerate(["JPNGOV", "USAGOV", "JPNGOV"]):
        con.execute(
            "INSERT INTO pledges (pledge_id, event_id, doc_id, version, actor, kind, what, sentence, sentence_index,"
            " amount_text, amount_usd, topics, status, published) VALUES (?, 'e', 'd', 1, ?, 'plan', 'x', 's', ?,"
            " '10 trillion yen', 6.6e10, ['AI'], 'planned', DATE '2024-11-12')",
            [f"p{i}", actor, i],
        )
    whole, total = pledges_page(con, limit=2)
    assert total == 3
    assert whole == [dict(r, published=r["published"].isoformat()) for r in read_pledges(con)][:2]
    rest, _ = pledges_page(con, limit=2, offset=2)
    assert [p["pledge_id"] for p in rest] == ["p2"]
    jpn, total = pledges_page(con, actor="jpn")
    assert total == 2 and {p["actor"] for p in jpn} == {"JPNGOV"}
    con.close()
    with TestClient(create_app(path)) as client:
        body = client.get("/api/pledges?actor=USA").json()
        assert body["count"] == 1 and body["pledges"][0]["amount_usd"] == 6.6e10
        html = client.get("/pledges").text
        assert "US$66 billion" in html and "10 trillion yen" in html


def test_agreement_api_and_timeline_page(hand):
    client, _ = hand
    register = client.get("/api/agreements").json()["agreements"]
    ids = [a["id"] for a in register if a["id"]]
    assert "JPN_USA_SOFA" in ids
    body = client.get("/api/agreements/JPN_USA_SOFA").json()
    assert body["agreement"]["id"] == "JPN_USA_SOFA" and body["timeline"] == []
    assert client.get("/api/agreements/NOPE").status_code == 404
    page = client.get("/agreements/JPN_USA_SOFA")
    assert page.status_code == 200 and "No sentence in the store names it" in page.text
    assert client.get("/agreements/NOPE").status_code == 404


def test_dyad_page_totals_each_direction(hand):
    client, _ = hand
    html = client.get("/dyad?a=JPN&b=CHN").text
    table = html[html.index('id="directions"'):]
    rows = table[: table.index("</table>")].split("<tr>")[2:]
    assert "JPN</span> → <span class=\"code\">CHN" in rows[0] and '<td class="num">1</td>' in rows[0]
    assert "CHN</span> → <span class=\"code\">JPN" in rows[1] and "-2.0" in rows[1]


@pytest.mark.parametrize(("a", "b"), [("JPN", "USA"), ("CHN", "JPN"), ("PRK", "JPN")])
def test_story_on_the_pair_slice_equals_story_on_everything(hand, a, b):
    from dyadwatch.analyse import story  # noqa: PLC0415
    from dyadwatch.serve.app import scratch_connection  # noqa: PLC0415
    from dyadwatch.serve.queries import pair_slice  # noqa: PLC0415

    client, _ = hand
    db = client.app.state.db_path
    full = scratch_connection(db)
    where, params = pair_slice(a, b)
    part = scratch_connection(db, events_where=where, params=params)
    try:
        assert story.alliance_card(part, a, b) == story.alliance_card(full, a, b)
        assert [story.agenda(part, x) for x in (a, b)] == [story.agenda(full, x) for x in (a, b)]
    finally:
        full.close()
        part.close()


def test_threads_refuse_an_unbounded_build(hand, monkeypatch):
    from dyadwatch.serve import api  # noqa: PLC0415

    monkeypatch.setattr(api, "THREADS_MAX_EVENTS", 3)
    with TestClient(create_app(hand[0].app.state.db_path)) as client:  # a fresh app: nothing cached
        res = client.get("/api/threads?since=2000-01-01")
        assert res.status_code == 422 and "actor=" in res.json()["message"]
        page = client.get("/threads?actor=")
        assert page.status_code == 200 and "Pick an actor" in page.text
        assert client.get("/api/threads?actor=CHN").status_code == 200  # 2 events: built


def test_event_tables_mark_source_verb_and_target(hand):
    client, _ = hand
    html = client.get("/events?q=criticised").text
    row = html[html.index('class="evlink"'):]
    row = row[: row.index("</a>")]
    assert '<mark class="actor src" title="source: CHN">China</mark>' in row
    assert '<mark class="verb"' in row and ">criticised</mark>" in row
    assert '<mark class="actor tgt" title="target: JPN">Japan</mark>' in row
