"""Every event explains itself (where its target came from, the model's score) and headline events are
coded apart: stored and shown in their document, left out of counts, series, cards and exports unless
asked for (issue 12, items 3 and 4). Stories are invented."""
from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyadwatch.analyse.dyads import dyad_series
from dyadwatch.analyse.story import dyad_events as card_events
from dyadwatch.clean import is_headline
from dyadwatch.cli import app as cli_app
from dyadwatch.evaluate.news import GoldArticle, SystemArticle, Tally, _score_events
from dyadwatch.events.coder import Coder, added_by_model
from dyadwatch.pipeline import process_document
from dyadwatch.records import Article, RawDocument, sha256_hex
from dyadwatch.run import write_article
from dyadwatch.serve.app import create_app
from dyadwatch.settings import Settings
from dyadwatch.store.db import open_db
from dyadwatch.store.event_query import VIEW, VIEW_WITH_HEADLINES, events_view, query_events
from dyadwatch.store.export import export
from dyadwatch.store.writer import store_stats

OLD_DB = Path(__file__).parent / "fixtures" / "db" / "founding-duckdb-1.5.6.duckdb.gz"
# an HTML page's title carries the site's name, so the page's own headline line stays in the clean text
HEADLINE_STORY = RawDocument(
    path="ghana.html#1", format="text", url="https://news.example.org/ghana-togo", published=date(2026, 3, 3),
    title="Ghana condemns Togo over border closure | Example News",
    body="Ghana condemns Togo over border closure\n"
         "ACCRA, March 3 -- Ghana condemned Togo on Monday over the closure of their shared border.",
)


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.from_settings()


@pytest.fixture(scope="module")
def rules() -> Coder:
    # the rules alone, for what a rule event says about itself: the pair scorer may drop a rule event or
    # replace it by its own (measured held out, changes with each retraining)
    from dataclasses import replace

    from dyadwatch.settings import Settings

    return Coder.from_settings(replace(Settings(), extra={"hybrid": False}))


def _article(text: str, title: str | None = None) -> Article:
    return Article(doc_id=sha256_hex(text), path="story.txt", text=text, content_hash=sha256_hex(text), title=title)


def _one(events, source: str, target: str | None):
    found = [e for e in events if e.source.code == source and (e.target.code if e.target else None) == target]
    assert len(found) == 1, [(e.source.code, e.target and e.target.code, e.target_origin) for e in events]
    return found[0]


# ---- target origin and score --------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, source, target, origin", [
    ("Portugal attacked Morocco on Tuesday.", "PRT", "MAR", "object"),
    ("Ghana rejected Togo's offer of talks.", "GHA", "TGO", "object phrase"),  # possessive in the object
    ("Chile launched air strikes on Bolivia.", "CHL", "BOL", "object phrase"),  # 'strikes on X'
    ("Ghana met with Togo in Accra.", "GHA", "TGO", "preposition"),
    ("Ghana met with Togo in Accra.", "TGO", "GHA", "subject"),  # the reverse direction of a meeting
    ("Togo was denounced by Ghana.", "GHA", "TGO", "subject"),  # the passive's subject is acted on
    ("Ghana and Togo signed a border agreement.", "GHA", "TGO", "subject"),  # each side of a joint act
    ("Chile said Bolivia must withdraw its troops.", "CHL", "BOL", "clause"),
    ("Ecuadorian troops shelled positions in Colombia.", "ECUMIL", "COL", "place"),
])
def test_rule_event_says_where_its_target_came_from(rules, sentence, source, target, origin):
    event = _one([e for e in rules.code_sentence(sentence) if not added_by_model(e)], source, target)
    assert event.target_origin == origin
    assert event.score is None  # a dictionary pattern decided it
    assert not event.pattern.startswith("model")


def test_pronoun_target_is_marked_as_a_pronoun(rules):
    text = "Kenya sent police officers to Haiti on Monday. The United Nations praised them."
    event = _one(rules.code_article(_article(text)), "IGOUNO", "HTI")
    assert event.target_origin == "pronoun"
    assert event.target.resolved_from.startswith("pronoun 'them'")


def test_model_event_from_story_context_has_its_score(coder):
    text = "Ghana closed its border with Togo on Monday.\nThe Ghanaian government later announced new patrols."
    thresholds = coder.learned.add_threshold, coder.learned.add_context_threshold, coder.learned.joint_threshold
    # every pair the rules left uncoded becomes a model event, story-context targets too
    coder.learned.add_threshold = coder.learned.add_context_threshold = coder.learned.joint_threshold = 0.0
    try:
        events = coder.code_article(_article(text))
    finally:
        coder.learned.add_threshold, coder.learned.add_context_threshold, coder.learned.joint_threshold = thresholds
    model = [e for e in events if e.sentence_index == 1 and e.target is not None]
    assert model and all(e.target_origin == "model (story context)" for e in model)
    assert all(0.0 <= e.score <= 1.0 and e.pattern.startswith(f"model p={e.score:.2f}") for e in model)
    targetless = [e for e in events if e.target is None]
    assert targetless and all(e.target_origin is None and e.score is None for e in targetless)


def test_model_event_in_the_sentence():
    eager = Coder.from_settings()
    eager.learned.add_threshold = eager.learned.joint_threshold = 0.0  # every pair the rules left uncoded: an event
    eager.learned.max_added = 99
    eager.learned.second_threshold = 2.0  # one root a pair
    event = _one(eager.code_sentence("Peru condemned Chile's strikes on Bolivia."), "CHL", "BOL")
    assert event.target_origin == "model (sentence)" and event.score is not None


def test_explain_shows_pattern_origin_and_score():
    result = CliRunner().invoke(cli_app, ["explain", "Ghana rejected Togo's offer of talks."])
    assert result.exit_code == 0, result.output
    assert "decided by pattern:" in result.output and "OFFER" in result.output
    assert "target from: object phrase" in result.output
    assert "score:" not in result.output  # a rule event has none


def test_explain_json_carries_origin_and_score(coder):
    info = coder.explain("Chile launched air strikes on Bolivia.")
    event = next(e for e in info["events"] if e["target"] == "BOL")
    assert (event["decided_by"], event["target_origin"], event["score"]) == ("pattern", "object phrase", None)


# ---- headlines ----------------------------------------------------------------------------------------

def test_is_headline_reads_the_title():
    title = "Ghana condemns Togo over border closure | Example News"
    assert is_headline("Ghana condemns Togo over border closure", title)
    assert is_headline("“Ghana condemns Togo over border closure.”", title)  # quotes, end punctuation
    assert not is_headline("Ghana condemned Togo on Monday over the closure.", title)
    assert not is_headline("Ghana condemns Togo over border closure", None)
    assert not is_headline("  ", title)


def test_headline_event_is_flagged_and_the_body_event_is_not(coder):
    processed = process_document(HEADLINE_STORY, Settings(), coder)
    flags = {e.sentence_index: e.headline for e in processed.events}
    assert flags == {0: True, 1: False}, [(e.sentence, e.headline) for e in processed.events]


def test_code_sentence_is_never_a_headline(coder):
    assert not any(e.headline for e in coder.code_sentence("Ghana condemns Togo over border closure"))


@pytest.fixture(scope="module")
def store(tmp_path_factory, coder):
    """A store holding the headline story: one headline event, one body event (Ghana -> Togo)."""
    path = tmp_path_factory.mktemp("evidence") / "store.duckdb"
    con = open_db(path)
    write_article(con, process_document(HEADLINE_STORY, Settings(), coder))
    con.close()
    return path


def test_headline_events_are_stored_but_not_counted(store):
    con = open_db(store, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        assert con.execute(f"SELECT count(*) FROM {VIEW}").fetchone()[0] == 1
        assert events_view(con) == VIEW and events_view(con, include_headlines=True) == VIEW_WITH_HEADLINES
        rows = query_events(con)
        assert len(rows) == 1 and rows[0]["headline"] is False and rows[0]["target_origin"] == "object"
        assert len(query_events(con, include_headlines=True)) == 2
        assert sum(r["events"] for r in dyad_series(con, "GHA", "TGO")) == 1
        assert sum(r["events"] for r in dyad_series(con, "GHA", "TGO", include_headlines=True)) == 2
        assert len(card_events(con, "GHA", "TGO")) == 1
        assert len(card_events(con, "GHA", "TGO", include_headlines=True)) == 2
        stats = store_stats(con)
        assert (stats["events"], stats["headline_events"], stats["superseded_events"]) == (1, 1, 0)
    finally:
        con.close()


def test_export_leaves_headlines_out_unless_asked(store, tmp_path):
    con = open_db(store, read_only=True)
    try:
        plain = export(con, "parquet", tmp_path / "plain")
        both = export(con, "parquet", tmp_path / "both", include_headlines=True)
    finally:
        con.close()
    assert plain["rows"]["events"] == 1 and both["rows"]["events"] == 2
    table = pq.read_table(tmp_path / "both" / "events.parquet").to_pylist()
    assert sorted(r["headline"] for r in table) == [False, True]
    assert all(r["target_origin"] == "object" and r["score"] is None for r in table)


def test_cli_events_with_headlines(store):
    runner = CliRunner()
    plain = runner.invoke(cli_app, ["events", "--db", str(store), "--format", "jsonl"])
    both = runner.invoke(cli_app, ["events", "--db", str(store), "--format", "jsonl", "--with-headlines"])
    assert plain.exit_code == 0 and both.exit_code == 0, plain.output + both.output
    assert len(plain.output.splitlines()) == 1 and len(both.output.splitlines()) == 2
    assert {json.loads(line)["headline"] for line in both.output.splitlines()} == {True, False}


def test_cli_stats_names_the_headline_events(store):
    result = CliRunner().invoke(cli_app, ["stats", "--db", str(store)])
    assert result.exit_code == 0, result.output
    assert "events 1 (+1 from headlines, not counted)" in result.output


def test_api_flag_and_event_records(store):
    with TestClient(create_app(store)) as client:
        plain = client.get("/api/events").json()
        both = client.get("/api/events", params={"headlines": "true"}).json()
        assert plain["count"] == 1 and both["count"] == 2
        assert {e["headline"] for e in both["events"]} == {True, False}
        assert all(e["target_origin"] == "object" and e["score"] is None for e in both["events"])
        assert client.get("/api/stats").json()["events"] == 1
        assert client.get("/api/stats", params={"headlines": "true"}).json()["events"] == 2
        series = client.get("/api/dyad", params={"a": "GHA", "b": "TGO"}).json()["series"]
        series_all = client.get("/api/dyad", params={"a": "GHA", "b": "TGO", "headlines": "true"}).json()["series"]
        assert sum(r["events"] for r in series) == 1 and sum(r["events"] for r in series_all) == 2
        assert client.get("/api/dyads").json()["dyads"][0]["events"] == 1
        assert client.get("/api/dyads", params={"headlines": "true"}).json()["dyads"][0]["events"] == 2
        event_id = next(e["event_id"] for e in both["events"] if e["headline"])
        assert client.get(f"/api/events/{event_id}").json()["headline"] is True  # asked for by id: found


def test_document_view_shows_origin_pattern_and_headline(store):
    with TestClient(create_app(store)) as client:
        doc_id = client.get("/api/documents").json()["documents"][0]["doc_id"]
        html = client.get(f"/documents/{doc_id}").text
    assert html.count('target from: <span class="target-origin">object</span>') == 2
    assert html.count("pattern <code>") == 2 and "model features" not in html  # both decided by a pattern
    assert html.count('class="flag headline"') == 1  # the headline event, shown and marked


# ---- migration m060 on a database written before it ---------------------------------------------------

def test_migration_adds_evidence_to_an_old_database(tmp_path):
    path = tmp_path / "old.duckdb"
    with gzip.open(OLD_DB) as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    con = open_db(path, read_only=True)  # not migrated yet: readers still work, with no evidence
    try:
        rows = query_events(con, include_headlines=True)
        assert len(rows) == 15 and {(r["target_origin"], r["score"], r["headline"]) for r in rows} == {(None, None, False)}
    finally:
        con.close()
    con = open_db(path)
    try:
        columns = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                             "WHERE table_name = 'events'").fetchall()}
        assert {"target_origin", "score", "headline"} <= columns
        assert con.execute("SELECT count(*) FROM events WHERE target_origin IS NULL AND score IS NULL "
                           "AND headline IS NULL").fetchone()[0] == 15  # old rows: NULL
        assert con.execute(f"SELECT count(*) FROM {VIEW}").fetchone()[0] == 15  # NULL is not a headline
        assert con.execute(f"SELECT count(*) FROM {VIEW_WITH_HEADLINES}").fetchone()[0] == 15
        assert con.execute("SELECT count(*) FROM cluster_stats").fetchone() is not None
        assert "m060_event_evidence_headlines" in {r[0] for r in con.execute("SELECT name FROM _migrations").fetchall()}
    finally:
        con.close()
    open_db(path).close()  # applied once: opens again


# ---- evaluate news drops the coder's headline events --------------------------------------------------

def test_evaluate_news_drops_flagged_headline_events(coder):
    processed = process_document(HEADLINE_STORY, Settings(), coder)
    system = SystemArticle(text=processed.article.text, title=processed.article.title, events=processed.events,
                           pledges=[], headlines=[],  # no title to compare with: only the flag can drop it
                           sentences=[], parsed=None)
    tally = Tally()
    _score_events(GoldArticle(name="ghana", file="ghana.html", format="html"), system, tally)
    assert tally.counts["headline_events_dropped"] == 1
    assert tally.counts["system_events"] == 1


def test_a_story_context_guess_is_never_an_addressee():
    from dyadwatch.events.coder import MODEL_ORIGINS, stated_target

    assert stated_target("USAGOV", MODEL_ORIGINS["context"]) is None
    assert stated_target("USAGOV", MODEL_ORIGINS["sentence"]) == "USAGOV"
    assert stated_target("USAGOV", "object phrase") == "USAGOV"
    assert stated_target(None, None) is None
