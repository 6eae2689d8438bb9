"""Storing a run's articles (`run.write_article`, `run.ArticleWriter`, `run.ingest_into` over the
store's writer): identity, duplicates, versions, one transaction per article, stats, a killed ingest."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dyadwatch.pipeline import ProcessedArticle, process_document
from dyadwatch.records import ActorRef, Event, RawDocument
from dyadwatch.run import ingest_into, process_inputs, write_article
from dyadwatch.settings import Settings
from dyadwatch.store.db import open_db
from dyadwatch.store.writer import DUPLICATE, NEW_VERSION, STORED, store_stats

SAMPLES = Path(__file__).parents[1] / "src" / "dyadwatch" / "data" / "samples"
FOUNDING = SAMPLES / "ishiba-japan-us-alliance.txt"
P1 = "The prime minister proposed new talks with the United States on the alliance and its bases."
P2 = "Officials from both governments met in Tokyo to discuss the status of forces agreement."


class FakeCoder:
    """One event per article (first sentence), so events travel through the store."""

    def code_article(self, article):
        sentence = article.text.split("\n")[0]
        end = sentence.find(" ") if " " in sentence else len(sentence)
        actor = ActorRef(code="JPNGOV", text=sentence[:end], start=0, end=end, country="JPN", role="GOV")
        return [Event(
            doc_id=article.doc_id, sentence_index=0, sentence=sentence, sentence_start=0, cameo="036",
            cameo_root="03", quad_class=1, goldstein=4.0, plover="CONSULT", verb_text="proposed",
            verb_start=0, verb_end=3, source=actor, target=None, published=article.published,
        )]


def processed(body: str, url: str | None = None, coder=None) -> ProcessedArticle:
    raw = RawDocument(path="x.txt", body=body, format="text", url=url)
    return process_document(raw, Settings(), coder or FakeCoder())


@pytest.fixture
def con(tmp_path):
    c = open_db(tmp_path / "t.duckdb")
    yield c
    c.close()


def count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_founding_article_is_stored_with_its_removed_lines_and_events(con):
    result = process_document(RawDocument(path=str(FOUNDING), body=FOUNDING.read_text(encoding="utf-8"), format="text"), Settings(), FakeCoder())
    assert write_article(con, result) == STORED
    row = con.execute("SELECT version, text, url, published FROM documents").fetchone()
    assert row[0] == 1 and row[1] == result.article.text and row[2] is None
    reasons = [r[0] for r in con.execute("SELECT reason FROM removed_lines ORDER BY position").fetchall()]
    assert reasons == ["photo-caption", "repeated-headline", "foreign-headline", "widget"]
    ev = con.execute("SELECT cameo, source, source_country, version FROM events").fetchall()
    assert ev == [("036", "JPNGOV", "JPN", 1)]


def test_same_input_twice_adds_nothing(con):
    assert write_article(con, processed(f"{P1}\n{P2}")) == STORED
    before = [count(con, t) for t in ("documents", "events", "removed_lines")]
    assert write_article(con, processed(f"{P1}\n{P2}")) == DUPLICATE
    assert [count(con, t) for t in ("documents", "events", "removed_lines")] == before


def test_changed_article_at_the_same_url_is_a_new_version(con):
    url = "https://news.example.org/a"
    assert write_article(con, processed(f"{P1}\n{P2}", url)) == STORED
    assert write_article(con, processed(f"{P1}\n{P2}\nA correction was appended on Friday.", url)) == NEW_VERSION
    assert write_article(con, processed(f"{P1}\n{P2}", url)) == DUPLICATE  # an old version again
    rows = con.execute("SELECT version, text LIKE '%correction%' FROM documents ORDER BY version").fetchall()
    assert rows == [(1, False), (2, True)]
    # Both versions keep their events (distinct ids), and the first version is not overwritten.
    assert con.execute("SELECT version, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall() == [(1, 1), (2, 1)]
    # Reading events gives the current version's only.
    from dyadwatch.store.event_query import query_events

    assert [e["sentence"] for e in query_events(con)] == [P1]
    assert [e["doc_id"] for e in query_events(con)] == [processed(P1, url).article.doc_id]


def test_a_failed_write_leaves_nothing_half_written(con):
    good = processed(f"{P1}\n{P2}")
    bad_event = FakeCoder().code_article(good.article)[0]
    bad_event.cameo = None  # NOT NULL column: the events insert fails after the document insert
    broken = ProcessedArticle(article=good.article, events=[bad_event])
    with pytest.raises(Exception):
        write_article(con, broken)
    assert count(con, "documents") == 0 and count(con, "events") == 0
    assert write_article(con, good) == STORED  # the connection is usable afterwards


def test_stats(con):
    write_article(con, processed(f"{P1}\n{P2}", "https://www.example.org/1"))
    write_article(con, processed(f"{P2}\n{P1}", "https://www.example.org/1"))
    write_article(con, process_document(
        RawDocument(path="y", body=f"{P1}", format="text", url="https://other.net/2", published=date(2024, 11, 20)),
        Settings(), FakeCoder()))
    s = store_stats(con)
    # Events of the latest versions (as the API and dyads count them); the replaced version's are apart.
    assert (s["documents"], s["versions"], s["events"], s["superseded_events"]) == (2, 3, 2, 1)
    assert s["events_by_quad_class"] == {"verbal cooperation": 2}
    assert s["sources"] == {"example.org": 1, "other.net": 1}
    assert s["date_range"] == ["2024-11-20", "2024-11-20"] and s["undated_documents"] == 2


def test_ingest_into_counts_and_errors(tmp_path, con):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(f"{P1}\n{P2}")
    (tmp_path / "in" / "b.txt").write_text("")
    errors = []
    counts = ingest_into(con, [str(tmp_path / "in")], Settings(), on_error=errors.append, coder=FakeCoder())
    pledges = counts.pop("pledges")  # whatever the pledge extractor finds, all of it is stored
    assert counts == {"read": 1, "stored": 1, "duplicates": 0, "new_versions": 0, "failed": 1, "events": 1}
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert pledges == (count(con, "pledges") if "pledges" in tables else 0)
    assert errors[0].path.endswith("b.txt") and errors[0].reason == "empty file"
    again = ingest_into(con, [str(tmp_path / "in")], Settings(), coder=FakeCoder())
    assert (again["stored"], again["duplicates"]) == (0, 1)


def test_should_stop_ends_the_run_between_whole_articles_and_a_rerun_completes(tmp_path, con):
    (tmp_path / "in").mkdir()
    for i in range(5):
        (tmp_path / "in" / f"d{i}.txt").write_text(f"{P1} Report {i}.\n{P2}")
    coded = []  # articles are committed in batches: stop on what was processed, not on what was committed

    class CountingCoder(FakeCoder):
        def code_article(self, article):
            coded.append(article.path)
            return super().code_article(article)

    counts = ingest_into(con, [str(tmp_path / "in")], Settings(), coder=CountingCoder(),
                         should_stop=lambda: len(coded) >= 2)
    assert (counts["read"], counts["stored"]) == (2, 2)
    assert (count(con, "documents"), count(con, "events")) == (2, 2)  # each stored article is whole
    again = ingest_into(con, [str(tmp_path / "in")], Settings(), coder=FakeCoder())
    assert (again["read"], again["stored"], again["duplicates"]) == (5, 3, 2)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id), max(version) FROM documents").fetchone() == (5, 5, 1)


def test_pipeline_dates_and_errors_go_to_on_error(tmp_path):
    (tmp_path / "a.txt").write_text(f"{P1}\n{P2}")
    errors = []
    out = list(process_inputs([str(tmp_path / "a.txt"), str(tmp_path / "none.txt")], Settings(published=date(2024, 1, 2)),
                              on_error=errors.append, coder=FakeCoder()))
    assert len(out) == 1 and out[0].article.published == date(2024, 1, 2)
    assert out[0].events[0].doc_id == out[0].article.doc_id
    assert [e.reason for e in errors] == ["no such file or directory"]


def _wait_for_writes(proc: subprocess.Popen, db: Path) -> None:
    wal = Path(f"{db}.wal")
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and not (wal.exists() and wal.stat().st_size > 20_000):
        time.sleep(0.05)


def _many_inputs(tmp_path: Path, total: int) -> Path:
    """A folder of `total` small articles: enough for an ingest to be stopped half-way."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(total):
        (inputs / f"doc{i:04d}.txt").write_text(f"{P1} Report number {i}.\n{P2} Item {i}.\n")
    return inputs


@pytest.mark.slow
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_or_kill_stops_after_a_whole_article_and_a_rerun_completes(tmp_path, sig, code):
    total = 150
    inputs = _many_inputs(tmp_path, total)
    db = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-c", "from dyadwatch.cli import main; main()", "ingest", str(inputs), "--db", str(db), "--json"]
    # Its own process group, as a terminal's Ctrl-C signals the whole group.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    _wait_for_writes(proc, db)
    os.killpg(proc.pid, sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert "Traceback" not in err and "interrupted" in err and "run the same command again" in err
    counts = json.loads(out)
    c = duckdb.connect(str(db))
    assert counts["interrupted"] and 0 < counts["stored"] == c.execute("SELECT count(*) FROM documents").fetchone()[0] < total
    c.close()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["duplicates"] == counts["stored"]
    c = duckdb.connect(str(db))
    assert c.execute("SELECT count(*), count(DISTINCT doc_id), max(version) FROM documents").fetchone() == (total, total, 1)
    c.close()


@pytest.mark.slow
def test_killed_ingest_loses_nothing_committed_and_a_rerun_completes(tmp_path):
    total = 150
    inputs = _many_inputs(tmp_path, total)
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-c", "from dyadwatch.cli import main; main()", "ingest", str(inputs), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wal = Path(f"{db}.wal")
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and not (wal.exists() and wal.stat().st_size > 20_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    c = duckdb.connect(str(db))  # readable after the kill
    stored = c.execute("SELECT count(*) FROM documents").fetchone()[0]
    # No events without their document, and every stored document is whole: the inputs all have the
    # same shape, so each committed document has the same number of events (written in its transaction).
    stray = c.execute("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = e.doc_id)").fetchone()[0]
    shapes = c.execute(
        "SELECT count(DISTINCT n) FROM (SELECT d.doc_id, count(e.event_id) AS n FROM documents d "
        "LEFT JOIN events e ON e.doc_id = d.doc_id GROUP BY d.doc_id)"
    ).fetchone()[0]
    c.close()
    assert 0 < stored < total, "kill the ingest while it runs: adjust `total` or the WAL threshold"
    assert stray == 0 and shapes == 1
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    c = duckdb.connect(str(db))
    assert c.execute("SELECT count(*), count(DISTINCT doc_id), max(version) FROM documents").fetchone() == (total, total, 1)
    c.close()


def test_a_database_held_by_another_process_says_so_and_what_to_do(tmp_path):
    from dyadwatch.errors import StoreError

    db = tmp_path / "held.duckdb"
    open_db(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError) as err:
            open_db(db)
        assert f"in use by another process (PID {holder.pid}" in str(err.value) and "run this again" in str(err.value)
    finally:
        holder.kill()
        holder.wait()


class SentenceCoder:
    """Two events per sentence (a statement and an intent of the same actor, so events of one
    sentence tie in the cluster order) plus one toward a target: clusters form across articles."""

    def code_article(self, article):
        out, start = [], 0
        for index, sentence in enumerate(article.text.split("\n")):
            actor = ActorRef(code="JPNGOV", text="Tokyo", start=start, end=start + 5, country="JPN", role="GOV")
            usa = ActorRef(code="USA", text="US", start=start, end=start + 2, country="USA")
            for cameo, target, verb in (("010", None, "said"), ("012", None, "stated"), ("036", usa, "met")):
                out.append(Event(
                    doc_id=article.doc_id, sentence_index=index, sentence=sentence, sentence_start=start,
                    cameo=cameo, cameo_root=cameo[:2], quad_class=1, goldstein=1.0, plover="CONSULT",
                    verb_text=verb, verb_start=start, verb_end=start + 3, source=actor, target=target,
                    published=article.published, pattern=verb))
            start += len(sentence) + 1
        return out


def _table_rows(con) -> dict[str, list]:
    out = {}
    for table in ("documents", "removed_lines", "events", "pledges", "proposed_organisations", "event_clusters",
                  "agreements"):
        cur = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        out[table] = sorted(repr([v for n, v in zip(names, row) if n != "ingested_at"]) for row in cur.fetchall())
    return out


def _articles() -> list[ProcessedArticle]:
    coder = SentenceCoder()
    out = []
    for i in range(12):
        url = f"https://news.example.org/{i % 5}"  # docs 0-4 come back: duplicates and new versions
        body = f"{P1}\n{P2}" if i < 5 else f"{P1}\n{P2}\nUpdate {i // 5}: Tokyo said talks go on."
        raw = RawDocument(path=f"{i}.txt", body=body, format="text", url=url,
                          published=date(2024, 11, 20 + i % 3))
        out.append(process_document(raw, Settings(), coder))
    out.append(processed(f"{P2}\n{P1}", None, coder))  # no URL: identity from the text
    out.append(out[3])  # the same content again
    return out


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_batch_writer_stores_what_article_by_article_stores(tmp_path, monkeypatch, batch_size):
    import dyadwatch.run as writer_module

    articles = _articles()
    one = open_db(tmp_path / "one.duckdb")
    expected = [write_article(one, p) for p in articles]
    many = open_db(tmp_path / "many.duckdb")
    # a store that already holds some of them: the batch path reads what is there first
    first = [writer_module.write_article(many, p) for p in articles[:2]]

    def no_fallback(con, p):
        raise AssertionError("the batch path fell back to one transaction per article")

    monkeypatch.setattr(writer_module, "write_article", no_fallback)
    got = first + [s for _p, s in writer_module.write_articles(many, articles[2:], batch_size=batch_size)]
    assert got == expected
    assert DUPLICATE in got and NEW_VERSION in got
    assert _table_rows(many) == _table_rows(one)
    assert many.execute("SELECT count(DISTINCT cluster_id) < count(*) FROM event_clusters").fetchone()[0]
    one.close()
    many.close()


def test_a_batch_that_fails_is_written_one_article_at_a_time(con):
    from dyadwatch.run import ArticleWriter

    good = _articles()[:3]
    bad_event = FakeCoder().code_article(good[1].article)[0]
    bad_event.cameo = None  # NOT NULL column: the batch insert fails, then this article alone
    broken = ProcessedArticle(article=good[1].article, events=[bad_event])
    writer = ArticleWriter(con, batch_size=10)
    assert writer.add(good[0]) == [] and writer.add(broken) == []
    with pytest.raises(Exception):
        writer.add(good[2]) or writer.flush()
    assert con.execute("SELECT url FROM documents").fetchall() == [(good[0].article.url,)]
    assert count(con, "events") == len(good[0].events)
