"""Readers: one input file (or stdin) to RawDocuments, one InputError per thing that cannot be read.

Formats are picked by extension (after a trailing .gz) and, for unknown extensions, by sniffing the
first bytes. Every failure names the file (and record) and the reason; nothing here raises: whatever a
parser raises on one record (a JSON line, a feed item, a WARC record) is that record's error, and on
the file as a whole, the file's error (`read_file`).
"""
from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from dyadwatch.errors import InputError
from dyadwatch.ingest.decode import MAX_UNDECODABLE_SHARE, decode_bytes, looks_binary, undecodable_share
from dyadwatch.ingest.failure import describe, input_failure, one_line_error
from dyadwatch.ingest.values import feed_date, parse_date, site_of, text_field, without_surrogates
from dyadwatch.ingest.warc import read_warc
from dyadwatch.records import RawDocument

__all__ = ["read_file", "kind_of", "is_input_name", "parse_date"]

Item = RawDocument | InputError

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed", ".feed": "feed",
    ".warc": "warc", ".arc": "warc",
}


def is_input_name(name: str) -> bool:
    """A file a directory walk picks up: a known input extension, optionally gzipped."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in EXTENSIONS


def kind_of(name: str, head: bytes) -> str:
    """The reader for a file: by extension, else by sniffing its first bytes."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    kind = EXTENSIONS.get(suffixes[-1]) if suffixes else None
    sniffed = sniff(head)
    if kind == "feed" and sniffed == "html":  # an .xml that is really a page
        return "html"
    return kind or sniffed


def sniff(head: bytes) -> str:
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"warc/"):
        return "warc"
    if b"<rss" in text or b"<feed" in text or b"<rdf:rdf" in text:
        return "feed"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text[:512]:
        return "html"
    if text.startswith(b"{"):
        return "jsonl"
    return "text"


def read_file(path: str, max_bytes: int) -> Iterator[Item]:
    """All documents in one file ('-' is stdin), and an error for each part that cannot be read.

    This is the boundary of one input: whatever a reader or a parser under it raises ends this file
    with one error naming it and the exception, and the next file is read.
    """
    try:
        for item in _read_file(path, max_bytes):
            yield one_line_error(item) if isinstance(item, InputError) else item
    except Exception as exc:  # noqa: BLE001 -- one file's failure, whatever raised it, is that file's error
        yield input_failure(path, exc)


def _read_file(path: str, max_bytes: int) -> Iterator[Item]:
    if path != "-" and path.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        yield from _read_warc_file(path, max_bytes)
        return
    try:
        data = _read_bytes(path, max_bytes)
    except InputError as exc:
        yield exc
        return
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data, max_bytes)
        except InputError as exc:
            yield InputError(path, exc.reason)
            return
    if not data.strip():
        yield InputError(path, "empty file")
        return
    kind = kind_of(path if path != "-" else "", data[:4096])
    if kind == "warc":
        yield from read_warc(path, io.BytesIO(data), max_bytes)
        return
    if looks_binary(data):
        yield InputError(path, "binary file, not text, HTML, JSONL, feed or WARC")
        return
    reader = {"text": read_text, "html": read_html, "jsonl": read_jsonl, "feed": read_feed}[kind]
    yield from reader(path, data)


def _read_bytes(path: str, max_bytes: int) -> bytes:
    if path == "-":
        import sys

        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(path, f"file is {size} bytes, over the limit of {max_bytes} (--max-bytes)")
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputError(path, f"input is over the limit of {max_bytes} bytes (--max-bytes)")
    if not data:
        raise InputError(path, "empty file")
    return data


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(max_bytes * 5 + 1)
    except EOFError as exc:
        raise InputError("", "truncated gzip (compressed stream ends early)") from exc
    except (OSError, zlib.error) as exc:  # gzip.BadGzipFile (an OSError): bad header, CRC or length
        raise InputError("", f"corrupt gzip: {describe(exc)}") from exc
    if len(out) > max_bytes * 5:
        raise InputError("", f"decompresses to over {max_bytes * 5} bytes (5 x --max-bytes)")
    return out


def read_text(path: str, data: bytes) -> Iterator[Item]:
    text, _ = decode_bytes(data, declared_kind="text")
    yield _undecodable(path, text) or RawDocument(path=path, body=text, format="text")


def read_html(path: str, data: bytes) -> Iterator[Item]:
    text, _ = decode_bytes(data, declared_kind="html")
    yield _undecodable(path, text) or RawDocument(path=path, body=text, format="html")


def _undecodable(path: str, text: str) -> InputError | None:
    """An error when too much of the decoded text is U+FFFD: bytes no encoding tried could read."""
    share = undecodable_share(text)
    if share <= MAX_UNDECODABLE_SHARE:
        return None
    return InputError(path, f"undecodable bytes: {share:.0%} of the characters are not valid in any encoding tried")


def read_jsonl(path: str, data: bytes) -> Iterator[Item]:
    """One JSON object per line with `text` or `html`; optional url, title, published, source.

    Records are numbered by line (`file.jsonl#12`); a .json file with one array is read item by item.
    """
    text, _ = decode_bytes(data, declared_kind="text")
    if (bad := _undecodable(path, text)) is not None:
        yield bad
        return
    for number, record in _json_records(text):
        where = f"{path}#{number}"
        try:
            yield _json_document(where, number, record)
        except Exception as exc:  # noqa: BLE001 -- one line's failure is that line's error
            yield input_failure(where, exc)


def _json_document(where: str, number: int, record: object) -> Item:
    if isinstance(record, json.JSONDecodeError):
        return InputError(where, f"line {number} is not JSON ({record.msg} at column {record.colno})")
    if isinstance(record, Exception):  # a number too long to convert, nesting too deep
        return InputError(where, f"line {number} is not JSON that can be read ({describe(record)})")
    if not isinstance(record, dict):
        return InputError(where, f"line {number} is a JSON {type(record).__name__}, not an object")
    body, fmt = record.get("text"), "text"
    if not (isinstance(body, str) and body.strip()):
        body, fmt = record.get("html"), "html"
    if not (isinstance(body, str) and body.strip()):
        return InputError(where, f"line {number} has no 'text' or 'html' field")
    body = without_surrogates(body)
    url = text_field(record.get("url"))
    published = parse_date(record.get("published"))
    return RawDocument(
        path=where,
        body=body,
        format=fmt,
        url=url,
        title=text_field(record.get("title")),
        published=published,
        published_basis="jsonl" if published else None,
        source=text_field(record.get("source")) or site_of(url),
        language=text_field(record.get("language")),
    )


def _json_records(text: str) -> Iterator[tuple[int, object]]:
    """(number, record) per JSON Lines line; a file holding one JSON array gives its items instead,
    and one holding a single JSON object spread over several lines (pretty-printed) is record 1."""
    if text.lstrip().startswith(("[", "{")):
        try:
            whole = json.loads(text)
        # JSON Lines, or broken (also: an integer over Python's 4300 digits is a ValueError, nesting
        # deeper than the interpreter's stack a RecursionError): read line by line below
        except (ValueError, RecursionError):
            whole = None
        if isinstance(whole, list):
            yield from enumerate(whole, start=1)
            return
        if isinstance(whole, dict):
            yield 1, whole
            return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
            yield number, exc


def read_feed(path: str, data: bytes) -> Iterator[Item]:
    """RSS/Atom items: content (or description) is the article, with link, title and date."""
    import feedparser

    try:
        feed = feedparser.parse(data)
    # feedparser raises on some damaged feeds instead of flagging them (UnicodeDecodeError and
    # ValueError while it guesses the encoding, KeyError inside its parser)
    except Exception as exc:  # noqa: BLE001 -- the file's error
        yield InputError(path, f"not a valid RSS/Atom feed (feedparser raised {describe(exc)})")
        return
    if feed.bozo and not feed.entries:
        reason = getattr(feed.get("bozo_exception"), "getMessage", lambda: None)() or feed.get(
            "bozo_exception"
        )
        yield InputError(path, f"not a valid RSS/Atom feed ({reason})")
        return
    if not feed.entries:
        yield InputError(path, "feed has no items")
        return
    feed_title = text_field(feed.feed.get("title"))
    language = text_field(feed.feed.get("language"))
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{path}#{number}"
        try:
            yield _feed_document(where, number, entry, feed_title, language)
        except Exception as exc:  # noqa: BLE001 -- one item's failure is that item's error
            yield input_failure(where, exc)


def _feed_document(where: str, number: int, entry, feed_title: str | None, language: str | None) -> Item:
    contents = entry.get("content") or []
    body = contents[0].get("value") if contents else None
    body = body or entry.get("summary") or entry.get("description")
    if not isinstance(body, str) or not body.strip():
        return InputError(where, f"item {number} has no content or description")
    url = text_field(entry.get("link"))
    published = feed_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    return RawDocument(
        path=where,
        body=body,
        format="html" if "<" in body else "text",
        url=url,
        title=text_field(entry.get("title")),
        published=published,
        published_basis="feed" if published else None,
        source=site_of(url) or feed_title,
        language=language,
    )


def _read_warc_file(path: str, max_bytes: int) -> Iterator[Item]:
    """A WARC is streamed from disk (CC-NEWS files are large: raise --max-bytes for them)."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    if size > max_bytes:
        yield InputError(path, f"file is {size} bytes, over the limit of {max_bytes} (--max-bytes)")
        return
    if size == 0:
        yield InputError(path, "empty file")
        return
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        yield from read_warc(path, fh, max_bytes)


