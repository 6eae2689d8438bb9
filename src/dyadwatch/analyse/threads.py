"""Proposals and answers: a proposal or appeal by A to B, linked to B's later answers on the same topic.

An answer is by B (same country prefix) after the proposal (a later sentence of the same article, or a
later-or-same-day article), aimed at A or at nobody. In the proposal's own story it needs no shared
words when it shares one, names what it answers ("turned down the offer"), or follows within two
sentences in words of answer ("refused", "agreed"); in a later story it shares key terms with the proposal (one agreement id or capitalised acronym, or two
content words): content-word lemmas, agreement ids (event.agreements) and capitalised names, minus
the actors' own words and generic diplomatic vocabulary. The shared terms are stored so the match can
be checked.

Answers are read from the wording of their sentence first (`wording_status`: a refusal however put -
"would not join", "turned down", "sees no point in", "unacceptable"; an acceptance; a study; partial
when a refusal stands beside an acceptance or a promise), then from the event's code: rejected (CAMEO
12x, or a negated cooperative event: "not willing to renegotiate"), accepted (057 sign, 03x intent,
05x/06x cooperation, 08x yield), considering (04x consult, a "consider/study/review" verb, or a
statement (01x) whose sentence has one). A sentence with no coded event still answers when its
wording does and a name the story's events use says who answers. An answer that names what and whom
it answers ("India rejected Pakistan's demand") with no proposal in any story opens a thread whose
proposal is "not reported". A thread's status is its latest decisive answer (accepted, rejected,
partial), else "considering", else "no answer yet".
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa
import pycountry
from spacy.lang.en.stop_words import STOP_WORDS

from dyadwatch.analyse.countries import all_state_names, country_names, known_names, name_hits
from dyadwatch.records import ThreadLink, sha256_hex

PROPOSAL_VERBS = {"invite", "invites", "invited", "inviting", "invitation",
                  "propose", "proposes", "proposed", "proposing", "suggest", "suggests", "suggested",
                  "suggesting", "proposal", "proposals", "offer", "offers", "offered", "call", "calls",
                  "called", "urge", "urges", "urged", "ask", "asks", "asked", "request", "requests",
                  "requested", "appeal", "appeals", "appealed", "demand", "demands", "demanded"}
CONSIDER_VERBS = {"consider", "considers", "considering", "considered", "study", "studies", "studying",
                  "review", "reviews", "reviewing", "examine", "examines", "examining", "weigh", "weighs",
                  "weighing", "mull", "mulls", "mulling", "discuss", "discusses", "discussing"}
GENERIC = {"government", "minister", "prime", "president", "official", "officials", "country", "countries",
           "nation", "nations", "state", "states", "said", "say", "says", "statement", "proposal",
           "propose", "suggest", "plan", "idea", "issue", "issues", "week", "month", "year", "today",
           "tuesday", "monday", "wednesday", "thursday", "friday", "saturday", "sunday", "relation",
           "relations", "bilateral", "united", "people", "new", "interested", "willing", "would", "could",
           "also", "respond", "response", "reply", "answer", "reject", "accept", "welcome", "consider",
           "talk", "told", "tell", "reporter", "reporters", "spokesperson", "spokesman", "ministry",
           "call", "urge", "ask", "request", "offer", "agree", "decline", "refuse"}
WORD = re.compile(r"[A-Za-z][A-Za-z\-]+|\d{4}")


def key_terms(sentence: str, exclude: set[str] = frozenset()) -> set[str]:
    """Lemma-like content words of a sentence (lowercase; plural -s/-ies and -ed/-ing folded)."""
    terms = set()
    for raw in WORD.findall(sentence):
        for word in raw.lower().split("-"):
            if word in STOP_WORDS or word in GENERIC or word in exclude or len(word) < 3:
                continue
            terms.add(_lemma(word))
    prefixes = tuple(w for w in exclude if len(w) >= 4)  # "japan" also drops "japanese"
    return {t for t in terms if t not in _GENERIC_LEMMAS and t not in exclude and not t.startswith(prefixes)}


def _lemma(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + repl
            break
    return word.rstrip("e") if len(word) >= 4 else word


_GENERIC_LEMMAS = {_lemma(g) for g in GENERIC}


def answer_status(ev: dict[str, Any]) -> str | None:
    """How an event by the addressee answers a proposal, or None if it is no answer."""
    root, verb = ev["cameo_root"], (ev.get("verb_text") or "").lower().split()
    if root == "12" or (ev["negated"] and root in ("03", "04", "05", "06", "07", "08")):
        return "rejected"
    if any(v in CONSIDER_VERBS for v in verb) or root == "04":
        return "considering"
    if root == "01" and CONSIDER_VERBS & set(WORD.findall((ev.get("sentence") or "").lower())):
        return "considering"  # 'the White House said it was open to discussing the joint use of bases'
    if ev["cameo"] == "057" or root in ("03", "05", "06", "08"):
        return "accepted"
    return None


def is_proposal(ev: dict[str, Any]) -> bool:
    if ev["negated"] or not ev["target"] or not ev["source"] or ev["target"][:3] == ev["source"][:3]:
        return False  # no addressee, or addressed at home: nobody abroad to answer
    return _proposes(ev)


def is_open_proposal(ev: dict[str, Any]) -> bool:
    """A proposal with no addressee abroad ("NATO has asked allies to ...", "Russia's president had
    proposed that the two sides meet"): answered by whoever in its story answers it. The coder must
    say it proposes (mode, 02x code, "offered to"): a bare "called" ("called the move unjustified") does not."""
    if ev["negated"] or not ev["source"] or (ev["target"] and ev["target"][:3] != ev["source"][:3]):
        return False
    if ev.get("mode") == "hypothetical":
        return False
    return ev["mode"] == "proposed" or ev["cameo_root"] == "02" or _offered_to(ev)


def _proposes(ev: dict[str, Any]) -> bool:
    if ev.get("mode") == "hypothetical":
        return False  # "his proposals, if implemented, could ...": talks about proposals, makes none
    verbs = set((ev.get("verb_text") or "").lower().split())
    return ev["mode"] == "proposed" or ev["cameo_root"] == "02" or bool(verbs & PROPOSAL_VERBS) or _offered_to(ev)


# "Colombia's president offered on Tuesday to mediate": the coded act is what the actor offers to do
OFFERED_TO = re.compile(r"\b(?:offer(?:s|ed)?|propos(?:es|ed)|suggest(?:s|ed)|urg(?:es|ed)|invit(?:es|ed)|"
                        r"call(?:s|ed) (?:on|for))\b", re.I)


def _offered_to(ev: dict[str, Any]) -> bool:
    base, end, verb = ev.get("sentence_start"), ev.get("source_end"), ev.get("verb_start")
    if base is None or end is None or verb is None or not 0 <= verb - end <= 40:
        return False
    return bool(OFFERED_TO.search((ev["sentence"] or "")[end - base: verb - base]))


# "Russia's president had proposed on Sunday that ...": told after the answer, made before it
PLUPERFECT_PROPOSAL = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:proposed|offered|suggested|demanded|called|asked|"
                                 r"urged|invited|requested|made\s+(?:the|an?|its|his|her)\s+(?:\w+\s+)?"
                                 r"(?:offer|proposal|request|demand)|put\s+forward|floated)\b", re.I)


def build_threads(con: duckdb.DuckDBPyConnection, *, store: bool = True) -> list[dict[str, Any]]:
    """Every proposal/appeal with its answers (sentences in date order), then every answer whose
    proposal no story reports; refreshes `thread_links`."""
    events = [e for e in _events(con) if not _in_dateline(e)]
    texts = _texts(con, {e["doc_id"] for e in events})
    answers = answer_candidates(events, texts)
    index: dict[str, dict[str, list[dict[str, Any]]]] = {}  # answering country -> term -> answers
    by_doc: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (doc, answering country) -> answers
    for ans in answers:
        ans["_terms"] = _terms(ans, _actor_words(ans))
        postings = index.setdefault(ans["source"][:3], {})
        for term in ans["_terms"]:
            postings.setdefault(term, []).append(ans)
        by_doc.setdefault((ans["doc_id"], ans["source"][:3]), []).append(ans)
    threads = []
    used: set[str] = set()
    proposals = _one_per_act([e for e in events if is_proposal(e)])
    hung = _answered_in_place(proposals)
    for prop in proposals:
        postings = index.get(prop["target"][:3], {})
        p_terms = _terms(prop, _actor_words(prop))
        seen: dict[str, dict[str, Any]] = {a["event_id"]: a for a in by_doc.get((prop["doc_id"], prop["target"][:3]), [])}
        for term in p_terms:
            for ans in postings.get(term, ()):
                seen.setdefault(ans["event_id"], ans)
        thread = _thread(prop, list(seen.values()), hung=hung)
        used.update(x["event_id"] for x in thread["sentences"][1:])
        threads.append(thread)
    # the proposal's own story answered by others: an open proposal by whoever answers it there, a
    # proposal to B also by a third country that answers its proposer ("Italy backed the French request")
    for prop in proposals + _one_per_act([e for e in events if is_open_proposal(e)]) + uncoded_proposals(events, texts):
        addressee = prop["target"][:3] if is_proposal(prop) else None
        others: dict[str, list[dict[str, Any]]] = {}
        for (doc_id, country), found in by_doc.items():
            if doc_id != prop["doc_id"] or country in (prop["source"][:3], addressee):
                continue
            fresh = [a for a in found if a["event_id"] not in used and a["status"] != "refused?"
                     and (addressee is None or (a["target"] or "")[:3] == prop["source"][:3])]
            if fresh:
                others[country] = fresh
        for country, found in others.items():
            thread = _thread(prop, found, responder=country, hung=hung)
            if len(thread["sentences"]) > 1:
                used.update(x["event_id"] for x in thread["sentences"][1:])
                threads.append(thread)
    threads += [_unreported(a) for a in answers if a["event_id"] not in used and _answers_unreported(a)]
    if store:
        _store(con, threads)
    return threads


# Answers read from the wording of a sentence: a refusal however it is put, an acceptance, a study
ACCEPT = re.compile(r"\b(?:accept(?:s|ed|ing)?|agree(?:s|d|ing)?|welcom(?:e|es|ed|ing)|endors(?:e|es|ed|ing)|"
                    r"embrac(?:e|es|ed|ing)|sign(?:s|ed)? up to|sign(?:s|ed)? on to|(?:is|was|are|were) (?:ready|willing) "
                    r"to|appreciat(?:e|es|ed|ing) the (?:gesture|offer|proposal|initiative|constructive)|"
                    r"(?:back(?:s|ed|ing)?|grant(?:s|ed|ing)?|heed(?:s|ed)?|approv(?:e|es|ed|ing)) (?:the|a|an)"
                    r"(?: [\w.-]+){0,3}? (?:proposal|plan|offer|idea|request|call|demand|invitation)|"
                    # "said it would take part", "gave its blessing", "gave the green light", "responded positively"
                    r"(?:will|would) (?:take part|attend|participate|join)|"
                    r"g[ai]ve (?:its|his|her|their) (?:blessing|approval|backing|consent)|"
                    r"g[ai]ve (?:the|a) (?:green light|go-ahead|nod)|respond(?:s|ed)? (?:positively|favou?rably)|"
                    # "will deploy 1,100 more troops ... in response to a UN appeal": the act answers the appeal
                    r"in (?:response|answer) to (?:a|an|the)(?: [\w.'’-]+){0,3}? (?:appeal|request|call|plea)s?|"
                    r"heed(?:s|ed|ing)? (?:a|an|the)(?: [\w.'’-]+){0,3}? (?:appeal|call|plea)s?)\b", re.I)
REJECT = re.compile(r"\b(?:reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|turn(?:s|ed|ing)? down|"
                    r"declin(?:e|es|ed|ing)(?!\s+to\s+comment)|rebuff(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|"
                    r"rul(?:e|es|ed|ing) out|(?:would|will|could|did|does|do)\s+not\s+(?:join|accept|agree|take part|"
                    r"participate|attend|sign|commit|back|support)|(?:won't|wouldn't|didn't)\s+(?:join|accept|agree|"
                    r"commit|sign)|(?:sees?|saw|seeing)\s+no\s+(?:point|need|reason|basis|grounds|justification|merit|case)|"
                    r"no point in|unacceptable|(?:not|never) on the table|off the table|"
                    r"said no|(?:not|un)(?:\s+)?(?:willing|ready|prepared) to|balk(?:s|ed|ing)? (?:at|on)|reluctant to|snubb?(?:s|ed)?|"
                    r"brush(?:es|ed)? aside|non-starter|(?:has|have|had) no (?:plans?|intention) to|"
                    # indirect refusals of wire copy: "poured cold water on", "the time was not right",
                    # "saw no need to", "pushed back against", "had no interest in", "not in a position to"
                    r"pour(?:s|ed|ing)? cold water(?:,\s*\w+,)? on|(?:the )?time (?:is|was|were) not (?:yet )?right|"
                    r"not the (?:right|appropriate) time|(?:there (?:is|was)|see|sees|saw) no need|"
                    r"push(?:es|ed|ing)? back (?:against|on)|(?:has|have|had) no interest in|"
                    r"not in a position to|(?:would|will|could|did|does|do)\s+not\s+(?:sit down|negotiate|"
                    r"contribute|pay|retract|withdraw)|veto(?:es|ed)?|said no to|shot down|"
                    # criticising or blocking the proposal itself ("slammed the plan", "blocked the proposal")
                    r"(?:criticis|criticiz|slamm|lambast|condemn|denounc|block|scupper|torpedo)(?:e|es|ed|ing)? "
                    r"(?:the|a|an|this|that)(?: [\w.'-]+){0,3}? (?:proposal|plan|offer|idea|demand|request|call|"
                    r"initiative|ultimatum|suggestion)s?)\b", re.I)
CONSIDER = re.compile(r"\b(?:stud(?:y|ies|ied|ying)|consider(?:s|ed|ing)?|review(?:s|ing)?|examin(?:e|es|ing)|"
                      r"weigh(?:s|ing)?|mull(?:s|ing)?|open to|signall?(?:s|ed|ing)? openness|openness to|"
                      r"look(?:s|ed|ing)? favou?rably|(?:keep|keeps|kept|keeping) an open mind|"
                      r"signall?(?:s|ed|ing)? (?:its |his |her |their )?willingness|"
                      r"(?:did|does|do|would|will) not rule out|not ruling out|"
                      # "saw room to discuss a lower tariff"
                      r"(?:sees?|saw|seeing) (?:some )?room (?:to|for))\b", re.I)
# "partly meeting a Panamanian demand", "partially granted the request": a partial answer in one word
PARTLY = re.compile(r"\b(?:partly|partially|in part)\s+(?:meet(?:s|ing)?|met|accept(?:s|ed|ing)?|grant(?:s|ed|ing)?|"
                    r"heed(?:s|ed|ing)?|answer(?:s|ed|ing)?|satisf(?:y|ies|ied|ying)|address(?:es|ed|ing)?)\b", re.I)
# "did not rule out talks" is no refusal; "agreed ... on condition that" is a partial acceptance
NOT_RULED_OUT = re.compile(r"\b(?:(?:did|does|do|would|will) not|didn't|doesn't|won't|wouldn't) rule out|not ruling out\b", re.I)
ON_CONDITION = re.compile(r"\b(?:on (?:the )?condition|provided that|as long as|only if|only after)\b", re.I)
NAMES_ITS_REQUEST = re.compile(r"(?:back|grant|heed)", re.I)
# a refusal beside an acceptance or a promise is partial only when the sentence sets them against each
# other ("agreed to raise its share but rejected the figure"); "dismissed the idea, saying the tariffs
# would stay" is a refusal
CONTRAST = re.compile(r"\b(?:but|though|although|while|whereas|however|yet)\b", re.I)
# "... it would deploy 2,500 troops but did not commit to a base": a refusal beside a promise is partial
PROMISE = re.compile(r"\b(?:will|would|shall)\s+(?!not\b|n't\b|be\b|have\b)[a-z]+", re.I)
PROPOSAL_NOUN = re.compile(r"\b(?:offer|proposal|plan|demand|request|call|appeal|invitation|idea|ultimatum|"
                           r"initiative|suggestion)s?\b", re.I)
# words by which an answer names what it answers ("turned down the offer", "Pakistan's demand")
REFERENCE = re.compile(r"\b(?:offer|offers|proposal|proposals|plan|demand|demands|request|requests|call|calls|"
                       r"appeal|invitation|idea|ultimatum|initiative|talks|deal|contract|terms)\b", re.I)


# "Warsaw said it would not drop the veto": a refusal when the verb echoes the request ("drop its veto")
NEGATED_ACT = re.compile(r"\b(?:(?:would|will|could|did|does|do|shall)\s+not|won't|wouldn't|didn't|doesn't|"
                         r"refus(?:e|es|ed)\s+to)\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)", re.I)


# verbs whose negation says nothing about the request ("would not comment", "did not say")
NOT_ACTS = {"be", "have", "comment", "say", "elaborate", "confirm", "disclose", "specify", "respond"}


def echoes_refusal(answer: str, proposal: str) -> bool:
    """The answer refuses the very act the proposal asks for: its negated verb is in the proposal."""
    asked = {_lemma(w.lower()) for w in WORD.findall(proposal)}
    return any(_lemma(m.group("verb").lower()) in asked for m in NEGATED_ACT.finditer(answer)
               if m.group("verb").lower() not in NOT_ACTS)


def wording_status(sentence: str) -> str | None:
    """How a sentence answers, from its wording alone: partial (an acceptance or a promise beside a
    refusal), rejected, accepted, considering, or None. Words under "if", "unless" or "whether"
    ("if Trump agrees to Beijing's demands") answer nothing."""
    if _asserted(NOT_RULED_OUT, sentence):
        return "considering"
    if _asserted(PARTLY, sentence):
        return "partial"
    rejected = _asserted(REJECT, sentence)
    if rejected:
        rest = sentence[: rejected.start()] + " " + sentence[rejected.end():]
        # "saw room to discuss a lower tariff but would not accept the figure": a study beside a refusal
        both = _asserted(ACCEPT, rest) or PROMISE.search(rest) or _asserted(CONSIDER, rest)
        return "partial" if both and CONTRAST.search(sentence) else "rejected"
    accepted = _asserted(ACCEPT, sentence)
    if accepted:
        return "partial" if ON_CONDITION.search(sentence, accepted.end()) else "accepted"
    refused = next((m for m in NEGATED_ACT.finditer(sentence) if m.group("verb").lower() not in NOT_ACTS
                    and not CONDITIONAL.search(sentence[: m.start()])), None)
    if refused and CONTRAST.search(sentence) and PROMISE.search(sentence[: refused.start()] + " " + sentence[refused.end():]):
        # "would supply gas in emergencies, but could not extend regulated prices": one part given, one refused
        return "partial"
    if _asserted(CONSIDER, sentence):
        return "considering"
    return None


def _conditional(ev: dict[str, Any]) -> bool:
    """A hypothetical event under "if/unless/whether" ("... if Trump agrees to Beijing's demands");
    the coder's hypothetical "said it would provide" is a reported promise and still answers."""
    if ev.get("mode") != "hypothetical":
        return False
    sentence = ev["sentence"] or ""
    at = (ev.get("verb_start") or 0) - (ev.get("sentence_start") or 0)
    return bool(re.search(r"\b(?:if|unless|whether)\b", sentence[: max(at, 0)], re.I))


CONDITIONAL = re.compile(r"\b(?:if|unless|whether|once|until)\b[^,.;:]{0,60}$", re.I)


# "the gunman, who had been refused asylum": a refusal the subject suffered, not one it gave
PASSIVE_BEFORE = re.compile(r"\b(?:been|was|were|is|are|be|being|get|got)\s+$", re.I)


def _asserted(pattern: re.Pattern[str], sentence: str) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(sentence) if not CONDITIONAL.search(sentence[: m.start()])
                 and not (m.group(0).split()[0].lower().endswith("ed") and PASSIVE_BEFORE.search(sentence[: m.start()]))),
                None)


def answer_candidates(events: list[dict[str, Any]], texts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One answer per sentence and answering country: the coded events whose wording or code answers,
    and sentences no event was coded in whose wording answers ("Ukraine said it would not join the
    talks"), their answering actor named by a name the story's events use."""
    out: dict[tuple[str, int, str], dict[str, Any]] = {}
    in_sentence: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for ev in events:
        in_sentence.setdefault((ev["doc_id"], ev["sentence_index"]), []).append(ev)
    names_of: dict[str, dict[str, str]] = {}
    for ev in events:
        if not ev["source"] or _conditional(ev):  # "if Trump agrees ...": no answer
            continue
        worded = wording_status(_own_clause(ev)) if _answers_in_words(ev, in_sentence) else None
        status = worded or answer_status(ev) or (
            "refused?" if NEGATED_ACT.search(ev["sentence"] or "") else None)
        # a target at home ("Mexico agreed to send its troops") is no addressee: the answer is to nobody
        target = ev["target"] if ev["target"] and ev["target"][:3] != ev["source"][:3] else None
        named = None
        if worded:
            if ev["doc_id"] not in names_of:
                names_of[ev["doc_id"]] = _story_names([e for e in events if e["doc_id"] == ev["doc_id"]])
            named = proposer_named(ev["sentence"] or "", names_of[ev["doc_id"]], ev["source"])
            target = target or named
        key = (ev["doc_id"], ev["sentence_index"], ev["source"][:3], (target or "")[:3])
        if status is None or key in out:
            continue
        out[key] = {**ev, "target": target, "status": status, "worded": bool(worded), "named_proposer": named}
    coded = {(e["doc_id"], e["sentence_index"]) for e in events}
    answering = {k[:3] for k in out}
    for (doc_id, index), here in in_sentence.items():
        # "Spain had proposed that ..., a request the Mauritanian interior minister rejected": an answer
        # told in a clause hung on the proposal, by an actor the coder gave no event of its own there
        sentence = here[0]["sentence"] or ""
        clause = _appositive_answer(sentence)
        if clause is None:
            continue
        at, word = clause
        if doc_id not in names_of:
            names_of[doc_id] = _story_names([e for e in events if e["doc_id"] == doc_id])
        source = _named_nearest_before(sentence, names_of[doc_id], at + word.start(), at)
        status = wording_status(sentence[at:])
        if source is None or status is None or (doc_id, index, source[:3]) in answering:
            continue
        answering.add((doc_id, index, source[:3]))
        out[(doc_id, index, source[:3], "")] = {
            "event_id": sha256_hex(f"answer|{doc_id}|{index}|{source}")[:24], "doc_id": doc_id, "sentence": sentence,
            "sentence_index": index, "event_day": here[0]["event_day"], "url": here[0].get("url"), "source": source,
            "source_text": None, "source_name": None, "target": None, "target_text": None, "target_name": None,
            "cameo": None, "agreements": [], "status": status, "worded": True}
    for doc_id, doc in texts.items():
        names = _story_names([e for e in events if e["doc_id"] == doc_id])
        for index, sentence in _uncoded_answers(doc["text"], {i for d, i in coded if d == doc_id}):
            status = wording_status(sentence) or "refused?"
            source = _named_before(sentence, names, (REJECT.search(sentence) or ACCEPT.search(sentence)
                                                     or CONSIDER.search(sentence) or NEGATED_ACT.search(sentence)).start())
            if source is None and PRONOUN_LEAD.match(sentence):  # "He poured cold water, however, on ..."
                source = _previous_actor([e for e in events if e["doc_id"] == doc_id], index)
            if status is None or source is None:
                continue
            target = proposer_named(sentence, names, source)
            event_id = sha256_hex(f"answer|{doc_id}|{index}")[:24]
            out.setdefault((doc_id, index, source[:3], ""), {
                "event_id": event_id, "doc_id": doc_id, "sentence": sentence, "sentence_index": index,
                "event_day": doc["day"], "url": doc["url"], "source": source, "source_text": None,
                "source_name": None, "target": target, "target_text": None, "target_name": None,
                "cameo": None, "agreements": [], "status": status, "worded": True})
    return list(out.values())


# "Canberra was open to the idea, while New Zealand said it backed the proposal": two answers, one a clause
CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas)\s+|;\s+", re.I)


def _own_clause(ev: dict[str, Any]) -> str:
    """The clause of the event's sentence its actor is named in, where clauses joined by "while",
    "whereas" or a semicolon each tell another actor's answer; the whole sentence otherwise."""
    sentence = ev["sentence"] or ""
    base, at = ev.get("sentence_start"), ev.get("source_start")
    if base is None or at is None:
        return sentence
    start = 0
    for m in CLAUSE_BREAK.finditer(sentence):
        if m.start() >= at - base:
            return sentence[start: m.start()]
        start = m.end()
    return sentence[start:]


def _answer_word(sentence: str) -> re.Match[str] | None:
    """The first word of answer in the sentence ("dismissed", "welcomed", "is studying", "could not
    extend")."""
    found = [m for m in (_asserted(p, sentence) for p in (REJECT, ACCEPT, CONSIDER, PARTLY)) if m]
    found += [m for m in NEGATED_ACT.finditer(sentence) if m.group("verb").lower() not in NOT_ACTS][:1]
    return min(found, key=lambda m: m.start()) if found else None


def _answers_in_words(ev: dict[str, Any], in_sentence: dict[tuple[str, int], list[dict[str, Any]]]) -> bool:
    """Whether the sentence's words of answer are this event's: its verb is the answering word, or its
    actor is the country named nearest before that word, wherever the event names it ("Ukraine dismissed
    a Kremlin offer ..., saying Kyiv would not sit down while Moscow kept bombing ...": Ukraine answers,
    not Moscow; "Seoul agreed ... but rejected ..., the foreign ministry said": Seoul's ministry too).
    With nobody named before the word ("Rejecting the offer, India said ..."), the first named after."""
    sentence = ev["sentence"] or ""
    word = _answer_word(sentence)
    base = ev.get("sentence_start")
    if word is None or base is None or ev.get("source_start") is None:
        return word is not None
    if ev.get("verb_start") is not None and word.start() <= ev["verb_start"] - base < word.end():
        return True
    named = [(e["source_start"] - base, e["source"][:3]) for e in in_sentence.get((ev["doc_id"], ev["sentence_index"]), [])
             if e.get("source") and e.get("source_start") is not None]
    before = [(at, c) for at, c in named if at < word.start()]
    if before:
        nearest = max(before)[0]
    elif named:
        nearest = min(named)[0]
    else:
        return False
    return ev["source"][:3] in {c for at, c in named if at == nearest}


def proposer_named(sentence: str, names: dict[str, str], responder: str) -> str | None:
    """Who made the proposal an answer names after its answering word: "dismissed a Kremlin offer",
    "rebuffed Colombia's offer", "poured cold water on a proposal from Japan", "the U.S. president's
    suggestion": the actor named nearest the word for the proposal, not the answerer."""
    word = _answer_word(sentence)
    noun = PROPOSAL_NOUN.search(sentence, word.end()) if word else None
    if noun is None:
        return None
    window_start, window_end = word.end(), min(len(sentence), noun.end() + 45)
    clause_end = re.search(r"[,;:]|\b(?:saying|and|but|which|that)\b", sentence[noun.end():window_end])
    if clause_end:
        window_end = noun.end() + clause_end.start()
    best: tuple[int, str] | None = None
    for start, end, code in name_hits(sentence[window_start:window_end], names):
        if code[:3] == responder[:3]:
            continue
        start, end = window_start + start, window_start + end
        distance = noun.start() - end if start < noun.start() else start - noun.end()
        if best is None or abs(distance) < best[0]:
            best = (abs(distance), code)
    return best[1] if best else None


# "Brazil, which launched the fund, has invited wealthy nations to invest in it": a proposal the coder
# gave no code, its proposer the country named nearest before the verb
UNCODED_PROPOSAL = re.compile(r"(?<!\bbe )(?<!\bbeen )(?<!\bwas )(?<!\bwere )(?<!\bis )(?<!\bare )"
                              r"\b(?:invited|proposed|offered\s+(?:(?:on|last|this|late\s+on)\s+\w+\s+)?to|suggested|"
                              r"called\s+on|called\s+for|urged|"
                              r"asked|put\s+forward|floated)\b")


def uncoded_proposals(events: list[dict[str, Any]], texts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Open proposals from sentences where the coder found no proposal: a proposing verb with a country
    named before it. They open a thread only when someone in their story answers them."""
    from dyadwatch.nlp.pipeline import split_sentences

    out = []
    for doc_id, doc in texts.items():
        if not UNCODED_PROPOSAL.search(doc["text"]):
            continue
        story = [e for e in events if e["doc_id"] == doc_id]
        proposing = {e["sentence_index"] for e in story if is_proposal(e) or is_open_proposal(e)}
        names = _story_names(story)
        for index, span in enumerate(split_sentences(doc["text"])):
            m = UNCODED_PROPOSAL.search(span.text)
            if index in proposing or m is None or CONDITIONAL.search(span.text[: m.start()]):
                continue
            dateline = DATELINE.match(span.text) if index == 0 else None  # the dateline's place proposes nothing
            source = _named_nearest_before(span.text, names, m.start(), dateline.end() if dateline else 0)
            if source is None:
                continue
            out.append({
                "event_id": sha256_hex(f"proposal|{doc_id}|{index}")[:24], "doc_id": doc_id, "sentence": span.text,
                "sentence_index": index, "sentence_start": span.start, "event_day": doc["day"], "url": doc["url"],
                "source": source, "source_text": None, "source_name": None, "source_start": None,
                "target": None, "target_text": None, "target_name": None, "cameo": None, "cameo_root": "02",
                "negated": False, "mode": "proposed", "verb_text": m.group(0), "agreements": []})
    return out


def _named_nearest_before(sentence: str, names: dict[str, str], limit: int, start: int = 0) -> str | None:
    found = [(at, code) for at, _end, code in name_hits(sentence[start:limit], names)]
    return max(found)[1] if found else None


def _uncoded_answers(text: str, coded: set[int]) -> list[tuple[int, str]]:
    """(index, sentence) of the sentences of a story without a coded event whose wording answers."""
    if not (REJECT.search(text) or ACCEPT.search(text) or CONSIDER.search(text) or NEGATED_ACT.search(text)):
        return []
    from dyadwatch.nlp.pipeline import split_sentences

    return [(i, s.text) for i, s in enumerate(split_sentences(text))
            if i not in coded and (wording_status(s.text) or NEGATED_ACT.search(s.text))]


def _story_names(events: list[dict[str, Any]]) -> dict[str, str]:
    """Names the story's coded events give their actors ("Seoul" -> KORGOV), pronouns left out, and
    the names of the countries its events involve ("Ukraine" -> UKR)."""
    names: dict[str, str] = {}
    for ev in events:
        for side in ("source", "target"):
            code = (ev.get(side) or "")[:3]
            for name in country_names(code):
                names.setdefault(name, code)
    for ev in events:
        for side in ("source", "target"):
            text, code = ev.get(f"{side}_text"), ev.get(side)
            if text and code and text[:1].isupper() and text.lower() not in PRONOUN_WORDS:
                names.setdefault(text, code)
    return names


PRONOUN_LEAD = re.compile(r"^(?:He|She|They|It)\b")


def _previous_actor(events: list[dict[str, Any]], index: int) -> str | None:
    """The actor of the latest coded event before sentence `index` (not in the dateline): whom a
    sentence opening with "He" or "She" goes on about."""
    before = [e for e in events if e["sentence_index"] < index and e.get("source") and not _in_dateline(e)]
    return max(before, key=lambda e: (e["sentence_index"], e.get("verb_start") or 0))["source"] if before else None


def _named_before(sentence: str, names: dict[str, str], limit: int) -> str | None:
    """The actor named first before `limit`: a name the story's events use, else a country's name."""
    found = [(sentence.find(name), code) for name, code in names.items() if 0 <= sentence.find(name) < limit]
    if not found:
        found = [(at, code) for at, _end, code in name_hits(sentence[:limit])]
    return min(found)[1] if found else None


def _answers_unreported(ans: dict[str, Any]) -> bool:
    if ans["status"] == "refused?" or not ans.get("worded", True):
        return False  # the sentence's words of answer are another actor's: they name no proposal to this one
    named = ans.get("named_proposer")
    if named and ans["target"] and named[:3] != ans["target"][:3]:
        return False  # "brushed aside a French offer to delay U.N. sanctions": France proposed, not the U.N.
    return _names_its_proposal(ans)


def _names_its_proposal(ans: dict[str, Any]) -> bool:
    """An answer that names whom and what it answers, the proposal after the answering verb ("India
    rejected Pakistan's demand", "welcomed the Chinese offer"), opens a thread of its own when no story
    reports the proposal. Joint acts ("Chile and Peru agreed to hold talks") name no proposal."""
    sentence = ans["sentence"] or ""
    verb = REJECT.search(sentence) or ACCEPT.search(sentence) or CONSIDER.search(sentence)
    if verb is None or not ans["target"] or ans["target"][:3] == ans["source"][:3]:
        return False
    # "backed the French request": the answering words hold their proposal
    return bool(PROPOSAL_NOUN.search(sentence, verb.end()) or NAMES_ITS_REQUEST.match(verb.group(0)))


def _unreported(ans: dict[str, Any]) -> dict[str, Any]:
    """The thread an answer opens when no story reports its proposal: the proposal's place holds who
    proposed and "proposal not reported", in the answer's story."""
    terms = ans.get("_terms") or set()
    placeholder = {"role": "proposal", "event_id": None, "doc_id": ans["doc_id"], "day": ans["event_day"],
                   "actor": ans["target"], "cameo": None, "sentence": "(proposal not reported)",
                   "sentence_index": None, "url": ans["url"]}
    return {"proposal_event_id": None, "proposal": "not reported", "proposer": ans["target"],
            "responder": ans["source"], "topic": _topic(ans, terms), "status": ans["status"], "shared_terms": [],
            "sentences": [placeholder, {**_sentence(ans, "answer"), "status": ans["status"], "shared_terms": []}]}


def _one_per_act(proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One proposal per sentence, proposer and addressee (country level): the act coded twice, once
    off the dateline's place ("WARSAW ... -- Poland asked ..."), is one proposal; the named actor's kept."""
    out: dict[tuple, dict[str, Any]] = {}
    for ev in sorted(proposals, key=_dateline_sourced):
        out.setdefault((ev["doc_id"], ev["sentence_index"], ev["source"][:3], (ev["target"] or "")[:3]), ev)
    return sorted(out.values(), key=lambda e: (e["event_day"] or date.min, e["doc_id"], e["sentence_index"]))


def _dateline_sourced(ev: dict[str, Any]) -> bool:
    m = DATELINE.match(ev["sentence"] or "") if ev.get("sentence_index") == 0 else None
    return bool(m) and ev.get("source_start") is not None and ev.get("sentence_start") is not None \
        and ev["source_start"] - ev["sentence_start"] < m.end()


def _in_dateline(ev: dict[str, Any]) -> bool:
    """"KYIV, April 28 (Wire) -- The United States proposed ...": the place of the dateline is no actor.
    Unless the subject after the dateline is of the place's own country ("MOSCOW, May 11 (Wire) --
    Russia's president proposed ..."): then the coder's actor is right, only its words are not."""
    if ev.get("sentence_index") != 0 or ev.get("source_start") is None or ev.get("sentence_start") is None:
        return False
    sentence = ev["sentence"] or ""
    m = DATELINE.match(sentence)
    if not (m and ev["source_start"] - ev["sentence_start"] < m.end()):
        return False
    verb_at = (ev.get("verb_start") or 0) - ev["sentence_start"]
    subject = sentence[m.end(): verb_at] if verb_at > m.end() else ""
    named = known_names().match(subject, re.match(r"(?:the\s+)?", subject).end())
    return not (named and all_state_names()[named.group(0)][:3] == (ev.get("source") or "")[:3])


DATELINE = re.compile(r"^[^\n]{0,80}?(?:--|—|–)\s")
PRONOUN_WORDS = {"he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "this", "that"}


def _texts(con: duckdb.DuckDBPyConnection, doc_ids: set[str]) -> dict[str, dict[str, Any]]:
    """The current text of each document, with its day and URL (no documents table: none)."""
    if not doc_ids:
        return {}
    try:
        rows = con.execute(
            "SELECT d.doc_id, d.text, coalesce(d.published, d.window_earliest), d.url FROM documents d "
            "JOIN (SELECT doc_id, max(version) AS v FROM documents GROUP BY doc_id) l "
            "ON l.doc_id = d.doc_id AND l.v = d.version WHERE d.doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(doc_ids)]).fetchall()
    except duckdb.Error:
        return {}
    return {r[0]: {"text": r[1] or "", "day": r[2], "url": r[3]} for r in rows}


def thread_links(threads: list[dict[str, Any]]) -> list[ThreadLink]:
    """The links of built threads as records: one per answer, or one "no answer yet"."""
    links = []
    for t in threads:
        answers = [s for s in t["sentences"] if s["role"] == "answer"]
        links += [ThreadLink(t["proposal_event_id"], s["status"], s["event_id"], list(s["shared_terms"]),
                             t["proposer"], t["responder"], s["doc_id"], s["sentence"])
                  for s in answers] or [ThreadLink(t["proposal_event_id"], "no answer yet", proposer=t["proposer"],
                                                   responder=t["responder"])]
    return links


def _answered_in_place(proposals: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """(doc, sentence) -> the proposal whose own sentence tells its answer ("He also proposed a joint plant,
    an idea the ministry accepted"): that answer is this proposal's, not an earlier one's."""
    out = {}
    for prop in proposals:
        at = max((prop.get("verb_start") or 0) - (prop.get("sentence_start") or 0), 0)
        if _appositive_answer(prop["sentence"] or "", at) is not None:
            out.setdefault((prop["doc_id"], prop["sentence_index"]), prop["event_id"])
    return out


def _thread(prop: dict[str, Any], events: list[dict[str, Any]], responder: str | None = None,
            hung: dict[tuple[str, int], str] | None = None) -> dict[str, Any]:
    """`hung`: sentences whose answer belongs to the proposal they tell (`_answered_in_place`)."""
    a, b = prop["source"][:3], responder or prop["target"][:3]
    actor_words = _actor_words(prop)
    p_terms = _terms(prop, actor_words)
    prefixes = tuple(w for w in actor_words if len(w) >= 4)
    answers = []
    sentences: set[tuple[str, int]] = set()  # one answer per sentence
    for ev in sorted(events, key=lambda e: e["target"] is None):
        if ev["event_id"] == prop["event_id"] or not ev["source"] or ev["source"][:3] != b:
            continue
        if (ev["doc_id"], ev["sentence_index"]) in sentences:
            continue
        owner = (hung or {}).get((ev["doc_id"], ev["sentence_index"]))
        if owner is not None and owner != prop["event_id"]:
            continue
        if ev["target"] and ev["target"][:3] != a:
            continue
        if not _after(prop, ev):
            continue
        status = ev.get("status") or answer_status(ev)
        if status == "refused?":  # a negated act answers only when it echoes the request
            status = "rejected" if ev["doc_id"] == prop["doc_id"] and echoes_refusal(ev["sentence"] or "",
                                                                                     prop["sentence"] or "") else None
        if status is None:
            continue
        terms = ev.get("_terms") or _terms(ev, _actor_words(ev))
        shared = sorted(t for t in p_terms & terms if t not in actor_words and not t.startswith(prefixes))
        if _enough(shared, prop["sentence"], ev["sentence"]) or _same_story_answer(prop, ev, shared):
            answers.append({**_sentence(ev, "answer"), "status": status, "shared_terms": shared})
            sentences.add((ev["doc_id"], ev["sentence_index"]))
    answers.sort(key=lambda s: (s["day"] or date.min, s["doc_id"] != prop["doc_id"], s["sentence_index"]))
    decisive = [x for x in answers if x["status"] in ("accepted", "rejected", "partial")]
    status = overall_status(decisive, prop) if decisive else ("considering" if answers else "no answer yet")
    shared_all = sorted({t for x in answers for t in x["shared_terms"]})
    return {
        "proposal_event_id": prop["event_id"],
        "proposal": prop["sentence"],
        "proposer": prop["source"],
        "responder": prop["target"] if responder is None else _responder_code(answers, responder),
        "topic": ", ".join(shared_all) if shared_all else _topic(prop, p_terms),
        "status": status,
        "shared_terms": shared_all,
        "sentences": [_sentence(prop, "proposal")] + answers,
    }


def overall_status(decisive: list[dict[str, Any]], proposal: dict[str, Any] | None = None) -> str:
    """The thread's answer: the latest, except that one story's acceptance and refusal of parts of a
    proposal on the latest day ("will send 2,000 soldiers" ... "joint patrols are not on the table") make
    it partial, and that an answer told on the proposal's own sentence ("..., a request the minister
    rejected") is that story's answer; a later day's answer replaces an earlier one's."""
    last = decisive[-1]
    same = [x for x in decisive if x["day"] == last["day"] and x["doc_id"] == last["doc_id"]]
    own = [x for x in same if proposal is not None and (x["doc_id"], x["sentence_index"])
           == (proposal["doc_id"], proposal["sentence_index"])]
    if own:
        return own[-1]["status"]
    statuses = {x["status"] for x in same}
    return "partial" if "partial" in statuses or {"accepted", "rejected"} <= statuses else last["status"]


def _responder_code(answers: list[dict[str, Any]], country: str) -> str:
    return next((x["actor"] for x in answers if x.get("actor")), country)


def _same_story_answer(prop: dict[str, Any], ev: dict[str, Any], shared: list[str]) -> bool:
    """In the story that reports the proposal, an answer worded as one ("refused", "agreed", "is
    studying") needs no two shared words: one shared word, a word for the proposal ("the offer",
    "the talks"), or two sentences' distance will do. An event that answers only by its code ("would
    provide ...") needs the proposal named after its verb, or two shared words as across stories."""
    if ev["doc_id"] != prop["doc_id"]:
        return False
    sentence = ev["sentence"] or ""
    if ev.get("status") == "refused?" or wording_status(sentence) is not None:
        return bool(shared) or bool(REFERENCE.search(sentence)) or ev["sentence_index"] - prop["sentence_index"] <= 2
    return _names_its_proposal({**ev, "target": prop["source"]})


def _terms(ev: dict[str, Any], actor_words: set[str]) -> set[str]:
    sentence = DATELINE.sub("", ev["sentence"] or "", count=1)  # "KYIV, May 6 (Example Wire) --" is no topic
    return key_terms(sentence, actor_words) | {f"agreement:{x}" for x in ev["agreements"] or []}


def _enough(shared: list[str], *sentences: str) -> bool:
    """One strong term (an agreement id, or an acronym written in capitals in both sentences: SOFA,
    AUKUS), or at least two content words."""
    caps = [_acronyms(s) for s in sentences]
    strong = [t for t in shared if t.startswith("agreement:") or all(t in c for c in caps)]
    return bool(strong) or len(shared) >= 2


@lru_cache(maxsize=65536)
def _acronyms(sentence: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z][A-Z0-9]{1,}\b", sentence))


# "Spain had proposed that ..., a request the Mauritanian minister rejected": the answer told in a clause
# hung on the proposal's own sentence, after a noun that names the proposal (or "which")
APPOSITIVE_ANSWER = re.compile(r"[,;]\s+(?:(?:an?|the|this|that)\s+(?:[\w'-]+\s+){0,2}?(?:request|idea|proposal|offer|"
                               r"demand|suggestion|call|plan|appeal|invitation|initiative)s?\b|which\b)", re.I)


def _appositive_answer(sentence: str, start: int = 0) -> tuple[int, re.Match[str]] | None:
    """(where the answering clause starts, its word of answer) when an APPOSITIVE_ANSWER clause after
    `start` answers, else None."""
    m = APPOSITIVE_ANSWER.search(sentence, start)
    word = _answer_word(sentence[m.end():]) if m else None
    return (m.end(), word) if word is not None else None


def _after(prop: dict[str, Any], ev: dict[str, Any]) -> bool:
    if ev["doc_id"] == prop["doc_id"] and ev["sentence_index"] == prop["sentence_index"]:
        # only in a clause after the proposal's own verb
        at = max((prop.get("verb_start") or 0) - (prop.get("sentence_start") or 0), 0)
        return _appositive_answer(prop["sentence"] or "", at) is not None
    if ev["doc_id"] == prop["doc_id"]:
        # a proposal told in the pluperfect came before the answers told ahead of it, if worded as answers
        return ev["sentence_index"] > prop["sentence_index"] or (
            ev["sentence_index"] < prop["sentence_index"] and bool(PLUPERFECT_PROPOSAL.search(prop["sentence"] or ""))
            and wording_status(ev["sentence"] or "") is not None)
    if prop["event_day"] is None or ev["event_day"] is None:
        return True
    return ev["event_day"] >= prop["event_day"]


def _actor_words(ev: dict[str, Any]) -> set[str]:
    """Words naming the actors (their text, canonical names, country names): never topic terms."""
    words = set()
    for key in ("source_text", "target_text", "source_name", "target_name"):
        words |= {w.lower() for w in WORD.findall((ev.get(key) or "").replace("_", " "))}
    for key in ("source", "target"):
        words |= _country_words((ev.get(key) or "")[:3])
    return words | {_lemma(w) for w in words}


@lru_cache(maxsize=512)
def _country_words(alpha3: str) -> frozenset[str]:
    """'JPN' -> {'japan', 'japa'}: name words and their stems, so 'Japanese' and 'American' drop out too."""
    country = pycountry.countries.get(alpha_3=alpha3) if len(alpha3) == 3 and alpha3.isalpha() else None
    if country is None:
        return frozenset()
    names = {getattr(country, k, "") or "" for k in ("name", "common_name", "official_name")}
    words = {w.lower() for n in names for w in WORD.findall(n) if len(w) >= 4 and w.lower() not in STOP_WORDS}
    return frozenset(words | {w[: max(4, len(w) - 1)] for w in words})


def _topic(prop: dict[str, Any], terms: set[str]) -> str:
    return ", ".join(sorted(terms)[:6])


def _sentence(ev: dict[str, Any], role: str) -> dict[str, Any]:
    return {"role": role, "event_id": ev["event_id"], "doc_id": ev["doc_id"], "day": ev["event_day"],
            "actor": ev["source"], "cameo": ev["cameo"], "sentence": ev["sentence"],
            "sentence_index": ev["sentence_index"], "url": ev["url"]}


def _events(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cur = con.execute(
        "SELECT * FROM current_events ORDER BY event_day NULLS FIRST, doc_id, sentence_index, verb_start")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _store(con: duckdb.DuckDBPyConnection, threads: list[dict[str, Any]]) -> None:
    links = thread_links(threads)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM thread_links")
        if links:
            table = pa.table({
                "proposal_event_id": pa.array([x.proposal_event_id for x in links], pa.string()),
                "answer_event_id": pa.array([x.answer_event_id for x in links], pa.string()),
                "status": pa.array([x.status for x in links], pa.string()),
                "shared_terms": pa.array([x.shared_terms for x in links], pa.list_(pa.string())),
                "proposer": pa.array([x.proposer for x in links], pa.string()),
                "responder": pa.array([x.responder for x in links], pa.string()),
                "answer_doc_id": pa.array([x.answer_doc_id for x in links], pa.string()),
                "answer_sentence": pa.array([x.answer_sentence for x in links], pa.string()),
            })
            con.register("_thread_links_new", table)
            try:
                names = ", ".join(table.column_names)
                con.execute(f"INSERT INTO thread_links ({names}) SELECT {names} FROM _thread_links_new")
            finally:
                con.unregister("_thread_links_new")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
