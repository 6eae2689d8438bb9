"""Alerts: what changed in the stored events that a reader watching the news should look at.

Each alert kind is a function over a database connection, registered by name in ALERT_KINDS, that
returns `Alert` records (records.py) with their evidence (event ids, a sentence). Alerts are computed
from stored rows each time they are asked for: nothing is cached or written.

"New" means stored at or after `AlertOptions.since` (documents.ingested_at, in the database's local
time, as the watcher's round times are): the alerts since a round are those whose evidence that round
or a later one stored (`since_round`).

Kinds:
- dyad_shift: a country dyad whose weekly Goldstein mean (both directions together, as on the dyad
  page) moved by more than `shift_threshold` between its last two weeks with events.
- conflict_involving: a rejection (CAMEO 12), threat (13) or use of force (18, 19, 20) involving a
  watched actor (code prefix: "JPN" watches JPNGOV, JPNMIL ...); asserted events only, not negated.
  Reports of one real-world event (one cluster, or one sentence coded twice) make one alert.
- pledge_update: a commitment seen again (restated, raised or cut with the new amount) or reported
  fulfilled, broken or withdrawn, as the pledge tracker (analyse/pledge_tracker.py) follows it; one alert
  per pledge, for its newest such entry, new when that entry's document was stored since `since`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from dyadwatch.analyse.dyads import PERIODS
from dyadwatch.analyse.story import cameo_labels
from dyadwatch.records import Alert
from dyadwatch.store.rounds import round_started_at

DEFAULT_SHIFT_THRESHOLD = 3.0
CONFLICT_ROOTS = {"12": "rejection", "13": "threat", "18": "use of force", "19": "use of force", "20": "use of force"}
COUNTRY_CODE = "[A-Z]{3}"  # a country (JPN); '---' (no country) is not one
ACTOR_CODE = re.compile(r"^[A-Z0-9-]+$")


@dataclass(frozen=True, slots=True)
class AlertOptions:
    since: datetime | None = None  # only alerts whose evidence was stored at or after this time
    watch_actors: tuple[str, ...] = ()  # actor code prefixes for conflict_involving
    shift_threshold: float = DEFAULT_SHIFT_THRESHOLD  # Goldstein points between two weeks' means

    def __post_init__(self) -> None:
        if self.since is not None and self.since.tzinfo is not None:
            # Stored times are the database's local time without a zone: compare like with like.
            object.__setattr__(self, "since", self.since.astimezone().replace(tzinfo=None))


AlertKind = Callable[[duckdb.DuckDBPyConnection, AlertOptions], list[Alert]]
ALERT_KINDS: dict[str, AlertKind] = {}


def alert_kind(name: str) -> Callable[[AlertKind], AlertKind]:
    """Register an alert kind under `name` (what Alert.kind says and `kinds=` selects)."""

    def register(function: AlertKind) -> AlertKind:
        ALERT_KINDS[name] = function
        return function

    return register


def find_alerts(
    con: duckdb.DuckDBPyConnection,
    options: AlertOptions | None = None,
    *,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[Alert]:
    """The alerts of every registered kind (or of `kinds`), newest evidence first."""
    options = options or AlertOptions()
    names = list(kinds) if kinds is not None else list(ALERT_KINDS)
    unknown = [n for n in names if n not in ALERT_KINDS]
    if unknown:
        raise ValueError(f"unknown alert kind {', '.join(unknown)} (known: {', '.join(ALERT_KINDS)})")
    found = [alert for name in names for alert in ALERT_KINDS[name](con, options)]
    found.sort(key=lambda a: (a.stored_at or datetime.min, a.day or date.min, a.kind, a.subject), reverse=True)
    return found[:limit] if limit is not None else found


def watch_actor_codes(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """'jpn, USA,CHN' (or a list of codes) -> ('JPN', 'USA', 'CHN'); ValueError naming a bad code."""
    if value is None:
        return ()
    parts = value.split(",") if isinstance(value, str) else [p for v in value for p in str(v).split(",")]
    codes = []
    for part in parts:
        code = part.strip().upper()
        if not code:
            continue
        if not ACTOR_CODE.match(code) or len(code) > 64:
            raise ValueError(f"watched actor {part.strip()[:40]!r} is not an actor code (letters, digits, '-': JPN)")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def since_round(con: duckdb.DuckDBPyConnection, round_id: int) -> datetime:
    """The time from which a round's stored rows count as new (its start); ValueError if no such round."""
    started = round_started_at(con, round_id)
    if started is None:
        raise ValueError(f"no watcher round {round_id} in this database")
    return started


# ------------------------------------------------------------------------------------ dyad_shift


@alert_kind("dyad_shift")
def dyad_shift(con: duckdb.DuckDBPyConnection, options: AlertOptions) -> list[Alert]:
    """Country dyads whose weekly Goldstein mean moved by more than the threshold between their last
    two weeks with events; new when an event of those two weeks was stored since `options.since`."""
    weeks = _last_two_weeks(con)
    by_dyad: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in weeks:
        by_dyad.setdefault((row["a"], row["b"]), []).append(row)
    moved = []
    for (a, b), rows in by_dyad.items():
        if len(rows) < 2:
            continue
        latest, before = sorted(rows, key=lambda r: r["week"], reverse=True)
        change = latest["mean"] - before["mean"]
        stored_at = max(latest["stored_at"], before["stored_at"])
        if abs(change) > options.shift_threshold and (options.since is None or stored_at >= options.since):
            moved.append((a, b, latest, before, change, stored_at))
    # The leading evidence: the event of the latest week that pulled the mean the most its way.
    ordered = {(a, b): (latest["event_ids"] if change < 0 else list(reversed(latest["event_ids"])))
               for a, b, latest, _before, change, _at in moved}
    evidence = _event_evidence(con, [ids[0] for ids in ordered.values()])
    alerts = []
    for a, b, latest, before, change, stored_at in moved:
        ids = ordered[(a, b)]
        doc_id, sentence = evidence.get(ids[0], (None, None))
        way = "fell" if change < 0 else "rose"
        message = (f"{a}-{b}: weekly Goldstein mean {way} from {before['mean']:+.1f} ({before['label']}, "
                   f"{_events(before['events'])}) to {latest['mean']:+.1f} ({latest['label']}, "
                   f"{_events(latest['events'])}), by {abs(change):.1f}")
        alerts.append(Alert(kind="dyad_shift", subject=f"{a}-{b}", message=message, day=latest["week"],
                            stored_at=stored_at, event_ids=ids, sentence=sentence, doc_id=doc_id))
    return alerts


def _last_two_weeks(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per undirected country dyad, its last two weeks with events: mean Goldstein, events, the
    latest storage time, the event ids from most conflictual to most cooperative."""
    week_label = PERIODS["week"].replace("event_day", "week")  # the dyad page's week names: 2026-W48
    sql = f"""
        WITH coded AS (
            SELECT ce.event_id, ce.event_day, ce.goldstein, d.ingested_at,
                   coalesce(nullif(ce.source_country, ''), substr(ce.source, 1, 3)) AS sc,
                   coalesce(nullif(ce.target_country, ''), substr(ce.target, 1, 3)) AS tc
            FROM current_events ce JOIN documents d ON d.doc_id = ce.doc_id AND d.version = ce.version
            WHERE ce.event_day IS NOT NULL
        ), weekly AS (
            SELECT least(sc, tc) AS a, greatest(sc, tc) AS b, date_trunc('week', event_day)::DATE AS week,
                   count(*) AS events, avg(goldstein) AS mean, max(ingested_at) AS stored_at,
                   list(event_id ORDER BY goldstein, event_id) AS event_ids
            FROM coded
            WHERE regexp_full_match(sc, ?) AND regexp_full_match(tc, ?) AND sc <> tc
            GROUP BY ALL
        )
        SELECT a, b, week, {week_label} AS label, events, mean, stored_at, event_ids FROM weekly
        QUALIFY row_number() OVER (PARTITION BY a, b ORDER BY week DESC) <= 2
    """
    cur = con.execute(sql, [COUNTRY_CODE, COUNTRY_CODE])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _events(n: int) -> str:
    return f"{n} event" + ("" if n == 1 else "s")


def _event_evidence(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, tuple[str, str]]:
    """event id -> (doc_id, sentence), in one query."""
    if not event_ids:
        return {}
    found = con.execute("SELECT event_id, doc_id, sentence FROM events WHERE list_contains(?, event_id)",
                        [event_ids]).fetchall()
    return {event_id: (doc_id, sentence) for event_id, doc_id, sentence in found}


# ------------------------------------------------------------------------------------ conflict_involving


def _reports(events: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Events grouped by the real-world act they report: one cluster (several outlets), or one
    sentence coded twice for one source and act (with and without its target)."""
    groups: list[list[dict[str, Any]]] = []
    by_key: dict[tuple, int] = {}
    for event in events:
        keys = [("sentence", event["doc_id"], event["sentence_index"], event["source"], event["cameo_root"])]
        if event["cluster_id"]:
            keys.append(("cluster", event["cluster_id"]))
        found = next((by_key[k] for k in keys if k in by_key), None)
        if found is None:
            found = len(groups)
            groups.append([])
        groups[found].append(event)
        for key in keys:
            by_key.setdefault(key, found)
    return groups


@alert_kind("conflict_involving")
def conflict_involving(con: duckdb.DuckDBPyConnection, options: AlertOptions) -> list[Alert]:
    """Rejections, threats and uses of force involving a watched actor, asserted and not negated;
    one alert per reported real-world event (cluster), new when stored since `options.since`."""
    if not options.watch_actors:
        return []
    sides = " OR ".join("starts_with(ce.source, ?) OR starts_with(ce.target, ?)" for _ in options.watch_actors)
    params: list[Any] = [list(CONFLICT_ROOTS)]
    params += [code for code in options.watch_actors for _side in (0, 1)]
    since = ""
    if options.since is not None:
        since = "AND d.ingested_at >= ?"
        params.append(options.since)
    sql = f"""
        SELECT ce.event_id, ce.doc_id, ce.sentence_index, ce.event_day, ce.source, ce.target, ce.cameo,
               ce.cameo_root, ce.sentence, d.ingested_at, c.cluster_id
        FROM current_events ce
        JOIN documents d ON d.doc_id = ce.doc_id AND d.version = ce.version
        LEFT JOIN event_clusters c ON c.event_id = ce.event_id
        WHERE list_contains(?, ce.cameo_root) AND NOT ce.negated AND ce.mode = 'asserted' AND ({sides}) {since}
        ORDER BY d.ingested_at DESC, ce.event_day DESC NULLS LAST, ce.event_id
    """
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    labels = cameo_labels()
    alerts = []
    for events in _reports(dict(zip(names, row)) for row in cur.fetchall()):
        lead = next((e for e in events if e["target"]), events[0])  # the newest report naming a target
        actors = {e[side] for e in events for side in ("source", "target") if e[side]}
        watched = [code for code in options.watch_actors if any(actor.startswith(code) for actor in actors)]
        what = CONFLICT_ROOTS[lead["cameo_root"]]
        label = (labels.get(lead["cameo"]) or labels.get(lead["cameo_root"], "")).replace(", not specified below", "")
        reports = len({(e["doc_id"], e["sentence_index"]) for e in events})
        message = (f"{what}: {lead['source'] or '?'} -> {lead['target'] or '?'}: {label} (CAMEO {lead['cameo']})"
                   + (f", {lead['event_day'].isoformat()}" if lead["event_day"] else "")
                   + (f", {reports} reports" if reports > 1 else ""))
        alerts.append(Alert(kind="conflict_involving", subject=",".join(watched), message=message,
                            day=lead["event_day"], stored_at=max(e["ingested_at"] for e in events),
                            event_ids=[lead["event_id"]] + [e["event_id"] for e in events if e is not lead],
                            sentence=lead["sentence"], doc_id=lead["doc_id"]))
    return alerts


UPDATE_KINDS = ("restated", "raised", "cut", "fulfilled", "partly fulfilled", "broken", "withdrawn")


@alert_kind("pledge_update")
def pledge_update(con: duckdb.DuckDBPyConnection, options: AlertOptions) -> list[Alert]:
    """Commitments with news after they were made, one alert per pledge for its newest update."""
    from dyadwatch.analyse.pledge_tracker import track_pledges

    tracked = [t for t in track_pledges(con) if any(e.kind in UPDATE_KINDS for e in t.history)]
    if not tracked:
        return []
    stored = dict(con.execute("SELECT doc_id, max(ingested_at) FROM documents GROUP BY doc_id").fetchall())
    alerts = []
    for t in tracked:
        update = [e for e in t.history if e.kind in UPDATE_KINDS][-1]
        stored_at = stored.get(update.doc_id)
        if options.since is not None and (stored_at is None or stored_at < options.since):
            continue
        amount = f" ({t.amount_text})" if t.amount_text else ""
        detail = f" to {update.amount_text}" if update.kind in ("raised", "cut") and update.amount_text else ""
        message = (f"pledge {update.kind}{detail}: {t.actor} {t.what}{amount}"
                   + (f", {update.day.isoformat()}" if update.day else "") + f"; {t.summary()}")
        alerts.append(Alert(kind="pledge_update", subject=t.actor, message=message, day=update.day,
                            stored_at=stored_at, event_ids=[], sentence=update.sentence, doc_id=update.doc_id))
    return alerts
