"""Dashboard pages: server-rendered Jinja2; charts are drawn in the browser from the JSON API."""
from __future__ import annotations

import functools
import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import duckdb
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from dyadwatch.analyse import agreements, alerts, brief, story
from dyadwatch.serve import api
from dyadwatch.serve import queries as Q
from dyadwatch.serve.app import HERE, cached, scratch_connection
from dyadwatch.serve.highlight import render_article, render_sentence
from dyadwatch.serve.params import AgreementId, DocId, PageCode, Since, Version
from dyadwatch.records import sha256_hex
from dyadwatch.settings import DATA_DIR

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(HERE / "templates"))
Con = api.Con

OVERVIEW_ROUNDS = 5
OVERVIEW_ALERTS = 10
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@functools.lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    names: dict[str, str] = {}
    path = DATA_DIR / "cameo" / "CAMEO.eventcodes.txt"
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        code, _, name = line.partition("\t")
        names[code.strip()] = name.strip()
    return names


def short_paths(text: str | None) -> str:
    """'(/long/path/CAMEO.2.0.txt:3411)' -> '(CAMEO.2.0.txt:3411)': dictionary file and line, no directory."""
    return re.sub(r"(?:[A-Za-z]:)?[/\\][^\s():]*[/\\]([^/\\\s():]+:\d+)", r"\1", text or "")


def usd(value: float | None) -> str:
    """US$ in words a reader takes in at once: 'US$20 billion', 'US$67.5 million', 'US$950'."""
    if value is None:
        return ""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"US${value / size:,.1f}".rstrip("0").rstrip(".") + f" {word}"
    return f"US${value:,.0f}"


def stamp(value: str | datetime | None) -> str:
    """A stored time as the page's scripts compare it: ISO, to the millisecond, no zone ('' for none)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.isoformat(timespec="milliseconds")


def clock(value: str | datetime | None) -> str:
    """A stored time for reading: '2026-12-02 17:09:42'."""
    return stamp(value)[:19].replace("T", " ")


templates.env.filters["short_paths"] = short_paths
templates.env.filters["stamp"] = stamp
templates.env.filters["clock"] = clock
templates.env.filters["usd"] = usd
templates.env.filters["marked"] = render_sentence
templates.env.globals.update(quads=QUADS, cameo_names=cameo_names)


def home(request: Request) -> dict:
    """What the loaded database is about: its busiest country dyad (a, b; empty when it has none) and
    the first and last day of its events. Nav links and page defaults start from these."""

    def compute() -> dict:
        cur = request.app.state.con.cursor()
        try:
            top = Q.top_dyads(cur, 1)
            first, last = Q.event_span(cur)
        finally:
            cur.close()
        a, b = (top[0]["a"], top[0]["b"]) if top else ("", "")
        return {"a": a, "b": b, "first_day": first, "last_day": last}

    return cached(request, ("home",), compute)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"home": home(request), **context}, status_code=status)


def _pair(request: Request, a: str, b: str) -> tuple[str, str]:
    """The actors a page is about: the ones asked for, else the database's busiest dyad."""
    a, b = a.strip().upper(), b.strip().upper()
    if a or b:
        return a, b
    found = home(request)
    return found["a"], found["b"]


def _no_pair(request: Request, what: str, path: str) -> HTMLResponse:
    reason = (f"Pick two actors: {path}?a=CODE&b=CODE." if home(request)["a"]
              else "This database has no event with both actors coded yet, so there is no dyad to show.")
    return render(request, "missing.html", what=what, reason=reason, status=404)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, con: Con) -> HTMLResponse:
    seen_until = Q.latest_stored_time(con)  # first: whatever is stored after it is new at the next visit
    rounds = api.watch_rounds(con, OVERVIEW_ROUNDS)
    watched = request.app.state.watch_actors
    options = alerts.AlertOptions(watch_actors=watched)
    found = cached(request, ("alerts", options, (), OVERVIEW_ALERTS),
                   lambda: alerts.find_alerts(con, options, limit=OVERVIEW_ALERTS))
    return render(
        request,
        "overview.html",
        stats=cached(request, ("stats",), lambda: Q.stats(con)),
        latest=Q.with_stored_at(con, Q.latest_events(con, 10)),
        stored=Q.recently_stored_events(con, 10) if rounds else [],
        dyads=cached(request, ("dyads", 10, "country"), lambda: Q.top_dyads(con, 10)),
        documents=Q.documents_list(con, 10),
        rounds=rounds,
        alerts=api._jsonable(found),
        watched=watched,
        threshold=options.shift_threshold,
        seen_until=seen_until,
        visit_key=sha256_hex(str(Path(request.app.state.db_path).resolve()))[:16],
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    con: Con,
    actor: PageCode = "",
    root: Annotated[str | None, Query(pattern=r"^([0-9]{2})?$")] = None,
    quad: Annotated[str | None, Query(pattern=r"^[1-4]?$")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    agreement: Annotated[str | None, Query(max_length=128)] = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> HTMLResponse:
    actor = actor.strip().upper()
    filt = Q.EventFilter(actor=actor or None, root=root or None, quad=int(quad) if quad else None, q=q or None,
                         agreement=agreement or None)
    page = Q.list_events(con, filt, limit=50, cursor=cursor or None)
    form = {"actor": actor or "", "root": root or "", "quad": quad or "", "q": q or "", "agreement": agreement or ""}
    return render(request, "events.html", page=page, form=form)


@router.get("/dyad", response_class=HTMLResponse)
def dyad_page(
    request: Request,
    con: Con,
    a: PageCode = "",
    b: PageCode = "",
    by: Literal["day", "week", "month"] | None = None,
) -> HTMLResponse:
    a, b = _pair(request, a, b)  # nothing picked yet: the most active dyad
    events = Q.dyad_events(con, a, b, limit=200) if a and b else []
    by = by or _period_for([e["day"] for e in events if e.get("day")])
    directions = Q.dyad_directions(con, a, b) if a and b else []
    busy = cached(request, ("dyads", 8, "country"), lambda: Q.top_dyads(con, 8))
    return render(request, "dyad.html", a=a, b=b, by=by, events=events, directions=directions, dyads=busy)


def _period_for(days: list[str]) -> str:
    """The chart period that gives a readable number of bars for the dates at hand."""
    if not days:
        return "month"
    span = (date.fromisoformat(max(days)) - date.fromisoformat(min(days))).days
    return "day" if span <= 45 else "week" if span <= 200 else "month"


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, level: Literal["country", "actor"] = "country") -> HTMLResponse:
    return render(request, "network.html", level=level)


@router.get("/pledges", response_class=HTMLResponse)
def pledges_page(
    request: Request,
    con: Con,
    actor: PageCode = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    size = 100
    pledges, total = [], 0
    if Q.has_table(con, "pledges"):
        pledges, total = Q.pledges_page(con, actor=actor.strip() or None, limit=size, offset=(page - 1) * size)
        _with_history(con, pledges, actor.strip() or None)
    more = total > page * size
    return render(request, "pledges.html", pledges=pledges, total=total, page=page, more=more,
                  actor=actor.strip().upper(), error=None)


def _with_history(con, pledges: list[dict], actor: str | None) -> None:
    """Each pledge seen in more than one story gets the tracker's history line ("restated ...; raised
    to ...; no news since ...")."""
    from dyadwatch.analyse.pledge_tracker import track_pledges

    if not pledges or "commitment" not in pledges[0]:
        return  # a store older than migration m040
    history = {pid: t.summary() for t in track_pledges(con, actor=actor) if len(t.history) > 1
               for pid in t.pledge_ids}
    for p in pledges:
        p["history"] = history.get(p["pledge_id"])


@router.get("/threads", response_class=HTMLResponse)
def threads_page(request: Request, con: Con, actor: PageCode = "") -> HTMLResponse:
    error = None
    try:
        threads = api.build_threads(request, con, actor=actor.strip() or None)
    except Q.QueryError as exc:
        threads, error = [], f"{exc}. Pick an actor above."
    return render(request, "threads.html", threads=threads, error=error, actor=actor.strip().upper())


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, con: Con, doc_id: DocId, version: Version = None):
    doc = Q.get_document(con, doc_id, version)
    if doc is None:
        return render(request, "missing.html", what=f"document {doc_id}", status=404)
    article = render_article(doc["text"], doc["events"])
    return render(request, "document.html", doc=doc, article=article)


def _story_call(request: Request, what: str, call: Any) -> Any:
    """Run a story-stage function; its failure becomes a page saying why (never a 500)."""
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 (another stage's bug must not take the dashboard down)
        return render(request, "missing.html", what=what, reason=f"{type(exc).__name__}: {exc}", status=503)


def _pair_slice(request: Request, a: str, b: str) -> duckdb.DuckDBPyConnection:
    """A scratch connection whose current_events holds what a story about a and b can use: events
    with a or b on either side, and untargeted events (possible answers to their proposals)."""
    where, params = Q.pair_slice(a, b)
    return scratch_connection(request.app.state.scratch_source, events_where=where, params=params)


def _with_slice(request: Request, a: str, b: str, compute: Any) -> Any:
    con = _pair_slice(request, a, b)
    try:
        return compute(con)
    finally:
        con.close()


@router.get("/alliance", response_class=HTMLResponse)
def alliance_page(request: Request, a: PageCode = "", b: PageCode = "") -> HTMLResponse:
    a, b = _pair(request, a, b)
    if not (a and b):
        return _no_pair(request, "alliance card without two actors", "/alliance")

    def compute(con: duckdb.DuckDBPyConnection) -> dict:
        card = api._jsonable(story.alliance_card(con, a, b))
        # Introductions and stated aims are shown too, apart from the agenda items: nothing is hidden.
        return {"card": card, "agendas": {x: api._jsonable(story.agenda_sections(con, x)) for x in (a, b)}}

    def build() -> HTMLResponse:
        found = cached(request, ("alliance", a, b), lambda: _with_slice(request, a, b, compute))
        return render(request, "alliance.html", a=a, b=b, **found)

    return _story_call(request, "alliance card", build)


@router.get("/agreements", response_class=HTMLResponse)
def agreements_page(request: Request, con: Con) -> HTMLResponse:
    def build() -> HTMLResponse:
        register = agreements.AgreementRegister.load()
        summary = agreements.register_summary(con, register)
        proposed = [api._jsonable(r) for r in summary if r.get("kind") == "proposed"]
        return render(request, "agreements.html", agreements=api._jsonable(list(register)), proposed=proposed,
                      mentions=cached(request, ("agreement_mentions",), lambda: Q.agreement_mentions(con)))

    return _story_call(request, "agreement register", build)


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(
    request: Request, con: Con, agreement_id: AgreementId, proposed: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """One agreement (or, with ?proposed=NAME, one proposed organisation) and its timeline."""

    def build() -> HTMLResponse:
        if proposed:
            timeline, entry = agreements.proposed_timeline(con, proposed), {"name": proposed, "kind": "proposed"}
        else:
            found = agreements.AgreementRegister.load().get(agreement_id)
            if found is None:
                return render(request, "missing.html", what=f"agreement {agreement_id}", status=404)
            timeline, entry = agreements.agreement_timeline(con, agreement_id), api._jsonable(found)
        return render(request, "agreement.html", entry=entry, timeline=api._jsonable(timeline))

    return _story_call(request, "agreement timeline", build)


@router.get("/brief", response_class=HTMLResponse)
def brief_page(request: Request, a: PageCode = "", b: PageCode = "", since: Since = None) -> HTMLResponse:
    a, b = _pair(request, a, b)
    if not (a and b):
        return _no_pair(request, "brief without two actors", "/brief")
    raw = f"/brief/raw?{urlencode({'a': a, 'b': b, **({'since': since.isoformat()} if since else {})})}"
    return render(request, "brief.html", a=a, b=b, since=since, raw=raw)


@router.get("/brief/raw", response_class=HTMLResponse)
def brief_raw(request: Request, a: PageCode = "", b: PageCode = "", since: Since = None):
    """The story stage's standalone HTML brief, shown in the /brief page's frame."""
    a, b = _pair(request, a, b)
    if not (a and b):
        return _no_pair(request, "brief without two actors", "/brief/raw")

    def build() -> HTMLResponse:
        html = cached(request, ("brief", a, b, since), lambda: _with_slice(
            request, a, b, lambda con: brief.render_brief(con, a, b, since=since, fmt="html")))
        return HTMLResponse(html)

    return _story_call(request, "brief", build)


__all__ = ["router"]
