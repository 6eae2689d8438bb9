"""Throughput: dyadwatch's whole pipeline vs. spaCy parsing every sentence, on the same corpus.

    python benchmarks/throughput.py [CORPUS...] [--repeat N] [--workers N] [--runs N] [--json] [--no-baseline]

(a) dyadwatch: files -> read -> clean -> code -> pledges -> write to a temporary DuckDB
    (`run.process_inputs` + `run.ArticleWriter`, as `dyadwatch ingest`), with `--workers`
    processes.
(b) baseline: the same spaCy model loaded the same way (`nlp.pipeline.full_pipeline`) and run with the
    same components dyadwatch's parse runs (everything but NER, which dyadwatch never runs:
    `BASELINE_DISABLED`), over every sentence of the same clean texts (`nlp.pipe`, n_process =
    workers): what a coder that parses every sentence must pay, before coding anything. The baseline
    runs spaCy's own attribute ruler and lemmatizer; dyadwatch runs its exact stand-ins (`nlp/fast.py`).
    Cleaning is timed on dyadwatch's side only (the baseline gets the clean texts for free).
Each side runs in a fresh subprocess (this script re-invoked with --child) so its peak memory is its
own: the peak RSS of the whole process tree (main + workers + dyadwatch's fork server), sampled from
/proc every 50 ms (shared pages count once per process, on both sides).
What is timed, on both sides: from the first document handed over to the last result received
(dyadwatch: and written): `seconds`. Setup (start-up) is reported as setup_s; `seconds_with_startup`
= seconds + setup_s, and the ratios are given both ways (`ratio`, `ratio_with_startup`). Setup:
- baseline: `spacy.load` and one warm-up document in the main process. The `n_process` workers are
  forked inside the timed part (cheap: they inherit the loaded model) and are shut down inside it.
- dyadwatch, 1 worker: `load_coder` and one warm-up document in the main process.
- dyadwatch, N > 1 workers: starting a `workers.WorkerPool` until every worker has its coder: the fork
  server loads the coder and runs a warm-up document once, then forks the workers. The pool is shut
  down inside the timed part, as on the baseline side.
CPU seconds (user + system) are those of the whole process tree during the timed part, workers and
fork server included, read from /proc (live processes) and getrusage (reaped ones); on a shared
machine `cpu_ratio` is the steadier figure.
With one worker, dyadwatch's time is split by stage (clean, code, pledges, store, the rest).
Default corpus: ../shared/corpus/news-pages/ (181 real pages, html/*.html.gz), relative to the repo.
`--runs N` measures each configuration N times (dyadwatch and baseline alternating) and reports the
range (min-max) over the runs: the machine may be shared, so one run is not a figure.
"""
from __future__ import annotations

import argparse
import contextlib
import glob
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "news-pages"
# What dyadwatch's parse leaves out of the model's pipeline (nlp.pipeline.parse): the baseline leaves
# out the same, so both sides load the same model and run the same components.
BASELINE_DISABLED = ("ner",)


# --- memory ---------------------------------------------------------------------------------------

def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(task, encoding="ascii") as handle:
                kids.extend(int(k) for k in handle.read().split())
        except OSError:
            pass
    return kids


def tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants (workers included)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_kb(current)
        stack.extend(_children(current))
    return total


class PeakMemory:
    """Samples the RSS of this process tree in a thread; `peak_mb` after `stop()`."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
        self.peak_kb = max(self.peak_kb, own)

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(pid))
            self._stop.wait(self.interval)

    @property
    def peak_mb(self) -> float:
        return round(self.peak_kb / 1024, 1)


# --- corpus ---------------------------------------------------------------------------------------

def corpus_files(corpus: list[str]) -> list[str]:
    """Files of the corpus: a folder with html/ (the news-pages layout), a folder, files or globs."""
    files: list[str] = []
    for item in corpus:
        path = Path(item)
        if (path / "html").is_dir():
            files.extend(sorted(str(p) for p in (path / "html").glob("*.html*")))
        elif path.is_dir():
            files.extend(sorted(str(p) for p in path.rglob("*") if p.is_file()))
        else:
            files.extend(sorted(glob.glob(item)) or [item])
    if not files:
        raise SystemExit(f"error: {' '.join(corpus)}: no corpus files found")
    return files


def repeated(files: list[str], repeat: int) -> list[str]:
    return [f for _ in range(repeat) for f in files]


# --- the two measured runs (children) ---------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu(pid: int) -> float:
    """utime + stime of a live process plus cutime + cstime of the children it has reaped."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            data = handle.read()
    except OSError:
        return 0.0
    fields = data[data.rindex(")") + 2:].split()  # fields[0] is the state (field 3 of proc(5))
    return sum(int(v) for v in fields[11:15]) / CLOCK_TICKS


def cpu_seconds() -> float:
    """User + system CPU of this process tree: this process, the children it has reaped, and every
    live descendant with what it has reaped. Pool workers are children of the fork server, which is
    reaped only when this process exits: getrusage(RUSAGE_CHILDREN) alone would miss them."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    stack = _children(os.getpid())
    while stack:
        pid = stack.pop()
        total += _proc_cpu(pid)
        stack.extend(_children(pid))
    return total


class StageTimer:
    """Seconds spent per stage (one process only): wraps a function or the coder, no code changes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, stage: str, func):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started

        return timed


class TimedCoder:
    def __init__(self, coder, timer: StageTimer):
        self.coder = coder
        self.code_article = timer.wrap("code", coder.code_article)
        self.code_articles = timer.wrap("code", coder.code_articles)  # what process_inputs calls


def run_dyadwatch(files: list[str], repeat: int, workers: int) -> dict:
    import dyadwatch.pipeline as pipeline
    import dyadwatch.pledges as pledges_module
    from dyadwatch.pipeline import load_coder
    from dyadwatch.run import ArticleWriter, process_inputs
    from dyadwatch.settings import load_settings
    from dyadwatch.store.db import open_db
    from dyadwatch.workers import WorkerPool

    errors: list[str] = []
    docs = words = events = pledges = 0
    statuses: dict[str, int] = {}
    timer = StageTimer()
    with tempfile.TemporaryDirectory(prefix="dyadwatch-bench-") as tmp, PeakMemory() as memory, \
            contextlib.ExitStack() as stack:
        db = os.path.join(tmp, "bench.duckdb")
        settings = load_settings(db=db, quiet=True, workers=workers)
        started = time.perf_counter()
        coder = load_coder(settings) if workers == 1 else None
        kwargs = {}
        if coder is not None:  # warm-up: lazy loads of later stages (currency rates, register) are setup
            for _ in process_inputs(files[:1], settings, workers=1, coder=coder):
                pass
        else:  # every worker started and loaded (the fork server warms its coder up the same way)
            kwargs["pool"] = stack.enter_context(WorkerPool(settings, workers))
        setup = time.perf_counter() - started
        warm = dict(getattr(coder, "stats", {}) or {})
        if coder is not None:  # one process: time each stage
            kwargs["coder"] = TimedCoder(coder, timer)
            pipeline.clean_document = timer.wrap("clean", pipeline.clean_document)
            pledges_module.extract_pledges = timer.wrap("pledges", pledges_module.extract_pledges)
        con = open_db(db)
        writer = ArticleWriter(con)  # what `dyadwatch ingest` uses: a transaction per batch of articles
        store, flush = timer.wrap("store", writer.add), timer.wrap("store", writer.flush)
        cpu, started = cpu_seconds(), time.perf_counter()

        def count(done) -> None:
            nonlocal docs, words, events, pledges
            for processed, status in done:
                statuses[status] = statuses.get(status, 0) + 1
                docs += 1
                words += len(processed.article.text.split())
                events += len(processed.events)
                pledges += len(processed.pledges)

        for processed in process_inputs(
            repeated(files, repeat), settings, workers=workers, on_error=lambda e: errors.append(str(e)), **kwargs
        ):
            count(store(processed))
        count(flush())
        stack.close()  # shut the pool down inside the timed part, as spaCy joins its workers in it
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        con.close()
    stages = {k: round(v, 2) for k, v in timer.seconds.items()}
    if coder is not None:
        stages["read+date+agreements"] = round(seconds - sum(timer.seconds.values()), 2)
    stats = {k: v - warm.get(k, 0) for k, v in (getattr(coder, "stats", {}) or {}).items()}
    return {
        "docs": docs, "words": words, "events": events, "pledges": pledges, "errors": len(errors),
        "statuses": statuses, "seconds": round(seconds, 3), "cpu_s": round(cpu, 2), "setup_s": round(setup, 3),
        "peak_rss_mb": memory.peak_mb, "stage_seconds": stages,
        "coder_sentences": stats.get("sentences"), "coder_parsed": stats.get("parsed"),
    }


def run_baseline(files: list[str], repeat: int, workers: int) -> dict:
    from dyadwatch.clean import clean_document
    from dyadwatch.errors import InputError
    from dyadwatch.ingest import read_inputs
    from dyadwatch.settings import load_settings

    settings = load_settings(quiet=True)
    texts = []
    for item in read_inputs(files, settings):  # same clean texts as (a); cleaning is not timed here
        if isinstance(item, InputError):
            continue
        try:
            text = clean_document(item, settings).text
        except (InputError, ValueError):
            continue
        if text:
            texts.append(text)
    with PeakMemory() as memory:
        started = time.perf_counter()
        nlp = full_pipeline()  # the model dyadwatch loads, loaded the same way
        disabled = [name for name in BASELINE_DISABLED if name in nlp.pipe_names]
        list(nlp.pipe([texts[0] if texts else "Warm up."], disable=disabled))
        setup = time.perf_counter() - started
        cpu, started = cpu_seconds(), time.perf_counter()
        docs = sentences = tokens = words = 0
        stream = itertools.chain.from_iterable(itertools.repeat(texts, repeat))
        for doc in nlp.pipe(stream, n_process=max(1, workers), batch_size=32, disable=disabled):
            docs += 1
            sentences += sum(1 for _ in doc.sents)
            tokens += len(doc)
            words += len(doc.text.split())
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {
        "docs": docs, "words": words, "sentences": sentences, "tokens": tokens,
        "pipes": [name for name in nlp.pipe_names if name not in disabled],
        "model": nlp.meta.get("name"), "seconds": round(seconds, 3), "cpu_s": round(cpu, 2), "setup_s": round(setup, 3),
        "peak_rss_mb": memory.peak_mb,
    }


def full_pipeline():
    from dyadwatch.nlp.pipeline import full_pipeline as load

    return load()


def child_main(args: argparse.Namespace) -> None:
    files = corpus_files(args.corpus)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    run = run_dyadwatch if args.child == "dyadwatch" else run_baseline
    result = run(files, args.repeat, args.workers)
    if args.profile:
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
    print(json.dumps(result))


# --- the parent: one subprocess per configuration, then the comparison ------------------------------

def measure(kind: str, args: argparse.Namespace, workers: int) -> dict:
    cmd = [sys.executable, __file__, *args.corpus, "--child", kind, "--repeat", str(args.repeat), "--workers", str(workers)]
    if args.profile and kind == "dyadwatch":
        cmd.append("--profile")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if args.profile and done.stderr:
        sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"error: {kind} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def per_second(count: int | None, seconds: float) -> float | None:
    return round(count / seconds, 2) if count is not None and seconds > 0 else None


def summarise(ours: dict, base: dict | None, workers: int, repeat: int) -> dict:
    sentences = base["sentences"] if base else None
    with_startup = round(ours["seconds"] + ours["setup_s"], 3)
    out = {
        "docs": ours["docs"], "words": ours["words"], "sentences": sentences, "events": ours["events"],
        "pledges": ours["pledges"], "errors": ours["errors"], "workers": workers, "repeat": repeat,
        "seconds": ours["seconds"], "cpu_s": ours["cpu_s"], "setup_s": ours["setup_s"],
        "seconds_with_startup": with_startup,
        "stage_seconds": ours["stage_seconds"], "coder_sentences": ours["coder_sentences"],
        "coder_parsed": ours["coder_parsed"],
        "docs_per_s": per_second(ours["docs"], ours["seconds"]),
        "docs_per_s_with_startup": per_second(ours["docs"], with_startup),
        "words_per_s": per_second(ours["words"], ours["seconds"]),
        "sentences_per_s": per_second(sentences, ours["seconds"]),
        "peak_rss_mb": ours["peak_rss_mb"],
    }
    if base:
        base_with_startup = round(base["seconds"] + base["setup_s"], 3)
        out.update({
            "baseline_model": base["model"], "baseline_pipes": base["pipes"], "baseline_docs": base["docs"],
            "baseline_seconds": base["seconds"], "baseline_setup_s": base["setup_s"],
            "baseline_seconds_with_startup": base_with_startup,
            "baseline_docs_per_s": per_second(base["docs"], base["seconds"]),
            "baseline_docs_per_s_with_startup": per_second(base["docs"], base_with_startup),
            "baseline_words_per_s": per_second(base["words"], base["seconds"]),
            "baseline_sentences_per_s": per_second(base["sentences"], base["seconds"]),
            "baseline_peak_rss_mb": base["peak_rss_mb"], "baseline_cpu_s": base["cpu_s"],
        })
        out["ratio"] = round(out["docs_per_s"] / out["baseline_docs_per_s"], 2) if out["baseline_docs_per_s"] else None
        out["ratio_with_startup"] = round(base_with_startup / with_startup, 2) if with_startup else None
        # CPU seconds per document, baseline over ours: the same ratio, but robust to other load on the machine
        out["cpu_ratio"] = round(base["cpu_s"] / ours["cpu_s"], 2) if ours["cpu_s"] else None
    return out


def print_table(result: dict) -> None:
    rows = [("documents/s", "docs_per_s"), ("  w/ start-up", "docs_per_s_with_startup"),
            ("words/s", "words_per_s"), ("sentences/s", "sentences_per_s"), ("seconds", "seconds"),
            ("start-up s", "setup_s"), ("  w/ start-up", "seconds_with_startup"), ("CPU seconds", "cpu_s"),
            ("peak RSS MB", "peak_rss_mb")]
    print(f"corpus: {result['docs']} documents, {result['words']} words, {result['sentences']} sentences "
          f"(repeat {result['repeat']}, workers {result['workers']}); {result['events']} events, "
          f"{result['pledges']} pledges, {result['errors']} input errors")
    if "baseline_pipes" in result:
        print(f"baseline: {result['baseline_model']} running {', '.join(result['baseline_pipes'])}")
    print(f"{'':14}{'dyadwatch':>14}{'spaCy parse-all':>18}")
    for label, key in rows:
        print(f"{label:14}{result[key]!s:>14}{result.get(f'baseline_{key}', '-')!s:>18}")
    if "ratio" in result:
        print(f"ratio (dyadwatch / baseline docs/s): {result['ratio']} without start-up, "
              f"{result['ratio_with_startup']} with start-up; by CPU time: {result['cpu_ratio']}")
    if result["stage_seconds"]:
        print("dyadwatch seconds by stage: " + ", ".join(f"{k} {v}" for k, v in result["stage_seconds"].items()))
    if result["coder_sentences"]:
        print(f"coder: parsed {result['coder_parsed']} of {result['coder_sentences']} sentences")


RANGE_KEYS = ("ratio", "ratio_with_startup", "cpu_ratio", "docs_per_s", "baseline_docs_per_s",
              "docs_per_s_with_startup", "baseline_docs_per_s_with_startup", "seconds", "baseline_seconds",
              "setup_s", "baseline_setup_s", "cpu_s", "baseline_cpu_s", "peak_rss_mb", "baseline_peak_rss_mb")


def ranges(results: list[dict]) -> dict:
    """(min, max) over the runs of each figure."""
    out = {}
    for key in RANGE_KEYS:
        values = [r[key] for r in results if r.get(key) is not None]
        if values:
            out[key] = (min(values), max(values))
    return out


def print_ranges(spans: dict, runs: int) -> None:
    print(f"range over {runs} runs (min-max):")
    for key, (low, high) in spans.items():
        print(f"  {key:34}{low}-{high}" if low != high else f"  {key:34}{low}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*", default=[str(DEFAULT_CORPUS)], help="corpus folder(s), files or globs")
    parser.add_argument("--repeat", type=int, default=1, help="feed the corpus N times")
    parser.add_argument("--workers", type=int, default=0, help="worker processes (0 = one per core)")
    parser.add_argument("--runs", type=int, default=1, help="measure N times and report the range")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-baseline", action="store_true", help="measure dyadwatch only")
    parser.add_argument("--profile", action="store_true", help="cProfile the dyadwatch run (to stderr)")
    parser.add_argument("--child", choices=["dyadwatch", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args)
        return
    workers = args.workers or (os.cpu_count() or 1)
    results = []
    for _ in range(max(1, args.runs)):
        ours = measure("dyadwatch", args, workers)
        base = None if args.no_baseline else measure("baseline", args, workers)
        results.append(summarise(ours, base, workers, args.repeat))
        if not args.json:
            print_table(results[-1])
            print()
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else {"runs": results, "range": ranges(results)}))
    elif len(results) > 1:
        print_ranges(ranges(results), len(results))


if __name__ == "__main__":
    main()
