"""Training data for the learned pair scorer: the labelled corpus read, coded by the rule coder, and
turned into one row per candidate actor pair (features, gold root or 'none', gold mode).

Reads every corpus/**/*.jsonl file of either shape: one line per sentence with "page" (pages batches) or
"story" (stories batches) naming the story, "i" the sentence's position, "text", "events", and topic /
region / batch / date when given. Lines that cannot be read are reported (file, line, reason) and skipped.
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dyadwatch.evaluate.news import actor_key
from dyadwatch.events.coder import Coder
from dyadwatch.events.patterns import RULE_MARK
from dyadwatch.events.learned import (Candidate, NONE, candidates, link_token, mode_features, pair_features,
                                      verb_codes_of)
from dyadwatch.nlp.pipeline import SentenceSpan

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
FAMILIES = {"verbal-coop": {"01", "02", "03", "04", "05"}, "material-coop": {"06", "07", "08"},
            "verbal-conflict": {"09", "10", "11", "12", "13"}, "material-conflict": {"14", "15", "16", "17", "18", "19", "20"}}


def family_of(root: str) -> str:
    return next(name for name, roots in FAMILIES.items() if root in roots)


@dataclass
class Story:
    story: str
    batch: str
    topic: str
    region: str
    day: date | None
    sentences: list[dict] = field(default_factory=list)  # the corpus lines, in order of "i"


EVENT_BATCHES = ("labelled", "stories")  # corpus/ folders of event-labelled batches


def corpus_files(root: Path = CORPUS) -> list[Path]:
    """The training corpus's files: the event-labelled batches (corpus/labelled/, corpus/stories/). Not
    agreement/ (a second coding of sentences already in the pages batches, for measuring agreement, never
    for training), nor the pledge and answer story sets (their own gold format, for measuring those)."""
    return sorted(p for folder in EVENT_BATCHES for p in (root / folder).rglob("*.jsonl"))


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_corpus(files: list[Path], warn=lambda msg: print(msg, file=sys.stderr)) -> list[Story]:
    stories: dict[tuple[str, str], Story] = {}
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                sid = rec.get("page") or rec.get("story")
                if not sid or not isinstance(rec.get("i"), int) or not isinstance(rec.get("text"), str):
                    raise ValueError("needs page or story, integer i and text")
            except ValueError as exc:
                warn(f"{path}:{n}: skipped: {exc}")
                continue
            batch = rec.get("batch") or path.stem
            key = (batch, str(sid))
            story = stories.get(key)
            if story is None:
                day = None
                try:
                    day = date.fromisoformat(str(rec.get("date"))[:10]) if rec.get("date") else None
                except ValueError:
                    warn(f"{path}:{n}: date {rec.get('date')!r} not ISO: story read without a date")
                story = stories[key] = Story(str(sid), batch, rec.get("topic") or "other", rec.get("region") or "none", day)
            story.sentences.append(rec)
    for story in stories.values():
        story.sentences.sort(key=lambda r: r["i"])
    return sorted(stories.values(), key=lambda s: (s.batch, s.story))


def spans(story: Story) -> list[SentenceSpan]:
    out, offset = [], 0
    for rec in story.sentences:
        out.append(SentenceSpan(rec["i"], offset, offset + len(rec["text"]), rec["text"]))
        offset += len(rec["text"]) + 1
    return out


def gold_events(rec: dict) -> list[dict]:
    out = []
    for e in rec.get("events") or []:
        s, t, cameo = actor_key(e.get("source")), actor_key(e.get("target")), str(e.get("cameo") or "")
        if s and t and cameo[:2].isdigit():
            out.append({"s": s, "t": t, "root": cameo[:2], "mode": e.get("mode") or "asserted",
                        "reciprocal": bool(e.get("reciprocal")), "reported": bool(e.get("reported")),
                        "target_from": e.get("target_from") or "sentence"})
    return out


def gold_label(keys: tuple[str | None, str | None], gold: list[dict]) -> tuple[str, str | None, list[str]]:
    """(root, mode) of the first gold event between the pair's actors (either way round for a reciprocal
    one), and the roots of all of them, in the order given."""
    sk, tk = keys
    mine = [g for g in gold if (g["s"], g["t"]) == (sk, tk) or (g["reciprocal"] and (g["t"], g["s"]) == (sk, tk))]
    if not mine:
        return NONE, None, []
    return mine[0]["root"], mine[0]["mode"], list(dict.fromkeys(g["root"] for g in mine))


class Collector(Coder):
    """The news-mode rule coder that, at the hybrid's hook, records every candidate pair's features and
    the rules' events instead of revising them (training must see what the hybrid sees at run time)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.learned = True  # truthy: parse actor sentences and call _revise, as the hybrid does
        self.rows: list[dict] = []
        self.rule_events: list = []

    def _revise(self, doc, s, groups, history, events, found_verbs, doc_id, published, info):
        from dyadwatch.events.coder import _rule_pairs, one_subject

        verb_codes = verb_codes_of(doc, found_verbs)
        rule_pairs = _rule_pairs(events)
        for cand in candidates(groups, [(i, gs) for i, gs, _r in history], s.index, doc):
            self.rows.append({"doc": doc_id, "i": s.index, "keys": list(cand.keys), "target_from": cand.target_from,
                              "one_subject": one_subject(cand, doc),
                              "features": pair_features(doc, cand, verb_codes, rule_pairs),
                              "mode_features": mode_features(doc, link_token(doc, cand))})
        return events


def code_corpus(stories: list[Story], collector: Collector, rules: Coder, log=lambda m: None) -> dict:
    """Rows of candidate pairs with gold labels, the collector's rule events and the plain rule coder's
    events, per (story key, sentence)."""
    rows, hybrid_rules, plain_rules = [], defaultdict(list), defaultdict(list)
    for n, story in enumerate(stories):
        doc_id = f"{story.batch}/{story.story}"
        sp = spans(story)
        collector.rows = []
        for e in collector._code_texts([(sp, story.day, doc_id, story.day)])[0]:
            hybrid_rules[(doc_id, e.sentence_index)].append(_event_row(e))
        for e in rules._code_texts([(sp, story.day, doc_id, story.day)])[0]:
            plain_rules[(doc_id, e.sentence_index)].append(_event_row(e))
        gold = {rec["i"]: gold_events(rec) for rec in story.sentences}
        for row in collector.rows:
            root, mode, roots = gold_label(tuple(row["keys"]), gold.get(row["i"], []))
            row.update(label=root, mode=mode, roots=roots, batch=story.batch, topic=story.topic, region=story.region)
            rows.append(row)
        if n % 20 == 0:
            log(f"{n}/{len(stories)} stories, {len(rows)} pairs")
    return {"rows": rows, "hybrid_rules": {f"{k[0]}#{k[1]}": v for k, v in hybrid_rules.items()},
            "plain_rules": {f"{k[0]}#{k[1]}": v for k, v in plain_rules.items()}}


def _event_row(e) -> dict:
    mode = "negated" if e.negated else ("hypothetical" if e.mode == "hypothetical" else "asserted")
    return {"s": actor_key(e.source.code) if e.source else None, "t": actor_key(e.target.code) if e.target else None,
            "root": e.cameo_root, "mode": mode, "coded_mode": e.mode, "cameo": e.cameo,
            "by_rule": RULE_MARK in (e.pattern or "")}


def gold_by_sentence(stories: list[Story]) -> dict[str, list[dict]]:
    out = {}
    for story in stories:
        for rec in story.sentences:
            out[f"{story.batch}/{story.story}#{rec['i']}"] = gold_events(rec)
    return out
