"""The worker pool: input order kept, errors in order, bounded memory, dead workers reported.

The processors below are module-level factories ("test_workers_pool:<name>") so the spawned
workers can import them; they stand in for the real pipeline, which test_workers_pipeline covers.
"""
from __future__ import annotations

import os
import random
import time

import pytest

from dyadwatch.errors import DyadwatchError, InputError
from dyadwatch.records import RawDocument
from dyadwatch.settings import Settings
from dyadwatch.workers import IN_FLIGHT_PER_WORKER, WorkerDiedError, process_parallel, resolve_workers


def shuffled_upper(settings):
    """Finish in random order; raise InputError on 'bad'; die on 'crash'."""
    pid = os.getpid()

    def run(raw):
        time.sleep(random.random() * 0.02)
        if raw.body == "bad":
            raise InputError(raw.path, "body is bad")
        if raw.body == "crash":
            os._exit(3)
        return raw.path, raw.body.upper(), pid

    return run


def upper_once_both_workers_run(settings):
    """shuffled_upper, but the first document waits (up to 20 s) until a second worker has started:
    whether the pool uses both workers must not depend on how fast the machine spawns processes."""
    peers = os.environ["DW_TEST_PEERS"]
    open(os.path.join(peers, str(os.getpid())), "w").close()
    run = shuffled_upper(settings)

    def wait_then_run(raw):
        deadline = time.time() + 20
        while len(os.listdir(peers)) < 2 and time.time() < deadline:
            time.sleep(0.01)
        return run(raw)

    return wait_then_run


def broken_factory(settings):
    raise RuntimeError("model en_core_web_xx not installed")


def _docs(n, special=None):
    special = special or {}
    return [RawDocument(path=f"doc{i}.txt", body=special.get(i, f"text {i}"), format="text") for i in range(n)]


def test_results_keep_input_order_and_match_one_worker(tmp_path, monkeypatch):
    monkeypatch.setenv("DW_TEST_PEERS", str(tmp_path))  # the spawned workers inherit it
    docs = _docs(30)
    out = list(process_parallel(docs, Settings(), workers=2, processor="test_workers_pool:upper_once_both_workers_run"))
    assert [(p, b) for p, b, _ in out] == [(d.path, d.body.upper()) for d in docs]
    assert len({pid for *_, pid in out}) == 2  # both workers did work


def test_reading_and_processing_errors_reported_in_input_order():
    items = _docs(6, {2: "bad"})
    items.insert(4, InputError("broken.warc.gz#7", "not a WARC record"))
    errors = []
    out = list(
        process_parallel(
            items, Settings(), workers=2, on_error=errors.append, processor="test_workers_pool:shuffled_upper"
        )
    )
    assert [p for p, *_ in out] == ["doc0.txt", "doc1.txt", "doc3.txt", "doc4.txt", "doc5.txt"]
    assert [str(e) for e in errors] == ["doc2.txt: body is bad", "broken.warc.gz#7: not a WARC record"]


def test_dead_worker_reported_with_its_file_and_run_goes_on():
    docs = _docs(12, {5: "crash"})
    errors = []
    out = list(
        process_parallel(
            docs, Settings(), workers=2, on_error=errors.append, processor="test_workers_pool:shuffled_upper"
        )
    )
    assert [p for p, *_ in out] == [d.path for d in docs if d.path != "doc5.txt"]
    assert len(errors) == 1 and isinstance(errors[0], WorkerDiedError)
    assert str(errors[0]) == "doc5.txt: a worker process died while processing it; rerun this file"


def test_inputs_are_streamed_with_bounded_in_flight():
    consumed = []

    def stream():
        for doc in _docs(40):
            consumed.append(doc.path)
            yield doc

    gen = process_parallel(stream(), Settings(), workers=2, processor="test_workers_pool:shuffled_upper")
    first = next(gen)
    assert first[0] == "doc0.txt"
    assert len(consumed) <= 2 * IN_FLIGHT_PER_WORKER + 1
    assert len(list(gen)) == 39


def test_worker_that_cannot_start_stops_the_run_with_the_reason():
    with pytest.raises(DyadwatchError, match="worker could not start: RuntimeError: model en_core_web_xx"):
        list(process_parallel(_docs(3), Settings(), workers=2, processor="test_workers_pool:broken_factory"))


def test_more_workers_than_inputs_and_zero_means_one_per_core():
    assert resolve_workers(0) == (os.cpu_count() or 1)
    out = list(process_parallel(_docs(2), Settings(), workers=5, processor="test_workers_pool:shuffled_upper"))
    assert [p for p, *_ in out] == ["doc0.txt", "doc1.txt"]
    with pytest.raises(DyadwatchError, match="--workers must be 0"):
        resolve_workers(-1)


def dies_at_start(settings):
    os._exit(5)


def test_pool_that_cannot_start_stops_the_run_instead_of_blaming_each_document():
    errors = []
    with pytest.raises(DyadwatchError, match="worker processes could not start"):
        list(process_parallel(_docs(3), Settings(), workers=2, on_error=errors.append,
                              processor="test_workers_pool:dies_at_start"))
    assert errors == []


def test_a_worker_that_dies_before_the_next_submit_is_recovered():
    def stream():  # the crash has broken the pool before the next document is submitted
        for doc in _docs(6, {2: "crash"}):
            yield doc
            if doc.body == "crash":
                time.sleep(3)

    errors = []
    out = list(process_parallel(stream(), Settings(), workers=2, on_error=errors.append,
                                processor="test_workers_pool:shuffled_upper"))
    assert [p for p, *_ in out] == ["doc0.txt", "doc1.txt", "doc3.txt", "doc4.txt", "doc5.txt"]
    assert [str(e) for e in errors] == ["doc2.txt: a worker process died while processing it; rerun this file"]
