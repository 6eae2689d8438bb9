"""pledges table: write_pledges/read_pledges, new versions, and the pledges/threads commands."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.pledges import extract_pledges
from dyadwatch.store.db import open_db
from dyadwatch.store.pledge_store import read_pledges, write_pledges
from fixtures.pledges.handmade import FIXTURES, article, event, store

CURRENCIES = (FIXTURES / "currencies.txt").read_text(encoding="utf-8")


def _currency_article(con, version=1, text=CURRENCIES):
    a = article(text, url="https://news.example/pledges", published=date(2024, 11, 10), source="news.example")
    evs = [event(a, "Japan plans", "plans", "031", "JPNGOV", mode="intended"),
           event(a, "Germany pledged", "pledged", "030", "DEUGOV", "UKR")]
    store(con, a, evs, extract_pledges(a, evs), version=version)
    return a


def test_write_and_read_round_trip():
    con = open_db(":memory:")
    _currency_article(con)
    rows = read_pledges(con)
    assert len(rows) == 2
    jp = read_pledges(con, actor="jpn")
    assert len(jp) == 1
    r = jp[0]
    assert (r["amount_text"], r["amount_value"], r["amount_currency"], r["amount_qualifier"]) == (
        "over 10 trillion yen", 1e13, "JPY", "over")
    assert r["deadline"] == date(2030, 12, 31) and r["deadline_precision"] == "year" and r["version"] == 1
    assert r["url"] == "https://news.example/pledges" and "semiconductors" in r["topics"]
    assert read_pledges(con, actor="DEU")[0]["addressee"] == "UKR"


def test_new_version_replaces_pledges_of_the_document():
    con = open_db(":memory:")
    a = _currency_article(con)
    write_pledges(con, a.doc_id, 2, [])
    assert read_pledges(con) == []


def test_pledges_and_threads_commands(tmp_path):
    db = tmp_path / "p.duckdb"
    con = open_db(db)
    _currency_article(con)
    p = article((FIXTURES / "sofa_proposal.txt").read_text(encoding="utf-8"), published=date(2024, 11, 4),
                url="https://japannews.example/sofa")
    store(con, p, [event(p, "proposed revising", "proposed", "030", "JPNGOV", "USA", mode="proposed")])
    con.close()
    runner = CliRunner()
    out = runner.invoke(app, ["pledges", "--db", str(db), "--actor", "JPN", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(x) for x in out.output.splitlines()]
    jp = next(r for r in rows if r["amount_currency"] == "JPY")
    for key in ("actor", "what", "amount", "currency", "amount_usd", "deadline", "sentence", "url"):
        assert key in jp
    assert jp["amount"] == 1e13 and jp["currency"] == "JPY" and jp["deadline"] == "2030-12-31"
    out = runner.invoke(app, ["pledges", "--db", str(db), "--format", "csv"])
    assert len(list(csv.DictReader(io.StringIO(out.output)))) == 2
    out = runner.invoke(app, ["threads", "--db", str(db), "--format", "jsonl"])
    [thread] = [json.loads(x) for x in out.output.splitlines()]
    assert thread["status"] == "no answer yet" and thread["proposer"] == "JPNGOV"
    out = runner.invoke(app, ["threads", "--db", str(db)])
    assert out.exit_code == 0 and "no answer yet" in out.output
    bad = runner.invoke(app, ["pledges", "--db", str(db), "--format", "xml"])
    assert bad.exit_code == 2
