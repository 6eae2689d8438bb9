"""Score pledges and answers on the invented sets: `python scripts/corpus/score_pledge_sets.py [tune|heldout]
[--details] [--set first|second|third|fourth]`. The first set is corpus/pledges + corpus/answers, the
second corpus/pledges2, the third corpus/pledges3 (held-out only: longer wire-length stories by a third
author), the fourth corpus/pledges4 (tune only: as long and hard as the third, by a fourth author, the set
to look at when working on the extractors); all by default. Prints, per folder, the pledge and answer figures of `dyadwatch evaluate news` (events
are not annotated in these sets) and, with --details, each gold pledge/answer with what was found."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from dyadwatch.evaluate.news import evaluate_news
from dyadwatch.pipeline import load_coder
from dyadwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[2] / "corpus"

if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = args[args.index("--set") + 1] if "--set" in args else None
    if chosen:
        args.remove("--set")
        args.remove(chosen)
    sets = {"first": ("pledges", "answers"), "second": ("pledges2",), "third": ("pledges3",), "fourth": ("pledges4",)}
    kinds = sets[chosen] if chosen else sets["first"] + sets["second"] + sets["third"] + sets["fourth"]
    splits = [a for a in args if not a.startswith("--")] or ["tune", "heldout"]
    settings = Settings()
    coder = load_coder(settings)
    totals: dict[str, dict[str, int]] = {}
    for split in splits:
        for kind in kinds:
            if not (ROOT / kind / split).is_dir():
                continue  # the third set has no tune half, the fourth no held-out half
            report = evaluate_news(ROOT / kind / split, settings, coder).as_dict(verbose=True)
            print(f"== {kind}/{split}")
            print(" pledges:", json.dumps(report["pledges"]))
            print(" answers:", json.dumps(report["answers"]))
            name = {"pledges2": "second", "pledges3": "third", "pledges4": "fourth"}.get(kind, "first")
            t = totals.setdefault(f"{name} {split}", {})
            for part in ("pledges", "answers"):
                for k in ("gold", "emitted", "found"):
                    t[f"{part}_{k}"] = t.get(f"{part}_{k}", 0) + report[part][k]
            if "--details" in sys.argv:
                for part in ("pledges", "answers"):
                    for row in report["details"].get(part, []):
                        print("   ", json.dumps(row, ensure_ascii=False))
    for split, t in totals.items():
        print(f"{split}: pledges {t['pledges_found']}/{t['pledges_gold']} found, {t['pledges_emitted']} listed; "
              f"answers {t['answers_found']}/{t['answers_gold']} found, {t['answers_emitted']} emitted")
