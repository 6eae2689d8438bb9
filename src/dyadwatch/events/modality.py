"""Negation and mode of an event verb, read from the dependency parse.

Scope: the verb itself and the verbs/adjectives governing it through complement links (xcomp,
acomp, ccomp for 'said to'), so "is not willing to renegotiate" negates "renegotiate" while "said it
would not" does not negate "said".
"""
from __future__ import annotations

from spacy.tokens import Token

MODALS = {"may", "might", "could", "would", "should", "can"}
# The mode's future: 'will X' is announced (intended); 'would X' stays hypothetical (see MODALS).
FUTURE_WILL = {"will", "shall", "'ll", "wo"}  # 'wo' is the first half of "won't" (negation is read apart)
INTEND = {"aim", "plan", "seek", "intend", "want", "hope", "try", "attempt", "strive", "vow", "pledge", "promise",
          "expect", "wish", "prepare", "look", "set", "determine", "resolve", "commit", "work", "push"}
PROPOSE = {"propose", "suggest", "recommend", "advocate", "proposal", "suggestion", "idea", "initiative"}
INTEND |= {"intention", "plan", "aim", "goal", "bid", "effort", "pledge", "promise", "commitment",
           "willing", "ready", "eager", "keen", "determined", "prepared"}
REFUSE = {"refuse", "decline", "fail", "reject", "oppose", "deny"}
REPORT_ADV = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently"}
FUTURE_AUX = FUTURE_WILL | {"would"}  # announced or conditional: what is_prospective reads
# Words that announce an act not yet done: 'plans to', 'is ready to', 'vowed to' (not 'tried to').
PROSPECT = {"plan", "intend", "aim", "seek", "want", "vow", "swear", "pledge", "promise", "prepare", "threaten", "offer",
            "intention", "commitment", "willing", "ready", "eager", "keen", "determined", "prepared"}
CHAIN_DEPS = {"xcomp", "acomp", "pcomp", "prep", "attr"}


def _chain(verb: Token) -> list[Token]:
    """The verb and what governs it through complements: 'is not willing to X', 'has no plans to X',
    'no intention of Xing' (up to the first governing noun)."""
    chain = [verb]
    tok = verb
    for _ in range(5):
        if tok.head.i == tok.i:
            break
        if tok.dep_ in CHAIN_DEPS or (tok.dep_ in ("acl", "pobj") and tok.head.pos_ in ("NOUN", "ADP")) \
                or _adjacent_infinitive(tok):
            tok = tok.head
            chain.append(tok)
            if tok.pos_ == "NOUN":
                break
        else:
            break
    return chain


def _adjacent_infinitive(tok: Token) -> bool:
    """'sworn to fight' parsed as a purpose clause: an infinitive right after its head is its complement."""
    return tok.dep_ == "advcl" and tok.left_edge.i == tok.head.i + 1 \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def is_negated(verb: Token) -> bool:
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ("deny", "dismiss", "reject"):
        return True  # 'denied that it had criticized X'
    if _kept_from(verb):
        return True  # 'warned citizens against travelling to Japan': the act is warned against, not done
    for tok in _chain(verb):
        if tok is not verb and tok.lemma_.lower() in ("hesitate", "stop short of") and \
                any(c.dep_ == "neg" for c in tok.children):
            return False  # 'did not hesitate to criticize': a double negative
        for child in tok.children:
            if child.dep_ == "neg" or child.lower_ in ("never",):
                return True
            if tok.pos_ == "NOUN" and child.dep_ == "det" and child.lower_ == "no":
                return True  # 'has no plans to attend
            if child.lower_ == "longer" and any(c.lower_ == "no" for c in child.children):
                return True
        if tok is not verb and tok.lemma_.lower() in REFUSE:
            return True
        if tok.dep_ == "conj" and any(c.lower_ in ("or", "nor") for c in tok.head.children) \
                and any(c.dep_ == "neg" for t in _chain(tok.head) for c in t.children):
            return True  # 'not interested or willing to renegotiate': the negation spans the alternatives
    return False


# Verbs that keep someone from an act: 'warned X against Ying', 'barred X from Ying'.
KEEP_FROM = {"warn", "caution", "advise", "ban", "bar", "prevent", "stop", "prohibit", "refrain", "deter",
             "discourage", "dissuade", "block", "forbid", "restrain", "preclude", "exclude", "prevent"}


def _kept_from(verb: Token) -> bool:
    prep = verb.head
    return (verb.dep_ == "pcomp" and prep.lower_ in ("against", "from") and prep.head is not prep
            and prep.head.lemma_.lower() in KEEP_FROM)


def event_mode(verb: Token) -> str:
    chain = _chain(verb)
    for tok in chain:
        for child in tok.children:
            if child.dep_ == "aux" and child.lower_ in MODALS:
                return "hypothetical"
            if child.dep_ == "advmod" and child.lower_ in REPORT_ADV:
                return "reported"
        if any(c.dep_ == "advcl" and any(m.lower_ == "if" for m in c.children) for c in tok.children):
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in tok.children):
            return "hypothetical"  # 'not clear whether Japan will meet China'
        if tok.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in tok.children):
            return "hypothetical"
    for tok in chain:
        if tok.lemma_.lower() == "say" and any(c.dep_ == "auxpass" for c in tok.children):
            return "reported"
    for prev, tok in zip([None] + chain, chain):
        lemma = tok.lemma_.lower()
        if prev is not None and tok.pos_ == "NOUN" and _content_clause(prev):
            break  # 'the idea that the US is training X': what someone claims, not what they propose
        if lemma in PROPOSE:
            return "proposed"
        if lemma in INTEND:
            return "intended"
    if _future(chain[0]):
        return "intended"  # 'Japan will provide aid': announced, not yet done
    return "asserted"


def _content_clause(verb: Token) -> bool:
    """'(the idea) that the US is training X': a finite 'that' clause on a noun, stating a claim, not
    a wish ('the idea that Japan should ...' keeps its modal and stays a proposal)."""
    return (verb.dep_ in ("acl", "ccomp", "appos") and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            and not any(c.dep_ == "aux" and c.lower_ in ("should", "must", "would", "could") for c in verb.children))


def _future(verb: Token) -> bool:
    """'will/shall provide', 'is going to provide' (the verb or the verb it is conjoined to: 'will
    meet X and sign Y')."""
    for tok in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
        for child in tok.children:
            if child.dep_ == "aux" and child.lower_ in FUTURE_WILL:
                return True
            if child.dep_ == "aux" and child.lower_ == "to" and tok.dep_ == "xcomp" and \
                    tok.head.lemma_.lower() == "go" and tok.head.tag_ == "VBG":
                return True  # 'is going to provide'
    return False


def is_prospective(verb: Token) -> bool:
    """The act is announced or planned, not done: 'will/would X', 'plans to X', 'is ready to X'."""
    chain = _chain(verb)
    for tok in chain:
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in tok.children):
            return True
        if tok is not verb and tok.lemma_.lower() in PROSPECT:
            return True
    return False


REFUSING = {"refuse", "decline", "reject"}


def is_refusal(verb: Token) -> bool:
    """The act is refused, not merely not done: 'refused to X', 'declined to X', 'will not X', 'is not
    willing to X' (but not 'did not X', 'failed to X', 'denied that it had X')."""
    chain = _chain(verb)
    if any(tok is not verb and tok.lemma_.lower() in REFUSING for tok in chain):
        return True
    negated = any(c.dep_ == "neg" or c.lower_ == "never" for tok in chain for c in tok.children)
    return negated and is_prospective(verb)
