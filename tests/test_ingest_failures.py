"""Whatever a parser raises on one input is that input's InputError (issue 11), at the reader level:
WARC records and gzip members around a broken one are read, payload codings are undone or reported,
feedparser/json/codec failures become one line, and the file and document boundaries catch the rest."""
from __future__ import annotations

import gzip
import json
import zlib
import pytest

from dyadwatch.errors import InputError
from dyadwatch.ingest import read_inputs
from dyadwatch.ingest.failure import describe, one_line, one_line_error
from dyadwatch.ingest.values import feed_date, site_of
from dyadwatch.records import RawDocument
from dyadwatch.settings import Settings

PARA = "The foreign minister said the two governments would sign the agreement in Geneva next month."


def page(n: int) -> bytes:
    return f"<html><body><article><h1>Talks {n}</h1><p>{PARA} Round {n}.</p></article></body></html>".encode()


def record(uri: bytes | None, payload: bytes, http_extra: bytes = b"", warc_extra: bytes = b"") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + http_extra + b"\r\n" + payload
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-11-20T10:00:00Z\r\n" + warc_extra
    if uri is not None:
        head += b"WARC-Target-URI: " + uri + b"\r\n"
    return head + b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n"


def three(missing: int | None = None) -> list[bytes]:
    return [record(None if i == missing else f"https://ex.org/{i}".encode(), page(i)) for i in range(3)]


def read(*paths) -> list:
    return list(read_inputs([str(p) for p in paths], Settings()))


def split(items) -> tuple[list[RawDocument], list[InputError]]:
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, InputError)]


# -- the wording ----------------------------------------------------------------------------------------

def test_an_exception_is_worded_on_one_printable_line():
    assert describe(AttributeError("'NoneType' object has no attribute 'startswith'")) == (
        "AttributeError: 'NoneType' object has no attribute 'startswith'")
    assert describe(KeyError()) == "KeyError"
    assert one_line("Invalid WARC record, first line: \x1f\x8b\x08\n  next") == (
        "Invalid WARC record, first line: \\x1f\\x8b\\x08 next")
    assert len(one_line("x" * 500)) == 160
    error = one_line_error(InputError("a.rss", "not a valid feed (line 1\nline 2)"))
    assert str(error) == "a.rss: not a valid feed (line 1 line 2)"


# -- WARC: the records around a broken one --------------------------------------------------------------

@pytest.mark.parametrize("gzipped", [False, True])
def test_a_response_without_target_uri_is_one_error_and_its_neighbours_are_read(tmp_path, gzipped):
    records = three(missing=1)
    f = tmp_path / ("m.warc.gz" if gzipped else "m.warc")
    f.write_bytes(b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records))
    docs, errors = split(read(f))
    assert [d.url for d in docs] == ["https://ex.org/0", "https://ex.org/2"]
    (error,) = errors
    assert error.path == str(f)
    where = f"in the gzip member at byte {len(gzip.compress(records[0]))}" if gzipped else f"at byte {len(records[0])}"
    assert error.reason == (f"broken WARC record {where}: a response record without WARC-Target-URI "
                            f"(warcio raised AttributeError)")


def test_a_header_warcio_cannot_read_is_one_error_and_reading_resumes_at_the_next_record(tmp_path):
    records = three()
    broken = b"WARC/1.0\r\nWARC-Type response\r\n\r\n"  # a header line without ':'
    (tmp_path / "h.warc").write_bytes(records[0] + broken + records[2])
    docs, errors = split(read(tmp_path / "h.warc"))
    assert [d.url for d in docs] == ["https://ex.org/0", "https://ex.org/2"]
    (error,) = errors
    assert "broken WARC record at byte" in error.reason and "has no ':'" in error.reason


def test_a_corrupt_gzip_member_or_junk_between_members_is_one_error_and_reading_resumes(tmp_path):
    members = [gzip.compress(r) for r in three()]
    corrupt = bytearray(members[1])
    corrupt[30:40] = b"\xff" * 10
    (tmp_path / "c.warc.gz").write_bytes(members[0] + bytes(corrupt) + members[2])
    (tmp_path / "j.warc.gz").write_bytes(members[0] + b"not gzip at all" + members[2])
    for name in ("c.warc.gz", "j.warc.gz"):
        docs, errors = split(read(tmp_path / name))
        assert [d.url for d in docs] == ["https://ex.org/0", "https://ex.org/2"], name
        (error,) = errors
        assert error.reason.startswith("truncated or corrupt WARC: ")
        resumed = len(members[0]) + (len(corrupt) if name == "c.warc.gz" else len(b"not gzip at all"))
        assert error.reason.endswith(f"; reading resumed at byte {resumed}")


def test_a_warc_gz_cut_anywhere_keeps_the_whole_records_before_the_cut(tmp_path):
    members = [gzip.compress(r) for r in three()]
    data = b"".join(members)
    ends = [len(b"".join(members[: i + 1])) for i in range(3)]
    for cut in range(1, len(data), 7):
        (tmp_path / "cut.warc.gz").write_bytes(data[:cut])
        docs, errors = split(read(tmp_path / "cut.warc.gz"))
        whole = sum(end <= cut for end in ends)
        assert len(docs) == whole, cut
        if cut in ends:  # a cut between members cannot be told from a shorter file
            assert not errors
            continue
        assert len(errors) == 1, cut
        assert errors[0].reason.startswith(f"truncated or corrupt WARC after {whole} record(s): the gzip member at")


def test_nothing_reaches_stderr_from_warcio(tmp_path, capfd):
    spaced = record(b"https://ex.org/a page with spaces", page(1))
    (tmp_path / "s.warc").write_bytes(spaced)
    docs, errors = split(read(tmp_path / "s.warc"))
    assert len(docs) == 1 and not errors
    assert capfd.readouterr().err == ""


# -- WARC: the HTTP payload -----------------------------------------------------------------------------

def test_payload_codings_are_undone_and_a_corrupt_one_is_that_records_error(tmp_path, capfd):
    packed = gzip.compress(page(1))
    deflated = zlib.compress(page(2))
    raw_deflate = zlib.compressobj(wbits=-15)
    raw_deflated = raw_deflate.compress(page(3)) + raw_deflate.flush()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (page(4)[:20], page(4)[20:])) + b"0\r\n\r\n"
    corrupt = packed[:20] + b"\xff" * 12 + packed[32:]
    records = [
        record(b"https://ex.org/gzip", packed, b"Content-Encoding: gzip\r\n"),
        record(b"https://ex.org/deflate", deflated, b"Content-Encoding: deflate\r\n"),
        record(b"https://ex.org/raw-deflate", raw_deflated, b"Content-Encoding: deflate\r\n"),
        record(b"https://ex.org/chunked", chunked, b"Transfer-Encoding: chunked\r\n"),
        record(b"https://ex.org/decoded", page(5), b"Content-Encoding: gzip\r\n"),  # stored decoded, header kept
        record(b"https://ex.org/corrupt", corrupt, b"Content-Encoding: gzip\r\n"),
        record(b"https://ex.org/cut", packed[: len(packed) // 2], b"Content-Encoding: gzip\r\n"),
    ]
    (tmp_path / "p.warc").write_bytes(b"".join(records))
    docs, errors = split(read(tmp_path / "p.warc"))
    assert [d.body for d in docs] == [page(i).decode() for i in range(1, 6)]
    assert [(e.path.rsplit("#", 1)[1], e.reason.split(" (")[0]) for e in errors] == [
        ("6", "corrupt gzip content encoding"), ("7", "gzip content encoding is cut short")]
    assert capfd.readouterr().err == ""  # warcio wrote the corrupt one's zlib error here


# -- feeds, JSON, codecs ---------------------------------------------------------------------------------

def test_feedparser_raising_is_the_feeds_error_and_the_next_file_is_read(tmp_path):
    # feedparser decodes the XML declaration's encoding name as UTF-8 and raises on this one
    (tmp_path / "a.rss").write_bytes(b"<?xml version='1.0' encoding='utf-8\xff'?><rss><channel><item>"
                                     b"<description>x</description></item></channel></rss>")
    (tmp_path / "b.txt").write_text(PARA)
    docs, errors = split(read(tmp_path / "a.rss", tmp_path / "b.txt"))
    assert [d.path for d in docs] == [str(tmp_path / "b.txt")]
    (error,) = errors
    assert error.reason.startswith("not a valid RSS/Atom feed (feedparser raised UnicodeDecodeError: ")


def test_json_lines_python_cannot_load_are_their_lines_errors(tmp_path):
    lines = [json.dumps({"text": PARA}), '{"text": 1' + "1" * 5000 + "}", "[" * 100_000,
             json.dumps({"text": PARA + " Again.", "url": "http://[::1/x"})]
    (tmp_path / "n.jsonl").write_text("\n".join(lines))
    docs, errors = split(read(tmp_path / "n.jsonl"))
    assert [d.path.rsplit("#", 1)[1] for d in docs] == ["1", "4"]
    assert docs[1].url == "http://[::1/x" and docs[1].source is None  # an unsplittable URL costs its site only
    assert [e.reason.split(" (")[0] for e in errors] == [f"line {n} is not JSON that can be read" for n in (2, 3)]
    assert "ValueError: Exceeds the limit (4300 digits)" in errors[0].reason
    assert "RecursionError" in errors[1].reason


def test_a_declared_codec_whose_decoder_raises_falls_through_the_cascade(tmp_path):
    for codec in ("undefined", "idna", "punycode", "rot13"):
        (tmp_path / f"{codec}.html").write_bytes(f"<html><head><meta charset='{codec}'></head><body><p>{PARA} "
                                                 f"xn--\u00e9</p></body></html>".encode())
    docs, errors = split(read(*sorted(tmp_path.iterdir())))
    assert not errors and len(docs) == 4 and all(PARA in d.body for d in docs)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf_16_without_a_bom_is_text_not_binary(tmp_path, encoding):
    (tmp_path / "u.txt").write_bytes(f"Talks resume\n{PARA}\n".encode(encoding))
    docs, errors = split(read(tmp_path / "u.txt"))
    assert not errors and docs[0].body == f"Talks resume\n{PARA}\n"


def test_field_values_that_cannot_be_read_are_no_value():
    assert site_of("http://[::1") is None and site_of("https://www.ex.org/a") == "ex.org"
    assert feed_date((0, 1, 1)) is None and feed_date((2024, 13, 1)) is None
    assert str(feed_date((2024, 11, 20, 10, 0, 0))) == "2024-11-20"


# -- the boundaries: a file, a path, a document -------------------------------------------------------

def test_a_reader_raising_anything_is_that_files_error_and_the_next_file_is_read(tmp_path, monkeypatch):
    import dyadwatch.ingest.readers as readers

    real = readers.read_html

    def breaks_on_one(path, data):
        if path.endswith("bad.html"):
            raise KeyError("links")
        yield from real(path, data)

    monkeypatch.setattr(readers, "read_html", breaks_on_one)
    (tmp_path / "bad.html").write_bytes(page(1))
    (tmp_path / "good.html").write_bytes(page(2))
    docs, errors = split(read(tmp_path / "bad.html", tmp_path / "good.html"))
    assert [d.path for d in docs] == [str(tmp_path / "good.html")]
    assert [str(e) for e in errors] == [f"{tmp_path / 'bad.html'}: cannot read: KeyError: 'links'"]


def test_a_path_the_system_refuses_is_that_paths_error(tmp_path):
    (tmp_path / "good.txt").write_text(PARA)
    items = read("x" * 5000, tmp_path / "good.txt")  # ENAMETOOLONG from stat()
    docs, errors = split(items)
    assert len(docs) == 1 and len(errors) == 1 and errors[0].path == "x" * 5000


def test_a_cleaner_failure_is_the_documents_input_error(monkeypatch):
    import dyadwatch.clean.html as html
    from dyadwatch.clean import clean_document

    def raises(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'text'")

    monkeypatch.setattr(html.trafilatura, "bare_extraction", raises)
    with pytest.raises(InputError) as caught:
        clean_document(RawDocument(path="p.html#3", body=page(1).decode(), format="html"), Settings())
    assert str(caught.value) == "p.html#3: cannot clean: AttributeError: 'NoneType' object has no attribute 'text'"


def test_a_lone_surrogate_a_json_string_spells_is_replaced_not_fatal(tmp_path):
    # "\ud800" alone cannot be encoded as UTF-8: the article's hash and the database would fail on it
    line = {"text": PARA + " \ud800 and \ud83d\ude00.", "url": "https://ex.org/\udc00", "title": "T\ud800"}
    (tmp_path / "s.jsonl").write_text(json.dumps(line))
    (doc,) = read(tmp_path / "s.jsonl")
    assert doc.body == PARA + " \ufffd and \U0001f600."
    assert doc.url == "https://ex.org/\ufffd" and doc.title == "T\ufffd"


def test_a_member_that_decompresses_to_over_five_times_the_limit_is_skipped_and_the_next_read(tmp_path):
    bomb = record(b"https://ex.org/big", b"<html><body><p>" + b"a " * 30_000 + b"</p></body></html>")
    members = [gzip.compress(r) for r in (three()[0], bomb, three()[2])]
    (tmp_path / "b.warc.gz").write_bytes(b"".join(members))
    items = list(read_inputs([str(tmp_path / "b.warc.gz")], Settings(max_bytes=2000)))
    docs, errors = split(items)
    assert [d.url for d in docs] == ["https://ex.org/0", "https://ex.org/2"]
    assert [e.reason for e in errors] == [f"WARC record not read: the gzip member at byte {len(members[0])} "
                                          f"decompresses to over 10000 bytes (5 x --max-bytes)"]
