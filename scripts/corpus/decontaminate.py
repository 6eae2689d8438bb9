"""Remove from the written-story batches every story that retells the dev set's text too closely.

    python scripts/corpus/decontaminate.py [--dev ../shared/eval/news-dev] [--dry-run]

Writers of corpus/stories/*.jsonl never saw the dev set, but they know the news of 2023-2026, and the
dev set's stories are about real events of those years: a story about the same event can come out with
the same names, figures and phrases. A story is dropped whole when any of its sentences shares at
least 3 word 5-grams with the dev set's stories, or at least a fifth of its 5-grams. Dropped stories are
listed in corpus/stories/REMOVED.md with the reason; running it again removes nothing more.
"""
from __future__ import annotations

import argparse
import glob
import json
from pathlib import Path

from report import ROOT, dev_texts, ngrams

MIN_SHARED = 3
MIN_SHARE = 0.2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "news-dev")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    if not args.dev.is_dir():
        raise SystemExit(f"{args.dev}: no dev set here; nothing can be checked")
    dev_grams = set().union(*(ngrams(t) for t in dev_texts(args.dev)))
    removed_lines = []
    for path in sorted(glob.glob(str(ROOT / "corpus" / "stories" / "*.jsonl"))):
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        dropped: dict[str, str] = {}
        for row in rows:
            grams = ngrams(row["text"])
            shared = grams & dev_grams
            if grams and (len(shared) >= MIN_SHARED or len(shared) / len(grams) >= MIN_SHARE):
                dropped.setdefault(row["story"], f"sentence {row['i']}: {len(shared)} of {len(grams)} 5-grams shared")
        if not dropped:
            continue
        kept = [row for row in rows if row["story"] not in dropped]
        removed_lines += [f"- `{story}` ({Path(path).name}): {why}" for story, why in sorted(dropped.items())]
        print(f"{Path(path).name}: {len(dropped)} stories dropped, {len(rows) - len(kept)} sentences")
        if not args.dry_run:
            with open(path, "w", encoding="utf-8") as out:
                for row in kept:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if removed_lines and not args.dry_run:
        note = ROOT / "corpus" / "stories" / "REMOVED.md"
        head = "" if note.exists() else (
            "# Stories removed for overlap with the dev set\n\n"
            "Dropped whole by `scripts/corpus/decontaminate.py` (a sentence sharing at least "
            f"{MIN_SHARED} word 5-grams, or a fifth of its 5-grams, with the dev set's stories).\n\n")
        with open(note, "a", encoding="utf-8") as out:
            out.write(head + "\n".join(removed_lines) + "\n")


if __name__ == "__main__":
    main()
