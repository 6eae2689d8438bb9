"""Fitting and scoring the pair and mode models (scikit-learn at training time only), and the event-level
score the evaluation uses for the rules, the model and the hybrid alike: an event matches a gold event
of the same sentence with the same source and target at country level and the same CAMEO root (a
reciprocal gold event matches either direction). Only events with a target count."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from dyadwatch.events.coder import MUTUAL_ROOTS
from dyadwatch.events.learned import EVENT, NONE, LinearModel, generic_code

SEED = 13
MIN_COUNT = 2  # a feature seen once in the training part is noise
PAIR_C = 0.3
MODE_C = 1.0
ROOT_C = 1.0
ADD_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# P(event) x P(root | event) at which an added model event keeps that root: the probability that the event
# itself (pair and type) is right, where `add` asks only that the pair carries some event
JOINT_GRID = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3)
NEVER_DROP = 2.0  # no probability reaches it
DROP_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, NEVER_DROP)  # P(none) of every row of its pair at which a rule event is dropped
CONTEXT_ADD_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, NEVER_DROP)  # at least the add threshold; NEVER_DROP: no context events
CAP_GRID = (1, 2, 99)  # model events added per sentence at most
RETYPE_GRID = (0.5, 0.6, 0.7, NEVER_DROP)  # P(root) at which the model's root replaces a rule event's: at least even odds
RETYPE_ANY_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, NEVER_DROP)  # ... of a code `retype` does not cover (exact patterns aside)
BESIDE_GRID = (0.3, 0.4, 0.5, NEVER_DROP)  # P(root) at which the model adds its root beside a rule event's on their pair
BESIDE_PAIR_GRID = (0.3, 0.5, 0.7)  # P(event) of the pair at which the model may add a root beside the rules'
SECOND_GRID = (0.2, 0.3, 0.4, NEVER_DROP)  # P(root) of the runner-up root at which a model event comes with a second one
MODES = ("asserted", "hypothetical", "negated")


def vocabulary(feature_lists, min_count: int = MIN_COUNT) -> dict[str, int]:
    counts = Counter(f for feats in feature_lists for f in feats)
    names = sorted(f for f, n in counts.items() if n >= min_count or f == "bias")
    return {f: i for i, f in enumerate(names)}


def matrix(feature_lists, vocab: dict[str, int]) -> csr_matrix:
    indptr, indices = [0], []
    for feats in feature_lists:
        cols = sorted({vocab[f] for f in feats if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
                      shape=(len(feature_lists), len(vocab)))


def fit_linear(feature_lists, labels, c: float, balanced: bool = False) -> LinearModel:
    vocab = vocabulary(feature_lists)
    x = matrix(feature_lists, vocab)
    y = np.array(labels)
    present = sorted(set(labels))
    if len(present) == 1:  # nothing to separate: a constant model
        return LinearModel(present, vocab, np.zeros((len(vocab), 1)), np.zeros(1))
    clf = LogisticRegression(C=c, solver="newton-cg", max_iter=200, random_state=SEED, tol=1e-4,
                             class_weight="balanced" if balanced else None)
    clf.fit(x, y)
    classes = [str(k) for k in clf.classes_]
    coef, bias = clf.coef_, clf.intercept_
    if len(classes) == 2:  # binary: scikit-learn keeps one row; the softmax of (0, z) is the same model
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        bias = np.array([0.0, bias[0]])
    return LinearModel(classes, vocab, np.ascontiguousarray(coef.T), np.asarray(bias, dtype=np.float64))


class Thresholds(NamedTuple):
    """The hybrid's decisions' thresholds (`PairModel` holds the same, shipped in the model file)."""

    add: float = 0.5  # P(event) at which the model adds an event for a pair the rules left uncoded
    drop: float = NEVER_DROP  # P(none) at which a rule event is dropped (opt-in)
    cap: int = 1  # model events added per sentence at most
    retype: float = NEVER_DROP  # P(root) at which a generic rule code takes the model's root
    add_context: float | None = None  # `add` for a target from an earlier sentence (None: `add`)
    beside: float = NEVER_DROP  # P(root) at which the model's root is added beside a rule event's on its pair
    beside_pair: float = 0.5  # ... when the model scores the pair itself at P(event) >= this
    second: float = NEVER_DROP  # P(root) of the runner-up at which a model event comes with a second root
    retype_any: float = NEVER_DROP  # P(root) at which a rule event's code that `retype` does not cover (a
    # specific code, an intent, a hypothetical or negated event) takes the model's root, keeping its mode
    joint: float = 0.0  # P(event) x P(root) at which an added model event keeps a root (none kept: not added)


def fit_pairs(rows) -> tuple[LinearModel, LinearModel]:
    """(detector: event or none for the ordered pair, root classifier over the event pairs: one example per
    gold event of the pair, so two events of one pair share the probability instead of one being taught as
    wrong)."""
    detect = fit_linear([r["features"] for r in rows], [EVENT if r["label"] != NONE else NONE for r in rows], PAIR_C)
    events = [r for r in rows if r["label"] != NONE]
    # `roots`: every gold root of the pair in that sentence (pairdata.gold_label); a quarter of the
    # corpus's events share their pair with another (an accusation and a threat, a refusal and an offer)
    roots = fit_linear([r["features"] for r in events for _root in r["roots"]],
                       [root for r in events for root in r["roots"]], ROOT_C)
    return detect, roots


def fit_modes(rows) -> LinearModel:
    events = [r for r in rows if r["label"] != NONE and r["mode"] in MODES]
    # balanced: 95% of events are asserted, and an unweighted model never says anything else
    return fit_linear([r["mode_features"] for r in events], [r["mode"] for r in events], MODE_C, balanced=True)


def rounded(model: LinearModel) -> LinearModel:
    """The model as the shipped JSON holds it, so held-out figures are those of the shipped weights' kind."""
    return LinearModel.from_json(model.to_json())


# ---- predictions as events ------------------------------------------------------------------------------

def _probabilities(model: LinearModel, rows) -> np.ndarray:
    x = matrix([r["features"] for r in rows], model.vocabulary)
    scores = x @ model.weights + model.bias
    scores -= scores.max(axis=1, keepdims=True)
    p = np.exp(scores)
    return p / p.sum(axis=1, keepdims=True)


class RowScore(NamedTuple):
    root: str
    p: float  # P(event) = 1 - P(none)
    none: float
    root_p: float  # P(root | event)
    second: str  # the runner-up root
    second_p: float


def score_rows(models: tuple[LinearModel, LinearModel], rows) -> list[RowScore]:
    """Each row's scores, as `PairModel.score` computes them."""
    if not rows:
        return []
    detect, roots = models
    none = _probabilities(detect, rows)[:, detect.classes.index(NONE)]
    root_p = _probabilities(roots, rows)
    # a stable sort: of equal probabilities the first class (classes are sorted), as numpy's argmax
    order = np.argsort(-root_p, axis=1, kind="stable")
    out = []
    runner_up = 1 if root_p.shape[1] > 1 else 0  # a one-class model has none
    for i, n in enumerate(none):
        k, k2 = int(order[i, 0]), int(order[i, runner_up])
        out.append(RowScore(roots.classes[k], float(1.0 - n), float(n), float(root_p[i, k]), roots.classes[k2],
                            float(root_p[i, k2]) if runner_up else 0.0))
    return out


def _roots(sc: RowScore, second: float) -> list[str]:
    """The model's root, and the runner-up when it is probable enough."""
    return [sc.root] + ([sc.second] if sc.second_p >= second and sc.second != sc.root else [])


def model_events(rows, scored, add: float, second: float = NEVER_DROP) -> dict[str, set]:
    out: dict[str, set] = defaultdict(set)
    best: dict[tuple, RowScore] = {}
    for r, sc in zip(rows, scored):
        if sc.p >= add:
            key = (f"{r['doc']}#{r['i']}", r["keys"][0], r["keys"][1])
            if key not in best or sc.p > best[key].p:
                best[key] = sc
    for (sent, s, t), sc in best.items():
        out[sent].update((s, t, root) for root in _roots(sc, second))
    return out


def hybrid_events(rows, scored, rule_events: dict[str, list], sentences, t: Thresholds) -> dict[str, set]:
    """The hybrid's decisions as `Coder._revise` makes them: rule events kept unless every pair row of theirs
    has P(none) >= t.drop, with the model's root when its P(root) >= t.retype and it differs from theirs, and
    the model's root (or runner-up) beside theirs when its P(root) >= t.beside and the pair's P(event) >=
    t.beside_pair; model events added for pairs
    (either order) the kept rule events leave uncoded, at P(event) >= t.add (>= t.add_context for a target
    from an earlier sentence), with the runner-up root too at P >= t.second."""
    add_context = t.add if t.add_context is None else t.add_context
    by_sentence: dict[str, list] = defaultdict(list)
    for r, sc in zip(rows, scored):
        by_sentence[f"{r['doc']}#{r['i']}"].append((r, sc))
    out: dict[str, set] = {}
    for sent in sentences:
        pairs = by_sentence.get(sent, [])
        kept = set()
        for e in rule_events.get(sent, []):
            if e["t"] is None:
                continue
            mine = [sc for r, sc in pairs if tuple(r["keys"]) == (e["s"], e["t"])]
            if mine and not e.get("by_rule") and min(sc.none for sc in mine) >= t.drop:
                continue
            root = e["root"]
            best = max(mine, key=lambda sc: sc.p) if mine else None
            # the model's root for the rules' pair, when it is sure enough of it, as `Coder._revise` decides
            if best is not None and not e.get("by_rule") and best.root != root \
                    and best.root_p >= (t.retype if generic_asserted(e) else t.retype_any):
                root = best.root
            kept.add((e["s"], e["t"], root))
            if best is not None and best.p >= t.beside_pair:
                kept.update((e["s"], e["t"], r) for r, p in ((best.root, best.root_p), (best.second, best.second_p))
                            if p >= t.beside)
        coded = {(s, t_) for s, t_, _r in kept}
        added = 0
        for r, sc in sorted(pairs, key=lambda x: -x[1].p):
            s, t_ = r["keys"]
            if sc.p < (add_context if r["target_from"] == "context" else t.add) or (s, t_) in coded \
                    or (t_, s) in coded or added >= t.cap:
                continue
            if r.get("one_subject") and sc.root not in MUTUAL_ROOTS:
                continue
            roots = [root for root in _roots(sc, t.second) if sc.p * _root_p(sc, root) >= t.joint]
            if not roots:
                continue
            coded.add((s, t_))
            added += 1
            kept.update((s, t_, root) for root in roots)
        out[sent] = kept
    return out


def _root_p(sc: RowScore, root: str) -> float:
    return sc.root_p if root == sc.root else sc.second_p


def generic_asserted(e: dict) -> bool:
    """A rule event `retype` covers: asserted, not negated, a verb's default code."""
    return e.get("coded_mode") == "asserted" and e.get("mode") == "asserted" and generic_code(e.get("cameo"))


def rule_sets(rule_events: dict[str, list], sentences) -> dict[str, set]:
    return {s: {(e["s"], e["t"], e["root"]) for e in rule_events.get(s, []) if e["t"] is not None} for s in sentences}


def score_events(system: dict[str, set], gold: dict[str, list], sentences) -> dict:
    tp = fp = fn = 0
    for sent in sentences:
        found = set(system.get(sent, set()))
        gold_here = gold.get(sent, [])
        matched_sys: set = set()
        for g in gold_here:
            options = [(g["s"], g["t"], g["root"])] + ([(g["t"], g["s"], g["root"])] if g["reciprocal"] else [])
            hit = next((o for o in options if o in found and o not in matched_sys), None)
            if hit is not None:
                matched_sys.add(hit)
                tp += 1
            else:
                fn += 1
        fp += len(found - matched_sys)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def score_events_as_dev(system: dict[str, set], gold: dict[str, list], sentences) -> dict:
    """Scored as `dyadwatch evaluate news` scores the development set: an emitted event is right when it
    matches any gold event of its sentence (both directions of a reciprocal one count as right), and a gold
    event is found when any of its options is emitted. `score_events` matches one to one, so there the
    second direction of "X met Y" is a false event. Precision is tp / (tp + fp), recall found / gold."""
    tp = fp = fn = found = 0
    for sent in sentences:
        emitted = set(system.get(sent, set()))
        options = [{(g["s"], g["t"], g["root"])} | ({(g["t"], g["s"], g["root"])} if g["reciprocal"] else set())
                   for g in gold.get(sent, [])]
        every = set().union(*options) if options else set()
        tp += len(emitted & every)
        fp += len(emitted - every)
        hit = sum(1 for o in options if o & emitted)
        found += hit
        fn += len(options) - hit
    p = tp / (tp + fp) if tp + fp else 0.0
    r = found / (found + fn) if found + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "found": found, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(f, 3)}


def choose_thresholds(rows, rule_events, gold, sentences_of, folds: int = 3) -> Thresholds:
    """The hybrid's thresholds by inner cross-validation over the training part's stories (hybrid F1): add,
    cap and retype with no rule event dropped; then, given those, one at a time, the retype threshold for
    codes other than a verb's default, the drop threshold (a rule event whose pair the model scores as no
    event), the thresholds for the model's root beside a rule event's (P(root), then the pair's P(event)),
    the runner-up root of a model event, and the add threshold for targets from earlier sentences (a
    story-context guess may need better odds than a pair in one sentence). The joint threshold (an added
    event's P(event) x P(root)) is chosen right after the first step, and the add threshold again given it."""
    docs = sorted({r["doc"] for r in rows})
    parts = []
    for k in range(folds):
        held = {d for n, d in enumerate(docs) if n % folds == k}
        train = [r for r in rows if r["doc"] not in held]
        test = [r for r in rows if r["doc"] in held]
        if not any(r["label"] != NONE for r in train):
            continue
        parts.append((test, score_rows(fit_pairs(train), test), [s for d in sorted(held) for s in sentences_of[d]]))

    def f1(t: Thresholds) -> float:
        tp = fp = fn = 0
        for test, scored, sentences in parts:
            m = score_events(hybrid_events(test, scored, rule_events, sentences, t), gold, sentences)
            tp, fp, fn = tp + m["tp"], fp + m["fp"], fn + m["fn"]
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    first = {(add, cap, retype): f1(Thresholds(add, NEVER_DROP, cap, retype))
             for add in ADD_GRID for cap in CAP_GRID for retype in RETYPE_GRID}
    add, cap, retype = max(sorted(first), key=lambda k: (first[k], k[0], -k[1], k[2]))
    t = Thresholds(add, NEVER_DROP, cap, retype)
    # the joint threshold, then the add threshold again given it (a stricter joint test lets looser pairs in)
    t = t._replace(joint=max(JOINT_GRID, key=lambda j: (f1(t._replace(joint=j)), j)))
    add = max(ADD_GRID, key=lambda a: (f1(t._replace(add=a)), a))
    t = t._replace(add=add)
    # ties go to the stricter threshold (fewer events; for the drop, fewer rule events dropped)
    t = t._replace(retype_any=max(RETYPE_ANY_GRID, key=lambda b: (f1(t._replace(retype_any=b)), b)))
    t = t._replace(drop=max(DROP_GRID, key=lambda d: (f1(t._replace(drop=d)), d)))
    t = t._replace(beside=max(BESIDE_GRID, key=lambda b: (f1(t._replace(beside=b)), b)))
    t = t._replace(beside_pair=max(BESIDE_PAIR_GRID, key=lambda b: (f1(t._replace(beside_pair=b)), b)))
    t = t._replace(second=max(SECOND_GRID, key=lambda b: (f1(t._replace(second=b)), b)))
    return t._replace(add_context=max((a for a in CONTEXT_ADD_GRID if a >= add),
                                      key=lambda a: (f1(t._replace(add_context=a)), -a)))


def mode_accuracy(model: LinearModel, rows) -> dict:
    events = [r for r in rows if r["label"] != NONE and r["mode"] in MODES]
    if not events:
        return {"n": 0}
    x = matrix([r["mode_features"] for r in events], model.vocabulary)
    scores = x @ model.weights + model.bias
    pred = [model.classes[int(k)] for k in np.argmax(scores, axis=1)]
    out = {"n": len(events), "accuracy": round(sum(p == r["mode"] for p, r in zip(pred, events)) / len(events), 3)}
    for m in MODES:
        gold_m = [p for p, r in zip(pred, events) if r["mode"] == m]
        out[f"recall_{m}"] = f"{sum(p == m for p in gold_m)}/{len(gold_m)}"
    out["always_asserted"] = round(sum(r["mode"] == "asserted" for r in events) / len(events), 3)
    return out
