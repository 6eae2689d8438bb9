"""The real pipeline on two worker processes gives exactly what one process gives, in input order."""
from __future__ import annotations

from pathlib import Path

from dyadwatch.records import to_dict
from dyadwatch.run import process_inputs
from dyadwatch.settings import load_settings

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "dyadwatch" / "data" / "samples"


def _run(paths, workers):
    errors = []
    out = list(process_inputs(paths, load_settings(quiet=True), workers=workers, on_error=errors.append))
    return [(to_dict(p.article), [to_dict(e) for e in p.events], [to_dict(x) for x in p.pledges]) for p in out], [
        str(e) for e in errors
    ]


def test_two_workers_equal_one_worker_on_the_samples(tmp_path):
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    pages = sorted(str(p) for p in SAMPLES.glob("*.html.gz"))[:2]
    paths = [str(SAMPLES / "ishiba-japan-us-alliance.txt"), pages[0], str(broken), str(SAMPLES / "articles.jsonl"),
             pages[1]]
    one, one_errors = _run(paths, workers=1)
    two, two_errors = _run(paths, workers=2)
    assert len(one) == 5 and sum(len(events) for _, events, _ in one) > 0
    assert two == one  # same articles, events and pledges, same order
    assert two_errors == one_errors and any("broken.html.gz" in e for e in two_errors)
