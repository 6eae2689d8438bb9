"""Learned event scoring: a linear model over parse features of candidate actor pairs.

For each parsed sentence the rule coder's actor groups (and the actors named in the story's previous
sentences, as candidate targets) form ordered candidate pairs (source, target). A detector scores whether
the pair holds an event (source acting on target: this order, so it also decides the roles), a root
classifier which CAMEO root it is, and a mode scorer reads asserted / negated / hypothetical off the cues
around the word that links them. All are logistic models trained offline (scripts/train/) and shipped as
JSON weights; scoring needs numpy only.

`Hybrid` combines them with the rule coder's events: rule events stay unless the model scores their
pair as very unlikely, and the model adds events for pairs where the rules coded none.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from dyadwatch.actors.compose import ActorGroup, known
from dyadwatch.actors.identity import default_identities
from dyadwatch.actors.resolve import GROUP_PRONOUNS, SPEECH_LEMMAS
from dyadwatch.events.news import named_as_place

FEATURE_VERSION = 10
MODELS_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
DEFAULT_MODEL = MODELS_DIR / "pair_scorer.json"
NONE = "none"
EVENT = "event"
CONTEXT_SENTENCES = 3  # actors named this many sentences back are candidate targets
MAX_PATH = 6  # dependency paths longer than this are one feature 'long'
NEGATORS = {"not", "n't", "never", "no", "without"}
MODALS = {"may", "might", "could", "would", "should", "can"}
FUTURE = {"will", "shall", "'ll", "wo"}
PROSPECT = {"plan", "intend", "aim", "seek", "want", "expect", "hope", "prepare", "consider", "weigh", "propose",
            "due", "likely", "set", "schedule", "would", "if", "unless", "possible", "potential"}
CONTEXT_CUES = {"counterpart", "both", "two", "talks", "sides", "meeting", "summit", "each", "other", "bilateral",
                "they", "them", "their", "his", "her", "its", "agreement", "deal"}


@lru_cache(maxsize=4096)  # called for every actor of every candidate pair; codes repeat
def country_key(code: str | None) -> str | None:
    """Country-level identity of an actor code: the first three letters, an IGO's identity less roles
    (`dyadwatch.actors.identity`: the Phoenix code of the IMF and 'IGOIMF' are one actor)."""
    return default_identities().key(code)


def generic_code(code: str | None) -> bool:
    """A root-level CAMEO code ('040', '120'): a verb's default in the dictionary, not a code that names
    the act exactly ('046', '1243'). An asserted rule event with such a code takes the root classifier's
    type at the model's `retype_threshold`, any other at its (stricter) `retype_any_threshold`."""
    return bool(code) and len(code) == 3 and code.endswith("0")


def group_keys(group: ActorGroup) -> list[str]:
    return list(dict.fromkeys(k for k in (country_key(c) for c in group.codes) if k))


@dataclass(slots=True)
class Candidate:
    """An ordered actor pair of a sentence: the source is in the sentence, the target in the sentence or
    (target_from 'context') in one of the story's previous sentences."""

    source: ActorGroup
    target: ActorGroup
    target_from: str = "sentence"
    distance: int = 0  # sentences back, for a context target
    features: list[str] = field(default_factory=list)

    @property
    def keys(self) -> tuple[str | None, str | None]:
        return (group_keys(self.source) or [None])[0], (group_keys(self.target) or [None])[0]


# ---- candidates and features ---------------------------------------------------------------------------

def home_country(groups: list[ActorGroup], history: list[tuple[int, list[ActorGroup]]]) -> str | None:
    """The country the story names most, for actors named by role alone; None on a tie."""
    counts = Counter(k for gs in [groups] + [gs for _i, gs in history] for g in gs if known(g)
                     for k in group_keys(g)[:1] if not k.startswith("IGO"))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None  # two countries named as often: a role alone belongs to neither (as in the rules)
    return ranked[0][0]


def group_pronoun(group: ActorGroup) -> bool:
    """The actor is 'they'/'them'/'their' resolved from an earlier sentence: a guess the rules make for
    their own verbs, too loose to pair on its own ('They may reshape...' after a sentence about proposals)."""
    why = group.resolved_from or ""
    return why.startswith("pronoun '") and why.split("'")[1].lower() in GROUP_PRONOUNS


def placed(groups: list[ActorGroup], home: str | None) -> list[ActorGroup]:
    """Known actors, plus role-only ones ('police', 'protesters': '---COP') placed in the story's home
    country, as copies (the rule coder's groups stay as they are)."""
    out = []
    for g in groups:
        if known(g) and g.has_actor:
            out.append(g)
        elif home and g.codes and g.codes[0].startswith("---") and len(g.codes[0]) >= 6:
            out.append(replace(g, codes=[home + g.codes[0][3:]], resolved_from=f"story country {home}"))
    return out


def members(group: ActorGroup) -> list[ActorGroup]:
    """One actor per country a phrase names ('the leaders of the United States, Japan and the
    Philippines' is three), as copies with one code each: the rules code each of them, so the pair scorer
    must see each as a candidate, not only the first."""
    if len(group_keys(group)) < 2:
        return [group]
    out: list[ActorGroup] = []
    seen: set[str] = set()
    for code in group.codes:
        key = country_key(code)
        if key and key not in seen:
            seen.add(key)
            out.append(replace(group, codes=[code]))
    return out


def same_phrase(a: ActorGroup, b: ActorGroup) -> bool:
    """Two members of one phrase (`members`): the same span, different countries."""
    return (a.start, a.end, a.head) == (b.start, b.end, b.head) and group_keys(a) != group_keys(b)


def candidates(groups: list[ActorGroup], history: list[tuple[int, list[ActorGroup]]], index: int,
               doc: Doc | None = None) -> list[Candidate]:
    """Ordered pairs of actors: sentence x sentence, and sentence x earlier sentences' actors (each
    country-level actor once, its most recent mention) not named in this sentence. Actors named by role
    alone take the story's home country; given the parsed `doc`, an actor named only as a place is never
    a source."""
    here = [m for g in placed(groups, home_country(groups, history)) if not group_pronoun(g) for m in members(g)]
    sources = [g for g in here if doc is None or not named_as_place(doc, g)]
    out = [Candidate(s, t) for s in sources for t in here if s is not t and group_keys(s) and group_keys(t)
           and (not (s.tokens() & t.tokens()) or same_phrase(s, t)) and s.codes[0] != t.codes[0]]
    named = {k for g in here for k in group_keys(g)}
    seen: set[str] = set()
    for sentence, earlier in reversed(history):
        distance = index - sentence
        if distance <= 0 or distance > CONTEXT_SENTENCES:
            continue
        for g in earlier:
            keys = group_keys(g)
            if not keys or not known(g) or not g.has_actor or keys[0] in named or keys[0] in seen:
                continue
            seen.add(keys[0])
            out.extend(Candidate(s, g, "context", distance) for s in sources)
    if doc is not None:
        out += _two_party_candidates(doc, here, history, index)
    return out


# "the two countries signed ...", "both sides agreed ...", "the two leaders spoke by phone": the two parties
# the story has just named, as one phrase of this sentence
TWO_PARTY_NOUNS = {"country", "side", "government", "leader", "president", "nation", "minister", "neighbour",
                   "neighbor", "capital", "delegation", "state", "party", "army", "military", "premier", "chancellor",
                   "counterpart", "administration", "ally", "rival"}
TWO_PARTY_WHY = "two-party phrase"
TWO_PARTY_PLURALS = {n[:-1] + "ies" if n.endswith("y") and n[-2] not in "aeiou" else n + "s" for n in TWO_PARTY_NOUNS}


def two_party(group: ActorGroup) -> bool:
    """The group is one party of a two-party phrase (`_two_party_candidates`)."""
    return (group.resolved_from or "").startswith(TWO_PARTY_WHY)


def names_two_parties(words: list[str]) -> bool:
    """Before parsing: 'two' or 'both' shortly before a plural of TWO_PARTY_NOUNS ('the two foreign ministers')."""
    lowered = [w.lower() for w in words]
    return any(w in ("two", "both") and any(x in TWO_PARTY_PLURALS for x in lowered[i + 1:i + 4])
               for i, w in enumerate(lowered))


def two_party_phrase(doc: Doc) -> Token | None:
    """The head of a phrase naming two parties together ('the two countries', 'both sides', 'the two
    foreign ministers'), or None."""
    for tok in doc:
        if tok.tag_ not in ("NNS", "NNPS") or tok.lemma_.lower() not in TWO_PARTY_NOUNS:
            continue
        if any((c.dep_ == "nummod" and c.lower_ == "two") or (c.dep_ in ("det", "predet") and c.lower_ == "both")
               for c in tok.children):
            return tok
    return None


def _two_party_candidates(doc: Doc, here: list[ActorGroup], history: list[tuple[int, list[ActorGroup]]],
                          index: int) -> list[Candidate]:
    """Both orders of the pair a two-party phrase stands for: the first two countries named in the nearest
    sentence (this one, or up to CONTEXT_SENTENCES back) that names two; each as a member of the phrase
    (so the coder's rule for one coordinated phrase holds: they act toward each other in mutual acts)."""
    head = two_party_phrase(doc)
    if head is None:
        return []
    span = [t.i for t in head.subtree if t.i <= head.i]
    start, end = min(span), head.i + 1
    for sentence, groups in [(index, here)] + list(reversed(history)):
        if index - sentence > CONTEXT_SENTENCES or sentence > index:
            continue
        named = [g for g in sorted(groups, key=lambda g: g.start) if known(g) and g.has_actor and group_keys(g)
                 and not (sentence == index and start <= g.head < end)]
        first_code: dict[str, str] = {}  # country -> its first code, in the order the sentence names them
        for g in named:
            for code in g.codes:
                first_code.setdefault(country_key(code), code)
        first_code.pop(None, None)
        if len(first_code) < 2:
            continue
        (a, code_a), (b, code_b) = list(first_code.items())[:2]
        why = f"{TWO_PARTY_WHY} '{doc[start:end].text}': {a} and {b}"
        parties = [ActorGroup([code], start, end, head.i, resolved_from=why) for code in (code_a, code_b)]
        return [Candidate(parties[0], parties[1]), Candidate(parties[1], parties[0])]
    return []


def _governor(tok: Token) -> tuple[Token, list[str]]:
    """The nearest verb above a token (itself if a verb) and the dependency labels climbed to reach it."""
    labels: list[str] = []
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") and cur is not tok:
            return cur, labels
        if cur.head.i == cur.i:
            return cur, labels
        labels.append(cur.dep_)
        cur = cur.head
    return cur, labels


def _path(a: Token, b: Token) -> tuple[Token | None, str]:
    """Lowest common ancestor of two tokens and the dependency path between them ('nsubj^dobj_pobj_')."""
    up_a = [a] + list(a.ancestors)
    up_b = [b] + list(b.ancestors)
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            left = [x.dep_ + "^" for x in up_a[:n]]
            right = [x.dep_ + "_" for x in reversed(up_b[:ids_b[t.i]])]
            steps = left + right
            return t, ("long" if len(steps) > MAX_PATH else "".join(steps) or "same")
    return None, "none"


def _object_lemma(verb: Token) -> str | None:
    for c in verb.children:
        if c.dep_ in ("dobj", "obj", "attr"):
            return c.lemma_.lower()
    return None


def _side(prefix: str, doc: Doc, group: ActorGroup) -> tuple[list[str], Token]:
    """Features of one actor: its role, dependency, the words that link it to an event word."""
    head = doc[group.head]
    gov, climbed = _governor(head)
    code = group.codes[0]
    feats = [f"{prefix}role={code[3:6] if len(code) >= 6 and not code.startswith('IGO') else 'IGO' if code.startswith('IGO') else 'STATE'}",
             f"{prefix}dep={head.dep_}", f"{prefix}gov={gov.lemma_.lower()}", f"{prefix}climb={'_'.join(climbed[:3])}",
             f"{prefix}person={group.person}", f"{prefix}ref={bool(group.resolved_from)}",
             f"{prefix}home={(group.resolved_from or '').startswith('story country')}"]
    if head.dep_ == "pobj":  # 'strikes on Kyiv', 'levies on Canadian steel' (via amod below)
        prep = head.head
        feats += [f"{prefix}prep={prep.lower_}", f"{prefix}prep_head={prep.head.lemma_.lower()}",
                  f"{prefix}prep+head={prep.lower_}|{prep.head.lemma_.lower()}"]
    if head.dep_ in ("poss", "amod", "compound", "nmod"):  # "Moscow's offer", 'the Russian ambassador'
        noun = head.head
        feats += [f"{prefix}mod={head.dep_}|{noun.lemma_.lower()}", f"{prefix}modnoun={noun.lemma_.lower()}"]
        if noun.dep_ == "pobj":
            feats.append(f"{prefix}modprep={noun.head.lower_}|{noun.head.head.lemma_.lower()}")
        elif noun.dep_ in ("dobj", "nsubj", "nsubjpass"):
            feats.append(f"{prefix}modnoun_dep={noun.dep_}|{noun.head.lemma_.lower()}")
    if any(d in ("nsubj", "nsubjpass", "agent") for d in climbed[:3] + [head.dep_]):
        feats.append(f"{prefix}subject")
    return feats, gov


def sentence_features(doc: Doc, verb_codes: dict[int, str]) -> list[str]:
    """The features every pair of a sentence shares: its dictionary verb codes and its event words."""
    return [f"dv={c[:2]}" for c in set(verb_codes.values())] + \
        [f"w={t.lemma_.lower()}" for t in doc if t.pos_ in ("VERB", "NOUN")]


def pair_features(doc: Doc, cand: Candidate, verb_codes: dict[int, str], rule_pairs: dict[tuple, str],
                  shared: list[str] | None = None) -> list[str]:
    """Sparse string features of an ordered pair; sorted and unique. `shared`: the sentence's own
    (`sentence_features`), when already computed for another pair."""
    feats = ["bias", f"tfrom={cand.target_from}"]
    src_feats, s_gov = _side("s_", doc, cand.source)
    feats += src_feats
    sk, tk = cand.keys
    feats.append(f"same_country={sk == tk}")
    reported = s_gov.lemma_.lower() in SPEECH_LEMMAS
    if reported:
        feats.append("s_speech")
        inner = [verb_codes[t.i][:2] for c in s_gov.children if c.dep_ in ("ccomp", "xcomp", "parataxis")
                 for t in c.subtree if t.i in verb_codes]
        feats += [f"speech_dv={r}" for r in inner] or ["speech_dv=none"]
    s_code = verb_codes.get(s_gov.i)
    feats.append(f"s_gov_dv={s_code[:2] if s_code else 'none'}")
    obj = _object_lemma(s_gov)
    if obj:
        feats += [f"s_gov_obj={obj}", f"s_gov+obj={s_gov.lemma_.lower()}|{obj}"]
    feats += _content_words(s_gov)
    lca = None
    if cand.target_from == "sentence":
        tgt_feats, t_gov = _side("t_", doc, cand.target)
        feats += tgt_feats
        lca, path = _path(doc[cand.source.head], doc[cand.target.head])
        feats += [f"path={path}", f"order={'st' if cand.source.start < cand.target.start else 'ts'}"]
        if lca is not None:
            feats += [f"lca={lca.lemma_.lower()}", f"lca_pos={lca.pos_}"]
            code = verb_codes.get(lca.i)
            feats.append(f"lca_dv={code[:2] if code else 'none'}")
            on_path = [verb_codes[t.i][:2] for t in _between(doc[cand.source.head], doc[cand.target.head], lca)
                       if t.i in verb_codes]
            feats += [f"path_dv={r}" for r in on_path]
            ends = {cand.source.head, cand.target.head}
            feats += [f"path_w={t.lemma_.lower()}" for t in _between(doc[cand.source.head], doc[cand.target.head], lca)
                      if t.i not in ends and t.pos_ in ("VERB", "NOUN")]
            lca_obj = _object_lemma(lca)
            if lca_obj:
                feats.append(f"lca+obj={lca.lemma_.lower()}|{lca_obj}")
        t_code = verb_codes.get(t_gov.i)
        feats.append(f"t_gov_dv={t_code[:2] if t_code else 'none'}")
        gap = abs(cand.target.start - cand.source.start)
        feats.append(f"gap={min(gap // 4, 5)}")
    else:
        code = cand.target.codes[0]
        feats += [f"ctx_dist={cand.distance}", f"ctx_person={cand.target.person}",
                  f"ctx_role={code[3:6] if len(code) >= 6 else 'STATE'}"]
        feats += [f"ctx_cue={t.lower_}" for t in doc if t.lower_ in CONTEXT_CUES]
        feats += [f"ctx_s_gov={s_gov.lemma_.lower()}"]
    feats += shared if shared is not None else sentence_features(doc, verb_codes)
    rule = rule_pairs.get((sk, tk))
    back = rule_pairs.get((tk, sk))
    feats += [f"rule={rule or 'none'}", f"rule_back={back or 'none'}", f"rule_any={bool(rule_pairs)}"]
    # the cues around the word linking the pair (modals, 'will', negation, the verbs governing it: 'agreed
    # to', 'plans to'): they tell an intent (03) from the act itself (04, 05) and a refusal from an
    # accusation; held out they raise the root classifier's top-1 from 66.9 % to 67.4 % (docs/coder.md)
    link = lca if cand.target_from == "sentence" and lca is not None and lca.pos_ in LINK_POS else s_gov
    feats += [f"m:{f}" for f in mode_features(doc, link) if f != "bias"]  # link_token's word, path not redone
    return sorted(set(feats))


def _content_words(gov: Token) -> list[str]:
    """The act a governing verb introduces: the verbs of its clausal complements ('said Ottawa would
    retaliate', 'vowed to impose levies'), each with its object, one level down; a reporting verb's
    content carries the event, a control verb's complement names the act."""
    out = []
    for c in gov.children:
        if c.dep_ in ("ccomp", "xcomp", "parataxis") and c.pos_ in ("VERB", "AUX", "NOUN"):
            out.append(f"inner={c.lemma_.lower()}")
            obj = _object_lemma(c)
            if obj:
                out.append(f"inner+obj={c.lemma_.lower()}|{obj}")
            for g in c.children:
                if g.dep_ == "xcomp" and g.pos_ == "VERB":
                    out.append(f"inner={g.lemma_.lower()}")
    return out


def _between(a: Token, b: Token, lca: Token) -> list[Token]:
    out = [lca]
    for start in (a, b):
        cur = start
        while cur.i != lca.i and cur.head.i != cur.i:
            cur = cur.head
            out.append(cur)
    return out


LINK_POS = ("VERB", "AUX", "NOUN")  # an actors' common ancestor that can carry their event


def link_token(doc: Doc, cand: Candidate) -> Token:
    """The word that carries the pair's event: their lowest common ancestor, else the source's verb."""
    if cand.target_from == "sentence":
        lca, _ = _path(doc[cand.source.head], doc[cand.target.head])
        if lca is not None and lca.pos_ in LINK_POS:
            return lca
    return _governor(doc[cand.source.head])[0]


def event_token(doc: Doc, cand: Candidate) -> Token:
    """The word a model event is read off (its verb text, negation and mode): the link word, except for
    two members of one phrase ('the two sides', 'the leaders of Japan and Korea'), whose common
    ancestor is the phrase itself: there the verb that governs the phrase ('the two sides [could]
    finalize a deal')."""
    if cand.target_from == "sentence" and cand.source.head == cand.target.head:
        return _governor(doc[cand.source.head])[0]
    return link_token(doc, cand)


def mode_features(doc: Doc, tok: Token) -> list[str]:
    """Cues of negation and hypotheticality on the event word and the words governing it."""
    feats = ["bias", f"tag={tok.tag_}"]
    chain = [tok]
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "ccomp", "acomp", "pcomp", "prep", "pobj", "acl", "advcl", "conj", "dobj"):
            break
        cur = cur.head
        chain.append(cur)
    for depth, t in enumerate(chain):
        for c in t.children:
            low = c.lower_
            if c.dep_ == "neg" or low in NEGATORS:
                feats.append(f"neg@{min(depth, 2)}")
            if low in MODALS:
                feats.append(f"modal={low}@{min(depth, 2)}")
            if low in FUTURE:
                feats.append(f"future@{min(depth, 2)}")
            if c.dep_ == "mark":
                feats.append(f"mark={low}")
        if t.lemma_.lower() in PROSPECT:
            feats.append(f"prospect={t.lemma_.lower()}")
        if depth:
            feats.append(f"gov={t.lemma_.lower()}")
    window = doc[max(0, tok.i - 4):tok.i]
    feats += [f"before={t.lower_}" for t in window if t.lower_ in NEGATORS | MODALS | FUTURE | PROSPECT | {"to"}]
    return sorted(set(feats))


# ---- linear models -------------------------------------------------------------------------------------

@dataclass(slots=True)
class LinearModel:
    """A multinomial logistic model: classes, a feature vocabulary, weights (features x classes), biases."""

    classes: list[str]
    vocabulary: dict[str, int]
    weights: np.ndarray
    bias: np.ndarray
    _margins: np.ndarray | None = None  # weights less each feature's mean weight, computed once

    def probabilities(self, features: list[str]) -> np.ndarray:
        rows = [self.vocabulary[f] for f in features if f in self.vocabulary]
        scores = self.bias + (self.weights[rows].sum(axis=0) if rows else 0.0)
        scores = scores - scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def contributions(self, features: list[str], label: str, top: int = 5) -> list[tuple[str, float]]:
        """The features that pushed most toward a class, for explanations."""
        k = self.classes.index(label)
        # a weight counts against the other classes' (softmax is shift-invariant): its margin over their mean
        if self._margins is None:
            self._margins = self.weights - self.weights.mean(axis=1, keepdims=True)
        known = [f for f in features if f in self.vocabulary]
        margins = self._margins[[self.vocabulary[f] for f in known], k].tolist() if known else []
        return sorted(zip(known, margins), key=lambda x: (-x[1], x[0]))[:top]

    def to_json(self, digits: int = 4) -> dict:
        """Weights rounded to `digits` decimals; a feature whose weights all round to 0 is left out (the
        same scores: an unknown feature adds nothing)."""
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        rows = {n: [round(float(w), digits) for w in self.weights[self.vocabulary[n]]] for n in names}
        return {"classes": self.classes, "bias": [round(float(b), digits) for b in self.bias],
                "features": {n: r for n, r in rows.items() if any(r)}}

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        names = list(data["features"])
        weights = np.array([data["features"][n] for n in names], dtype=np.float64).reshape(len(names), len(data["classes"]))
        return cls(list(data["classes"]), {n: i for i, n in enumerate(names)}, weights,
                   np.array(data["bias"], dtype=np.float64))


@dataclass(slots=True)
class Scored:
    candidate: Candidate
    root: str
    probability: float  # of an event (any root): 1 - P(no event)
    none: float  # of no event
    _features: list[tuple[str, float]] | None  # None: not yet computed (`features`)
    root_probability: float = 0.0  # of `root`, given an event
    second_root: str | None = None  # the runner-up root
    second_probability: float = 0.0  # of `second_root`, given an event

    detector: LinearModel | None = None  # the model that scored it, for `features`

    @property
    def features(self) -> list[tuple[str, float]]:
        """The features that pushed most toward 'event' (for explanations): computed on first use, as only
        the few pairs that become events or are explained need them."""
        if self._features is None:
            self._features = self.detector.contributions(self.candidate.features, EVENT) if self.detector else []
        return self._features

    def roots(self, threshold: float) -> list[tuple[str, float]]:
        """(root, P(root)) of the model's root and of the runner-up when its probability reaches
        `threshold`: a quarter of the corpus's events share their pair with another event of the same
        sentence (an accusation and a threat, a refusal and a counter-offer)."""
        out = [(self.root, self.root_probability)]
        if self.second_root and self.second_root != self.root and self.second_probability >= threshold:
            out.append((self.second_root, self.second_probability))
        return out


# the hybrid's thresholds as the model file names them (the fields of `PairModel` of the same names)
THRESHOLD_FIELDS = ("add_threshold", "drop_threshold", "max_added", "retype_threshold", "add_context_threshold",
                    "beside_threshold", "beside_pair_threshold", "second_threshold", "retype_any_threshold",
                    "joint_threshold")


@dataclass(slots=True)
class PairModel:
    """The event detector, root classifier and mode scorer, with the hybrid's thresholds, from one JSON file."""

    detect: LinearModel  # classes 'event' / 'none'
    roots: LinearModel  # CAMEO roots, trained on event pairs only
    modes: LinearModel
    add_threshold: float = 0.5  # the model adds an event whose pair it scores at least this
    drop_threshold: float = 0.95  # the model drops a rule event whose pair's P(no event) is at least this
    max_added: int = 1  # model events added per sentence at most (the most probable first)
    retype_threshold: float = 2.0  # a rule event takes the model's root at this P(root) (2.0: never)
    add_context_threshold: float | None = None  # add_threshold for a target from an earlier sentence (None: the same)
    beside_threshold: float = 2.0  # the model's root joins a rule event's on their pair at this P(root) (2.0: never)
    beside_pair_threshold: float = 0.5  # ... when it scores the pair at this P(event) or more
    second_threshold: float = 2.0  # a model event comes with its runner-up root at this P(root) (2.0: never)
    retype_any_threshold: float = 2.0  # ... a rule event `retype_threshold` does not cover (a specific code, an
    # intent, a hypothetical or negated event) takes the model's root, keeping its mode (2.0: never)
    joint_threshold: float = 0.0  # an added event keeps a root when P(event) x P(root) reaches this: the
    # probability that the event itself, pair and type, is right (0.0: any root `add_threshold` lets in)
    card: dict = field(default_factory=dict)
    path_label: str = "data/models/pair_scorer.json"  # the file an event's provenance names

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL) -> PairModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"{path}: model built for feature version {data.get('feature_version')}, "
                             f"code reads version {FEATURE_VERSION}")
        # by name: a threshold a file lacks keeps the field's default ('never' for the later steps)
        thresholds = {k: data[k] for k in THRESHOLD_FIELDS if k in data}
        return cls(LinearModel.from_json(data["detect"]), LinearModel.from_json(data["roots"]),
                   LinearModel.from_json(data["modes"]), card=data.get("card", {}),
                   path_label=_path_label(Path(path)), **thresholds)

    def threshold_for(self, cand: Candidate) -> float:
        """P(event) at which the hybrid adds a model event for this candidate pair."""
        if cand.target_from == "context" and self.add_context_threshold is not None:
            return self.add_context_threshold
        return self.add_threshold

    def score_all(self, doc: Doc, cands: list[Candidate], verb_codes: dict[int, str],
                  rule_pairs: dict[tuple, str]) -> list[Scored]:
        """Every candidate pair of one sentence scored (the sentence's own features computed once)."""
        shared = sentence_features(doc, verb_codes)
        return [self.score(doc, c, verb_codes, rule_pairs, shared) for c in cands]

    def score(self, doc: Doc, cand: Candidate, verb_codes: dict[int, str], rule_pairs: dict[tuple, str],
              shared: list[str] | None = None) -> Scored:
        cand.features = pair_features(doc, cand, verb_codes, rule_pairs, shared)
        none = float(self.detect.probabilities(cand.features)[self.detect.classes.index(NONE)])
        p = self.roots.probabilities(cand.features)
        order = np.argsort(-p, kind="stable")  # of equal probabilities the first: classes are sorted
        best = int(order[0])
        second = int(order[1]) if len(order) > 1 else None
        return Scored(cand, self.roots.classes[best], 1.0 - none, none, None, float(p[best]),
                      self.roots.classes[second] if second is not None else None,
                      float(p[second]) if second is not None else 0.0, self.detect)



def verb_codes_of(doc: Doc, found: list) -> dict[int, str]:
    """Token index -> the dictionary's default code for each verb candidate (`patterns.find_verbs`)."""
    out: dict[int, str] = {}
    for start, end, block, form, _exact in found:
        code = block.code.split(":")[0].strip("?")
        if code[:2].isdigit():
            for i in range(start, end):
                if doc[i].text.upper() == form.verb or doc[i].lemma_.upper() == form.verb:
                    out.setdefault(i, code)
    return out


def _path_label(path: Path) -> str:
    """The model file as provenance: relative to the package for the shipped model, else its name."""
    package = Path(__file__).resolve().parent.parent
    resolved = path.resolve()
    return str(resolved.relative_to(package)) if resolved.is_relative_to(package) else path.name
