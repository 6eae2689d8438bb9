"""API latency while the watcher ingests a round, next to the same API with no round running.

    python benchmarks/watch_latency.py [--documents 200] [--workers 1] [--baseline-seconds 10] [--json]

Starts `dyadwatch watch DROP --db TMP --every 2 --serve --port P` (a subprocess, the real coder) on a
temporary database, seeded by a first round of the bundled samples. Then:

1. baseline: no round running, two client threads ask /api/stats and /api/events?limit=50 in turn
   for --baseline-seconds;
2. a round of --documents documents: the news pages of ../shared/corpus/news-pages (repeated, each
   copy with its own URL, so every one is a new document) appear in the watched folder at once;
   the same two clients ask the same routes until that round's line is printed;
3. baseline again, the database now holding the round's documents.

Prints p50/p95 (nearest rank) per route and phase, the count of answers that were not 200, and the
round's length as rounds per minute (and documents per minute). The issue's target: p95 under 300 ms
while a round of 200 documents is ingested.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "dyadwatch" / "data" / "samples"
NEWS_PAGES = ROOT.parent / "shared" / "corpus" / "news-pages" / "html"
ROUTES = ["/api/stats", "/api/events?limit=50"]
CLI = [sys.executable, "-c", "from dyadwatch.cli import main; main()"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, help="the watcher's --workers")
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pages = sorted(NEWS_PAGES.glob("*.html.gz"))
    if not pages:
        sys.exit(f"{NEWS_PAGES}: no news pages (*.html.gz) to ingest")

    with tempfile.TemporaryDirectory() as tmp:
        drop, db, port = Path(tmp) / "drop", Path(tmp) / "bench.duckdb", free_port()
        drop.mkdir()
        place(drop, "seed", [(p.name, p.read_bytes()) for p in SAMPLES.iterdir() if p.name != "SOURCES.md"])
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
        watcher = subprocess.Popen(
            [*CLI, "watch", str(drop), "--db", str(db), "--every", "2", "--serve", "--port", str(port),
             "--workers", str(args.workers), "--settle", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        )
        lines = RoundLines(watcher)
        try:
            lines.wait_for_round(1, timeout=600)
            base = f"http://127.0.0.1:{port}"
            before = hammer(base, lambda started: time.monotonic() - started >= args.baseline_seconds)
            seen = lines.rounds_done()
            place(drop, "round", round_documents(pages, args.documents))
            during = hammer(base, lambda _: lines.storing_round(after=seen) is not None)
            after = hammer(base, lambda started: time.monotonic() - started >= args.baseline_seconds)
        finally:
            watcher.terminate()
            watcher.wait(timeout=120)
        length, stored = round_length(db, lines.storing_round(after=seen))

    report = {
        "documents_in_round": args.documents, "documents_stored": stored, "workers": args.workers,
        "round_seconds": round(length, 1), "rounds_per_minute": round(60 / length, 2),
        "documents_per_minute": round(stored * 60 / length, 1),
        "phases": {name: summary(samples) for name, samples in
                   (("no round (before)", before), ("during the round", during), ("no round (after)", after))},
    }
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"round of {args.documents} documents ({stored} stored), --workers {args.workers}: "
          f"{report['round_seconds']} s = {report['rounds_per_minute']} rounds/min, "
          f"{report['documents_per_minute']} documents/min")
    print(f"{'phase':20} {'route':22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'not 200':>8}")
    for phase, routes in report["phases"].items():
        for route, figures in routes.items():
            print(f"{phase:20} {route:22} {figures['n']:>5} {figures['p50_ms']:>8} {figures['p95_ms']:>8} "
                  f"{figures['not_200']:>8}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def place(drop: Path, name: str, files: list[tuple[str, bytes]]) -> None:
    """Files appear in the watched folder at once, complete (written aside, the folder renamed in),
    and old enough to count as settled."""
    staging = drop / f".{name}"
    staging.mkdir()
    old = time.time() - 600
    for file_name, data in files:
        (staging / file_name).write_bytes(data)
        os.utime(staging / file_name, (old, old))
    staging.rename(drop / name)


def round_documents(pages: list[Path], count: int) -> list[tuple[str, bytes]]:
    """`count` news pages as JSON Lines files, page after page (again from the first when they run
    out), each with a URL of its own so each is a new document."""
    files = []
    for n in range(count):
        page = pages[n % len(pages)]
        html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        record = {"html": html, "url": f"https://watch-benchmark.invalid/{n}/{page.name.split('.')[0][:16]}"}
        files.append((f"doc-{n:04d}.jsonl", (json.dumps(record) + "\n").encode("utf-8")))
    return files


class RoundLines:
    """Reads the watcher's round lines ("round N HH:MM:SS: ..., stored S, ...") as they come."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            self.lines.append(line.strip())

    def rounds_done(self) -> int:
        return sum(line.startswith("round ") for line in self.lines)

    def round_documents(self, number: int) -> int | None:
        for line in self.lines:
            if line.startswith(f"round {number} "):
                return int(line.split("stored ")[1].split(",")[0])
        return None

    def storing_round(self, after: int) -> int | None:
        """The number of the first round, among those printed after the first `after` lines, that
        stored documents (empty rounds run every 2 s meanwhile)."""
        for line in [x for x in self.lines if x.startswith("round ")][after:]:
            if int(line.split("stored ")[1].split(",")[0]) > 0:
                return int(line.split()[1])
        return None

    def wait_for_round(self, number: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.round_documents(number) is None:
            if time.monotonic() > deadline:
                sys.exit(f"the watcher printed no line for round {number} in {timeout:.0f} s: {self.lines[-5:]}")
            time.sleep(0.2)


def hammer(base: str, done) -> dict[str, list[tuple[int, float]]]:
    """(status, seconds) per route, one client thread per route asking in a loop until `done(started)`."""
    samples: dict[str, list[tuple[int, float]]] = {route: [] for route in ROUTES}
    started = time.monotonic()
    stop = threading.Event()

    def ask(route: str) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while not stop.is_set():
                t0 = time.perf_counter()
                status = client.get(route).status_code
                samples[route].append((status, time.perf_counter() - t0))

    threads = [threading.Thread(target=ask, args=(route,), daemon=True) for route in ROUTES]
    for thread in threads:
        thread.start()
    while not done(started):
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join()
    return samples


def summary(samples: dict[str, list[tuple[int, float]]]) -> dict[str, dict]:
    out = {}
    for route, values in samples.items():
        times = sorted(seconds for _, seconds in values)
        out[route] = {
            "n": len(times),
            "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
            "p95_ms": round(times[max(0, math.ceil(0.95 * len(times)) - 1)] * 1000, 1) if times else None,
            "not_200": sum(status != 200 for status, _ in values),
        }
    return out


def round_length(db: Path, round_id: int) -> tuple[float, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        started, finished, stored = con.execute(
            "SELECT started_at, finished_at, documents_stored FROM watch_rounds WHERE round_id = ?", [round_id]
        ).fetchone()
    finally:
        con.close()
    return (finished - started).total_seconds(), stored


if __name__ == "__main__":
    main()
