"""Process documents on several cores with the same results as one.

`run.process_inputs(..., workers=N)` calls `process_parallel` when N != 1. The main process
reads inputs (streaming, `ingest.read_inputs`), a pool of worker processes cleans and codes them
(`pipeline.process_documents`, as one process does), in tasks of DOCUMENTS_PER_TASK consecutive
documents whose articles are coded together (one parse call). Results come back in input order;
at most `workers * IN_FLIGHT_PER_WORKER` documents are in flight, so memory does not grow with the
corpus. A worker that dies (killed, segfault, out of memory) breaks the pool: the documents in
flight are then retried one at a time in a fresh pool, so only the document(s) that kill a worker
are reported (as `WorkerDiedError`, naming the file, for a rerun) and the run goes on.

Workers are forked from multiprocessing's fork server, a fresh single-threaded process (not the main
process, which may run DuckDB's and progress-bar threads: forking that is unsafe). When the pool runs
the default processor, the server loads the Coder once (module `dyadwatch.worker_preload`) and every
worker, including the ones that replace a dead worker, starts with it instead of loading its own
(~2.5 s CPU each). A worker reuses that coder only when it was built from the same settings and the
same user dictionary files; otherwise it loads its own, as before. The server lives as long as the
main process, so in one process only the first settings that start it are preloaded.
`WorkerPool` starts a pool ahead of a run (every worker loaded) and can be passed to
`process_parallel` / `run.process_inputs`.
"""
from __future__ import annotations

import base64
import gc
import importlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from dyadwatch.errors import DyadwatchError, InputError
from dyadwatch.ingest import read_inputs
from dyadwatch.pipeline import load_coder, process_document, process_documents
from dyadwatch.records import RawDocument
from dyadwatch.settings import Settings

IN_FLIGHT_PER_WORKER = 8
# documents per task: a worker codes their articles together (one parse call, `process_articles`)
DOCUMENTS_PER_TASK = 4
DEFAULT_PROCESSOR = "dyadwatch.workers:pipeline_processor"
# how the main process tells the fork server which coder to preload (settings, pickled, base64)
PRELOAD_ENV = "DYADWATCH_PRELOAD_SETTINGS"
PRELOAD_MODULE = "dyadwatch.worker_preload"
# a sample document run through the preloaded coder, so the lazy loads of the later stages (agreement
# register, currency rates, topic phrases) happen once in the server too, not in every worker
WARM_UP_DOCUMENT = os.path.join(os.path.dirname(__file__), "data", "samples", "ishiba-japan-us-alliance.txt")


class WorkerDiedError(InputError):
    """A worker process died while processing this document; rerun the file."""

    def __init__(self, path: str, reason: str = "a worker process died while processing it; rerun this file"):
        super().__init__(path, reason)


def resolve_workers(workers: int | None) -> int:
    """0 or None means one worker per core; negative counts are refused."""
    if workers is None or workers == 0:
        return max(1, os.cpu_count() or 1)
    if workers < 0:
        raise DyadwatchError(f"--workers must be 0 (one per core) or more, not {workers}")
    return workers


# --- what runs inside a worker ------------------------------------------------------------------

def pipeline_processor(settings: Settings) -> Callable[[RawDocument], Any]:
    """The default processor factory: the Coder preloaded by the fork server if it was built from these
    settings, else one loaded here; then `pipeline.process_documents` (as one process runs it) for a
    document, or, as the `many` attribute, for a chunk of documents whose articles are coded together."""
    coder = preloaded_coder(settings) or load_coder(settings)

    def run(raw: RawDocument) -> Any:
        [result] = process_documents([raw], settings, coder)
        if isinstance(result, InputError):
            raise result
        return result

    def many(raws: list[RawDocument]) -> list[tuple[str, Any]]:
        return [_failed(r) if isinstance(r, InputError) else ("ok", r) for r in process_documents(raws, settings, coder)]

    run.many = many  # type: ignore[attr-defined]
    return run


# --- the coder preloaded in the fork server ------------------------------------------------------

_PRELOADED: tuple[tuple, Any] | None = None  # (coder_key, coder), set in the fork server only
PRELOAD_ERROR: str | None = None  # why the server has no coder (workers then load their own)


def coder_key(settings: Settings) -> tuple:
    """What a coder is built from: the settings, and the user dictionary files as they are on disk
    now (absolute path, size, mtime), so a file edited since the server loaded it is read afresh."""
    files = []
    for path in (*settings.actors_files, *settings.verbs_files):
        try:
            info = os.stat(path)
            files.append((os.path.abspath(path), info.st_size, info.st_mtime_ns))
        except OSError:
            files.append((os.path.abspath(path), None, None))  # load_coder reports it
    return settings, tuple(files)


def preloaded_coder(settings: Settings) -> Any | None:
    """The fork server's coder if it was built from exactly these settings and files, else None."""
    if _PRELOADED is not None and _PRELOADED[0] == coder_key(settings):
        return _PRELOADED[1]
    return None


def preload_from_environment() -> None:
    """Run in the fork server (by importing PRELOAD_MODULE): load the coder named by PRELOAD_ENV once.
    Never raises: a server that cannot start would break every pool, while a missing preload only
    means each worker loads its own coder (and reports the error the usual way if that fails too)."""
    global _PRELOADED, PRELOAD_ERROR
    encoded = os.environ.pop(PRELOAD_ENV, None)  # not inherited by anything the workers start
    if not encoded:
        return
    try:
        settings = pickle.loads(base64.b64decode(encoded))
        key = coder_key(settings)
        coder = load_coder(settings)
        for raw in read_inputs([WARM_UP_DOCUMENT], settings):
            if isinstance(raw, RawDocument):
                process_document(raw, settings, coder)
        _PRELOADED = (key, coder)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        PRELOAD_ERROR = f"{type(exc).__name__}: {exc}"
        return
    # The workers are forked from here: objects moved to the permanent generation are not scanned by
    # their garbage collector, so its writes do not copy the shared model pages into every worker.
    gc.freeze()


_START_LOCK = threading.Lock()


def _mp_context(processor: str, settings: Settings) -> multiprocessing.context.BaseContext:
    """The fork-server context, its server started (if not yet) preloading the coder these settings
    need when the default processor runs. Where there is no fork server (Windows): spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    from multiprocessing import forkserver

    with _START_LOCK:
        # The server reads the settings from its environment when it starts; the variable is set
        # only while it starts (a no-op if it already runs) and never stays in this process.
        context.set_forkserver_preload([PRELOAD_MODULE])
        if processor == DEFAULT_PROCESSOR:
            os.environ[PRELOAD_ENV] = base64.b64encode(pickle.dumps(settings)).decode("ascii")
        try:
            forkserver.ensure_running()
        finally:
            os.environ.pop(PRELOAD_ENV, None)
    return context


# --- a worker ------------------------------------------------------------------------------------

_PROCESS: Callable[[RawDocument], Any] | None = None
_INIT_ERROR: str | None = None


def _load_factory(spec: str) -> Callable[[Settings], Callable[[RawDocument], Any]]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _init_worker(processor: str, settings: Settings, environ: dict[str, str]) -> None:
    global _PROCESS, _INIT_ERROR
    # Ctrl-C reaches the whole process group: the main process decides how to stop (finish the
    # documents in flight, shut the pool down); a worker killed by it would look like a crash.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker has the fork server's environment, as it was when the server started; a worker
    # sees the environment of the process that starts the pool, as a spawned one would.
    if environ != os.environ:
        os.environ.clear()
        os.environ.update(environ)
    try:
        _PROCESS = _load_factory(processor)(settings)
    except Exception as exc:  # reported by the main process on the first document
        _INIT_ERROR = f"{type(exc).__name__}: {exc}"


def _ping(hold: float = 0.0) -> tuple[int, str | None]:
    """Run first in every new pool: (pid, None) once a worker has started and loaded its processor.
    `hold` keeps this worker busy a moment so the next ping goes to another worker."""
    if hold:
        time.sleep(hold)
    return os.getpid(), _INIT_ERROR


def _work(raw: RawDocument) -> tuple[str, Any]:
    """Process one document. Exceptions carrying custom constructors are sent back as plain data."""
    if _INIT_ERROR is not None:
        return "fatal", _INIT_ERROR
    return _outcome(_PROCESS, raw)  # type: ignore[arg-type]


def _work_many(raws: list[RawDocument]) -> list[tuple[str, Any]]:
    """Process a chunk of documents: one outcome each, as `_work` gives it; together when the processor
    can (its `many`), else one by one."""
    if _INIT_ERROR is not None:
        return [("fatal", _INIT_ERROR)] * len(raws)
    many = getattr(_PROCESS, "many", None)
    return many(raws) if many is not None else [_outcome(_PROCESS, raw) for raw in raws]  # type: ignore[arg-type]


def _outcome(process: Callable[[RawDocument], Any], raw: RawDocument) -> tuple[str, Any]:
    try:
        return "ok", process(raw)
    except InputError as exc:
        return _failed(exc)


def _failed(exc: InputError) -> tuple[str, Any]:
    return "input-error", (exc.path, exc.reason)


# --- the main process ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Slot:
    """One input, in input order: an error from reading, or a document with the future of its chunk
    (its outcome is the chunk's result at `index`)."""

    raw: RawDocument | None = None
    error: InputError | None = None
    future: Future | None = None
    outcome: tuple[str, Any] | None = None
    index: int = 0


class WorkerPool:
    """Worker processes for `process_parallel`, reusable across runs.

    `process_parallel` makes one per run when given none, starting workers as documents arrive. Used
    as a context manager it starts every worker at once and waits until each has loaded its
    processor: the start-up (or its error) comes before the first document, not during the run.
    """

    def __init__(self, settings: Settings, workers: int = 0, processor: str = DEFAULT_PROCESSOR):
        self.settings = settings
        self.processor = processor
        self.workers = resolve_workers(workers)
        self.restarts = 0
        self.executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        try:
            self.start(every_worker=True)
        except BaseException:
            self.shutdown()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def start(self, *, every_worker: bool = False) -> ProcessPoolExecutor:
        """A running pool, with one worker ready (or all of them: `every_worker`). A pool that cannot
        start (the worker dies or cannot load the coder) stops the run with the reason, rather than
        every document being reported as killing a worker."""
        if self.executor is None:
            context = _mp_context(self.processor, self.settings)
            self.executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.processor, self.settings, dict(os.environ)),
            )
            self._await_ready(1)
        if every_worker:
            self._await_ready(self.workers)
        return self.executor

    def _await_ready(self, count: int) -> None:
        """Wait until `count` distinct workers answer a ping. Workers start on demand, one per
        submitted task that finds none idle, so `count` pings at once start `count` workers; a
        ping holds its worker briefly so that a worker still loading gets one of the next round."""
        seen: set[int] = set()
        hold = 0.05 if count > 1 else 0.0
        try:
            while len(seen) < count:
                for future in [self.executor.submit(_ping, hold) for _ in range(count)]:  # type: ignore[union-attr]
                    pid, init_error = future.result()
                    if init_error is not None:
                        self.shutdown()
                        raise DyadwatchError(f"worker could not start: {init_error}")
                    seen.add(pid)
        except BrokenProcessPool as exc:
            self.shutdown()
            raise DyadwatchError(
                "worker processes could not start (see the error above); with --workers, run from a "
                "script file whose main code is under `if __name__ == '__main__':`, or use 1 worker"
            ) from exc

    def restart(self) -> ProcessPoolExecutor:
        self.shutdown()
        self.restarts += 1
        return self.start()

    def shutdown(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


def process_parallel(
    items: Iterable[RawDocument | InputError],
    settings: Settings,
    *,
    workers: int = 0,
    on_error: Callable[[InputError], None] | None = None,
    processor: str = DEFAULT_PROCESSOR,
    pool: WorkerPool | None = None,
) -> Iterator[Any]:
    """Yield processed documents in input order, computed by a pool of `workers` processes.

    `items` is what `ingest.read_inputs` yields. Reading errors and per-document InputErrors go to
    `on_error` in input order (and are otherwise dropped, as in the single-process path).
    `processor` names a factory "module:function" taking Settings and returning the per-document
    function; the default runs `pipeline.process_documents` with a Coder loaded once (see above).
    `pool`: a WorkerPool to run on instead of a new one (its workers and processor; it stays open).
    """
    own = pool is None
    if pool is None:
        pool = WorkerPool(settings, workers, processor)
    elif pool.settings != settings:  # the workers would code with the pool's settings, not these
        raise ValueError("the worker pool was started with other settings than this run's")
    limit = pool.workers * IN_FLIGHT_PER_WORKER
    window: deque[_Slot] = deque()
    chunk: list[_Slot] = []  # documents read, not yet submitted
    try:
        for item in items:
            if isinstance(item, InputError):
                window.append(_Slot(error=item))
                continue
            slot = _Slot(raw=item)
            window.append(slot)
            chunk.append(slot)
            if len(chunk) >= DOCUMENTS_PER_TASK:
                _submit(window, pool, chunk)
                chunk = []
            while sum(1 for s in window if s.future is not None) >= limit:
                yield from _drain_head(window, pool, on_error)
        if chunk:
            _submit(window, pool, chunk)
        while window:
            yield from _drain_head(window, pool, on_error)
    finally:
        if own:
            pool.shutdown()
        else:  # stopped early (or failed): nothing of this run may stay queued in the caller's pool
            for slot in window:
                if slot.future is not None:
                    slot.future.cancel()


def _submit(window: deque[_Slot], pool: WorkerPool, chunk: list[_Slot]) -> None:
    """Submit a chunk of documents as one task. A worker that died since the last look breaks the
    pool at submit time too (not only when a result is awaited): settle the documents in flight
    first, then submit anew."""
    raws = [slot.raw for slot in chunk]
    try:
        future = pool.start().submit(_work_many, raws)
    except BrokenProcessPool:
        _recover(window, pool)
        future = pool.start().submit(_work_many, raws)
    for index, slot in enumerate(chunk):
        slot.future, slot.index = future, index


def _drain_head(window: deque[_Slot], pool: WorkerPool, on_error: Callable[[InputError], None] | None) -> Iterator[Any]:
    """Wait for the oldest input and emit it (plus any reading errors queued right behind it)."""
    slot = window[0]
    if slot.future is not None and slot.outcome is None:
        try:
            slot.outcome = slot.future.result()[slot.index]
        except BrokenProcessPool:
            _recover(window, pool)
    window.popleft()
    slot.future = None
    if slot.error is not None:
        _report(on_error, slot.error)
        return
    kind, value = slot.outcome  # type: ignore[misc]
    if kind == "ok":
        yield value
    elif kind == "input-error":
        _report(on_error, InputError(*value))
    elif kind == "died":
        _report(on_error, WorkerDiedError(slot.raw.path))  # type: ignore[union-attr]
    else:  # "fatal": the worker could not even load the coder; every document would fail alike
        raise DyadwatchError(f"worker could not start: {value}")


def _recover(window: deque[_Slot], pool: WorkerPool) -> None:
    """The pool broke. Keep finished results; retry the other documents one at a time in a fresh
    pool so only the documents that kill a worker are marked "died"."""
    suspects = []
    for slot in window:
        if slot.future is None or slot.outcome is not None:
            continue
        try:
            slot.outcome = slot.future.result(timeout=0)[slot.index] if slot.future.done() else None
        except BrokenProcessPool:
            slot.outcome = None
        except Exception:  # noqa: BLE001 - surfaced below via the retry
            slot.outcome = None
        if slot.outcome is None:
            suspects.append(slot)
    executor = pool.restart()
    for slot in suspects:
        try:
            slot.outcome = executor.submit(_work, slot.raw).result()
        except BrokenProcessPool:
            slot.outcome = ("died", None)
            executor = pool.restart()


def _report(on_error: Callable[[InputError], None] | None, error: InputError) -> None:
    if on_error is not None:
        on_error(error)
