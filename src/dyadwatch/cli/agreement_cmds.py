"""`dyadwatch agreements` and `dyadwatch agreement NAME`: the treaty/alliance register and timelines."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from dyadwatch.cli.common import DbOption, app, console, fail
from dyadwatch.errors import DyadwatchError

FORMATS = ("table", "json")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not '{fmt}'", code=2)


def _open(db: str):
    from dyadwatch.store.db import open_db

    if not Path(db).exists():
        fail(f"{db}: no such database (create one with `dyadwatch ingest FILES --db {db}`)")
    return open_db(db, read_only=True)  # read only: works while `dyadwatch serve` has it open


@app.command()
def agreements(
    db: str = DbOption,
    fmt: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """The register of treaties, alliances and forums with event counts, plus proposed organisations."""
    from dyadwatch.analyse.agreements import AgreementRegister, register_summary

    _check_format(fmt)
    try:
        register = AgreementRegister.load()
        con = _open(db)
        rows = register_summary(con, register)
        con.close()
    except DyadwatchError as exc:
        fail(str(exc))
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    # Narrow terminals: the status goes under the name (both wrap at words), ids fold, inferred date windows wrap.
    table = Table(title="Agreements and organisations (dyadwatch agreement ID for a timeline)", title_justify="left")
    table.add_column("id", overflow="fold", max_width=14)
    table.add_column("name and status", ratio=1)
    table.add_column("kind")
    table.add_column("events", justify="right")
    table.add_column("since", max_width=12)
    known = sorted((r for r in rows if r["id"]), key=lambda r: (-r["events"], r["id"]))
    for row in known + [r for r in rows if not r["id"]]:
        since = row.get("in_force") or row.get("first_seen_text") or row.get("first_seen") or ""
        status = escape((row["status"] or "").split(";")[0])
        table.add_row(row["id"] or "(proposed)", f"{escape(row['name'])}\n[dim]{status}[/dim]", row["kind"],
                      str(row["events"]), str(since))
    console.print(table)


@app.command()
def agreement(
    name: str = typer.Argument(..., help="Register id or alias: NATO, SOFA, 'Japan-US Security Treaty', ..."),
    db: str = DbOption,
    fmt: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """One agreement's timeline: the events, proposals and answers that name it, with sentences.
    NAME may also be an organisation proposed in the stored articles ("Asian NATO")."""
    from dyadwatch.analyse.agreements import (
        AgreementRegister,
        agreement_timeline,
        proposed_names,
        proposed_timeline,
    )

    _check_format(fmt)
    try:
        register = AgreementRegister.load()
        con = _open(db)
        entry = register.find(name)
        if entry is not None:
            timeline = agreement_timeline(con, entry.id)
        else:
            timeline = proposed_timeline(con, name)
            known_proposed = proposed_names(con)
        con.close()
    except DyadwatchError as exc:
        fail(str(exc))
    if entry is None and not timeline:
        close = register.close_matches(name) + _close(name, known_proposed)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        fail(f"'{name}' is not in the agreement register nor among proposed organisations{hint} "
             "(see `dyadwatch agreements`)")
    if entry is None:
        payload = {"id": None, "name": timeline[0]["name"], "kind": "proposed",
                   "modelled_on": timeline[0]["modelled_on"], "timeline": timeline}
    else:
        payload = {
            "id": entry.id,
            "name": entry.name,
            "kind": entry.kind,
            "parties": entry.parties,
            "signed": entry.signed,
            "in_force": entry.in_force,
            "status": entry.status,
            "timeline": timeline,
        }
    if fmt == "json":
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    _print_timeline(payload, timeline)


def _close(name: str, names: list[str]) -> list[str]:
    from rapidfuzz import fuzz, process

    return [n for n, score, _ in process.extract(name, names, scorer=fuzz.WRatio, limit=3) if score >= 60]


def _print_timeline(info: dict[str, Any], timeline: list[dict[str, Any]]) -> None:
    if info["id"] is None:
        model = f", modelled on {info['modelled_on']}" if info.get("modelled_on") else ""
        console.print(f"[bold]{info['name']}[/bold] (proposed organisation{model}; no members)", highlight=False)
    else:
        console.print(
            f"[bold]{info['name']}[/bold] ({info['id']}, {info['kind']}; parties {', '.join(info['parties']) or '—'}; "
            f"signed {info['signed'] or '?'}, in force {info['in_force'] or '?'}; {info['status'] or 'status unknown'})",
            highlight=False,
        )
    if not timeline:
        console.print("No events in this database name it yet.")
        return
    table = Table("date", "kind", "who", "what", "sentence")
    for row in timeline:
        who = row.get("source") or "?"
        if row.get("target"):
            who += f" → {row['target']}"
        what = row.get("name") if row["kind"] == "proposed-organisation" else f"{row.get('cameo')} {row.get('plover') or ''}"
        table.add_row(row.get("date") or str(row.get("day") or "undated"), row["kind"], who, what or "", row.get("sentence") or "")
        for answer in row.get("answers") or []:
            table.add_row(
                answer.get("date") or str(answer.get("day") or ""), f"  answer: {answer['status']}", answer.get("source") or "", "",
                answer.get("sentence") or "",
            )
    console.print(table)
