"""What changed since you last looked, over HTTP and on the command line: /api/rounds, /api/alerts, the
overview's rounds and alerts panels and its "new" markers, `dyadwatch alerts`, and --watch-actors
passed through by `watch --serve`. Databases of invented articles (hand-made rows, and one through the
real pipeline)."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyadwatch.cli import app as cli
from dyadwatch.serve.app import create_app
from dyadwatch.store.db import open_db
from dyadwatch.store.rounds import finish_round, save_round, start_round
from fixtures.pledges.handmade import article, event, store
from serve_fixtures import build_hand_db

EARLIER = datetime(2026, 11, 30, 8, 0)


def _fill(con) -> dict:
    """Round 1 (yesterday) stored a cooperative week of CHN-JPN; round 2 (now) a threat and a rejection."""
    first = finish_round(con, start_round(con, EARLIER, sources=2), EARLIER + timedelta(minutes=1))
    first.items_seen, first.items_new, first.documents_stored, first.events_added = 4, 1, 1, 2
    save_round(con, first)
    old = article("China and Japan agreed to expand ferry routes. Japan praised China for the routes.",
                  published=date(2026, 11, 3), url="https://wire.example/ferry")
    store(con, old, [event(old, "agreed", "agreed", "057", "CHNGOV", "JPNGOV"),
                     event(old, "praised", "praised", "051", "JPNGOV", "CHN")])
    con.execute("UPDATE documents SET ingested_at = ? WHERE doc_id = ?", [EARLIER + timedelta(seconds=30), old.doc_id])
    second = start_round(con, datetime.now() - timedelta(seconds=1), sources=2)
    new = article("China threatened Japan with port fees. Japan rejected the fees.",
                  published=date(2026, 11, 18), url="https://wire.example/fees")
    store(con, new, [event(new, "threatened", "threatened", "130", "CHNGOV", "JPN"),
                     event(new, "rejected", "rejected", "120", "JPNGOV", "CHN")])
    second.items_seen, second.items_new, second.documents_stored, second.events_added = 5, 1, 1, 2
    second.error_lines = ["http://feeds.example/broken.xml: not a feed (bad XML at line 3)"]
    second.errors = 1
    finish_round(con, second, datetime.now())
    return {"old": old, "new": new, "rounds": (first, second)}


@pytest.fixture
def watched_db(tmp_path) -> tuple[Path, dict]:
    path = tmp_path / "watched.duckdb"
    con = open_db(path)
    made = _fill(con)
    con.close()
    return path, made


@pytest.fixture
def client(watched_db):
    path, _ = watched_db
    with TestClient(create_app(path, watch_actors="JPN")) as c:
        yield c


def test_api_rounds_newest_first(client):
    rounds = client.get("/api/rounds").json()["rounds"]
    assert [r["round_id"] for r in rounds] == [2, 1]
    assert rounds[0]["items_new"] == 1 and rounds[0]["events_added"] == 2 and rounds[0]["errors"] == 1
    assert rounds[0]["error_lines"] == ["http://feeds.example/broken.xml: not a feed (bad XML at line 3)"]
    assert rounds[1]["started_at"] == "2026-11-30T08:00:00" and rounds[1]["finished_at"] == "2026-11-30T08:01:00"
    assert [r["round_id"] for r in client.get("/api/rounds?limit=1").json()["rounds"]] == [2]


def test_api_rounds_of_a_database_no_watcher_wrote_is_empty(tmp_path):
    db = tmp_path / "hand.duckdb"
    build_hand_db(db)
    with TestClient(create_app(db)) as c:
        assert c.get("/api/rounds").json() == {"rounds": []}


def test_api_alerts_with_the_servers_watched_actors(client, watched_db):
    _, made = watched_db
    body = client.get("/api/alerts").json()
    assert body["watch_actors"] == ["JPN"] and body["since"] is None
    kinds = sorted(a["kind"] for a in body["alerts"])
    assert kinds == ["conflict_involving", "conflict_involving", "dyad_shift"] and body["count"] == 3
    shift = next(a for a in body["alerts"] if a["kind"] == "dyad_shift")
    assert shift["subject"] == "CHN-JPN" and shift["day"] == "2026-11-16"
    assert shift["message"].startswith("CHN-JPN: weekly Goldstein mean fell from +3.5 (2026-W45, 2 events) to -5.0")
    threat = next(a for a in body["alerts"] if a["message"].startswith("threat"))
    assert threat["sentence"] == "China threatened Japan with port fees." and threat["doc_id"] == made["new"].doc_id
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", threat["stored_at"])


def test_api_alerts_actors_since_round_threshold_kind(client):
    assert [a["kind"] for a in client.get("/api/alerts?actors=USA").json()["alerts"]] == ["dyad_shift"]
    chn = client.get("/api/alerts?actors=chn&kind=conflict_involving").json()
    assert chn["watch_actors"] == ["CHN"] and len(chn["alerts"]) == 2
    assert client.get("/api/alerts?threshold=9").json()["count"] == 2  # the shift (8.5) is under 9
    assert client.get("/api/alerts?round=2").json()["count"] == 3  # round 2 stored the news behind all three
    assert client.get("/api/alerts?since=2099-01-01").json() == {
        "alerts": [], "count": 0, "watch_actors": ["JPN"], "since": "2099-01-01T00:00:00"}
    assert client.get("/api/alerts?since=2026-11-30T08:00:00").json()["count"] == 3
    assert client.get("/api/alerts?limit=1").json()["count"] == 1


@pytest.mark.parametrize(("query", "blamed"), [
    ("round=7", "round: no watcher round 7"),
    ("round=1&since=2026-01-01", "since, round: give one of them"),
    ("kind=pledge_answered", "kind: unknown alert kind pledge_answered"),
    ("actors=J%20P", "actors: watched actor 'J P' is not an actor code"),
    ("since=yesterday", "since:"),
    ("threshold=-1", "threshold:"),
])
def test_api_alerts_bad_parameters_are_422_naming_them(client, query, blamed):
    res = client.get(f"/api/alerts?{query}")
    assert res.status_code == 422 and res.json()["message"].startswith(blamed), res.text


def test_overview_shows_rounds_alerts_and_marks_what_is_stored(client, watched_db):
    _, made = watched_db
    html = client.get("/").text
    rounds = html[html.index('id="last-rounds"'):html.index('id="alerts-panel"')]
    assert [int(n) for n in re.findall(r'data-round="(\d+)"', rounds)] == [2, 1]
    assert "2026-11-30 08:00:00" in rounds and "bad XML at line 3" in rounds
    alerts = html[html.index('id="alerts"'):html.index("</ul>", html.index('id="alerts"'))]
    assert alerts.count('<li class="alert') == 3 and "threat: CHNGOV -&gt; JPN: Threaten (CAMEO 130)" in alerts
    assert f'href="/documents/{made["new"].doc_id}#e-' in alerts
    assert "involving JPN" in html
    # Every round, alert and event carries the time it was stored, and the page the newest one it saw.
    seen_until = re.search(r'data-seen-until="([^"]+)"', html).group(1)
    stored = re.findall(r'data-stored-at="([^"]+)"', html)
    assert stored and max(stored) <= seen_until
    just_stored = html[html.index('id="stored-events"'):]
    assert just_stored.index("China threatened Japan") < just_stored.index("China and Japan agreed")
    assert '<script src="/static/overview.js"></script>' in html


def test_overview_without_rounds_has_no_rounds_panel(tmp_path):
    db = tmp_path / "hand.duckdb"
    build_hand_db(db)
    with TestClient(create_app(db)) as c:
        html = c.get("/").text
    assert 'id="last-rounds"' not in html and 'id="stored-events"' not in html
    assert 'id="alerts"' in html and "--watch-actors CHN,JPN" in html  # the database's own busiest dyad


def test_create_app_refuses_a_watched_actor_that_is_no_code(tmp_path):
    db = tmp_path / "hand.duckdb"
    build_hand_db(db)
    with pytest.raises(ValueError, match="'J;P' is not an actor code"):
        create_app(db, watch_actors="JPN,J;P")


def test_cli_alerts_table_json_and_round(watched_db):
    path, made = watched_db
    runner = CliRunner()
    out = runner.invoke(cli, ["alerts", "--db", str(path), "--watch-actors", "JPN"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "3 alert(s) in the whole database; watched actors: JPN"
    assert any("dyad_shift" in line and "CHN-JPN: weekly Goldstein mean fell" in line for line in lines)
    assert "    evidence: China threatened Japan with port fees." in lines
    js = json.loads(runner.invoke(cli, ["alerts", "--db", str(path), "--watch-actors", "CHN", "--json",
                                        "--kind", "conflict_involving"]).output)
    assert js["watch_actors"] == ["CHN"] and {a["doc_id"] for a in js["alerts"]} == {made["new"].doc_id}
    later = runner.invoke(cli, ["alerts", "--db", str(path), "--since", "2099-01-01", "--json"])
    assert json.loads(later.output)["alerts"] == [] and json.loads(later.output)["since"] == "2099-01-01T00:00:00"
    by_round = json.loads(runner.invoke(cli, ["alerts", "--db", str(path), "--round", "2", "--json"]).output)
    assert [a["kind"] for a in by_round["alerts"]] == ["dyad_shift"]  # no watched actors: shifts only
    unwatched = runner.invoke(cli, ["alerts", "--db", str(path)])
    assert "threats, rejections and force are reported for watched actors only" in unwatched.output


def test_cli_alerts_watched_actors_from_the_settings_file(watched_db, tmp_path):
    path, _ = watched_db
    config = tmp_path / "settings.toml"
    config.write_text('watch_actors = ["chn"]\n', encoding="utf-8")
    js = json.loads(CliRunner().invoke(cli, ["alerts", "--db", str(path), "--config", str(config), "--json"]).output)
    assert js["watch_actors"] == ["CHN"]
    config.write_text('watch_actors = "USA, JPN"\n', encoding="utf-8")
    js = json.loads(CliRunner().invoke(cli, ["alerts", "--db", str(path), "--config", str(config), "--json"]).output)
    assert js["watch_actors"] == ["USA", "JPN"]


@pytest.mark.parametrize(("args", "message"), [
    (["--round", "9"], "no watcher round 9 in this database"),
    (["--since", "last week"], "--since: 'last week' is not a day or a time"),
    (["--watch-actors", "J P"], "--watch-actors: watched actor 'J P' is not an actor code"),
    (["--since", "2026-01-01", "--round", "1"], "give --since or --round, not both"),
    (["--kind", "pledge_answered"], "unknown alert kind pledge_answered"),
])
def test_cli_alerts_usage_errors_exit_2_with_one_line(watched_db, args, message):
    path, _ = watched_db
    out = CliRunner().invoke(cli, ["alerts", "--db", str(path), *args])
    assert out.exit_code == 2 and message in out.output, out.output


def test_cli_alerts_missing_database(tmp_path):
    out = CliRunner().invoke(cli, ["alerts", "--db", str(tmp_path / "none.duckdb")])
    assert out.exit_code == 1 and "none.duckdb: no such database" in out.output


def test_the_served_app_of_a_watcher_gets_its_watched_actors(watched_db):
    from dyadwatch.watch.serving import BackgroundServer  # noqa: PLC0415

    path, _ = watched_db
    con = open_db(path)
    try:
        server = BackgroundServer(str(path), con, port=1, watch_actors=("JPN", "CHN"))
        assert server.app.state.watch_actors == ("JPN", "CHN")
        server.reader.close()
    finally:
        con.close()


def test_real_pipeline_threat_against_a_watched_actor_is_an_alert(tmp_path):
    """An invented report through `dyadwatch ingest` (the real coder), then `dyadwatch alerts`."""
    story = tmp_path / "survey.txt"
    story.write_text(
        "Harbour survey row\n\n"
        "China threatened Japan with sanctions on Monday after a Japanese survey ship entered waters near "
        "the disputed reef.\n\nThe Chinese foreign ministry said the ship must leave at once.\n", encoding="utf-8")
    db = tmp_path / "e.duckdb"
    runner = CliRunner()
    ingested = runner.invoke(cli, ["ingest", str(story), "--db", str(db), "--published", "2026-11-30", "-q"])
    assert ingested.exit_code == 0, ingested.output
    js = json.loads(runner.invoke(cli, ["alerts", "--db", str(db), "--watch-actors", "JPN", "--json"]).output)
    threats = [a for a in js["alerts"] if a["message"].startswith("threat: CHN")]
    assert len(threats) == 1 and "-> JPN" in threats[0]["message"] and "sanctions" in threats[0]["sentence"]
    nothing = json.loads(runner.invoke(cli, ["alerts", "--db", str(db), "--watch-actors", "USA", "--json"]).output)
    assert nothing["alerts"] == []


def test_a_database_from_before_rounds_serves_no_rounds_and_its_alerts(tmp_path):
    """A store written before the watcher existed (no watch_rounds table), opened read-only."""
    import gzip  # noqa: PLC0415

    old = tmp_path / "old.duckdb"
    packed = Path(__file__).parent / "fixtures" / "db" / "founding-duckdb-1.5.6.duckdb.gz"
    old.write_bytes(gzip.decompress(packed.read_bytes()))
    with TestClient(create_app(old, watch_actors="JPN")) as c:
        assert c.get("/api/rounds").json() == {"rounds": []}
        assert c.get("/api/alerts").status_code == 200
        assert c.get("/api/alerts?round=1").json()["message"] == "round: no watcher round 1 in this database"
        page = c.get("/")
    assert page.status_code == 200 and 'id="last-rounds"' not in page.text and 'id="alerts"' in page.text
    out = CliRunner().invoke(cli, ["alerts", "--db", str(old), "--round", "1"])
    assert out.exit_code == 2 and "no watcher round 1 in this database" in out.output


def test_watch_prints_the_alerts_of_each_round(tmp_path):
    """`dyadwatch watch --watch-actors` (real pipeline): `dyadwatch alerts` cannot open a file the watcher
    owns, so each round's alerts are printed under its line."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "reef.txt").write_text(
        "China threatened Japan with sanctions on Monday after a Japanese survey ship entered waters near "
        "the disputed reef.\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["watch", str(folder), "--db", str(tmp_path / "w.duckdb"), "--once",
                                   "--settle", "0", "--watch-actors", "JPN"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("round 1 "))
    assert lines[at + 1].startswith("  alert conflict_involving: threat: CHN") and "-> JPN" in lines[at + 1]
    quiet = CliRunner().invoke(cli, ["watch", str(folder), "--db", str(tmp_path / "quiet.duckdb"), "--once", "-q",
                                     "--settle", "0", "--watch-actors", "JPN"])  # the same round, quietly
    assert quiet.exit_code == 0 and quiet.output == ""
