"""`dyadwatch ingest`, `extract`, `stats`: output, one stderr line per bad input, exit codes 0/1/2."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest


SAMPLES = Path(__file__).parents[1] / "src" / "dyadwatch" / "data" / "samples"
FOUNDING = SAMPLES / "ishiba-japan-us-alliance.txt"
PARA = "The foreign minister said the two governments would sign the agreement in Geneva next month."


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from dyadwatch.cli import main; main()", *args],
        input=stdin, capture_output=True, timeout=300,
    )


def test_extract_jsonl_of_the_founding_article():
    res = run("extract", str(FOUNDING))
    assert res.returncode == 0, res.stderr
    (record,) = [json.loads(l) for l in res.stdout.decode().splitlines()]
    assert list(record)[:5] == ["path", "url", "title", "published", "text"]
    assert record["path"] == str(FOUNDING) and record["published"] is None
    assert len(record["text"].split("\n")) == 8
    assert [r["reason"] for r in record["removed"]] == ["photo-caption", "repeated-headline", "foreign-headline", "widget"]


def test_extract_text_show_removed_and_keep_junk():
    shown = run("extract", str(FOUNDING), "--format", "text", "--show-removed").stdout.decode()
    assert "[foreign-headline] Japan’s Economic Tightrope: Ishiba’s $140 Billion Gamble" in shown
    assert "removed 4 line(s)" in shown
    kept = json.loads(run("extract", str(FOUNDING), "--keep-junk").stdout)
    assert kept["removed"] == [] and "GIPHY App Key not set" in kept["text"]


def test_extract_paths_name_records_inside_files_and_stdin_works():
    res = run("extract", str(SAMPLES / "articles.jsonl"), str(SAMPLES / "world-news.rss"))
    paths = [json.loads(l)["path"] for l in res.stdout.decode().splitlines()]
    assert [p.rsplit("#", 1)[1] for p in paths] == ["1", "2", "1", "2"]
    res = run("extract", "-", "--published", "2024-11-20", stdin=FOUNDING.read_bytes())
    record = json.loads(res.stdout)
    assert record["path"] == "-" and record["published"] == "2024-11-20" and record["published_basis"] == "cli"


@pytest.mark.slow  # codes the whole sample corpus with the real coder
def test_ingest_summary_duplicates_and_stats(tmp_path):
    db = str(tmp_path / "d.duckdb")
    first = run("ingest", str(SAMPLES), "--db", db, "--json", "--quiet")
    assert first.returncode == 0, first.stderr
    counts = json.loads(first.stdout)
    assert (counts["read"], counts["stored"], counts["failed"]) == (10, 10, 0)
    again = json.loads(run("ingest", str(SAMPLES), "--db", db, "--json").stdout)
    assert (again["stored"], again["duplicates"]) == (0, 10)
    stats = json.loads(run("stats", "--db", db, "--json").stdout)
    assert stats["documents"] == 10 and stats["versions"] == 10
    # The founding article is undated: its inferred window (when the dating module is there) may widen the range.
    assert stats["date_range"][0] == "2019-11-18" and stats["date_range"][1] >= "2019-11-20"
    assert {"nytimes.com", "bbc.com", "chron.com"} <= set(stats["sources"])
    assert stats["removed_lines"]["widget"] >= 2
    human = run("stats", "--db", db).stdout.decode()
    assert "documents 10 (10 versions)" in human


def test_bad_inputs_one_stderr_line_each_exit_1_and_the_run_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(b"<html><body><p>x</p></body></html>" * 100)[:60])
    (tmp_path / "feed.rss").write_text("no xml here {")
    (tmp_path / "bad.jsonl").write_text(json.dumps({"text": PARA + " It did."}) + "\n{oops\n")
    (tmp_path / "big.txt").write_text(PARA * 40)
    (tmp_path / "good.txt").write_text(PARA)
    db = str(tmp_path / "d.duckdb")
    res = run("ingest", str(tmp_path), "--db", db, "--json", "--max-bytes", "2000")
    assert res.returncode == 1
    lines = res.stderr.decode().strip().splitlines()
    assert len(lines) == 6, lines
    for name in ("empty.txt", "bin.txt", "cut.html.gz", "feed.rss", "bad.jsonl#2", "big.txt"):
        assert sum(name in l for l in lines) == 1, (name, lines)
    counts = json.loads(res.stdout)
    assert (counts["read"], counts["stored"], counts["failed"]) == (2, 2, 6)


def test_exit_codes_for_usage_errors(tmp_path):
    assert run("ingest").returncode == 2  # no PATH
    res = run("ingest", str(FOUNDING), "--db", str(tmp_path / "d.duckdb"), "--published", "20th November")
    assert res.returncode == 2 and b"--published" in res.stderr
    assert run("extract", str(FOUNDING), "--format", "xml").returncode == 2
    res = run("stats", "--db", str(tmp_path / "none.duckdb"))
    assert res.returncode == 1 and b"none.duckdb" in res.stderr


def test_first_signal_asks_to_stop_second_stops_at_once_and_handlers_come_back():
    import os
    import signal

    from dyadwatch.cli.ingest_cmds import StopOnSignal

    before = signal.getsignal(signal.SIGINT)
    with StopOnSignal() as stop:
        assert not stop()
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop() and stop.exit_code == 143
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before


def test_the_size_limit_comes_from_a_settings_file_and_the_flag_overrides_it(tmp_path):
    (tmp_path / "big.txt").write_text(PARA * 40)  # ~3.7 KB
    (tmp_path / "s.toml").write_text("[dyadwatch]\nmax_bytes = 2000\n")
    res = run("extract", str(tmp_path / "big.txt"), "--config", str(tmp_path / "s.toml"))
    assert res.returncode == 1 and "over the limit of 2000" in res.stderr.decode()
    res = run("extract", str(tmp_path / "big.txt"), "--config", str(tmp_path / "s.toml"), "--max-bytes", "10000")
    assert res.returncode == 0 and json.loads(res.stdout)["text"].startswith(PARA)
    (tmp_path / "bad.toml").write_text("max_bytes = 'lots'\n")
    res = run("extract", str(tmp_path / "big.txt"), "--config", str(tmp_path / "bad.toml"))
    assert res.returncode == 2 and "max_bytes" in res.stderr.decode()


def test_piped_stderr_gets_the_error_lines_only_no_progress_leftovers(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "feed.rss").write_text("no xml here {")
    res = run("ingest", str(tmp_path), "--db", str(tmp_path / "d.duckdb"))  # no --quiet, no --json
    assert res.returncode == 1
    assert res.stderr.decode().splitlines() == [
        f"{tmp_path / 'empty.txt'}: empty file", f"{tmp_path / 'feed.rss'}: not a valid RSS/Atom feed (syntax error)",
    ]
