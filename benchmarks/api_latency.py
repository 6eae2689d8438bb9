"""API latency on a synthetic database: p50/p95 per route, cold and warm apart (target: warm p95 < 200 ms).

    python benchmarks/api_latency.py [--events 100000] [--requests 200] [--seed 7] [--story] [--only TEXT]
                                     [--db PATH] [--json]

The database is written row by row from a seeded generator (no NLP): documents whose text is their
events' sentences, and events between 40 countries (a few busy, most rare) with roles, 15 CAMEO codes
with their quad class and Goldstein value, varied sentences (actor, verb phrase, topic), days spread
over three years, some targetless and some undated events, and a pledge for one event in twenty.

Each route gets ``--requests`` different URLs drawn from the data (actors, dyads, date windows, codes,
words, ids, page sizes). Each URL is requested twice: cold, with the app's result cache emptied just
before (the first call for that URL), then warm (the same URL again). p95 is the nearest-rank 95th
percentile of those requests. Requests go through FastAPI's TestClient (routing, validation, JSON).

The story pages (alliance card) run the story stage over the pair's events on every cold call, which
takes seconds on a large store: they are measured only with --story (use fewer events or requests).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
from fastapi.testclient import TestClient

from dyadwatch.serve.app import create_app
from dyadwatch.serve.queries import encode_cursor
from dyadwatch.store.db import open_db

COUNTRIES = [
    ("USA", "the United States"), ("CHN", "China"), ("RUS", "Russia"), ("UKR", "Ukraine"), ("JPN", "Japan"),
    ("KOR", "South Korea"), ("PRK", "North Korea"), ("IND", "India"), ("PAK", "Pakistan"), ("IRN", "Iran"),
    ("ISR", "Israel"), ("TUR", "Turkey"), ("DEU", "Germany"), ("FRA", "France"), ("GBR", "Britain"),
    ("ITA", "Italy"), ("ESP", "Spain"), ("POL", "Poland"), ("BRA", "Brazil"), ("MEX", "Mexico"),
    ("CAN", "Canada"), ("AUS", "Australia"), ("IDN", "Indonesia"), ("VNM", "Vietnam"), ("PHL", "the Philippines"),
    ("THA", "Thailand"), ("MYS", "Malaysia"), ("SGP", "Singapore"), ("EGY", "Egypt"), ("SAU", "Saudi Arabia"),
    ("ARE", "the Emirates"), ("QAT", "Qatar"), ("AFG", "Afghanistan"), ("IRQ", "Iraq"), ("SYR", "Syria"),
    ("NGA", "Nigeria"), ("ZAF", "South Africa"), ("ETH", "Ethiopia"), ("KEN", "Kenya"), ("ARG", "Argentina"),
]
WEIGHTS = [1 / (rank + 1) ** 0.9 for rank in range(len(COUNTRIES))]  # a few busy countries, a long tail
ROLES = [("", ""), ("GOV", "government"), ("MIL", "armed forces"), ("ELI", "leaders"), ("BUS", "companies")]
VERBS = {  # CAMEO code: (verb phrases, quad class, Goldstein)
    "010": (["made a statement about", "commented on"], 1, 0.0),
    "020": (["appealed to", "urged"], 1, 3.0),
    "036": (["offered to meet", "proposed talks with"], 1, 4.0),
    "040": (["consulted", "held talks with"], 1, 1.0),
    "043": (["hosted", "paid a visit to"], 1, 2.8),
    "057": (["signed an agreement with", "sealed a pact with"], 1, 8.0),
    "061": (["expanded trade with", "deepened economic ties with"], 2, 6.4),
    "070": (["sent aid to", "delivered relief supplies to"], 2, 7.0),
    "111": (["criticised", "condemned"], 3, -2.0),
    "112": (["accused", "blamed"], 3, -2.0),
    "120": (["rejected the proposal of", "turned down an offer from"], 3, -4.0),
    "130": (["threatened", "warned"], 3, -4.4),
    "172": (["imposed sanctions on", "froze the assets of"], 4, -5.0),
    "190": (["attacked", "fired missiles at"], 4, -10.0),
    "193": (["clashed with", "fought"], 4, -10.0),
}
TOPICS = ["over the trade dispute", "on climate policy", "about the border", "at the summit", "over fishing rights",
          "on energy prices", "about the election", "over the pipeline", "on nuclear talks", "about migration",
          "over tariffs on steel", "on the ceasefire", "about the port deal", "over the airspace incident", ""]
WORDS = ["alliance", "tariffs", "summit", "border", "ceasefire", "pipeline", "sanctions", "aid", "missiles", "talks",
         "election", "steel", "energy", "port", "migration", "climate"]
WATCHED = "USA,CHN,RUS"  # the overview's alerts: threats, rejections and force involving these
STORY_ROUTES = {"page: alliance"}  # seconds per cold call at 100,000 events: only with --story
START = date(2022, 1, 1)
DAYS = 1095


def _actor(rng: random.Random, exclude: str | None = None) -> tuple[str, str, str, str]:
    while True:
        code, name = rng.choices(COUNTRIES, WEIGHTS)[0]
        if code != exclude:
            break
    role, word = rng.choice(ROLES)
    text = f"the {word} of {name}" if role else name
    return code, role, code + role, text[0].upper() + text[1:]


def generate(n_events: int, seed: int) -> tuple[dict, dict, dict]:
    """Column lists for documents, events and pledges."""
    rng = random.Random(seed)
    docs: dict[str, list] = {k: [] for k in ("doc_id", "version", "content_hash", "path", "url", "title",
                                            "published", "source", "language", "text")}
    ev: dict[str, list] = {k: [] for k in (
        "event_id", "doc_id", "version", "published", "sentence_index", "sentence", "sentence_start", "source",
        "source_text", "source_start", "source_end", "source_name", "source_country", "source_role", "target",
        "target_text", "target_start", "target_end", "target_name", "target_country", "target_role", "cameo",
        "cameo_root", "quad_class", "goldstein", "verb_text", "verb_start", "verb_end", "negated", "mode",
        "pattern", "agreements")}
    pl: dict[str, list] = {k: [] for k in ("pledge_id", "event_id", "doc_id", "version", "actor", "actor_text",
                                          "kind", "what", "sentence", "sentence_index", "addressee", "amount_text",
                                          "amount_usd", "deadline", "topics", "status", "published")}
    n = 0
    d = 0
    while n < n_events:
        doc_id = f"doc{d:06d}"
        day = None if rng.random() < 0.02 else START + timedelta(days=int(rng.triangular(0, DAYS, DAYS * 0.8)))
        sentences: list[str] = []
        pos = 0
        for index in range(min(rng.randint(3, 18), n_events - n)):
            scode, srole, src, stext = _actor(rng)
            targetless = rng.random() < 0.06
            tcode, trole, tgt, ttext = _actor(rng, exclude=scode)
            cameo = rng.choice(list(VERBS))
            phrases, quad, goldstein = VERBS[cameo]
            verb = rng.choice(phrases)
            topic = rng.choice(TOPICS)
            tail = "" if targetless else " " + (ttext[0].lower() + ttext[1:] if ttext.startswith("The ") else ttext)
            sentence = f"{stext} {verb}{tail}{' ' + topic if topic else ''}."
            if targetless:
                sentence = f"{stext} {verb.split(' ')[0]} {topic or 'on Tuesday'}."
            start = pos
            vstart = start + len(stext) + 1
            event_id = f"ev{n:07d}"
            row = {
                "event_id": event_id, "doc_id": doc_id, "version": 1, "published": day, "sentence_index": index,
                "sentence": sentence, "sentence_start": start, "source": src, "source_text": stext,
                "source_start": start, "source_end": start + len(stext), "source_name": scode,
                "source_country": scode, "source_role": srole or None,
                "target": None if targetless else tgt, "target_text": None if targetless else tail.strip(),
                "target_start": None if targetless else vstart + len(verb) + 1,
                "target_end": None if targetless else vstart + len(verb) + len(tail),
                "target_name": None if targetless else tcode, "target_country": None if targetless else tcode,
                "target_role": None if targetless else (trole or None),
                "cameo": cameo, "cameo_root": cameo[:2], "quad_class": quad, "goldstein": goldstein,
                "verb_text": verb.split(" ")[0], "verb_start": vstart, "verb_end": vstart + len(verb.split(" ")[0]),
                "negated": rng.random() < 0.03, "mode": "asserted", "pattern": f"* {verb.split(' ')[0].upper()} +",
                "agreements": [],
            }
            for key, value in row.items():
                ev[key].append(value)
            if n % 20 == 0:
                amount = rng.random() < 0.35
                for key, value in {
                    "pledge_id": f"p{n:07d}", "event_id": event_id, "doc_id": doc_id, "version": 1, "actor": src,
                    "actor_text": stext, "kind": rng.choice(["plan", "pledge", "proposal"]), "what": verb + tail,
                    "sentence": sentence, "sentence_index": index, "addressee": None if targetless else tgt,
                    "amount_text": f"{rng.randint(1, 900)} billion yen" if amount else None,
                    "amount_usd": rng.uniform(1e6, 6e10) if amount else None,
                    "deadline": (day or START) + timedelta(days=rng.randint(30, 2000)), "topics": [rng.choice(WORDS)],
                    "status": rng.choice(["planned", "in progress", "done"]), "published": day,
                }.items():
                    pl[key].append(value)
            sentences.append(sentence)
            pos += len(sentence) + 1
            n += 1
        text = " ".join(sentences)
        for key, value in {"doc_id": doc_id, "version": 1, "content_hash": f"h{d}", "path": f"synthetic/{d}",
                           "url": f"https://news{d % 9}.example.org/{d}", "title": sentences[0][:80],
                           "published": day, "source": f"news{d % 9}.example.org", "language": "en",
                           "text": text}.items():
            docs[key].append(value)
        d += 1
    return docs, ev, pl


def fill(path: Path, n_events: int, seed: int) -> None:
    con = open_db(path)
    for table, columns in zip(("documents", "events", "pledges"), generate(n_events, seed)):
        con.register("incoming", pa.table(columns))
        names = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming")
        con.unregister("incoming")
    con.close()


def _window(rng: random.Random, days: int) -> tuple[str, str]:
    first = START + timedelta(days=rng.randint(0, DAYS - days))
    return first.isoformat(), (first + timedelta(days=days)).isoformat()


def url_makers(sample: dict) -> dict[str, Callable[[random.Random], str]]:
    """Route name -> a function drawing one URL of that route from the data."""
    codes = [c for c, _ in COUNTRIES]
    busy = codes[:12]

    def code(rng: random.Random) -> str:
        return rng.choices(codes, WEIGHTS)[0] + rng.choice(["", "", "GOV", "MIL"])

    def pair(rng: random.Random) -> tuple[str, str]:
        a, b = rng.sample(busy if rng.random() < 0.7 else codes, 2)
        return a, b

    def events(rng: random.Random) -> str:
        params = [f"limit={rng.choice([10, 50, 100, 500, 1000])}"]
        for name, make in (("actor", code), ("source", code), ("target", code),
                           ("quad", lambda r: r.randint(1, 4)), ("root", lambda r: r.choice(list(VERBS))[:2]),
                           ("q", lambda r: r.choice(WORDS))):
            if rng.random() < 0.3:
                params.append(f"{name}={make(rng)}")
        if rng.random() < 0.4:
            since, until = _window(rng, rng.choice([30, 90, 365]))
            params += [f"since={since}", f"until={until}"]
        return "/api/events?" + "&".join(params)

    def cursor(rng: random.Random) -> str:
        event_id, day = rng.choice(sample["cursors"])
        return f"/api/events?limit=50&cursor={encode_cursor(day, event_id)}"

    def dyad(rng: random.Random) -> str:
        a, b = pair(rng)
        return (f"/api/dyad?a={a}&b={b}&by={rng.choice(['day', 'week', 'month'])}"
                f"&role={rng.choice(['true', 'false'])}&events={rng.choice([0, 0, 20, 200])}")

    def network(rng: random.Random) -> str:
        since, until = _window(rng, rng.choice([30, 180, 720]))
        return (f"/api/network?level={rng.choice(['country', 'actor'])}&min_events={rng.randint(1, 20)}"
                f"&since={since}&until={until}&limit={rng.choice([50, 200, 1000])}")

    def threads(rng: random.Random) -> str:
        since, until = _window(rng, rng.choice([7, 14, 30]))  # the threads stage refuses over 20,000 events
        return f"/api/threads?actor={rng.choice(codes[4:])}&since={since}&until={until}"

    def alliance(rng: random.Random) -> str:
        a, b = pair(rng)
        return f"/alliance?a={a}&b={b}"

    def alerts(rng: random.Random) -> str:
        actors = ",".join(sorted({code(rng)[:3] for _ in range(rng.randint(1, 3))}))
        since = f"&since=2020-01-{rng.randint(1, 28):02d}" if rng.random() < 0.5 else ""
        return f"/api/alerts?actors={actors}&threshold={rng.choice([1, 3, 5])}{since}"

    return {
        "stats": lambda rng: "/api/stats",
        "events (filters)": events,
        "events (cursor page)": cursor,
        "event by id": lambda rng: f"/api/events/{rng.choice(sample['event_ids'])}",
        "dyad series": dyad,
        "top dyads": lambda rng: f"/api/dyads?limit={rng.randint(1, 1000)}&level={rng.choice(['country', 'actor'])}",
        "network": network,
        "pledges": lambda rng: (f"/api/pledges?{'actor=' + code(rng) + '&' if rng.random() < 0.6 else ''}"
                                f"limit={rng.choice([20, 200, 1000])}&offset={rng.randint(0, 4000)}"),
        "threads (actor, window)": threads,
        "documents": lambda rng: f"/api/documents?limit={rng.randint(1, 1000)}",
        "document": lambda rng: f"/api/documents/{rng.choice(sample['doc_ids'])}",
        "actor lookup": lambda rng: f"/api/actors?q={rng.choice([code(rng)[:2], rng.choice(COUNTRIES)[1][4:8]])}",
        "rounds": lambda rng: f"/api/rounds?limit={rng.randint(1, 50)}",
        "alerts (actors, since)": alerts,
        "page: overview": lambda rng: "/",
        "page: dyad": lambda rng: "/dyad?a={}&b={}".format(*pair(rng)),
        "page: document": lambda rng: f"/documents/{rng.choice(sample['doc_ids'])}",
        "page: events": lambda rng: f"/events?actor={code(rng)}&quad={rng.randint(1, 4)}",
        "page: pledges": lambda rng: f"/pledges?actor={code(rng)}&page={rng.randint(1, 3)}",
        "page: alliance": alliance,
    }


def _sample(path: Path, rng: random.Random) -> dict:
    con = open_db(path, read_only=True)
    try:
        events = con.execute("SELECT event_id, event_day FROM current_events USING SAMPLE 2000 ROWS").fetchall()
        docs = [r[0] for r in con.execute("SELECT doc_id FROM documents USING SAMPLE 2000 ROWS").fetchall()]
    finally:
        con.close()
    rng.shuffle(events)
    return {"event_ids": [e for e, _ in events], "cursors": events, "doc_ids": docs}


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary(times: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95(times), 1),
            "max_ms": round(max(times), 1), "n": len(times)}


def _timed(client: TestClient, url: str) -> float:
    start = time.perf_counter()
    res = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if res.status_code != 200:
        raise SystemExit(f"{url}: HTTP {res.status_code}: {res.text[:300]}")
    return elapsed


def measure(client: TestClient, urls: list[str]) -> dict:
    """Each URL cold (the app's cache emptied first) then warm (the same URL again)."""
    cold, warm = [], []
    for url in urls:
        client.app.state.cache.clear()
        cold.append(_timed(client, url))
        warm.append(_timed(client, url))
    return {"cold": summary(cold), "warm": summary(warm)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="different URLs per route (each cold and warm)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", help="routes whose name contains this text")
    parser.add_argument("--story", action="store_true", help="also the story pages (slow when cold)")
    parser.add_argument("--db", help="keep the database here (default: a temporary file)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
        built = 0.0
        if not path.exists():
            start = time.perf_counter()
            fill(path, args.events, args.seed)
            built = time.perf_counter() - start
        sample = _sample(path, rng)
        with TestClient(create_app(path, watch_actors=WATCHED)) as client:
            n = client.get("/api/stats").json()["events"]
            results = {}
            for name, make in url_makers(sample).items():
                if (args.only and args.only not in name) or (name in STORY_ROUTES and not args.story):
                    continue
                urls = [make(rng) for _ in range(args.requests)]
                start = time.perf_counter()
                results[name] = measure(client, urls) | {"distinct_urls": len(set(urls)),
                                                         "seconds": round(time.perf_counter() - start, 1)}
                if not args.json:
                    _print_row(name, results[name], header=len(results) == 1, n=n, built=built, requests=args.requests)
    if args.json:
        print(json.dumps({"events": n, "build_s": round(built, 1), "requests": args.requests, "results": results},
                         indent=2))


def _print_row(name: str, r: dict, *, header: bool, n: int, built: float, requests: int) -> None:
    if header:
        print(f"{n:,} events (built in {built:.1f} s); {requests} URLs per route, each cold then warm; "
              "p95 = nearest rank")
        print(f"{'route':26} {'distinct':>8} {'cold p50':>9} {'cold p95':>9} {'cold max':>9} "
              f"{'warm p50':>9} {'warm p95':>9} {'warm max':>9}")
    c, w = r["cold"], r["warm"]
    flag = "" if w["p95_ms"] < 200 else "  (warm p95 over 200 ms)"
    print(f"{name:26} {r['distinct_urls']:>8} {c['p50_ms']:>9} {c['p95_ms']:>9} {c['max_ms']:>9} "
          f"{w['p50_ms']:>9} {w['p95_ms']:>9} {w['max_ms']:>9}{flag}", flush=True)


if __name__ == "__main__":
    main()
