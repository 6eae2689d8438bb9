"""`dyadwatch ingest` over folders of damaged inputs (issue 11: no input can take a batch down).

The contract, checked through the real command (typer's CliRunner, in this process): one stderr line
per bad input naming it, no traceback, exit 1 when anything failed, every good file of the batch
stored, and a rerun adds nothing. A fixed folder and the exact WARC case of the issue run by default;
a property test over mutated bytes of every input kind is marked slow.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
import traceback
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from typer.testing import CliRunner

from dyadwatch.cli import app

# Two good files every batch holds; their words occur in no seed below (a mutated seed must not be
# their duplicate).
GOOD_ARTICLE = ("Harbour Talks Resume\nThe transport minister said on Tuesday that the two port authorities "
                "would sign a new shipping accord in Rotterdam next week.\nOfficials from both sides welcomed "
                "the draft and said the remaining questions on fees were settled.\n")
GOOD_LATIN_1 = ("Négociations à Genève\nLe ministre des affaires étrangères a déclaré que les deux délégations "
                "signeront l'accord à Genève la semaine prochaine. Les experts ont salué un texte équilibré.\n")
PARA = "The foreign minister said the two governments would sign the agreement in Vienna next month."
FILLER = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt "


# -- seed inputs, one of each kind ------------------------------------------------------------------

def page(n: int) -> bytes:
    return (f"<html lang='en'><head><meta charset='utf-8'><title>Story {n}</title></head><body><article>"
            f"<h1>Story {n}</h1><p>{PARA} Item {n}.</p><p>Delegates met for round {n} of talks.</p>"
            f"</article></body></html>").encode()


def warc_record(uri: bytes | None, payload: bytes, http_extra: bytes = b"") -> bytes:
    """One WARC/1.0 response record, written out by hand so tests can leave headers out."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + http_extra + b"\r\n" + payload
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-11-20T10:00:00Z\r\n"
    if uri is not None:
        head += b"WARC-Target-URI: " + uri + b"\r\n"
    head += (b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
             b"Content-Type: application/http; msgtype=response\r\n"
             b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n")
    return head + http + b"\r\n\r\n"


def warc_records(site: str, n: int = 3, missing_uri: int | None = None) -> list[bytes]:
    """`n` records of pages at https://SITE/0, /1, ... (distinct sites: distinct documents)."""
    return [warc_record(None if i == missing_uri else f"https://{site}/{i}".encode(), page(i)) for i in range(n)]


def seeds() -> dict[str, bytes]:
    """Small, valid inputs of every kind the readers take (file name -> bytes)."""
    return {
        "plain.warc": b"".join(warc_records("plain.example")),
        "members.warc.gz": b"".join(gzip.compress(r) for r in warc_records("members.example")),
        "page.html": page(7),
        "page.html.gz": gzip.compress(page(8)),
        "news.rss": (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>W</title>"
                     f"<item><title>A</title><link>https://news.example/a</link>"
                     f"<pubDate>Wed, 20 Nov 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;{PARA} A.&lt;/p&gt;"
                     f"</description></item><item><title>B</title><link>https://news.example/b</link>"
                     f"<description>{PARA} B.</description></item></channel></rss>").encode(),
        "news.atom": (f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>W</title><entry>"
                      f"<title>C</title><link href='https://news.example/c'/><updated>2024-11-20T10:00:00Z</updated>"
                      f"<content type='html'>&lt;p&gt;{PARA} C.&lt;/p&gt;</content></entry></feed>").encode(),
        "lines.jsonl": "\n".join(json.dumps({"text": f"{PARA} Line {i}.", "url": f"https://news.example/j{i}",
                                             "published": "2024-11-20"}) for i in range(2)).encode(),
        "utf16-no-bom.txt": f"Story sixteen\n{PARA} Sixteen.\n".encode("utf-16-le"),
        "latin1.txt": f"Réunion à Vienne\n{PARA} Déjà.\n".encode("latin-1"),
        "mixed.txt": f"{PARA} Mixed.".encode() + b" \xe9t\xe9 \xc3\xa9t\xc3\xa9 \xff\xfe " + PARA.encode(),
        "huge-line.txt": (FILLER * 6000).encode(),  # one ~500 KB line (of words: see the report on tokens)
        "empty.txt": b"",
        "garbage.txt": bytes(range(256)) * 16,
    }


# -- running the command ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runner(request):
    """The CLI in this process. The real coder is loaded once for the module rather than once per
    command (it takes seconds): every run still reads, cleans, codes and stores through `ingest`."""
    from dyadwatch.pipeline import load_coder
    from dyadwatch.settings import Settings

    coder = load_coder(Settings())
    patch = pytest.MonkeyPatch()
    for module in ("dyadwatch.pipeline", "dyadwatch.store.writer"):
        patch.setattr(f"{module}.load_coder", lambda settings: coder, raising=False)
    request.addfinalizer(patch.undo)
    return CliRunner()


def ingest(runner: CliRunner, folder: Path, db: Path) -> tuple[int, dict, list[str]]:
    """(exit code, the --json counts, stderr lines) of `dyadwatch ingest FOLDER`; fails the test on
    any exception that escaped the command or any traceback in its output."""
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--json", "--quiet"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("ingest raised:\n" + "".join(traceback.format_exception(*result.exc_info)))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.exit_code, json.loads(result.stdout), result.stderr.splitlines()


def documents(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(path for (path,) in con.execute("SELECT path FROM documents").fetchall())
    finally:
        con.close()


def write_good_files(folder: Path) -> list[str]:
    (folder / "good-article.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "good-latin1.txt").write_bytes(GOOD_LATIN_1.encode("latin-1"))
    return [str(folder / "good-article.txt"), str(folder / "good-latin1.txt")]


def check_batch(runner: CliRunner, folder: Path, db: Path, good: list[str]) -> tuple[list[str], list[str]]:
    """The contract for one folder, run twice; returns (stderr lines, stored paths) of the first run."""
    code, counts, lines = ingest(runner, folder, db)
    assert len(lines) == counts["failed"], lines  # one line per failure, nothing else on stderr
    assert len(set(lines)) == len(lines), lines
    for line in lines:
        assert line.startswith(str(folder) + "/") and ": " in line, line
        assert line.isprintable(), line
    assert code == (1 if counts["failed"] else 0), (code, counts)
    stored = documents(db)
    assert set(good) <= set(stored), (good, stored, lines)
    assert counts["stored"] + counts["new_versions"] == len(stored)
    again_code, again, again_lines = ingest(runner, folder, db)
    assert (again["stored"], again["new_versions"]) == (0, 0), again
    assert documents(db) == stored and again_code == code and again_lines == lines
    return lines, stored


# -- the exact case of issue 11 -----------------------------------------------------------------------

def test_a_cut_warc_gz_without_target_uri_is_one_error_and_the_good_files_are_stored(runner, tmp_path):
    """warcio 1.8.1 raised AttributeError on this WARC; `ingest` died with a traceback, 0 documents."""
    folder = tmp_path / "in"
    folder.mkdir()
    record = gzip.compress(warc_record(None, page(1)))
    (folder / "cut.warc.gz").write_bytes(record[: len(record) // 2])
    good = write_good_files(folder)
    lines, stored = check_batch(runner, folder, tmp_path / "d.duckdb", good)
    assert len(lines) == 1 and lines[0].startswith(f"{folder / 'cut.warc.gz'}: truncated or corrupt WARC"), lines
    assert stored == good


def test_the_same_record_whole_but_without_target_uri_is_named_for_what_it_lacks(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "no-uri.warc.gz").write_bytes(gzip.compress(warc_record(None, page(1))))
    good = write_good_files(folder)
    lines, _ = check_batch(runner, folder, tmp_path / "d.duckdb", good)
    assert lines == [f"{folder / 'no-uri.warc.gz'}: broken WARC record in the gzip member at byte 0: "
                     f"a response record without WARC-Target-URI (warcio raised AttributeError)"]


# -- a fixed folder of every kind of damage (fast, deterministic) ----------------------------------

def damaged_folder(folder: Path) -> dict[str, str]:
    """Damaged inputs, each with a phrase its one error line holds (file name or file#record -> phrase)."""
    folder.mkdir()
    records = warc_records("middle.example", 3, missing_uri=1)
    gz_records = [gzip.compress(r) for r in warc_records("members.example", 3)]
    corrupt = bytearray(gz_records[1])
    corrupt[40:48] = b"\xff" * 8
    cut_html = gzip.compress(page(3) * 20)
    files = {
        "cut-no-uri.warc.gz": gzip.compress(warc_record(None, page(1)))[:150],
        "middle-no-uri.warc": b"".join(records),
        "corrupt-member.warc.gz": gz_records[0] + bytes(corrupt) + gz_records[2],
        "bad-content-length.warc": warc_records("length.example", 1)[0].replace(b"Content-Length: ",
                                                                                b"Content-Length: x", 1),
        "cut.html.gz": cut_html[: len(cut_html) // 3],
        "xml-decl.rss": b"<?xml version='1.0' encoding='utf-8\xff'?><rss><channel><item><description>x"
                        b"</description></item></channel></rss>",
        "numbers.jsonl": b"\n".join([json.dumps({"text": f"{PARA} Kept."}).encode(),
                                     b'{"text": 1' + b"1" * 5000 + b"}",  # over Python's 4300 digits
                                     b"[" * 100_000,  # deeper than the interpreter's stack
                                     json.dumps({"text": f"{PARA} Bracket.", "url": "http://[::1"}).encode()]),
        "undefined-charset.html": (b"<html><head><meta charset='undefined'></head><body><p>" + PARA.encode()
                                   + b" Undefined.</p></body></html>"),
        "empty.txt": b"",
        "garbage.txt": bytes(range(256)) * 16,
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {
        "cut-no-uri.warc.gz": "truncated or corrupt WARC after 0 record(s): the gzip member at byte 0 ends early",
        "middle-no-uri.warc": "a response record without WARC-Target-URI (warcio raised AttributeError)",
        "corrupt-member.warc.gz": "the gzip member at byte ",
        "bad-content-length.warc": "broken WARC record at byte 0: no valid Content-Length ('x",
        "cut.html.gz": "truncated gzip",
        "xml-decl.rss": "not a valid RSS/Atom feed (feedparser raised UnicodeDecodeError",
        "numbers.jsonl#2": "line 2 is not JSON that can be read (ValueError: Exceeds the limit (4300 digits)",
        "numbers.jsonl#3": "line 3 is not JSON that can be read (RecursionError",
        "empty.txt": "empty file",
        "garbage.txt": "binary file",
    }


def test_a_folder_of_damaged_inputs_and_two_good_files(runner, tmp_path):
    folder = tmp_path / "in"
    expected = damaged_folder(folder)
    good = write_good_files(folder)
    lines, stored = check_batch(runner, folder, tmp_path / "d.duckdb", good)
    by_input = {line.split(": ", 1)[0].removeprefix(f"{folder}/"): line for line in lines}
    assert sorted(by_input) == sorted(expected) and len(lines) == len(expected), lines
    for name, phrase in expected.items():
        assert phrase in by_input[name], (name, by_input[name])
    # the records around the broken ones are read and stored
    names = [p.removeprefix(f"{folder}/") for p in stored]
    for kept in ("middle-no-uri.warc#1", "middle-no-uri.warc#2", "corrupt-member.warc.gz#1",
                 "corrupt-member.warc.gz#2", "numbers.jsonl#1", "numbers.jsonl#4", "undefined-charset.html"):
        assert kept in names, (kept, names)


# -- the property test: mutated bytes of every kind ----------------------------------------------------

def _cut(data: bytes, at: float) -> bytes:
    return data[: int(len(data) * at)]


@st.composite
def mutated(draw, name: str, data: bytes) -> bytes:
    """`data` with a few of: bytes overwritten, inserted or deleted, a cut, and for WARCs a header
    line dropped (WARC-Target-URI, Content-Length) or a Content-Length made wrong."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["overwrite", "insert", "delete", "cut", "warc-header", "length"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "overwrite" and data:
            chunk = draw(st.binary(min_size=1, max_size=8))
            data[at: at + len(chunk)] = chunk
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([b"\x00", b"\r\n", b"\xff\xfe", b"WARC/1.0\r\n", b"<", b"\x1f\x8b\x08",
                                                b"]]>", b"&#0;", b"\xc3", b"\n{", b"\xed\xa0\x80"]))
            data[at:at] = draw(st.binary(max_size=8))
        elif kind == "delete":
            del data[at: at + draw(st.integers(1, 64))]
        elif kind == "cut":
            data = bytearray(_cut(bytes(data), draw(st.floats(0, 1))))
        elif kind == "warc-header" and name.endswith(".warc"):
            header = draw(st.sampled_from([rb"WARC-Target-URI: [^\r]*\r\n", rb"Content-Length: \d+\r\n",
                                           rb"WARC-Type: [^\r]*\r\n"]))
            data = bytearray(re.sub(header, b"", bytes(data), count=draw(st.integers(1, 3))))
        elif kind == "length" and name.endswith(".warc"):
            value = draw(st.sampled_from([b"0", b"-5", b"99999999", b"12", b"abc", b""]))
            data = bytearray(re.sub(rb"Content-Length: \d+", b"Content-Length: " + value, bytes(data), count=1))
    return bytes(data)


@st.composite
def damaged_batch(draw) -> dict[str, bytes]:
    """A few seeds, each mutated (or not), under distinct names."""
    kinds = seeds()
    names = draw(st.lists(st.sampled_from(sorted(kinds)), min_size=1, max_size=4, unique=True))
    batch = {}
    for i, name in enumerate(names):
        data = kinds[name]
        inside = name.endswith(".gz") and draw(st.booleans())  # damaged before it was compressed
        if inside and name.endswith(".warc.gz"):  # one record of three
            records = warc_records("members.example", 3)
            records[1] = draw(mutated("record.warc", records[1]))
            data = b"".join(gzip.compress(r) for r in records)
        elif inside:
            data = gzip.compress(draw(mutated(name.removesuffix(".gz"), gzip.decompress(data))))
        elif draw(st.integers(0, 9)) > 0:  # one in ten stays whole
            data = draw(mutated(name, data))
        batch[f"m{i}-{name}"] = data
    return batch


# 25 batches take about a minute; DYADWATCH_FUZZ_EXAMPLES=500 (and a new seed each run) for a long hunt.
FUZZ_EXAMPLES = int(os.environ.get("DYADWATCH_FUZZ_EXAMPLES", "25"))


@pytest.mark.slow
@hsettings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_EXAMPLES == 25,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                  HealthCheck.data_too_large])
@given(batch=damaged_batch())
def test_mutated_inputs_of_every_kind_never_take_the_batch_down(runner, batch):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, data in batch.items():
            (folder / name).write_bytes(data)
        good = write_good_files(folder)
        check_batch(runner, folder, Path(tmp) / "d.duckdb", good)


def test_the_seeds_themselves_are_read_whole(runner, tmp_path):
    """The property test starts from inputs that are good (but the empty and the garbage file)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in seeds().items():
        (folder / name).write_bytes(data)
    good = write_good_files(folder)
    lines, stored = check_batch(runner, folder, tmp_path / "d.duckdb", good)
    assert [line.split(": ", 1)[0] for line in lines] == [str(folder / "empty.txt"), str(folder / "garbage.txt")]
    names = {Path(p.split("#")[0]).name for p in stored}
    assert names == set(seeds()) - {"empty.txt", "garbage.txt"} | {"good-article.txt", "good-latin1.txt"}


def test_in_a_process_of_its_own_stderr_holds_the_error_lines_and_nothing_else(tmp_path):
    """As a user runs it: no traceback, and no warning a parser prints (the in-process runner above
    cannot see warnings: pytest collects them) between the one-line errors."""
    import subprocess
    import sys

    folder = tmp_path / "in"
    expected = damaged_folder(folder)
    write_good_files(folder)
    result = subprocess.run(
        [sys.executable, "-c", "from dyadwatch.cli import main; main()", "ingest", str(folder),
         "--db", str(tmp_path / "d.duckdb"), "--json", "--quiet"],
        capture_output=True, text=True, timeout=600,
    )
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert sorted(line.split(": ", 1)[0].removeprefix(f"{folder}/") for line in lines) == sorted(expected), lines
    assert json.loads(result.stdout)["failed"] == len(expected)
