"""Every record the pipeline makes from a corpus, as canonical JSON lines, to show that a speed-up
changed nothing: run it before and after a change and compare the two files.

    python scripts/pipeline_snapshot.py OUT.jsonl [CORPUS...] [--workers N]

The default corpus is the 181 news pages beside the repo plus the bundled samples. Each line is
one processed article: its metadata, its events and its pledges, every field as stored (dates as
ISO strings), in input order. `cmp a.jsonl b.jsonl` or `diff` shows what moved.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = [str(REPO.parent / "shared" / "corpus" / "news-pages" / "html"),
                  str(REPO / "src" / "dyadwatch" / "data" / "samples")]


def plain(value):
    """JSON-able form of a record field (dataclasses, dates, tuples, sets)."""
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the JSON lines file to write")
    parser.add_argument("corpus", nargs="*", default=DEFAULT_CORPUS, help="files, folders or globs")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)

    from dyadwatch.run import process_inputs
    from dyadwatch.settings import load_settings

    settings = load_settings(quiet=True, workers=args.workers)
    errors: list[str] = []
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for processed in process_inputs(args.corpus, settings, workers=args.workers,
                                        on_error=lambda e: errors.append(str(e))):
            out.write(json.dumps(plain(processed), sort_keys=True, ensure_ascii=False) + "\n")
            count += 1
        for line in errors:
            out.write(json.dumps({"error": line}) + "\n")
    print(f"{count} articles, {len(errors)} input errors -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
