"""Proposals and answers: a proposal or appeal by A to B, linked to B's later answers on the same topic.

An answer is an event by B (same country prefix) on or after the proposal (a later sentence of the same
article, or a later-or-same-day article), aimed at A or at nobody, sharing key terms with the proposal (one agreement id or
capitalised acronym, or two content words):
content-word lemmas, agreement ids (event.agreements) and capitalised names, minus the actors' own
words and generic diplomatic vocabulary. The shared terms are stored so the match can be checked.

Answer status: rejected (CAMEO 12x, or a negated cooperative event: "not willing to renegotiate"),
accepted (057 sign, 03x intent, 05x/06x cooperation, 08x yield), considering (04x consult, a
"consider/study/review" verb, or a statement (01x) whose sentence has one); a proposal with no answer is "no answer yet". A thread's status is its
latest decisive answer (accepted/rejected), else "considering", else "no answer yet".
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

from dyadwatch.records import ThreadLink

PROPOSAL_VERBS = {"propose", "proposes", "proposed", "proposing", "suggest", "suggests", "suggested",
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
    if ev.get("mode") == "hypothetical":
        return False  # "his proposals, if implemented, could ...": talks about proposals, makes none
    verbs = set((ev.get("verb_text") or "").lower().split())
    return ev["mode"] == "proposed" or ev["cameo_root"] == "02" or bool(verbs & PROPOSAL_VERBS)


def build_threads(con: duckdb.DuckDBPyConnection, *, store: bool = True) -> list[dict[str, Any]]:
    """Every proposal/appeal with its answers (sentences in date order); refreshes `thread_links`."""
    events = _events(con)
    index: dict[str, dict[str, list[dict[str, Any]]]] = {}  # answering country -> term -> events
    for ev in events:
        if ev["source"] and answer_status(ev) is not None:
            ev["_terms"] = _terms(ev, _actor_words(ev))
            postings = index.setdefault(ev["source"][:3], {})
            for term in ev["_terms"]:
                postings.setdefault(term, []).append(ev)
    threads = []
    for prop in (e for e in events if is_proposal(e)):
        postings = index.get(prop["target"][:3], {})
        p_terms = _terms(prop, _actor_words(prop))
        seen: dict[str, dict[str, Any]] = {}
        for term in p_terms:
            for ev in postings.get(term, ()):
                seen.setdefault(ev["event_id"], ev)
        threads.append(_thread(prop, list(seen.values())))
    if store:
        _store(con, threads)
    return threads


def thread_links(threads: list[dict[str, Any]]) -> list[ThreadLink]:
    """The links of built threads as records: one per answer, or one "no answer yet"."""
    links = []
    for t in threads:
        answers = [s for s in t["sentences"] if s["role"] == "answer"]
        links += [ThreadLink(t["proposal_event_id"], s["status"], s["event_id"], list(s["shared_terms"]))
                  for s in answers] or [ThreadLink(t["proposal_event_id"], "no answer yet")]
    return links


def _thread(prop: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    a, b = prop["source"][:3], prop["target"][:3]
    actor_words = _actor_words(prop)
    p_terms = _terms(prop, actor_words)
    prefixes = tuple(w for w in actor_words if len(w) >= 4)
    answers = []
    for ev in events:
        if ev["event_id"] == prop["event_id"] or not ev["source"] or ev["source"][:3] != b:
            continue
        if ev["target"] and ev["target"][:3] != a:
            continue
        if not _after(prop, ev):
            continue
        status = answer_status(ev)
        if status is None:
            continue
        terms = ev.get("_terms") or _terms(ev, _actor_words(ev))
        shared = sorted(t for t in p_terms & terms if t not in actor_words and not t.startswith(prefixes))
        if _enough(shared, prop["sentence"], ev["sentence"]):
            answers.append({**_sentence(ev, "answer"), "status": status, "shared_terms": shared})
    answers.sort(key=lambda s: (s["day"] or date.min, s["doc_id"] != prop["doc_id"], s["sentence_index"]))
    decisive = [x["status"] for x in answers if x["status"] in ("accepted", "rejected")]
    status = decisive[-1] if decisive else ("considering" if answers else "no answer yet")
    shared_all = sorted({t for x in answers for t in x["shared_terms"]})
    return {
        "proposal_event_id": prop["event_id"],
        "proposer": prop["source"],
        "responder": prop["target"],
        "topic": ", ".join(shared_all) if shared_all else _topic(prop, p_terms),
        "status": status,
        "shared_terms": shared_all,
        "sentences": [_sentence(prop, "proposal")] + answers,
    }


def _terms(ev: dict[str, Any], actor_words: set[str]) -> set[str]:
    return key_terms(ev["sentence"], actor_words) | {f"agreement:{x}" for x in ev["agreements"] or []}


def _enough(shared: list[str], *sentences: str) -> bool:
    """One strong term (an agreement id, or an acronym written in capitals in both sentences: SOFA,
    AUKUS), or at least two content words."""
    caps = [_acronyms(s) for s in sentences]
    strong = [t for t in shared if t.startswith("agreement:") or all(t in c for c in caps)]
    return bool(strong) or len(shared) >= 2


@lru_cache(maxsize=65536)
def _acronyms(sentence: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z][A-Z0-9]{1,}\b", sentence))


def _after(prop: dict[str, Any], ev: dict[str, Any]) -> bool:
    if ev["doc_id"] == prop["doc_id"]:
        return ev["sentence_index"] > prop["sentence_index"]
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
    rows = [[x.proposal_event_id, x.answer_event_id, x.status, x.shared_terms] for x in thread_links(threads)]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM thread_links")
        if rows:
            links = pa.table({
                "proposal_event_id": pa.array([r[0] for r in rows], pa.string()),
                "answer_event_id": pa.array([r[1] for r in rows], pa.string()),
                "status": pa.array([r[2] for r in rows], pa.string()),
                "shared_terms": pa.array([r[3] for r in rows], pa.list_(pa.string())),
            })
            con.register("_thread_links_new", links)
            try:
                con.execute("INSERT INTO thread_links SELECT * FROM _thread_links_new")
            finally:
                con.unregister("_thread_links_new")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
