"""The coder preloaded in the fork server: reused only when built from the same settings and files,
and workers started from it give what one process gives."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from dyadwatch import workers
from dyadwatch.records import RawDocument
from dyadwatch.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "dyadwatch" / "data" / "samples"


def test_preloaded_coder_is_reused_only_for_the_same_settings_and_files(tmp_path, monkeypatch):
    actors = tmp_path / "actors.txt"
    actors.write_text("FOO_BAR_PARTY [XYZPTY]\n")
    settings = Settings(actors_files=(str(actors),))
    coder = object()
    monkeypatch.setattr(workers, "_PRELOADED", (workers.coder_key(settings), coder))
    assert workers.preloaded_coder(settings) is coder
    assert workers.preloaded_coder(replace(settings, max_sentence_chars=500)) is None
    assert workers.preloaded_coder(replace(settings, actors_files=())) is None
    assert workers.preloaded_coder(replace(settings, verbs_files=(str(actors),))) is None
    actors.write_text("FOO_BAR_PARTY [XYZPTY]\nBAZ_PARTY [XYZPTY]\n")  # edited since the server loaded it
    assert workers.preloaded_coder(settings) is None


def test_no_preload_without_the_variable_and_a_failed_preload_is_not_fatal(monkeypatch):
    monkeypatch.setattr(workers, "_PRELOADED", None)
    monkeypatch.delenv(workers.PRELOAD_ENV, raising=False)
    workers.preload_from_environment()
    assert workers._PRELOADED is None
    monkeypatch.setenv(workers.PRELOAD_ENV, "not base64 pickle")
    workers.preload_from_environment()  # what the fork server runs: must not raise
    assert workers._PRELOADED is None and workers.PRELOAD_ERROR
    assert workers.PRELOAD_ENV not in os.environ


def probe(settings):
    """Reports whether this worker got the server's coder for `settings`."""
    got = workers.preloaded_coder(settings) is not None

    def run(raw):
        return raw.path, got, os.getpid()

    return run


SCRIPT = textwrap.dedent('''
    import json, sys
    from dataclasses import replace
    from dyadwatch.run import process_inputs
    from dyadwatch.records import RawDocument, to_dict
    from dyadwatch.settings import load_settings
    from dyadwatch.workers import WorkerPool, process_parallel

    def rows(out):
        return [[to_dict(p.article), [to_dict(e) for e in p.events], [to_dict(x) for x in p.pledges]] for p in out]

    if __name__ == "__main__":
        paths = sys.argv[1:]
        settings = load_settings(quiet=True)
        one = rows(process_inputs(paths, settings, workers=1))
        with WorkerPool(settings, 2) as pool:  # starts the fork server, preloading this coder
            two = rows(process_inputs(paths, settings, pool=pool))
            again = rows(process_inputs(paths, settings, pool=pool))  # a pool serves several runs
        docs = [RawDocument(path=f"d{i}", body="x", format="text") for i in range(4)]
        with WorkerPool(settings, 2, processor="test_workers_preload:probe") as pool:
            same = [got for _, got, _ in process_parallel(docs, settings, pool=pool)]
        other = replace(settings, max_sentence_chars=999)
        different = [got for _, got, _ in process_parallel(docs, other, workers=2, processor="test_workers_preload:probe")]
        print(json.dumps({"equal": one == two == again, "events": sum(len(r[1]) for r in one),
                          "same": same, "different": different}))
''')


def test_workers_from_the_preloading_server_give_what_one_process_gives(tmp_path):
    # a fresh interpreter: the fork server (one per process) must start with this test's settings
    script = tmp_path / "preload_run.py"
    script.write_text(SCRIPT)
    pages = sorted(str(p) for p in SAMPLES.glob("*.html.gz"))[:2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    done = subprocess.run([sys.executable, str(script), str(SAMPLES / "ishiba-japan-us-alliance.txt"), *pages],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["equal"] and result["events"] > 0
    assert result["same"] == [True] * 4  # the server's coder, built from these settings
    assert result["different"] == [False] * 4  # other settings: each worker loads its own


def test_a_pool_started_with_other_settings_is_refused():
    pool = workers.WorkerPool(Settings(), 2, processor="test_workers_pool:shuffled_upper")
    docs = [RawDocument(path="a", body="x", format="text")]
    with pytest.raises(ValueError, match="other settings"):
        list(workers.process_parallel(docs, Settings(max_bytes=10), pool=pool))
