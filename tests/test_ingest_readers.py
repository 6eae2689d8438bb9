"""Readers: every format, path expansion, and every kind of bad input (one InputError, run goes on)."""
from __future__ import annotations

import gzip
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from dyadwatch.errors import InputError
from dyadwatch.ingest import read_inputs
from dyadwatch.ingest.decode import decode_bytes
from dyadwatch.records import RawDocument
from dyadwatch.settings import Settings

SAMPLES = Path(__file__).parents[1] / "src" / "dyadwatch" / "data" / "samples"
PARA = "The foreign minister said the two governments would sign the agreement in Geneva next month."
PAGE = f"""<html><head><meta charset="utf-8"><title>Talks Resume</title></head>
<body><article><h1>Talks Resume</h1><p>{PARA}</p><p>{PARA.replace('Geneva', 'Vienna')}</p></article></body></html>"""


def read(paths, **kw) -> list:
    return list(read_inputs([str(p) for p in paths], Settings(**kw)))


def docs(items) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def errors(items) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def make_warc(records: list[tuple[str, bytes, str]], gz: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for url, payload, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-11-20T10:00:00Z"},
        )
        writer.write_record(rec)
    return out.getvalue()


# -- formats --------------------------------------------------------------------------------------

def test_every_sample_reader_is_exercised():
    items = read([SAMPLES])
    assert errors(items) == []
    by_format = {}
    for d in docs(items):
        by_format.setdefault(Path(d.path.split("#")[0]).suffix, []).append(d)
    assert set(by_format) == {".txt", ".gz", ".jsonl", ".rss"}
    assert len(by_format[".gz"]) == 5 and all(d.format == "html" for d in by_format[".gz"])
    assert [d.path.rsplit("#", 1)[1] for d in by_format[".jsonl"]] == ["1", "2"]
    assert all(d.url and d.title and d.published and d.source for d in by_format[".jsonl"] + by_format[".rss"])
    assert {d.published_basis for d in by_format[".rss"]} == {"feed"}
    founding = by_format[".txt"][0]
    assert founding.body == (SAMPLES / "ishiba-japan-us-alliance.txt").read_text(encoding="utf-8")
    assert founding.published is None


def test_jsonl_fields(tmp_path):
    f = tmp_path / "a.jsonl"
    rows = [
        {"text": PARA, "url": "https://ex.org/1", "title": "T1", "published": "2024-11-20T09:00:00Z", "source": "Ex"},
        {"html": PAGE, "url": "https://www.ex.org/2"},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    a, b = docs(read([f]))
    assert (a.path, a.format, a.url, a.title, a.published, a.published_basis, a.source) == (
        f"{f}#1", "text", "https://ex.org/1", "T1", date(2024, 11, 20), "jsonl", "Ex")
    assert (b.path, b.format, b.source, b.published) == (f"{f}#2", "html", "ex.org", None)


def test_a_json_array_file_is_read_item_by_item(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps([{"text": PARA, "url": "https://ex.org/1"}, {"text": PARA + " Again."}], indent=2))
    items = read([f])
    assert [d.path for d in docs(items)] == [f"{f}#1", f"{f}#2"] and not errors(items)


def test_a_pretty_printed_json_object_is_one_record_not_one_error_per_line(tmp_path):
    f = tmp_path / "one.json"
    f.write_text(json.dumps({"text": PARA, "url": "https://ex.org/1", "title": "Talks"}, indent=2))
    items = read([f])
    assert not errors(items)
    (doc,) = docs(items)
    assert (doc.path, doc.url, doc.title, doc.body) == (f"{f}#1", "https://ex.org/1", "Talks", PARA)


def test_html_plain_and_gzipped_and_sniffed(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "c.page").write_text(PAGE, encoding="utf-8")  # unknown extension: sniffed
    items = read([tmp_path / "a.html", tmp_path / "b.htm.gz", tmp_path / "c.page"])
    assert [d.format for d in docs(items)] == ["html", "html", "html"] and not errors(items)


def test_rss_and_atom_feeds(tmp_path):
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
    <item><title>One</title><link>https://ex.org/one</link><pubDate>Tue, 19 Nov 2024 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;{PARA}&lt;/p&gt;</description></item>
    <item><title>Two</title><link>https://ex.org/two</link><description>{PARA}</description></item>
    </channel></rss>"""
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><title>Three</title><link href="https://ex.org/three"/><updated>2024-11-18T00:00:00Z</updated>
    <content type="html">&lt;p&gt;{PARA}&lt;/p&gt;</content></entry></feed>"""
    (tmp_path / "f.rss").write_text(rss, encoding="utf-8")
    (tmp_path / "g.atom").write_text(atom, encoding="utf-8")
    one, two, three = docs(read([tmp_path / "f.rss", tmp_path / "g.atom"]))
    assert (one.title, one.url, one.published, one.format) == ("One", "https://ex.org/one", date(2024, 11, 19), "html")
    assert (two.published, two.format, two.path.endswith("f.rss#2")) == (None, "text", True)
    assert (three.title, three.published, three.published_basis) == ("Three", date(2024, 11, 18), "feed")


def test_a_short_feed_description_is_kept_as_the_article(tmp_path):
    from dyadwatch.clean import clean_document

    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>Short</title>
    <link>https://ex.org/s</link><description>&lt;p&gt;Japan and the US agreed to expand talks.&lt;/p&gt;</description>
    </item></channel></rss>"""
    (tmp_path / "s.rss").write_text(rss)
    (doc,) = docs(read([tmp_path / "s.rss"]))
    assert clean_document(doc, Settings()).text == "Japan and the US agreed to expand talks."


def test_warc_html_responses_only(tmp_path):
    data = make_warc([
        ("https://ex.org/a", PAGE.encode("utf-8"), "text/html; charset=utf-8"),
        ("https://ex.org/img.png", b"\x89PNG....", "image/png"),
        ("https://ex.org/b", PAGE.replace("Talks", "Summit").encode("latin-1"), "text/html; charset=iso-8859-1"),
    ])
    (tmp_path / "cc.warc.gz").write_bytes(data)
    (tmp_path / "plain.warc").write_bytes(make_warc([("https://ex.org/c", PAGE.encode(), "text/html")], gz=False))
    items = read([tmp_path / "cc.warc.gz", tmp_path / "plain.warc"])
    assert not errors(items)
    urls = [d.url for d in docs(items)]
    assert urls == ["https://ex.org/a", "https://ex.org/b", "https://ex.org/c"]
    assert docs(items)[0].published == date(2024, 11, 20) and docs(items)[0].published_basis == "warc"


def test_directories_recurse_globs_expand_and_missing_paths_fail(tmp_path):
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(PARA)
    (tmp_path / "sub" / "deep" / "b.txt").write_text(PARA)
    (tmp_path / "sub" / "notes.md").write_text("not an input")
    (tmp_path / ".hidden.txt").write_text(PARA)
    assert [Path(d.path).name for d in docs(read([tmp_path]))] == ["a.txt", "b.txt"]
    assert [Path(d.path).name for d in docs(read([f"{tmp_path}/**/*.txt"]))] == ["a.txt", "b.txt"]
    items = read([tmp_path / "missing.txt", f"{tmp_path}/*.none"])
    assert [e.reason for e in errors(items)] == ["no such file or directory", "no file matches this pattern"]


def test_a_glob_matching_directories_reads_them_recursively_each_file_once(tmp_path):
    for month in ("2024-01", "2024-02"):
        (tmp_path / month / "sub").mkdir(parents=True)
        (tmp_path / month / "sub" / "a.txt").write_text(PARA)
    (tmp_path / "2024-02" / "b.jsonl").write_text(json.dumps({"text": PARA}) + "\n")
    names = lambda items: [str(Path(d.path).relative_to(tmp_path)) for d in docs(items)]  # noqa: E731
    assert names(read([f"{tmp_path}/2024-*"])) == ["2024-01/sub/a.txt", "2024-02/b.jsonl#1", "2024-02/sub/a.txt"]
    assert names(read([f"{tmp_path}/**"])) == ["2024-01/sub/a.txt", "2024-02/b.jsonl#1", "2024-02/sub/a.txt"]
    assert errors(read([f"{tmp_path}/2024-*"])) == []


def test_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{PARA}\n{PARA}\n".encode())))
    (doc,) = read(["-"])
    assert doc.path == "-" and doc.format == "text" and PARA in doc.body


# -- bad input: one error each, naming the file, and the run goes on ---------------------------------

def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    files = {
        "empty": ("empty.txt", b"", "empty file"),
        "blank": ("blank.html", b"  \n\n ", "empty file"),
        "binary": ("image.txt", bytes(range(256)) * 8, "binary file"),
        "truncated gzip": ("cut.html.gz", gzip.compress(PAGE.encode() * 50)[:200], "truncated gzip"),
        "corrupt gzip": ("bad.html.gz", b"\x1f\x8b\x08\x00garbage-not-deflate" * 3, "gzip"),
        "truncated warc": ("cut.warc.gz", None, "truncated or corrupt WARC"),
        "feed not xml": ("feed.rss", b"this is { not xml at all", "not a valid RSS/Atom feed"),
        "too big": ("big.txt", b"x" * 2048, "over the limit of 1000"),
    }
    warc = make_warc([("https://ex.org/a", PAGE.encode() * 20, "text/html")] * 3)
    out = {}
    for name, (fname, data, reason) in files.items():
        path = tmp_path / fname
        path.write_bytes(warc[: len(warc) - 300] if data is None else data)
        out[name] = (path, reason)
    return out


def test_each_bad_input_gives_one_error_naming_the_file_and_the_run_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(PARA)
    bad = bad_inputs(tmp_path)
    for name, (path, reason) in bad.items():
        items = read([path, good], max_bytes=1000 if name == "too big" else 20_000_000)
        errs = errors(items)
        assert len(errs) == 1, (name, errs)
        assert errs[0].path == str(path) and reason in errs[0].reason, (name, str(errs[0]))
        assert "\n" not in str(errs[0])
        assert docs(items)[-1].path == str(good), name


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path):
    warc = make_warc([(f"https://ex.org/{i}", PAGE.encode() * 20, "text/html") for i in range(3)])
    (tmp_path / "cut.warc.gz").write_bytes(warc[:-300])
    items = read([tmp_path / "cut.warc.gz"])
    assert len(docs(items)) == 2 and len(errors(items)) == 1


def test_a_file_that_is_not_a_warc_or_holds_no_html_is_one_error_and_nothing_on_stderr(tmp_path, capfd):
    (tmp_path / "junk.warc.gz").write_bytes(b"this is not a warc at all\n" * 10)
    (tmp_path / "junk.warc").write_bytes(b"<html><body>a page saved under the wrong name</body></html>\n" * 5)
    (tmp_path / "pdf.warc.gz").write_bytes(make_warc([("https://ex.org/a.pdf", b"%PDF-1.4 ...", "application/pdf")]))
    items = read([tmp_path / "junk.warc.gz", tmp_path / "junk.warc", tmp_path / "pdf.warc.gz"])
    assert not docs(items)
    reasons = [e.reason for e in errors(items)]
    assert reasons[0].startswith("not a WARC file") and reasons[1].startswith("not a WARC file")
    assert reasons[2].startswith("WARC file holds no HTML pages")
    assert capfd.readouterr().err == ""  # warcio's own multi-line warnings are not let through


def test_a_warc_record_with_a_wrong_content_length_is_one_error_after_the_pages(tmp_path, capfd):
    page = PAGE.encode()
    data = make_warc([("https://ex.org/a", page, "text/html"), ("https://ex.org/b", page, "text/html")], gz=False)
    length = int(re.search(rb"Content-Length: (\d+)\r\n", data).group(1))  # the first record's WARC header
    # 20 bytes short: the record's tail is left over where the next record should begin.
    bad = data.replace(f"Content-Length: {length}\r\n".encode(), f"Content-Length: {length - 20}\r\n".encode(), 1)
    (tmp_path / "bad.warc").write_bytes(bad)
    items = read([tmp_path / "bad.warc"])
    assert len(docs(items)) >= 1
    (err,) = errors(items)
    assert "wrong Content-Length" in err.reason and capfd.readouterr().err == ""


def test_jsonl_bad_lines_are_errors_with_their_record_number(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_text("\n".join([json.dumps({"text": PARA}), "{not json", json.dumps([1, 2]), json.dumps({"title": "no body"}), json.dumps({"text": PARA + " Again."})]))
    items = read([f])
    assert [d.path for d in docs(items)] == [f"{f}#1", f"{f}#5"]
    errs = errors(items)
    assert [e.path for e in errs] == [f"{f}#2", f"{f}#3", f"{f}#4"]
    assert "line 2 is not JSON" in errs[0].reason and "not an object" in errs[1].reason and "no 'text'" in errs[2].reason


def test_undecodable_bytes_never_crash(tmp_path):
    # Declared charset (latin-1 in <meta>), undeclared cp1252 (detection), and invalid UTF-8 mixed in.
    declared = f'<html><head><meta charset="iso-8859-1"></head><body><p>Société Générale à Genève, {PARA}</p></body></html>'
    (tmp_path / "latin.html").write_bytes(declared.encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes(("Le ministre a déclaré que les négociations reprendront à Genève. " * 20).encode("cp1252"))
    (tmp_path / "mixed.txt").write_bytes(PARA.encode() + b"\xff\xfe\xfa broken \xc3\x28 bytes " + PARA.encode())
    items = read([tmp_path / "latin.html", tmp_path / "cp1252.txt", tmp_path / "mixed.txt"])
    assert not errors(items)
    latin, cp, mixed = docs(items)
    assert "Société Générale à Genève" in latin.body
    assert "déclaré" in cp.body and "négociations" in cp.body
    assert PARA in mixed.body


@pytest.mark.parametrize("text", [
    "Café talks in München\nThe minister met the president in Tokyo to discuss naïve plans.\n",
    "The summit in Zürich ended with a déjà vu.",
])
def test_short_undeclared_latin_1_text_is_read_as_western_not_a_tied_code_page(text):
    # Detection rates cp1250, cp1252 and cp1257 alike on such text; cp1250 would turn ï into ď.
    assert decode_bytes(text.encode("latin-1"))[0] == text


def test_a_tie_in_text_taken_for_a_central_european_language_stays_central_european():
    text = "Ministr zahraničí řekl, že jednání budou pokračovat příští týden v Praze."
    assert decode_bytes(text.encode("cp1250"))[0] == text


def test_bytes_no_encoding_can_read_are_one_error_a_few_bad_bytes_are_kept(tmp_path):
    import random

    rng = random.Random(7)
    noise = bytes(rng.choice([*range(0x80, 0x100), 0x20]) for _ in range(3000))  # no NULs: not "binary"
    (tmp_path / "noise.txt").write_bytes(noise)
    (tmp_path / "noise.html").write_bytes(b"<html><body><p>" + noise + b"</p></body></html>")
    (tmp_path / "noise.jsonl").write_bytes(noise)
    (tmp_path / "noise.warc.gz").write_bytes(make_warc([("https://ex.org/n", noise, "text/html")]))
    (tmp_path / "few.txt").write_bytes(PARA.encode() * 5 + b"\xff\xfe" + PARA.encode())
    items = read([tmp_path / n for n in ("noise.txt", "noise.html", "noise.jsonl", "noise.warc.gz", "few.txt")])
    assert [Path(e.path).name for e in errors(items)] == ["noise.txt", "noise.html", "noise.jsonl", "noise.warc.gz#1"]
    assert all(e.reason.startswith("undecodable bytes") for e in errors(items))
    (few,) = docs(items)
    assert few.body.count(PARA) == 6  # the two stray bytes are replaced or read in some code page


def test_decode_cascade_order():
    text = "Zürich".encode("latin-1")
    assert decode_bytes(text, charset="iso-8859-1")[1].startswith("header:")
    assert decode_bytes("Zürich".encode())[1] == "utf-8"
    assert decode_bytes(b"\xef\xbb\xbfhello")[0] == "hello"
    assert decode_bytes(b'<meta charset="windows-1252">caf\xe9', declared_kind="html")[0].endswith("café")


@pytest.mark.parametrize("value,expected", [
    ("2024-11-20", date(2024, 11, 20)),
    ("2024-11-20T23:00:00+09:00", date(2024, 11, 20)),
    ("Wed, 20 Nov 2024 10:00:00 GMT", date(2024, 11, 20)),
    ("yesterday", None),
    (None, None),
])
def test_parse_date(value, expected):
    from dyadwatch.ingest import parse_date

    assert parse_date(value) == expected


from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".rss", ".warc", ".html.gz", ".bin"]))
def test_any_bytes_give_documents_or_errors_never_an_exception(tmp_path, data, suffix):
    from dyadwatch.clean import clean_document

    f = tmp_path / f"fuzz{suffix}"
    f.write_bytes(data)
    for item in read([f]):
        assert isinstance(item, RawDocument | InputError)
        if isinstance(item, RawDocument):
            try:
                clean_document(item, Settings())
            except InputError:
                pass  # nothing left to code: reported, not a crash


@hsettings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=9000))
def test_looks_binary_and_undecodable_share_count_as_their_definitions(data):
    from dyadwatch.ingest.decode import looks_binary, undecodable_share

    head = data[:8192]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if not any(head.startswith(bom) for bom in (b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head:
        assert looks_binary(data) == (bool(head) and controls / len(head) > 0.10)
    text = data.decode("utf-8", errors="replace")
    letters = len(text) - text.count(" ") - text.count("\n")
    assert undecodable_share(text) == (text.count("\ufffd") / letters if letters > 0 else 0.0)
