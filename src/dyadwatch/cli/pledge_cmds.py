"""`dyadwatch pledges`, `threads`, `dyad` and `export`: read what the store holds about commitments,
proposals and answers, dyads over time, and write it out in other formats."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from dyadwatch.cli.common import DbOption, app, console, fail
from dyadwatch.errors import DyadwatchError

PLEDGE_FIELDS = ["actor", "kind", "status", "what", "amount_text", "amount_value", "amount_currency", "amount_unit",
                 "amount_usd", "amount_usd_rate_year", "deadline", "deadline_text", "deadline_rejected", "topics",
                 "condition", "addressee", "sentence", "mentions", "url", "published", "doc_id", "event_id"]

WIDE = {"what", "sentences"}
NO_WRAP = {"period", "direction", "proposer", "responder", "status", "actor", "kind", "source_role", "target_role"}


def _open(db: str):
    from dyadwatch.store.db import open_db

    if not Path(db).exists():
        fail(f"{db}: no such database - run `dyadwatch ingest FILES --db {db}` first")
    try:
        return open_db(db)
    except DyadwatchError as exc:
        fail(str(exc))


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        fail(f"--format must be one of {', '.join(allowed)}, not '{fmt}'", code=2)


def _plain(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def _emit(rows: list[dict[str, Any]], fmt: str, columns: list[str], title: str,
          headers: dict[str, str] | None = None) -> None:
    if fmt in ("json", "jsonl"):
        if fmt == "json":
            print(json.dumps([_plain(r) for r in rows], ensure_ascii=False, indent=1))
        else:
            for r in rows:
                print(json.dumps(_plain(r), ensure_ascii=False))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        for r in rows:
            w.writerow([";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else _plain(v))
                        for v in (r.get(c) for c in columns)])
        print(buf.getvalue(), end="")
        return
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column((headers or {}).get(c, c), overflow="fold", no_wrap=c in NO_WRAP,
                         min_width=20 if c in WIDE else None)
    for r in rows:
        table.add_row(*[", ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(_plain(v)))
                        for v in (r.get(c) for c in columns)])
    console.print(table)


@app.command()
def pledges(
    db: str = DbOption,
    actor: str = typer.Option(None, "--actor", help="Actor code prefix, e.g. JPN (matches JPNGOV)."),
    fmt: str = typer.Option("table", "--format", help="table | csv | jsonl"),
    everything: bool = typer.Option(False, "--all", help="Also proposals, appeals, aims without amount or "
                                                          "deadline, and stated outcomes that are no commitment."),
    status: bool = typer.Option(False, "--status", help="Each pledge followed across stories: made, restated, "
                                                        "raised/cut, fulfilled, broken or withdrawn, last news."),
) -> None:
    """Commitments (pledges, intents, plans, agreements' commitments with an amount or a deadline): who,
    what, how much (and in US$), by when. Proposals and appeals are in `dyadwatch threads`."""
    from dyadwatch.store.pledge_store import read_pledges

    _check_format(fmt, ("table", "csv", "jsonl"))
    con = _open(db)
    if status:
        _pledge_status(con, actor, fmt)
        return
    rows = read_pledges(con, actor=actor, commitments_only=not everything)
    for r in rows:
        r["amount"], r["currency"] = r["amount_value"], r["amount_currency"]
    if fmt == "table":
        for r in rows:
            r["usd"] = _usd(r["amount_usd"])
            r["deadline"] = r["deadline"] or r["deadline_text"]
            r["restated"] = len(r["mentions"]) or ""
        cols = ["actor", "kind", "what", "amount_text", "usd", "deadline", "restated", "topics"]
        _emit(rows, fmt, cols, f"{len(rows)} pledges", {"amount_text": "amount", "usd": "≈ US$"})
    else:
        _emit(rows, fmt, PLEDGE_FIELDS[:4] + ["amount", "currency"] + PLEDGE_FIELDS[4:], "pledges")


def _pledge_status(con, actor: str | None, fmt: str) -> None:
    from dyadwatch.analyse.pledge_tracker import track_pledges

    rows = [t.as_dict() for t in track_pledges(con, actor=actor)]
    if fmt == "jsonl":
        _emit(rows, fmt, [], "")
        return
    cols = ["actor", "what", "amount_text", "deadline", "status", "summary"]
    _emit(rows, fmt, cols, f"{len(rows)} pledges followed across stories", {"amount_text": "amount",
                                                                            "summary": "history"})


def _usd(value: float | None) -> str:
    if value is None:
        return ""
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if value >= scale:
            return f"{value / scale:.1f}{suffix}"
    return f"{value:,.0f}"


@app.command()
def threads(
    db: str = DbOption,
    fmt: str = typer.Option("table", "--format", help="table | csv | jsonl"),
) -> None:
    """Proposals and appeals with their answers: accepted, rejected, considering or no answer yet."""
    from dyadwatch.analyse.threads import build_threads

    _check_format(fmt, ("table", "csv", "jsonl"))
    con = _open(db)
    rows = build_threads(con)
    if fmt == "jsonl":
        _emit(rows, fmt, [], "")
        return
    flat = [{**t, "sentences": [f"{s['day'] or '?'} {s['actor']}: {s['sentence']}" for s in t["sentences"]]}
            for t in rows]
    if fmt == "csv":
        for t in flat:
            t["sentences"] = " | ".join(t["sentences"])
    cols = ["proposer", "responder", "topic", "status"] + (["shared_terms"] if fmt == "csv" else []) + ["sentences"]
    _emit(flat, fmt, cols, f"{len(rows)} threads")


@app.command()
def dyad(
    a: str = typer.Argument(..., help="First actor (country code prefix), e.g. JPN."),
    b: str = typer.Argument(..., help="Second actor, e.g. USA."),
    db: str = DbOption,
    by: str = typer.Option("month", "--by", help="day | week | month | year"),
    fmt: str = typer.Option("table", "--format", help="table | csv | json"),
    role: bool = typer.Option(False, "--role", help="Split by actor role (GOV, MIL, ...)."),
    since: str = typer.Option(None, "--since", help="First day (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Last day (YYYY-MM-DD)."),
    with_headlines: bool = typer.Option(False, "--with-headlines", help="Count events coded from headlines too."),
) -> None:
    """Events between two actors per period and direction: QuadClass counts, Goldstein, net cooperation."""
    from dyadwatch.analyse.dyads import PERIODS, dyad_series

    _check_format(fmt, ("table", "csv", "json"))
    if by not in PERIODS:
        fail(f"--by must be one of {', '.join(PERIODS)}, not '{by}'", code=2)
    days = {}
    for name, value in (("since", since), ("until", until)):
        if value:
            try:
                days[name] = date.fromisoformat(value)
            except ValueError:
                fail(f"--{name}: '{value}' is not a date (YYYY-MM-DD)", code=2)
    con = _open(db)
    rows = dyad_series(con, a, b, by=by, role=role, include_headlines=with_headlines, **days)
    cols = ["period", "direction"] + (["source_role", "target_role"] if role else []) + [
        "events", "q1_verbal_coop", "q2_material_coop", "q3_verbal_conflict", "q4_material_conflict",
        "goldstein_sum", "goldstein_mean", "net_coop", "net_coop_share", "inferred_date_events"]
    short = {"inferred_date_events": "dated by window*", "source_role": "src", "target_role": "tgt", "q1_verbal_coop": "q1", "q2_material_coop": "q2",
             "q3_verbal_conflict": "q3", "q4_material_conflict": "q4", "goldstein_sum": "gold sum",
             "goldstein_mean": "gold mean", "net_coop": "net", "net_coop_share": "net share"}
    _emit(rows, fmt, cols, f"{a.upper()} <-> {b.upper()} by {by} (net = (q1+q2)-(q3+q4))", short)
    if fmt == "table" and any(r["inferred_date_events"] for r in rows):
        console.print("* events of undated articles, placed at the first day of the date window inferred from "
                      "their text, not at a date the text gives", highlight=False)


@app.command("export")
def export_cmd(
    fmt: str = typer.Option(..., "--format", help="gdelt | parquet | csv | jsonl"),
    output: str = typer.Option(..., "--output", help="Directory to write into."),
    force: bool = typer.Option(False, "--force", help="Write into an existing directory, replacing files."),
    with_headlines: bool = typer.Option(False, "--with-headlines",
                                        help="Export events coded from headlines too (not in GDELT's tables)."),
    db: str = DbOption,
) -> None:
    """Export events (GDELT 2.0 event + mentions tables), documents, mentions and pledges."""
    from dyadwatch.run import update_derived
    from dyadwatch.store.export import FORMATS, export

    _check_format(fmt, FORMATS)
    con = _open(db)
    try:
        update_derived(con)  # the export reads event clusters as stored
        result = export(con, fmt, output, force=force, include_headlines=with_headlines)
    except DyadwatchError as exc:
        fail(str(exc))
    for path in result["files"]:
        console.print(path, highlight=False)
    console.print(", ".join(f"{k}: {v} rows" for k, v in result["rows"].items()), highlight=False)
