"""JSON API routes (GET only). Thin: validate parameters, call a query or library function, return it."""
from __future__ import annotations

from dataclasses import is_dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from dyadwatch.analyse import agreements, alerts, dyads
from dyadwatch.analyse import threads as thread_stage
from dyadwatch.records import to_dict
from dyadwatch.serve import queries as Q
from dyadwatch.serve.app import cached, get_con, scratch_connection
from dyadwatch.serve.params import (
    ActorList, AgreementId, Cameo, Code, Cursor, DocId, EventCount, EventId, Headlines, Level, Limit, LookupLimit,
    MinEvents, Offset, OptionalId, Quad, RequiredCode, Role, Root, RoundId, Since, SinceTime, Text, Until, Version,
)
from dyadwatch.store.filters import Where
from dyadwatch.store.rounds import recent_rounds

router = APIRouter(prefix="/api", tags=["api"])
THREADS_MAX_EVENTS = 20_000  # the threads stage compares proposals with every event: keep its input bounded

Con = Annotated[duckdb.DuckDBPyConnection, Depends(get_con)]


def check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise Q.QueryError(f"since ({since}) is after until ({until})")


@router.get("/stats")
def get_stats(request: Request, con: Con, headlines: Headlines = False) -> dict:
    """Counts of documents, events, quad classes, pledges and threads; the covered date range."""
    if headlines:
        return cached(request, ("stats", True), lambda: Q.stats(con, include_headlines=True))
    return cached(request, ("stats",), lambda: Q.stats(con))


@router.get("/events")
def get_events(
    con: Con,
    source: Code = None,
    target: Code = None,
    actor: Code = None,
    role: Role = None,
    cameo: Cameo = None,
    root: Root = None,
    quad: Quad = None,
    since: Since = None,
    until: Until = None,
    q: Text = None,
    doc_id: OptionalId = None,
    agreement: Annotated[str | None, Query(max_length=128, description="Agreement register id")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    headlines: Headlines = False,
) -> dict:
    """Events, newest first, filtered; page through with `next_cursor`. Each says where its target came
    from (`target_origin`), the model's `score` for a model event, and whether it is a `headline` event."""
    filt = Q.EventFilter(
        source=_code(source), target=_code(target), actor=_code(actor), role=_code(role), cameo=cameo, root=root,
        quad=quad, since=since, until=until, q=q, doc_id=doc_id, agreement=agreement,
    )
    return Q.list_events(con, filt, limit=limit, cursor=cursor, include_headlines=headlines)


@router.get("/events/{event_id}")
def get_event(con: Con, event_id: EventId) -> dict:
    """One event with its spans and a link to its sentence in the document."""
    found = Q.events_by_id(con, [event_id]).get(event_id)
    if not found:
        raise HTTPException(404, f"no event {event_id!r}")
    found["spans"] = Q.event_spans(found)
    found["link"] = f"/documents/{found['doc_id']}#e-{event_id}"
    return found


@router.get("/dyads")
def get_top_dyads(request: Request, con: Con, limit: Limit = 20, level: Level = "country",
                  headlines: Headlines = False) -> dict:
    """The most active pairs of actors (undirected)."""
    key = ("dyads", limit, level) + ((True,) if headlines else ())
    return {"dyads": cached(request, key, lambda: Q.top_dyads(con, limit=limit, level=level,
                                                              include_headlines=headlines))}


@router.get("/dyad")
def get_dyad(
    con: Con,
    a: RequiredCode,
    b: RequiredCode,
    by: Literal["day", "week", "month"] = "month",
    role: Annotated[bool, Query(description="Keep actor roles apart (FRAGOV vs FRA)")] = False,
    since: Since = None,
    until: Until = None,
    events: EventCount = 0,
    headlines: Headlines = False,
) -> dict:
    """A dyad's time series (both directions, quad counts, Goldstein sum and mean)."""
    check_range(since, until)
    a, b = _code(a), _code(b)
    series = dyads.dyad_series(con, a, b, by=by, role=role, since=since, until=until, include_headlines=headlines)
    out: dict[str, Any] = {"a": a, "b": b, "by": by, "series": _jsonable(series)}
    if events:
        out["events"] = Q.dyad_events(con, a, b, since=since, until=until, limit=events, include_headlines=headlines)
    return out


@router.get("/network")
def get_network(
    request: Request,
    con: Con,
    since: Since = None,
    until: Until = None,
    level: Level = "country",
    min_events: MinEvents = 1,
    limit: Limit = 200,
    headlines: Headlines = False,
) -> dict:
    """Actors as nodes, undirected edges weighted by events with net cooperation."""
    check_range(since, until)
    key = ("network", since, until, level, min_events, limit) + ((True,) if headlines else ())
    return cached(
        request, key, lambda: Q.network(con, since=since, until=until, level=level, min_events=min_events, limit=limit,
                                        include_headlines=headlines)
    )


@router.get("/pledges")
def get_pledges(
    con: Con,
    actor: Code = None,
    status: Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z_ -]*$",
                                        description="planned, done, ...")] = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> dict:
    """Pledges, proposals and plans with amount (and US$), deadline, status and evidence (event_id)."""
    if not Q.has_table(con, "pledges"):
        return {"pledges": [], "count": 0}
    pledges, total = Q.pledges_page(con, actor=_code(actor), status=status or None, limit=limit, offset=offset)
    return {"pledges": pledges, "count": total, "offset": offset, "limit": limit}


@router.get("/threads")
def get_threads(
    request: Request,
    con: Con,
    actor: Code = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 200,
) -> dict:
    """Each proposal with its answers in date order (optionally only where `actor` takes part)."""
    check_range(since, until)
    threads = build_threads(request, con, actor=_code(actor), since=since, until=until)
    return {"threads": threads[:limit], "count": len(threads)}


@router.get("/agreements")
def get_agreements(con: Con) -> dict:
    """The agreement register with the number of events naming each, then proposed organisations."""
    register = agreements.AgreementRegister.load()
    return {"agreements": _jsonable(agreements.register_summary(con, register))}


@router.get("/agreements/{agreement_id}")
def get_agreement_timeline(con: Con, agreement_id: AgreementId) -> dict:
    """Events naming one agreement, in date order, with answers to proposals."""
    entry = agreements.AgreementRegister.load().get(agreement_id)
    if entry is None:
        raise HTTPException(404, f"no agreement {agreement_id!r} in the register")
    return {"agreement": _jsonable(entry), "timeline": _jsonable(agreements.agreement_timeline(con, agreement_id))}


@router.get("/rounds")
def get_rounds(con: Con, limit: Limit = 20) -> dict:
    """The watcher's latest rounds, newest first: when, sources, items seen and new, documents stored,
    events added, errors (one line each). Empty when no watcher has written into the database."""
    return {"rounds": watch_rounds(con, limit)}


@router.get("/alerts")
def get_alerts(
    request: Request,
    con: Con,
    since: SinceTime = None,
    round: RoundId = None,  # noqa: A002 (the parameter's name in the URL)
    actors: ActorList = None,
    threshold: Annotated[float, Query(ge=0, le=40, description="Goldstein points a dyad's weekly mean must "
                                      "move by")] = alerts.DEFAULT_SHIFT_THRESHOLD,
    kind: Annotated[list[str] | None, Query(max_length=8, description="Alert kinds (all by default): "
                                            + ", ".join(alerts.ALERT_KINDS))] = None,
    limit: Limit = 50,
) -> dict:
    """Alerts, newest evidence first: a country dyad whose weekly Goldstein mean moved by more than
    `threshold`, and rejections, threats and uses of force involving a watched actor (`actors`, else
    the ones the server watches). `since` (a time) or `round` (a watcher round): only what was stored
    since then."""
    watched = watched_actors(request, actors)
    options = alert_options(con, since=since, round_id=round, watch_actors=watched, threshold=threshold)
    key = ("alerts", options, tuple(kind or ()), limit)
    try:
        found = cached(request, key, lambda: alerts.find_alerts(con, options, kinds=kind or None, limit=limit))
    except ValueError as exc:  # an unknown kind
        raise Q.QueryError(f"kind: {exc}") from exc
    return {"alerts": _jsonable(found), "count": len(found), "watch_actors": list(watched),
            "since": options.since.isoformat(timespec="seconds") if options.since else None}


def watch_rounds(con: duckdb.DuckDBPyConnection, limit: int) -> list[dict]:
    """Recent rounds as dicts; none in a database no watcher wrote (or one from before rounds existed)."""
    if not Q.has_table(con, "watch_rounds"):
        return []
    return [r.as_dict() for r in recent_rounds(con, limit)]


def watched_actors(request: Request, actors: str | None) -> tuple[str, ...]:
    """The actors asked for (`actors=JPN,USA`), else the ones the app was started with."""
    try:
        return alerts.watch_actor_codes(actors) if actors is not None else request.app.state.watch_actors
    except ValueError as exc:
        raise Q.QueryError(f"actors: {exc}") from exc


def alert_options(
    con: duckdb.DuckDBPyConnection,
    *,
    since: datetime | None = None,
    round_id: int | None = None,
    watch_actors: tuple[str, ...] = (),
    threshold: float = alerts.DEFAULT_SHIFT_THRESHOLD,
) -> alerts.AlertOptions:
    if since is not None and round_id is not None:
        raise Q.QueryError("since, round: give one of them, not both")
    if round_id is not None:
        if not Q.has_table(con, "watch_rounds"):
            raise Q.QueryError(f"round: no watcher round {round_id} in this database")
        try:
            since = alerts.since_round(con, round_id)
        except ValueError as exc:
            raise Q.QueryError(f"round: {exc}") from exc
    return alerts.AlertOptions(since=since, watch_actors=watch_actors, shift_threshold=threshold)


@router.get("/documents")
def get_documents(con: Con, limit: Limit = 50) -> dict:
    """Documents (latest versions), newest first."""
    return {"documents": Q.documents_list(con, limit=limit)}


@router.get("/documents/{doc_id}")
def get_document(con: Con, doc_id: DocId, version: Version = None) -> dict:
    """A document's clean text, removed lines, and every event's source, verb and target spans."""
    doc = Q.get_document(con, doc_id, version)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}" + (f" version {version}" if version else ""))
    return doc


@router.get("/actors")
def get_actors(
    con: Con,
    q: Annotated[str, Query(max_length=64, description="Code prefix or part of a name")] = "",
    limit: LookupLimit = 20,
) -> dict:
    """Actor look-up for autocompletion."""
    return {"actors": Q.lookup_actors(con, q, limit=limit)}


def build_threads(
    request: Request,
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[dict]:
    """Proposal -> answer threads, computed without writing, once per filter while the app runs.

    With filters, the threads stage sees only the events in the date range that involve `actor` or
    have no target (an answer may be addressed to nobody).
    """
    if not Q.has_table(con, "current_events"):
        return []
    filters = Where()
    if actor:  # the actor's events, and targetless events that may answer its proposals
        filters.add("(starts_with(source, ?) OR starts_with(target, ?) OR target IS NULL)", *[actor.upper()] * 2)
    filters.date_range("event_day", since, until)
    where, params = filters.sql, filters.params
    key = ("threads", actor and actor.upper(), since, until)
    if key not in request.app.state.cache:
        n = con.execute(f"SELECT count(*) FROM current_events WHERE {where}", params).fetchone()[0]
        if n > THREADS_MAX_EVENTS:
            raise Q.QueryError(
                f"threads over {n:,} events would take minutes: narrow them with actor= or since=/until= "
                f"(at most {THREADS_MAX_EVENTS:,} events)"
            )

    def compute() -> list[dict]:
        scratch = scratch_connection(request.app.state.scratch_source,
                                     events_where=where if filters.clauses else None, params=params)
        try:
            threads = [_record(t) for t in thread_stage.build_threads(scratch, store=False)]
        finally:
            scratch.close()
        if actor:  # keep threads the actor is part of
            threads = [t for t in threads if any(str(t.get(k) or "").startswith(actor.upper())
                                                 for k in ("proposer", "responder"))]
        return threads

    return cached(request, key, compute)


def _code(value: str | None) -> str | None:
    """An actor code as the store writes it ('  jpn ' -> 'JPN'); empty -> None (no filter)."""
    return (value or "").strip().upper() or None


def _record(value: Any) -> Any:
    return _jsonable(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    return value
