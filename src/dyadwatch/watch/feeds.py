"""Polling one RSS/Atom feed: fetch it (conditionally), parse it with feedparser, and turn its new
items into JSON Lines records the pipeline reads (`ingest.readers.read_jsonl`).

An item carries full text when the feed gives content:encoded (Atom content) or a summary of at least
FULL_TEXT_CHARS characters of text; otherwise its link is fetched (robots.txt and the host pace
apply) and the page is the article. When the page cannot be fetched, the summary is stored and the
reason is reported.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import date

from dyadwatch.ingest.decode import decode_bytes
from dyadwatch.store.watch_state import FeedState
from dyadwatch.watch.fetch import Fetcher, FetchError

FULL_TEXT_CHARS = 600  # a summary this long (tags removed) is taken as the article itself
TAG = re.compile(r"<[^>]+>")


@dataclass
class FeedPoll:
    """What one poll of a feed gave."""

    url: str
    items_seen: int = 0
    records: list[dict] = field(default_factory=list)  # new items as JSONL records
    keys: list[str] = field(default_factory=list)  # their item keys, remembered once stored
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    problems: list[str] = field(default_factory=list)  # items stored from their summary, and why


def poll_feed(fetcher: Fetcher, state: FeedState, seen: set[str]) -> FeedPoll:
    """Fetch and parse the feed; items whose keys are in `seen` are not new. Raises FetchError when the
    feed itself cannot be fetched or is not a feed."""
    fetched = fetcher.get(state.url, etag=state.etag, last_modified=state.last_modified)
    poll = FeedPoll(state.url, etag=fetched.etag, last_modified=fetched.last_modified)
    if fetched.not_modified:
        poll.not_modified = True
        return poll
    entries = parse_entries(state.url, fetched.body)
    poll.items_seen = len(entries)
    for entry in entries:
        key = item_key(entry)
        if key in seen or key in poll.keys:
            continue
        record = _record(fetcher, entry, poll)
        if record is not None:
            poll.records.append(record)
            poll.keys.append(key)
    return poll


def parse_entries(url: str, body: bytes) -> list:
    """The feed's entries; FetchError when the body is not a readable feed."""
    import feedparser  # noqa: PLC0415 (slow to import; only the watcher needs it)

    try:
        feed = feedparser.parse(body)
    except Exception as exc:  # noqa: BLE001 -- feedparser raises on some damaged feeds instead of flagging them
        raise FetchError(url, f"not a valid RSS/Atom feed (feedparser raised {type(exc).__name__})") from None
    if feed.bozo and not feed.entries:
        reason = feed.get("bozo_exception")
        message = getattr(reason, "getMessage", lambda: None)() or str(reason).splitlines()[0]
        raise FetchError(url, f"not a valid RSS/Atom feed ({message})")
    if not feed.entries and not feed.feed.get("title"):
        raise FetchError(url, "not an RSS/Atom feed (no channel and no items)")
    return list(feed.entries)


def item_key(entry) -> str:
    """What identifies an item across polls: its id (or link), with its update time when it has one,
    so an item the publisher revises is new again; items without either are keyed by their text."""
    ident = entry.get("id") or entry.get("link")
    if ident:
        return f"{ident}|{dict.get(entry, 'updated', '')}"  # dict.get: feedparser would substitute `published`
    text = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def _record(fetcher: Fetcher, entry, poll: FeedPoll) -> dict | None:
    contents = entry.get("content") or []
    content = contents[0].get("value") if contents else None
    summary = entry.get("summary") or entry.get("description") or ""
    link = entry.get("link")
    body, fmt = None, "html"
    if isinstance(content, str) and content.strip():
        body = content
    elif len(TAG.sub(" ", summary).strip()) >= FULL_TEXT_CHARS or not link:
        body = summary
    else:
        try:
            page = fetcher.get(link)
            body, _ = decode_bytes(page.body, charset=_charset(page.content_type), declared_kind="html")
            link = page.url
        except FetchError as exc:
            if not summary.strip():
                poll.problems.append(f"{exc} (item has no text of its own; skipped)")
                return None
            poll.problems.append(f"{exc} (stored the feed's summary)")
            body = summary
    if not body or not body.strip():
        return None
    if "<" not in body:
        fmt = "text"
    record = {fmt: body, "url": link, "title": entry.get("title")}
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    if published:
        record["published"] = date(*time.struct_time(published)[:3]).isoformat()
    return record


def _charset(content_type: str) -> str | None:
    """The charset a Content-Type header names, if any (decode_bytes checks it can decode)."""
    found = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.I)
    return found.group(1) if found else None
