"""`dyadwatch demo` and `dyadwatch brief`: the founding story, read back from the store."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from dyadwatch.analyse import story
from dyadwatch.analyse.brief import usd_text
from dyadwatch.cli.common import JsonOption, QuietOption, app, console, fail, warn
from dyadwatch.errors import DyadwatchError

DEMO_DB = "dyadwatch-demo.duckdb"


@app.command()
def demo(
    db: str = typer.Option(DEMO_DB, "--db", help="Database to (re)build from the sample corpus."),
    quiet: bool = QuietOption,
    as_json: bool = JsonOption,
) -> None:
    """Build a fresh database from the bundled samples and show the Japan–US story it holds."""
    from dyadwatch.run import build_sample_db
    from dyadwatch.settings import load_settings
    from dyadwatch.store.db import open_db

    settings = load_settings(db=db, quiet=quiet)
    try:
        if quiet or as_json:
            counts = build_sample_db(db, settings, on_error=lambda e: warn(str(e)))
        else:
            with console.status("Reading, cleaning and coding the sample corpus…"):
                counts = build_sample_db(db, settings, on_error=lambda e: warn(str(e)))
        con = open_db(db, read_only=True)
        report = story.demo_report(con, "JPN", "USA")
        con.close()
    except DyadwatchError as exc:
        fail(str(exc))
    report["database"] = str(Path(db).resolve())
    report["corpus"] = counts
    report["serve"] = f"dyadwatch serve --db {db}"
    report["brief"] = f"dyadwatch brief JPN USA --db {db}"
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    _print_demo(report)


def _print_demo(report: dict[str, Any]) -> None:
    counts = report["corpus"]
    console.print(
        f"[bold]dyadwatch demo[/bold]: {counts['read']} sample articles read, {counts['stored']} stored, "
        f"{counts['failed']} failed; {counts['events']} events, {counts['pledges']} pledges.",
        highlight=False,
    )
    article = report["article"]
    if article:
        console.rule(f"[bold]{article['title'] or article['url'] or Path(article['path']).name}")
        console.print(f"Source: {article['url'] or article['path']}\nDate: {article['dating']}", highlight=False)
        _print_removed(report["removed"])
    _print_card(report["card"])
    _print_agenda(report["agenda"], report["agenda_actor"], report.get("introduction") or [], report.get("aims") or [])
    console.rule()
    console.print(
        f"Database: {report['database']}\nDashboard: run [bold]{report['serve']}[/bold], then open "
        f"{report['dashboard']}\nBrief: [bold]{report['brief']}[/bold]",
        highlight=False,
    )


def _print_removed(rows: list[dict[str, Any]]) -> None:
    console.print(f"[bold]Junk removed by cleaning[/bold] ({len(rows)} lines, rule: line — why)")
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 2))
    table.add_column("rule", style="yellow", no_wrap=True)
    table.add_column("line")
    for row in rows:
        table.add_row(row["reason"], f"{row['text']} [dim]— {row['detail'] or row['reason']}[/dim]")
    console.print(table)


def _print_card(card: dict[str, Any]) -> None:
    console.rule(f"[bold]Alliance card: {card['a_name']} – {card['b_name']}")
    console.print(f"{card['events']} events in {card['documents']} article(s).", highlight=False)
    table = Table(title_justify="left", box=None, pad_edge=False)
    table.add_column("events (Goldstein sum)")
    for d in card["directions"]:
        table.add_column(f"{d['source']} → {d['target']}", justify="right")
    for i, label in enumerate(story.QUAD_LABELS.values()):
        cells = []
        for d in card["directions"]:
            q = d["by_quad"][i]
            cells.append(f"{q['events']}" + (f" ({q['goldstein_sum']:+.1f})" if q["events"] else ""))
        table.add_row(label, *cells)
    table.add_row(
        "[bold]all[/bold] (mean)",
        *[
            f"{d['events']} ({d['goldstein_sum']:+.1f}, mean {d['goldstein_mean']:+.2f})" if d["events"] else "0"
            for d in card["directions"]
        ],
    )
    console.print(table)
    if card["latest"]:
        console.print("[bold]Latest events[/bold]")
        for e in card["latest"][:3]:
            console.print(
                f"  {e['date']}  {e['source']} → {e['target']}  {e['cameo']} {e['cameo_label']} "
                f"({e['goldstein']:+.1f})\n    [dim]“{e['sentence']}”[/dim]",
                highlight=False,
            )
    for e in card.get("not_counted", []):
        console.print(
            f"  [yellow]not counted ({e['why']})[/yellow]  {e['source']} → {e['target']}  {e['cameo']} "
            f"{e['cameo_label']}\n    [dim]“{e['sentence']}”[/dim]",
            highlight=False,
        )
    _print_items("Open proposals", card["open_proposals"], brief=True)
    _print_items("Pledges", card["pledges"], brief=True)
    names = [f"{g['name']} ({g['mentions']})" for g in card["agreements"]]
    names += [f"{o.get('name')} (proposed)" for o in card["proposed_organisations"]]
    console.print(f"[bold]Agreements and forums[/bold]: {', '.join(names) if names else 'none named'}", highlight=False)


def _print_items(title: str, rows: list[dict[str, Any]], *, brief: bool = False) -> None:
    if not rows:
        console.print(f"[bold]{title}[/bold]: none recorded", highlight=False)
        return
    console.print(f"[bold]{title}[/bold]" + ("" if brief else f" ({len(rows)})"))
    for i, r in enumerate(rows, 1):
        head = f"  {i}. [bold]{r['what']}[/bold]  ({r['kind']}, {r['status']}; answer: {r['answer']})"
        console.print(head, highlight=False)
        if brief:
            continue
        amount = r["amount"]["text"] if r["amount"] else story.NO_AMOUNT
        if r["amount"] and r["amount"].get("usd"):
            amount += f" (≈ {usd_text(r['amount']['usd'])})"
        facts = [
            f"by {r['actor']}" + (f" (“{r['actor_text']}”)" if r["actor_text"] else ""),
            f"to {r['addressee']}" if r["addressee"] else "no addressee named",
            f"amount: {amount}",
            f"deadline: {r['deadline_text'] or r['deadline'] or story.NO_DATE}",
        ]
        console.print("     " + " · ".join(facts), highlight=False)
        if r["condition"]:
            console.print(f"     condition: {r['condition']}", highlight=False)
        if r.get("mode") == "hypothetical":
            console.print("     [yellow]the text states this hypothetically[/yellow]", highlight=False)
        if r["answer_sentence"]:
            console.print(f"     answer: [dim]“{r['answer_sentence']}”[/dim]", highlight=False)
        console.print(f"     [dim]“{r['sentence']}”[/dim]", highlight=False)
        if r.get("also_reported"):
            where = ", ".join(o["cite"] for o in r["also_reported"])
            console.print(f"     also reported by {len(r['also_reported'])} other article(s): {where}", highlight=False)


def _print_agenda(
    rows: list[dict[str, Any]], actor: str, introduction: list[dict[str, Any]], aims: list[dict[str, Any]]
) -> None:
    console.rule(f"[bold]Agenda of {story.country_name(actor)} ({actor}…) in this article")
    for intro in introduction:  # the sentence announcing the items below; not an item itself
        console.print(f"[bold]Introduction[/bold]: [dim]“{intro['sentence']}”[/dim]", highlight=False)
    _print_items("Proposals, plans and pledges", rows)
    if aims:  # shown, with their sentences, but not counted among the proposals
        _print_items("Other stated aims (no addressee, amount or deadline)", aims)


@app.command()
def brief(
    a: str = typer.Argument(..., help="First actor (code prefix), e.g. JPN."),
    b: str = typer.Argument(..., help="Second actor (code prefix), e.g. USA."),
    since: str = typer.Option(None, "--since", help="Only events on or after this date (YYYY-MM-DD)."),
    fmt: str = typer.Option("md", "--format", help="md or html."),
    db: str = typer.Option("dyadwatch.duckdb", "--db", help="DuckDB database file."),
) -> None:
    """A cited brief on the relation between A and B, written from stored records only."""
    from dyadwatch.analyse.brief import render_brief
    from dyadwatch.store.db import open_db

    if fmt not in ("md", "html"):
        fail(f"--format {fmt}: use md or html", code=2)
    try:
        since_day = date.fromisoformat(since) if since else None
    except ValueError:
        fail(f"--since {since}: not a date (use YYYY-MM-DD)", code=2)
    if not Path(db).exists():
        fail(f"{db}: no such database (build one with `dyadwatch ingest` or `dyadwatch demo`)")
    try:
        con = open_db(db, read_only=True)
        text = render_brief(con, a.upper(), b.upper(), since=since_day, fmt=fmt)
        con.close()
    except DyadwatchError as exc:
        fail(str(exc))
    print(text, end="")
