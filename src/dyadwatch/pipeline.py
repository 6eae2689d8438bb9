"""The pipeline, end to end: read -> clean -> code -> pledges -> (store).

This is the one function library users, the CLI, the worker pool and the Spark job all call, so the
same input gives the same records everywhere.

Stage contracts (each owned by its folder):
- ingest.read_inputs(paths, settings) -> Iterator[RawDocument | InputError]
- clean.clean_document(raw: RawDocument, settings) -> Article
- events.Coder(resources).code_article(article) -> list[Event]
- pledges.extract_pledges(article, events) -> list[Pledge]
- store.writer.write_article(con, result: ProcessedArticle) -> str  ("stored" | "duplicate" | "new-version")
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dyadwatch.records import Article, Event, Pledge


@dataclass(slots=True)
class ProcessedArticle:
    article: Article
    events: list[Event] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)
