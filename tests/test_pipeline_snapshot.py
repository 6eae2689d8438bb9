"""The bundled samples through the whole pipeline give exactly the committed snapshot: every
article, event and pledge (tests/golden/samples.jsonl, written by scripts/pipeline_snapshot.py).

A change that is meant to change what the pipeline makes regenerates it with one command,
    python scripts/pipeline_snapshot.py --golden
and commits the new file with the change: its diff is the review of what moved.
"""
from __future__ import annotations

import difflib
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).parents[1]
_spec = importlib.util.spec_from_file_location("pipeline_snapshot", ROOT / "scripts" / "pipeline_snapshot.py")
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)

REGENERATE = "python scripts/pipeline_snapshot.py --golden"


def _label(line: str) -> str:
    record = json.loads(line)
    if "error" in record:
        return f"input error {record['error'][:80]}"
    article = record["article"]
    return f"{article['path']} ({article['title'] or 'untitled'}): {len(record['events'])} events, " \
           f"{len(record['pledges'])} pledges"


def _readable(line: str) -> list[str]:
    """One record as indented JSON, so a diff points at the field that moved."""
    return json.dumps(json.loads(line), indent=1, sort_keys=True, ensure_ascii=False).splitlines()


def describe(expected: list[str], fresh: list[str], limit: int = 60) -> str:
    """What differs, article by article, with a diff of the first records that differ."""
    out = [f"the pipeline's output on the samples differs from {snapshot.GOLDEN.relative_to(ROOT)} "
           f"({len(expected)} committed lines, {len(fresh)} now). If the change is intended, "
           f"regenerate it with `{REGENERATE}` and commit it."]
    if len(expected) != len(fresh):
        out.append("committed: " + "; ".join(_label(x) for x in expected))
        out.append("now:       " + "; ".join(_label(x) for x in fresh))
    for old, new in zip(expected, fresh):
        if old != new:
            out.append(f"-- {_label(old)}  ->  {_label(new)}")
            diff = list(difflib.unified_diff(_readable(old), _readable(new), "committed", "now", n=2, lineterm=""))
            out.extend(diff[:limit] + ([f"... {len(diff) - limit} more diff lines"] if len(diff) > limit else []))
    return "\n".join(out)


def test_samples_give_the_committed_snapshot():
    assert snapshot.GOLDEN.is_file(), f"{snapshot.GOLDEN} is missing: write it with `{REGENERATE}`"
    expected = snapshot.GOLDEN.read_text(encoding="utf-8").splitlines()
    fresh = list(snapshot.snapshot_lines([str(snapshot.samples_dir())]))
    assert fresh == expected, describe(expected, fresh)


def test_the_diff_message_names_the_article_and_the_field():
    line = json.dumps({"article": {"path": "dyadwatch/data/samples/a.txt", "title": "A"},
                       "events": [{"cameo": "036"}], "pledges": []}, sort_keys=True)
    message = describe([line], [line.replace("036", "042")])
    assert "dyadwatch/data/samples/a.txt (A): 1 events" in message
    assert '-   "cameo": "036"' in message and '+   "cameo": "042"' in message
    assert REGENERATE in message
