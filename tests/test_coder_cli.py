"""`dyadwatch code`, `events`, `explain`, `evaluate petrarch` (typer CliRunner)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.settings import DATA_DIR

SAMPLE = DATA_DIR / "samples" / "ishiba-japan-us-alliance.txt"
RECORDS = Path(__file__).parent / "fixtures" / "PETR.UnitTest.records.xml"
runner = CliRunner()


def test_code_jsonl_has_contract_fields():
    result = runner.invoke(app, ["code", str(SAMPLE), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(rows) >= 6
    needed = {"path", "url", "title", "published", "sentence", "source", "source_text", "target", "target_text",
              "cameo", "quad_class", "goldstein", "plover", "negated", "mode", "event_id", "pattern", "agreements",
              "verb_start", "source_start", "target_start"}
    assert needed <= set(rows[0])
    assert all(r["path"] == str(SAMPLE) for r in rows)
    assert sum(r["source"] == "JPNGOV" and r["quad_class"] == 1 for r in rows) >= 6


def test_code_published_changes_roles(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Donald Trump criticized China over trade.\n", encoding="utf-8")
    early = runner.invoke(app, ["code", str(doc), "--published", "2024-12-01"])
    late = runner.invoke(app, ["code", str(doc), "--published", "2025-06-01"])
    assert json.loads(early.stdout.splitlines()[0])["source"] == "USAELI"
    assert json.loads(late.stdout.splitlines()[0])["source"] == "USAGOV"


def test_code_bad_date_and_missing_file(tmp_path):
    bad = runner.invoke(app, ["code", str(SAMPLE), "--published", "yesterday"])
    assert bad.exit_code == 2 and "--published: 'yesterday' is not a date" in bad.output
    missing = runner.invoke(app, ["code", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1


def test_code_with_user_actor_and_verb_files(tmp_path):
    actors = tmp_path / "mine.actors.txt"
    actors.write_text("FREEDONIA_ [FRD]\n+FREEDONIAN_\n", encoding="utf-8")
    verbs = tmp_path / "mine.verbs.txt"
    verbs.write_text("--- SNUB [---] ---\nSNUB\n- * CHINA [111]\n", encoding="utf-8")
    doc = tmp_path / "d.txt"
    doc.write_text("Freedonia snubbed China.\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(doc), "--actors", str(actors), "--verbs", str(verbs)])
    row = json.loads(result.stdout.splitlines()[0])
    assert (row["source"], row["cameo"], row["target"]) == ("FRD", "111", "CHN")
    assert "mine.verbs.txt:3" in row["pattern"]


def test_strict_dictionary_stops_with_file_and_line(tmp_path):
    actors = tmp_path / "bad.actors.txt"
    actors.write_text("FREEDONIA_ [FRD 2020x]\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(SAMPLE), "--actors", str(actors), "--strict"])
    assert result.exit_code == 1
    assert f"{actors}:1:" in result.output
    lenient = runner.invoke(app, ["code", str(SAMPLE), "--actors", str(actors)])
    assert lenient.exit_code == 0 and f"warning: {actors}:1:" in lenient.output


def test_code_table_format():
    result = runner.invoke(app, ["code", str(SAMPLE), "--format", "table"])
    assert result.exit_code == 0 and "JPNGOV" in result.output


def test_explain_text_and_json():
    text = runner.invoke(app, ["explain", "The US is not willing to renegotiate SOFA with Japan."])
    # the rules code a negated 046; the learned scorer's decision on it (kept, retyped or dropped) is shown
    assert text.exit_code == 0 and "RENEGOTIATE [046]" in text.output
    assert "negated=True" in text.output or "model: dropped the rules' event on 'renegotiate'" in text.output
    js = runner.invoke(app, ["explain", "Japan may consider sanctions against China.", "--json"])
    data = json.loads(js.stdout)
    assert data["events"][0]["mode"] == "hypothetical" and data["actors"] and data["parse"]


def test_evaluate_petrarch_json_and_verbose():
    validate = DATA_DIR / "dictionaries" / "validate"
    result = runner.invoke(app, ["evaluate", "petrarch", str(RECORDS), "--dictionaries", str(validate), "--json"])
    data = json.loads(result.stdout)
    assert data["recall"] >= 0.80 and data["precision"] >= 0.85 and "DEMO" in data["categories"]
    slow = runner.invoke(app, ["evaluate", "petrarch", str(RECORDS), "--dictionaries", str(validate),
                               "--no-fast-path", "--verbose"])
    assert slow.exit_code == 0 and "MISS" in slow.output and "precision" in slow.output


def test_events_reads_the_store(tmp_path):
    from dyadwatch.events.coder import Coder
    from dyadwatch.records import Article, sha256_hex
    from dyadwatch.store.db import open_db

    db = tmp_path / "e.duckdb"
    con = open_db(str(db))
    coder = Coder.from_settings()
    text = "Japan criticized China.\nThe United States praised Japan."
    events = coder.code_article(Article("d1", "p", text, sha256_hex(text), published=date(2025, 1, 5)))
    con.execute("INSERT INTO documents (doc_id, version, content_hash, path, published, text) "
                "VALUES ('d1', 1, ?, 'p', DATE '2025-01-05', ?)", [sha256_hex(text), text])
    for e in events:
        con.execute(
            "INSERT INTO events (event_id, doc_id, version, published, sentence_index, sentence, sentence_start,"
            " source, target, cameo, cameo_root, quad_class, goldstein, negated, mode) VALUES"
            " (?, 'd1', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [e.event_id, e.published or date(2025, 1, 5), e.sentence_index, e.sentence, e.sentence_start,
             e.source.code, e.target.code, e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.negated, e.mode])
    con.close()
    result = runner.invoke(app, ["events", "--db", str(db), "--source", "jpn", "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["source"].startswith("JPN") for r in rows)
    csv_out = runner.invoke(app, ["events", "--db", str(db), "--target", "JPN", "--format", "csv"])
    assert csv_out.stdout.startswith("event_id,") and "USA" in csv_out.stdout
    none = runner.invoke(app, ["events", "--db", str(db), "--since", "2030-01-01", "--format", "jsonl"])
    assert none.stdout.strip() == ""
    bad = runner.invoke(app, ["events", "--db", str(db), "--format", "xml"])
    assert bad.exit_code == 2
