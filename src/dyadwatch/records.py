"""The records that flow between dyadwatch's stages.

ingest -> RawDocument -> clean -> Article -> nlp/actors/events -> Event -> pledges -> Pledge, ThreadLink
-> store; an article with its events and pledges travels as one ProcessedArticle. Every stage takes
and returns these types; nothing else travels between stages.
Character offsets (``*_start``/``*_end``) always index ``Article.text`` (the clean text), so any
event can be shown as proof in the article it came from.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class RawDocument:
    """One article as read from an input, before cleaning."""

    path: str  # input file; "file.jsonl#12" / "file.warc.gz#3" for a record inside a file
    body: str  # decoded text or HTML
    format: str  # "text" | "html"
    url: str | None = None
    title: str | None = None
    published: date | None = None
    published_basis: str | None = None  # "html-meta", "feed", "jsonl", "warc", "cli"
    source: str | None = None  # outlet / site, e.g. "riotimesonline.com"
    language: str | None = None


@dataclass(slots=True)
class RemovedLine:
    """A paragraph or line that cleaning removed, kept with the rule that removed it."""

    text: str
    reason: str  # rule id, e.g. "photo-caption", "repeated-headline", "foreign-headline", "widget"
    detail: str = ""  # one human sentence explaining the decision
    position: int = 0  # paragraph index in the text before cleaning


@dataclass(slots=True)
class DateWindow:
    """A publication window inferred from the text of an undated article."""

    earliest: date
    latest: date
    basis: str  # e.g. "'President-elect Donald Trump' => 2024-11-06..2025-01-20"


@dataclass(slots=True)
class Article:
    """A cleaned document: the unit that is coded and stored."""

    doc_id: str  # identity: sha256 of the URL if known, else of the clean text
    path: str
    text: str  # clean text, paragraphs separated by "\n"
    content_hash: str  # sha256 of the clean text: a new hash at a known URL is a new version
    url: str | None = None
    title: str | None = None
    published: date | None = None
    published_basis: str | None = None  # where the date came from; "inferred" uses date_window
    date_window: DateWindow | None = None
    source: str | None = None
    language: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)

    @property
    def reference_date(self) -> date | None:
        """The date actor roles are resolved at: the publication date, else the window's start."""
        if self.published:
            return self.published
        return self.date_window.earliest if self.date_window else None


@dataclass(slots=True)
class ActorRef:
    """An actor as found in the text and coded at the article's date."""

    code: str  # full CAMEO actor code, e.g. "JPNGOV", "USAMIL", "IGOWSTNAT"
    text: str  # surface text in the article, e.g. "He", "Ishiba", "US troops"
    start: int  # offsets into Article.text
    end: int
    name: str = ""  # canonical entry name, e.g. "SHIGERU_ISHIBA", "JAPAN"
    country: str | None = None  # "JPN"
    role: str | None = None  # "GOV", "MIL", "ELI", ...
    resolved_from: str | None = None  # e.g. "pronoun 'He' -> SHIGERU_ISHIBA (sentence 0)"


@dataclass(slots=True)
class Event:
    """Who did what to whom, with the sentence as proof."""

    doc_id: str
    sentence_index: int
    sentence: str
    sentence_start: int  # offset of the sentence in Article.text
    cameo: str  # e.g. "036"
    cameo_root: str  # e.g. "03"
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float
    plover: str | None
    verb_text: str
    verb_start: int
    verb_end: int
    source: ActorRef | None = None
    target: ActorRef | None = None
    negated: bool = False
    mode: str = "asserted"  # asserted | intended | proposed | hypothetical | reported
    pattern: str = ""  # the dictionary pattern that fired, as written in the verb dictionary
    # where the target came from: "pattern slot", "subject", "object", "object phrase", "preposition",
    # "clause", "place", "pronoun", "story context", "model (sentence)", "model (story context)"; None
    # without a target
    target_origin: str | None = None
    score: float | None = None  # the learned pair scorer's probability of a model event; None for rule events
    headline: bool = False  # the sentence is the article's headline: stored, left out of counts unless asked
    agreements: list[str] = field(default_factory=list)  # register ids named in the sentence
    published: date | None = None
    event_id: str = ""

    def __post_init__(self) -> None:
        if not self.event_id:
            key = f"{self.doc_id}|{self.sentence_index}|{self.verb_start}|{self.cameo}|" + (
                f"{self.source.code if self.source else ''}>{self.target.code if self.target else ''}"
            )
            self.event_id = sha256_hex(key)[:24]


@dataclass(slots=True)
class Amount:
    text: str  # as written: "over 10 trillion yen"
    value: float | None = None  # 1e13; None when the text gives no number ("billions of yen")
    currency: str | None = None  # ISO 4217, or None for shares of GDP
    unit: str | None = None  # None for money, "percent_gdp" for "2% of GDP"
    qualifier: str | None = None  # "over", "about", "up to", "at least", ...
    usd: float | None = None
    usd_rate_year: int | None = None  # the year of the rate used for usd


@dataclass(slots=True)
class Pledge:
    """A proposal, plan, promise or agreement with what, how much and by when."""

    pledge_id: str
    event_id: str
    doc_id: str
    actor: str  # coded actor, e.g. "JPNGOV"
    actor_text: str
    kind: str  # proposal | plan | pledge | intent | agreement | appeal
    what: str  # short phrase from the sentence
    sentence: str
    sentence_index: int
    addressee: str | None = None  # coded target, if any
    amount: Amount | None = None
    deadline: date | None = None
    deadline_text: str | None = None  # "by 2030", "within five years"
    deadline_precision: str | None = None  # "year" | "month" | "day"
    topics: list[str] = field(default_factory=list)  # "AI", "semiconductors", "defence"
    condition: str | None = None  # "may require constitutional amendments"
    condition_sentence: str | None = None
    status: str = "proposed"  # proposed | planned | pledged | agreed
    url: str | None = None
    published: date | None = None
    deadline_rejected: str | None = None  # why a written deadline was not turned into a date
    # the other sentences of the story that restate this commitment (same actor, amount or deadline)
    mentions: list[str] = field(default_factory=list)
    mention_indices: list[int] = field(default_factory=list)
    commitment: bool = False  # a promise of the actor's own with an amount or a deadline (`dyadwatch pledges`)


@dataclass(slots=True)
class ThreadLink:
    """A proposal or appeal linked to an answer (or to none yet); an answer whose proposal no story
    reports has no proposal event."""

    proposal_event_id: str | None
    status: str  # accepted | rejected | partial | considering | no answer yet
    answer_event_id: str | None = None
    shared_terms: list[str] = field(default_factory=list)  # why the topic matches
    proposer: str | None = None
    responder: str | None = None
    answer_doc_id: str | None = None
    answer_sentence: str | None = None  # the evidence


@dataclass(slots=True)
class ProcessedArticle:
    """One article after the pipeline: what the store writes and the run hands on."""

    article: Article
    events: list[Event] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)


@dataclass(slots=True)
class Alert:
    """Something a reader watching the news should look at, with the events that show it
    (computed from stored rows by analyse/alerts.py; served and printed as is)."""

    kind: str  # a registered alert kind: "dyad_shift", "conflict_involving"
    subject: str  # what it is about: a country dyad ("CHN-JPN") or a watched actor ("JPN")
    message: str  # one line a reader takes in at once
    day: date | None = None  # the news day it is about (the event's day; the first day of a week)
    stored_at: datetime | None = None  # when its newest evidence was stored (documents.ingested_at)
    event_ids: list[str] = field(default_factory=list)  # the evidence
    sentence: str | None = None  # the sentence of the leading evidence event
    doc_id: str | None = None  # the document of that sentence


def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of a record (dates as ISO strings)."""

    def conv(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: conv(v) for k, v in value.items()}
        if isinstance(value, list):
            return [conv(v) for v in value]
        return value

    return conv(asdict(record))
