"""Every record the pipeline makes from a corpus, as canonical JSON lines: run it before and after a
change and compare the two files, or compare the bundled samples with the committed snapshot.

    python scripts/pipeline_snapshot.py OUT.jsonl [CORPUS...] [--workers N]
    python scripts/pipeline_snapshot.py --golden      # rewrite tests/golden/samples.jsonl

The default corpus is the 181 news pages beside the repo plus the bundled samples. Each line is
one processed article: its metadata, its events and its pledges, every field as stored (dates as
ISO strings), in input order; then one line per input error. Paths inside the package (the samples,
the dictionary a pattern comes from) are written from the package folder on ("dyadwatch/data/..."),
so a snapshot does not depend on where the checkout or the installed package lives.
`cmp a.jsonl b.jsonl` or `diff` shows what moved.

--golden writes the snapshot of the bundled samples (src/dyadwatch/data/samples) that
tests/test_pipeline_snapshot.py compares a fresh run against: run it after a change that is meant
to change what the pipeline makes, and commit the file with the change (its diff is the review of
what changed).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = [str(REPO.parent / "shared" / "corpus" / "news-pages" / "html"),
                  str(REPO / "src" / "dyadwatch" / "data" / "samples")]
GOLDEN = REPO / "tests" / "golden" / "samples.jsonl"


def samples_dir() -> Path:
    from dyadwatch.settings import DATA_DIR

    return DATA_DIR / "samples"


def _package_prefix() -> str:
    import dyadwatch

    return str(Path(dyadwatch.__file__).resolve().parent.parent) + "/"


def plain(value, prefix: str = ""):
    """JSON-able form of a record field (dataclasses, dates, tuples, sets); `prefix` is cut from
    every string that holds it (the folder above the package)."""
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name), prefix) for f in dataclasses.fields(value)}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v, prefix) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, prefix) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v, prefix) for v in value)
    if prefix and isinstance(value, str) and prefix in value:
        return value.replace(prefix, "")
    return value


def snapshot_lines(corpus: list[str], workers: int = 1) -> Iterator[str]:
    """The snapshot of a corpus, line by line: one JSON object per article, then one per input error."""
    from dyadwatch.run import process_inputs
    from dyadwatch.settings import load_settings

    settings = load_settings(quiet=True, workers=workers)
    prefix = _package_prefix()
    errors: list[str] = []
    for processed in process_inputs(corpus, settings, workers=workers, on_error=lambda e: errors.append(str(e))):
        yield json.dumps(plain(processed, prefix), sort_keys=True, ensure_ascii=False)
    for line in errors:
        yield json.dumps({"error": plain(line, prefix)}, ensure_ascii=False)


def write_snapshot(out: Path | str, corpus: list[str], workers: int = 1) -> int:
    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        for line in snapshot_lines(corpus, workers):
            handle.write(line + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", help="the JSON lines file to write")
    parser.add_argument("corpus", nargs="*", default=DEFAULT_CORPUS, help="files, folders or globs")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--golden", action="store_true", help=f"write the samples' snapshot to {GOLDEN}")
    args = parser.parse_args(argv)
    if args.golden:
        args.out, args.corpus = str(GOLDEN), [str(samples_dir())]
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    if not args.out:
        parser.error("give OUT.jsonl, or --golden")
    count = write_snapshot(args.out, args.corpus, args.workers)
    print(f"{count} lines -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
