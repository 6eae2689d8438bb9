"""References to actors named earlier in the article: pronouns, titles and surnames.

"He suggests ..." -> the person last named; "They aim ..." -> the group (government, country) last
named; "the Prime Minister" -> the actor last named with that title; "Scholz" after "Olaf Scholz" ->
Olaf Scholz. Each resolved actor says where it came from (`resolved_from`).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyadwatch.actors.compose import ActorGroup
from dyadwatch.actors.match import Mention
from dyadwatch.nlp.pipeline import token_rows

PERSON_PRONOUNS = {"he", "she", "him", "his", "her"}
GROUP_PRONOUNS = {"they", "them", "their"}
FIRST_PERSON = {"we", "us", "our", "ours", "i", "me", "my"}
SPEECH_LEMMAS = {"say", "tell", "add", "state", "declare", "insist", "stress", "note", "explain", "write",
                 "warn", "announce", "reply", "respond", "answer", "assert", "claim", "argue", "affirm"}


@dataclass(slots=True)
class ArticleContext:
    """What earlier sentences of the article named: for pronouns and titles."""

    person: ActorGroup | None = None
    person_sentence: int = -1
    group: ActorGroup | None = None
    group_sentence: int = -1
    titled: list[tuple[ActorGroup, int]] = field(default_factory=list)
    surnames: dict[str, tuple[ActorGroup, int]] = field(default_factory=dict)  # 'SCHOLZ' -> Olaf Scholz

    def update(self, groups: list[ActorGroup], sentence: int) -> None:
        for g in groups:
            if not g.has_actor or g.resolved_from:
                continue
            if g.person:
                self.person, self.person_sentence = g, sentence
                words = g.name.split("_")
                if len(words) >= 2 and len(words[-1]) > 2:
                    self.surnames[words[-1].upper()] = (g, sentence)
                if g.titles:
                    self.titled.append((g, sentence))
            else:
                self.group, self.group_sentence = g, sentence
        for g in groups:  # a collective led by a person ("Ishiba's government") is the group for 'they'
            if g.has_actor and not g.person and g.resolved_from is None:
                self.group, self.group_sentence = g, sentence


def resolve_titles(groups: list[ActorGroup], context: ArticleContext) -> None:
    """'the Prime Minister' (a title agent with no country) -> the actor last named with that title."""
    for g in groups:
        if g.has_actor:
            continue
        for m in g.mentions:
            title = m.name.replace("_", " ")
            known = next(((k, n) for k, n in reversed(context.titled) if title in k.titles), None)
            if known is None:
                continue
            ref, where = known
            g.codes, g.has_actor, g.person, g.titles = list(ref.codes), True, True, list(ref.titles)
            g.resolved_from = f"title '{title.title()}' -> {ref.name} (sentence {where})"
            break


def reference_groups(doc: Doc, groups: list[ActorGroup], context: ArticleContext, sentence: int) -> list[ActorGroup]:
    """Actors for tokens that refer back: surnames of people named before, and pronouns."""
    taken: set[int] = set()
    for g in groups:
        taken |= g.tokens()
    out = []
    for i in token_rows(doc).where_pos(("PROPN", "PRON")):  # the only tokens that can refer back
        if i in taken:
            continue
        tok = doc[i]
        if tok.pos_ == "PROPN" and tok.text.upper() in context.surnames:
            ref, where = context.surnames[tok.text.upper()]
            out.append(_resolved(tok.i, ref, f"surname '{tok.text}' -> {ref.name} (sentence {where})"))
            continue
        if tok.pos_ != "PRON":
            continue
        low = tok.lower_
        ref, where = None, sentence
        if low == "it" and tok.dep_ in ("nsubj", "nsubjpass"):
            # 'Ethiopia indicated it would act': the nearest group named before it in the sentence
            before = [g for g in groups if g.end <= tok.i and g.has_actor and not g.person]
            ref = max(before, key=lambda g: g.end) if before else None
        elif low in PERSON_PRONOUNS and context.person is not None:
            ref, where = context.person, context.person_sentence
        elif low == "them" and any(t.tag_ == "NNS" and t.i < tok.i and t.i not in taken for t in doc):
            continue  # 'criticized the remarks and demanded she retract them': the things just named
        elif low in GROUP_PRONOUNS:
            ref, where = ((context.group, context.group_sentence) if context.group
                          else (context.person, context.person_sentence))
        if ref is not None:
            out.append(_resolved(tok.i, ref, f"pronoun '{tok.text}' -> {ref.name} (sentence {where})"))
    return out


def _resolved(i: int, ref: ActorGroup, why: str) -> ActorGroup:
    group = ActorGroup(list(ref.codes), i, i + 1, i, [], ref.person, ref.name, ref.source, resolved_from=why,
                       titles=list(ref.titles))
    group.mentions = [Mention(i, i + 1, "actor", list(ref.codes), ref.name, ref.source)]
    return group


def speaker_groups(doc: Doc, groups: list[ActorGroup], known=lambda g: True) -> list[ActorGroup]:
    """First-person pronouns inside a clause attributed to a speaker ('"We are not willing to renegotiate
    SOFA," a State Department spokesperson said') refer to the speaker's actor."""
    by_token = {i: g for g in groups for i in g.tokens()}
    out: list[ActorGroup] = []
    taken = set(by_token)
    for verb, speaker in _speaking(doc, SPEECH_LEMMAS, by_token, known):
        own = {t.i for t in verb.subtree}
        clause: set[int] = set()
        for child in verb.children:
            if child.dep_ in ("ccomp", "parataxis"):
                clause |= {t.i for t in child.subtree}
        if verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i:
            clause |= {t.i for t in verb.head.subtree} - own  # the quote is the root, 'X said' hangs on it
        for i in sorted(clause - taken):
            tok = doc[i]
            if tok.pos_ == "PRON" and tok.lower_ in FIRST_PERSON:
                why = f"speaker '{tok.text}' -> {speaker.name} ({doc[speaker.start:speaker.end].text})"
                out.append(_resolved(i, speaker, why))
                taken.add(i)
    return out


THIRD_PERSON = {"he": True, "she": True, "his": True, "her": True, "him": True,
                "it": False, "its": False, "they": None, "their": None, "them": None}  # pronoun -> a person?
REPORTING_LEMMAS = SPEECH_LEMMAS | {"confirm", "indicate", "signal", "vow", "pledge", "promise", "threaten",
                                    "decide", "admit", "acknowledge", "concede"}


def reported_groups(doc: Doc, groups: list[ActorGroup], known=lambda g: True) -> list[ActorGroup]:
    """Third-person pronouns in a clause reported from a speaker refer to the speaker when no other
    actor of the same kind stands between ('Iraq said it would allow ...', 'the rebels said they had
    lost trust', 'the President announced that he will extend ...'). Runs before the article context,
    which would pick the actor of an earlier sentence."""
    by_token = {i: g for g in groups for i in g.tokens()}
    out: list[ActorGroup] = []
    taken = set(by_token)
    for verb, speaker in _speaking(doc, REPORTING_LEMMAS, by_token, known):
        for child in verb.children:
            if child.dep_ not in ("ccomp", "xcomp") or child.i < verb.i:
                continue
            clause = sorted(t.i for t in child.subtree)
            for i in clause:
                tok = doc[i]
                person = THIRD_PERSON.get(tok.lower_, "-")
                if i in taken or tok.pos_ != "PRON" or person == "-":
                    if i in by_token and by_token[i] is not speaker and by_token[i].has_actor:
                        break  # another actor is named first: the pronoun may be that one
                    continue
                if person is not None and person != _personal(doc, speaker):
                    continue
                why = f"pronoun '{tok.text}' -> {speaker.name} (reported from {verb.text!r})"
                out.append(_resolved(i, speaker, why))
                taken.add(i)
    return out


def _personal(doc: Doc, group: ActorGroup) -> bool:
    """A person ('Kofi Annan', named by the parser when the dictionary does not say), or a role a
    person holds ('Chile's president', 'the foreign minister')."""
    return group.person or any(m.kind == "agent" for m in group.mentions) \
        or any(t.ent_type_ == "PERSON" for t in doc[group.start:group.end])


def _speaking(doc: Doc, lemmas: set[str], by_token: dict[int, ActorGroup], known) -> Iterator[tuple[Token, ActorGroup]]:
    """(verb, speaker) for each verb of `lemmas` whose subject is a known actor."""
    for i in token_rows(doc).where_lemma(lemmas, ("VERB", "AUX")):
        verb = doc[i]
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        speaker = _speaker(subj, by_token) if subj is not None else None
        if speaker is not None and speaker.has_actor and known(speaker):
            yield verb, speaker


def _speaker(subj, by_token: dict[int, ActorGroup]) -> ActorGroup | None:
    for tok in [subj] + [c for c in subj.children if c.dep_ in ("compound", "amod", "poss", "nmod")]:
        if tok.i in by_token:
            return by_token[tok.i]
    return None
