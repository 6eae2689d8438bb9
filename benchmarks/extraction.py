"""Extraction quality benchmark: our cleaning (trafilatura + our junk filter) vs trafilatura alone.

Corpus: the scrapinghub article-extraction-benchmark pages (html/<id>.html.gz) with ground truth
(ground-truth.json: id -> {articleBody, url}); default `../shared/corpus/news-pages` next to the repo.

Scoring, as that benchmark defines it: text is tokenised into word tokens (regex \\w+, case kept),
turned into a multiset of shingles of 4 consecutive tokens; per page, true positives are the shingles
in both (counted with multiplicity), precision = tp / predicted shingles, recall = tp / true shingles
(an empty prediction scores precision 0 unless truth is empty too), F1 from those two. The figures
printed are the means over pages of per-page precision, recall and F1. pages/s is wall time over
extraction only (reading the gzip files is excluded).

Systems: `dyadwatch` (clean_document: trafilatura without comments and tables, with metadata, then our
junk filter), `dyadwatch-keep-junk` (the same without our filter: what the filter adds), and
`trafilatura` (trafilatura.extract with its defaults).

Usage: python benchmarks/extraction.py [CORPUS_DIR] [--json] [--limit N] [--show-removed]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from dyadwatch.clean import clean_document
from dyadwatch.clean.html import extract_text_only
from dyadwatch.ingest.decode import decode_bytes
from dyadwatch.records import RawDocument
from dyadwatch.settings import Settings

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news-pages"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def score(truth: str, predicted: str) -> tuple[float, float, float]:
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    n_t, n_p = sum(t.values()), sum(p.values())
    if n_t == 0 and n_p == 0:
        return 1.0, 1.0, 1.0
    precision = tp / n_p if n_p else 0.0
    recall = tp / n_t if n_t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_corpus(corpus: Path, limit: int | None = None) -> list[tuple[str, str, str, str]]:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        raw = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        html = decode_bytes(raw, declared_kind="html")[0]
        pages.append((page_id, html, truth[page_id].get("url") or "", truth[page_id]["articleBody"]))
    return pages


def run(corpus: Path, limit: int | None = None, show_removed: bool = False, only: set[str] | None = None) -> dict:
    pages = load_corpus(corpus, limit)
    settings, no_filter = Settings(), Settings(keep_junk=True)
    systems = {
        "dyadwatch": lambda html, url, pid: _ours(html, url, pid, settings, show_removed),
        "dyadwatch-keep-junk": lambda html, url, pid: _ours(html, url, pid, no_filter, False),
        "trafilatura": lambda html, url, pid: extract_text_only(html, url=url or None),
    }
    results = {}
    for name, extract in systems.items():
        if only and name not in only:
            continue
        scores = []
        started = time.perf_counter()
        for page_id, html, url, truth in pages:
            scores.append(score(truth, extract(html, url, page_id)))
        elapsed = time.perf_counter() - started
        n = len(scores)
        results[name] = {
            "pages": n,
            "precision": round(sum(s[0] for s in scores) / n, 4),
            "recall": round(sum(s[1] for s in scores) / n, 4),
            "f1": round(sum(s[2] for s in scores) / n, 4),
            "pages_per_s": round(n / elapsed, 2),
        }
    return results


def _ours(html: str, url: str, page_id: str, settings: Settings, show_removed: bool) -> str:
    article = clean_document(RawDocument(path=page_id, body=html, format="html", url=url or None), settings)
    if show_removed:
        for line in article.removed:
            print(f"{page_id[:10]} [{line.reason}] {line.text[:110]}", file=sys.stderr)
    return article.text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--show-removed", action="store_true", help="list lines our filter removed")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "ground-truth.json").is_file():
        print(f"{corpus}: no ground-truth.json here", file=sys.stderr)
        return 2
    results = run(corpus, args.limit, args.show_removed)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{'system':<20} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8}")
        for name, r in results.items():
            print(
                f"{name:<20} {r['pages']:>5} {r['precision']:>9.4f} {r['recall']:>7.4f} "
                f"{r['f1']:>7.4f} {r['pages_per_s']:>8.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
