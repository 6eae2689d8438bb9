"""News-mode conventions of the coder (strict_roles): where an unlocated role is, what a material act
with no actor acted on is done to, who does violence no actor is named for, how far a verb's patterns
reach, and which verbs frame the act they refuse.

PETRARCH mode (the validation records) uses none of these; each is tested in tests/test_coder_news_roles.py.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from dyadwatch.actors.compose import ActorGroup, groups_by_token, known
from dyadwatch.actors.resolve import SPEECH_LEMMAS
from dyadwatch.events.modality import PROSPECT, REFUSING

# News mode: material acts with no actor acted on are done to the place they are done in ('lifted the
# curfew in Montenegro', 'troops arrived in Bosnia', 'arrested 12 in Cairo'): aid, concessions,
# mobilisation, sanctions, repression and force. Not meetings or cooperation ('held talks in Geneva').
PLACE_TARGET_ROOTS = {"07", "08", "15", "16", "17", "18", "19", "20"}
PLACE_PREPS = {"in", "at", "near", "inside", "outside", "within", "across", "throughout", "around", "on"}

# News mode: violence with no actor named ('a roadside bomb killed two soldiers near Samarra', 'was
# killed in a car bomb explosion in Beirut') is coded from unidentified forces (UAF, as Phoenix codes
# them) of the country where it happened, as event data sets do for unattributed attacks.
UNATTRIBUTED_ROOTS = {"18", "19", "20"}
# ... but a death in an accident or a disaster is no one's act ('killed in a helicopter crash').
# ('fire' and 'explosion' stay out: gunfire and bomb explosions are attacks.)
MISHAPS = {"crash", "accident", "collision", "derailment", "blaze", "flood", "flooding",
           "earthquake", "quake", "storm", "hurricane", "typhoon", "cyclone", "landslide", "mudslide", "avalanche",
           "stampede", "collapse", "mishap", "malfunction", "drowning", "heatwave", "tsunami", "eruption", "outbreak"}


def unattributed(verb: Token, groups: list[ActorGroup], targets: list[ActorGroup]) -> list[ActorGroup]:
    """Unidentified forces ('IRQUAF') of the place the verb, its subject or its agent names. Not when
    an actor is named but not located ('Rebels attacked ...') nor when the target is itself a place."""
    if _mishap(verb):
        return []
    by_head = groups_by_token(groups)
    taken = {i for g in targets for i in g.tokens()}
    doers = [c for c in verb.children if c.dep_ in ("nsubj", "agent", "csubj")]
    if any(t.i in by_head for c in doers for t in c.subtree if t.i not in taken):
        named = [by_head[t.i] for c in doers for t in c.subtree if t.i in by_head and t.i not in taken]
        if any(not known(g) or g.tokens() & {c.i for c in doers} for g in named):
            return []
    heads = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    in_places = {t.i for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in PLACE_PREPS
                 for t in p.subtree}
    if taken <= in_places:
        return []
    places = place_targets(verb, by_head, taken)
    if not places:
        phrases = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent", "csubj")]
        near = [by_head[t.i] for c in phrases for t in c.subtree if t.i in by_head and t.i not in taken]
        places = [g for g in near if known(g)][:1]
    country = next((c for g in places for c in map(country_of, g.codes) if c), None)
    if country is None:
        return []
    place = places[0]
    return [ActorGroup([country + "UAF"], place.start, place.end, place.head, list(place.mentions), False,
                       f"unidentified forces in {place.name}", place.source,
                       resolved_from=f"violence with no actor named, in {_text(verb, place)}")]


def _mishap(verb: Token) -> bool:
    """'killed in a helicopter crash', 'died in a fire', 'killed when a bridge collapsed in a flood'."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "during", "after", "by"):
            if any(t.lemma_.lower() in MISHAPS for t in prep.subtree if t.pos_ == "NOUN"):
                return True
    return False


def _text(tok: Token, group: ActorGroup) -> str:
    return tok.doc[group.start:group.end].text


SIDE_CLAUSES = {"advcl", "relcl", "parataxis"}


def adjacent_infinitive(tok: Token) -> bool:
    """'sworn to fight' parsed as a purpose clause: an infinitive right after its head is its complement."""
    return tok.dep_ in ("xcomp", "advcl") and tok.left_edge.i == tok.head.i + 1 \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def pattern_scope(verb: Token) -> set[int]:
    """News mode: the words a verb's patterns may match are its own phrase, not the side clauses
    hanging on it ('suspended aid deliveries after their vehicles were hit by gunfire' is no
    ceasefire), the verbs conjoined to it, nor what a speech verb reports ('said it would withdraw'
    is a statement; the withdrawal is coded from its own verb)."""
    out: set[int] = set()
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        for child in tok.children:
            if (child.dep_ in SIDE_CLAUSES and not adjacent_infinitive(child)) or \
                    (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")) or \
                    (tok is verb and child.dep_ == "ccomp" and verb.lemma_.lower() in SPEECH_LEMMAS):
                continue
            stack.append(child)
    return out


FRAMING = PROSPECT - {"threaten", "offer"}  # a threat or an offer is coded as such (13x, 03x)


def refuses_complement(verb: Token) -> bool:
    """A verb of refusal with an infinitive complement ('refused to release'): the complement says
    what is refused and is coded first (the negated act and its rejection, 12x)."""
    return verb.lemma_.lower() in REFUSING and any(c.dep_ == "xcomp" for c in verb.children)


def place_targets(verb: Token, by_head: dict[int, ActorGroup], exclude: set[int]) -> list[ActorGroup]:
    """Known places named by a place phrase of the verb or of its object ('lifted a curfew in X')."""
    heads = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                continue
            # 'in the Gaza Strip', 'in southern Serbia', 'outside of the Iraqi city of Basra'
            for tok in prep.subtree:
                group = by_head.get(tok.i)
                if group is not None and known(group) and not (group.tokens() & exclude):
                    return [group]
    return []


def named_as_place(doc: Doc, group: ActorGroup) -> bool:
    """The actor is named only as where something happens: its head is the object of a place phrase,
    directly or through the noun it qualifies ('near the border between X and Y', 'in X's capital').
    A place acts on nobody, so it is never a source."""
    cur = doc[group.head]
    for _ in range(8):
        if cur.dep_ == "pobj":
            prep = cur.head
            if prep.lower_ in PLACE_PREPS:
                return True
            if prep.dep_ != "prep" or prep.head.pos_ not in ("NOUN", "PROPN"):
                return False
            cur = prep.head  # 'the border between X': go on from 'border'
        elif cur.dep_ in ("conj", "appos", "compound", "amod", "nmod", "poss") and cur.head.i != cur.i:
            cur = cur.head
        else:
            return False
    return False


# Code prefixes that are not states: organisations, non-state groups, and CAMEO's regions.
NOT_COUNTRIES = {"IGO", "NGO", "MNC", "UAF", "INT", "MED", "AFR", "ASA", "BLK", "CAS", "CAU", "CRB", "EAF",
                 "EEU", "EIN", "EUR", "LAM", "MEA", "NAF", "NMR", "SAF", "SAM", "SAS", "SEA", "WAF", "WEU",
                 "WST", "PGS", "SCN", "BAL", "GUL", "MDT"}


def country_of(code: str) -> str | None:
    prefix = code[:3]
    return prefix if len(prefix) == 3 and prefix.isalpha() and prefix not in NOT_COUNTRIES else None


def locate_roles(doc: Doc, groups: list[ActorGroup]) -> None:
    """News mode: a role with no country ('police', 'rebels', 'President Dos Santos') in a sentence
    that names one country and no other is taken to be that country's ('Egyptian police dispersed
    demonstrators' -> EGYCOP and EGY~OPP). With two countries named, the role stays unknown; so does a
    body's own name ('the Self-Defense Forces'), which is not a common role."""
    by_token = groups_by_token(groups)
    for g in groups:  # 'Syria said its troops ...': the role is its owner's, once the pronoun is resolved
        owner = next((by_token.get(c.i) for c in doc[g.head].children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        country = next((c for c in map(country_of, owner.codes) if c), None) if owner and g.codes else None
        if country and not known(g):
            g.codes = list(dict.fromkeys(country + c[3:] for c in g.codes))
            g.has_actor = True
            g.resolved_from = g.resolved_from or f"role of {owner.name}"
    countries = {c for g in groups if known(g) for c in map(country_of, g.codes) if c}
    if len(countries) != 1:
        return
    country = next(iter(countries))
    for g in groups:
        if g.codes and not known(g) and _common_role(doc, g):
            g.codes = list(dict.fromkeys(country + c[3:] for c in g.codes))
            g.has_actor = True
            g.resolved_from = g.resolved_from or f"role in a sentence naming only {country}"


def _common_role(doc: Doc, group: ActorGroup) -> bool:
    """A role named by a common noun ('police', 'rebels'; capitalised only to start the sentence) or a
    title before a name ('President Dos Santos'), not a proper name of its own nor someone's ('its')."""
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in doc[group.head].children):
        return False  # 'its military bases', 'their forces': whoever the pronoun names
    last = doc[max(m.end for m in group.mentions) - 1] if group.mentions else doc[group.head]
    return not last.text[:1].isupper() or last.i == 0 or (last.i + 1 < len(doc) and doc[last.i + 1].pos_ == "PROPN")
