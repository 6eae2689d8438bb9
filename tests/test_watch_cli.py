"""`dyadwatch watch` as a process, with the real coder: --once, --serve answering while rounds run,
a feed item added later, SIGTERM and kill -9 mid-round then a restart (no loss, no duplicates), and
`dyadwatch ingest` into a watched database. Slow (each process loads spaCy)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from watch_fixtures import STORIES, FeedServer, Route, rss

from dyadwatch.watch.inbox import Inbox

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-c", "from dyadwatch.cli import main; main()"]
COUNTRIES = ["Japan", "China", "India", "Brazil", "Germany", "Turkey", "Kenya", "Canada", "Mexico", "Egypt"]
TOPICS = ["fishing rights", "a rail link", "grain exports", "water sharing", "border crossings", "student visas"]


def invented_article(n: int) -> str:
    """A short made-up report; each n gives different text."""
    a, b = COUNTRIES[n % 10], COUNTRIES[(n // 10 + n + 1) % 10]
    if a == b:
        b = COUNTRIES[(n + 3) % 10]
    topic = TOPICS[n % len(TOPICS)]
    return (f"The foreign minister of {a} met officials from {b} on Monday to discuss {topic}. "
            f"Both sides agreed to hold a second round of talks within {n % 9 + 2} weeks. "
            f"A spokesman in {a} called meeting number {n} useful.")


def write_articles(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    old = time.time() - 120  # settled: taken in the first round
    for n in numbers:
        path = folder / f"report-{n:04d}.txt"
        path.write_text(invented_article(n), encoding="utf-8")
        os.utime(path, (old, old))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_watch(*args: str) -> subprocess.Popen:
    return subprocess.Popen([*CLI, "watch", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for(condition, timeout: float = 120.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting")


def served_documents(port: int) -> int:
    try:
        res = httpx.get(f"http://127.0.0.1:{port}/api/documents?limit=1000", timeout=5)
    except httpx.HTTPError:
        return -1
    return len(res.json()["documents"]) if res.status_code == 200 else -1


def db_rows(db: Path) -> tuple[list[tuple], list[tuple]]:
    """(documents per content hash, rounds) read after the watcher has exited."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = con.execute("SELECT content_hash, count(*) FROM documents GROUP BY 1").fetchall()
        rounds = con.execute("SELECT round_id, finished_at IS NOT NULL, documents_stored FROM watch_rounds "
                             "ORDER BY round_id").fetchall()
    finally:
        con.close()
    return docs, rounds


def test_once_reads_a_feed_and_a_folder_and_exits(tmp_path):
    folder = tmp_path / "drop"
    write_articles(folder, range(3))
    with FeedServer() as server:
        server.routes["/feed.xml"] = Route(rss([(f"{server.base}/s/{i}", *STORIES[i]) for i in range(2)]))
        done = subprocess.run([*CLI, "watch", f"{server.base}/feed.xml", str(folder), "--db", str(tmp_path / "w.duckdb"),
                               "--once", "--pace", "0"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "round 1" in done.stdout and "5 new, stored 5" in done.stdout
    docs, rounds = db_rows(tmp_path / "w.duckdb")
    assert len(docs) == 5 and rounds == [(1, True, 5)]
    assert not (tmp_path / "w.duckdb.watcher").exists()  # the lock file goes with the watcher


def test_a_bad_source_is_a_usage_error(tmp_path):
    done = subprocess.run([*CLI, "watch", str(tmp_path / "missing"), "--db", str(tmp_path / "w.duckdb"), "--once"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "missing: no such folder or file, and not an http(s) feed URL" in done.stderr
    done = subprocess.run([*CLI, "watch", str(tmp_path), "--every", "soon"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--every: 'soon' is not a time" in done.stderr


def test_served_live_a_later_item_arrives_the_api_answers_throughout_and_kill_9_then_restart_keeps_each_once(tmp_path):
    db, port = tmp_path / "w.duckdb", free_port()
    with FeedServer() as server:
        items = [(f"{server.base}/s/{i}", *STORIES[i]) for i in range(4)]
        server.routes["/feed.xml"] = Route(rss(items[:2]), etag='"one"')
        feed = f"{server.base}/feed.xml"
        proc = start_watch(feed, "--db", str(db), "--every", "2", "--serve", "--port", str(port), "--pace", "0")
        statuses: list[int] = []
        stop = threading.Event()

        def hammer() -> None:
            while not stop.is_set():
                try:
                    statuses.append(httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=10).status_code)
                except httpx.ConnectError:
                    pass  # not listening yet
                time.sleep(0.05)

        poller = threading.Thread(target=hammer, daemon=True)
        poller.start()
        try:
            wait_for(lambda: served_documents(port) == 2)
            server.routes["/feed.xml"] = Route(rss(items[:3]), etag='"two"')
            wait_for(lambda: served_documents(port) == 3, timeout=60)  # within two rounds of 2 s, plus coding
            stats = httpx.get(f"http://127.0.0.1:{port}/api/stats").json()
            assert stats["documents"] == 3  # the cached figures were dropped when the round stored
        finally:
            stop.set()
            poller.join()
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        assert statuses and set(statuses) == {200}
        server.routes["/feed.xml"] = Route(rss(items), etag='"three"')
        done = subprocess.run([*CLI, "watch", feed, "--db", str(db), "--once", "--pace", "0"],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    docs, rounds = db_rows(db)
    assert len(docs) == 4 and all(n == 1 for _, n in docs)
    assert rounds[-1][1] is True


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=10).status_code == 200
    except httpx.TransportError:
        return False


def _mid_round(tmp_path: Path, how: int) -> tuple[Path, Path, subprocess.Popen, list]:
    """A watcher coding a round of 160 files, signalled once some are stored; the answers of
    /api/stats and /api/threads meanwhile, as (status, body)."""
    folder, db, port = tmp_path / "drop", tmp_path / "w.duckdb", free_port()
    folder.mkdir()
    staged = tmp_path / "staged"
    write_articles(staged, range(160))
    proc = start_watch(str(folder), "--db", str(db), "--every", "1h", "--serve", "--port", str(port))
    answers: list[tuple[int, str]] = []
    # the round starts only once the API answers, so a slow start-up (a loaded machine) cannot let the
    # whole round finish before the test looks: the files go in through the inbox, which starts a round
    wait_for(lambda: _answers(port))
    Inbox(db).hand_over([str(staged)])

    def ask_stats() -> int:
        try:
            res = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=10)
            # threads are built on a scratch catalog beside the watcher's connection
            threads = httpx.get(f"http://127.0.0.1:{port}/api/threads?actor=JPN", timeout=30)
        except httpx.ConnectError:
            return -1  # not listening yet
        answers.extend([(res.status_code, res.text), (threads.status_code, threads.text)])
        return res.json().get("documents", 0) if res.status_code == 200 else -1

    stored = wait_for(lambda: ask_stats() > 0 and served_documents(port))
    assert stored < 160, "the round ended before the signal: no mid-round stop was tested"
    os.killpg(proc.pid, how) if how == signal.SIGKILL else proc.send_signal(how)
    proc.wait(timeout=120)
    return folder, db, proc, answers


def test_sigterm_mid_round_ends_the_round_cleanly_and_a_restart_completes_it(tmp_path):
    folder, db, proc, answers = _mid_round(tmp_path, signal.SIGTERM)
    assert proc.returncode == 0, proc.stderr.read()
    assert answers and all(status == 200 and "in use" not in body for status, body in answers)
    docs, rounds = db_rows(db)
    # round 1 found the folder empty; round 2 took the inbox's files and was stopped cleanly
    assert rounds == [(1, True, 0), (2, True, len(docs))] and 0 < len(docs) < 160
    done = subprocess.run([*CLI, "watch", str(folder), "--db", str(db), "--once"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    docs, rounds = db_rows(db)
    assert len(docs) == 160 and all(n == 1 for _, n in docs)


def test_kill_9_mid_round_loses_nothing_committed_and_a_restart_adds_no_duplicates(tmp_path):
    folder, db, proc, _ = _mid_round(tmp_path, signal.SIGKILL)
    docs_before, rounds = db_rows(db)
    assert rounds == [(1, True, 0), (2, False, rounds[1][2])]  # the cut round stays visible, unfinished
    assert len(docs_before) > 0
    done = subprocess.run([*CLI, "watch", str(folder), "--db", str(db), "--once"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    docs, rounds = db_rows(db)
    assert len(docs) == 160 and all(n == 1 for _, n in docs)
    assert set(docs_before) <= set(docs)
    assert [r[:2] for r in rounds] == [(1, True), (2, False), (3, True)]


def test_ingest_into_a_watched_database_hands_the_files_over(tmp_path):
    db = tmp_path / "w.duckdb"
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = start_watch(str(empty), "--db", str(db), "--every", "1h", "--quiet")
    try:
        wait_for(lambda: (tmp_path / "w.duckdb.watcher").exists() and (tmp_path / "w.duckdb.inbox").is_dir())
        files = tmp_path / "new"
        write_articles(files, range(3))
        (files / "broken.txt").write_bytes(b"")
        done = subprocess.run([*CLI, "ingest", str(files), "--db", str(db), "--json"], capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 1, done.stderr  # one input failed, as ingest reports it
        summary = json.loads(done.stdout)
        assert {k: summary[k] for k in ("read", "stored", "duplicates", "failed")} == {
            "read": 3, "stored": 3, "duplicates": 0, "failed": 1}
        assert "in use" not in done.stderr and "broken.txt: empty file" in done.stderr
        again = subprocess.run([*CLI, "ingest", str(files / "report-0001.txt"), "--db", str(db), "--keep-junk"],
                               capture_output=True, text=True, timeout=300)
        assert again.returncode == 0 and "stored 0, duplicates 1" in again.stdout
        assert "--keep-junk: not applied; the watcher" in again.stderr
        serve = subprocess.run([*CLI, "serve", "--db", str(db)], capture_output=True, text=True, timeout=120)
        assert serve.returncode == 1 and "start the watcher with --serve" in serve.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
    docs, _ = db_rows(db)
    assert len(docs) == 3
