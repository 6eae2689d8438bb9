"""The demo on the bundled samples, compared with the reviewed golden output for the founding article.

Regenerate after a reviewed change with:  DYADWATCH_UPDATE_GOLDEN=1 pytest tests/test_demo_golden.py
(then READ tests/golden/demo_founding.json against the article before committing it).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyadwatch.analyse import story
from dyadwatch.cli import app
from dyadwatch.run import build_sample_db
from dyadwatch.settings import load_settings
from dyadwatch.store.db import open_db

GOLDEN = Path(__file__).parent / "golden" / "demo_founding.json"
UPDATE = os.environ.get("DYADWATCH_UPDATE_GOLDEN") == "1"
_VOLATILE = {"event_id", "event_ids", "pledge_ids", "doc_id", "database"}


def stable(value: Any) -> Any:
    """The demo report without what depends on the machine: ids, absolute paths."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    if isinstance(value, str) and os.sep in value and Path(value).is_absolute():
        return Path(value).name
    return value


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    counts = build_sample_db(str(path), load_settings(db=str(path), quiet=True))
    return path, counts


@pytest.fixture(scope="module")
def report(demo_db):
    con = open_db(demo_db[0], read_only=True)
    try:
        return stable(story.demo_report(con, "JPN", "USA"))
    finally:
        con.close()


def test_demo_matches_golden(report):
    if UPDATE or not GOLDEN.exists():
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{GOLDEN} did not exist: written, review it and rerun")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for part in ("article", "removed", "agenda", "introduction", "aims", "card"):  # one part at a time: readable diffs
        assert report[part] == golden[part], f"demo {part} differs from {GOLDEN.name}"
    assert report == golden


def test_demo_shows_the_four_junk_lines(report):
    reasons = [r["reason"] for r in report["removed"]]
    assert len(reasons) == 4
    texts = " | ".join(r["text"] for r in report["removed"])
    assert "$140 Billion" in texts and "GIPHY" in texts and "(Photo" in texts


def test_demo_invents_no_date_and_attaches_no_junk_amount(report):
    article = report["article"]
    assert article["path"] == story.FEATURED_SAMPLE
    assert "published" not in article["dating"]  # the file carries no date: a window or "no date given"
    amounts = [r["amount"]["text"] for r in report["agenda"] if r["amount"]]
    assert not any("140" in a for a in amounts)
    for row in report["agenda"]:
        assert "$140" not in (row["sentence"] or "")


# The founding article's agenda as a reader sees it: (words of the source sentence, check on the row).
TARGET_ROWS = {
    "alliance dialogue with Trump": ("open dialogue with President-elect Donald Trump", lambda r: True),
    "joint base use": ("joint use of US military facilities", lambda r: r["kind"] == "proposal"),
    "US troop stationing issues": ("stationing of US troops", lambda r: r["kind"] == "pledge"),
    "SOFA revision": ("Status of Forces Agreement", lambda r: r["kind"] == "proposal"),
    "Asian NATO, with its condition": (
        "Asian version of NATO",
        lambda r: r["kind"] == "proposal" and "constitutional amendments" in (r["condition"] or ""),
    ),
    "APEC/G20 attendance": ("attend APEC and G20 summits", lambda r: r["kind"] == "plan"),
    "over 10 trillion yen for AI and chips by 2030": (
        "over 10 trillion yen",
        lambda r: r["amount"]["value"] == 1e13 and r["amount"]["currency"] == "JPY" and r["deadline"] == "2030-12-31",
    ),
}


# Target rows an upstream stage misses for now, with the reason (xfail, not strict). None today.
_UPSTREAM_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=_UPSTREAM_GAPS[n], strict=False)) if n in _UPSTREAM_GAPS else n
        for n in TARGET_ROWS
    ],
)
def test_demo_agenda_target_rows(report, name):
    words, check = TARGET_ROWS[name]
    rows = [r for r in report["agenda"] if words in (r["sentence"] or "")]
    assert len(rows) == 1, f"{name}: {len(rows)} agenda rows"
    assert check(rows[0]), rows[0]
    assert rows[0]["answer"] == story.NONE_REPORTED


def test_demo_agenda_is_exactly_the_seven_target_rows(report):
    assert len(report["agenda"]) == len(TARGET_ROWS) == 7
    for row in report["agenda"]:
        assert sum(words in (row["sentence"] or "") for words, _ in TARGET_ROWS.values()) == 1, row["sentence"]


def test_demo_shows_what_is_not_an_agenda_row(report):
    """Nothing is hidden: the umbrella sentence is the introduction, bare intents are other aims."""
    assert [r["sentence"] for r in report["introduction"]] == [
        "Ishiba proposes several bold initiatives to enhance the alliance."
    ]
    aims = [r["what"] for r in report["aims"]]
    assert aims == ["address long-standing issues", "more reciprocity"]
    for row in report["aims"]:
        assert row["kind"] == "intent" and not (row["addressee"] or row["amount"] or row["deadline"])
    # the two sentences of the alliance aim are one row, both sentences kept
    first = report["agenda"][0]
    assert "strengthening the alliance" in first["sentence"] and "open dialogue" in first["sentence"]


@pytest.mark.slow
def test_demo_command_json_and_replaces_the_db(demo_db, tmp_path):
    db = tmp_path / "cli-demo.duckdb"
    db.write_bytes(b"not a database")  # a stale file at the path is replaced, not an error
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["database"] == str(db.resolve())
    assert data["serve"] == f"dyadwatch serve --db {db}"
    assert data["corpus"]["failed"] == 0 and data["corpus"]["stored"] == demo_db[1]["stored"]
    assert len(data["agenda"]) == 7 and len(data["introduction"]) == 1 and len(data["aims"]) == 2


def test_brief_command(demo_db):
    result = CliRunner().invoke(app, ["brief", "JPN", "USA", "--db", str(demo_db[0])])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("# The Japan–United States alliance under Ishiba\n")  # from the events' actors
    concerns = text.split("## Concerns named (not events)")[1].split("##")[0]
    assert "North Korea (PRK)" in concerns and "China (CHN)" in concerns
    assert "between 2024-11-06 and 2025-01-20" in text
    assert "ishiba-japan-us-alliance.txt" in text.split("## Sources")[1]  # no URL: cited by path


def test_brief_command_errors(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(app, ["brief", "JPN", "USA", "--db", str(missing)])
    assert result.exit_code == 1 and f"{missing}: no such database" in result.output
    result = CliRunner().invoke(app, ["brief", "JPN", "USA", "--db", str(missing), "--format", "pdf"])
    assert result.exit_code == 2 and "--format pdf: use md or html" in result.output
    result = CliRunner().invoke(app, ["brief", "JPN", "USA", "--db", str(missing), "--since", "soon"])
    assert result.exit_code == 2 and "--since soon: not a date" in result.output
