"""WARC (and ARC) files: their HTML response records as RawDocuments, one InputError per broken part.

warcio parses each record. Around it, this module does what warcio does not do for a damaged file:
- A gzipped WARC is walked here one gzip member at a time (CC-NEWS and every WARC writer put one
  record in each member), so a cut or corrupt member is one error at its byte offset, and reading
  goes on at the next member that decompresses whole.
- When warcio raises on a record (AttributeError for a response without WARC-Target-URI,
  ArchiveLoadFailed for a header line it cannot read, ...), that record is one error saying what is
  wrong with its header, and reading resumes at the next 'WARC/' header line.
- The HTTP payload's chunked transfer coding and gzip/deflate content coding are undone here, so a
  corrupt one is the record's error rather than a line warcio writes on stderr.
Nothing here raises: a failure inside one record is that record's InputError.
"""
from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from dyadwatch.errors import InputError
from dyadwatch.ingest.decode import MAX_UNDECODABLE_SHARE, decode_bytes, undecodable_share
from dyadwatch.ingest.failure import describe, input_failure, one_line
from dyadwatch.ingest.values import parse_date, site_of
from dyadwatch.records import RawDocument

Item = RawDocument | InputError

# warcio logs a warning for each WARC-Target-URI with spaces (and repairs it). With no handler on its
# logger, Python's last-resort handler would print it on stderr between our one-line errors; with a
# NullHandler it still reaches any handler the application configures.
logging.getLogger("warcio").addHandler(logging.NullHandler())

_GZIP_MAGIC = b"\x1f\x8b\x08"  # ID1 ID2 and the deflate method: where a gzip member can start
_CHUNK = 1 << 16
_PADDING = b"\x00\r\n \t"  # what some writers leave after the last member
_HEADER_LINE = b"\nWARC/"  # a record header line: where reading can resume after a broken record
# Above this many bytes a decompressed record (or payload) is refused: 5 x --max-bytes, as for .gz files.
EXPANSION = 5


@dataclass(slots=True)
class _Tally:
    """What one file gave so far: for the numbering of records and the closing line."""

    pages: int = 0  # documents yielded
    responses: int = 0  # response records seen; they number the records (file.warc.gz#3)
    html: int = 0  # response records with an HTML content type
    errors: int = 0  # InputErrors yielded
    wrong_lengths: int = 0  # records warcio found followed by leftover bytes (a wrong Content-Length)


def read_warc(path: str, stream: BinaryIO, max_bytes: int = 20 * 1024 * 1024) -> Iterator[Item]:
    """HTML response records of a WARC (gzipped or not); a damaged record or gzip member is one error
    and the records around it are read.

    A record cut short (fewer bytes than its Content-Length, or a cut gzip member) is an error, not a
    short page.
    """
    if not _starts_like_an_archive(stream):
        yield InputError(path, "not a WARC file (it does not begin with a 'WARC/' record header)")
        return
    tally = _Tally()
    start = stream.tell()
    first = stream.read(2)
    gzipped = bool(first) and _GZIP_MAGIC[:2].startswith(first)  # (b"\x1f" alone: gzip cut after a byte)
    stream.seek(start)
    limit = max_bytes * EXPANSION
    items = _gzipped_records(path, stream, limit, tally) if gzipped else _records(path, stream, limit, tally)
    for item in items:
        tally.errors += isinstance(item, InputError)
        yield item
    if tally.errors:
        return  # the file's damage is said; a closing line would be a second one about the same bytes
    if tally.wrong_lengths:
        yield InputError(path, f"corrupt WARC: {tally.wrong_lengths} record(s) with a wrong Content-Length "
                               f"({tally.pages} page(s) read)")
    elif tally.responses == 0:
        yield InputError(path, "WARC file holds no response records")
    elif tally.html == 0:
        yield InputError(path, f"WARC file holds no HTML pages ({tally.responses} response record(s) of other types)")


# -- records of an uncompressed stream ------------------------------------------------------------

def _records(path: str, stream: BinaryIO, limit: int, tally: _Tally, member: int | None = None) -> Iterator[Item]:
    """Every record from the stream's position on. A record warcio cannot parse is one error and
    reading resumes at the next 'WARC/' header line after its start. `member`: the byte offset of the
    gzip member the stream was decompressed from (for the error's wording)."""
    from warcio.archiveiterator import ArchiveIterator

    while True:
        records = ArchiveIterator(stream)
        # warcio writes a multi-line warning to stderr for each record whose Content-Length is wrong;
        # they are counted instead and reported in one line at the end.
        records.INC_RECORD = ""
        try:
            for record in records:
                length = str(record.rec_headers.get_header("Content-Length"))
                if record.format == "warc" and not (length.isascii() and length.isdigit()):
                    # warcio reads such a record to the end of the stream, swallowing the records after it
                    raise _UnboundedRecord
                yield from _record_items(path, record, limit, tally)
        except Exception as exc:  # noqa: BLE001 -- warcio failing on one damaged record: its error
            broken = records.offset
            tally.wrong_lengths += records.err_count
            where = f"at byte {broken}" if member is None else f"in the gzip member at byte {member}"
            yield InputError(path, f"broken WARC record {where}: {_header_problem(stream, broken, exc)}")
            resume = _find(stream, _HEADER_LINE, broken + 1)
            if resume is None:
                return
            stream.seek(resume + 1)
            continue
        tally.wrong_lengths += records.err_count
        return


def _record_items(path: str, record, limit: int, tally: _Tally) -> Iterator[Item]:
    """The document (or the error) of one parsed record; nothing for records that are not HTML pages."""
    if record.rec_type != "response":
        return
    tally.responses += 1
    where = f"{path}#{tally.responses}"
    try:
        ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
        if not ctype or "html" not in ctype.lower():
            return
        tally.html += 1
        url = record.rec_headers.get_header("WARC-Target-URI")
        raw = record.raw_stream.read(limit + 1)
        if getattr(record.raw_stream, "limit", 0) > 0:
            yield InputError(path, f"truncated or corrupt WARC after {tally.pages} record(s): "
                                   f"record {tally.responses} ({url}) is cut short")
            return
        if len(raw) > limit:
            yield InputError(where, f"record is over {limit} bytes ({EXPANSION} x --max-bytes)")
            return
        payload = http_payload(raw, record.http_headers, limit)
        if isinstance(payload, str):
            yield InputError(where, payload)
            return
        if not payload.strip():
            return
        body, _ = decode_bytes(payload, charset=_charset_of(ctype), declared_kind="html")
        share = undecodable_share(body)
        if share > MAX_UNDECODABLE_SHARE:
            yield InputError(where, f"undecodable bytes: {share:.0%} of the characters are not valid in any "
                                    f"encoding tried")
            return
        crawled = parse_date(record.rec_headers.get_header("WARC-Date"))
        document = RawDocument(
            path=where,
            body=body,
            format="html",
            url=url,
            source=site_of(url),
            # The crawl date; clean prefers a date the page itself carries.
            published=crawled,
            published_basis="warc" if crawled else None,
        )
    except Exception as exc:  # noqa: BLE001 -- whatever one record's parsing raises is that record's error
        yield input_failure(where, exc)
        return
    tally.pages += 1
    yield document


class _UnboundedRecord(Exception):
    """A WARC record without a valid Content-Length (its header says what is wrong)."""


def _header_problem(stream: BinaryIO, offset: int, exc: Exception) -> str:
    """What is wrong with the record header at `offset`, read again here because warcio's exception
    may not say (a response without WARC-Target-URI is an AttributeError inside warcio)."""
    try:
        stream.seek(offset)
        head = stream.read(_CHUNK)
    except Exception:  # noqa: BLE001 -- the stream itself failing: warcio's exception says enough
        head = b""
    found = _problem_in_header(head)
    if isinstance(exc, _UnboundedRecord):
        return found or "no valid Content-Length"
    return f"{found} (warcio raised {type(exc).__name__})" if found else describe(exc)


def _problem_in_header(head: bytes) -> str | None:
    """The first thing wrong in a WARC record header, by the WARC 1.0/1.1 rules warcio relies on."""
    lines = head.lstrip(b"\r\n").split(b"\n")
    first = lines[0].strip()
    if not first.startswith(b"WARC/"):
        return f"it does not begin with a 'WARC/' line (it begins '{one_line(first[:40].decode('latin-1'))}')"
    fields: dict[str, str] = {}
    for line in lines[1:]:
        line = line.strip()
        if not line:
            break
        name, sep, value = line.decode("latin-1").partition(":")
        if not sep:
            return f"header line '{one_line(line[:40].decode('latin-1'))}' has no ':'"
        fields[name.strip().lower()] = value.strip()
    rec_type = fields.get("warc-type")
    if not rec_type:
        return "no WARC-Type header"
    if rec_type in ("response", "request", "revisit") and not fields.get("warc-target-uri"):
        return f"a {rec_type} record without WARC-Target-URI"
    length = fields.get("content-length", "")
    if not (length.isascii() and length.isdigit()):
        return f"no valid Content-Length ('{one_line(length[:20])}')" if length else "no Content-Length header"
    return None


def _find(stream: BinaryIO, needle: bytes, start: int) -> int | None:
    """The offset of the first `needle` at or after `start`, read in chunks; None if there is none."""
    stream.seek(start)
    position, carry = start, b""
    while chunk := stream.read(_CHUNK):
        window = carry + chunk
        hit = window.find(needle)
        if hit >= 0:
            return position - len(carry) + hit
        carry = window[-(len(needle) - 1):]
        position += len(chunk)
    return None


# -- gzip members ---------------------------------------------------------------------------------

def _gzipped_records(path: str, stream: BinaryIO, limit: int, tally: _Tally) -> Iterator[Item]:
    """The records of each gzip member in turn. A member that is cut, corrupt or not gzip is one error;
    reading goes on at the next offset from which a member decompresses whole (none after a file
    that is simply cut short)."""
    offset = stream.tell()
    while True:
        stream.seek(offset)
        head = stream.read(len(_GZIP_MAGIC))
        if not head or (not head.strip(_PADDING) and _only_padding(stream)):
            return
        if _GZIP_MAGIC.startswith(head):  # (a file cut inside the magic bytes: a member that ends early)
            data, end, problem = _inflate_member(stream, offset, limit)
            what = f"the gzip member at byte {offset} {problem}"
        else:
            data, end, what = None, None, f"the bytes at {offset} are not a gzip member"
        if data is not None and end is not None:
            yield from _records(path, io.BytesIO(data), limit, tally, member=offset)
            offset = end
            continue
        if end is not None:  # whole, but too big to hold: skipped
            yield InputError(path, f"WARC record not read: {what}")
            offset = end
            continue
        found = _next_whole_member(stream, offset + 1, limit)
        if found is None:
            yield InputError(path, f"truncated or corrupt WARC after {tally.pages} record(s): {what}")
            return
        yield InputError(path, f"truncated or corrupt WARC: {what}; reading resumed at byte {found}")
        offset = found


def _inflate_member(stream: BinaryIO, offset: int, limit: int) -> tuple[bytes | None, int | None, str | None]:
    """(data, end, problem) for the gzip member at `offset`: its bytes and the offset after it when it
    is whole; else the problem (cut, corrupt, too big), worded to follow "the gzip member at byte N".
    `end` is known whenever the compressed stream is whole (too big too: reading goes on after it)."""
    stream.seek(offset)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    parts: list[bytes] = []
    size = 0
    while not inflater.eof:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return None, None, "ends early (the file is cut short)"
        try:
            piece = inflater.decompress(chunk)
        except zlib.error as exc:
            return None, None, f"is corrupt ({exc})"
        size += len(piece)
        if size <= limit:
            parts.append(piece)
        else:
            parts = []  # too big: decompressed to the end only to find where the next member starts
    end = stream.tell() - len(inflater.unused_data)
    if size > limit:
        return None, end, f"decompresses to over {limit} bytes ({EXPANSION} x --max-bytes)"
    return b"".join(parts), end, None


def _next_whole_member(stream: BinaryIO, start: int, limit: int) -> int | None:
    """The first offset at or after `start` where a gzip member starts and decompresses whole (or is
    whole but too big); None when there is none. Candidates inside compressed data fail in a few bytes."""
    while (candidate := _find(stream, _GZIP_MAGIC, start)) is not None:
        _, end, _ = _inflate_member(stream, candidate, limit)
        if end is not None:
            return candidate
        start = candidate + 1
    return None


def _only_padding(stream: BinaryIO) -> bool:
    """The rest of the stream is NUL bytes or blank lines (left by some writers after the last member)."""
    while chunk := stream.read(_CHUNK):
        if chunk.strip(_PADDING):
            return False
    return True


def _starts_like_an_archive(stream: BinaryIO) -> bool:
    """The first bytes (decompressed when gzipped) are a WARC or ARC header; rewinds. A stream too
    broken or too short to tell is let through (the reader then reports how it is broken)."""
    start = stream.tell()
    try:
        head = stream.read(_CHUNK)
        if head.startswith(_GZIP_MAGIC[:2]):
            try:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
            except zlib.error:
                return True
        head = head[:64].lstrip(b"\r\n")
        if any(sign.startswith(head) for sign in (b"WARC/", b"filedesc://", _GZIP_MAGIC)):
            return True  # cut before a whole signature: too short to tell (the reader says it is cut)
        return head.startswith((b"WARC/", b"filedesc://"))
    finally:
        stream.seek(start)


# -- the HTTP payload -----------------------------------------------------------------------------

def http_payload(raw: bytes, headers, limit: int) -> bytes | str:
    """The page bytes of a response body: chunked transfer coding and gzip/deflate content coding
    undone; a string saying what is wrong when the coding is corrupt. As warcio does, a body that
    does not begin as its Content-Encoding says is taken as already decoded (crawlers that store the
    decoded page often keep the header)."""
    if (headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        raw = _dechunked(raw)
    coding = (headers.get_header("Content-Encoding") or "").strip().lower()
    if coding in ("gzip", "x-gzip") and raw.startswith(_GZIP_MAGIC[:2]):
        return _inflate(raw, 16 + zlib.MAX_WBITS, coding, limit)
    if coding == "deflate":
        if _zlib_header(raw):  # RFC 9110 deflate: a zlib stream
            return _inflate(raw, zlib.MAX_WBITS, coding, limit)
        try:  # what many servers send instead: a raw deflate stream, which has no header to recognise
            zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw[:_CHUNK], 1)
        except zlib.error:
            return raw
        return _inflate(raw, -zlib.MAX_WBITS, coding, limit)
    return raw


def _zlib_header(data: bytes) -> bool:
    """The two bytes RFC 1950 puts before a deflate stream (method 8, check bits right)."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _inflate(data: bytes, wbits: int, coding: str, limit: int) -> bytes | str:
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        return f"corrupt {coding} content encoding ({exc})"
    if len(out) > limit:
        return f"page decompresses to over {limit} bytes ({EXPANSION} x --max-bytes)"
    if not inflater.eof:
        return f"{coding} content encoding is cut short"
    return out


def _dechunked(raw: bytes) -> bytes:
    """The body of a chunked transfer coding (RFC 9112 7.1); a body not shaped like one is returned
    as it is (servers send 'Transfer-Encoding: chunked' over plain bodies too), and one cut inside a
    chunk keeps what arrived."""
    out: list[bytes] = []
    position = 0
    while True:
        line_end = raw.find(b"\n", position)
        if line_end < 0:
            return b"".join(out) if out else raw
        size_field = raw[position:line_end].split(b";")[0].strip()
        if not size_field or not all(c in b"0123456789abcdefABCDEF" for c in size_field):
            return b"".join(out) if out else raw
        size = int(size_field, 16)
        if size == 0:
            return b"".join(out)
        out.append(raw[line_end + 1: line_end + 1 + size])
        position = line_end + 1 + size
        if raw[position:position + 2] == b"\r\n":
            position += 2
        elif raw[position:position + 1] == b"\n":
            position += 1


# -- header values --------------------------------------------------------------------------------

def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            return val.strip().strip("\"'")
    return None
