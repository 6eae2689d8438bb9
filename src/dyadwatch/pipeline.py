"""The pipeline, end to end: read -> clean -> code -> pledges -> (store).

This is the one function library users, the CLI, the worker pool and the Spark job all call, so the
same input gives the same records everywhere.

Stage contracts (each owned by its folder):
- ingest.read_inputs(paths, settings) -> Iterator[RawDocument | InputError]
- clean.clean_document(raw: RawDocument, settings) -> Article
- events.Coder.from_settings(settings).code_article(article) -> list[Event]
- pledges.extract_pledges(article, events) -> list[Pledge]
- store.writer.write_article(con, result: ProcessedArticle) -> str  ("stored" | "duplicate" | "new-version")
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from dyadwatch.clean import clean_document
from dyadwatch.errors import InputError
from dyadwatch.ingest import read_inputs
from dyadwatch.records import Article, Event, Pledge, RawDocument

T = TypeVar("T")
# what turns into a per-document InputError instead of stopping the run
PROCESSING_ERRORS = (ValueError, RecursionError, MemoryError)


@dataclass(slots=True)
class ProcessedArticle:
    article: Article
    events: list[Event] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)


class ArticleCoder(Protocol):
    def code_article(self, article: Article) -> list[Event]: ...


def process_document(raw: RawDocument, settings, coder: ArticleCoder) -> ProcessedArticle:
    """Clean, date (window) if undated, code events, tag agreements, extract pledges."""
    return process_article(clean_document(raw, settings), settings, coder)


def process_article(article: Article, settings, coder: ArticleCoder) -> ProcessedArticle:
    """Everything after cleaning: date window, events, agreement tags, pledges."""
    return process_articles([article], settings, coder)[0]


def process_articles(articles: list[Article], settings, coder: ArticleCoder) -> list[ProcessedArticle]:
    """`process_article` for several articles, with their events coded in one call when the coder
    can (`code_articles`: one parse for all their event sentences; the same events)."""
    from dyadwatch.actors.dating import infer_window
    from dyadwatch.analyse.agreements import default_register
    from dyadwatch.pledges import extract_pledges

    for article in articles:  # the window is the reference date of the coding: set it first
        if article.published is None and getattr(settings, "published", None) is None and article.text:
            window = infer_window(article.text)
            if window is not None:
                article.date_window = window
                article.published_basis = "inferred"
    texts = [a for a in articles if a.text]
    code_many = getattr(coder, "code_articles", None)
    coded = code_many(texts) if code_many is not None else [coder.code_article(a) for a in texts]
    events_of = {id(a): events for a, events in zip(texts, coded)}
    register = default_register()
    out = []
    for article in articles:
        events = events_of.get(id(article), [])
        for event in events:
            # The article is the context for aliases that need one ("SOFA" with Japan/US named nearby).
            event.agreements = list(register.tag(event.sentence, context=article.text))
        pledges = extract_pledges(article, events) if events else []
        out.append(ProcessedArticle(article=article, events=events, pledges=pledges))
    return out


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
        from dyadwatch.workers import process_parallel

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


# Documents whose articles are coded together in one process (`process_documents`): spaCy's fixed
# cost per parse call is paid once for them; few enough that results still stream.
DOCUMENTS_PER_CODING_CALL = 8


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


def process_documents(raws: list[RawDocument], settings, coder: ArticleCoder) -> list[ProcessedArticle | InputError]:
    """`process_document` for several documents, their articles coded together (`process_articles`):
    one result per document, in order, an InputError for a document that cannot be cleaned or coded.
    If coding them together fails, each article is processed alone, so only the one that fails gets
    the error and the others their records."""
    results: list[ProcessedArticle | InputError | None] = [None] * len(raws)
    articles, where = [], []
    for i, raw in enumerate(raws):
        try:
            articles.append(clean_document(raw, settings))
            where.append(i)
        except InputError as exc:
            results[i] = exc
        except PROCESSING_ERRORS as exc:  # odd text must not stop a batch
            results[i] = _cannot_process(raw.path, exc)
    try:
        done: list = process_articles(articles, settings, coder)
    except PROCESSING_ERRORS:
        done = []
        for article in articles:
            try:
                done.append(process_article(article, settings, coder))
            except PROCESSING_ERRORS as exc:
                done.append(_cannot_process(article.path, exc))
    for i, result in zip(where, done):
        results[i] = result
    return results  # type: ignore[return-value]


def _cannot_process(path: str, exc: Exception, verb: str = "process") -> InputError:
    """The InputError for a document whose text made a stage fail (PROCESSING_ERRORS)."""
    return InputError(path, f"cannot {verb}: {type(exc).__name__}: {exc}")


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


def load_coder(settings) -> ArticleCoder:
    """The real event coder (spaCy + dictionaries, loaded once)."""
    from dyadwatch.events.coder import Coder  # the class the contract names dyadwatch.events.Coder

    return Coder.from_settings(settings)


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
                on_error(_cannot_process(item.path, exc, verb))
