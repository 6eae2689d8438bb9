"""The pledge tracker (analyse/pledge_tracker.py) on invented stories over time, through the real
pipeline and store: a pledge made, restated, raised, partly fulfilled; another made and withdrawn;
and `dyadwatch pledges --status`."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from dyadwatch.analyse.pledge_tracker import track_pledges
from dyadwatch.cli import app
from dyadwatch.pipeline import load_coder, process_articles
from dyadwatch.run import write_articles
from dyadwatch.settings import Settings
from dyadwatch.store.db import open_db
from fixtures.pledges.handmade import article

STORIES = [
    (date(2026, 3, 1), "OSLO, March 1 (Example Wire) -- Norway pledged 3 billion Norwegian kroner in humanitarian aid "
                       "for Sudan over the next two years, the foreign ministry said."),
    (date(2026, 4, 2), "SANTIAGO, April 2 (Example Wire) -- Chile pledged $500 million for a lithium research fund "
                       "by 2028, the finance minister said."),
    (date(2026, 6, 10), "OSLO, June 10 (Example Wire) -- Norway's foreign minister said Oslo would stick to its pledge "
                        "of 3 billion Norwegian kroner in aid for Sudan over the next two years."),
    (date(2026, 9, 15), "OSLO, Sept. 15 (Example Wire) -- Norway will raise its humanitarian aid for Sudan to 4 billion "
                        "Norwegian kroner over the next two years, the foreign ministry said."),
    (date(2026, 10, 20), "SANTIAGO, Oct. 20 (Example Wire) -- Chile scrapped its $500 million lithium research fund on "
                         "Tuesday, the finance ministry said."),
    (date(2026, 12, 1), "OSLO, Dec. 1 (Example Wire) -- Norway said the first 1 billion kroner of its humanitarian aid "
                        "for Sudan had been paid to UN agencies."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("tracker") / "t.duckdb"
    settings = Settings()
    articles = [article(text, published=day, url=f"https://example.com/story{i}") for i, (day, text) in enumerate(STORIES)]
    con = open_db(path)
    for _ in write_articles(con, process_articles(articles, settings, load_coder(settings))):
        pass
    con.close()
    return path


def test_one_pledge_with_its_history(db):
    con = open_db(db, read_only=True)
    tracked = {t.actor[:3]: t for t in track_pledges(con)}
    con.close()
    assert set(tracked) == {"NOR", "CHL"}
    norway = tracked["NOR"]
    assert [(e.day, e.kind) for e in norway.history] == [
        (date(2026, 3, 1), "made"), (date(2026, 6, 10), "restated"), (date(2026, 9, 15), "raised"),
        (date(2026, 12, 1), "partly fulfilled")]
    assert norway.amount_value == 4e9 and norway.unit == "NOK" and norway.deadline.year == 2028
    assert norway.status == "partly fulfilled" and norway.last_news == date(2026, 12, 1)
    assert norway.history[-1].sentence.startswith("OSLO, Dec. 1 (Example Wire) -- Norway said the first")
    assert norway.summary().endswith("no news since 2026-12-01")
    assert "raised to 4 billion Norwegian kroner 2026-09-15" in norway.summary()
    chile = tracked["CHL"]
    assert [e.kind for e in chile.history] == ["made", "withdrawn"] and chile.status == "withdrawn"


def test_pledges_status_command(db):
    out = CliRunner().invoke(app, ["pledges", "--db", str(db), "--status", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = {r["actor"][:3]: r for r in map(json.loads, out.output.splitlines())}
    assert rows["NOR"]["status"] == "partly fulfilled" and rows["NOR"]["last_news"] == "2026-12-01"
    assert [h["kind"] for h in rows["NOR"]["history"]] == ["made", "restated", "raised", "partly fulfilled"]
    listed = CliRunner().invoke(app, ["pledges", "--db", str(db), "--format", "jsonl"])
    assert len(listed.output.splitlines()) == 4  # the commitments: two made, one restated, one raised


def test_the_brief_cites_the_history(db):
    from dyadwatch.analyse.brief import build_brief

    con = open_db(db, read_only=True)
    brief = build_brief(con, "NOR", "SDN")
    con.close()
    tracked = [p for p in brief["pledges"] if "tracked:" in p["text"]]
    assert tracked, brief["pledges"]
    assert "restated 2026-06-10; raised to 4 billion Norwegian kroner 2026-09-15" in tracked[0]["text"]
    cited = {n["sentence"] for n in brief["notes"]}
    assert any(s.startswith("OSLO, Dec. 1 (Example Wire) -- Norway said the first") for s in cited)


def test_the_pledge_page_shows_the_history(db):
    from fastapi.testclient import TestClient

    from dyadwatch.serve.app import create_app

    with TestClient(create_app(db)) as client:
        page = client.get("/pledges?actor=CHL").text
    assert "made 2026-04-02; withdrawn 2026-10-20; no news since 2026-10-20" in page


def test_pledge_updates_are_alerts(db):
    from datetime import datetime, timedelta

    from dyadwatch.analyse.alerts import AlertOptions, find_alerts

    con = open_db(db, read_only=True)
    try:
        alerts = find_alerts(con, kinds=["pledge_update"])
        # one alert per pledge, for its newest update: Norway's partial payment, Chile's scrapped fund
        by_actor = {a.subject[:3]: a for a in alerts}
        assert set(by_actor) == {"NOR", "CHL"} and len(alerts) == 2
        assert by_actor["NOR"].message.startswith("pledge partly fulfilled: ")
        assert by_actor["NOR"].day == date(2026, 12, 1) and by_actor["NOR"].sentence.startswith("OSLO, Dec. 1")
        assert by_actor["CHL"].message.startswith("pledge withdrawn: ")
        # nothing stored since a time after the last ingest
        later = datetime.now() + timedelta(days=1)
        assert find_alerts(con, AlertOptions(since=later), kinds=["pledge_update"]) == []
    finally:
        con.close()
