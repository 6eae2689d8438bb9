"""The pledge tracker: one pledge across the stories that report it, with its history.

A commitment seen again in a later story (same actor at country level, and the same amount, or no
amount and the same deadline year) is the same pledge, restated. The same actor promising the same
act (the "what" shares a content word, same unit, same deadline year or none) with another amount is
the pledge raised or cut, with the new amount. A later sentence naming the actor's country and the
pledge (its amount or a word of its act) with a word of outcome reports it fulfilled ("had been
paid", "delivered", "completed"; "partly fulfilled" for "the first ..."), broken ("missed the target") or withdrawn ("scrapped", "dropped").
Every entry keeps its sentence and story as evidence; a pledge's line ends with "no news since DATE",
its last entry's day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from dyadwatch.analyse.countries import country_names

AMOUNT_TOLERANCE = 0.01
FULFILLED = re.compile(r"\b(?:(?:has|have|had)\s+(?:already\s+)?been\s+(?:paid|delivered|disbursed|transferred|"
                       r"completed|met|achieved|fulfilled)|(?:paid|delivered|disbursed|completed|fulfilled|met|achieved)\s+"
                       r"(?:the|its|their|in full)|fulfil(?:l)?ed\s+(?:the|its|their)\s+(?:pledge|promise|commitment)|"
                       r"(?:reached|hit|met)\s+(?:the|its|their)\s+(?:target|goal))\b", re.I)
BROKEN = re.compile(r"\b(?:missed\s+(?:the|its|their)\s+(?:target|deadline|goal)|fell\s+short\s+of|"
                    r"broke\s+(?:the|its|their)\s+(?:pledge|promise)|failed\s+to\s+(?:deliver|meet|pay))\b", re.I)
WITHDRAWN = re.compile(r"\b(?:withdr(?:ew|awn|aw)\s+(?:the|its|their)\s+(?:pledge|offer|commitment|promise)|"
                       r"scrap(?:ped|s)?|abandon(?:ed|s)?|dropp(?:ed)?\s+(?:the|its|their)\s+(?:pledge|plan|target|"
                       r"commitment)|reneg(?:ed|es)\s+on|cancell?ed|(?:put|placed)\s+on\s+hold)\b", re.I)
OUTCOMES = (("withdrawn", WITHDRAWN), ("broken", BROKEN), ("fulfilled", FULFILLED))
OUTCOME_KINDS = ("withdrawn", "broken", "fulfilled", "partly fulfilled")
# a loose SQL prefilter for the patterns above, so a large store's other stories are never read
OUTCOME_WORDS = (r"(?i)(been (paid|delivered|disbursed|transferred|completed|met|achieved|fulfil)|"
                 r"(paid|delivered|disbursed|completed|fulfil\w*|met|achieved) (the|its|their|in full)|"
                 r"(reached|hit|met) (the|its|their) (target|goal)|missed (the|its|their)|fell short of|"
                 r"broke (the|its|their)|failed to (deliver|meet|pay)|withdr|scrap|abandon|dropped (the|its|their)|"
                 r"reneg|cancel|on hold)")
STOP = {"the", "a", "an", "of", "to", "for", "in", "on", "and", "with", "by", "its", "their", "more", "new",
        "provide", "spend", "make", "give", "deliver", "fund", "invest", "raise", "increase", "cut", "send"}
WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")


@dataclass(slots=True)
class Entry:
    day: date | None
    kind: str  # made | restated | raised | cut | fulfilled | partly fulfilled | broken | withdrawn
    sentence: str
    doc_id: str
    url: str | None = None
    amount_text: str | None = None
    amount_value: float | None = None


@dataclass(slots=True)
class TrackedPledge:
    actor: str
    what: str
    unit: str | None
    amount_text: str | None
    amount_value: float | None
    deadline: date | None
    history: list[Entry] = field(default_factory=list)
    pledge_ids: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The last outcome reported, else the last change (raised/cut), else restated or made."""
        kinds = [e.kind for e in self.history]
        outcomes = [k for k in kinds if k in OUTCOME_KINDS]
        return outcomes[-1] if outcomes else kinds[-1] if kinds else "made"

    @property
    def last_news(self) -> date | None:
        days = [e.day for e in self.history if e.day]
        return max(days) if days else None

    def summary(self) -> str:
        parts = []
        for e in self.history:
            day = e.day.isoformat() if e.day else "undated"
            detail = f" to {e.amount_text}" if e.kind in ("raised", "cut") and e.amount_text else ""
            parts.append(f"{e.kind}{detail} {day}")
        news = f"no news since {self.last_news.isoformat()}" if self.last_news else "undated"
        return "; ".join(parts + [news])

    def as_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "what": self.what, "amount_text": self.amount_text,
                "amount_value": self.amount_value, "unit": self.unit, "deadline": self.deadline,
                "status": self.status, "last_news": self.last_news, "summary": self.summary(),
                "mentions": len(self.history), "pledge_ids": list(self.pledge_ids),
                "history": [{"day": e.day, "kind": e.kind, "sentence": e.sentence, "doc_id": e.doc_id, "url": e.url,
                             "amount_text": e.amount_text} for e in self.history]}


def track_pledges(con: duckdb.DuckDBPyConnection, actor: str | None = None) -> list[TrackedPledge]:
    """Every commitment in the store, followed across stories (oldest first)."""
    from dyadwatch.store.pledge_store import read_pledges

    rows = read_pledges(con, actor=actor, commitments_only=True)
    rows.sort(key=lambda r: (r["published"] or date.min, r["doc_id"], r["sentence_index"]))
    tracked: list[TrackedPledge] = []
    for row in rows:
        kind, match = _place(row, tracked)
        entry = Entry(row["published"], kind, row["sentence"], row["doc_id"], row.get("url"), row.get("amount_text"),
                      row.get("amount_value"))
        if match is None:
            match = TrackedPledge(row["actor"], row["what"], _unit(row), row.get("amount_text"), row.get("amount_value"),
                                  row.get("deadline"))
            tracked.append(match)
        elif kind in ("raised", "cut"):
            match.amount_text, match.amount_value = row.get("amount_text"), row.get("amount_value")
        if match.deadline is None and row.get("deadline"):
            match.deadline = row["deadline"]
        match.history.append(entry)
        match.pledge_ids.append(row["pledge_id"])
    _outcomes(con, tracked)
    for t in tracked:
        t.history.sort(key=lambda e: e.day or date.min)
    return tracked


def _place(row: dict[str, Any], tracked: list[TrackedPledge]) -> tuple[str, TrackedPledge | None]:
    """'restated' for the same pledge, 'raised'/'cut' for the same act with a new amount, else 'made'."""
    value, unit = row.get("amount_value"), _unit(row)
    year = row["deadline"].year if row.get("deadline") else None
    for t in tracked:
        if t.actor[:3] != row["actor"][:3]:
            continue
        t_year = t.deadline.year if t.deadline else None
        if value is not None and t.amount_value is not None and unit == t.unit:
            if abs(value - t.amount_value) <= AMOUNT_TOLERANCE * abs(t.amount_value):
                return "restated", t
            if _same_act(t.what, row["what"]) and (year is None or t_year is None or year == t_year):
                return ("raised" if value > t.amount_value else "cut"), t
        elif value is None and t.amount_value is None and year is not None and year == t_year:
            return "restated", t
    return "made", None


def _same_act(a: str, b: str) -> bool:
    return bool(_words(a) & _words(b))


def _words(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in WORD.findall(text or "") if w.lower() not in STOP}


def _unit(row: dict[str, Any]) -> str | None:
    return row.get("amount_unit") or row.get("amount_currency")


def _outcomes(con: duckdb.DuckDBPyConnection, tracked: list[TrackedPledge]) -> None:
    """Sentences of stories on or after a pledge's first day that report its outcome."""
    if not tracked:
        return
    first = min((e.day for t in tracked for e in t.history if e.day), default=None)
    sql = ("SELECT d.doc_id, d.text, coalesce(d.published, d.window_earliest) AS day, d.url FROM documents d "
           "JOIN (SELECT doc_id, max(version) AS v FROM documents GROUP BY doc_id) l "
           "ON l.doc_id = d.doc_id AND l.v = d.version")
    sql += " WHERE regexp_matches(d.text, ?)"  # only stories with a word of outcome are read
    params: list[Any] = [OUTCOME_WORDS]
    if first is not None:
        sql += " AND (coalesce(d.published, d.window_earliest) >= ? OR coalesce(d.published, d.window_earliest) IS NULL)"
        params.append(first)
    for doc_id, text, day, url in con.execute(sql, params).fetchall():
        for sentence in _sentences(text or ""):
            outcome = next((kind for kind, pattern in OUTCOMES if pattern.search(sentence)), None)
            if outcome is None:
                continue
            if outcome == "fulfilled" and PARTLY.search(sentence):
                outcome = "partly fulfilled"
            for t in tracked:
                if _about(t, sentence, doc_id) and not any(e.sentence == sentence for e in t.history) and \
                        (day is None or t.history[0].day is None or day >= t.history[0].day):
                    t.history.append(Entry(day, outcome, sentence, doc_id, url))


def _about(t: TrackedPledge, sentence: str, doc_id: str) -> bool:
    """The sentence names the pledge's country and the pledge (its amount as written, or a word of its
    act); or, in a story that reports the pledge, a pronoun or a title stands for the actor ("She said
    the first A$300 million had been paid")."""
    lowered = sentence.lower()
    if any(e.doc_id == doc_id for e in t.history) and PRONOUN_START.match(lowered):
        return True
    if not any(n.lower() in lowered for n in country_names(t.actor[:3])):
        return False
    amounts = {e.amount_text for e in t.history if e.amount_text}
    if any(_number(a) and _number(a) in sentence for a in amounts):
        return True
    return bool(_words(t.what) & _words(sentence))


PRONOUN_START = re.compile(r"^(?:it|they|she|he|the (?:government|ministry|minister|chancellor|president))\b")
PARTLY = re.compile(r"\b(?:first|part of|some of|initial|a (?:first )?tranche)\b", re.I)


def _number(amount_text: str) -> str | None:
    m = re.search(r"\d[\d,.]*(?:\s*(?:thousand|million|billion|trillion))?", amount_text)
    return m.group(0) if m else None


def _sentences(text: str) -> list[str]:
    """The sentences of a story that may report an outcome (split as the coder splits them)."""
    if not any(pattern.search(text) for _, pattern in OUTCOMES):
        return []
    from dyadwatch.nlp.pipeline import split_sentences

    return [s.text.strip() for s in split_sentences(text) if s.text.strip()]
