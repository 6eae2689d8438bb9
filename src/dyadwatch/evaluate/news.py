"""Score the whole pipeline on a news gold folder (stories + gold.json, the news-dev format).

Every story file named in gold.json goes through the real pipeline (`pipeline.process_inputs`: read,
clean, code, pledges) with no database file; each processed article is paired with its gold article by
file name, and for RSS and JSONL by the item's rank in its file (`item_index`, 1-based). Then, as the
folder's README says under "Scoring":

- events: system events from headlines are dropped: those the coder flags (`Event.headline`: the
  sentence is the article's title, as the store leaves them out of counts) and, for .txt files, those
  of line 1 (the folder's convention) when cleaning did not take it as the title; and so
  are events without a target. A system event matches a gold event when its sentence starts with the
  gold prefix (whitespace, quotes and entities normalised), source and target agree at country level
  (first three letters; the whole code for IGO... less a role suffix, PETRARCH's IGOEUREEC being EUR..)
  or are in source_ok/target_ok (either direction when reciprocal), and its root is the gold root or
  the root of a code in cameo_ok. Recall is over required gold events (not optional, not negated or
  hypothetical), matched by an asserted event (not negated, mode not hypothetical). Precision is over
  asserted events: one matching only an optional gold event counts neither way; one matching a
  negated/hypothetical gold event (a trap) is wrong.
- every missed required event gets one failure class from the system events of its sentence; every
  wrong asserted event gets one too (see MISS_CLASSES, WRONG_CLASSES).
- the pre-filter: required gold events whose sentence the coder did not parse (`planned_parses`).
- pledges: the commitments the system lists (`Pledge.commitment`: pledges, intents, plans and
  agreements' commitments with an amount or a deadline; proposals and appeals are threads), paired
  one-to-one with the gold on actor (country level); a gold pledge is found when the paired pledge
  also has the amount (within 1 % in the same unit) and the deadline year; amount and deadline
  accuracy are reported apart, over the actor pairs.
- proposal answers: threads built as `dyadwatch threads` builds them (analyse.threads, over an
  in-memory store), each proposal with its answers in one article (the proposal's, or a later story's
  that answers it) giving one answer there: the latest
  accept/reject/partial (partial when that day's answers there accept some parts and refuse others, as
  the thread decides), else partial ('considering'); an answer whose proposal is not reported
  counts in its own article. It matches a gold pair on proposer, responder (country
  level) and response, with one content word of the gold proposal in its sentences.
- junk: gold junk strings left in the clean text (the headline may stay once); gold event sentences
  missing from the clean text.
"""
from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.actors.identity import default_identities
from dyadwatch.errors import InputError
from dyadwatch.records import Event, Pledge

# Missed required gold events, by what the system coded in their sentence: nothing ('no event'), a
# match flagged negated/hypothetical ('flagged'), else the nearest event's first disagreement in this
# order: target missing, target, source, code ('other event' when it agrees on none of the three).
MISS_CLASSES = ("no article", "no event", "flagged", "no target", "wrong target", "wrong source", "wrong code",
                "other event")
# Wrong asserted system events: a match of a negated/hypothetical gold event ('trap'), else as above
# against the nearest gold event of its sentence ('no gold in sentence' when there is none).
WRONG_CLASSES = ("trap", "wrong target", "wrong source", "wrong code", "other event", "no gold in sentence")
RESPONSES = {"accepted": "accept", "rejected": "reject", "partial": "partial", "considering": "partial"}
# Units a system amount may carry (Amount.unit), as the gold names them (`currency`).
UNIT_CODES = {"percent_gdp": "PCT_GDP", "pct_gdp": "PCT_GDP", "tonnes": "TONNES", "tonnes_per_year": "TONNES_PER_YEAR",
              "barrels_per_day": "BARRELS_PER_DAY", "troops": "TROOPS"}
AMOUNT_TOLERANCE = 0.01
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
                         "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'"})


def normalise(text: str) -> str:
    """Entities decoded, curly quotes straight, whitespace runs one space."""
    return " ".join(html.unescape(text or "").translate(_QUOTES).split())


def actor_key(code: str | None) -> str | None:
    """Country-level identity of an actor code: its first three letters; for an IGO its organisation's
    identity, roles dropped ('IGOEUREECGOV' counts as the EU, EUR; the Phoenix code of the IMF as
    'IGOIMF': `data/actors/organisations.csv`)."""
    return default_identities().key(code)


def agrees(code: str | None, gold: str | None, also: Iterable[str] = ()) -> bool:
    key = actor_key(code)
    return key is not None and any(key == actor_key(c) for c in (gold, *also) if c)


# ---- gold ----------------------------------------------------------------------------------------------

@dataclass(slots=True)
class GoldEvent:
    sentence: str  # normalised prefix
    source: str
    target: str
    root: str
    roots: frozenset[str]  # the root and the roots of cameo_ok
    negated: bool = False
    optional: bool = False
    reciprocal: bool = False
    source_ok: tuple[str, ...] = ()
    target_ok: tuple[str, ...] = ()
    note: str = ""

    @property
    def required(self) -> bool:
        return not self.optional and not self.negated

    def label(self) -> str:
        arrow = "<->" if self.reciprocal else "->"
        return f"{self.source} {arrow} {self.target} {self.root}"


@dataclass(slots=True)
class GoldPledge:
    actor: str
    what: str
    amount: float | None
    unit: str | None
    deadline_year: int | None


@dataclass(slots=True)
class GoldAnswer:
    proposer: str
    proposal: str
    responder: str
    response: str


@dataclass(slots=True)
class GoldArticle:
    name: str
    file: str
    format: str
    title: str = ""
    item_index: int | None = None
    junk_lines: list[str] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    pledges: list[GoldPledge] = field(default_factory=list)
    answers: list[GoldAnswer] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.file, self.item_index)


def read_gold(directory: str | Path) -> list[GoldArticle]:
    """The gold articles of a folder's gold.json. InputError (naming the file and the entry) if it is
    missing or malformed."""
    path = Path(directory) / "gold.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(directory), "no gold.json in this folder") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read gold: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(str(path), "gold must be a JSON list of articles")
    out = []
    for number, entry in enumerate(data, start=1):
        where = f"{path}#{number}"
        try:
            out.append(_gold_article(entry))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(where, f"malformed gold article ({type(exc).__name__}: {exc})") from exc
    return out


def _gold_article(entry: dict[str, Any]) -> GoldArticle:
    index = entry.get("item_index")
    return GoldArticle(
        name=str(entry.get("article") or entry["file"]), file=str(entry["file"]), format=str(entry.get("format", "")),
        title=str(entry.get("title") or ""), item_index=int(index) if index is not None else None,
        junk_lines=[str(j) for j in entry.get("junk_lines") or []],
        events=[_gold_event(e) for e in entry.get("events") or []],
        pledges=[GoldPledge(str(p["actor"]), str(p.get("what") or ""),
                            float(p["amount"]) if p.get("amount") is not None else None,
                            p.get("currency"), int(p["deadline_year"]) if p.get("deadline_year") else None)
                 for p in entry.get("pledges") or []],
        answers=[GoldAnswer(str(a["proposer"]), str(a.get("proposal") or ""), str(a["responder"]),
                            str(a["response"]).lower()) for a in entry.get("proposal_responses") or []],
    )


def _gold_event(e: dict[str, Any]) -> GoldEvent:
    root = str(e["cameo_root"]).zfill(2)[:2]
    return GoldEvent(
        sentence=normalise(e["sentence"]), source=str(e["source"]), target=str(e["target"]), root=root,
        roots=frozenset({root} | {str(c)[:2] for c in e.get("cameo_ok") or []}),
        negated=bool(e.get("negated_or_hypothetical")), optional=bool(e.get("optional")),
        reciprocal=bool(e.get("reciprocal")), source_ok=tuple(e.get("source_ok") or ()),
        target_ok=tuple(e.get("target_ok") or ()), note=str(e.get("note") or ""),
    )


# ---- the system's side ------------------------------------------------------------------------------------

@dataclass(slots=True)
class SystemArticle:
    """One processed article with what the scoring needs beside its records."""

    text: str
    title: str | None
    events: list[Event]
    pledges: list[Pledge]
    headlines: list[str]  # normalised
    sentences: list[str]  # normalised, in `split_sentences` order (indices = Event.sentence_index)
    parsed: set[int] | None  # sentence indices the pre-filter lets through; None: coder cannot say
    answers: list[dict[str, Any]] = field(default_factory=list)  # proposer, responder, response, sentences


def run_system(directory: str | Path, gold: list[GoldArticle], settings, coder,
               on_error: Callable[[InputError], None] | None = None) -> dict[tuple[str, int | None], SystemArticle]:
    """Process every file gold.json names (in name order) and key the articles like the gold."""
    from dyadwatch.nlp.pipeline import split_sentences
    from dyadwatch.run import process_inputs

    directory = Path(directory)
    files = sorted({g.file for g in gold})
    errors: list[InputError] = []

    def failed(exc: InputError) -> None:
        errors.append(exc)
        if on_error:
            on_error(exc)

    processed = list(process_inputs([str(directory / f) for f in files], settings, coder=coder, on_error=failed))
    ranks = _item_ranks([p.article.path for p in processed] + [e.path for e in errors])
    answers = _answers_by_article(processed)
    planner = getattr(coder, "planned_parses", None)
    out = {}
    for p in processed:
        a = p.article
        key = ranks[a.path]
        headlines = [a.title or ""] + ([_first_line(directory / key[0])] if key[1] is None and
                                       key[0].lower().endswith(".txt") else [])
        out[key] = SystemArticle(
            text=a.text, title=a.title, events=list(p.events), pledges=list(p.pledges),
            headlines=[normalise(h) for h in headlines if h and h.strip()],
            sentences=[normalise(s.text) for s in split_sentences(a.text, settings.max_sentence_chars)],
            parsed=planner(a) if planner is not None else None,
            answers=answers.get(id(p), []),
        )
    return out


def _item_ranks(paths: list[str]) -> dict[str, tuple[str, int | None]]:
    """'dir/f.xml#3' -> ('f.xml', rank of 3 among f.xml's records): the gold's item_index counts
    items, a reader numbers records (a JSONL record by its line)."""
    numbered: dict[str, list[int]] = {}
    out: dict[str, tuple[str, int | None]] = {}
    for path in paths:
        base, _, number = path.rpartition("#")
        if base and number.isdigit():
            numbered.setdefault(base, []).append(int(number))
        else:
            out[path] = (Path(path).name, None)
    for base, numbers in numbered.items():
        for rank, number in enumerate(sorted(set(numbers)), start=1):
            out[f"{base}#{number}"] = (Path(base).name, rank)
    return out


def _first_line(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            return next((line.strip() for line in fh if line.strip()), "")
    except OSError:
        return ""


def _answers_by_article(processed: list) -> dict[int, list[dict[str, Any]]]:
    """Proposal answers per processed article (by id()): threads built as `dyadwatch threads` does,
    over an in-memory store of these articles, each proposal with its answers from its own article."""
    from dyadwatch.analyse.threads import build_threads, overall_status
    from dyadwatch.store.db import open_db
    from dyadwatch.run import write_articles

    owner = {e.event_id: id(p) for p in processed for e in p.events}
    processed_by_id = {id(p): p for p in processed}
    doc_owner = {p.article.doc_id: id(p) for p in processed}
    con = open_db(":memory:")
    try:
        for _ in write_articles(con, processed):
            pass
        threads = build_threads(con, store=False)
    finally:
        con.close()
    out: dict[int, list[dict[str, Any]]] = {}
    for t in threads:
        # the proposal's article; for an answer whose proposal is not reported, the answer's
        home = owner.get(t["proposal_event_id"]) or doc_owner.get(t["sentences"][0]["doc_id"])
        if home is None:
            continue
        # an answer in a later story is that story's answer too (its gold holds the pair): one entry per
        # article holding answers, the proposal's first
        by_article: dict[int, list[dict[str, Any]]] = {}
        for s in t["sentences"]:
            if s["role"] == "answer" and doc_owner.get(s["doc_id"]) is not None:
                by_article.setdefault(doc_owner[s["doc_id"]], []).append(s)
        for article, answers in sorted(by_article.items(), key=lambda kv: kv[0] != home):
            if article != home and not _restates(processed_by_id[article], t["proposer"], answers):
                continue
            decisive = [s for s in answers if s["status"] in ("accepted", "rejected", "partial")]
            status = overall_status(decisive, t["sentences"][0]) if decisive else "considering"
            sentences = [t["sentences"][0]["sentence"]] + [s["sentence"] for s in answers]
            out.setdefault(article, []).append({
                "proposer": t["proposer"], "responder": t["responder"], "response": RESPONSES[status],
                "sentences": sentences if article != home else [s["sentence"] for s in t["sentences"]],
            })
    return out


def _restates(later, proposer: str, answers: list[dict[str, Any]]) -> bool:
    """A later story holds the pair when it tells the proposal again: an event of its proposer that
    proposes ("Russia's president had proposed ..."), or an answer naming a proposal ("a Kremlin offer")."""
    from dyadwatch.analyse.threads import proposer_named

    country = (proposer or "")[:3]
    if any(e.source is not None and e.source.code[:3] == country and (e.mode == "proposed" or e.cameo_root == "02")
           for e in later.events):
        return True
    return any((proposer_named(s["sentence"] or "", {}, s.get("actor") or "") or "")[:3] == country for s in answers)


# ---- scoring ---------------------------------------------------------------------------------------------

def is_flagged(event: Event) -> bool:
    """Marked as not having happened: negated, or hypothetical (intended/proposed are real acts)."""
    return event.negated or event.mode == "hypothetical"


@dataclass(slots=True)
class Comparison:
    sentence: bool
    code: bool
    source: bool
    target: str  # ok | missing | wrong

    @property
    def match(self) -> bool:
        return self.sentence and self.code and self.source and self.target == "ok"

    @property
    def agreement(self) -> tuple[int, bool]:
        return (self.code + self.source + (self.target == "ok"), self.target != "missing")

    def failure(self) -> str:
        if self.agreement[0] == 0:
            return "other event"
        if self.target == "missing":
            return "no target"
        if self.target == "wrong":
            return "wrong target"
        return "wrong source" if not self.source else "wrong code"


def compare(event: Event, sentence: str, gold: GoldEvent) -> Comparison:
    """How a system event (its normalised sentence) agrees with a gold event, in the gold's best direction."""
    sides = [(gold.source, gold.source_ok, gold.target, gold.target_ok)]
    if gold.reciprocal:
        sides.append((gold.target, gold.target_ok, gold.source, gold.source_ok))
    best = None
    for src, src_ok, tgt, tgt_ok in sides:
        source = event.source is not None and agrees(event.source.code, src, src_ok)
        target = "missing" if event.target is None else ("ok" if agrees(event.target.code, tgt, tgt_ok) else "wrong")
        if best is None or source + (target == "ok") > best[0] + (best[1] == "ok"):
            best = (source, target)
    return Comparison(sentence.startswith(gold.sentence), (event.cameo_root or "")[:2] in gold.roots, *best)


@dataclass
class Tally:
    """Counts that add up across articles."""

    counts: Counter = field(default_factory=Counter)
    per_root: dict[str, Counter] = field(default_factory=dict)
    missed: Counter = field(default_factory=Counter)
    wrong: Counter = field(default_factory=Counter)
    details: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def note(self, kind: str, **row: Any) -> None:
        self.details.setdefault(kind, []).append(row)

    def root(self, root: str) -> Counter:
        return self.per_root.setdefault(root, Counter())


def score_article(gold: GoldArticle, system: SystemArticle | None, tally: Tally) -> None:
    """Add one article's figures (events, pre-filter, pledges, answers, junk) to the tally."""
    c = tally.counts
    c["articles"] += 1
    for g in gold.events:
        c["gold_events"] += 1
        c["gold_required"] += g.required
        c["gold_optional"] += g.optional and not g.negated
        c["gold_traps"] += g.negated
        if g.required:
            tally.root(g.root)["gold"] += 1
    c["gold_pledges"] += len(gold.pledges)
    c["gold_answers"] += len(gold.answers)
    c["gold_junk"] += len(gold.junk_lines)
    if system is None:  # its file unreadable, or fewer items in it than item_index says
        c["articles_missing"] += 1
        tally.note("not_processed", article=gold.name, file=gold.file, item_index=gold.item_index)
        for g in gold.events:
            if g.required:
                tally.missed["no article"] += 1
                tally.note("missed", article=gold.name, gold=g.label(), sentence=g.sentence, failure="no article")
        return
    _score_events(gold, system, tally)
    _score_prefilter(gold, system, tally)
    _score_pledges(gold, system, tally)
    _score_answers(gold, system, tally)
    _score_junk(gold, system, tally)


def _is_headline(sentence: str, headlines: list[str]) -> bool:
    return any(sentence and sentence in h for h in headlines)


def _score_events(gold: GoldArticle, system: SystemArticle, tally: Tally) -> None:
    c = tally.counts
    events = []
    for e in system.events:
        sentence = normalise(e.sentence)
        if e.headline or _is_headline(sentence, system.headlines):
            c["headline_events_dropped"] += 1
            continue
        events.append((e, sentence))
    c["system_events"] += len(events)
    c["targetless_ignored"] += sum(e.target is None for e, _ in events)
    scored = [(e, s) for e, s in events if e.target is not None]
    c["flagged_ignored"] += sum(is_flagged(e) for e, _ in scored)
    matches = {i: [g for g in gold.events if compare(e, s, g).match] for i, (e, s) in enumerate(scored)}
    by_gold = {id(g): [scored[i][0] for i, gs in matches.items() if any(x is g for x in gs)] for g in gold.events}
    for g in gold.events:
        hits = by_gold[id(g)]
        plain = [e for e in hits if not is_flagged(e)]
        if g.negated:
            c["traps_emitted_plain"] += bool(plain)
            c["traps_flagged"] += bool(hits) and not plain
            # looser: an asserted event of the trap's root in its sentence, whatever its actors
            c["traps_same_root_plain"] += any(e.target is not None and not is_flagged(e) and
                                              (e.cameo_root or "")[:2] in g.roots and s.startswith(g.sentence)
                                              for e, s in events)
            outcome = "emitted plain" if plain else "flagged" if hits else "not emitted"
            tally.note("traps", article=gold.name, gold=g.label(), sentence=g.sentence, outcome=outcome,
                       coded=[_describe(e) for e in hits])
            continue
        if not g.required:
            continue
        if plain:
            c["found"] += 1
            tally.root(g.root)["found"] += 1
            continue
        failure = "flagged" if hits else _miss_class(g, events)
        tally.missed[failure] += 1
        tally.note("missed", article=gold.name, gold=g.label(), sentence=g.sentence, failure=failure,
                   coded=[_describe(e) for e, s in events if s.startswith(g.sentence)])
    for i, (e, s) in enumerate(scored):
        if is_flagged(e):
            continue
        matched = matches[i]
        root = tally.root(e.cameo_root or "??")
        if any(g.required for g in matched):
            c["correct"] += 1
            root["correct"] += 1
            root["asserted"] += 1
            continue
        if any(g.optional and not g.negated for g in matched):
            c["optional_only"] += 1
            continue
        failure = "trap" if matched else _wrong_class(e, s, gold.events)
        c["wrong"] += 1
        root["asserted"] += 1
        tally.wrong[failure] += 1
        tally.note("wrong", article=gold.name, event=_describe(e), sentence=e.sentence, failure=failure)


def _miss_class(g: GoldEvent, events: list[tuple[Event, str]]) -> str:
    """Why a required gold event was missed, from the system events of its sentence."""
    candidates = [compare(e, s, g) for e, s in events if s.startswith(g.sentence)]
    if not candidates:
        return "no event"
    return max(candidates, key=lambda x: x.agreement).failure()


def _wrong_class(e: Event, sentence: str, golds: list[GoldEvent]) -> str:
    """Why an asserted event matches no gold event: its nearest gold event in the same sentence."""
    candidates = [compare(e, sentence, g) for g in golds if sentence.startswith(g.sentence)]
    if not candidates:
        return "no gold in sentence"
    return max(candidates, key=lambda x: x.agreement).failure()


def _describe(e: Event) -> str:
    src = e.source.code if e.source else "-"
    tgt = e.target.code if e.target else "-"
    flags = "".join([" negated" if e.negated else "", f" {e.mode}" if e.mode != "asserted" else ""])
    return f"{src} -> {tgt} {e.cameo} ({e.verb_text}){flags}"


def _score_prefilter(gold: GoldArticle, system: SystemArticle, tally: Tally) -> None:
    c = tally.counts
    for g in gold.events:
        if not g.required:
            continue
        where = [i for i, s in enumerate(system.sentences) if s.startswith(g.sentence)]
        if not where:  # cleaning lost it, or the sentence splitter cut it elsewhere
            c["prefilter_sentence_not_found"] += 1
            tally.note("sentence_not_found", article=gold.name, gold=g.label(), sentence=g.sentence)
        elif system.parsed is None:
            c["prefilter_unknown"] += 1
        elif any(i in system.parsed for i in where):
            c["prefilter_parsed"] += 1
        else:
            c["prefilter_skipped"] += 1
            tally.note("prefilter_skipped", article=gold.name, gold=g.label(), sentence=g.sentence)


def _unit(pledge: Pledge) -> str | None:
    amount = pledge.amount
    if amount is None:
        return None
    if amount.unit:
        return UNIT_CODES.get(amount.unit.lower(), amount.unit.upper())
    return (amount.currency or "").upper() or None


def amount_agrees(pledge: Pledge, gold: GoldPledge) -> bool:
    """Same unit and within 1 %; no amount on both sides agrees too."""
    value = pledge.amount.value if pledge.amount is not None else None
    if gold.amount is None or value is None:
        return gold.amount is None and value is None
    same_unit = _unit(pledge) == (gold.unit or "").upper()
    return same_unit and abs(value - gold.amount) <= AMOUNT_TOLERANCE * abs(gold.amount)


def _score_pledges(gold: GoldArticle, system: SystemArticle, tally: Tally) -> None:
    c = tally.counts
    commitments = [p for p in system.pledges if p.commitment]  # what `dyadwatch pledges` lists
    c["system_pledges"] += len(commitments)
    pairs = []  # (fields agreeing, earlier gold first, earlier pledge first)
    for gi, g in enumerate(gold.pledges):
        for si, p in enumerate(commitments):
            if agrees(p.actor, g.actor):
                amount, deadline = amount_agrees(p, g), (p.deadline.year if p.deadline else None) == g.deadline_year
                pairs.append(((amount + deadline, -gi, -si), gi, si, amount, deadline))
    used_gold, used_system = set(), set()
    for _rank, gi, si, amount, deadline in sorted(pairs, key=lambda x: x[0], reverse=True):
        if gi in used_gold or si in used_system:
            continue
        used_gold.add(gi)
        used_system.add(si)
        c["pledge_actor_found"] += 1
        c["pledge_amount_right"] += amount
        c["pledge_deadline_right"] += deadline
        c["pledges_found"] += amount and deadline
        g, p = gold.pledges[gi], commitments[si]
        tally.note("pledges", article=gold.name, gold=_gold_pledge(g), system=_system_pledge(p),
                   amount_ok=amount, deadline_ok=deadline)
    for gi, g in enumerate(gold.pledges):
        if gi not in used_gold:
            tally.note("pledges", article=gold.name, gold=_gold_pledge(g), system=None, amount_ok=False,
                       deadline_ok=False)


def _gold_pledge(g: GoldPledge) -> str:
    return f"{g.actor} {g.amount if g.amount is not None else '-'} {g.unit or ''} by {g.deadline_year or '-'}"


def _system_pledge(p: Pledge) -> str:
    value = p.amount.value if p.amount is not None else None
    return f"{p.actor} {value if value is not None else '-'} {_unit(p) or ''} by " \
           f"{p.deadline.year if p.deadline else '-'} ({p.kind}: {p.what})"


def _score_answers(gold: GoldArticle, system: SystemArticle, tally: Tally) -> None:
    from dyadwatch.analyse.threads import key_terms

    c = tally.counts
    c["system_answers"] += len(system.answers)
    used: set[int] = set()
    for g in gold.answers:
        terms = key_terms(g.proposal)
        hit = near = None  # a full match; else the first answer with the right pair and topic
        for i, a in enumerate(system.answers):
            if i in used or not (agrees(a["proposer"], g.proposer) and agrees(a["responder"], g.responder)):
                continue
            if terms and not any(terms & key_terms(s) for s in a["sentences"]):
                continue
            if a["response"] == g.response:
                hit = i
                break
            near = i if near is None else near
        if hit is not None:
            used.add(hit)
            c["answers_found"] += 1
        elif near is not None:
            c["answers_pair_found_wrong_response"] += 1
        pick = hit if hit is not None else near
        answer = system.answers[pick] if pick is not None else None
        tally.note("answers", article=gold.name, found=hit is not None,
                   gold=f"{g.proposer} -> {g.responder}: {g.proposal} -> {g.response}",
                   system=f"{answer['proposer']} -> {answer['responder']}: {answer['response']}" if answer else None)


def _score_junk(gold: GoldArticle, system: SystemArticle, tally: Tally) -> None:
    c = tally.counts
    text = normalise(system.text)
    titles = {normalise(system.title or ""), normalise(gold.title)}
    for junk in gold.junk_lines:
        key = normalise(junk)
        allowed = 1 if key in titles else 0  # a repeated headline is junk, the headline itself may stay once
        if key and text.count(key) > allowed:
            c["junk_left"] += 1
            tally.note("junk_left", article=gold.name, junk=junk)
    for sentence in dict.fromkeys(g.sentence for g in gold.events):
        c["gold_sentences"] += 1
        if sentence not in text:
            c["gold_sentences_lost"] += 1
            tally.note("sentences_lost", article=gold.name, sentence=sentence)


# ---- the report ------------------------------------------------------------------------------------------

def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _f1(correct: int, asserted: int, found: int, required: int) -> float | None:
    """F1 of precision correct/asserted and recall found/required (unrounded)."""
    if not asserted or not required:
        return None
    p, r = correct / asserted, found / required
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


@dataclass
class NewsReport:
    directory: str
    tally: Tally
    errors: list[str]

    @property
    def recall(self) -> float:
        c = self.tally.counts
        return _ratio(c["found"], c["gold_required"]) or 0.0

    @property
    def precision(self) -> float:
        c = self.tally.counts
        return _ratio(c["correct"], c["correct"] + c["wrong"]) or 0.0

    def as_dict(self, verbose: bool = False) -> dict[str, Any]:
        c, t = self.tally.counts, self.tally
        asserted = c["correct"] + c["wrong"]
        recall, precision = _ratio(c["found"], c["gold_required"]), _ratio(c["correct"], asserted)
        pre_known = c["prefilter_parsed"] + c["prefilter_skipped"]
        pairs = c["pledge_actor_found"]
        out: dict[str, Any] = {
            "directory": self.directory,
            "articles": {"gold": c["articles"], "missing": c["articles_missing"],
                         "not_processed": [r["article"] for r in t.details.get("not_processed", [])],
                         "errors": list(self.errors)},
            "events": {
                "gold": c["gold_events"], "required": c["gold_required"], "optional": c["gold_optional"],
                "traps": c["gold_traps"], "found": c["found"], "recall": recall,
                "asserted": asserted, "correct": c["correct"], "wrong": c["wrong"],
                "precision": precision, "f1": _f1(c["correct"], asserted, c["found"], c["gold_required"]),
                "traps_emitted_plain": c["traps_emitted_plain"], "traps_flagged": c["traps_flagged"],
                "traps_same_root_plain": c["traps_same_root_plain"],
                "optional_only_ignored": c["optional_only"], "headline_events_dropped": c["headline_events_dropped"],
                "targetless_ignored": c["targetless_ignored"], "flagged_ignored": c["flagged_ignored"],
                "system_events": c["system_events"],
                "missed_by_class": {k: t.missed[k] for k in MISS_CLASSES if t.missed[k]},
                "wrong_by_class": {k: t.wrong[k] for k in WRONG_CLASSES if t.wrong[k]},
                "per_root": {
                    root: {"gold": r["gold"], "found": r["found"], "recall": _ratio(r["found"], r["gold"]),
                           "asserted": r["asserted"], "correct": r["correct"],
                           "precision": _ratio(r["correct"], r["asserted"])}
                    for root, r in sorted(t.per_root.items())},
            },
            "prefilter": {
                "required_events": c["gold_required"], "parsed": c["prefilter_parsed"],
                "skipped": c["prefilter_skipped"], "sentence_not_found": c["prefilter_sentence_not_found"],
                "unknown": c["prefilter_unknown"], "recall": _ratio(c["prefilter_parsed"], pre_known),
            },
            "pledges": {
                "gold": c["gold_pledges"], "emitted": c["system_pledges"], "found": c["pledges_found"],
                "recall": _ratio(c["pledges_found"], c["gold_pledges"]),
                "precision": _ratio(c["pledges_found"], c["system_pledges"]),
                "actor_found": pairs, "amount_right": c["pledge_amount_right"],
                "deadline_right": c["pledge_deadline_right"],
                "amount_accuracy": _ratio(c["pledge_amount_right"], pairs),
                "deadline_accuracy": _ratio(c["pledge_deadline_right"], pairs),
            },
            "answers": {
                "gold": c["gold_answers"], "emitted": c["system_answers"], "found": c["answers_found"],
                "recall": _ratio(c["answers_found"], c["gold_answers"]),
                "precision": _ratio(c["answers_found"], c["system_answers"]),
                "pair_found_wrong_response": c["answers_pair_found_wrong_response"],
            },
            "junk": {
                "gold_junk": c["gold_junk"], "left": c["junk_left"], "gold_sentences": c["gold_sentences"],
                "sentences_lost": c["gold_sentences_lost"],
            },
        }
        if verbose:
            out["details"] = {k: list(v) for k, v in t.details.items()}
        return out


def score_news(gold: list[GoldArticle], system: dict[tuple[str, int | None], SystemArticle], directory: str = "",
               errors: list[str] | None = None) -> NewsReport:
    tally = Tally()
    for g in gold:
        score_article(g, system.get(g.key), tally)
    return NewsReport(directory, tally, list(errors or []))


def evaluate_news(directory: str | Path, settings=None, coder=None,
                  on_error: Callable[[InputError], None] | None = None) -> NewsReport:
    """Run the pipeline on the folder's stories and score it against its gold.json."""
    from dyadwatch.pipeline import load_coder
    from dyadwatch.settings import Settings

    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(str(directory), "not a folder")
    gold = read_gold(directory)
    settings = settings or Settings()
    coder = coder if coder is not None else load_coder(settings)
    errors: list[str] = []

    def failed(exc: InputError) -> None:
        errors.append(str(exc))
        if on_error:
            on_error(exc)

    system = run_system(directory, gold, settings, coder, failed)
    return score_news(gold, system, str(directory), errors)
