"""API latency on a synthetic database: p50/p95 per query (target: p95 < 200 ms on 2 cores).

    python benchmarks/api_latency.py [--events 100000] [--runs 30] [--db PATH] [--json]

The database is filled with DuckDB's range() (no NLP): documents with text, and events between 40
country actors with roles, CAMEO codes, quad classes, Goldstein values and dates over three years.
Requests go through FastAPI's TestClient (the full app: routing, validation, JSON).
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from dyadwatch.serve.app import create_app
from dyadwatch.store.db import open_db

COUNTRIES = ["JPN", "USA", "CHN", "KOR", "PRK", "RUS", "UKR", "IND", "PAK", "IRN", "ISR", "TUR", "DEU", "FRA",
             "GBR", "ITA", "ESP", "POL", "BRA", "MEX", "CAN", "AUS", "IDN", "VNM", "PHL", "THA", "MYS", "SGP",
             "EGY", "SAU", "ARE", "QAT", "AFG", "IRQ", "SYR", "NGA", "ZAF", "ETH", "KEN", "ARG"]
ROLES = ["", "GOV", "MIL", "ELI", "BUS"]
CODES = ["010", "020", "036", "040", "043", "057", "061", "071", "111", "112", "120", "130", "172", "190", "193"]


def fill(path: Path, n_events: int) -> None:
    con = open_db(path)
    n_docs = max(1, n_events // 50)
    con.execute("CREATE TEMP TABLE c AS SELECT unnest(?) AS code, generate_subscripts(?, 1) - 1 AS i", [COUNTRIES, COUNTRIES])
    con.execute("CREATE TEMP TABLE r AS SELECT unnest(?) AS role, generate_subscripts(?, 1) - 1 AS i", [ROLES, ROLES])
    con.execute("CREATE TEMP TABLE k AS SELECT unnest(?) AS code, generate_subscripts(?, 1) - 1 AS i", [CODES, CODES])
    con.execute(
        """
        INSERT INTO documents (doc_id, version, content_hash, path, url, title, published, source, language, text)
        SELECT 'doc' || i, 1, md5(i::VARCHAR), 'synthetic/' || i, 'https://example.org/' || i, 'Story ' || i,
               DATE '2022-01-01' + (i % 1095)::INTEGER, 'example.org', 'en',
               repeat('The minister said the alliance would be strengthened. ', 40)
        FROM range(?) t(i)
        """,
        [n_docs],
    )
    con.execute(
        """
        INSERT INTO events
        SELECT 'ev' || n, 'doc' || (n % ?), 1, DATE '2022-01-01' + ((n % ?) % 1095)::INTEGER, n % 40,
               'The minister said the alliance would be strengthened.', (n % 40) * 54,
               s.code || rs.role, s.code, (n % 40) * 54, (n % 40) * 54 + 12, s.code, s.code, nullif(rs.role, ''), NULL,
               t.code || rt.role, t.code, (n % 40) * 54 + 30, (n % 40) * 54 + 38, t.code, t.code, nullif(rt.role, ''), NULL,
               k.code, substr(k.code, 1, 2),
               CASE WHEN k.code < '050' THEN 1 WHEN k.code < '100' THEN 2 WHEN k.code < '150' THEN 3 ELSE 4 END,
               CASE WHEN k.code < '100' THEN 3.0 ELSE -5.0 END, NULL, 'strengthened', (n % 40) * 54 + 22,
               (n % 40) * 54 + 34, false, 'asserted', '* STRENGTHEN +', []
        FROM range(?) g(n)
        JOIN c s ON s.i = (n * 7) % 40
        JOIN c t ON t.i = (n * 7 + 1 + (n % 5)) % 40
        JOIN r rs ON rs.i = n % 5
        JOIN r rt ON rt.i = (n // 5) % 5
        JOIN k ON k.i = (n // 3) % 15
        """,
        [n_docs, n_docs, n_events],
    )
    con.execute(  # one pledge per 20 events, a third of them with an amount
        """
        INSERT INTO pledges (pledge_id, event_id, doc_id, version, actor, actor_text, kind, what, sentence,
                             sentence_index, addressee, amount_text, amount_value, amount_currency, amount_usd,
                             deadline, deadline_text, topics, status, published)
        SELECT 'p' || e.event_id, e.event_id, e.doc_id, 1, e.source, e.source_text, 'plan', 'strengthen the alliance',
               e.sentence, e.sentence_index, e.target,
               CASE WHEN n % 3 = 0 THEN '10 trillion yen' END, CASE WHEN n % 3 = 0 THEN 1e13 END,
               CASE WHEN n % 3 = 0 THEN 'JPY' END, CASE WHEN n % 3 = 0 THEN 6.6e10 END,
               DATE '2030-12-31', 'by 2030', ['defence'], 'planned', e.published
        FROM (SELECT *, row_number() OVER () AS n FROM events) e WHERE n % 20 = 0
        """
    )
    con.close()


QUERIES = {
    "events (first page)": "/api/events",
    "events actor+quad": "/api/events?actor=JPN&quad=1&limit=100",
    "events source/target/date": "/api/events?source=JPNGOV&target=USA&since=2023-01-01&until=2023-12-31",
    "events text search": "/api/events?q=alliance&limit=50",
    "events page 2 (cursor)": None,  # filled in at run time
    "events limit 1000": "/api/events?limit=1000",
    "dyad series (month)": "/api/dyad?a=JPN&b=USA&by=month",
    "dyad series (week, roles)": "/api/dyad?a=JPN&b=USA&by=week&role=true",
    "network": "/api/network",
    "top dyads": "/api/dyads?limit=20",
    "stats": "/api/stats",
    "pledges (actor)": "/api/pledges?actor=JPN&limit=200",
    "pledges (all, 1000)": "/api/pledges?limit=1000",
    "actor lookup": "/api/actors?q=JP",
    "document": "/api/documents/doc7",
    "page: overview": "/",
    "page: dyad": "/dyad?a=JPN&b=USA",
    "page: document": "/documents/doc7",
    "page: pledges": "/pledges",
    "threads (actor; cached after 1st)": "/api/threads?actor=JPN",
    "page: alliance (cached after 1st)": "/alliance?a=JPN&b=USA",
}


def measure(client: TestClient, url: str, runs: int) -> dict:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        res = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if res.status_code != 200:
            raise SystemExit(f"{url}: HTTP {res.status_code}: {res.text[:200]}")
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", help="keep the database here (default: a temporary file)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
        if not path.exists():
            start = time.perf_counter()
            fill(path, args.events)
            built = time.perf_counter() - start
        else:
            built = 0.0
        with TestClient(create_app(path)) as client:
            n = client.get("/api/stats").json()["events"]
            QUERIES["events page 2 (cursor)"] = "/api/events?cursor=" + client.get("/api/events").json()["next_cursor"]
            cold = {}
            for name, url in QUERIES.items():  # first call: before any cache of the app is filled
                start = time.perf_counter()
                client.get(url)
                cold[name] = round((time.perf_counter() - start) * 1000, 1)
            results = {name: measure(client, url, args.runs) | {"first_ms": cold[name]} for name, url in QUERIES.items()}
    if args.json:
        print(json.dumps({"events": n, "build_s": round(built, 1), "results": results}, indent=2))
        return
    print(f"{n:,} events (built in {built:.1f} s), {args.runs} runs per query")
    print(f"{'query':32} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for name, r in results.items():
        flag = "" if r["p95_ms"] < 200 else "  (over 200 ms)"
        print(f"{name:32} {r['first_ms']:>9} {r['p50_ms']:>8} {r['p95_ms']:>8}{flag}")


if __name__ == "__main__":
    main()
