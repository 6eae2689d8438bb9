"""Held-out figures for the learned pair scorer, the mode scorer and the hybrid, against the rule coder on
the same held-out sentences.

    python scripts/train/evaluate.py [--corpus corpus] [--cache build/learn/pairs.json] [--json OUT]

Splits (each trains on one part of the corpus and scores on the other, thresholds chosen by inner
cross-validation on the training part only): 5 folds by story; each batch held out; each topic and region
with at least MIN_GOLD gold events held out; stories held out by their main event family (quad class);
learning curves at 25/50/100% of the training stories of the 5 folds.

Event match: same sentence, source and target at country level, CAMEO root (a reciprocal gold event in
either direction). 'rules' = `Coder.from_settings()` as shipped; 'model' = the pair scorer alone;
'hybrid' = rules revised by the model as `Coder._revise` does by default (a rule event dropped when the
model scores every candidate row of its pair as no event at P(none) >= the drop threshold; model events
added for pairs the rules left uncoded; a rule event takes the model's root when the model is sure enough
of it and they differ); 'hybrid (no drop)' and 'hybrid (no retype)' without those steps. The '(dev
scoring)' lines score rules and hybrid as `dyadwatch evaluate news` scores the development set (both
directions of a reciprocal gold event right, `fit.score_events_as_dev`), so the two sets' figures compare."""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit  # noqa: E402
import pairdata  # noqa: E402
import train  # noqa: E402
from dyadwatch.events.learned import NONE  # noqa: E402

MIN_GOLD = 15
SYSTEMS = ("rules", "model", "hybrid", "hybrid (no drop)", "hybrid (no retype)", "hybrid (one root a pair)",
           "rules (dev scoring)", "hybrid (dev scoring)")
FOLDS = 5


def run_split(name: str, train_docs: set[str], test_docs: set[str], data: dict, gold: dict, sentences_of: dict,
              fraction: float = 1.0) -> dict:
    rows = data["rows"]
    if fraction < 1.0:
        ordered = sorted(train_docs)
        random.Random(fit.SEED).shuffle(ordered)
        train_docs = set(ordered[:max(1, round(len(ordered) * fraction))])
    train_rows = [r for r in rows if r["doc"] in train_docs]
    test_rows = [r for r in rows if r["doc"] in test_docs]
    sentences = [s for d in sorted(test_docs) for s in sentences_of[d]]
    t = fit.choose_thresholds(train_rows, data["hybrid_rules"], gold, sentences_of)
    pairs = tuple(fit.rounded(m) for m in fit.fit_pairs(train_rows))
    modes = fit.rounded(fit.fit_modes(train_rows))
    scored = fit.score_rows(pairs, test_rows)
    hybrid = lambda th: fit.score_events(fit.hybrid_events(test_rows, scored, data["hybrid_rules"], sentences, th),
                                         gold, sentences)
    out = {"split": name, "train_stories": len(train_docs), "test_stories": len(test_docs),
           "gold": sum(len(gold.get(s, [])) for s in sentences), **t._asdict(),
           "rules": fit.score_events(fit.rule_sets(data["plain_rules"], sentences), gold, sentences),
           "model": fit.score_events(fit.model_events(test_rows, scored, t.add, t.second), gold, sentences),
           "hybrid": hybrid(t),
           "hybrid (no drop)": hybrid(t._replace(drop=fit.NEVER_DROP)),
           "hybrid (no retype)": hybrid(t._replace(retype=fit.NEVER_DROP)),
           "hybrid (one root a pair)": hybrid(t._replace(beside=fit.NEVER_DROP, second=fit.NEVER_DROP)),
           "rules (dev scoring)": fit.score_events_as_dev(fit.rule_sets(data["plain_rules"], sentences), gold,
                                                          sentences),
           "hybrid (dev scoring)": fit.score_events_as_dev(
               fit.hybrid_events(test_rows, scored, data["hybrid_rules"], sentences, t), gold, sentences),
           "reachable": _reachable(test_rows, gold, sentences),
           "context_targets": _context_recall(test_rows, scored, data, gold, sentences, t),
           "roles": _roles(test_rows, scored, data["plain_rules"], gold, sentences),
           "root": _root_accuracy(test_rows, scored, data["plain_rules"], gold, sentences),
           "mode": fit.mode_accuracy(modes, test_rows),
           "rules_mode": _rules_mode(data["plain_rules"], gold, sentences)}
    return out


def _reachable(rows, gold, sentences) -> str:
    """Gold events whose pair is among the candidates at all (the ceiling of the model's recall)."""
    labelled = {(f"{r['doc']}#{r['i']}", r["keys"][0], r["keys"][1]) for r in rows}
    total = hit = 0
    for s in sentences:
        for g in gold.get(s, []):
            total += 1
            hit += (s, g["s"], g["t"]) in labelled or (g["reciprocal"] and (s, g["t"], g["s"]) in labelled)
    return f"{hit}/{total}"


def _context_recall(rows, scored, data, gold, sentences, t) -> dict:
    """Recall on the gold events whose target is named only in an earlier sentence."""
    ctx = {s: [g for g in gold.get(s, []) if g["target_from"] == "context"] for s in sentences}
    sub = {s: v for s, v in ctx.items() if v}
    keep = list(sub)
    rules = fit.rule_sets(data["plain_rules"], keep)
    hyb = fit.hybrid_events(rows, scored, data["hybrid_rules"], keep, t)
    count = lambda system: sum(1 for s in keep for g in sub[s] if (g["s"], g["t"], g["root"]) in system.get(s, set()))
    n = sum(len(v) for v in sub.values())
    return {"n": n, "rules": count(rules), "hybrid": count(hyb)}


def _roles(rows, scored, rule_events, gold, sentences) -> dict:
    """Direction: of the gold (non-reciprocal) events whose pair has candidates both ways, how often the
    model's event probability is higher the right way round; the rules' share of right-way events among
    their events on a gold pair (either way)."""
    prob = {}
    for r, sc in zip(rows, scored):
        key = (f"{r['doc']}#{r['i']}", r["keys"][0], r["keys"][1])
        prob[key] = max(prob.get(key, 0.0), sc.p)
    right = both = rule_right = rule_any = 0
    for s in sentences:
        coded = {(e["s"], e["t"]) for e in rule_events.get(s, []) if e["t"]}
        for g in gold.get(s, []):
            if g["reciprocal"] or g["s"] == g["t"]:
                continue
            fwd, back = prob.get((s, g["s"], g["t"])), prob.get((s, g["t"], g["s"]))
            if fwd is not None and back is not None:
                both += 1
                right += fwd > back
            if (g["s"], g["t"]) in coded or (g["t"], g["s"]) in coded:
                rule_any += 1
                rule_right += (g["s"], g["t"]) in coded
    return {"model": f"{right}/{both}", "rules": f"{rule_right}/{rule_any}"}


def _root_accuracy(rows, scored, rule_events, gold, sentences) -> dict:
    """The root classifier on the gold event pairs (rows, given the pair is an event: its root is one of the
    pair's gold roots); the rules' root on
    the gold events whose pair (this way round) they coded."""
    model = [sc.root in r["roots"] for r, sc in zip(rows, scored) if r["label"] != NONE]
    right = total = 0
    for s in sentences:
        coded = defaultdict(set)
        for e in rule_events.get(s, []):
            coded[(e["s"], e["t"])].add(e["root"])
        for g in gold.get(s, []):
            if (g["s"], g["t"]) in coded:
                total += 1
                right += g["root"] in coded[(g["s"], g["t"])]
    return {"model": f"{sum(model)}/{len(model)}", "rules": f"{right}/{total}"}


def _rules_mode(rule_events, gold, sentences) -> dict:
    """The rules' mode on the gold events they matched (pair and root)."""
    total = ok = 0
    flagged = Counter()
    for s in sentences:
        mine = {(e["s"], e["t"], e["root"]): e["mode"] for e in rule_events.get(s, []) if e["t"]}
        for g in gold.get(s, []):
            m = mine.get((g["s"], g["t"], g["root"]))
            if m is None:
                continue
            total += 1
            ok += m == g["mode"]
            flagged[f"{g['mode']}->{m}"] += 1
    return {"n": total, "accuracy": round(ok / total, 3) if total else None,
            "non_asserted": {k: v for k, v in flagged.items() if k != "asserted->asserted"}}


def splits(stories, data, gold, by: str | None = None):
    docs = {f"{s.batch}/{s.story}": s for s in stories}
    every = set(docs)
    events_of = defaultdict(list)
    for d, s in docs.items():
        for rec in s.sentences:
            events_of[d].extend(pairdata.gold_events(rec))
    ordered = sorted(every)
    random.Random(fit.SEED).shuffle(ordered)
    if by in (None, "folds"):
        for k in range(FOLDS):
            test = {d for n, d in enumerate(ordered) if n % FOLDS == k}
            yield f"fold {k + 1}/{FOLDS}", every - test, test
    if by in (None, "batch"):
        for batch in sorted({s.batch for s in stories}):
            test = {d for d, s in docs.items() if s.batch == batch}
            yield f"batch {batch} held out", every - test, test
    for attr in ("topic", "region"):
        if by not in (None, attr):
            continue
        counts = Counter()
        for d, s in docs.items():
            counts[getattr(s, attr)] += len(events_of[d])
        for value in sorted(v for v, n in counts.items() if n >= MIN_GOLD):
            test = {d for d, s in docs.items() if getattr(s, attr) == value}
            yield f"{attr} {value} held out", every - test, test
    if by in (None, "family"):
        main = {d: Counter(pairdata.family_of(g["root"]) for g in evs).most_common(1)[0][0]
                for d, evs in events_of.items() if evs}
        for fam in pairdata.FAMILIES:
            test = {d for d, f in main.items() if f == fam}
            if test:
                yield f"family {fam} stories held out", every - test, test


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=pairdata.CORPUS)
    ap.add_argument("--cache", type=Path, default=pairdata.ROOT / "build" / "learn" / "pairs.json")
    ap.add_argument("--only", choices=("folds", "batch", "topic", "region", "family", "curve"))
    ap.add_argument("--json", type=Path, help="also write every figure here")
    args = ap.parse_args(argv)
    stories, data = train.extracted(args.corpus, args.cache)
    gold = pairdata.gold_by_sentence(stories)
    sentences_of = train.sentences_by_doc(stories)
    results = []
    if args.only != "curve":
        for name, tr, te in splits(stories, data, gold, args.only):
            res = run_split(name, tr, te, data, gold, sentences_of)
            results.append(res)
            _print(res)
        folds = [r for r in results if r["split"].startswith("fold")]
        if folds:
            pooled = _pooled("folds pooled", folds)
            results.append(pooled)
            _print(pooled)
    if args.only in (None, "curve"):
        for fraction in (0.25, 0.5, 1.0):
            parts = [run_split(f"fold {n} at {int(fraction * 100)}%", tr, te, data, gold, sentences_of, fraction)
                     for n, (_name, tr, te) in enumerate(splits(stories, data, gold, "folds"), 1)]
            pooled = _pooled(f"learning curve {int(fraction * 100)}% of training stories (5 folds pooled)", parts)
            results.append(pooled)
            _print(pooled)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def _pooled(name: str, parts: list[dict]) -> dict:
    out = {"split": name, "gold": sum(p["gold"] for p in parts)}
    for system in SYSTEMS:
        tp, fp, fn = (sum(p[system][k] for p in parts) for k in ("tp", "fp", "fn"))
        # "found": gold events found, which the dev-set scoring counts apart from right emitted events
        found = sum(p[system].get("found", p[system]["tp"]) for p in parts)
        pr, rc = tp / (tp + fp) if tp + fp else 0.0, found / (found + fn) if found + fn else 0.0
        out[system] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(pr, 3), "recall": round(rc, 3),
                       "f1": round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0}
        if any("found" in p[system] for p in parts):
            out[system]["found"] = found
    n = sum(p["mode"].get("n", 0) for p in parts)
    out["mode"] = {"n": n, "accuracy": round(sum(p["mode"].get("accuracy", 0) * p["mode"].get("n", 0) for p in parts) / n, 3)
                   if n else None}
    for key in ("reachable",):
        out[key] = f"{sum(int(p[key].split('/')[0]) for p in parts)}/{sum(int(p[key].split('/')[1]) for p in parts)}"
    out["root"] = {k: f"{sum(int(p['root'][k].split('/')[0]) for p in parts)}/{sum(int(p['root'][k].split('/')[1]) for p in parts)}"
                   for k in ("model", "rules")}
    out["roles"] = {k: f"{sum(int(p['roles'][k].split('/')[0]) for p in parts)}/{sum(int(p['roles'][k].split('/')[1]) for p in parts)}"
                    for k in ("model", "rules")}
    out["context_targets"] = {k: sum(p["context_targets"][k] for p in parts) for k in ("n", "rules", "hybrid")}
    for key in fit.Thresholds._fields:
        out[key] = sorted({p[key] for p in parts}, key=str)
    return out


def _print(r: dict) -> None:
    line = lambda s: f"P {r[s]['precision']:.3f} R {r[s]['recall']:.3f} F1 {r[s]['f1']:.3f} (tp {r[s]['tp']} fp {r[s]['fp']})"
    print(f"== {r['split']}: gold {r['gold']}, candidates reach {r['reachable']}, add {r['add']} drop {r['drop']} "
          f"cap {r['cap']} retype {r['retype']} add (context target) {r['add_context']} beside {r['beside']} (pair {r['beside_pair']}) "
          f"second {r['second']} retype (other codes) {r['retype_any']} joint {r['joint']}")
    for s in SYSTEMS:
        print(f"   {s:24s} {line(s)}")
    ctx = r["context_targets"]
    print(f"   context targets: {ctx['n']} gold, rules {ctx['rules']}, hybrid {ctx['hybrid']}; roles right-way: "
          f"model {r['roles']['model']}, rules {r['roles']['rules']}; root right on gold pairs: "
          f"model {r['root']['model']}, rules {r['root']['rules']}")
    m = r["mode"]
    extra = f", rules' mode on their matches {r['rules_mode']}" if "rules_mode" in r else ""
    print(f"   mode: {m}{extra}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
