"""Which files a Spark run reads: globs, folders, manifests (Common Crawl style), URLs."""
from __future__ import annotations

import functools
import gzip
import http.server
import threading

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.errors import InputError
from dyadwatch.spark.inputs import expand_inputs, local_copy, read_manifest


def test_cc_news_listing_with_prefix(tmp_path):
    listing = tmp_path / "warc.paths.gz"
    with gzip.open(listing, "wt", encoding="utf-8") as out:
        out.write("crawl-data/CC-NEWS/2024/11/CC-NEWS-20241101000000-00001.warc.gz\n\n")
        out.write("crawl-data/CC-NEWS/2024/11/CC-NEWS-20241101010000-00002.warc.gz\n")
    assert expand_inputs([str(listing)], prefix="https://data.commoncrawl.org/") == [
        "https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/11/CC-NEWS-20241101000000-00001.warc.gz",
        "https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/11/CC-NEWS-20241101010000-00002.warc.gz",
    ]


def test_manifest_entries_relative_to_manifest_and_deduplicated(tmp_path):
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text("{}")
    manifest = tmp_path / "list.txt"
    manifest.write_text("# comment\na.html\ns3://bucket/x.warc.gz\na.html\n", encoding="utf-8")
    got = expand_inputs([str(tmp_path / "sub" / "*.jsonl"), str(tmp_path / "a.html")], manifests=[str(manifest)])
    assert got == [str(tmp_path / "a.html"), "s3://bucket/x.warc.gz", str(tmp_path / "sub" / "b.jsonl")]


def test_folder_is_walked_and_empty_glob_is_an_error(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "2.html").write_text("x")
    (tmp_path / "d" / "1.html").write_text("x")
    assert expand_inputs([str(tmp_path / "d")]) == [str(tmp_path / "d" / "1.html"), str(tmp_path / "d" / "2.html")]
    with pytest.raises(InputError, match=r"nothing\*\.warc\.gz: no such file"):
        expand_inputs([str(tmp_path / "nothing*.warc.gz")])
    with pytest.raises(InputError, match="missing.paths: cannot read manifest"):
        read_manifest(str(tmp_path / "missing.paths"))


def test_remote_file_fetched_to_a_temporary_copy(tmp_path):
    (tmp_path / "page.html").write_text("<html><p>hello</p></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with local_copy(f"{url}/page.html") as local:
            assert open(local, encoding="utf-8").read() == "<html><p>hello</p></html>"
        with pytest.raises(InputError, match="missing.html: cannot fetch: HTTP Error 404"), local_copy(f"{url}/missing.html"):
            pass
    finally:
        server.shutdown()
    assert not __import__("os").path.exists(local)


def test_spark_command_needs_inputs():
    result = CliRunner().invoke(app, ["spark", "--output", "out"])
    assert result.exit_code == 2 and "give input files or --manifest" in result.output
