"""`dyadwatch alerts`: what changed that a reader should look at (analyse/alerts.py), read-only."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import typer

from dyadwatch.cli.common import DbOption, JsonOption, WatchActorsOption, app, console, fail
from dyadwatch.cli.ingest_cmds import ConfigOption, _settings
from dyadwatch.errors import DyadwatchError


def watched_actors(option: str | None, settings) -> tuple[str, ...]:
    """--watch-actors when given, else the settings' watch_actors; exit 2 naming a bad code."""
    from dyadwatch.analyse.alerts import watch_actor_codes  # noqa: PLC0415 (commands import their library late)

    try:
        return watch_actor_codes(option if option is not None else settings.watch_actors)
    except ValueError as exc:
        fail(f"--watch-actors: {exc}", code=2)


def round_alerts(con, started_at: datetime, watched: tuple[str, ...]) -> list[str]:
    """One line per alert whose evidence a watcher round stored (since it started). Never raises: a
    failure is one line too, and the watcher goes on."""
    from dyadwatch.analyse.alerts import AlertOptions, find_alerts  # noqa: PLC0415

    try:
        found = find_alerts(con, AlertOptions(since=started_at, watch_actors=watched))
    except Exception as exc:  # noqa: BLE001 (a report about the round must not stop the watcher)
        return [f"  alerts not computed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"]
    return [f"  alert {alert.kind}: {alert.message}" for alert in found]


def parse_since(text: str) -> datetime:
    """'2026-12-02' or '2026-12-02T17:30[:00]' (local time; a zone is converted to it)."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        fail(f"--since: '{text}' is not a day or a time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)", code=2)


@app.command()
def alerts(
    db: str = DbOption,
    since: str = typer.Option(None, "--since", help="Only what was stored since this day or time "
                              "(YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time)."),
    round_id: int = typer.Option(None, "--round", min=1, help="Only what watcher round N or a later one stored."),
    watch_actors: str = WatchActorsOption,
    threshold: float = typer.Option(3.0, "--threshold", min=0.0,
                                    help="Goldstein points a dyad's weekly mean must move by."),
    kind: list[str] = typer.Option(None, "--kind", help="Only this alert kind (repeatable): dyad_shift, "
                                   "conflict_involving."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many alerts, newest first."),
    as_json: bool = JsonOption,
    config: str = ConfigOption,
) -> None:
    """Alerts, newest first: country dyads whose weekly Goldstein mean moved by more than --threshold,
    and threats, rejections and uses of force involving a watched actor; each with its evidence."""
    from dyadwatch.analyse.alerts import AlertOptions, find_alerts, since_round  # noqa: PLC0415
    from dyadwatch.records import to_dict  # noqa: PLC0415

    if since and round_id:
        fail("give --since or --round, not both", code=2)
    settings = _settings(config)
    watched = watched_actors(watch_actors, settings)
    moment = parse_since(since) if since else None
    con = _open_read_only(db)
    try:
        if round_id:
            if not _has_rounds(con):  # a database no watcher wrote into
                raise ValueError(f"no watcher round {round_id} in this database")
            moment = since_round(con, round_id)
        found = find_alerts(con, AlertOptions(since=moment, watch_actors=watched, shift_threshold=threshold),
                            kinds=kind or None, limit=limit)
    except ValueError as exc:
        fail(f"{db}: {exc}", code=2)
    finally:
        con.close()
    if as_json:
        print(json.dumps({"database": db, "watch_actors": list(watched),
                          "since": moment.isoformat(timespec="seconds") if moment else None,
                          "alerts": [to_dict(a) for a in found]}, ensure_ascii=False))
        return
    _print_alerts(found, watched, moment)


def _open_read_only(db: str):
    from dyadwatch.store.db import open_db  # noqa: PLC0415

    if not Path(db).exists():
        fail(f"{db}: no such database (create one with `dyadwatch ingest FILES --db {db}`)")
    try:
        return open_db(db, read_only=True)  # read only: works beside `dyadwatch serve`
    except DyadwatchError as exc:
        from dyadwatch.watch.inbox import Inbox  # noqa: PLC0415

        pid = Inbox(db).watcher_pid()
        if pid is not None:  # the watcher owns the file: nobody else may open it
            fail(f"{db} is watched by `dyadwatch watch` (PID {pid}), which owns the file; read /api/alerts "
                 f"from it (start the watcher with --serve) or stop it and run this again")
        fail(str(exc))


def _has_rounds(con) -> bool:
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'watch_rounds'").fetchone()
    return bool(found and found[0])


def _print_alerts(found: list, watched: tuple[str, ...], since: datetime | None) -> None:
    scope = f"since {since.isoformat(sep=' ', timespec='seconds')}" if since else "in the whole database"
    console.print(f"{len(found)} alert(s) {scope}; watched actors: {', '.join(watched) or 'none'}",
                  highlight=False, soft_wrap=True)
    if not watched:
        console.print("(threats, rejections and force are reported for watched actors only: --watch-actors "
                      "JPN,USA or watch_actors in the settings)", highlight=False, soft_wrap=True)
    for alert in found:
        stored = alert.stored_at.isoformat(sep=" ", timespec="seconds") if alert.stored_at else "-"
        console.print(f"{stored}  {alert.kind:<18}  {alert.message}", highlight=False, soft_wrap=True, markup=False)
        if alert.sentence:
            console.print(f"    evidence: {alert.sentence}", highlight=False, soft_wrap=True, markup=False)
