"""Process documents on several cores with the same results as one.

`pipeline.process_inputs(..., workers=N)` calls `process_parallel` when N != 1. The main process
reads inputs (streaming, `ingest.read_inputs`), a pool of worker processes cleans and codes them
(`pipeline.process_document`), each worker loading the Coder once in its initializer. Results come
back in input order; at most `workers * IN_FLIGHT_PER_WORKER` documents are in flight, so memory does
not grow with the corpus. A worker that dies (killed, segfault, out of memory) breaks the pool: the
documents in flight are then retried one at a time in a fresh pool, so only the document(s) that kill
a worker are reported (as `WorkerDiedError`, naming the file, for a rerun) and the run goes on.
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from dyadwatch.errors import DyadwatchError, InputError
from dyadwatch.records import RawDocument
from dyadwatch.settings import Settings

IN_FLIGHT_PER_WORKER = 4
DEFAULT_PROCESSOR = "dyadwatch.workers:pipeline_processor"
# what the single-process `pipeline.process_inputs` turns into a per-document InputError
PROCESSING_ERRORS = (ValueError, RecursionError, MemoryError)


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
    """The default processor factory: load the Coder once, then `process_document` per document."""
    from dyadwatch.pipeline import load_coder, process_document

    coder = load_coder(settings)

    def run(raw: RawDocument) -> Any:
        try:
            return process_document(raw, settings, coder)
        except PROCESSING_ERRORS as exc:  # as process_inputs does: odd text must not stop a batch
            raise InputError(raw.path, f"cannot process: {type(exc).__name__}: {exc}") from exc

    return run


_PROCESS: Callable[[RawDocument], Any] | None = None
_INIT_ERROR: str | None = None


def _load_factory(spec: str) -> Callable[[Settings], Callable[[RawDocument], Any]]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _init_worker(processor: str, settings: Settings) -> None:
    global _PROCESS, _INIT_ERROR
    # Ctrl-C reaches the whole process group: the main process decides how to stop (finish the
    # documents in flight, shut the pool down); a worker killed by it would look like a crash.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _PROCESS = _load_factory(processor)(settings)
    except Exception as exc:  # reported by the main process on the first document
        _INIT_ERROR = f"{type(exc).__name__}: {exc}"


def _ping() -> str | None:
    """Run first in every new pool: None if a worker started and loaded its processor."""
    return _INIT_ERROR


def _work(raw: RawDocument) -> tuple[str, Any]:
    """Process one document. Exceptions carrying custom constructors are sent back as plain data."""
    if _INIT_ERROR is not None:
        return "fatal", _INIT_ERROR
    try:
        return "ok", _PROCESS(raw)  # type: ignore[misc]
    except InputError as exc:
        return "input-error", (exc.path, exc.reason)


# --- the main process ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Slot:
    """One input, in input order: an error from reading, or a document with its future."""

    raw: RawDocument | None = None
    error: InputError | None = None
    future: Future | None = None
    outcome: tuple[str, Any] | None = None


@dataclass
class _Pool:
    processor: str
    settings: Settings
    workers: int
    restarts: int = 0
    executor: ProcessPoolExecutor | None = field(default=None, init=False)

    def start(self) -> ProcessPoolExecutor:
        """A running pool. A pool that cannot start (the worker dies or cannot load the coder) stops
        the run with the reason, rather than every document being reported as killing a worker."""
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.processor, self.settings),
            )
            try:
                init_error = self.executor.submit(_ping).result()
            except BrokenProcessPool as exc:
                self.shutdown()
                raise DyadwatchError(
                    "worker processes could not start (see the error above); with --workers, run from a "
                    "script file whose main code is under `if __name__ == '__main__':`, or use 1 worker"
                ) from exc
            if init_error is not None:
                self.shutdown()
                raise DyadwatchError(f"worker could not start: {init_error}")
        return self.executor

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
) -> Iterator[Any]:
    """Yield processed documents in input order, computed by a pool of `workers` processes.

    `items` is what `ingest.read_inputs` yields. Reading errors and per-document InputErrors go to
    `on_error` in input order (and are otherwise dropped, as in the single-process path).
    `processor` names a factory "module:function" taking Settings and returning the per-document
    function; the default runs `pipeline.process_document` with a Coder loaded once per worker.
    """
    pool = _Pool(processor, settings, resolve_workers(workers))
    limit = pool.workers * IN_FLIGHT_PER_WORKER
    window: deque[_Slot] = deque()
    try:
        for item in items:
            if isinstance(item, InputError):
                window.append(_Slot(error=item))
            else:
                window.append(_Slot(raw=item, future=_submit(window, pool, item)))
            while sum(1 for s in window if s.future is not None) >= limit:
                yield from _drain_head(window, pool, on_error)
        while window:
            yield from _drain_head(window, pool, on_error)
    finally:
        pool.shutdown()


def _submit(window: deque[_Slot], pool: _Pool, raw: RawDocument) -> Future:
    """Submit a document. A worker that died since the last look breaks the pool at submit time too
    (not only when a result is awaited): settle the documents in flight first, then submit anew."""
    try:
        return pool.start().submit(_work, raw)
    except BrokenProcessPool:
        _recover(window, pool)
        return pool.start().submit(_work, raw)


def _drain_head(window: deque[_Slot], pool: _Pool, on_error: Callable[[InputError], None] | None) -> Iterator[Any]:
    """Wait for the oldest input and emit it (plus any reading errors queued right behind it)."""
    slot = window[0]
    if slot.future is not None and slot.outcome is None:
        try:
            slot.outcome = slot.future.result()
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


def _recover(window: deque[_Slot], pool: _Pool) -> None:
    """The pool broke. Keep finished results; retry the other documents one at a time in a fresh
    pool so only the documents that kill a worker are marked "died"."""
    suspects = []
    for slot in window:
        if slot.future is None or slot.outcome is not None:
            continue
        try:
            slot.outcome = slot.future.result(timeout=0) if slot.future.done() else None
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
