"""Pledges from coded events: intents, plans, promises, proposals, appeals and agreements.

An event becomes a pledge when its CAMEO code is an intent (03x), an appeal (02x) or a signed
agreement (057), or the coder marked its mode as intended/proposed. Each pledge carries the actor
(event.source, never invented), what is promised, the amount, the deadline, topics, and a condition
read from a following sentence ("However, realizing this vision may require ...").
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from dyadwatch.events.coder import stated_target
from dyadwatch.pledges.amounts import FoundAmount, RateTable, default_rates, find_amounts
from dyadwatch.pledges.commitments import (ActorFinder, Commitment, PRONOUN_SUBJECTS, act_phrase, find_commitments,
                                           subject_heads)
from dyadwatch.pledges.deadlines import find_deadline
from dyadwatch.pledges.phrases import Phrase, load_nlp, parse_sentences, what_phrase
from dyadwatch.pledges.topics import TopicTable, default_topics
from dyadwatch.records import Article, Event, Pledge, sha256_hex

PLEDGE_VERBS = {"pledge", "promise", "vow", "commit", "guarantee", "swear", "undertake", "assure"}
PLAN_VERBS = {"plan", "prepare", "schedule", "earmark", "budget", "set"}
PROPOSAL_VERBS = {"propose", "suggest", "proposal", "recommend", "offer", "float", "put"}
AGREE_VERBS = {"agree", "sign", "conclude", "reach", "ratify", "seal", "accept"}
APPEAL_VERBS = {"urge", "call", "appeal", "ask", "demand", "request", "press", "push"}
STATUS = {"proposal": "proposed", "appeal": "proposed", "plan": "planned", "intent": "planned",
          "pledge": "pledged", "agreement": "agreed"}
ELABORATION_PRONOUNS = {"they", "it", "he", "she", "we"}
INTENT_LEMMAS = {"aim", "plan", "intend", "seek", "pledge", "promise", "vow", "commit", "expect", "want",
                 "hope", "target", "propose", "envisage", "envision", "earmark"}
COMMITMENT_VERBS = (PLEDGE_VERBS | PLAN_VERBS | PROPOSAL_VERBS | AGREE_VERBS | APPEAL_VERBS
                    | {"aim", "intend", "seek", "want", "hope", "expect", "announce", "unveil", "target"})
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those"}

CONDITION = re.compile(
    r"\b(?:this|that|the|such\s+an?|these|his|her|their|its)\s+(?:vision|idea|plan|plans|proposal|proposals|"
    r"initiative|pledge|project|goal|scheme|move|effort|efforts|policy|offer|commitment|target)\b[^.]*?"
    r"\b(?P<cond>(?:may|might|could|would|will|must)\s+(?:also\s+)?(?:first\s+)?"
    r"(?:require|need|depend\s+on|hinge\s+on|be\s+subject\s+to|be\s+contingent\s+on|rely\s+on|call\s+for)\b[^.]*)",
    re.I,
)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+|\n+")


def is_pledge_event(event: Event) -> bool:
    """Cooperative (QuadClass 1-2) intents, appeals, proposals and signed agreements, not negated.

    The coder's mode intended/proposed, a signed agreement (057), or an intent/appeal code (02x, 03x)
    whose verb says so (pledge, promise, plan, propose, urge, ...): a 03x coded off "controlling" or
    "training" is no commitment. Threats and intended attacks are conflict, not pledges."""
    if event.negated or event.quad_class not in (1, 2) or event.mode == "hypothetical":
        return False  # "his proposals, if implemented, could ..." talks about proposals, makes none
    if event.mode in ("intended", "proposed") or event.cameo == "057":
        return True
    return event.cameo_root in ("02", "03") and _lemma(event.verb_text) in COMMITMENT_VERBS


def pledge_kind(event: Event) -> str:
    lemma = _lemma(event.verb_text)
    if event.cameo == "057" or lemma in AGREE_VERBS and event.mode == "asserted":
        return "agreement"
    if lemma in PLEDGE_VERBS:
        return "pledge"
    if lemma in PROPOSAL_VERBS or event.mode == "proposed":
        return "proposal"
    if event.cameo_root == "02" or lemma in APPEAL_VERBS:
        return "appeal"
    if lemma in PLAN_VERBS:
        return "plan"
    return "intent"


def extract_pledges(
    article: Article,
    events: list[Event],
    *,
    rates: RateTable | None = None,
    topics: TopicTable | None = None,
    actors: ActorFinder | None = None,
) -> list[Pledge]:
    """Pledges of one article, in sentence order: the coded intents, appeals, proposals and agreements
    (one per sentence and actor), and the commitments read off the parse (`commitments`), each
    commitment once however often the story restates it (`merge_restatements`)."""
    rates, topics = rates or default_rates(), topics or default_topics()
    pledges, carried = _event_pledges(article, events, rates, topics)
    found = _clause_pledges(article, events, rates, topics, actors)
    merged = merge_restatements(_reconcile(pledges, found, carried))
    _deadlines_from_follow_up(article, merged)
    return merged


def _event_pledges(article: Article, events: list[Event], rates: RateTable,
                   topics: TopicTable) -> tuple[list[Pledge], set[str]]:
    """The coded pledges, and the ids of those whose "what" carries the topic of the plan before them."""
    ref = article.reference_date
    chosen: dict[tuple[int, str], Event] = {}
    for ev in sorted(events, key=lambda e: (e.sentence_index, e.verb_start)):
        if ev.source is None or not is_pledge_event(ev):
            continue  # no coded actor: do not invent one
        key = (ev.sentence_index, ev.source.code)
        if key not in chosen or (chosen[key].target is None and ev.target is not None):
            chosen[key] = ev
    if not chosen:
        return [], set()
    nlp = load_nlp()
    coded = {e.sentence for e in events}
    sentences = list(dict.fromkeys(ev.sentence for ev in chosen.values()))
    parsed = dict(zip(sentences, parse_sentences(sentences)))  # an elaboration's sentence: parsed alone

    def parse(sentence: str):
        return parsed[sentence] if sentence in parsed else nlp(sentence)

    pledges: list[Pledge] = []
    phrases: list[Phrase] = []
    sources: list[Event] = []
    carried: set[str] = set()
    for ev in chosen.values():
        for one_ev in [ev] + _elaboration(article, ev, coded, nlp):
            pledge, phrase = _pledge(article, one_ev, ref, rates, topics, parse)
            pledge.event_id = ev.event_id  # an elaboration points at the coded event it details
            if _continue_previous(pledge, phrase, pledges, phrases, one_ev):
                carried.add(pledge.pledge_id)
            pledges.append(pledge)
            phrases.append(phrase)
            sources.append(one_ev)
    _attach_conditions(article, pledges, sources)
    return pledges, carried


def _elaboration(article: Article, ev: Event, coded: set[str], nlp) -> list[Event]:
    """'Ishiba's government plans investments in AI ...' followed by 'They aim to provide over 10 trillion
    yen in public support by 2030.': the next sentence, if nothing was coded in it, its subject is a
    pronoun, its main verb says intent and it names money or a deadline, details the same plan. It is
    read as a pledge of the same actor (actor_text is the pronoun), the way a condition sentence is
    read as part of the proposal before it. Returns a pseudo-event for it, or nothing."""
    end = ev.sentence_start + len(ev.sentence)
    rest = article.text[end:]
    nxt = _next_sentences(rest, 1)
    if not nxt or "\n" in rest[: rest.find(nxt[0])] or nxt[0] in coded:
        return []
    sentence = nxt[0]
    first = sentence.split()[0].lower() if sentence.split() else ""
    if first not in ELABORATION_PRONOUNS:
        return []
    money = any(f.amount.value is not None for f in find_amounts(sentence))
    if not money and find_deadline(sentence, None) is None:
        return []
    doc = nlp(sentence)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not (root.lemma_.lower() in INTENT_LEMMAS
                            or any(c.lower_ in ("will", "shall") for c in root.children)):
        return []
    start = end + rest.find(sentence)
    pronoun = sentence.split()[0]
    source = replace(ev.source, text=pronoun, start=start, end=start + len(pronoun),
                     resolved_from=f"continues sentence {ev.sentence_index}: {ev.source.text}")
    return [replace(ev, sentence_index=ev.sentence_index + 1, sentence=sentence, sentence_start=start,
                    verb_text=root.text, verb_start=start + root.idx, verb_end=start + root.idx + len(root.text),
                    source=source, target=None, mode="intended", event_id=sha256_hex(f"{ev.event_id}|elaboration")[:24])]


def _pledge(article: Article, ev: Event, ref: date | None, rates: RateTable, topics: TopicTable, nlp) -> tuple[Pledge, Phrase]:
    sentence = ev.sentence
    found = find_amounts(sentence, year=ref.year if ref else None, rates=rates)
    amount = _own_amount(sentence, ev.source.text, found) or _main_amount(found)
    deadline = find_deadline(sentence, ref)
    excluded = [(f.start, f.end) for f in found if f.amount.value is not None]
    if deadline:
        at = sentence.find(deadline.text)
        excluded.append((at, at + len(deadline.text)))
    phrase = what_phrase(nlp(sentence), max(0, ev.verb_start - ev.sentence_start), excluded)
    kind = pledge_kind(ev)
    pledge = Pledge(
        pledge_id=sha256_hex(f"pledge|{ev.event_id}")[:24],
        event_id=ev.event_id,
        doc_id=article.doc_id,
        actor=ev.source.code,
        actor_text=ev.source.text,
        kind=kind,
        what=phrase.what,
        sentence=sentence,
        sentence_index=ev.sentence_index,
        addressee=stated_target(ev.target.code if ev.target else None, ev.target_origin),
        amount=amount.amount if amount else None,
        deadline=deadline.day if deadline else None,
        deadline_text=deadline.text if deadline else None,
        deadline_precision=deadline.precision if deadline and deadline.day else None,
        topics=topics.tag(sentence),
        status=STATUS[kind],
        url=article.url,
        published=article.published,
        deadline_rejected=deadline.rejected if deadline else None,
    )
    return pledge, phrase


# "with Finland paying 240 million euros and Estonia 190 million": at most two words between a party's
# name and its own amount
OWN_AMOUNT_GAP = re.compile(r"^\s+(?:[a-z]+\s+){0,2}$")
NAME_BEFORE = re.compile(r"[A-Z][\w.'’-]*\s+(?:[a-z]+\s+){0,2}$")


def _own_amount(sentence: str, actor_text: str | None, found: list[FoundAmount]) -> FoundAmount | None:
    """Of several amounts in a sentence, the one told right after this party's name ("Finland paying 240
    million euros and Estonia 190 million euros": Estonia's is the second); None when not exactly one is."""
    money = [f for f in found if f.amount.value is not None]
    # only where two or more amounts each follow a name ("China will buy 12 million tonnes ... and at least
    # 25 million a year" is one party's two amounts)
    if not actor_text or sum(bool(NAME_BEFORE.search(sentence[: f.start])) for f in money) < 2:
        return None
    ends = [m.end() for m in re.finditer(rf"(?<!\w){re.escape(actor_text)}(?!\w)", sentence)]
    own = [f for f in money if any(end <= f.start and OWN_AMOUNT_GAP.match(sentence[end:f.start]) for end in ends)]
    return own[0] if len(own) == 1 else None


def _main_amount(found: list[FoundAmount]) -> FoundAmount | None:
    money = [f for f in found if f.amount.value is not None]
    return (money or found or [None])[0]


def _continue_previous(pledge: Pledge, phrase: Phrase, before: list[Pledge], phrases: list[Phrase], ev: Event) -> bool:
    """'Ishiba's government plans investments in AI ...' + 'They aim to provide 10 trillion yen in public
    support': the second, whose subject is a pronoun resolved to the same actor, is about the first's
    topic. True when its "what" took the first's topic."""
    if not before or not (phrase.subject_pronoun or _resolved(ev)):
        return False
    prev, prev_phrase = before[-1], phrases[-1]
    if prev.actor != pledge.actor or not 0 < pledge.sentence_index - prev.sentence_index <= 2:
        return False
    new_topics = [t for t in prev.topics if t not in pledge.topics]
    if not new_topics:
        return False
    pledge.topics = prev.topics + [t for t in pledge.topics if t not in prev.topics]
    if prev_phrase.topic_phrase and prev_phrase.topic_phrase.lower() not in pledge.what.lower():
        pledge.what = f"{pledge.what} for {prev_phrase.topic_phrase}"
        return True
    return False


def _resolved(ev: Event) -> bool:
    return bool(ev.source and (ev.source.resolved_from or ev.source.text.lower() in PRONOUNS))


def _attach_conditions(article: Article, pledges: list[Pledge], events: list[Event]) -> None:
    """A following sentence (up to two on) that says 'this vision/plan ... may require X' conditions
    the latest proposal or plan before it, unless another pledge comes first."""
    pledge_sentences = {p.sentence_index for p in pledges}
    for pledge, ev in zip(pledges, events):
        if pledge.kind not in ("proposal", "plan", "intent", "pledge"):
            continue
        after = article.text[ev.sentence_start + len(ev.sentence):]
        for offset, sentence in enumerate(_next_sentences(after, 2), start=1):
            if pledge.sentence_index + offset in pledge_sentences:
                break
            m = CONDITION.search(sentence)
            if m:
                pledge.condition = m.group("cond").strip().rstrip(".!?;:, ")
                pledge.condition_sentence = sentence.strip()
                break


def _next_sentences(text: str, n: int) -> list[str]:
    parts = [p.strip() for p in SENTENCE_END.split(text.lstrip()) if p and p.strip()]
    return parts[:n]


def _lemma(verb_text: str) -> str:
    word = (verb_text or "").strip().lower().split()[0] if verb_text and verb_text.strip() else ""
    for suffix, repl in (("ies", "y"), ("es", "e"), ("ed", "e"), ("s", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + repl
            base = word[: -len(suffix)]
            for cand in (stem, stem[:-1] if repl == "e" else stem, base, base[:-1] if base[-1:] == base[-2:-1] else base):
                if cand in COMMITMENT_VERBS:
                    return cand
            return stem
    return word


# ---- commitments read off the parse -----------------------------------------------------------------

COMMITMENT_KINDS = ("pledge", "intent", "plan", "agreement")
NOT_STATE_ROLES = {"BUS", "CVL", "MED", "EDU", "LAB", "REF", "CRM", "HLH", "AGR", "ELI", "NGO"}
# subjects that stand for the actor of the story rather than name one: "the ministry said it would ..."
GENERIC_SUBJECTS = {"government", "ministry", "minister", "officials", "official", "cabinet", "administration", "treasury",
                    "spokesman", "spokeswoman", "spokesperson", "president", "chancellor", "secretary"}
DATELINE = re.compile(r"^[^\n]{0,80}?(?:--|—|–)\s")
AMOUNT_TOLERANCE = 0.01


def is_commitment(pledge: Pledge) -> bool:
    """A promise of the actor's own (pledge, intent, plan, an agreement's commitment) with an amount or a
    deadline, by a government, its forces or an organisation of states: what `dyadwatch pledges` lists.
    Proposals and appeals are threads; aims without either stay stored as intents; companies' and
    citizens' plans (an investment "pipeline") are not a state's pledges."""
    has_amount = pledge.amount is not None and pledge.amount.value is not None
    roles = {pledge.actor[:3], pledge.actor[3:6]} if not pledge.actor.startswith("IGO") else set()
    return (pledge.kind in COMMITMENT_KINDS and (has_amount or pledge.deadline is not None)
            and not roles & NOT_STATE_ROLES)


def _clause_pledges(article: Article, events: list[Event], rates: RateTable, topics: TopicTable,
                    actors: ActorFinder | None) -> list[Pledge]:
    from dyadwatch.nlp.pipeline import split_sentences

    ref = article.reference_date
    spans = split_sentences(article.text)
    index_of = {e.sentence_start: e.sentence_index for e in events}
    wanted = [s for s in spans if COMMITTING_WORD.search(s.text) and _names_amount_or_deadline(s.text, ref, rates)]
    if not wanted:
        return []
    docs = dict(zip((s.start for s in wanted), parse_sentences([s.text for s in wanted])))
    dateline = DATELINE.match(article.text)
    dateline_end = dateline.end() if dateline else 0
    out: list[Pledge] = []
    last_actor: str | None = None
    short_names: dict[str, str] = {}  # "commission" -> EURGOV once "the European Commission" was coded
    for number, span in enumerate(spans):
        index = index_of.get(span.start, number)
        here = [e for e in events if e.sentence_start == span.start and e.source is not None
                and e.source.start >= dateline_end]
        doc = docs.get(span.start)
        if doc is not None:
            for c in find_commitments(doc, span.text, ref, rates):
                if span.start < dateline_end:  # "MANILA, Aug. 5 (Wire) -- Washington has ...": the place is no actor
                    c.subject = [t for t in c.subject if span.start + t.idx >= dateline_end]
                named = _actors(c, doc, span.start, here, actors, ref) or _short_name(c, short_names)
                if not named and last_actor is None and span.start < dateline_end and _stands_for_actor(c):
                    named = _dateline_country(doc, dateline_end - span.start, actors, ref)
                if not named and last_actor and _stands_for_actor(c):
                    named = [last_actor]
                joint = _subject_names(c, doc, actors, ref) if len(named) > 1 else None
                for actor in named:  # "Germany and France will each give ...": one pledge each
                    out.append(_clause_pledge(article, span.text, span.start, index, c, actor, here, doc, topics,
                                              None if joint is None else joint.get(actor[:3], "")))
                    last_actor = actor
        if here:
            last_actor = here[0].source.code
        for e in here:
            words = e.source.text.split()
            if len(words) >= 2 and words[-1][:1].isupper():
                short_names.setdefault(words[-1].lower(), e.source.code)
    return out


def _dateline_country(doc, dateline_end: int, actors: ActorFinder | None, ref) -> list[str]:
    """"LONDON, July 15 (Wire) -- The government will spend ...": with no actor named yet, "the
    government" or "the ministry" is the government of the dateline's place."""
    place = [t for t in doc if t.idx < dateline_end and t.pos_ == "PROPN" and t.text.isupper()]
    codes = actors.codes(doc, place, ref) if actors is not None and place else []
    return [c[:3] + "GOV" for c in codes[:1] if len(c) >= 3 and c[:3].isalpha() and not c.startswith("IGO")]


def _short_name(c: Commitment, short_names: dict[str, str]) -> list[str]:
    """"The Commission also pledged ...": a definite subject that repeats the last word of an actor the
    story named in full before ("the European Commission") is that actor."""
    heads = subject_heads(c.subject)
    if not heads:
        return []
    head = heads[0]
    if not any(t.dep_ == "det" and t.lower_ == "the" for t in head.children):
        return []
    code = short_names.get(head.lower_)
    return [code] if code else []


# Every amount has a digit or a number word and every deadline a digit or a time word: a sentence with
# none of them is skipped before the amount patterns run (more than half of a news page's sentences; on
# 11,785 sentences of the pages and story sets it passes every sentence the full check passes)
NUMBER_OR_TIME = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|lakh|crore|dozen|half|"
    r"quarter|year|month|week|day|decade|summer|winter|spring|autumn|fall|end|jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec|next|coming|following|mid|fortnight|tomorrow|tonight|weekend|semester|term)", re.I)


# A committing clause (`commitments._commitment_kind`) has a future auxiliary or a verb of
# COMMIT_LEMMAS / DIRECT_COMMIT_LEMMAS: a sentence with none of their forms is not parsed for one
COMMITTING_WORD = re.compile(
    r"\b(?:will|shall|would|wo|pledg|promis|vow|commit|guarant|undert[ao]|seek|sought|agree|aim|plan|intend|"
    r"target|decid|resolv|reaffirm|confirm|announc|earmark|allocat|mobili[sz]|budget|unveil|approv|goal|objective|"
    r"ambition)|'ll\b"
    # a commitment revised: "has raised its contribution to ..." (commitments.REVISING_LEMMAS, PLEDGED_NOUNS)
    r"|\b(?:its|their|his|her|our)\s+(?:\w+\s+)?(?:contribution|pledge|commitment|offer|aid|funding|donation|"
    r"package|loan|grant|support|financing|deployment|contingent)s?\b", re.I)


def _names_amount_or_deadline(sentence: str, ref: date | None, rates: RateTable) -> bool:
    if not NUMBER_OR_TIME.search(sentence):
        return False
    if any(f.amount.value is not None for f in find_amounts(sentence, rates=rates)):
        return True
    found = find_deadline(sentence, ref)
    return found is not None and found.day is not None


def _actors(c: Commitment, doc, start: int, events: list[Event], actors: ActorFinder | None, ref) -> list[str]:
    """Who commits: the coded events' sources inside the subject (or, for "it" under "X said", the
    speaker), else the actors the coder's dictionaries find there; one per country."""
    for tokens in (subject_heads(c.subject), subject_heads(c.speaker)):
        if not tokens:
            continue
        coded: list[str] = []
        for ev in events:
            if ev.source is not None and ev.source.code[:3] not in {x[:3] for x in coded} and any(
                    ev.source.start < start + t.idx + len(t.text) and start + t.idx < ev.source.end for t in tokens):
                coded.append(ev.source.code)
        found = actors.codes(doc, tokens, ref) if actors is not None else []
        coded += [x for x in found if x[:3] not in {y[:3] for y in coded}]
        if coded:
            return coded
    return []


def _stands_for_actor(c: Commitment) -> bool:
    """No subject, a pronoun, or "the ministry": the clause is by the actor the story is about."""
    if not c.subject:
        return True
    head = next((t for t in c.subject if t.head not in c.subject), c.subject[-1])
    # "it" is more often a thing ("it will start at $44,000") than the government last named
    return (head.lower_ in PRONOUN_SUBJECTS and head.lower_ != "it") or head.lemma_.lower() in GENERIC_SUBJECTS


def _subject_names(c: Commitment, doc, actors: ActorFinder | None, ref) -> dict[str, str]:
    """Country -> the word naming it in a coordinated subject ("Finland and Estonia")."""
    out: dict[str, str] = {}
    for token in subject_heads(c.subject):
        for code in (actors.codes(doc, [token], ref) if actors is not None else []):
            out.setdefault(code[:3], token.text)
    return out


def _clause_pledge(article: Article, sentence: str, start: int, index: int, c: Commitment, actor: str,
                   events: list[Event], doc, topics: TopicTable, name: str | None = None) -> Pledge:
    """`name`: for one of several actors of a coordinated subject, the word naming it there ("" when
    none was found; None for a lone actor): with several amounts, the actor takes the one told after its
    name (its coded event's name first)."""
    what = act_phrase(c)
    same = next((e for e in events if e.source is not None and e.source.code[:3] == actor[:3]), None)
    event_id = same.event_id if same else sha256_hex(f"clause|{article.doc_id}|{start}|{c.verb.idx}")[:24]
    subject = " ".join(t.text for t in (c.subject or c.speaker)) or actor
    d = c.deadline
    amount = c.amount
    if name is not None and c.amount is not None:  # "Finland and Estonia will ..., with Finland paying A and Estonia B"
        own_name = same.source.text if same is not None else name
        ref = article.reference_date
        amount = _own_amount(sentence, own_name, find_amounts(sentence, year=ref.year if ref else None)) or amount
    return Pledge(
        pledge_id=sha256_hex(f"pledge|clause|{article.doc_id}|{start}|{c.verb.idx}|{actor}"
                             + (f"|{c.part}" if c.part else ""))[:24], event_id=event_id,
        doc_id=article.doc_id, actor=actor, actor_text=subject, kind=c.kind, what=what, sentence=sentence,
        sentence_index=index, amount=amount.amount if amount else None,
        deadline=d.day if d else None, deadline_text=d.text if d else None,
        deadline_precision=d.precision if d and d.day else None, topics=topics.tag(sentence),
        status=STATUS[c.kind], url=article.url, published=article.published, commitment=True,
        deadline_rejected=d.rejected if d else None,
    )


def _reconcile(pledges: list[Pledge], found: list[Pledge], carried: set[str] = frozenset()) -> list[Pledge]:
    """A commitment read off the parse completes the coded pledge of its sentence and actor (amount,
    deadline, the act), or stands alone when the coder gave its verb no code. A coded intent whose
    amount or deadline no committing clause of its sentence carries ("expects trade to reach $100
    billion", "rejected the $10 billion figure") is a statement, not a commitment. The coded pledge's
    "what" gives way to the clause's act unless it carries the topic of the plan before it (`carried`)."""
    committed = {(p.sentence.strip(), p.actor[:3]) for p in found}
    for p in pledges:
        has_number = (p.amount is not None and p.amount.value is not None) or p.deadline is not None
        if p.kind in COMMITMENT_KINDS and has_number and (p.sentence.strip(), p.actor[:3]) not in committed:
            p.kind, p.status = "statement", "stated"
    out = list(pledges)
    completed: set[str] = set()
    for c in found:
        coded = next((p for p in pledges if p.sentence.strip() == c.sentence.strip() and p.actor[:3] == c.actor[:3]
                      and p.kind in COMMITMENT_KINDS + ("statement",)), None)
        if coded is None or coded.pledge_id in completed:
            out.append(c)  # no coded pledge, or a further commitment of the actor in the sentence
            continue
        completed.add(coded.pledge_id)
        if coded.pledge_id not in carried and c.what:
            coded.what = c.what
        if not (coded.amount and coded.deadline and c.amount and c.deadline) or coded.kind == "statement":
            # the clause knows which amount and deadline are this actor's ("India will buy ..., while
            # the UAE committed to invest ... by 2032"): the sentence-wide reading of the coded event does not
            coded.amount, coded.deadline, coded.deadline_text, coded.deadline_precision, coded.deadline_rejected = (
                c.amount, c.deadline, c.deadline_text, c.deadline_precision, c.deadline_rejected)
            coded.kind, coded.status = c.kind, c.status
    for p in out:
        p.commitment = is_commitment(p)
    return sorted(out, key=lambda p: p.sentence_index)


FOLLOW_UP = 2  # sentences after a pledge in which its money or troops may get their deadline
# "The money will be paid over the next six years", "the commissioner said the grants would be disbursed
# before the end of 2028", "Morocco's contribution is to be paid ... over the next three years": a
# sentence whose subject is the pledge's money (or troops), told in the future, gives its deadline
MONEY_NOUNS = r"money|sum|funds?|funding|grants?|loans?|contributions?|aid|package|deposit|credits?|credit\s+lines?|" \
              r"payments?|financing|investments?|pledge|commitment|assistance|support"
TROOP_NOUNS = r"troops|soldiers|deployment|contingent|forces|reinforcements|peacekeepers"
FOLLOW_UP_SUBJECT = (r"(?:^|,\s+|\b(?:said|says|added|confirmed|stated)(?:\s+that)?\s+)"
                     r"(?:the|its|this|that|these|[A-Z][\w.-]+(?:'s|’s))\s+(?:[\w-]+\s+){0,2}?(?:NOUNS)\b"
                     r"[^.;]{0,100}?\b(?:will|would|is\s+to|are\s+to|shall|must)\s+(?:now\s+|still\s+|also\s+|only\s+)*"
                     r"(?:be\s+|remain\b|stay\b|arrive\b|start\b|begin\b)")
FOLLOW_UP_MONEY = re.compile(FOLLOW_UP_SUBJECT.replace("NOUNS", MONEY_NOUNS), re.I)
FOLLOW_UP_TROOPS = re.compile(FOLLOW_UP_SUBJECT.replace("NOUNS", TROOP_NOUNS), re.I)


def _deadlines_from_follow_up(article: Article, pledges: list[Pledge]) -> None:
    """A pledge with an amount and no deadline takes the deadline of a following sentence that tells when
    its money is paid (or its troops sent): one of the next FOLLOW_UP sentences, before another pledge
    of the story, whose subject is "the money", "the grants", "its contribution" ... in the future."""
    from dyadwatch.nlp.pipeline import split_sentences

    waiting = [p for p in pledges if p.commitment and p.amount is not None and p.amount.value is not None
               and p.deadline is None]
    if not waiting:
        return
    spans = split_sentences(article.text)
    # a statement kept beside the pledges ("expected them to mobilise 4 billion euros") is no other pledge
    starts = {p.sentence_index for p in pledges if p.commitment}
    ref = article.reference_date
    for p in waiting:
        at = next((i for i, s in enumerate(spans) if s.text.strip() == p.sentence.strip()), None)
        if at is None:
            continue
        if p.amount.unit not in (None, "troops"):
            continue  # tonnes, barrels, shares of GDP: no money or troops to be paid or sent later
        pattern = FOLLOW_UP_TROOPS if p.amount.unit == "troops" else FOLLOW_UP_MONEY
        for s in spans[at + 1: at + 1 + FOLLOW_UP]:
            if s.index in starts and s.index != p.sentence_index:
                break  # another pledge's sentence: what follows is about that one
            m = pattern.search(s.text)
            if m is None:
                continue
            due = find_deadline(s.text[m.end():], ref)
            if due is not None and due.day is not None:
                p.deadline, p.deadline_text, p.deadline_precision = due.day, due.text, due.precision
                if s.text not in p.mentions:
                    p.mentions.append(s.text)
                    p.mention_indices.append(s.index)
                break


def merge_restatements(pledges: list[Pledge]) -> list[Pledge]:
    """One pledge per commitment: a later commitment of the same actor (country) with the same amount
    (same unit, within 1 %), or with no amount and the same deadline year, is a restatement; its
    sentence becomes a mention of the first."""
    out: list[Pledge] = []
    for p in pledges:
        first = next((q for q in out if q.commitment and p.commitment and same_commitment(q, p)), None)
        if first is None:
            out.append(p)
            continue
        if p.sentence != first.sentence and p.sentence not in first.mentions:
            first.mentions.append(p.sentence)
            first.mention_indices.append(p.sentence_index)
        if first.deadline is None and p.deadline is not None:
            first.deadline, first.deadline_text, first.deadline_precision = p.deadline, p.deadline_text, p.deadline_precision
    return out


def same_commitment(a: Pledge, b: Pledge) -> bool:
    """The same actor (country level) promising the same amount, or, neither naming one, by the same
    deadline year."""
    if a.actor[:3] != b.actor[:3]:
        return False
    va = a.amount.value if a.amount is not None else None
    vb = b.amount.value if b.amount is not None else None
    if va is not None and vb is not None:
        ua = a.amount.unit or a.amount.currency
        ub = b.amount.unit or b.amount.currency
        return ua == ub and abs(va - vb) <= AMOUNT_TOLERANCE * abs(va)
    if va is None and vb is None and a.deadline and b.deadline:
        return a.deadline.year == b.deadline.year
    return False
