"""One run of the pipeline: inputs -> documents -> coded articles -> stored -> derived tables updated.

The one place that runs the stages in order. `dyadwatch ingest` and `dyadwatch demo` call
`ingest_into`; library users, `dyadwatch code` and the snapshot script call `process_inputs`; the
Spark partition stores with `write_article`. Each stage keeps its own job:

- reading: `ingest.read_inputs`, streaming, in input order;
- processing a document: `pipeline.process_documents` (clean, date, code, tag, pledges), here in
  one process or on a pool of workers (`workers.process_parallel`), with the same results;
- storing: `store.writer` writes an article's rows in a transaction held here;
- derived tables: after the rows, in the same transaction, the analysis stage puts the new events
  into event clusters (`analyse.clusters`) and records the organisations the articles propose
  (`analyse.agreements`, which also keeps the `agreements` table equal to the register), so a
  committed article always comes with its derived rows.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from dyadwatch.analyse.agreements import record_proposed, record_proposed_batch
from dyadwatch.analyse.clusters import BatchClusters, assign_clusters
from dyadwatch.analyse.story import SAMPLES_DIR
from dyadwatch.clean import clean_document
from dyadwatch.errors import InputError, StoreError
from dyadwatch.ingest import read_inputs
from dyadwatch.pipeline import (PROCESSING_ERRORS, ArticleCoder, cannot_process, load_coder, process_article,
                                process_documents)
from dyadwatch.records import Article, ProcessedArticle, RawDocument
from dyadwatch.store.db import open_db
from dyadwatch.store.writer import (DUPLICATE, STORED, BatchNotApplicable, Written, insert_article, insert_batch,
                                    is_stored, plan_batch)
from dyadwatch.workers import process_parallel

T = TypeVar("T")

# Documents whose articles are coded together in one process (`process_documents`): spaCy's fixed
# cost per parse call is paid once for them; few enough that results still stream.
DOCUMENTS_PER_CODING_CALL = 8


# --- inputs -> processed articles ----------------------------------------------------------------

def process_inputs(
    paths: list[str],
    settings,
    *,
    workers: int = 1,
    on_error: Callable[[InputError], None] | None = None,
    coder: ArticleCoder | None = None,
    pool=None,
) -> Iterator[ProcessedArticle]:
    """Every readable document of `paths`, processed in input order.

    Input errors (and a document whose processing fails) go to `on_error`, and the run goes on.
    workers != 1 (0 = one per core) runs a process pool (dyadwatch.workers) with the same output,
    unless a `coder` object is given (it stays in this process). `pool`: a started
    `workers.WorkerPool` to run on (its worker count applies; it stays open for the caller).
    """
    if pool is not None and coder is not None:
        raise ValueError("give a coder (one process) or a worker pool, not both")
    if pool is not None or (workers != 1 and coder is None):
        yield from process_parallel(
            read_inputs(paths, settings), settings, workers=workers, on_error=on_error, pool=pool
        )
        return
    coder = coder if coder is not None else load_coder(settings)
    with _long_lived_frozen():
        pending: list[RawDocument | InputError] = []  # read, in input order, not yet processed
        documents = 0
        for item in read_inputs(paths, settings):
            pending.append(item)
            documents += not isinstance(item, InputError)
            if documents >= DOCUMENTS_PER_CODING_CALL:
                yield from _emit(pending, settings, coder, on_error)
                pending, documents = [], 0
        yield from _emit(pending, settings, coder, on_error)


def _emit(items: list[RawDocument | InputError], settings, coder: ArticleCoder,
          on_error: Callable[[InputError], None] | None) -> Iterator[ProcessedArticle]:
    """Process the documents among `items` together; yield results and report errors in input order."""
    raws = [x for x in items if not isinstance(x, InputError)]
    done = iter(process_documents(raws, settings, coder))
    for item in items:
        result = item if isinstance(item, InputError) else next(done)
        if isinstance(result, InputError):
            if on_error:
                on_error(result)
        else:
            yield result


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """For the length of a run, keep what exists now (the spaCy model, the dictionaries: ~400k
    objects that live as long as the coder) out of the cyclic garbage collector's full passes, which
    would scan them again and again for nothing (~0.14 s a pass). Reference counting still frees
    them; the collector sees them again when the run ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def extract_inputs(
    paths: list[str], settings, *, on_error: Callable[[InputError], None] | None = None
) -> Iterator[Article]:
    """Read and clean only (no coding, no store): what `dyadwatch extract` shows."""
    yield from _each_document(paths, settings, on_error, "clean", lambda raw: clean_document(raw, settings))


def _each_document(
    paths: list[str],
    settings,
    on_error: Callable[[InputError], None] | None,
    verb: str,
    step: Callable[[RawDocument], T],
) -> Iterator[T]:
    """`step` applied to every readable document; read and step failures go to `on_error`, one
    document at a time, and the batch goes on."""
    for item in read_inputs(paths, settings):
        if isinstance(item, InputError):
            if on_error:
                on_error(item)
            continue
        try:
            yield step(item)
        except InputError as exc:
            if on_error:
                on_error(exc)
        except PROCESSING_ERRORS as exc:  # odd text must not stop a batch
            if on_error:
                on_error(cannot_process(item.path, exc, verb))


# --- processed articles -> store -> derived tables -------------------------------------------------

def write_article(con: duckdb.DuckDBPyConnection, processed: ProcessedArticle) -> str:
    """Store one processed article and its derived rows in one transaction; returns stored |
    duplicate | new-version."""
    article = processed.article
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            written = insert_article(con, processed)
            if written.status == DUPLICATE:
                con.execute("ROLLBACK")
                return DUPLICATE
            _derive_article(con, written)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except duckdb.Error as exc:
        raise StoreError(f"{article.path}: cannot store document {article.doc_id[:12]}: {exc}") from exc
    return written.status


def _derive_article(con: duckdb.DuckDBPyConnection, written: Written) -> None:
    """The derived rows of one article just written: its events' clusters, its proposed organisations."""
    assign_clusters(con, doc_id=written.processed.article.doc_id)
    record_proposed(con, written.processed.article, written.events)


def update_derived(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the derived tables up to date with every stored row (events stored without clusters, e.g.
    loaded from Parquet): what `dyadwatch export` and `dyadwatch load` do first. Returns the events
    newly clustered."""
    return assign_clusters(con)


class ArticleWriter:
    """Writes articles in batches, one transaction per batch (up to `batch_size` articles or
    `max_seconds` after the first one waited), with the rows `write_article` would write article by
    article (same versions, statuses, events, pledges, proposed organisations and event clusters).
    `add` returns the (processed, status) pairs committed by that call, in input order; `flush` (or
    leaving the `with` block) commits the rest.

    If a batch cannot be written as a whole (a constraint fails, or the store holds rows the batch
    path does not expect), it is rolled back and its articles are written one per transaction, as
    `write_article` does, so an error names its article and everything before it is committed.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, *, batch_size: int = 64, max_seconds: float = 2.0):
        self.con = con
        self.batch_size = max(1, batch_size)
        self.max_seconds = max_seconds
        self.pending: list[ProcessedArticle] = []
        self._since = 0.0

    def __enter__(self) -> ArticleWriter:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.flush()

    def add(self, processed: ProcessedArticle) -> list[tuple[ProcessedArticle, str]]:
        if not self.pending:
            self._since = time.monotonic()
        self.pending.append(processed)
        if len(self.pending) >= self.batch_size or time.monotonic() - self._since >= self.max_seconds:
            return self.flush()
        return []

    def is_pending(self, doc_id: str, content_hash: str) -> bool:
        """This exact content waits in the current batch (not yet committed)."""
        return any(p.article.doc_id == doc_id and p.article.content_hash == content_hash for p in self.pending)

    def flush(self) -> list[tuple[ProcessedArticle, str]]:
        batch, self.pending = self.pending, []
        if not batch:
            return []
        try:
            statuses = _write_batch(self.con, batch)
        except (BatchNotApplicable, duckdb.Error, pa.ArrowException, TypeError, ValueError, OverflowError):
            statuses = [write_article(self.con, p) for p in batch]  # rolled back: one by one
        return list(zip(batch, statuses))


def _write_batch(con: duckdb.DuckDBPyConnection, batch: list[ProcessedArticle]) -> list[str]:
    """A batch's rows and derived rows in one transaction, equal to `write_article` article by article."""
    con.execute("BEGIN TRANSACTION")
    try:
        plan = plan_batch(con, batch)
        if not plan.written:
            con.execute("ROLLBACK")
            return plan.statuses
        # the clusters the batch's events can join, read before its rows are written: a new version of
        # a document retires its old events only from the articles after it, as one by one
        clusters = BatchClusters(con, [e for fresh in plan.fresh for e in fresh])
        insert_batch(con, plan)
        record_proposed_batch(con, [(w.processed.article, w.events) for w in plan.written])
        for w, fresh in zip(plan.written, plan.fresh):
            clusters.add_article(w.processed.article, w.version, fresh)
        clusters.write()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return plan.statuses


def write_articles(
    con: duckdb.DuckDBPyConnection, items: Iterable[ProcessedArticle], *, batch_size: int = 64,
    max_seconds: float = 2.0,
) -> Iterator[tuple[ProcessedArticle, str]]:
    """Store a stream of processed articles with an `ArticleWriter`; yields (processed, status) as
    each batch is committed."""
    with ArticleWriter(con, batch_size=batch_size, max_seconds=max_seconds) as writer:
        for processed in items:
            yield from writer.add(processed)
        yield from writer.flush()


# --- the whole run ------------------------------------------------------------------------------

def ingest_into(
    con: duckdb.DuckDBPyConnection,
    paths: list[str],
    settings,
    *,
    workers: int = 1,
    on_error=None,
    on_result=None,
    coder=None,
    should_stop=None,
    pool=None,
) -> dict[str, int]:
    """Read, clean, code and store `paths`, derived tables included; one transaction per batch of
    articles (`ArticleWriter`). Returns the counts.

    `on_error(InputError)` is called for each input that fails; `on_result(article, outcome)` after
    each article is committed or found already stored (for progress display). In one process, an
    article already stored is recognised after cleaning and not coded again, so a rerun is quick.
    `should_stop()` is asked after each article: when true, the run ends there (Ctrl-C in the CLI),
    with every article so far committed whole. `pool`: a started `workers.WorkerPool` to code on (it
    stays open for the caller: the watcher keeps one across rounds).
    """
    counts = {"read": 0, "stored": 0, "duplicates": 0, "new_versions": 0, "failed": 0, "events": 0, "pledges": 0}

    def failed(exc) -> None:
        counts["failed"] += 1
        if on_error:
            on_error(exc)

    def record(done: list[tuple[ProcessedArticle, str]]) -> None:
        for processed, outcome in done:
            if outcome == DUPLICATE:
                counts["duplicates"] += 1
            else:
                counts["stored" if outcome == STORED else "new_versions"] += 1
                counts["events"] += len(processed.events)
                counts["pledges"] += len(processed.pledges)
            if on_result:
                on_result(processed.article, outcome)

    with ArticleWriter(con) as writer:
        if pool is not None or (workers != 1 and coder is None):
            for processed in process_inputs(paths, settings, workers=workers, on_error=failed, pool=pool):
                counts["read"] += 1
                record(writer.add(processed))
                if should_stop and should_stop():
                    break  # the pending batch is committed below: every article so far, whole
            record(writer.flush())
            return counts
        for article in extract_inputs(paths, settings, on_error=failed):
            if should_stop and should_stop():
                break
            counts["read"] += 1
            if is_stored(con, article.doc_id, article.content_hash) or writer.is_pending(
                    article.doc_id, article.content_hash):
                counts["duplicates"] += 1
                if on_result:
                    on_result(article, DUPLICATE)
                continue
            if coder is None:
                coder = load_coder(settings)
            try:
                processed = process_article(article, settings, coder)
            except PROCESSING_ERRORS as exc:  # odd text must not stop a batch
                failed(cannot_process(article.path, exc))
                continue
            record(writer.add(processed))
        record(writer.flush())
    return counts


def build_sample_db(db_path: str, settings: Any, *, on_error: Any = None) -> dict[str, int]:
    """A fresh database at db_path (replaced if it exists) holding the bundled sample corpus, built as
    `dyadwatch ingest` builds one (`ingest_into`, one process). Returns its counts."""
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    for stale in (Path(db_path), Path(f"{db_path}.wal")):
        stale.unlink(missing_ok=True)
    con = open_db(db_path)
    try:
        return ingest_into(con, [str(SAMPLES_DIR)], settings, workers=1, on_error=on_error)
    finally:
        con.close()
