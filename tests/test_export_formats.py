"""Exports: GDELT 2.0 tables load in DuckDB with GDELT's names and types; parquet/csv/jsonl; --force."""
from __future__ import annotations

import json
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.errors import ExportError
from dyadwatch.pledges import extract_pledges
from dyadwatch.store.db import open_db
from dyadwatch.store.export import (GDELT_EVENT_COLUMNS, GDELT_FILES, GDELT_MENTION_COLUMNS, SCHEMAS, export,
                                    gdelt_read_sql, parquet_tables)
from fixtures.pledges.handmade import FIXTURES, article, event, store

WIRE = (FIXTURES / "wire_story.txt").read_text(encoding="utf-8")


def _fill(con):
    for url in ("https://one.example/a", "https://two.example/b", "https://three.example/c"):
        a = article(WIRE, url=url, published=date(2024, 11, 5))
        store(con, a, [event(a, "signed", "signed", "057", "JPNGOV", "USAGOV", source_text="Japan")])
    cur = article((FIXTURES / "currencies.txt").read_text(encoding="utf-8"), url="https://four.example/d",
                  published=date(2024, 11, 10))
    evs = [event(cur, "Japan plans", "plans", "031", "JPNGOV", mode="intended")]
    store(con, cur, evs, extract_pledges(cur, evs))


@pytest.fixture()
def con():
    con = open_db(":memory:")
    _fill(con)
    return con


def test_gdelt_columns_are_gdelt_2():
    names = [n for n, _ in GDELT_EVENT_COLUMNS]
    assert len(names) == 61 and names[:5] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    assert names[25:35] == ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                            "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    assert names[-2:] == ["DATEADDED", "SOURCEURL"] and "Actor2Geo_ADM2Code" in names
    assert len(GDELT_MENTION_COLUMNS) == 16


def test_gdelt_export_loads_in_duckdb_with_gdelt_names_and_types(con, tmp_path):
    result = export(con, "gdelt", tmp_path / "g")
    assert result["rows"] == {"events": 2, "mentions": 4}  # the reprinted signing is one event
    check = duckdb.connect()
    ev = check.execute(f"SELECT * FROM {gdelt_read_sql(tmp_path / 'g' / GDELT_FILES['events'])}")
    assert [d[0] for d in ev.description] == [n for n, _ in GDELT_EVENT_COLUMNS]
    rows = {r[26]: dict(zip([d[0] for d in ev.description], r)) for r in ev.fetchall()}
    signed = rows["057"]
    assert signed["Day"] == 20241105 and signed["MonthYear"] == 202411 and signed["Year"] == 2024
    assert signed["Actor1Code"] == "JPNGOV" and signed["Actor1CountryCode"] == "JPN" and signed["Actor1Type1Code"] == "GOV"
    assert signed["EventRootCode"] == "05" and signed["EventBaseCode"] == "057" and signed["QuadClass"] == 1
    assert (signed["NumMentions"], signed["NumSources"], signed["NumArticles"]) == (3, 3, 3)
    assert signed["SOURCEURL"].startswith("https://") and signed["AvgTone"] is None
    assert len(str(signed["DATEADDED"])) == 14
    types = dict(check.execute(f"DESCRIBE SELECT * FROM {gdelt_read_sql(tmp_path / 'g' / GDELT_FILES['events'])}")
                 .fetchall()[i][:2] for i in range(61))
    assert types["GlobalEventID"] == "BIGINT" and types["GoldsteinScale"] == "DOUBLE" and types["EventCode"] == "VARCHAR"
    men = check.execute(f"SELECT * FROM {gdelt_read_sql(tmp_path / 'g' / GDELT_FILES['mentions'], 'mentions')}")
    assert [d[0] for d in men.description] == [n for n, _ in GDELT_MENTION_COLUMNS]
    mentions = men.fetchall()
    assert len([m for m in mentions if m[0] == signed["GlobalEventID"]]) == 3
    assert {m[4] for m in mentions if m[0] == signed["GlobalEventID"]} == {"one.example", "two.example", "three.example"}


def test_gdelt_export_comes_with_a_duckdb_script_that_loads_it(con, tmp_path, monkeypatch):
    folder = tmp_path / "it's here"  # a quote in the path must not break the SQL
    result = export(con, "gdelt", folder)
    assert str(folder / "load.sql") in result["files"]
    monkeypatch.chdir(folder)  # the script names the files relative to the export folder
    check = duckdb.connect()
    check.execute((folder / "load.sql").read_text())
    events = check.execute("SELECT * FROM events")
    assert [d[0] for d in events.description] == [n for n, _ in GDELT_EVENT_COLUMNS] and len(events.fetchall()) == 2
    assert check.execute("SELECT count(*) FROM mentions").fetchone()[0] == 4
    types = dict(r[:2] for r in check.execute("DESCRIBE events").fetchall())
    assert (types["GlobalEventID"], types["NumSources"], types["EventCode"]) == ("BIGINT", "INTEGER", "VARCHAR")
    assert duckdb.connect().execute(f"SELECT count(*) FROM {gdelt_read_sql(folder / GDELT_FILES['events'])}").fetchone()[0] == 2


def test_existing_output_needs_force(con, tmp_path):
    export(con, "csv", tmp_path / "c")
    with pytest.raises(ExportError, match="use --force"):
        export(con, "csv", tmp_path / "c")
    assert export(con, "csv", tmp_path / "c", force=True)["rows"]["pledges"] == 1


def test_parquet_tables_schema_and_files(con, tmp_path):
    tables = parquet_tables(con)
    assert set(tables) == {"documents", "events", "mentions", "pledges"}
    for name, table in tables.items():
        assert table.schema == SCHEMAS[name]
    export(con, "parquet", tmp_path / "p")
    pledges = pq.read_table(tmp_path / "p" / "pledges.parquet").to_pylist()
    assert pledges[0]["amount_currency"] == "JPY" and pledges[0]["deadline"] == date(2030, 12, 31)
    events = pq.read_table(tmp_path / "p" / "events.parquet").to_pylist()
    assert max(e["num_mentions"] for e in events) == 3


def test_jsonl_export_and_cli(con, tmp_path):
    export(con, "jsonl", tmp_path / "j")
    rows = [json.loads(x) for x in (tmp_path / "j" / "pledges.jsonl").read_text().splitlines()]
    assert rows[0]["amount_value"] == 1e13 and rows[0]["topics"]
    db = tmp_path / "x.duckdb"
    disk = open_db(db)
    _fill(disk)
    disk.close()
    runner = CliRunner()
    ok = runner.invoke(app, ["export", "--format", "gdelt", "--output", str(tmp_path / "cli"), "--db", str(db)])
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(app, ["export", "--format", "gdelt", "--output", str(tmp_path / "cli"), "--db", str(db)])
    assert again.exit_code == 1 and "use --force" in again.output
    bad = runner.invoke(app, ["export", "--format", "xml", "--output", str(tmp_path / "z"), "--db", str(db)])
    assert bad.exit_code == 2
