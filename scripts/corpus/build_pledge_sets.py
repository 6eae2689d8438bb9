"""Write the invented pledge and answer stories (pledge_stories.py) as news-dev style folders.

corpus/pledges/{tune,heldout}/ and corpus/answers/{tune,heldout}/ (first set), corpus/pledges2/{tune,heldout}/
(second set, pledge_stories2.py): one JSONL record per story file (`pNN.jsonl`, `aNN.jsonl`, `wNN.jsonl`) and a gold.json in the format of shared/eval/news-dev/README.md (events
left empty: these sets score pledges and answers only). Run: python scripts/corpus/build_pledge_sets.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pledge_stories import ANSWER_STORIES, PLEDGE_STORIES  # noqa: E402
from pledge_stories2 import STORIES as SECOND_SET_STORIES  # noqa: E402

ROOT = Path(__file__).resolve().parents[2] / "corpus"


def write_set(stories: list[dict], folder: Path) -> None:
    for split in ("tune", "heldout"):
        out = folder / split
        out.mkdir(parents=True, exist_ok=True)
        gold = []
        for s in (s for s in stories if s["split"] == split):
            url = f"https://example.com/{s['id']}"
            record = {"url": url, "title": s["title"], "published": s["date"], "text": s["text"]}
            (out / f"{s['id']}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            gold.append({"article": s["id"], "file": f"{s['id']}.jsonl", "format": "jsonl", "title": s["title"],
                         "date": s["date"], "url": url, "item_index": 1, "junk_lines": [], "events": [],
                         "pledges": s["pledges"], "proposal_responses": s["answers"]})
        (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{out}: {len(gold)} stories, {sum(len(g['pledges']) for g in gold)} pledges, "
              f"{sum(len(g['proposal_responses']) for g in gold)} answers")


if __name__ == "__main__":
    write_set(PLEDGE_STORIES, ROOT / "pledges")
    write_set(ANSWER_STORIES, ROOT / "answers")
    write_set(SECOND_SET_STORIES, ROOT / "pledges2")
