"""dyad_series and `dyadwatch dyad`: per-period, per-direction QuadClass counts, Goldstein, net coop."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from dyadwatch.analyse.dyads import dyad_series
from dyadwatch.cli import app
from dyadwatch.store.db import open_db
from fixtures.pledges.handmade import article, event, store


def _fill(con):
    a = article("Japan pledged aid to the US. US troops attacked Japanese boats. The US praised Japan.",
                published=date(2024, 11, 4), url="https://a.example/1")
    store(con, a, [event(a, "Japan pledged", "pledged", "030", "JPNGOV", "USAGOV"),
                   event(a, "attacked", "attacked", "190", "USAMIL", "JPN"),
                   event(a, "praised", "praised", "051", "USAGOV", "JPNGOV")])
    b = article("Japan criticized the US.", published=date(2024, 12, 2), url="https://b.example/1")
    store(con, b, [event(b, "criticized", "criticized", "111", "JPNGOV", "USA")])
    c = article("Japan pledged aid to China.", published=date(2024, 12, 3), url="https://c.example/1")
    store(con, c, [event(c, "pledged", "pledged", "030", "JPNGOV", "CHN")])
    undated = article("Japan thanked the US.", url="https://d.example/1")
    store(con, undated, [event(undated, "thanked", "thanked", "051", "JPNGOV", "USA")])


@pytest.fixture()
def con():
    con = open_db(":memory:")
    _fill(con)
    return con


def test_month_series_both_directions(con):
    rows = dyad_series(con, "JPN", "USA")
    key = {(r["period"], r["direction"]): r for r in rows}
    assert set(key) == {("2024-11", "JPN->USA"), ("2024-11", "USA->JPN"), ("2024-12", "JPN->USA")}
    nov_us = key[("2024-11", "USA->JPN")]
    assert nov_us["events"] == 2 and nov_us["q1_verbal_coop"] == 1 and nov_us["q4_material_conflict"] == 1
    assert nov_us["goldstein_sum"] == pytest.approx(3.5 - 10.0) and nov_us["goldstein_mean"] == pytest.approx(-3.25)
    assert nov_us["net_coop"] == 0 and nov_us["net_coop_share"] == 0
    dec = key[("2024-12", "JPN->USA")]
    assert dec["q3_verbal_conflict"] == 1 and dec["net_coop"] == -1 and dec["net_coop_share"] == -1.0


def test_by_day_role_and_since(con):
    days = dyad_series(con, "jpn", "usa", by="day", since=date(2024, 12, 1))
    assert [(r["period"], r["events"]) for r in days] == [("2024-12-02", 1)]
    roles = dyad_series(con, "JPN", "USA", role=True)
    us = {(r["source_role"], r["target_role"]): r["events"] for r in roles
          if r["direction"] == "USA->JPN"}
    assert us == {("MIL", "-"): 1, ("GOV", "GOV"): 1}
    with pytest.raises(ValueError):
        dyad_series(con, "JPN", "USA", by="fortnight")


def test_cli_dyad_formats(tmp_path):
    db = tmp_path / "d.duckdb"
    con = open_db(db)
    _fill(con)
    con.close()
    runner = CliRunner()
    out = runner.invoke(app, ["dyad", "JPN", "USA", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.output)) == 3
    out = runner.invoke(app, ["dyad", "JPN", "USA", "--db", str(db), "--format", "csv", "--by", "week", "--role"])
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert rows[0]["period"] == "2024-W45" and "source_role" in rows[0]
    out = runner.invoke(app, ["dyad", "JPN", "USA", "--db", str(db)])
    assert out.exit_code == 0 and "JPN->USA" in out.output
    bad = runner.invoke(app, ["dyad", "JPN", "USA", "--db", str(db), "--by", "fortnight"])
    assert bad.exit_code == 2 and "--by must be one of" in bad.output
    missing = runner.invoke(app, ["dyad", "JPN", "USA", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no such database" in missing.output


def test_events_placed_by_an_inferred_window_are_counted_as_such(con):
    con.execute("UPDATE documents SET window_earliest = DATE '2024-11-06', window_latest = DATE '2025-01-20' "
                "WHERE published IS NULL")
    rows = {(r["period"], r["direction"]): r for r in dyad_series(con, "JPN", "USA")}
    assert rows[("2024-11", "JPN->USA")]["inferred_date_events"] == 1  # 'Japan thanked the US.' (undated)
    assert rows[("2024-12", "JPN->USA")]["inferred_date_events"] == 0
