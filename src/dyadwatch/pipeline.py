"""Processing documents: clean -> date -> code events -> tag agreements -> extract pledges.

What one document becomes, whichever process runs it: the run (`dyadwatch.run`, for `ingest`, the
demo and library users), a worker of the pool (`dyadwatch.workers`) and a Spark partition all call
`process_documents` here, so the same input gives the same records everywhere. Reading inputs,
storing and the derived tables are the run's (`dyadwatch.run`).

Stage contracts (each owned by its folder):
- ingest.read_inputs(paths, settings) -> Iterator[RawDocument | InputError]
- clean.clean_document(raw: RawDocument, settings) -> Article
- events.Coder.from_settings(settings).code_article(article) -> list[Event]
- pledges.extract_pledges(article, events) -> list[Pledge]
"""
from __future__ import annotations

from typing import Protocol

from dyadwatch.clean import clean_document
from dyadwatch.errors import InputError
from dyadwatch.ingest.failure import input_failure
from dyadwatch.records import Article, Event, ProcessedArticle, RawDocument

__all__ = ["PROCESSING_ERRORS", "ArticleCoder", "ProcessedArticle", "cannot_process", "load_coder",
           "process_article", "process_articles", "process_document", "process_documents"]

# what turns into a per-document InputError instead of stopping the run
# What one article's cleaning or coding may raise without stopping the batch: anything (spaCy, lxml,
# the coder's own rules on text nobody foresaw); the article gets a one-line error naming the exception,
# the rest of the batch goes on. KeyboardInterrupt and SystemExit are not Exceptions and still stop it.
PROCESSING_ERRORS = (Exception,)


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
    # imported here, not with the module: they load spaCy (~3 s), which reading and cleaning alone
    # (`dyadwatch extract`, the run's reader) do not need
    from dyadwatch.actors.dating import infer_window
    from dyadwatch.analyse.agreements import default_register
    from dyadwatch.pledges import extract_pledges
    from dyadwatch.pledges.commitments import ActorFinder

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
    matcher = getattr(coder, "matcher", None)  # the coder's actor dictionaries name who commits
    actors = ActorFinder(matcher) if matcher is not None else None
    out = []
    for article in articles:
        events = events_of.get(id(article), [])
        for event in events:
            # The article is the context for aliases that need one ("SOFA" with Japan/US named nearby).
            event.agreements = list(register.tag(event.sentence, context=article.text))
        pledges = extract_pledges(article, events, actors=actors) if article.text else []
        out.append(ProcessedArticle(article=article, events=events, pledges=pledges))
    return out


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
            results[i] = cannot_process(raw.path, exc)
    try:
        done: list = process_articles(articles, settings, coder)
    except PROCESSING_ERRORS:
        done = []
        for article in articles:
            try:
                done.append(process_article(article, settings, coder))
            except PROCESSING_ERRORS as exc:
                done.append(cannot_process(article.path, exc))
    for i, result in zip(where, done):
        results[i] = result
    return results  # type: ignore[return-value]


def cannot_process(path: str, exc: Exception, verb: str = "process") -> InputError:
    """The InputError for a document whose text made a stage fail (PROCESSING_ERRORS), on one line."""
    return input_failure(path, exc, verb)


def load_coder(settings) -> ArticleCoder:
    """The real event coder (spaCy + dictionaries, loaded once)."""
    from dyadwatch.events.coder import Coder  # the class the contract names dyadwatch.events.Coder

    return Coder.from_settings(settings)
