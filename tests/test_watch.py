"""The watcher's rounds (dyadwatch.watch): feeds from a local server that change between rounds (a
new item, an ETag answered with 304, a 500, a timeout, broken XML), link following and robots.txt,
a folder receiving files, back-off, what a restart remembers, and the inbox `dyadwatch ingest` uses.

The coder here is a stand-in (one event per article) so rounds take milliseconds; the real coder runs
in tests/test_watch_cli.py."""
from __future__ import annotations

import json
import os
import time

import pytest

from dyadwatch.records import ActorRef, Event
from dyadwatch.settings import Settings
from dyadwatch.store.db import open_db
from dyadwatch.store.rounds import recent_rounds
from dyadwatch.watch import FeedSource, FolderSource, SourceError, Watcher, WatchOptions, parse_sources
from dyadwatch.watch.fetch import USER_AGENT, Fetcher, FetchError
from dyadwatch.watch.inbox import HandOverError, Inbox
from watch_fixtures import STORIES, FeedServer, Route, page, rss

FAST = WatchOptions(every=0.1, timeout=0.5, host_interval=0.0, settle_seconds=60.0)


class FakeCoder:
    """One event per article, on its first sentence."""

    def code_article(self, article):
        sentence = article.text.split("\n")[0]
        actor = ActorRef(code="JPNGOV", text="Japan", start=0, end=5, country="JPN", role="GOV")
        return [Event(
            doc_id=article.doc_id, sentence_index=0, sentence=sentence, sentence_start=0, cameo="036",
            cameo_root="03", quad_class=1, goldstein=4.0, plover="CONSULT", verb_text="met",
            verb_start=0, verb_end=3, source=actor, target=None, published=article.published,
        )]


@pytest.fixture
def server():
    with FeedServer() as s:
        s.routes["/robots.txt"] = Route("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        yield s


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "w.duckdb")


def watcher(db: str, sources: list, **options) -> Watcher:
    con = open_db(db)
    opts = WatchOptions(**{**FAST.__dict__, **options})
    return Watcher(con, db, sources, Settings(), options=opts, coder=FakeCoder())


def items(server: FeedServer, numbers: list[int]) -> list[tuple[str, str, str]]:
    return [(f"{server.base}/story/{n}", STORIES[n][0], STORIES[n][1]) for n in numbers]


def documents(con) -> list[tuple[str, int]]:
    return con.execute("SELECT url, count(*) FROM documents GROUP BY url ORDER BY url").fetchall()


def test_a_feed_is_stored_then_a_new_item_is_picked_up_and_an_unchanged_feed_answers_304(server, db):
    server.routes["/feed.xml"] = Route(rss(items(server, [0, 1])), etag='"v1"')
    w = watcher(db, [FeedSource(f"{server.base}/feed.xml")])
    first = w.run_round()
    assert (first.items_seen, first.items_new, first.documents_stored, first.errors) == (2, 2, 2, 0)
    assert first.events_added == 2 and first.finished_at is not None

    second = w.run_round()  # the server honours the ETag
    assert (second.items_seen, second.items_new, second.documents_stored) == (0, 0, 0)
    feed_requests = [h for p, h in server.requests if p == "/feed.xml"]
    assert feed_requests[1].get("If-None-Match") == '"v1"'
    assert all(h["User-Agent"] == USER_AGENT for _, h in server.requests)

    server.routes["/feed.xml"] = Route(rss(items(server, [0, 1, 2])), etag='"v2"')
    third = w.run_round()
    assert (third.items_seen, third.items_new, third.documents_stored) == (3, 1, 1)
    assert [n for _, n in documents(w.con)] == [1, 1, 1]
    rounds = recent_rounds(w.con)
    assert [r.round_id for r in rounds] == [3, 2, 1] and all(r.finished_at for r in rounds)
    assert len(list((w.fetched_dir).glob("round-*.jsonl"))) == 2  # the archive of what was fetched


def test_failing_feeds_give_one_line_each_back_off_and_recover(server, db):
    good = f"{server.base}/good.xml"
    server.routes["/good.xml"] = Route(rss(items(server, [0])))
    server.routes["/broken.xml"] = Route("<html><body><p>Maintenance & <b>soon", content_type="text/html")
    server.routes["/error.xml"] = Route("oops", status=500, content_type="text/plain")
    server.routes["/slow.xml"] = Route(rss(items(server, [1])), delay=2.0)
    urls = [f"{server.base}{p}" for p in ("/error.xml", "/broken.xml", "/slow.xml")] + [good]
    w = watcher(db, [FeedSource(u) for u in urls])
    first = w.run_round()
    assert first.documents_stored == 1 and first.errors == 3
    lines = first.error_lines
    assert lines[0].startswith(f"{server.base}/error.xml: HTTP 500") and "next try in round 2" in lines[0]
    assert lines[1].startswith(f"{server.base}/broken.xml: not") and "RSS/Atom" in lines[1]
    assert lines[2].startswith(f"{server.base}/slow.xml: timed out")

    second = w.run_round()  # tried again (1 round), failing again: next in 2 rounds
    assert second.errors == 3 and "failed 2 time(s) in a row; next try in round 4" in second.error_lines[0]
    server.routes["/error.xml"] = Route(rss(items(server, [3])))
    third = w.run_round()  # backing off: not polled at all
    assert third.errors == 0 and server.paths_requested().count("/error.xml") == 2
    fourth = w.run_round()  # polled again, and it works now
    assert fourth.documents_stored == 1 and server.paths_requested().count("/error.xml") == 3
    state = w.feed_states[f"{server.base}/error.xml"]
    assert (state.failures, state.last_error) == (0, None)


def test_a_short_item_is_fetched_from_its_link_unless_robots_txt_forbids_it(server, db):
    text = STORIES[2][1]
    server.routes["/feed.xml"] = Route(rss(
        [(f"{server.base}/news/border", "Border patrol dispute", text),
         (f"{server.base}/private/aid", "Aid pledge", STORIES[3][1])], full_text=False))
    server.routes["/news/border"] = Route(page("Border patrol dispute", text), content_type="text/html; charset=utf-8")
    server.routes["/private/aid"] = Route(page("Aid pledge", STORIES[3][1]), content_type="text/html")
    w = watcher(db, [FeedSource(f"{server.base}/feed.xml")])
    record = w.run_round()
    assert "/private/aid" not in server.paths_requested() and server.paths_requested().count("/robots.txt") == 1
    assert record.documents_stored == 2
    assert any("disallowed by the site's robots.txt (stored the feed's summary)" in line for line in record.error_lines)
    texts = dict(w.con.execute("SELECT url, text FROM documents").fetchall())
    assert "no soldiers were hurt" in texts[f"{server.base}/news/border"]  # the page, not the summary
    assert texts[f"{server.base}/private/aid"].strip() == STORIES[3][1].split(". ")[0] + "."


def test_a_response_over_the_size_limit_is_refused(server):
    server.routes["/big.xml"] = Route("x" * 5000)
    fetcher = Fetcher(max_bytes=1000, host_interval=0)
    with pytest.raises(FetchError, match="over the limit of 1000 bytes"):
        fetcher.get(f"{server.base}/big.xml")
    fetcher.close()


def test_the_host_pace_spaces_requests_to_one_host(server):
    server.routes["/a"] = Route("a", content_type="text/plain")
    fetcher = Fetcher(host_interval=0.3)
    fetcher.get(f"{server.base}/a")  # robots.txt, then /a: the first pause
    started = time.monotonic()
    fetcher.get(f"{server.base}/a")
    assert time.monotonic() - started >= 0.25
    fetcher.close()


def test_a_folder_file_is_taken_once_complete_and_once_only(tmp_path, db):
    folder = tmp_path / "drop"
    folder.mkdir()
    w = watcher(db, [FolderSource(folder, settle_seconds=60.0)])
    (folder / "a.txt").write_text(STORIES[0][1])
    assert w.run_round().documents_stored == 0  # seen once: it may still be growing
    with open(folder / "a.txt", "a") as fh:
        fh.write(" More lines arrived.")
    assert w.run_round().documents_stored == 0  # it changed since the last look
    third = w.run_round()
    assert (third.items_new, third.documents_stored) == (1, 1)  # unchanged between two looks
    assert w.run_round().items_new == 0
    old = folder / "b.html"
    old.write_text(page(*STORIES[4]))
    os.utime(old, (time.time() - 120, time.time() - 120))  # older than the settle time: taken at once
    assert w.run_round().documents_stored == 1
    (folder / "copy.txt").write_text((folder / "a.txt").read_text())
    os.utime(folder / "copy.txt", (time.time() - 120, time.time() - 120))
    copy = w.run_round()
    assert (copy.items_new, copy.documents_stored) == (1, 0)  # a new file, a duplicate document


def test_a_restart_remembers_validators_items_and_files(server, tmp_path, db):
    server.routes["/feed.xml"] = Route(rss(items(server, [0])), etag='"e1"')
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "old.txt").write_text(STORIES[1][1])
    os.utime(folder / "old.txt", (time.time() - 120, time.time() - 120))
    sources = [FeedSource(f"{server.base}/feed.xml"), FolderSource(folder)]
    w = watcher(db, sources)
    assert w.run_round().documents_stored == 2
    w.con.close()
    again = watcher(db, [FeedSource(f"{server.base}/feed.xml"), FolderSource(folder)])
    record = again.run_round()
    assert (record.round_id, record.items_new, record.documents_stored) == (2, 0, 0)
    assert server.requests[-1][1].get("If-None-Match") == '"e1"'


def test_a_stop_mid_round_remembers_only_what_was_stored(server, db):
    server.routes["/feed.xml"] = Route(rss(items(server, [0, 1, 2, 3])))
    w = watcher(db, [FeedSource(f"{server.base}/feed.xml")])
    coder = w.coder

    class StopAfterTwo:
        calls = 0

        def code_article(self, article):
            self.calls += 1
            if self.calls == 2:
                w.request_stop()
            return coder.code_article(article)

    w.coder = StopAfterTwo()
    record = w.run_round()
    assert record.finished_at is not None and record.documents_stored == 2
    assert w.con.execute("SELECT count(*) FROM watch_items").fetchone()[0] == 2
    w.stopping.clear()
    w.coder = coder
    rest = w.run_round()  # no validators kept: the feed is fetched whole, the two left are new
    assert (rest.items_new, rest.documents_stored) == (2, 2)
    assert [n for _, n in documents(w.con)] == [1, 1, 1, 1]


def test_an_atom_feed_with_content_is_stored_without_following_links(server, db):
    entries = "".join(
        f"<entry><id>urn:invented:{n}</id><title>{STORIES[n][0]}</title><updated>2026-11-29T08:00:00Z</updated>"
        f'<link href="{server.base}/atom/{n}"/><content type="html">&lt;p&gt;{STORIES[n][1]}&lt;/p&gt;</content></entry>'
        for n in (3, 4))
    server.routes["/atom.xml"] = Route('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                                       f"<title>Invented Atom</title><id>urn:invented</id>{entries}</feed>",
                                       content_type="application/atom+xml")
    w = watcher(db, [FeedSource(f"{server.base}/atom.xml")])
    record = w.run_round()
    assert (record.items_new, record.documents_stored, record.errors) == (2, 2, 0)
    assert not any(p.startswith("/atom/") for p in server.paths_requested())
    published = {r[0] for r in w.con.execute("SELECT published FROM documents").fetchall()}
    assert {str(d) for d in published} == {"2026-11-29"}


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("1h", 3600), ("2.5m", 150)])
def test_every_takes_seconds_or_a_number_with_a_unit(text, seconds):
    from dyadwatch.cli.watch_cmds import parse_every

    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "soon", "15 minutes", "-5", "1d"])
def test_every_refuses_what_is_not_a_time(text):
    from dyadwatch.cli.watch_cmds import parse_every

    with pytest.raises(ValueError, match="is not a time"):
        parse_every(text)


def test_sources_from_arguments(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text("# my feeds\nhttps://a.example/rss\n\nhttp://b.example/atom.xml\n")
    folder = tmp_path / "drop"
    folder.mkdir()
    sources, errors = parse_sources([str(listing), str(folder), "https://a.example/rss", str(tmp_path / "nope")])
    assert [str(s) for s in sources] == ["https://a.example/rss", "http://b.example/atom.xml", str(folder)]
    assert errors == [f"{tmp_path / 'nope'}: no such folder or file, and not an http(s) feed URL"]
    listing.write_text("https://a.example/rss\nnews/today.txt\n")
    _, errors = parse_sources([str(listing)])
    assert errors[0].startswith(f"{listing}:2: 'news/today.txt' is not an http(s) feed URL")
    with pytest.raises(SourceError):
        from dyadwatch.watch.sources import _source
        _source(str(tmp_path / "nope"), 1.0)


def test_a_batch_handed_over_through_the_inbox_gets_a_receipt(tmp_path, db):
    files = tmp_path / "in"
    files.mkdir()
    (files / "one.txt").write_text(STORIES[0][1])
    (files / "two.txt").write_text(STORIES[1][1])
    (files / "empty.txt").write_text("")
    w = watcher(db, [])
    w.inbox.open()
    inbox = Inbox(db)
    assert inbox.watcher_pid() == os.getpid()
    batch, copied = inbox.hand_over([str(files)])
    assert copied == 3 and inbox.has_batches()
    w.run_round()
    receipt = inbox.wait_for_receipt(batch, timeout=1)
    assert {k: receipt[k] for k in ("read", "stored", "duplicates", "failed", "events")} == {
        "read": 2, "stored": 2, "duplicates": 0, "failed": 1, "events": 2}
    assert receipt["errors"][0].endswith("empty.txt: empty file")
    assert not inbox.has_batches()
    again, _ = inbox.hand_over([str(files / "one.txt")])
    w.run_round()
    assert inbox.wait_for_receipt(again, timeout=1)["duplicates"] == 1
    with pytest.raises(HandOverError):
        inbox.hand_over([str(tmp_path / "missing.txt")])
    w.inbox.close()
    assert inbox.watcher_pid() is None and json.loads((inbox.receipts / f"{batch}.json").read_text())["batch"] == batch


@pytest.mark.slow
def test_with_workers_the_rounds_code_on_one_pool_kept_for_the_run(tmp_path, db):
    folder = tmp_path / "drop"
    folder.mkdir()
    w = Watcher(open_db(db), db, [FolderSource(folder, settle_seconds=0.0)], Settings(),
                options=WatchOptions(**{**FAST.__dict__, "workers": 2, "settle_seconds": 0.0}))
    (folder / "a.txt").write_text(STORIES[0][1])
    assert w.run_round().documents_stored == 1
    pool = w.pool
    assert pool is not None and pool.executor is not None
    (folder / "b.txt").write_text(STORIES[1][1])
    second = w.run_round()
    assert second.documents_stored == 1 and second.events_added > 0 and w.pool is pool
    w.request_stop()
    w.run()  # a stopped watcher ends at once and shuts its pool down
    assert w.pool is None and pool.executor is None
