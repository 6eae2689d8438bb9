"""The extraction benchmark: its scoring, and a quality gate on the news-pages corpus."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
spec = importlib.util.spec_from_file_location("extraction_benchmark", ROOT / "benchmarks" / "extraction.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_shingles_are_4_token_multisets():
    assert bench.shingles("a b c d e") == {"a b c d": 1, "b c d e": 1}
    assert bench.shingles("a b") == {"a b": 1}  # shorter than n: one shingle of all tokens
    assert bench.shingles("") == {}


def test_score_precision_recall_f1():
    truth = "one two three four five six"
    assert bench.score(truth, truth) == (1.0, 1.0, 1.0)
    p, r, f = bench.score(truth, "one two three four five six seven eight")
    assert (p, r) == (3 / 5, 1.0) and f == pytest.approx(0.75)
    assert bench.score(truth, "") == (0.0, 0.0, 0.0)
    assert bench.score("", "") == (1.0, 1.0, 1.0)


def test_quality_gate_on_the_news_pages_corpus():
    truth = bench.DEFAULT_CORPUS / "ground-truth.json"
    if not truth.is_file():  # a missing corpus is a broken checkout, not a reason to pass
        pytest.fail(f"{truth}: the shared news corpus is missing; this gate needs ../shared beside the "
                    "checkout (CI has it)", pytrace=False)
    results = bench.run(bench.DEFAULT_CORPUS, only={"dyadwatch", "trafilatura"})
    ours, alone = results["dyadwatch"], results["trafilatura"]
    assert ours["pages"] == 181
    assert ours["f1"] >= 0.95
    assert ours["f1"] >= alone["f1"]
