"""Split the article text of the 181 real news pages (../shared/corpus/news-pages, MIT) into the
sentences dyadwatch codes, one JSON file per page, for labelling.

    python scripts/corpus/prepare_pages.py OUT_DIR [--pages ../shared/corpus/news-pages]

Each OUT_DIR/NNN-<hash8>.json holds {"page", "url", "sentences": [{"i", "text"}]} where NNN is the
page's position in sorted hash order (the split used to hand pages to labellers). The sentences come
from the reference article text (articleBody), not from dyadwatch's own extraction, so labels do not
depend on what the extractor keeps.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from dyadwatch.nlp.pipeline import split_sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=Path, default=Path(__file__).resolve().parents[3] / "shared/corpus/news-pages")
    args = parser.parse_args()
    truth = json.loads((args.pages / "ground-truth.json").read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(sorted(truth)):
        body = truth[page].get("articleBody") or ""
        sentences = [{"i": s.index, "text": s.text} for s in split_sentences(body)]
        record = {"page": page, "url": truth[page].get("url"), "sentences": sentences}
        (args.out / f"{n:03d}-{page[:8]}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1),
                                                           encoding="utf-8")
    print(f"{len(truth)} pages written to {args.out}")


if __name__ == "__main__":
    main()
