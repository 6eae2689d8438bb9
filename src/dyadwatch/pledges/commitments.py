"""Commitments read off the parse, whether or not the coder gave their verb a CAMEO code.

A commitment is a clause whose actor promises an act of its own with an amount or a deadline:
"Canada will raise defence spending to 2% of GDP by 2030", "the UAE committed to invest $10 billion in
Indian ports by 2032", "Germany said it would provide 500 million euros ...". The clause's verb carries
"will/shall" (or "would" in reported speech) or sits under a commitment verb ("pledged", "agreed to",
"aims to"); the amount and deadline must lie inside that clause, so each party of an agreement gets
its own. Not commitments: a clause under a hope or an expectation ("expects trade to reach $100
billion"), under an appeal ("urged Germany to deliver ..."), with an "if/unless" condition, negated,
or a past act ("has provided 28 billion euros since 2022", "a pipeline of $30 billion in projects").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from dyadwatch.pledges.amounts import FoundAmount, RateTable, find_amounts
from dyadwatch.pledges.deadlines import Deadline, find_deadline

COMMIT_LEMMAS = {"pledge", "promise", "vow", "commit", "guarantee", "undertake", "agree", "aim", "plan",
                 "intend", "target", "seek", "decide", "resolve", "reaffirm", "confirm", "announce"}
# verbs that commit money as their own object: "pledged 4 billion euros", "earmarked 1.2 trillion lira"
DIRECT_COMMIT_LEMMAS = {"pledge", "promise", "commit", "earmark", "allocate", "mobilise", "mobilize", "budget",
                        # "unveiled a 2 billion euro package", "the cabinet approved 1.5 trillion rupees"
                        "unveil", "announce", "approve"}
KIND_OF_LEMMA = {"pledge": "pledge", "promise": "pledge", "vow": "pledge", "commit": "pledge", "guarantee": "pledge",
                 "undertake": "pledge", "agree": "agreement", "aim": "intent", "target": "intent", "seek": "intent",
                 "intend": "intent", "plan": "plan", "earmark": "plan", "allocate": "plan", "budget": "plan",
                 "unveil": "plan", "announce": "plan", "approve": "plan"}
HOPE_LEMMAS = {"hope", "expect", "predict", "forecast", "estimate", "anticipate", "believe", "fear", "project",
               "wish", "think", "warn", "doubt", "assume", "worry",
               # "is unlikely to agree", "is expected to", "is due to": a guess about the actor, not its promise
               "likely", "unlikely", "expected", "due", "poised", "possible", "set"}
APPEAL_LEMMAS = {"urge", "ask", "call", "demand", "press", "request", "appeal", "push", "invite", "encourage",
                 "want", "need", "require"}
FUTURE_AUX = {"will", "shall", "'ll", "would", "wo"}
# coercion is a threat, not a promise ("will impose tariffs on another $160 billion of goods")
COERCIVE_LEMMAS = {"impose", "attack", "strike", "bomb", "invade", "seize", "expel", "retaliate", "punish",
                   "sanction", "blockade", "ban", "hit", "target", "shoot", "destroy", "occupy", "annex"}
HEDGES = {"likely", "probably", "possibly", "perhaps", "maybe", "eventually"}
# verbs of how things stand or turn out, not of acts: "it will cost $2 billion", "exports will reach ..."
STATIVE_LEMMAS = {"be", "cost", "total", "amount", "exceed", "reach", "remain", "become", "mean", "take", "last",
                  "need", "require", "seem", "appear", "rise", "fall", "grow", "come", "go", "stand", "top", "hit"}
# nouns through which an actor acts: "Japan's government", "the Chinese foreign ministry", "Kenyan officials"
AGENT_NOUNS = {"government", "ministry", "minister", "officials", "official", "cabinet", "administration", "treasury",
               "president", "chancellor", "leader", "leaders", "authorities", "parliament", "army", "forces",
               "navy", "military", "spokesman", "spokeswoman", "spokesperson", "secretary", "state", "envoy"}
CONDITION_MARKS = {"if", "unless", "provided", "providing", "once", "should"}
PRONOUN_SUBJECTS = {"it", "they", "he", "she", "we", "i"}
# "the minister said the country planned to ...": a definite subject that stands for the speaker's state
STATE_NOUNS = {"country", "kingdom", "government", "state", "nation", "republic", "emirate", "federation"}
# "set a target of producing ...", "announced a plan to build ...": a noun that names a commitment, the act
# its complement; the verb that adopts it makes the commitment
COMMITMENT_NOUNS = {"target", "goal", "aim", "plan", "pledge", "commitment", "promise", "objective", "ambition"}
ADOPTING_LEMMAS = {"set", "adopt", "announce", "unveil", "approve", "have", "reaffirm", "confirm", "make", "give",
                   "outline", "fix", "establish", "endorse"}
# "has raised its contribution to 650 million dollars": a commitment revised is a commitment made anew
REVISING_LEMMAS = {"raise", "increase", "boost", "lift", "cut", "reduce", "lower", "double", "triple", "trim",
                   "scale", "top"}
PLEDGED_NOUNS = {"contribution", "pledge", "commitment", "offer", "aid", "funding", "donation", "package", "loan",
                 "grant", "support", "financing", "deployment", "contingent"}
REFLEXIVES = {"itself", "themselves", "himself", "herself", "ourselves"}
SPEECH_LEMMAS = {"say", "tell", "announce", "state", "add", "confirm", "reaffirm", "declare", "insist", "stress",
                 "report", "note", "indicate", "pledge", "promise", "vow"}


@dataclass(slots=True)
class Commitment:
    """One committing clause of a sentence (offsets within the sentence)."""

    verb: Token  # the verb of the promised act ("raise", "invest", "provide")
    subject: list[Token]  # the tokens naming who commits ("Canada", "the UAE"); empty if none found
    speaker: list[Token]  # for a pronoun subject under a speech verb: the speaker ("Germany said it would")
    kind: str
    amount: FoundAmount | None
    deadline: Deadline | None
    excluded: list[tuple[int, int]] = field(default_factory=list)  # amount/deadline spans, for "what"
    amount_spans: list[tuple[int, int]] = field(default_factory=list)  # whole amounts in the clause
    part: int = 0  # 1, 2, ... for the further amounts of a clause that gives each its own deadline


def find_commitments(doc: Doc, sentence: str, ref: date | None, rates: RateTable) -> list[Commitment]:
    """The committing clauses of one parsed sentence that name an amount or a deadline."""
    amounts = [f for f in find_amounts(sentence, year=ref.year if ref else None, rates=rates)
               if f.amount.value is not None]
    out: list[Commitment] = []
    spans: list[tuple[int, int]] = []  # each commitment's clause (offsets in the sentence)
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "aux":
            continue
        kind = _commitment_kind(verb)
        if kind is None or _blocked(verb):
            continue
        # "pledged €500m to rebuild schools": the amount is the committing verb's, the act its complement's
        owner = _committing_head(verb) or verb
        clause = [t for t in clause_tokens(owner) if not t.is_punct] or [verb]
        lo, hi = min(t.idx for t in clause), max(t.idx + len(t.text) for t in clause)
        inside = [f for f in amounts if lo <= f.start and f.end <= hi + 1]
        deadline = _deadline_in(sentence, lo, hi, ref)
        if not inside and (deadline is None or deadline.day is None):
            continue
        subject = _subject(verb)
        speaker = _speaker(verb) if subject and (subject[-1].lower_ in PRONOUN_SUBJECTS or _state_noun(subject)) else []
        excluded = [span for f in inside for span in _number_spans(f, sentence)]
        if deadline is not None:
            at = sentence.find(deadline.text, lo)
            excluded.append((at, at + len(deadline.text)))
        parts = _each_amount_with_its_deadline(sentence, inside, hi, ref) or [(inside[0] if inside else None, deadline)]
        for _, due in parts[1:]:
            at = sentence.find(due.text, lo)
            excluded.append((at, at + len(due.text)))
        for part, (amount, due) in enumerate(parts):
            out.append(Commitment(verb, subject, speaker, kind, amount, due, excluded,
                                  [(f.start, f.end) for f in inside], part))
            spans.append((lo, hi))
    _deadline_beside_clause(sentence, out, spans, ref)
    return out


def _deadline_beside_clause(sentence: str, found: list[Commitment], spans: list[tuple[int, int]],
                            ref: date | None) -> None:
    """"Japan will lend Manila 95 billion yen ..., with the projects to be finished by 2029, the two
    governments said": a deadline the parse hangs outside the committing clause (on the speech verb, in
    a "with" phrase) is the clause's when the sentence makes one commitment with an amount and no
    deadline of its own, and no other clause of the sentence holds that deadline."""
    if len({id(c.verb) for c in found}) != 1 or found[0].amount is None or found[0].part:
        return
    c = found[0]
    if c.deadline is not None and c.deadline.day is not None:
        return
    lo, hi = spans[0]
    for part_lo, part_hi in ((0, lo), (hi, len(sentence))):
        due = find_deadline(sentence[part_lo:part_hi], ref)
        if due is not None and due.day is not None:
            c.deadline = due
            at = sentence.find(due.text, part_lo)
            c.excluded.append((at, at + len(due.text)))
            return


def _each_amount_with_its_deadline(sentence: str, amounts: list[FoundAmount], hi: int,
                                   ref: date | None) -> list[tuple[FoundAmount, Deadline]] | None:
    """"buy 12 million tonnes before the end of this year and 25 million tonnes a year over the following
    three years": amounts joined by "and", each followed by its own deadline, are commitments of their own.
    None when the clause's amounts share one deadline (or name none of their own), as "$2bn in grants and
    $1bn in loans by 2030" or "1.5 trillion rupees ($17 billion)" do."""
    if len(amounts) < 2:
        return None
    pairs = []
    for i, found in enumerate(amounts):
        end = amounts[i + 1].start if i + 1 < len(amounts) else hi
        if i + 1 < len(amounts) and not re.search(r"\band\b", sentence[found.end:end]):
            return None
        due = find_deadline(sentence[found.end:end], ref)
        if due is None or due.day is None:
            return None
        pairs.append((found, due))
    return pairs if len({d.day for _, d in pairs}) == len(pairs) else None


def _number_spans(found: FoundAmount, sentence: str) -> list[tuple[int, int]]:
    """The spans to leave out of "what": the whole amount for money and shares of GDP; for troops only
    the number ("send [1,000] more troops"); for tonnes and barrels the measure, not the goods ("buy
    [2 million tonnes of] liquefied natural gas [a year]", "export [100,000 barrels a day of] crude")."""
    unit, text, start = found.amount.unit, found.amount.text, found.start
    if unit == "troops":
        m = LEADING_NUMBER.match(text)
        return [(start, start + m.end())] if m else [(start, found.end)]
    if unit in ("tonnes", "tonnes_per_year"):
        m = re.search(r"\b(?:metric\s+)?(?:tonnes|tons|mt)\b(?:\s+of\b)?", text, re.I)
        spans = [(start, start + m.end())] if m else [(start, found.end)]
        per = re.search(r"\s+(?:(?:a|per|each)\s+(?:year|annum)|annually|yearly)$", text, re.I)
        return spans + ([(start + per.start(), found.end)] if per else [])
    end = found.end
    tail = re.match(r"\s+(?:worth\s+)?of\s", sentence[end:])
    if tail and (unit == "barrels_per_day" or "worth" in tail.group(0)):  # "$500 billion worth of" goods
        end += tail.end()
    return [(start, end)]


def _commitment_kind(verb: Token) -> str | None:
    """The kind of commitment the verb's clause makes, or None when it makes none: not negated,
    hedged ("would likely have to"), passive ("it would be provided": the thing, not who gives it),
    coercive, or an obligation ("have to")."""
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in HEDGES) for c in verb.children):
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or verb.lemma_.lower() in COERCIVE_LEMMAS \
            or (verb.lemma_.lower() in STATIVE_LEMMAS and not any(c.dep_ == "prt" for c in verb.children)):
        return None  # "it will take years" is stative; "will take on 45 billion rand of debt" is an act
    if verb.lemma_.lower() in ("have", "need") and any(c.dep_ == "xcomp" for c in verb.children):
        return None
    if verb.lemma_.lower() in ("start", "begin", "open", "close", "run", "stay", "continue") and not any(
            c.dep_ in ("dobj", "obj", "xcomp") for c in verb.children):
        return None  # "it will start at $44,000": a price, not an act
    if verb.lemma_.lower() in COMMIT_LEMMAS and (
            any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in verb.children)
            or any(c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pcomp" for g in c.children)
                   for c in verb.children)):
        return None  # "agreed to buy", "committed to buying": the act ("buy") is the commitment
    lemma = verb.lemma_.lower()
    if lemma in DIRECT_COMMIT_LEMMAS and any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return KIND_OF_LEMMA.get(lemma, "pledge")  # "pledged 300 million euros to a fund"
    if lemma in REVISING_LEMMAS and any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() in PLEDGED_NOUNS
                                        and any(p.dep_ == "poss" for p in c.children) for c in verb.children):
        return "pledge"  # "has raised its contribution to ...", "will cut its pledge to ...": the new amount
    adopting = _adopting_verb(verb)
    if adopting is not None:
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in HEDGES) for c in adopting.children):
            return None
        if any(c.dep_ == "aux" and c.lower_ == "had" for c in adopting.children) and not _reported(adopting):
            return None  # a target set once, told as past; not "said it had set a target" (reported)
        return "intent"
    committing = _committing_head(verb)
    if committing is not None:
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in HEDGES) for c in committing.children):
            return None
        if any(c.dep_ == "aux" and c.lower_ == "had" for c in committing.children):
            return None  # "the tariff X had planned to impose": a plan told as past, not a promise
        return KIND_OF_LEMMA.get(committing.lemma_.lower(), "intent")
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if auxes & FUTURE_AUX:
        if "would" in auxes and not _reported(verb):
            return None  # a bare "would" is a condition or a guess, not a promise
        return "intent"
    return None


def _adopting_verb(verb: Token) -> Token | None:
    """"has set a target of [producing] ...", "announced a plan [to build] ...": the verb that adopts the
    commitment noun whose complement the act is."""
    noun = None
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of":
        noun = verb.head.head
    elif verb.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        noun = verb.head
    if noun is None or noun.lemma_.lower() not in COMMITMENT_NOUNS or noun.dep_ not in ("dobj", "obj"):
        return None
    head = noun.head
    return head if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in ADOPTING_LEMMAS else None


def _committing_head(verb: Token) -> Token | None:
    """The commitment verb the act hangs from: "agreed [to buy]" (xcomp) or "committed to [buying]"
    (the object of "to")."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in COMMIT_LEMMAS:
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.lower_ == "to" and verb.head.head.lemma_.lower() in COMMIT_LEMMAS:
        return verb.head.head
    return None


def _reported(verb: Token) -> bool:
    """"X said it would ...": the clause is the content of a speech verb."""
    return verb.dep_ in ("ccomp", "conj") and (verb.head.lemma_.lower() in SPEECH_LEMMAS or _reported(verb.head)
                                               if verb.dep_ == "conj" else verb.head.lemma_.lower() in SPEECH_LEMMAS)


def _blocked(verb: Token) -> bool:
    """Under a hope, an expectation or an appeal, or bound to a condition: not a promise."""
    tok = verb
    for _ in range(6):
        if any(c.dep_ == "advcl" and any(m.lower_ in CONDITION_MARKS for m in c.children if m.dep_ == "mark")
               for c in tok.children):
            return True
        if tok.dep_ == "advcl" and any(m.lower_ in CONDITION_MARKS for m in tok.children if m.dep_ == "mark"):
            return True
        if tok.i != verb.i and tok.lemma_.lower() in HOPE_LEMMAS | APPEAL_LEMMAS:
            return True
        if tok.dep_ == "conj" and tok.head.lemma_.lower() in HOPE_LEMMAS | APPEAL_LEMMAS:
            break  # "has invited others to invest and has itself committed $1bn": beside the appeal, not under it
        if tok.head.i == tok.i or tok.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "acomp"):
            break
        tok = tok.head
    return False


def clause_tokens(verb: Token) -> list[Token]:
    """The verb's subtree without clauses joined to it ("..., and Washington agreed to ..."), which
    are commitments of their own."""
    out = [verb]
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            continue
        if child.dep_ in ("advcl", "ccomp", "parataxis") and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            continue  # "..., while the UAE committed to invest ...": another actor's clause
        if child.dep_ == "cc":
            continue
        out.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


def _deadline_in(sentence: str, lo: int, hi: int, ref: date | None) -> Deadline | None:
    return find_deadline(sentence[lo:hi], ref)


def subject_heads(subject: list[Token]) -> list[Token]:
    """The tokens of a subject that can name who acts: its head and the head's conjuncts ("Indonesia
    and Malaysia"); through an agent noun, its owner ("Japan's government", "Chinese officials"). Not
    the words inside a thing ("Chinese exports to the EU")."""
    if not subject:
        return []
    root = next((t for t in subject if t.head not in subject or t.head.i == t.i), subject[0])
    heads = [root] + [t for t in subject if t.dep_ == "conj" and t.head.i == root.i]
    out = list(heads)
    for head in heads:
        if head.lemma_.lower() in AGENT_NOUNS or head.lower_ in AGENT_NOUNS:
            for child in head.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod") or (child.dep_ == "prep" and child.lower_ == "of"):
                    out.extend(t for t in child.subtree if t.pos_ in ("PROPN", "ADJ", "NOUN"))
    return out


def _subject(verb: Token) -> list[Token]:
    """The subject of the verb's clause, climbing through "agreed to", "aims to" and conjoined verbs."""
    tok = verb
    for _ in range(5):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        # the subject nearest before the verb: a dateline parsed as a second subject ("MANILA, Aug. 5
        # (Wire) -- Washington has allocated ...") is no actor
        subj = max((c for c in subjects if c.i < tok.i), key=lambda c: c.i, default=subjects[0] if subjects else None)
        if subj is not None and subj.lower_ in REFLEXIVES and tok.dep_ == "conj":
            tok = tok.head  # "... and has itself committed $1bn": the subject of the verb it joins
            continue
        if subj is not None:
            return list(subj.subtree)
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":  # "India has committed to [buying]"
            tok = tok.head.head
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in COMMITMENT_NOUNS and tok.dep_ in ("dobj", "obj"):
            tok = tok.head  # "Peru has set a target of [producing]": the subject of the verb that sets it
            continue
        if tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in COMMITMENT_NOUNS:
            tok = tok.head  # "announced a plan [to build]"
            continue
        if tok.dep_ not in ("xcomp", "conj") or tok.head.i == tok.i:
            return []
        tok = tok.head
    return []


def _state_noun(subject: list[Token]) -> bool:
    """"the country", "the kingdom", "his government": a state noun that names no state, only the
    speaker's."""
    return len(subject) == 2 and subject[0].lower_ in ("the", "his", "her", "its", "their", "our") \
        and subject[1].lemma_.lower() in STATE_NOUNS


def _speaker(verb: Token) -> list[Token]:
    tok = verb
    for _ in range(5):
        if tok.head.i == tok.i:
            return []
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH_LEMMAS:
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            return list(subj.subtree) if subj is not None else []
        tok = tok.head
    return []


class ActorFinder:
    """Actor codes for the subject tokens of a parsed sentence, from the coder's actor dictionaries
    (`actors.match.ActorMatcher`, composed as the coder composes them: "South Korea's government" ->
    KORGOV). A bare country or capital committing to an act is its government (CAN -> CANGOV)."""

    def __init__(self, matcher) -> None:
        self.matcher = matcher

    def codes(self, doc: Doc, tokens: list[Token], day: date | None) -> list[str]:
        """One code per actor the tokens name ("Germany and France" -> DEUGOV, FRAGOV)."""
        from dyadwatch.actors.compose import compose

        if not tokens:
            return []
        words = [t.text for t in doc]
        mentions, _ = self.matcher.find(words, day, [w[:1].isupper() or w[:1].isdigit() for w in words])
        wanted = {t.i for t in tokens}
        out: list[str] = []
        groups = compose(doc, mentions)
        if not any(g.head in wanted and g.has_actor for g in groups):
            # "CANBERRA, Dec 12 -- Australia will spend ...": the parse hangs the subject off the dateline's
            # place, so the group's head is the place; the subject's own mentions, composed alone, name it
            groups = compose(doc, [m for m in mentions if all(i in wanted for i in range(m.start, m.end))])
        for group in groups:
            if group.head not in wanted or not group.has_actor:
                continue
            code = next((c for c in group.codes if c and not c.startswith("---")), None)
            if code:
                code = code + "GOV" if len(code) == 3 and code.isalpha() else code
                if code[:3] not in {c[:3] for c in out}:
                    out.append(code)
        return out


QUANTITY_UNITS = {"troops", "tonnes", "tonnes_per_year", "barrels_per_day"}
LEADING_NUMBER = re.compile(r"^(?:[A-Za-z ]*?\s)?[\d][\d,.]*(?:\s*(?:thousand|million|billion|trillion))?", re.I)
# verbs whose money object is the gift: "provide 500 million euros for air defence" -> "provide air defence"
GIVING = {"provide", "give", "pledge", "promise", "commit", "contribute", "donate", "deliver", "offer", "grant",
          "supply"}
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "month",
              "weekend", "today", "tomorrow", "yesterday", "morning", "evening"}
SKIP_DEPS = {"advcl", "relcl", "conj", "cc", "punct", "nsubj", "nsubjpass", "aux", "auxpass", "neg", "mark",
             "npadvmod", "appos", "parataxis", "dep", "prt"}  # particles are added after the verb
MAX_WHAT_TOKENS = 9


def _whole_end(words: list[Token], cut: list[Token]) -> list[Token]:
    """The phrase cut at MAX_WHAT_TOKENS ends on a whole word group: no preposition, article or conjunction
    left hanging ("across the Gulf [of]"), nor a modifier whose noun was cut off ("to a [joint]")."""
    kept = list(words)
    cut_ids = {t.i for t in cut}
    while kept:
        last = kept[-1]
        dangling = last.dep_ in ("cc", "prep", "det", "aux", "case", "poss", "punct", "mark") \
            or last.pos_ in ("ADP", "DET", "CCONJ", "SCONJ", "PART", "PUNCT") or last.head.i in cut_ids
        if not dangling:
            break
        kept.pop()
    return kept


def _relative_antecedent(verb: Token) -> list[Token]:
    """"a rover NASA plans to [fly] in 2022", "the jets Cairo has agreed to [buy]": the act's object is the
    noun the relative clause hangs on ("a rover", "the jets"), without the clause."""
    rel = verb if verb.dep_ == "relcl" else verb.head if verb.dep_ == "xcomp" and verb.head.dep_ == "relcl" else None
    if rel is None or rel.head.pos_ not in ("NOUN", "PROPN"):
        return []
    noun = rel.head
    inside = {t.i for t in rel.subtree}
    return [t for t in noun.doc[noun.left_edge.i:noun.i + 1] if t.i not in inside and not t.is_punct]


def act_phrase(c: Commitment) -> str:
    """The promised act as an analyst writes it: the verb and what follows it in its clause, without
    the amount, the deadline, conditions or joined clauses ("raise defence spending", "send more troops
    to Estonia", "provide air defence")."""
    verb = c.verb
    excluded = list(c.excluded)
    lemma = verb.lemma_.lower()
    head = "provide" if lemma in ("pledge", "promise", "commit") else lemma
    tokens = []
    for child in verb.children:
        if child.i < verb.i or child.dep_ in SKIP_DEPS:
            continue
        if child.dep_ == "prep" and child.lower_ == "by" and any(s <= child.idx < e for s, e in excluded):
            continue
        if child.dep_ == "prep" and child.lower_ in ("by", "to") and any(
                s <= t.idx < e for t in child.subtree for s, e in c.amount_spans):
            continue  # "cut steel output [by 30 million tonnes]", "raise spending [to 2% of GDP]"
        if child.dep_ == "prep" and any(t.lower_ in TIME_WORDS for t in child.children if t.dep_ == "pobj"):
            continue  # "[on Wednesday]": when it was said, not what is promised
        tokens.extend(t for t in child.subtree if not any(s <= t.idx < e for s, e in excluded))
    tokens = [t for t in tokens if not t.is_punct or t.text in ("-",)]
    # "[$750 billion] of US energy" -> "US energy"; "to 10%" leaves no bare "10"
    tokens = [t for t in tokens if not (t.dep_ == "prep" and t.lower_ == "of"
                                        and any(s <= t.head.idx < e for s, e in excluded))]
    tokens = [t for t in tokens if not (t.like_num and t.i + 1 < len(t.doc) and t.nbor(1).text in ("%", "percent"))]
    words = [t for t in sorted(set(tokens), key=lambda t: t.i)]
    # a preposition left without its object ("raise defence spending to [2% of GDP]") is dropped
    words = [t for t in words if not (t.dep_ == "prep" and not any(x in words for x in t.children))]
    if words and lemma in GIVING and words[0].dep_ == "prep" and words[0].lower_ in ("for", "in"):
        words = words[1:]
    while words and words[-1].dep_ in ("cc", "prep", "det", "aux", "case"):
        words = words[:-1]
    particles = [t.text for t in verb.children if t.dep_ == "prt"]
    if not any(t.dep_ in ("dobj", "obj") for t in verb.children):
        words = _relative_antecedent(verb) + words
    text = " ".join([head] + particles + [t.text for t in _whole_end(words[:MAX_WHAT_TOKENS], words[MAX_WHAT_TOKENS:])])
    return text.replace(" 's", "'s").replace(" - ", "-")
