"""The watcher: rounds over feeds and folders, each round's new items through the one pipeline run.

A round:
1. writes its `watch_rounds` row (store/rounds.py), so a round cut short stays visible;
2. polls every feed not backing off (watch/feeds.py) and writes the new items as one JSON Lines
   file under `<db>.fetched/` (the archive of what was fetched, and what the documents' paths name);
3. takes every complete new file of the folders (watch/sources.py), the inbox included;
4. runs them through `run.ingest_into`, the run `dyadwatch ingest` uses (cleaning, coding, storing,
   derived tables, the duplicate check by content hash), stopping after the article being written
   when a stop is requested;
5. remembers, only then, the feed validators, items and files it has taken (store/watch_state.py),
   so a run killed mid-round fetches and reads them again on restart and the pipeline skips what it
   already holds;
6. completes its row with the counts and one line per failing source, and writes a receipt for each
   batch `dyadwatch ingest` handed over through the inbox (watch/inbox.py).

Nothing a source does stops the watcher: a feed that fails is reported in the round's row and polled
again after 1, 2, 4, ... rounds (at most MAX_BACKOFF_ROUNDS).
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from dyadwatch.ingest import directory_files
from dyadwatch.run import ingest_into
from dyadwatch.store.rounds import RoundRecord, finish_round, save_round, start_round
from dyadwatch.store.watch_state import (FeedState, load_feed_states, remember_files, remember_items, save_feed_state,
                                         seen_items, taken_files)
from dyadwatch.store.writer import DUPLICATE, STORED
from dyadwatch.watch.feeds import FeedPoll, poll_feed
from dyadwatch.watch.fetch import Fetcher, FetchError
from dyadwatch.watch.inbox import Inbox
from dyadwatch.watch.sources import FeedSource, FileKey, FolderSource

MAX_BACKOFF_ROUNDS = 64


@dataclass
class WatchOptions:
    """How the watcher behaves; the CLI fills it from its flags."""

    every: float = 900.0  # seconds from the start of one round to the start of the next
    workers: int = 1  # processes to code with (1: in the round's thread)
    timeout: float = 20.0  # seconds to connect, and between bytes of a response
    max_bytes: int = 5 * 1024 * 1024  # a larger response is refused
    host_interval: float = 1.0  # seconds at least between two requests to one host
    settle_seconds: float = 10.0  # a folder file unchanged this long is complete


@dataclass
class _RoundWork:
    """What a round collected before running the pipeline, and what it learned while running it."""

    record: RoundRecord
    polls: list[tuple[FeedState, FeedPoll, int]] = field(default_factory=list)  # and its first record's number
    fetched_file: str | None = None
    files: list[FileKey] = field(default_factory=list)
    handled: set[str] = field(default_factory=set)  # input paths (file or file#n) the pipeline finished
    outcomes: list[tuple[str, str, str]] = field(default_factory=list)  # (path, doc_id, outcome)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


class Watcher:
    """Runs rounds over `sources` into the database of `con` (the watcher's own connection).

    `settings` are the pipeline's (as `dyadwatch ingest` builds them); `coder`: an already loaded coder
    (loaded at the first round otherwise, then kept); `on_round(record)` is called after each round;
    `on_change()` after articles are committed (the served app drops its cached figures).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, db_path: str, sources: list, settings, *,
                 options: WatchOptions | None = None, coder=None,
                 on_round: Callable[[RoundRecord], None] | None = None,
                 on_change: Callable[[], None] | None = None):
        self.con = con
        self.db_path = str(db_path)
        self.options = options or WatchOptions()
        self.settings = settings
        self.coder = coder
        self.on_round = on_round
        self.on_change = on_change
        self.stopping = threading.Event()
        self.pool = None  # worker processes coding for every round (options.workers != 1)
        self.inbox = Inbox(self.db_path)
        self.feeds = [s for s in sources if isinstance(s, FeedSource)]
        self.folders = [s for s in sources if isinstance(s, FolderSource)]
        self.inbox_folder = FolderSource(self.inbox.folder, settle_seconds=0.0)  # batches arrive whole (renamed in)
        taken = taken_files(con)
        for folder in [*self.folders, self.inbox_folder]:
            folder.taken |= taken
        self.feed_states = load_feed_states(con)
        self.fetched_dir = Path(f"{self.db_path}.fetched")
        self.fetcher = Fetcher(timeout=self.options.timeout, max_bytes=self.options.max_bytes,
                               host_interval=self.options.host_interval, wait=self.stopping.wait)

    # --- the loop -----------------------------------------------------------------------------

    def request_stop(self) -> None:
        """Stop after the article being written; the round row is completed."""
        self.stopping.set()

    def run(self, *, once: bool = False) -> None:
        """Rounds every `options.every` seconds until a stop is requested (one round with `once`).

        Between rounds the inbox is looked at every second: a batch handed over by `dyadwatch ingest`
        starts a round at once."""
        try:
            self.inbox.open()
            if once:
                self._first_look()
                self.run_round()
                return
            while not self.stopping.is_set():
                started = time.monotonic()
                self.run_round()
                due = started + self.options.every
                while not self.stopping.is_set() and time.monotonic() < due:
                    if self.stopping.wait(min(1.0, max(0.0, due - time.monotonic()))):
                        break
                    if self.inbox.has_batches():
                        break
        finally:
            self.inbox.close()
            self.fetcher.close()
            if self.pool is not None:
                self.pool.shutdown()
                self.pool = None

    def _first_look(self) -> None:
        """For a single round: look at the folders once and again a second later, so a file being
        written is seen changing and left for a later run, and a still one is taken."""
        waiting = sum(folder.ready_files()[1] for folder in self.folders)
        if waiting:
            self.stopping.wait(1.0)

    # --- one round ----------------------------------------------------------------------------

    def run_round(self) -> RoundRecord:
        """One pass over every source; never raises for what a source or an input does."""
        record = start_round(self.con, datetime.now(), sources=len(self.feeds) + len(self.folders))
        work = _RoundWork(record)
        try:
            self._poll_feeds(work)
            self._take_files(work)
            self._ingest(work)
            self._remember(work)
        # the store, the disk, or a bug: reported in the round's row, and the watcher goes on
        except Exception as exc:  # noqa: BLE001
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            record.error_lines.append(f"round {record.round_id} stopped early: {reason}")
        try:
            self._write_receipts(work)
        except OSError as exc:
            record.error_lines.append(f"{self.inbox.receipts}: cannot write a receipt: {exc.strerror or exc}")
        record.errors = len(record.error_lines)
        finish_round(self.con, record, datetime.now())
        if self.on_round:
            self.on_round(record)
        return record

    def _poll_feeds(self, work: _RoundWork) -> None:
        record = work.record
        records: list[dict] = []
        for feed in self.feeds:
            if self.stopping.is_set():
                break
            state = self.feed_states.setdefault(feed.url, FeedState(feed.url))
            if state.next_round > record.round_id:
                continue  # backing off after failures
            try:
                poll = poll_feed(self.fetcher, state, seen_items(self.con, feed.url))
            except FetchError as exc:
                self._failed(state, exc, record)
                continue
            except Exception as exc:  # noqa: BLE001 -- whatever one feed makes a library raise is that feed's error
                self._failed(state, FetchError(feed.url, f"cannot read: {type(exc).__name__}: {exc}"), record)
                continue
            record.items_seen += poll.items_seen
            record.items_new += len(poll.records)
            record.error_lines.extend(poll.problems)
            work.polls.append((state, poll, len(records) + 1))
            records.extend(poll.records)
        if records:
            self.fetched_dir.mkdir(parents=True, exist_ok=True)
            path = self.fetched_dir / f"round-{record.round_id:06d}.jsonl"
            partial = path.with_name(f".{path.name}.partial")
            with open(partial, "w", encoding="utf-8") as out:
                for item in records:
                    out.write(json.dumps(item, ensure_ascii=False) + "\n")
            partial.replace(path)
            work.fetched_file = str(path)

    def _failed(self, state: FeedState, exc: FetchError, record: RoundRecord) -> None:
        state.failures += 1
        wait = min(2 ** (state.failures - 1), MAX_BACKOFF_ROUNDS)
        state.next_round = record.round_id + wait
        state.last_error = exc.reason
        save_feed_state(self.con, state)
        record.error_lines.append(
            f"{exc} (failed {state.failures} time(s) in a row; next try in round {state.next_round})"
        )

    def _take_files(self, work: _RoundWork) -> None:
        for folder in [*self.folders, self.inbox_folder]:
            ready, _ = folder.ready_files()
            work.files.extend(ready)
            work.record.items_seen += len(ready)
            work.record.items_new += len(ready)

    def _ingest(self, work: _RoundWork) -> None:
        paths = ([work.fetched_file] if work.fetched_file else []) + [name for name, _, _ in work.files]
        if not paths or self.stopping.is_set():
            return
        record = work.record

        def on_error(exc) -> None:
            work.handled.add(exc.path)
            work.failures.append((exc.path, str(exc)))
            record.error_lines.append(str(exc))

        def on_result(article, outcome: str) -> None:
            work.handled.add(article.path)
            work.outcomes.append((article.path, article.doc_id, outcome))
            if outcome != DUPLICATE and self.on_change:
                self.on_change()  # committed: figures served from before it are out of date

        self._load_coder()
        counts = ingest_into(
            self.con, paths, self.settings, workers=self.options.workers, on_error=on_error, on_result=on_result,
            coder=self.coder if self.pool is None else None, should_stop=self.stopping.is_set, pool=self.pool,
        )
        record.documents_stored += counts["stored"] + counts["new_versions"]
        record.events_added += counts["events"]
        save_round(self.con, record)

    def _load_coder(self) -> None:
        """The coder, loaded once (seconds) at the first round that has something to code: in this
        process, or in worker processes kept for the watcher's whole run (`options.workers` != 1)."""
        if self.options.workers == 1:
            if self.coder is None:
                from dyadwatch.pipeline import load_coder  # noqa: PLC0415

                self.coder = load_coder(self.settings)
        elif self.pool is None:
            from dyadwatch.workers import WorkerPool  # noqa: PLC0415

            pool = WorkerPool(self.settings, self.options.workers)
            pool.start(every_worker=True)
            self.pool = pool

    def _remember(self, work: _RoundWork) -> None:
        """Remember what this round finished: everything, unless it was stopped; then the feed items
        and files the pipeline reached (a file is finished once a later input has a result)."""
        stopped = self.stopping.is_set()
        round_id = work.record.round_id
        for state, poll, first in work.polls:
            done = [key for number, key in enumerate(poll.keys, start=first)
                    if not stopped or f"{work.fetched_file}#{number}" in work.handled]
            remember_items(self.con, state.url, done, round_id)
            if len(done) == len(poll.keys):  # every new item stored: the validators may be kept
                state.etag, state.last_modified = poll.etag, poll.last_modified
            state.failures, state.next_round, state.last_error = 0, 0, None
            state.last_ok = datetime.now()
            save_feed_state(self.con, state)
        finished = self._finished_files(work) if stopped else work.files
        remember_files(self.con, finished, round_id)
        for folder in [*self.folders, self.inbox_folder]:
            folder.taken.update(finished)

    def _finished_files(self, work: _RoundWork) -> list[FileKey]:
        """In a stopped round: the files before the last one the pipeline reached (inputs are read in
        order, so those are whole); the last one is read again next time."""
        reached = [i for i, (name, _, _) in enumerate(work.files)
                   if any(p == name or p.startswith(f"{name}#") for p in work.handled)]
        return work.files[: reached[-1]] if reached else []

    # --- receipts for `dyadwatch ingest` --------------------------------------------------------

    def _write_receipts(self, work: _RoundWork) -> None:
        """A receipt for each handed-over batch whose files are all read now."""
        taken = {name for name, _, _ in self.inbox_folder.taken}
        for batch in self.inbox.batches():
            if all(name in taken for name in directory_files(self.inbox.folder / batch)):
                self.inbox.write_receipt(batch, self._receipt(batch, work))

    def _receipt(self, batch: str, work: _RoundWork) -> dict:
        inside = self.inbox.inside(batch)
        outcomes = [(doc_id, outcome) for path, doc_id, outcome in work.outcomes if inside(path)]
        counts = {
            "read": len(outcomes),
            "stored": sum(outcome == STORED for _, outcome in outcomes),
            "duplicates": sum(outcome == DUPLICATE for _, outcome in outcomes),
            "new_versions": sum(outcome not in (STORED, DUPLICATE) for _, outcome in outcomes),
            "failed": sum(inside(path) for path, _ in work.failures),
        }
        written = sorted({doc_id for doc_id, outcome in outcomes if outcome != DUPLICATE})
        counts["events"], counts["pledges"] = self._rows_of(written)
        return {
            "batch": batch, "round_id": work.record.round_id, "database": self.db_path, **counts,
            "errors": [message for path, message in work.failures if inside(path)],
            "interrupted": self.stopping.is_set(),
        }

    def _rows_of(self, doc_ids: list[str]) -> tuple[int, int]:
        """Events and pledges of the latest versions of these documents."""
        if not doc_ids:
            return 0, 0
        latest = ("SELECT doc_id, max(version) AS version FROM documents "
                  "WHERE doc_id IN (SELECT unnest(?)) GROUP BY doc_id")
        events = self.con.execute(
            f"SELECT count(*) FROM events JOIN ({latest}) USING (doc_id, version)", [doc_ids]).fetchone()[0]
        pledges = self.con.execute(
            f"SELECT count(*) FROM pledges JOIN ({latest}) USING (doc_id, version)", [doc_ids]).fetchone()[0]
        return int(events), int(pledges)
