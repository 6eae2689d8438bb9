"""Readers: one input file (or stdin) to RawDocuments, one InputError per thing that cannot be read.

Formats are picked by extension (after a trailing .gz) and, for unknown extensions, by sniffing the
first bytes. Every failure names the file (and record) and the reason; nothing here raises.
"""
from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from dyadwatch.errors import InputError
from dyadwatch.ingest.decode import MAX_UNDECODABLE_SHARE, decode_bytes, looks_binary, undecodable_share
from dyadwatch.records import RawDocument

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
    """All documents in one file ('-' is stdin)."""
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
        yield from read_warc(path, io.BytesIO(data))
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
    except (OSError, zlib.error) as exc:
        raise InputError("", f"corrupt gzip: {exc}") from exc
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
        if isinstance(record, json.JSONDecodeError):
            yield InputError(where, f"line {number} is not JSON ({record.msg} at column {record.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"line {number} is a JSON {type(record).__name__}, not an object")
            continue
        body, fmt = record.get("text"), "text"
        if not (isinstance(body, str) and body.strip()):
            body, fmt = record.get("html"), "html"
        if not (isinstance(body, str) and body.strip()):
            yield InputError(where, f"line {number} has no 'text' or 'html' field")
            continue
        url = _str(record.get("url"))
        published = parse_date(record.get("published"))
        yield RawDocument(
            path=where,
            body=body,
            format=fmt,
            url=url,
            title=_str(record.get("title")),
            published=published,
            published_basis="jsonl" if published else None,
            source=_str(record.get("source")) or _site(url),
            language=_str(record.get("language")),
        )


def _json_records(text: str) -> Iterator[tuple[int, object]]:
    """(number, record) per JSON Lines line; a file holding one JSON array gives its items instead,
    and one holding a single JSON object spread over several lines (pretty-printed) is record 1."""
    if text.lstrip().startswith(("[", "{")):
        try:
            whole = json.loads(text)
        except json.JSONDecodeError:  # JSON Lines (or broken): read line by line below
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
        except json.JSONDecodeError as exc:
            yield number, exc


def read_feed(path: str, data: bytes) -> Iterator[Item]:
    """RSS/Atom items: content (or description) is the article, with link, title and date."""
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        reason = getattr(feed.get("bozo_exception"), "getMessage", lambda: None)() or feed.get(
            "bozo_exception"
        )
        yield InputError(path, f"not a valid RSS/Atom feed ({reason})")
        return
    if not feed.entries:
        yield InputError(path, "feed has no items")
        return
    feed_title = _str(feed.feed.get("title"))
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{path}#{number}"
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else None
        body = body or entry.get("summary") or entry.get("description")
        if not body or not body.strip():
            yield InputError(where, f"item {number} has no content or description")
            continue
        url = _str(entry.get("link"))
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*stamp[:3]) if stamp else None
        yield RawDocument(
            path=where,
            body=body,
            format="html" if "<" in body else "text",
            url=url,
            title=_str(entry.get("title")),
            published=published,
            published_basis="feed" if published else None,
            source=_site(url) or feed_title,
            language=_str(feed.feed.get("language")),
        )


def _read_warc_file(path: str, max_bytes: int) -> Iterator[Item]:
    """A WARC is streamed from disk (CC-NEWS files are large: raise --max-bytes for them)."""
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            yield InputError(path, f"file is {size} bytes, over the limit of {max_bytes} (--max-bytes)")
            return
        if size == 0:
            yield InputError(path, "empty file")
            return
        with open(path, "rb") as fh:
            yield from read_warc(path, fh)
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")


def read_warc(path: str, stream) -> Iterator[Item]:
    """HTML response records of a WARC (gzipped or not); a truncated file yields what precedes the cut.

    A record cut short (fewer bytes than its Content-Length, or a cut gzip member) is an error, not a
    short page.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0  # pages read
    number = 0  # response records
    pages = 0  # HTML response records
    try:
        cut = _gzip_cut(stream)
        if not _starts_like_an_archive(stream):
            yield InputError(path, "not a WARC file (it does not begin with a 'WARC/' record header)")
            return
        records = ArchiveIterator(stream)
        # warcio writes a multi-line warning to stderr for each record whose Content-Length is wrong;
        # they are counted instead and reported in one line below.
        records.INC_RECORD = ""
        for record in records:
            if record.rec_type != "response":
                continue
            number += 1
            where = f"{path}#{number}"
            ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
            if not ctype or "html" not in ctype.lower():
                continue
            pages += 1
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise EOFError(f"record {number} ({record.rec_headers.get_header('WARC-Target-URI')}) is cut short")
            if not payload.strip():
                continue
            charset = _charset_of(ctype)
            body, _ = decode_bytes(payload, charset=charset, declared_kind="html")
            url = record.rec_headers.get_header("WARC-Target-URI")
            if (bad := _undecodable(where, body)) is not None:
                yield bad
                continue
            crawled = parse_date(record.rec_headers.get_header("WARC-Date"))
            count += 1
            yield RawDocument(
                path=where,
                body=body,
                format="html",
                url=url,
                source=_site(url),
                # The crawl date; clean prefers a date the page itself carries.
                published=crawled,
                published_basis="warc" if crawled else None,
            )
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        cut = f" after {count} record(s)" if count else ""
        yield InputError(path, f"truncated or corrupt WARC{cut}: {str(exc).splitlines()[0][:120] or type(exc).__name__}")
        return
    if cut:
        yield InputError(path, f"truncated or corrupt WARC after {count} record(s): {cut}")
    elif records.err_count:
        yield InputError(path, f"corrupt WARC: {records.err_count} record(s) with a wrong Content-Length "
                               f"({count} page(s) read)")
    elif number == 0:
        yield InputError(path, "WARC file holds no response records")
    elif pages == 0:
        yield InputError(path, f"WARC file holds no HTML pages ({number} response record(s) of other types)")


def _starts_like_an_archive(stream) -> bool:
    """The first bytes (decompressed when gzipped) are a WARC or ARC header; rewinds. A gzip stream
    too broken to tell is let through (the reader then reports how it is broken)."""
    start = stream.tell()
    gzipped = stream.read(2) == b"\x1f\x8b"
    stream.seek(start)
    try:
        if gzipped:
            with gzip.GzipFile(fileobj=stream) as gz:
                head = gz.read(64)
        else:
            head = stream.read(64)
    except (OSError, EOFError, zlib.error):
        return True
    finally:
        stream.seek(start)
    return head.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://"))


def _gzip_cut(stream) -> str | None:
    """For a gzipped stream: decompress it once in chunks (constant memory) to find a cut or corrupt
    member, which warcio would pass over in silence; then rewind. None when whole (or not gzip)."""
    start = stream.tell()
    if stream.read(2) != b"\x1f\x8b":
        stream.seek(start)
        return None
    stream.seek(start)
    reason = None
    try:
        with gzip.GzipFile(fileobj=stream) as gz:
            while gz.read(1 << 20):
                pass
    except EOFError:
        reason = "the compressed stream ends early"
    except (OSError, zlib.error) as exc:
        reason = f"corrupt gzip ({exc})"
    stream.seek(start)
    return reason


def parse_date(value) -> date | None:
    """ISO dates and datetimes, RFC 2822 dates; anything else is no date."""
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            return val.strip().strip("\"'")
    return None


def _str(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
