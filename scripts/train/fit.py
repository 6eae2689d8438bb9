"""Fitting and scoring the pair and mode models (scikit-learn at training time only), and the event-level
score the evaluation uses for the rules, the model and the hybrid alike: an event matches a gold event
of the same sentence with the same source and target at country level and the same CAMEO root (a
reciprocal gold event matches either direction). Only events with a target count."""
from __future__ import annotations

from collections import Counter, defaultdict

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
ADD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
NEVER_DROP = 2.0  # no probability reaches it
DROP_GRID = (0.9, 0.97, 0.995, NEVER_DROP)
CONTEXT_ADD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, NEVER_DROP)  # at least the add threshold; NEVER_DROP: no context events
CAP_GRID = (1, 2, 99)  # model events added per sentence at most
RETYPE_GRID = (0.5, 0.6, 0.7, NEVER_DROP)  # P(root) at which the model's root replaces a rule event's: at least even odds
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


def fit_pairs(rows) -> tuple[LinearModel, LinearModel]:
    """(detector: event or none for the ordered pair, root classifier over the event pairs)."""
    detect = fit_linear([r["features"] for r in rows], [EVENT if r["label"] != NONE else NONE for r in rows], PAIR_C)
    events = [r for r in rows if r["label"] != NONE]
    roots = fit_linear([r["features"] for r in events], [r["label"] for r in events], ROOT_C)
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


def score_rows(models: tuple[LinearModel, LinearModel], rows) -> list[tuple[str, float, float, float]]:
    """(root, P(event) = 1 - P(none), P(none), P(root)) per row, as `PairModel.score` computes them."""
    if not rows:
        return []
    detect, roots = models
    none = _probabilities(detect, rows)[:, detect.classes.index(NONE)]
    root_p = _probabilities(roots, rows)
    best = np.argmax(root_p, axis=1)
    return [(roots.classes[int(k)], float(1.0 - n), float(n), float(root_p[i, k]))
            for i, (k, n) in enumerate(zip(best, none))]


def model_events(rows, scored, add: float) -> dict[str, set]:
    out: dict[str, set] = defaultdict(set)
    best: dict[tuple, tuple[float, str]] = {}
    for r, (root, p, _none, _rp) in zip(rows, scored):
        if p >= add:
            key = (f"{r['doc']}#{r['i']}", r["keys"][0], r["keys"][1])
            if key not in best or p > best[key][0]:
                best[key] = (p, root)
    for (sent, s, t), (_p, root) in best.items():
        out[sent].add((s, t, root))
    return out


def hybrid_events(rows, scored, rule_events: dict[str, list], add: float, drop: float, sentences,
                  cap: int = 99, retype: float = 2.0, add_context: float | None = None) -> dict[str, set]:
    """The hybrid's decisions as `Coder._revise` makes them: rule events kept unless every pair row of theirs
    has P(none) >= drop, with the model's root when its P(root) >= retype and it differs from theirs;
    model events added for pairs (either order) the kept rule events leave uncoded, at P(event) >= add
    (>= add_context for a target from an earlier sentence; None: add)."""
    add_context = add if add_context is None else add_context
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
            if mine and min(sc[2] for sc in mine) >= drop:
                continue
            root = e["root"]
            # the model's root for the rules' pair, when it is sure enough of it, as `Coder._revise` decides
            # (`learned.retypable`)
            if mine and e.get("coded_mode") == "asserted" and e.get("mode") == "asserted" and generic_code(e.get("cameo")) \
                    and not e.get("by_rule"):
                m_root, _p, _n, root_p = max(mine, key=lambda sc: sc[1])
                if m_root != root and root_p >= retype:
                    root = m_root
            kept.add((e["s"], e["t"], root))
        coded = {(s, t) for s, t, _r in kept}
        added = 0
        for r, (root, p, _none, _rp) in sorted(pairs, key=lambda x: -x[1][1]):
            s, t = r["keys"]
            if p < (add_context if r["target_from"] == "context" else add) or (s, t) in coded or (t, s) in coded \
                    or added >= cap:
                continue
            if r.get("one_subject") and root not in MUTUAL_ROOTS:
                continue
            coded.add((s, t))
            added += 1
            kept.add((s, t, root))
        out[sent] = kept
    return out


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


def choose_thresholds(rows, rule_events, gold, sentences_of, folds: int = 3) -> tuple[float, float, int, float, float]:
    """(add, drop, cap, retype, add_context) by inner cross-validation over the training part's stories
    (hybrid F1): add, cap and retype for the hybrid as it ships (no rule event dropped); then, given those,
    the add threshold for targets from earlier sentences (a story-context guess may need better odds than
    a pair in one sentence), and the drop threshold for the opt-in `extra.hybrid_drop`."""
    docs = sorted({r["doc"] for r in rows})
    parts = []
    for k in range(folds):
        held = {d for n, d in enumerate(docs) if n % folds == k}
        train = [r for r in rows if r["doc"] not in held]
        test = [r for r in rows if r["doc"] in held]
        if not any(r["label"] != NONE for r in train):
            continue
        parts.append((test, score_rows(fit_pairs(train), test), [s for d in sorted(held) for s in sentences_of[d]]))

    def f1(add, drop, cap, retype, add_context=None) -> float:
        tp = fp = fn = 0
        for test, scored, sentences in parts:
            m = score_events(hybrid_events(test, scored, rule_events, add, drop, sentences, cap, retype,
                                           add_context), gold, sentences)
            tp, fp, fn = tp + m["tp"], fp + m["fp"], fn + m["fn"]
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    shipped = {(add, cap, retype): f1(add, NEVER_DROP, cap, retype)
               for add in ADD_GRID for cap in CAP_GRID for retype in RETYPE_GRID}
    add, cap, retype = max(sorted(shipped), key=lambda k: (shipped[k], k[0], -k[1], k[2]))
    add_context = max((a for a in CONTEXT_ADD_GRID if a >= add),
                      key=lambda a: (f1(add, NEVER_DROP, cap, retype, a), -a))
    drop = max(DROP_GRID, key=lambda d: (f1(add, d, cap, retype, add_context), d))
    return add, drop, cap, retype, add_context


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
