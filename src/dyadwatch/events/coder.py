"""The event coder: clean article text -> who did what to whom (CAMEO events with proof).

Per article: split sentences cheaply, scan each with the actor automaton and the verb word set, parse
(spaCy, batched) only sentences that can hold an event (fast path), compose actors, resolve pronouns
and titles to the actors named before, match verb patterns, pick source and target from the parse.
"""
from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, Token

from dyadwatch.actors.compose import ActorGroup, compose, groups_by_token, known
from dyadwatch.actors.match import ActorMatcher, Mention
from dyadwatch.actors.resolve import (GROUP_PRONOUNS, PERSON_PRONOUNS, REPORTING_LEMMAS, ArticleContext,
                                      reference_groups, SPEECH_LEMMAS, reported_groups, resolve_titles,
                                      speaker_groups)
from dyadwatch.clean import is_headline
from dyadwatch.dictionaries.cameo import quad_class
from dyadwatch.dictionaries.loader import Dictionaries
from dyadwatch.events.modality import PROPOSE, event_mode, is_negated, is_prospective, is_refusal
from dyadwatch.events.news import (FRAMING, PLACE_TARGET_ROOTS, UNATTRIBUTED_ROOTS, adjacent_infinitive, locate_roles,
                                   pattern_scope, place_targets, refuses_complement, unattributed)
from dyadwatch.events.patterns import RULE_MARK, VerbMatch, View, best_match, find_verbs
from dyadwatch.nlp.pipeline import SentenceSpan, parse, split_sentences, token_rows, tokenize
from dyadwatch.records import ActorRef, Article, Event, sha256_hex
from dyadwatch.settings import Settings

SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
NESTED_DEPS = {"relcl", "acl", "advcl", "parataxis", "csubj"}
PROPOSAL_NOUNS = {"proposal", "initiative", "plan", "idea"}
PROPOSAL_FORMS = PROPOSAL_NOUNS | {w + "s" for w in PROPOSAL_NOUNS}  # the scan sees words, not lemmas
LOCATIVE_PREPS = {"in", "at", "near", "during", "after", "before", "since", "inside", "within", "throughout",
                  "across", "outside", "amid", "amidst", "despite", "until", "ahead"}
OBJECT_NESTED = {"relcl", "advcl", "parataxis", "csubj"}
# Material conflict (17x-20x) coded by a verb's default, with one of these as its object, is an idiom:
# 'take advantage of', 'seize the opportunity', 'take in billions', 'took steps', 'grab headlines'.
# (Not 'positions', 'markets' or places: those are shelled and seized for real.)
MATERIAL_CONFLICT_ROOTS = {"17", "18", "19", "20"}
ABSTRACT_OBJECTS = {
    "advantage", "opportunity", "chance", "initiative", "lead", "step", "measure", "action", "note", "look",
    "part", "time", "turn", "care", "credit", "responsibility", "stance", "view",
    "freedom", "right", "liberty", "headline", "attention", "spotlight", "moment", "lesson", "risk", "toll",
    "money", "dollar", "billion", "million", "trillion", "revenue", "tariff", "tax", "profit", "share",
    "stake", "price", "cost", "fee", "income", "fund", "cash", "yen", "euro", "pound", "yuan",
}
# Nouns that describe a likeness: the actor in 'an Asian version of NATO', 'a copy of the EU' or
# 'Japan's counterpart to the CIA' is a model being compared with, not a party to the event.
LIKENESS_NOUNS = {"version", "model", "copy", "replica", "equivalent", "imitation", "clone",
                  "variant", "analogue", "analog", "facsimile", "knockoff", "emulation", "lookalike"}
# News mode: verbs whose event stands without a target (GDELT has events with an empty Actor2 too):
# statements (01, only with content: a clause or an object), appeals (02), intents (03), cooperation
# (05), named concessions (08x: calling off a strike, resigning), demands (10), disapproval (11), rejections
# (12), threats (13), protests (14: a march or strike is an event without an addressee). Not
# consultations (04): without a counterpart 'came', 'faced', 'leaving' are movements, not meetings;
# not the other material acts (06, 07, 09, 15-20): they need someone acted on.
TARGETLESS_ROOTS = {"01", "02", "03", "05", "08", "10", "11", "12", "13", "14"}
# Acts two parties do with each other: 'Japan and Australia agreed / met / signed / held exercises /
# clashed' is an event each way. Statements, appeals, demands, criticism, rejections, threats, protests,
# concessions and sanctions by a compound subject ('Peru and Chile called for ...') are one-sided: their
# target is someone else, or no one named.
MUTUAL_ROOTS = {"03", "04", "05", "06", "19"}
CONTENT_DEPS = {"ccomp", "dobj", "xcomp", "parataxis", "attr"}
# Verbs that demand rather than appeal: CAMEO 10x mirrors 02x (021 -> 101, 022 -> 102, ...).
DEMAND_VERBS = {"DEMAND", "INSIST", "EXHORT", "ADJURE", "CLAMOR", "CLAMOUR"}
CLIMB_DEPS = {"xcomp", "conj", "pcomp", "acomp", "advcl", "ccomp", "prep", "pobj", "dobj", "attr", "relcl", "acl"}


# what ends a leading dateline: a colon, a dash, or the typewriter's double hyphen of wire copy
DATELINE_DASHES = (":", "–", "—", "-", "--")
# `Event.target_origin` of the learned pair scorer's events, by `Candidate.target_from`
MODEL_ORIGINS = {"sentence": "model (sentence)", "context": "model (story context)",
                 # 'the two countries', 'both sides': the pair the story named just before (learned.two_party_phrase)
                 "two-party": "model (two-party phrase)"}


def stated_target(target: str | None, target_origin: str | None) -> str | None:
    """An event's target as an addressee (of a pledge, a proposal): None when the pair scorer took it from
    earlier in the story. A commitment's addressee is what its sentence says; a guessed counterpart would
    turn a stated aim into an offer to someone."""
    return None if target_origin == MODEL_ORIGINS["context"] else target


def added_by_model(event) -> bool:
    """The event is the pair scorer's own (added for an uncoded pair, or beside a rule event on its pair),
    not a rule's: a rule event the model retyped keeps the rules' actors and origin."""
    return event.target_origin in MODEL_ORIGINS.values()


class Coder:
    """Codes articles and sentences into Events. Holds the dictionaries and the actor automaton;
    per-article state (pronoun context, coded verbs) lives in local variables, so one Coder can serve
    several threads."""

    def __init__(self, dictionaries: Dictionaries, settings: Settings | None = None, *,
                 extra_actors: list | None = None, require_dyad: bool = True, strict_roles: bool = False):
        """strict_roles (news mode, what `from_settings` uses): a passive without 'by' has no source,
        the source is the subject's head actor and its conjuncts (not every actor inside the subject),
        places are not targets, a 'said' clause is not the target, and actors without a country or
        known identity ('---GOV') are dropped. Off, the coder follows PETRARCH's conventions."""
        self.settings = settings or Settings()
        self.dictionaries = dictionaries
        actors = list(dictionaries.actors) + list(extra_actors or [])
        self.matcher = ActorMatcher(actors, dictionaries.agents, dictionaries.discards, plurals=strict_roles)
        self.tables = dictionaries.tables
        self.require_dyad = require_dyad
        self.strict_roles = strict_roles
        self.passive_needs_agent = strict_roles
        # a verb token is a word: forms keyed by punctuation (',' and '~' in the CAMEO file) never match one
        self.verb_words = {w for w in dictionaries.verbs.words() if any(ch.isalpha() for ch in w)}
        self.stats = {"sentences": 0, "parsed": 0, "seconds": 0.0}
        self._inflected: dict[str, bool] = {}  # word -> a dictionary verb plus -S/-ED/-ING?
        # the learned pair scorer (events/learned.py) for the hybrid coder; None codes with the rules alone
        self.learned = None
        # on by default: held out by batch, topic, region and event family it beats the rules alone
        # (docs/coder.md); `extra.hybrid = false` codes with the rules alone
        if self.strict_roles and self.settings.extra.get("hybrid", True):
            from dyadwatch.events.learned import PairModel

            self.learned = PairModel.load(self.settings.extra.get("hybrid_model") or _default_model())

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Coder:
        """Packaged dictionaries + the user's files + the maintained leaders table."""
        from dyadwatch.actors.leaders import load_leader_entries

        settings = settings or Settings()
        dictionaries = Dictionaries.packaged(settings)
        leaders = load_leader_entries()
        user: list = []
        if settings.actors_files:  # user actor files override the leaders table too
            from dyadwatch.dictionaries.actors import read_actor_file

            for path in settings.actors_files:
                user.extend(read_actor_file(path, lambda err: None))
        return cls(dictionaries, settings, extra_actors=leaders + user, strict_roles=True)

    @classmethod
    def from_dictionaries(cls, directory: str | Path | None = None, *, dictionaries: Dictionaries | None = None,
                          settings: Settings | None = None, require_dyad: bool = True, **names) -> Coder:
        if dictionaries is None:
            dictionaries = Dictionaries.from_dir(directory, **names)
        return cls(dictionaries, settings, require_dyad=require_dyad)

    # ---- public API -------------------------------------------------------------------------------
    def code_article(self, article: Article) -> list[Event]:
        return self.code_articles([article])[0]

    def code_articles(self, articles: list[Article]) -> list[list[Event]]:
        """Each article's events, as `code_article` gives them, with one parse call for the event
        sentences of all of them: the parser's fixed cost per call is paid once per batch."""
        started = time.perf_counter()
        out = self._code_texts([(split_sentences(a.text, self.settings.max_sentence_chars), a.reference_date,
                                 a.doc_id, a.published) for a in articles])
        for article, events in zip(articles, out):
            if article.title:
                for e in events:
                    e.headline = is_headline(e.sentence, article.title)
        self.stats["seconds"] += time.perf_counter() - started
        return out

    def code_sentence(self, text: str, published: date | None = None) -> list[Event]:
        span = SentenceSpan(0, 0, len(text), text)
        return self._code_sentences([span], published, "sentence:" + sha256_hex(text)[:12], published)

    def explain(self, sentence: str, published: date | None = None) -> dict:
        trace: list[dict] = []
        span = SentenceSpan(0, 0, len(sentence), sentence)
        events = self._code_sentences([span], published, "explain", published, trace=trace, force=True)
        out = trace[0] if trace else {"sentence": sentence, "why": "empty sentence"}
        out["events"] = [_event_summary(e) for e in events]
        out["published"] = published.isoformat() if published else None
        return out

    def planned_parses(self, article: Article) -> set[int]:
        """Indices of the article's sentences (`split_sentences`) that `code_article` would parse: the
        pre-filter's choice, for evaluation. Codes and counts nothing."""
        plan = self._plan(split_sentences(article.text, self.settings.max_sentence_chars), article.reference_date)
        return set(plan[1]) if plan is not None else set()

    # ---- internals ----------------------------------------------------------------------------------
    def _code_sentences(self, sentences: list[SentenceSpan], day: date | None, doc_id: str,
                        published: date | None, trace: list[dict] | None = None, force: bool = False) -> list[Event]:
        return self._code_texts([(sentences, day, doc_id, published)], trace, force)[0]

    def _code_texts(self, texts: list[tuple[list[SentenceSpan], date | None, str, date | None]],
                    trace: list[dict] | None = None, force: bool = False) -> list[list[Event]]:
        """Events of each text (its sentences, reference day, doc id, publication date): every text
        planned, the sentences to parse of all of them parsed in one call, then each coded in order."""
        plans = [self._plan(sentences, day, trace, force) for sentences, day, _id, _pub in texts]
        inputs = [sentences[i].as_doc() for (sentences, *_), plan in zip(texts, plans) if plan is not None
                  for i in plan[1]]
        parsed = iter(parse(inputs) if inputs else [])
        out = []
        for (sentences, day, doc_id, published), plan in zip(texts, plans):
            if plan is None:
                out.append([])
                continue
            scans, wanted = plan
            docs = {i: next(parsed) for i in wanted}
            out.append(self._finish(sentences, scans, docs, day, doc_id, published, trace))
        return out

    def _plan(self, sentences: list[SentenceSpan], day: date | None, trace: list[dict] | None = None,
              force: bool = False) -> tuple[list, list[int]] | None:
        """The scans of the sentences and the indices of those to parse; None when a discard phrase
        drops the whole story."""
        limit = self.settings.max_sentence_chars
        scans = self._scan_article(sentences, day)
        if any(story for (_m, d, _v) in scans for (_p, story) in d):
            if trace is not None:
                trace.append({"sentence": sentences[0].text if sentences else "", "why": "story discarded"})
            return None
        from dyadwatch.events.learned import names_two_parties

        wanted = []
        actor_named = False  # in this or an earlier sentence: else a two-party phrase has nothing to stand for
        for s, (mentions, discards, can_event) in zip(sentences, scans):
            too_long = len(s.text) > limit
            actor_named = actor_named or any(m.kind == "actor" for m in mentions)
            if (discards and not self.strict_roles) or too_long:
                continue
            if force or not self.settings.fast_path or can_event or (
                    self.learned is not None and (mentions or (actor_named and names_two_parties(s.words or [])))):
                # the hybrid scores actor pairs with or without a dictionary verb, and the pair a
                # two-party phrase stands for ('both sides agreed')
                wanted.append(s.index)
        return scans, wanted

    def _finish(self, sentences: list[SentenceSpan], scans: list, docs: dict[int, Doc], day: date | None,
                doc_id: str, published: date | None, trace: list[dict] | None = None) -> list[Event]:
        """Code the parsed sentences in order, carrying the article context through all of them."""
        limit = self.settings.max_sentence_chars
        self.stats["sentences"] += len(sentences)
        self.stats["parsed"] += len(docs)
        context = ArticleContext()
        history: list[tuple[int, list[ActorGroup], list[ActorRef]]] = []  # earlier sentences' actors
        events: list[Event] = []
        for s, (mentions, discards, _can) in zip(sentences, scans):
            info: dict | None = {"sentence": s.text} if trace is not None else None
            if info is not None:
                if len(s.text) > limit:
                    info["why"] = f"sentence longer than max_sentence_chars={limit}: not parsed"
                elif discards and not self.strict_roles:
                    info["why"] = f"discard phrase {discards[0][0]!r} in sentence"
            doc = docs.get(s.index)
            if doc is None:
                cheap = self._cheap_groups(s.text, mentions)
                context.update(_antecedents(cheap, s.words or []), s.index)
                if self.learned is not None:  # the hybrid's candidate targets from story context
                    history.append((s.index, cheap, [_context_ref(s, g, s.words or []) for g in cheap]))
                if info is not None:
                    info.setdefault("why", "no dictionary verb or no actor: not parsed (fast path)")
                    trace.append(info)
                continue
            # the scan's mentions are the parse's when both read the same tokens (split_sentences')
            found = self._code_doc(doc, s, day, doc_id, published, context, info,
                                   mentions if s.tokens is not None else None, history)
            events.extend(found)
            if info is not None:
                trace.append(info)
        return events

    def _scan_article(self, sentences: list[SentenceSpan], day: date | None) -> list[tuple[list[Mention], list, bool]]:
        """Scan every sentence; a sentence can hold an event only with a dictionary verb form (or a
        proposal noun) AND an actor in it: a dictionary actor, or a reference that can resolve to an
        actor named in this or an earlier sentence (a pronoun, a surname, a title agent). Without an
        earlier actor the article context is empty, so pronouns and titles resolve to nothing; in news
        mode (strict_roles) an agent alone ('---GOV') is dropped unless a title resolves it."""
        out = []
        named = False  # an actor mention in this or an earlier sentence (feeds ArticleContext)
        person_named = False  # an actor mention that can be a person, in this or an earlier sentence
        surnames: set[str] = set()
        titles: set[str] = set()  # titles of the actors named so far ('the Prime Minister' resolves to one)
        kept: list[list[str]] = []
        for s in sentences:
            mentions, discards, has_verb, words = self._scan(s, day)
            has_actor = False
            actors = [m for m in mentions if m.kind == "actor"]
            if actors:
                has_actor = True
                named = True
                for m in actors:
                    titles.update(m.titles)
                    # only a person sets ArticleContext.person and .surnames: a group composed on an entry
                    # with titles or dated codes (`compose._group`; its NER test never fires: the parse
                    # runs without NER), as in `_cheap_groups`
                    if not (m.entry and (m.entry.titles or any(c.start or c.end for c in m.entry.codes))):
                        continue
                    person_named = True
                    parts = m.name.split("_")
                    if len(parts) >= 2 and len(parts[-1]) > 2:
                        surnames.add(parts[-1].upper())
            elif has_verb and words:
                if mentions and not self.strict_roles:
                    has_actor = True  # PETRARCH mode codes agents ('---GOV') too
                elif mentions and any(m.name.replace("_", " ") in titles for m in mentions):
                    has_actor = True  # news mode drops an agent alone unless it is the title of an actor named before
                if not has_actor and named:
                    lowered = {w.lower() for w in words}
                    # 'he', 'his' resolve only to a person named before; 'they' to a group, else a person
                    has_actor = bool(lowered & GROUP_PRONOUNS) or (person_named and bool(lowered & PERSON_PRONOUNS)) or any(
                        w.upper() in surnames for w in words)
            out.append((mentions, discards, has_actor and has_verb))
            kept.append(words)
        if self.settings.fast_path:
            self._drop_uncodable(out, kept)
        return out

    def _drop_uncodable(self, out: list[tuple[list[Mention], list, bool]], words: list[list[str]]) -> None:
        """Don't parse a sentence whose dictionary verbs can code nothing for any parse (nor a proposal
        noun make an event) when that cannot change the article context for later sentences: a parsed
        sentence with no coded verb adds to `ArticleContext` only the groups of its actor mentions
        (references, titles and roles it resolves are marked `resolved_from`, which `update` skips), so
        with no actor mention it adds nothing, as its cheap groups; with actor mentions its groups may
        differ from the cheap ones, so it is dropped only when no later sentence reads the context (no
        person or group pronoun, no agent mention to resolve as a title, no surname of its actors)."""
        later_pronoun = later_agent = False
        later_words: set[str] = set()
        for i in range(len(out) - 1, -1, -1):
            mentions, discards, can_event = out[i]
            if can_event and not self._verb_can_code(words[i]):
                actors = [m for m in mentions if m.kind == "actor"]
                if not actors:
                    can_event = False
                elif not later_pronoun and not later_agent:
                    names = {p.upper() for m in actors for p in m.name.split("_")}
                    if not names & later_words:
                        can_event = False
                out[i] = (mentions, discards, can_event)
            lowered = {w.lower() for w in words[i]}
            later_pronoun = later_pronoun or bool(lowered & (PERSON_PRONOUNS | GROUP_PRONOUNS))
            later_agent = later_agent or any(m.kind != "actor" for m in mentions)
            later_words.update(w.upper() for w in words[i])

    def _verb_can_code(self, words: list[str]) -> bool:
        """Can a verb in these words code an event, or a proposal noun make one (`_proposal_events`)?"""
        gate = self.__dict__.get("_verb_gate")
        if gate is None or gate.verbs is not self.dictionaries.verbs:
            from dyadwatch.events.prefilter import VerbGate

            gate = self.__dict__["_verb_gate"] = VerbGate(self.dictionaries.verbs)
        for w in words:
            lemmas = gate.lemmas(w)
            if lemmas is None or any(n.upper() in lemmas for n in PROPOSAL_NOUNS):
                return True
        return gate.can_code(words)

    def _scan(self, s: SentenceSpan, day: date | None) -> tuple[list[Mention], list, bool, list[str]]:
        """Mentions, discard phrases, whether a dictionary verb form or proposal noun is present, words."""
        if len(s.text) > self.settings.max_sentence_chars:
            return [], [], False, []
        words = s.words
        if words is None:
            words = [t.text for t in tokenize(s.text)]
        caps = [w[:1].isupper() or w[:1].isdigit() for w in words]
        mentions, discards = self.matcher.find(words, day, caps)
        lowered = {w.lower() for w in words}
        upper = {w.upper() for w in words}
        has_verb = bool(upper & self.verb_words) or bool(lowered & PROPOSE) or bool(lowered & PROPOSAL_FORMS) \
            or any(self._inflected_verb(w) for w in upper)
        return mentions, discards, has_verb, words

    def _inflected_verb(self, word: str) -> bool:
        """Is the (upper-cased) word a dictionary verb plus -S, -ED or -ING? Cached: words recur."""
        cache = self._inflected
        hit = cache.get(word)
        if hit is None:
            if len(cache) > 200_000:
                cache.clear()
            verbs = self.verb_words
            hit = cache[word] = word.endswith(("ED", "ING", "S")) and (
                word[:-1] in verbs or word[:-2] in verbs or word[:-3] in verbs)
        return hit

    def _cheap_groups(self, text: str, mentions: list[Mention]) -> list[ActorGroup]:
        out = []
        for m in mentions:
            if m.kind != "actor":
                continue
            person = bool(m.entry and (m.entry.titles or any(c.start or c.end for c in m.entry.codes)))
            out.append(ActorGroup(m.codes, m.start, m.end, m.start, [m], person, m.name, m.source,
                                  titles=list(m.titles)))
        return out

    def _code_doc(self, doc: Doc, s: SentenceSpan, day: date | None, doc_id: str, published: date | None,
                  context: ArticleContext, info: dict | None, mentions: list[Mention] | None = None,
                  history: list | None = None) -> list[Event]:
        words = list(s.tokens) if s.tokens is not None else [t.text for t in doc]  # as_doc() built doc from them
        if mentions is None:
            caps = [w[:1].isupper() or w[:1].isdigit() for w in words]
            mentions, _ = self.matcher.find(words, day, caps)
        dateline = _dateline_end(doc)
        groups = compose(doc, [m for m in mentions if m.start >= dateline])
        resolve_titles(groups, context)
        if self.strict_roles:
            groups += reported_groups(doc, groups, known)
        groups += reference_groups(doc, groups, context, s.index)
        if self.strict_roles:
            _speaks_for_body(groups)
            groups += speaker_groups(doc, groups, known)
            locate_roles(doc, groups)
        groups.sort(key=lambda g: g.start)
        if info is not None:
            info["actors"] = [{"text": doc[g.start:g.end].text, "codes": g.codes, "entry": g.name,
                               "dictionary": g.source, "resolved_from": g.resolved_from} for g in groups]
            info["parse"] = [f"{t.text}/{t.pos_}/{t.dep_}->{t.head.i}" for t in doc]
        events: list[Event] = []
        coded_verbs: set[int] = set()
        view = View(doc)
        candidates = find_verbs(doc, self.dictionaries.verbs, view)
        found_verbs = list(candidates) if self.learned is not None else []  # the hybrid's features, before sorting
        # prefer exact-text forms, then longer multi-word forms
        candidates.sort(key=lambda c: (c[0], -c[2].rank, not c[4], -(c[1] - c[0])))
        if self.strict_roles:  # 'refused to release X', 'plans to impose X': X first, the frame if X codes nothing
            framing = {i for i, c in enumerate(candidates) if refuses_complement(self._verb_token(doc, c[0], c[1], c[3]))}
            candidates = [c for i, c in enumerate(candidates) if i not in framing] + \
                         [c for i, c in enumerate(candidates) if i in framing]
        done_tokens: set[int] = set()
        tried: list[dict] = []
        for start, end, block, form, _exact in candidates:
            verb_tok = self._verb_token(doc, start, end, form)
            if verb_tok.i in done_tokens:
                continue
            done_tokens.add(verb_tok.i)
            if self.strict_roles and refuses_complement(verb_tok) and any(
                    t.i in coded_verbs for c in verb_tok.children if c.dep_ == "xcomp" for t in c.subtree):
                tried.append({"verb": verb_tok.text, "why": "coded as its complement (intent or refusal)"})
                continue
            if self.strict_roles and _alleged(verb_tok):
                # 'accused China of using coercion': the act is the accusation's content (coded as 11x),
                # not an event of the accuser
                tried.append({"verb": verb_tok.text, "why": "act alleged in an accusation: coded as the accusation"})
                continue
            if verb_tok.dep_ == "prep":  # 'according to', 'following': a participle used as a preposition
                tried.append({"verb": verb_tok.text, "why": "participle used as a preposition"})
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in PROPOSAL_NOUNS
                   and any(p.dep_ == "poss" for p in c.children) for c in verb_tok.children):
                tried.append({"verb": verb_tok.text, "why": "subject is a proposal noun: coded as the proposal"})
                continue
            scope = pattern_scope(verb_tok) if self.strict_roles else {t.i for t in verb_tok.subtree}
            match = best_match(view, start, end, block, form, self.dictionaries.verbs, groups, scope)
            frame = self._coded_frame(verb_tok, coded_verbs)
            if frame is not None and self._threat_in_frame(frame, match):
                # 'plans to impose restrictions': no intent to cooperate but a threat (13x), coded instead
                events = [e for e in events if e.verb_start != s.start + frame.idx]
                coded_verbs.discard(frame.i)
                tried.append({"verb": frame.text, "why": "intent frame of a threat: coded as the threat"})
                frame = None
            if frame is not None or (
                    self.strict_roles and verb_tok.dep_ == "ccomp" and verb_tok.head.i in coded_verbs
                    and getattr(_obligation(verb_tok.head), "i", None) == verb_tok.i):
                tried.append({"verb": verb_tok.text, "why": "complement of a verb already coded"})
                continue
            code = match.code.split(":")[0]
            if self.strict_roles and match.pattern is None and code[:2] in MATERIAL_CONFLICT_ROOTS \
                    and _abstract_object(verb_tok):
                # 'taken advantage of the US', 'taking in billions in tariff money': no pattern said
                # seize or attack, and the object is no one and nothing that can be seized or struck
                tried.append({"verb": verb_tok.text, "why": f"default [{code}] with an abstract object: idiom, no event"})
                continue
            if code in ("---", "") or not code[:2].isdigit():
                tried.append({"verb": verb_tok.text, "pattern": match.pattern_text,
                              "why": f"code [{match.code}]: no event"})
                if match.pattern is None:  # no pattern said so: a lower-ranked block for this verb may code it
                    done_tokens.discard(verb_tok.i)
                continue
            if self.strict_roles and (code.startswith("01") or verb_tok.lemma_.lower() in SPEECH_LEMMAS) \
                    and _obligation(verb_tok) is not None:
                # 'said that Libya must hand over the suspects': a statement of what another must do is a demand
                match.code = "100"
                match.rule = "what another must do: demand"
                code = "100"
            if self.strict_roles and code.startswith("02") and verb_tok.lemma_.upper() in DEMAND_VERBS:
                # 'demanded support': the DEMAND block shares URGE's patterns (02x); a demand is the 10x twin
                match.code = "10" + match.code[2:]
                match.rule = "a demand verb: 10x"
                code = match.code.split(":")[0]
            sources, targets, found_by = self._dyad(doc, verb_tok, groups, match, coded_verbs, dateline)
            if not sources and targets and self.strict_roles and code[:2] in UNATTRIBUTED_ROOTS:
                sources = unattributed(verb_tok, groups, targets)
            if not sources:
                tried.append({"verb": verb_tok.text, "pattern": match.pattern_text, "why": "no source actor"})
                continue
            if not targets and self.require_dyad and not self._targetless_ok(verb_tok, code, coded_verbs):
                tried.append({"verb": verb_tok.text, "pattern": match.pattern_text, "why": "no target actor"})
                continue
            made = self._events(doc, s, verb_tok, match, sources, targets, doc_id, published, found_by)
            if not made:
                tried.append({"verb": verb_tok.text, "pattern": match.pattern_text,
                              "why": "source and target are the same or unidentified actors"})
            if made:
                coded_verbs.add(verb_tok.i)
                events.extend(made)
                tried.append({"verb": verb_tok.text, "pattern": match.pattern_text,
                              "events": len(made)})
        events.extend(self._proposal_events(doc, s, groups, coded_verbs, doc_id, published, tried))
        if info is not None:
            info["verbs"] = tried
            if not events:
                info["why"] = "; ".join(t.get("why", "") for t in tried if t.get("why")) or "no dictionary verb"
        if self.learned is not None:
            events = self._revise(doc, s, groups, history or [], events, found_verbs, doc_id, published, info)
        context.update(_antecedents(groups, words), s.index)
        if history is not None and self.learned is not None:
            history.append((s.index, groups, [_ref(doc, s, g, g.codes[0]) if g.codes else None for g in groups]))
        return events

    # ---- the hybrid: learned pair scorer over the rules' events ---------------------------------------
    def _revise(self, doc: Doc, s: SentenceSpan, groups: list[ActorGroup], history: list, events: list[Event],
                found_verbs: list, doc_id: str, published: date | None, info: dict | None) -> list[Event]:
        """Rule events stay unless the model scores their pair as no event (`extra.hybrid_drop`, on by
        default), with the model's root when it is sure of another; the model adds an event (target from the
        sentence or the story's previous sentences) for a pair the rules left uncoded. Model events and
        retyped rule events say so in `pattern`, with the score and the deciding features."""
        from dyadwatch.events.learned import candidates as pair_candidates, country_key, generic_code, verb_codes_of

        model = self.learned
        verb_codes = verb_codes_of(doc, found_verbs)
        rule_pairs = _rule_pairs(events)
        refs = {id(g): r for _i, gs, rs in history for g, r in zip(gs, rs)}
        scored = model.score_all(doc, pair_candidates(groups, [(i, gs) for i, gs, _r in history], s.index, doc),
                                 verb_codes, rule_pairs)
        notes = []
        kept = []
        beside: list[tuple[Event, object]] = []  # (kept rule event, the model's best-scored row for its pair)
        # A rule event whose pair the model scores as no event (every candidate row of it at P(none) >= the
        # drop threshold cross-validation chose) is dropped, unless a coder rule set names its code: on by
        # default since the corpus grew to 14 batches (held out it raises precision more than it costs
        # recall, docs/coder.md); `extra.hybrid_drop = false` keeps every rule event.
        drop = self.settings.extra.get("hybrid_drop", True)
        dropped: dict[tuple, Event] = {}  # pair -> the rule event dropped on it
        for e in events:
            pair = (country_key(e.source.code if e.source else None), country_key(e.target.code if e.target else None))
            mine = [x for x in scored if x.candidate.keys == pair]
            if drop and mine and e.target is not None and RULE_MARK not in (e.pattern or "") \
                    and min(x.none for x in mine) >= model.drop_threshold:
                notes.append({"dropped": e.verb_text, "pair": list(pair), "p_none": round(min(x.none for x in mine), 3)})
                dropped.setdefault(pair, e)
                continue
            # a verb's default code on an asserted event takes the model's root at even odds; any other code
            # (a specific one, an intent, a hypothetical or a negation) only at the stricter threshold that
            # cross-validation chose for them, keeping its mode; a coder rule set's code stays
            retypable = e.target is not None and RULE_MARK not in (e.pattern or "")
            generic = e.mode == "asserted" and not e.negated and generic_code(e.cameo)
            best_of_pair = max(mine, key=lambda x: x.probability) if mine else None
            best = best_of_pair if retypable else None
            if best is not None and best.root != e.cameo_root and \
                    best.root_probability >= (model.retype_threshold if generic else model.retype_any_threshold):
                # the root classifier, sure enough and in disagreement, types the rules' pair: held out it
                # names the right root more often than the verb dictionary's default (docs/coder.md)
                notes.append({"retyped": e.cameo, "to": best.root + "0", "pair": list(pair),
                              "p_root": round(best.root_probability, 3)})
                e = self._retyped(e, best)
            kept.append(e)
            if best_of_pair is not None and e.target is not None \
                    and best_of_pair.probability >= model.beside_pair_threshold:
                beside.append((e, best_of_pair))
        # a sentence often holds two events between one pair (an accusation and a threat, a refusal and a
        # counter-offer: a quarter of the corpus's events): the root classifier's root, when probable
        # enough and not already coded for the pair, joins the rules' event
        have = {(country_key(e.source.code if e.source else None), country_key(e.target.code if e.target else None),
                 e.cameo_root) for e in kept}
        for e, x in beside:
            for root, p in x.roots(model.beside_threshold):
                key = (*x.candidate.keys, root)
                if p < model.beside_threshold or key in have:
                    continue
                have.add(key)
                kept.append(self._model_event(doc, s, x, refs, doc_id, published, root, p, beside=e))
                notes.append({"beside": e.cameo, "root": root + "0", "pair": list(key[:2]), "p_root": round(p, 3)})
        coded = {(country_key(e.source.code if e.source else None), country_key(e.target.code if e.target else None))
                 for e in kept}
        added: set[tuple] = set()
        for x in sorted(scored, key=lambda x: -x.probability):
            key = x.candidate.keys
            if x.probability < model.threshold_for(x.candidate) or key in coded or (key[1], key[0]) in coded or key in added \
                    or len(added) >= model.max_added:
                continue
            if x.root not in MUTUAL_ROOTS and one_subject(x.candidate, doc):
                # the rules' MUTUAL_ROOTS convention holds for the model too: members of one coordinated
                # phrase act toward each other only in mutual acts
                continue
            # each root only when the event itself (pair and type) is probable enough: a pair the model is
            # sure of but whose type it cannot tell is more often a wrong event than a right one
            roots = [(root, p) for root, p in x.roots(model.second_threshold)
                     if x.probability * p >= model.joint_threshold]
            if not roots:
                continue
            added.add(key)
            # a dropped rule event's pair can still be the sentence's most probable uncoded one (the drop asks
            # P(none) >= its threshold, the add only P(event) >= its own): the model's event then stands in
            # the rules' place, with its root and the rules' mode and negation (as a retyped one keeps them), and
            # says so
            replaced = dropped.get(key)
            for root, p in roots:
                kept.append(self._model_event(doc, s, x, refs, doc_id, published, root, p, replaces=replaced))
                notes.append({"added": root + "0", "pair": list(key), "p": round(x.probability, 3),
                              "p_root": round(p, 3), "features": [f for f, _w in x.features],
                              **({"in_place_of": replaced.cameo} if replaced else {})})
        if info is not None:
            info["model"] = notes
        return kept

    def _retyped(self, e: Event, x) -> Event:
        """A rule event with the model's root: the rules' actors, verb and modality, the model's type; the
        pattern keeps the rules' pattern after the model's reason."""
        code = x.root + "0"
        listed = self.tables.is_code(code)
        why = ", ".join(f for f, _w in x.features[:4])
        return replace(e, cameo=code, cameo_root=x.root, quad_class=quad_class(code) if listed else 0,
                       goldstein=self.tables.goldstein_of(code) if listed else 0.0,
                       plover=self.tables.plover_of(code) if listed else None,
                       pattern=f"model root {x.root} p={x.root_probability:.2f} over the rules' [{e.cameo}] "
                               f"dyadwatch:{self.learned.path_label}: {why} | rules: {e.pattern}",
                       score=round(float(x.root_probability), 3))

    def _model_event(self, doc: Doc, s: SentenceSpan, x, refs: dict, doc_id: str, published: date | None,
                     root: str | None = None, root_p: float | None = None, beside: Event | None = None,
                     replaces: Event | None = None) -> Event:
        """An event the model adds for a scored pair: its root (or `root`, the runner-up), the rules'
        modality cues on the word linking the pair. `beside`: the rule event it joins on that pair, whose
        mode and negation it takes: a second reading of the same pair in the same sentence stands under
        the same 'if', 'would' or 'not' (a refusal's pair does not carry a plain accusation). `replaces`: the
        rule event dropped on this pair, whose verb, mode and negation it takes and whose code the pattern
        names."""
        from dyadwatch.events.learned import event_token, two_party

        cand = x.candidate
        tok = event_token(doc, cand)
        modal_source = beside or replaces
        root = root or x.root
        root_p = x.root_probability if root_p is None else root_p
        code = root + "0"
        listed = self.tables.is_code(code)
        source = _ref(doc, s, cand.source, cand.source.codes[0])
        target = _ref(doc, s, cand.target, cand.target.codes[0]) if cand.target_from == "sentence" \
            else refs.get(id(cand.target))
        why = ", ".join(f for f, _w in x.features[:4])
        return Event(
            doc_id=doc_id, sentence_index=s.index, sentence=s.text, sentence_start=s.start,
            cameo=code, cameo_root=root, quad_class=quad_class(code) if listed else 0,
            goldstein=self.tables.goldstein_of(code) if listed else 0.0,
            plover=self.tables.plover_of(code) if listed else None,
            # standing in a dropped rule event's place, the event keeps the rules' verb (what a pledge or a
            # thread reads its act from); otherwise the word linking the pair
            verb_text=replaces.verb_text if replaces else tok.text,
            verb_start=replaces.verb_start if replaces else s.start + tok.idx,
            verb_end=replaces.verb_end if replaces else s.start + tok.idx + len(tok),
            # the rules' modality cues, not the learned mode scorer: on held-out stories it is less
            # accurate than always saying 'asserted' (docs/coder.md)
            source=source, target=target, negated=modal_source.negated if modal_source else is_negated(tok),
            mode=modal_source.mode if modal_source else event_mode(tok),
            pattern=(f"model root {root} p={root_p:.2f} beside the rules' [{beside.cameo}]" if beside else
                     f"model p={x.probability:.2f} root {root} p={root_p:.2f}"
                     + (f" in place of the rules' [{replaces.cameo}]" if replaces else ""))
                    + f" ({cand.target_from} target) dyadwatch:{self.learned.path_label}: {why}",
            published=published,
            target_origin=None if target is None else MODEL_ORIGINS["two-party"] if two_party(cand.target)
            else MODEL_ORIGINS.get(cand.target_from, f"model ({cand.target_from})"),
            score=round(float(x.probability), 3),
        )

    def _targetless_ok(self, verb: Token, code: str, coded: set[int]) -> bool:
        """News mode keeps a sourced event with no target for commitment, appeal, statement and
        reaction classes; a statement needs content ('said.' alone says nothing), and a verb inside a
        clause of a verb already coded ('proposes creating X to address Y') is that event's content."""
        if self.strict_roles and code[:2] not in TARGETLESS_ROOTS and is_prospective(verb) and not is_negated(verb):
            code = self.tables.intent_of(code) or code  # 'prepared to impose martial law' is a threat (1324)
        if not self.strict_roles or code[:2] not in TARGETLESS_ROOTS:
            return False
        if any(a.i in coded and a.lemma_.lower() not in REPORTING_LEMMAS for a in verb.ancestors) \
                or verb.pos_ not in ("VERB", "AUX"):
            return False  # nouns ('his demands') name an event only with its parties
        if code[:2] == "10" and verb.lemma_.upper() not in DEMAND_VERBS:
            return False  # 'China needs soybeans' (NEED shares the DEMAND block) is no demand of anyone
        if code[:2] == "01":
            return any(c.dep_ in CONTENT_DEPS for c in verb.children)
        if code[:2] == "08":
            return code.strip("?") != "080"  # a named concession ('called off the strike' 082), not 'yield' of a
            # verb that only shares the block ('resolved to observe a minute of silence')
        return True

    @staticmethod
    def _verb_token(doc: Doc, start: int, end: int, form) -> Token:
        for i in range(start, end):
            if doc[i].text.upper() == form.verb or doc[i].lemma_.upper() == form.verb:
                return doc[i]
        return doc[start + len(form.before)]

    @staticmethod
    def _coded_frame(tok: Token, coded: set[int]) -> Token | None:
        """The coded verb governing tok through complements ('plans to attend': plans), else None."""
        cur = tok
        for _ in range(4):
            if (cur.dep_ not in ("xcomp", "pcomp") and not adjacent_infinitive(cur)) or cur.head.i == cur.i:
                return None
            cur = cur.head
            if cur.i in coded:
                return cur
        return None

    def _threat_in_frame(self, frame: Token, match: VerbMatch) -> bool:
        """News mode: the complement of an intent verb ('plans', 'pledged') is an act whose announcement
        is a threat (13x), so the frame's own code (an intent to cooperate) would be wrong."""
        code = match.code.split(":")[0].strip("?")
        return self.strict_roles and frame.lemma_.lower() in FRAMING and code[:2].isdigit() \
            and (self.tables.intent_of(code) or "").startswith("13")

    # ---- source and target -------------------------------------------------------------------------
    def _dyad(self, doc: Doc, verb: Token, groups: list[ActorGroup], match: VerbMatch, coded: set[int],
              dateline: int) -> tuple[list[ActorGroup], list[ActorGroup], str]:
        """Sources and targets of a verb: pattern slots first, then the parse (subject / passive agent,
        objects and prepositional objects, then clausal complements); and how the targets were found
        ("pattern slot", "subject", "parse": the verb's objects, "place"), for `target_origin`."""
        by_head = groups_by_token(groups)
        sources = list(match.slots.get("source", []))
        targets = list(match.slots.get("target", []))
        found_by = "pattern slot"
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        subj_tokens: set[int] = set()
        if not sources:
            subj, agent = self._subject(verb)
            if passive and agent is not None:
                sources = _groups_in(by_head, _clause_tokens(agent), groups)
                subj_tokens = {t.i for t in agent.subtree}
                if not targets and subj is not None:
                    targets = _groups_in(by_head, [i for t in subj for i in _clause_tokens(t)], groups)
                    found_by = "subject"
                    subj_tokens |= {i for t in subj for i in _clause_tokens(t)}
            elif subj is not None and self.passive_needs_agent and any(c.dep_ == "nsubjpass" for c in verb.children):
                # 'Russia has been accused of ...': the subject is the one acted on; the actor is unknown
                if not targets:
                    targets = _groups_in(by_head, [i for t in subj for i in _clause_tokens(t)], groups)
                    found_by = "subject"
                subj_tokens = {i for t in subj for i in _clause_tokens(t)}
            elif subj is not None:
                sources = _groups_in(by_head, [i for t in subj for i in _clause_tokens(t)], groups)
                if self.strict_roles:
                    sources = [g for g in _subject_actors(subj, sources, by_head, dateline) if known(g)]
                subj_tokens = {i for t in subj for i in _clause_tokens(t)}
        if not targets:
            mine = {c for g in sources for c in g.codes}
            own = {i for g in groups if self.strict_roles and g.resolved_from and doc[g.head].dep_ == "poss"
                   and set(g.codes) & mine for i in g.tokens()}  # 'withdraw its peacekeepers': its = the source
            targets = self._objects(verb, groups, by_head, subj_tokens | own | {i for g in sources for i in g.tokens()},
                                    coded=coded, statement=match.code.startswith("01") and self.strict_roles,
                                    locative=not self.strict_roles, force=match.code[:2] in ("17", "18", "19", "20"))
            found_by = "parse"
            if not targets and self.strict_roles and match.code[:2] in PLACE_TARGET_ROOTS:
                targets = place_targets(verb, by_head, {i for g in sources for i in g.tokens()})
                found_by = "place"
        own_subject = bool(subj_tokens) and any(doc[i].head.i == verb.i for i in subj_tokens)
        if len(sources) >= 2 and not targets and ("compound" in match.slots or (
                self.strict_roles and own_subject and match.code[:2] in MUTUAL_ROOTS)):
            # 'Japan and the United States agreed ...': each side acts toward the other
            targets = list(sources)
            found_by = "subject"
            match.slots.setdefault("compound", [])
        sources = [g for g in sources if g.has_actor or g.codes]
        return sources, [g for g in targets if g not in sources or "compound" in match.slots], found_by

    def _subject(self, verb: Token) -> tuple[list[Token] | None, Token | None]:
        cur = verb
        for _ in range(6):
            subj = [c for c in cur.children if c.dep_ in SUBJ_DEPS and c.dep_ != "expl"] or None
            agent = next((c for c in cur.children if c.dep_ == "agent"), None)
            if subj is not None or agent is not None:
                if self.strict_roles and subj and subj[0].lower_ in ("that", "which", "who") and cur.dep_ == "relcl":
                    return [cur.head], agent  # 'the country that attacked X': the antecedent acts
                return subj, agent
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
            if self.strict_roles and cur.dep_ == "acl" and not infinitive:
                return None, None  # 'issues related to X', 'troops stationed in Y' (not 'plans to attend')
            if cur.dep_ in CLIMB_DEPS and cur.head.i != cur.i:
                cur = cur.head
            else:
                break
        return None, None

    @staticmethod
    def _objects(verb: Token, groups: list[ActorGroup], by_head: dict[int, ActorGroup], exclude: set[int],
                 coded: set[int] | None = None, statement: bool = False, locative: bool = True,
                 force: bool = False) -> list[ActorGroup]:
        """Targets: objects and prepositional objects first, then clausal complements ('believes X can')
        unless the verb is a statement (a 'said' clause is content, not an addressee). With locative
        False, places ('in Japan', 'at the summit') are not targets."""
        direct: list[int] = []
        clausal: list[int] = []
        places = LOCATIVE_PREPS - {"at"} if force else LOCATIVE_PREPS  # 'fired at Japan' aims at a target
        for child in verb.children:
            if not locative and child.dep_ == "prep" and (child.lower_ in places or child.pos_ == "VERB"):
                continue  # places, and 'according to X' (a source of the report, not a target)
            if statement and child.dep_ in ("ccomp", "parataxis"):
                continue
            if coded and child.dep_ in ("ccomp", "conj") and any(t.i in coded for t in child.subtree):
                continue  # a clause already coded as its own event is not this verb's target
            if child.dep_ in SUBJ_DEPS or child.dep_ in ("agent", "punct", "aux", "auxpass", "neg", "mark"):
                continue
            if child.dep_ == "advcl" and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children):
                # purpose: 'signed an accord to supply X'
                clausal.extend(_clause_tokens(child, OBJECT_NESTED, not locative))
                continue
            if child.dep_ in NESTED_DEPS or (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")):
                continue
            bucket = clausal if child.dep_ in ("ccomp",) else direct
            bucket.extend(_clause_tokens(child, OBJECT_NESTED, not locative))
        for tokens in (sorted(direct), sorted(clausal)):
            found = [g for g in _groups_in(by_head, tokens, groups) if not (g.tokens() & exclude)
                     and (locative or known(g))]
            if found:
                first = found[0]
                linked = [first] + [g for g in found[1:] if _conjoined(first, g, verb.doc)]
                return linked
        return []

    def _events(self, doc: Doc, s: SentenceSpan, verb: Token, match: VerbMatch, sources: list[ActorGroup],
                targets: list[ActorGroup], doc_id: str, published: date | None, found_by: str = "parse") -> list[Event]:
        codes = match.code.split(":")
        forward, back = codes[0], (codes[1] if len(codes) > 1 else None)
        negated = is_negated(verb)
        mode = event_mode(verb)
        refusal = None
        if self.strict_roles and negated and forward[:2].isdigit() and is_refusal(verb):
            refusal = self.tables.refusal_of(forward.strip("?"))
        if self.strict_roles and not negated and forward[:2].isdigit() and is_prospective(verb):
            # news mode codes an announced act as the announcement: 'would meet' 036, 'will attack' 138
            intent = self.tables.intent_of(forward.strip("?"))
            if intent is not None:
                forward, back = intent, None
        out = []
        pairs = [(sg, sc, tg, tc) for sg in sources for sc in sg.codes
                 for tg in (targets or [None]) for tc in (tg.codes if tg else [None])]
        others = {tc for *_x, tc in pairs if tc is not None}
        origins = {id(tg): target_origin(verb, tg, found_by) for tg in targets}
        for sg, sc, tg, tc in pairs:
            if tc is not None and tc == sc:
                continue
            if self.strict_roles and (sc.startswith("---") or (tc or "").startswith("---")):
                continue  # a role with no country or identity ('---GOV', 'officials') says too little
            if tc is not None and tc == sc[:3] and len(others - {tc}) > 0:
                continue  # 'Japan-US relations' seen from Japan's government: the other side is the target
            origin = origins.get(id(tg))
            out.append(self._event(doc, s, verb, match, forward, sg, sc, tg, tc, negated, mode, doc_id, published,
                                   origin))
            if refusal is not None:  # 'refused to release X': the negated release and a rejection (1243)
                out.append(self._event(doc, s, verb, match, refusal, sg, sc, tg, tc, False, "asserted", doc_id,
                                       published, origin))
            if back and back[:2].isdigit() and tg is not None:
                # the reverse direction's target is this one's source: the subject, or what the slot named
                back_origin = "pattern slot" if match.slots.get("source") else target_origin(verb, sg, "subject")
                out.append(self._event(doc, s, verb, match, back, tg, tc, sg, sc, negated, mode, doc_id, published,
                                       back_origin))
        # A reciprocal pattern ('exchanged fire' [193:193]) over a compound subject ('India and Pakistan')
        # reaches each direction twice: one event per identity.
        seen: set[str] = set()
        return [e for e in out if not (e.event_id in seen or seen.add(e.event_id))]

    def _event(self, doc, s, verb, match, code, sg, sc, tg, tc, negated, mode, doc_id, published,
               origin: str | None = None) -> Event:
        code = code.strip("?")
        listed = self.tables.is_code(code)
        norm = code  # as the dictionary wrote it; Goldstein and PLOVER fall back to the parent code
        return Event(
            doc_id=doc_id, sentence_index=s.index, sentence=s.text, sentence_start=s.start,
            cameo=norm, cameo_root=norm[:2], quad_class=quad_class(norm) if listed else 0,
            goldstein=self.tables.goldstein_of(norm) if listed else 0.0,
            plover=self.tables.plover_of(norm) if listed else None,
            verb_text=doc[match.start:match.end].text,
            verb_start=s.start + doc[match.start].idx,
            verb_end=s.start + doc[match.end - 1].idx + len(doc[match.end - 1]),
            source=_ref(doc, s, sg, sc), target=_ref(doc, s, tg, tc) if tg is not None else None,
            negated=negated, mode=mode, pattern=match.pattern_text, published=published,
            target_origin=origin if tg is not None else None,
        )

    def _proposal_events(self, doc: Doc, s: SentenceSpan, groups: list[ActorGroup], coded: set[int], doc_id: str,
                         published: date | None, tried: list[dict]) -> list[Event]:
        """'His proposal involves revising SOFA' -> a proposal (020) by the proposal's owner, when no verb coded."""
        by_head = groups_by_token(groups)
        out = []
        for i in token_rows(doc).where_lemma(PROPOSAL_NOUNS):
            tok = doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            owners = [by_head[c.i] for c in tok.children if c.dep_ == "poss" and c.i in by_head]
            owners += [g for g in _groups_in(by_head, [c.i for c in tok.children if c.dep_ in ("compound",)], groups)]
            if not owners:
                continue
            verb = tok.head
            if verb.i in coded:
                continue
            targets = self._objects(verb, groups, by_head, {i for g in owners for i in g.tokens()},
                                    locative=not self.strict_roles)
            if not targets and self.require_dyad:
                tried.append({"verb": tok.text, "why": "proposal with no target actor"})
                continue
            code = "020" if tok.lemma_.lower() in ("proposal", "idea", "initiative") else "030"
            from dyadwatch.dictionaries.verbs import VerbBlock, VerbForm

            block = VerbBlock(tok.lemma_.upper(), code, "dyadwatch: proposal noun as subject")
            match = VerbMatch(block, VerbForm(tok.text.upper()), tok.i, tok.i + 1, code)
            for owner in owners:
                for sc in owner.codes:
                    for tg in (targets or [None]):
                        for tc in (tg.codes if tg else [None]):
                            if tc == sc:
                                continue
                            mode = event_mode(verb)
                            if tc is not None and tc == sc[:3] and len(targets) > 1:
                                continue
                            if self.strict_roles and (sc.startswith("---") or (tc or "").startswith("---")):
                                continue
                            event = self._event(doc, s, tok, match, code, owner, sc, tg, tc, is_negated(verb),
                                                mode if mode == "hypothetical" else "proposed", doc_id, published,
                                                target_origin(verb, tg, "parse"))
                            out.append(event)
            tried.append({"verb": tok.text, "pattern": match.pattern_text, "events": len(out)})
        return out


def _dateline_end(doc: Doc) -> int:
    """Token index after a leading dateline ('NEW DELHI:', 'Indianapolis –', 'TOKYO (Reuters) -',
    'PERTH, July 17 --'), else 0. A dateline names where the story was filed, not who acted."""
    for i, tok in enumerate(doc[:8]):
        if tok.text in DATELINE_DASHES and i > 0 and (tok.text == ":" or doc[i - 1].whitespace_):
            words = [t for t in doc[:i] if t.is_alpha]
            if words and all(t.text[:1].isupper() for t in words):
                return i + 1
            return 0
    return 0


def _default_model() -> Path:
    from dyadwatch.events.learned import DEFAULT_MODEL

    return DEFAULT_MODEL


def _rule_pairs(events: list[Event]) -> dict[tuple, str]:
    """(source, target) at country level -> the CAMEO root the rules coded for it."""
    from dyadwatch.events.learned import country_key

    out: dict[tuple, str] = {}
    for e in events:
        if e.source is not None and e.target is not None:
            out.setdefault((country_key(e.source.code), country_key(e.target.code)), e.cameo_root)
    return out


def _context_ref(s: SentenceSpan, group: ActorGroup, words: list[str]) -> ActorRef | None:
    """An actor of an unparsed earlier sentence, as a later model event's target: its words and the
    sentence's offsets (the scan has no character offsets of its own)."""
    if not group.codes:
        return None
    code = group.codes[0]
    country = code[:3] if code[:3].isalpha() and code[:3] != "---" else None
    return ActorRef(code=code, text=" ".join(words[group.start:group.end]), start=s.start, end=s.end,
                    name=group.name, country=country, role=code[3:6] or None,
                    resolved_from=f"story context (sentence {s.index})")


# How a target word hangs on the verb's object and still names the object itself: 'attacked Chinese
# warships', 'met Japan and Korea'. Other links ('X's offer', 'strikes on X') make it the object's phrase.
SAME_OBJECT_DEPS = {"amod", "compound", "nmod", "flat", "appos", "conj", "cc", "det"}
OBJECT_DEPS = {"dobj", "obj", "dative", "attr", "oprd", "nsubjpass"}
PREPOSITION_DEPS = {"prep", "agent", "prt"}


def target_origin(verb: Token, group: ActorGroup | None, found_by: str) -> str | None:
    """Where an event's target came from, for the event's own explanation: a reference resolved from
    the story ('pronoun'; a title or surname of an actor named before: 'story context'), else how the
    coder found it (`found_by`: 'pattern slot', 'subject', 'place'), or for the parse's objects the
    verb's child the target hangs on: the object itself, the object's phrase, a preposition or a clause."""
    if group is None:
        return None
    why = group.resolved_from or ""
    if why.startswith("pronoun"):
        return "pronoun"
    if why.startswith(("title", "surname")):
        return "story context"
    if found_by != "parse":
        return found_by
    path: list[Token] = []
    tok = verb.doc[group.head]
    while tok.i != verb.i and tok.head.i != tok.i and len(path) < 40:
        path.append(tok)
        tok = tok.head
    if tok.i != verb.i or not path:
        return "object"  # the head outside the verb's subtree: a conjunct found through the first target
    child = path[-1]
    if child.dep_ in PREPOSITION_DEPS:
        return "preposition"
    if child.dep_ not in OBJECT_DEPS:
        return "clause" if child.pos_ in ("VERB", "AUX") or child.dep_ in NESTED_DEPS | {"ccomp", "xcomp"} \
            else "object phrase"
    return "object" if all(t.dep_ in SAME_OBJECT_DEPS for t in path[:-1]) else "object phrase"


def _ref(doc: Doc, s: SentenceSpan, group: ActorGroup, code: str) -> ActorRef:
    span = doc[group.start:group.end]
    country = code[:3] if len(code) >= 3 and code[:3].isalpha() and code[:3] != "---" else None
    return ActorRef(code=code, text=span.text, start=s.start + span.start_char, end=s.start + span.end_char,
                    name=group.name, country=country, role=code[3:6] or None, resolved_from=group.resolved_from)


def _clause_tokens(tok: Token, nested: set[str] = NESTED_DEPS, skip_places: bool = False) -> list[int]:
    """A phrase's tokens without clauses nested inside it (relative clauses and the like), and
    with skip_places without its place phrases ('talks in Beijing')."""
    out: list[int] = []
    stack = [tok]
    while stack:
        cur = stack.pop()
        out.append(cur.i)
        for child in cur.children:
            if child.dep_ in nested and child is not tok:
                continue
            if _likeness_model(cur, child):
                continue  # 'a version of NATO': the model, not a participant
            if skip_places and child.dep_ == "prep" and (child.lower_ in LOCATIVE_PREPS or child.pos_ == "VERB") \
                    and not _in_kind(child):
                continue
            stack.append(child)
    return sorted(out)


ACCUSING = {"accuse", "charge", "suspect", "blame", "convict", "indict", "criticize", "criticise", "condemn",
            "denounce", "fault", "slam", "rebuke"}


def _alleged(verb: Token) -> bool:
    """A gerund under 'of/for' of an accusing verb ('accused X of using force', 'blamed Y for
    attacking'), or a clause hanging on one ('... of using coercion to impose its will')."""
    tok = verb
    for _ in range(6):
        prep = tok.head
        if (tok.dep_ == "pcomp" and prep.lower_ in ("of", "for") and prep.head is not prep
                and prep.head.lemma_.lower() in ACCUSING):
            return True
        if tok.dep_ not in ("xcomp", "advcl", "conj", "acl", "pcomp", "prep") or tok.head is tok:
            return False
        tok = tok.head
    return False


def _abstract_object(verb: Token) -> bool:
    """The verb's direct object (or the object of its particle: 'take in money') is an abstract or
    monetary noun: advantage, freedoms, money, billions, tariffs, steps, ..."""
    for child in verb.children:
        if child.dep_ in ("dobj", "obj") and child.lemma_.lower() in ABSTRACT_OBJECTS:
            return True
        if child.dep_ == "prt":  # 'taking in billions': spaCy often hangs the object on the particle
            if any(c.dep_ in ("pobj", "dobj") and c.lemma_.lower() in ABSTRACT_OBJECTS for c in child.children):
                return True
    return any(c.dep_ in ("prep",) and c.lower_ == "in" and c.i == verb.i + 1 and any(
        p.dep_ == "pobj" and p.lemma_.lower() in ABSTRACT_OBJECTS for p in c.children) for c in verb.children)


# 'pledged 9 billion euros in military aid to Ukraine': 'in' names what the money is, not a place.
IN_KIND_NOUNS = {"aid", "support", "assistance", "funding", "fund", "loan", "grant", "investment", "credit",
                 "help", "relief", "financing", "weapon", "arm", "equipment", "ammunition", "subsidy"}


def _in_kind(prep: Token) -> bool:
    return prep.lower_ == "in" and any(
        c.dep_ == "pobj" and c.pos_ == "NOUN" and c.lemma_.lower() in IN_KIND_NOUNS for c in prep.children)


def _antecedents(groups: list[ActorGroup], words: list[str]) -> list[ActorGroup]:
    """The actors a later 'they/their' can mean: not a place named after a locative preposition ('met
    Trump in Busan. The two leaders ... their trade war': their is not South Korea's). Read off the
    words, not the parse, so parsed and unparsed sentences feed the article context alike."""
    def place(g: ActorGroup) -> bool:
        return not g.person and 0 < g.start <= len(words) and words[g.start - 1].lower() in LOCATIVE_PREPS
    return [g for g in groups if not place(g)]


def _likeness_model(head: Token, prep: Token) -> bool:
    """'version of NATO', 'equivalent to the EU': a likeness noun whose of/to object is a name.
    ('a model of cooperation with Japan' keeps Japan: the object there is not a name.)"""
    if prep.dep_ != "prep" or prep.lower_ not in ("of", "to") or head.lemma_.lower() not in LIKENESS_NOUNS:
        return False
    return any(obj.dep_ == "pobj" and obj.pos_ == "PROPN" for obj in prep.children)


def _groups_in(by_head: dict[int, ActorGroup], tokens, groups: list[ActorGroup]) -> list[ActorGroup]:
    seen: list[ActorGroup] = []
    for i in sorted(tokens):
        g = by_head.get(i)
        if g is not None and g not in seen:
            seen.append(g)
    return seen


def _subject_actors(subj: list[Token], found: list[ActorGroup], by_head: dict[int, ActorGroup],
                    dateline: int = 0) -> list[ActorGroup]:
    """The actors a subject names: the one its head word belongs to ('Japanese Prime Minister Ishiba'),
    or that modifies the head ('Chinese warships'), with their conjuncts ('Iran, Russia and Syria').
    An unknown head names the actor its apposition names ('Kenzo Oshima, the UN relief coordinator'),
    else none ('Omar Lamrani, an analyst in Texas': a place is not who he is)."""
    out: list[ActorGroup] = []
    for head in subj:
        if head.i < dateline:  # 'HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper ...' parsed as apposition
            head = next((c for c in head.children if c.dep_ == "appos" and c.i >= dateline), head)
        head = _past_quantity(head, by_head)
        if not _names_actor(head, by_head):  # 'Kenzo Oshima, the UN relief coordinator, demanded ...'
            head = next((c for c in head.children if c.dep_ == "appos" and _names_actor(c, by_head)), head)
        _place_role(head, by_head)
        for tok in [head] + _modifiers(head):
            g = by_head.get(tok.i)
            if g is not None and g not in out:
                out.append(g)
                for t in sorted(g.tokens()):  # 'the Russian and Syrian defense ministries'
                    for conj in head.doc[t].conjuncts:
                        other = by_head.get(conj.i)
                        if other is not None and other not in out:
                            out.append(other)
                break
        for conj in head.conjuncts:
            g = by_head.get(conj.i)
            if g is None:
                g = next((by_head[c.i] for c in conj.children
                          if c.dep_ in ("amod", "compound", "poss") and c.i in by_head), None)
            if g is not None and g not in out:
                out.append(g)
    return out


def _modifiers(head: Token, depth: int = 3) -> list[Token]:
    """The words modifying a head, and theirs ('Arab League Secretary-General Chedli Klibi': Klibi <-
    General <- Secretary <- League), nearest first."""
    out: list[Token] = []
    level = [head]
    for _ in range(depth):
        level = [c for t in level for c in t.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
        out.extend(level)
    return out


def _names_actor(tok: Token, by_head: dict[int, ActorGroup]) -> bool:
    """The word belongs to an actor or is modified by one ('Algeria's leading activist')."""
    return tok.i in by_head or any(c.i in by_head for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod"))


SPOKES = {"SPOKESPERSON", "SPOKESMAN", "SPOKESWOMAN", "SPOKESPEOPLE", "SPOKESMEN", "SPOKESWOMEN"}


def _speaks_for_body(groups: list[ActorGroup]) -> None:
    """News mode: 'a State Department spokesperson' speaks for the State Department (USAGOV), not as
    media (Phoenix codes spokespeople ~MED)."""
    for g in groups:
        if g.has_actor and any(m.kind == "agent" and m.name.upper() in SPOKES for m in g.mentions):
            g.codes = list(dict.fromkeys(c[:-3] if len(c) > 6 and c.endswith("MED") else c for c in g.codes))


QUANTITY_HEADS = {"thousand", "thousands", "hundred", "hundreds", "ten", "tens", "dozen", "dozens", "score",
                  "scores", "million", "millions", "crowd", "crowds", "group", "groups", "number", "band",
                  "some", "many", "most", "all", "several", "hundreds", "majority",
                  # collectives and followers: 'a contingent of Bangladeshi troops', 'supporters of X'
                  "deployment", "contingent", "contingents", "batch", "patch", "detachment", "unit", "units",
                  "team", "teams", "delegation", "convoy", "wave", "supporters", "followers", "loyalists"}
ROLE_PLACE_PREPS = {"in", "from", "throughout", "across", "of"}


def _past_quantity(head: Token, by_head: dict[int, ActorGroup]) -> Token:
    """'Thousands of Iraqi Kurds', 'tens of thousands of students': the actor is what is counted."""
    for _ in range(3):
        if head.i in by_head or not (head.like_num or head.lower_ in QUANTITY_HEADS):
            return head
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is None:
            return head
        head = pobj
    return head


def _place_role(head: Token, by_head: dict[int, ActorGroup]) -> None:
    """'university students throughout Indonesia' (---EDU, no country) -> IDNEDU: a role-only subject
    takes the country of the place its phrase names."""
    group = by_head.get(head.i)
    if group is None or known(group):
        return
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ROLE_PLACE_PREPS:
            continue
        for pobj in prep.children:
            place = by_head.get(pobj.i)
            if pobj.dep_ == "pobj" and place is not None and known(place):
                country = next(c[:3] for c in place.codes if not c.startswith("---"))
                group.codes = list(dict.fromkeys(country + c[3:] for c in group.codes))
                group.has_actor = True
                return


def _obligation(verb: Token) -> Token | None:
    """The clause of a statement that says what someone must do ('said X must stop'), else None."""
    for child in verb.children:
        if child.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ == "must" for c in child.children) \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            return child
    return None


def _head_and_conjuncts(found: list[ActorGroup], doc: Doc) -> list[ActorGroup]:
    if not found:
        return found
    first = found[0]
    return [first] + [g for g in found[1:] if _conjoined(first, g, doc)]


def _conjoined(first: ActorGroup, other: ActorGroup, doc: Doc) -> bool:
    """other is a conjunct of first ('Gondor and Arnor', 'Japan-US'): its head climbs conj links into first."""
    if other.start == first.end + 1 and doc[first.end].text in ("-", "–", "/"):
        return True
    tok = doc[other.head]
    mine = first.tokens() | {first.head}
    for _ in range(8):
        if tok.dep_ not in ("conj", "appos") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i in mine:
            return True
    return False


def one_subject(cand, doc: Doc) -> bool:
    """The candidate's source and target are members of one coordinated phrase of the sentence ('Peru,
    Chile and Ecuador', 'the Russian and Syrian ministries', 'the leaders of Japan and Korea')."""
    if cand.target_from != "sentence":
        return False
    from dyadwatch.events.learned import same_phrase

    return same_phrase(cand.source, cand.target) or _conjoined(cand.source, cand.target, doc) \
        or _conjoined(cand.target, cand.source, doc)


def _event_summary(e: Event) -> dict:
    return {"source": e.source.code if e.source else None, "target": e.target.code if e.target else None,
            "cameo": e.cameo, "quad_class": e.quad_class, "goldstein": e.goldstein, "plover": e.plover,
            "negated": e.negated, "mode": e.mode, "verb": e.verb_text, "pattern": e.pattern,
            "source_text": e.source.text if e.source else None, "target_text": e.target.text if e.target else None,
            "source_resolved_from": e.source.resolved_from if e.source else None,
            "target_resolved_from": e.target.resolved_from if e.target else None,
            "decided_by": "model" if e.score is not None else "pattern",
            "target_origin": e.target_origin, "score": e.score}
