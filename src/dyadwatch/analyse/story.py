"""The story of a dyad, read back from stored records: alliance card, agenda, junk report.

Everything here is a query over the store (documents, removed_lines, events, pledges and the pieces
other stages add); nothing is inferred that the records do not hold. A missing answer, date or amount
stays missing and is shown as such (``NONE_REPORTED``, ``NO_DATE``).

- ``alliance_card(con, a, b)``: events both ways by quad class with Goldstein sum and mean, the latest
  events with their sentences, open proposals, pledges, and the agreements and forums named.
- ``agenda(con, actor)``: every proposal, plan and pledge by an actor (code prefix: "JPN", "JPNGOV"),
  one row per distinct proposal, with its answer if an article in the store reports one.
  ``agenda_sections`` also returns the umbrella sentences that introduce the items ("introduction")
  and the bare stated aims (intents with no addressee, amount or deadline: "aims"), never dropped.
- ``removed_lines(con, doc_id)``, ``document_info(con, doc_id)``: the junk report and the dating.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any

import duckdb
import pycountry

from dyadwatch.analyse.countries import country_forms
from dyadwatch.analyse.dating import NO_DATE, date_text, document_dating
from dyadwatch.events.coder import stated_target
from dyadwatch.settings import DATA_DIR
from dyadwatch.store.event_query import has_evidence

NONE_REPORTED = "none reported"
NO_AMOUNT = "no amount given"

QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
PROPOSAL_KINDS = ("proposal", "appeal")

# Pronouns and group nouns: a pledge whose actor is written this way continues the sentence before.
_PRONOUNS = {"he", "she", "they", "it", "we", "this", "these", "his", "her", "their"}


# ---------------------------------------------------------------------------------------- names


def country_name(code: str | None) -> str:
    """"JPN" -> "Japan"; "USAGOV" -> "United States"; unknown codes are returned as given."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_3=code[:3].upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=1)
def _country_matcher() -> tuple[re.Pattern[str], dict[str, str]]:
    """One whole-word pattern for every country name form (longest first), and name -> ISO3."""
    forms = country_forms()
    alternation = "|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), forms


def countries_in(sentence: str) -> list[str]:
    """ISO3 codes of the countries a sentence names, in order of appearance (longest name wins)."""
    pattern, forms = _country_matcher()
    return list(dict.fromkeys(forms[m.group(0)] for m in pattern.finditer(sentence)))


def person_name(name: str | None) -> str:
    """"SHIGERU_ISHIBA" -> "Shigeru Ishiba"."""
    if not name:
        return ""
    return " ".join(part.capitalize() for part in name.replace("_", " ").split())


@lru_cache(maxsize=1)
def cameo_labels() -> dict[str, str]:
    labels = {}
    path = DATA_DIR / "cameo" / "CAMEO.eventcodes.txt"
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        code, _, label = line.partition("\t")
        labels[code.strip()] = label.strip()
    return labels


# ------------------------------------------------------------------------------------ queries


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


# Events of each document's latest version, with the document's date, window and provenance.
_ALL_EVENTS_SQL = """
WITH latest AS (SELECT doc_id, max(version) AS version FROM documents GROUP BY doc_id)
SELECT e.*, coalesce(e.published, d.published) AS day, d.window_earliest, d.window_latest,
       d.window_basis, d.url, d.path, d.title
FROM events e
JOIN latest l ON e.doc_id = l.doc_id AND e.version = l.version
JOIN documents d ON d.doc_id = e.doc_id AND d.version = e.version
"""


def _events_sql(con: duckdb.DuckDBPyConnection, include_headlines: bool = False) -> str:
    """The latest versions' events; headline events (left out of cards) only with `include_headlines`
    (a store not yet migrated to m060 has no headline flags)."""
    if include_headlines or not has_evidence(con):
        return _ALL_EVENTS_SQL
    return _ALL_EVENTS_SQL + "WHERE NOT coalesce(e.headline, false)\n"


def _prefix(col: str) -> str:
    return f"starts_with(coalesce({col}, ''), ?)"


def dyad_events(con: duckdb.DuckDBPyConnection, a: str, b: str, since: date | None = None,
                include_headlines: bool = False) -> list[dict[str, Any]]:
    """Events from a to b and from b to a (code prefixes), oldest first (undated last)."""
    sql = (
        f"SELECT * FROM ({_events_sql(con, include_headlines)}) WHERE (({_prefix('source')} AND {_prefix('target')}) OR "
        f"({_prefix('source')} AND {_prefix('target')}))"
    )
    params: list[Any] = [a, b, b, a]
    if since:
        sql += " AND coalesce(day, window_latest) >= ?"
        params.append(since)
    sql += " ORDER BY coalesce(day, window_earliest) NULLS LAST, doc_id, sentence_index, verb_start"
    return [_event_view(row) for row in _rows(con, sql, params)]


def actor_events(con: duckdb.DuckDBPyConnection, actor: str, include_headlines: bool = False) -> list[dict[str, Any]]:
    sql = f"SELECT * FROM ({_events_sql(con, include_headlines)}) WHERE {_prefix('source')} ORDER BY doc_id, sentence_index"
    return [_event_view(row) for row in _rows(con, sql, [actor])]


def _event_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": row["event_id"],
        "doc_id": row["doc_id"],
        "date": date_text(row.get("day"), row.get("window_earliest"), row.get("window_latest")),
        "source": row.get("source"),
        "source_text": row.get("source_text"),
        "source_name": row.get("source_name"),
        "target": row.get("target"),
        "target_text": row.get("target_text"),
        "cameo": row["cameo"],
        "cameo_label": cameo_labels().get(row["cameo"], ""),
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "mode": row.get("mode"),
        "negated": row.get("negated"),
        "verb": row.get("verb_text"),
        "agreements": list(row.get("agreements") or []),
        "sentence_index": row["sentence_index"],
        "sentence": row["sentence"],
        "cite": row.get("url") or row.get("path") or row["doc_id"],
        "_sort": (row.get("day") or row.get("window_earliest") or date.min, row["sentence_index"]),
    }


def _public(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]


# ------------------------------------------------------------------------------- documents


def document_info(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """The latest version of a document: title, provenance and its date or inferred window."""
    rows = _rows(
        con,
        "SELECT doc_id, version, path, url, title, published, published_basis, window_earliest, "
        "window_latest, window_basis, source FROM documents WHERE doc_id = ? ORDER BY version DESC LIMIT 1",
        [doc_id],
    )
    if not rows:
        return None
    doc = rows[0]
    return {
        "doc_id": doc["doc_id"],
        "version": doc["version"],
        "title": doc["title"],
        "url": doc["url"],
        "path": doc["path"],
        "source": doc["source"],
        "date": date_text(doc["published"], doc["window_earliest"], doc["window_latest"]),
        "dating": dating_text(doc),
    }


def dating_text(doc: dict[str, Any]) -> str:
    """How the document is dated, in words; never a single invented date."""
    if doc.get("published"):
        basis = doc.get("published_basis")
        return f"published {doc['published'].isoformat()}" + (f" (from {basis})" if basis else "")
    if doc.get("window_earliest") and doc.get("window_latest"):
        return (
            f"date inferred from text: between {doc['window_earliest'].isoformat()} and "
            f"{doc['window_latest'].isoformat()}, because {_basis_phrase(doc.get('window_basis'))}"
        )
    return f"{NO_DATE}: the article carries no date and none could be inferred from its text"


def _basis_phrase(basis: str | None) -> str:
    """"'President-elect Donald Trump' => 2024-11-06..2025-01-20" -> "'President-elect Donald Trump'"."""
    if not basis:
        return "the text (no basis recorded)"
    quoted = re.findall(r"'[^']+'|\"[^\"]+\"|‘[^’]+’", basis)
    return " and ".join(quoted) if quoted else basis


def removed_lines(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[dict[str, Any]]:
    """The lines cleaning removed from a document's latest version, with the rule that removed each."""
    return _rows(
        con,
        "SELECT position, text, reason, detail FROM removed_lines WHERE doc_id = ? AND version = "
        "(SELECT max(version) FROM documents WHERE doc_id = ?) ORDER BY position",
        [doc_id, doc_id],
    )


# ----------------------------------------------------------------------------------- pledges


def _pledge_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every stored pledge (via the pledge store), empty when the store has no pledges table."""
    if not _has_table(con, "pledges"):
        return []
    from dyadwatch.store.pledge_store import read_pledges

    return list(read_pledges(con))


def _pick(row: dict[str, Any], *names: str) -> Any:
    for name in names:
        if row.get(name) not in (None, ""):
            return row[name]
    return None


def _amount(row: dict[str, Any]) -> dict[str, Any] | None:
    text = _pick(row, "amount_text", "amount")
    if isinstance(text, dict):  # a nested Amount
        row = {f"amount_{k}": v for k, v in text.items()} | row
        text = text.get("text")
    if not text:
        return None
    return {
        "text": text,
        "value": _pick(row, "amount_value", "value"),
        "currency": _pick(row, "amount_currency", "currency"),
        "unit": _pick(row, "amount_unit", "unit"),
        "qualifier": _pick(row, "amount_qualifier", "qualifier"),
        "usd": _pick(row, "amount_usd", "usd"),
        "usd_rate_year": _pick(row, "amount_usd_rate_year", "usd_rate_year"),
    }


def answers_by_proposal(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """proposal event id -> its answer (status, answer sentence), from the threads stage.

    Threads are computed without storing them (the store may be open read-only); a proposal whose
    thread has no answer sentence is left out, so it reads "none reported".
    """
    try:
        from dyadwatch.analyse.threads import build_threads
    except ImportError:  # the threads stage is optional: no answers known
        return {}
    answers: dict[str, dict[str, Any]] = {}
    for thread in build_threads(con, store=False):
        replies = [s for s in thread.get("sentences") or [] if s.get("role") == "answer"]
        if not replies or thread.get("proposal_event_id") is None:  # no proposal reported: nothing to attach to
            continue
        decisive = [s for s in replies if s.get("status") == thread.get("status")] or replies
        answers[thread["proposal_event_id"]] = {
            "status": thread.get("status") or "answered",
            "answer_event_id": decisive[-1].get("event_id"),
            "answer_sentence": decisive[-1].get("sentence"),
            "answer_cite": decisive[-1].get("url") or decisive[-1].get("doc_id"),
        }
    return answers


def _event_sentence(con: duckdb.DuckDBPyConnection, event_id: str) -> str | None:
    row = con.execute("SELECT sentence FROM events WHERE event_id = ? LIMIT 1", [event_id]).fetchone()
    return row[0] if row else None


def _pledge_view(row: dict[str, Any], event: dict[str, Any] | None, docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = docs.get(row.get("doc_id")) or {}
    deadline = row.get("deadline")
    return {
        "actor": row.get("actor"),
        "actor_text": row.get("actor_text"),
        "kind": row.get("kind"),
        "what": row.get("what"),
        "addressee": row.get("addressee") or stated_target(*[(event or {}).get(k) for k in ("target", "target_origin")]),
        "condition": row.get("condition"),
        "condition_sentence": row.get("condition_sentence"),
        "amount": _amount(row),
        "deadline": deadline.isoformat() if isinstance(deadline, date) else deadline,
        "deadline_text": row.get("deadline_text"),
        "status": row.get("status"),
        "mode": (event or {}).get("mode"),  # the coder's reading: intended, proposed, hypothetical, ...
        "topics": list(row.get("topics") or []),
        "answer": NONE_REPORTED,
        "answer_sentence": None,
        "sentence": row.get("sentence"),
        "sentence_index": row.get("sentence_index"),
        "doc_id": row.get("doc_id"),
        "date": doc.get("date", NO_DATE),
        "cite": row.get("url") or doc.get("url") or doc.get("path") or row.get("doc_id"),
        "event_ids": [row["event_id"]] if row.get("event_id") else [],
        "pledge_ids": [row["pledge_id"]] if row.get("pledge_id") else [],
        "also_reported": [],  # the same proposal in other articles (one event cluster)
        "_cluster": (event or {}).get("cluster_id"),
        "_what_words": _content_words(row.get("what") or ""),
        "_pronoun": (row.get("actor_text") or "").strip().lower() in _PRONOUNS,
    }


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _STOP}


_STOP = {"the", "and", "for", "with", "from", "into", "that", "this", "its", "their", "his", "her", "of"}


def _same_proposal(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """Two pledge rows are one proposal when they come from the same sentence of the same document
    and their objects overlap (one's words contain the other's, or the same kind with no object)."""
    if x["doc_id"] != y["doc_id"] or x["sentence_index"] != y["sentence_index"] or x["actor"] != y["actor"]:
        return False
    wx, wy = x["_what_words"], y["_what_words"]
    if not wx or not wy:
        return x["kind"] == y["kind"]
    return wx <= wy or wy <= wx or len(wx & wy) * 2 >= min(len(wx), len(wy)) + 1


def _merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Fold a duplicate row into the kept one: the longer object, and whatever facts it adds.
    A report of the same proposal in another article is listed under ``also_reported``."""
    if other["doc_id"] != into["doc_id"]:
        into["also_reported"].append({"date": other["date"], "sentence": other["sentence"], "cite": other["cite"]})
        into["event_ids"] += [e for e in other["event_ids"] if e not in into["event_ids"]]
        into["pledge_ids"] += [p for p in other["pledge_ids"] if p not in into["pledge_ids"]]
        return
    if len(other.get("what") or "") > len(into.get("what") or ""):
        into["what"], into["_what_words"] = other["what"], other["_what_words"]
    for key in ("amount", "deadline", "deadline_text", "condition", "condition_sentence", "addressee"):
        if not into.get(key) and other.get(key):
            into[key] = other[key]
    if other.get("sentence_index") != into.get("sentence_index") and other.get("sentence"):
        into["sentence"] = f"{into['sentence']} {other['sentence']}"
    into["topics"] = sorted(set(into["topics"]) | set(other["topics"]))
    into["event_ids"] += [e for e in other["event_ids"] if e not in into["event_ids"]]
    into["pledge_ids"] += [p for p in other["pledge_ids"] if p not in into["pledge_ids"]]


def _continues(prev: dict[str, Any], row: dict[str, Any]) -> bool:
    """A pledge continues the one in the sentence before when its actor is written as a pronoun
    ("They aim to provide ...") that the coder resolved to the same actor, it is on the same topic
    (a shared topic or object word), and it only adds facts (amount/deadline) the earlier one lacks."""
    if not row["_pronoun"] or prev["doc_id"] != row["doc_id"] or prev["actor"] != row["actor"]:
        return False
    if (row.get("sentence_index") or 0) - (prev.get("sentence_index") or 0) != 1:
        return False
    if not (set(prev["topics"]) & set(row["topics"]) or prev["_what_words"] & row["_what_words"]):
        return False
    adds = (row["amount"] and not prev["amount"]) or (row["deadline_text"] and not prev["deadline_text"])
    return bool(adds) and not (prev["amount"] or prev["deadline_text"])


# Kinds that state what an actor means to do (a restatement in the next sentence folds into them).
_AIM_KINDS = ("intent", "plan")
# An umbrella sentence announces proposals that follow: its object is a quantified generic plural
# ("several bold initiatives", "a series of new measures"). Data lists, not logic.
_UMBRELLA_QUANTIFIERS = (
    "several", "various", "numerous", "multiple", "many", "some", "new", "a number of", "a series of",
    "a range of", "a raft of", "a host of", "a set of", "a package of", "a slate of", "a list of",
)
_UMBRELLA_NOUNS = (
    "initiatives", "proposals", "measures", "steps", "ideas", "plans", "moves", "reforms", "policies",
    "options", "actions", "suggestions", "priorities", "projects", "programs", "programmes",
)
_UMBRELLA_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(q) for q in sorted(_UMBRELLA_QUANTIFIERS, key=len, reverse=True))
    + r")\s+(?:[a-z-]+\s+){0,2}?(?:" + "|".join(_UMBRELLA_NOUNS) + r")(?!\w)",
    re.IGNORECASE,
)
_UMBRELLA_REACH = 3  # the specific items must start within this many sentences after the umbrella


def _restates(prev: dict[str, Any], row: dict[str, Any]) -> bool:
    """The next sentence restates the aim of the one before: same actor, a pronoun subject the coder
    resolved to it, both intents or plans, and addressed to the same country (code prefix)."""
    if not row["_pronoun"] or prev["doc_id"] != row["doc_id"] or prev["actor"] != row["actor"]:
        return False
    if (row.get("sentence_index") or 0) - (prev.get("sentence_index") or 0) != 1:
        return False
    if prev["kind"] not in _AIM_KINDS or row["kind"] not in _AIM_KINDS:
        return False
    if row["amount"] or row["deadline_text"] or prev["amount"] or prev["deadline_text"]:
        return False  # a fact-adding continuation is ``_continues``'s case
    a, b = prev.get("addressee") or "", row.get("addressee") or ""
    return bool(a and b) and a[:3] == b[:3]


def _fold_restatement(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Merge a restating sentence: both objects are kept ("x; y"), and both sentences."""
    what = [w for w in (into.get("what"), other.get("what")) if w]
    _merge(into, other)
    into["what"] = "; ".join(dict.fromkeys(what)) or None
    into["_what_words"] = _content_words(into["what"] or "")
    if into["kind"] != other["kind"] and other["kind"] == "plan":
        into["kind"], into["status"] = other["kind"], other["status"]


def _umbrella_phrase(row: dict[str, Any]) -> str | None:
    """The quantified generic plural a proposal/plan sentence announces ("several bold initiatives"),
    when the row has no specific fact of its own (no addressee, amount or deadline)."""
    if row["kind"] in ("intent",) or row.get("addressee") or row["amount"] or row["deadline_text"]:
        return None
    found = _UMBRELLA_RE.search(row.get("sentence") or "")
    return found.group(0) if found else None


def _is_umbrella(row: dict[str, Any], following: list[dict[str, Any]]) -> bool:
    """An umbrella row is followed, in the same document, by specific items of the same actor."""
    if not _umbrella_phrase(row):
        return False
    after = [
        r for r in following
        if r["doc_id"] == row["doc_id"] and r["actor"] == row["actor"]
        and 0 < (r.get("sentence_index") or 0) - (row.get("sentence_index") or 0) <= _UMBRELLA_REACH
    ]
    return bool(after)


def _bare_aim(row: dict[str, Any]) -> bool:
    """An intent with no addressee, amount or deadline: a stated aim, not a proposal, plan or pledge."""
    return row["kind"] == "intent" and not (row.get("addressee") or row["amount"] or row["deadline_text"] or row["deadline"])


def agenda(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    *,
    doc_id: str | None = None,
    kinds: tuple[str, ...] | None = None,
    answers: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The proposals, plans and pledges of ``actor``: ``agenda_sections(...)["items"]``."""
    return agenda_sections(con, actor, doc_id=doc_id, kinds=kinds, answers=answers)["items"]


def agenda_sections(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    *,
    doc_id: str | None = None,
    kinds: tuple[str, ...] | None = None,
    answers: dict[str, dict[str, Any]] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Every proposal, plan and pledge by ``actor`` (a code prefix), one row per distinct proposal,
    as ``{"items": [...], "aims": [...], "introduction": [...]}``.

    ``items`` are the proposals, plans and pledges; ``aims`` the stated intents with no addressee,
    amount or deadline (``_bare_aim``); ``introduction`` the umbrella sentences that announce the
    items that follow ("X proposes several initiatives to ...", ``_is_umbrella``). Nothing is dropped:
    every row lands in exactly one of the three lists. A pronoun-subject sentence restating the aim of
    the one before, to the same country, folds into it (``_restates``).

    Rows come from the pledges table joined with their events; duplicates from one sentence merge
    (see ``_same_proposal``), and a pronoun-subject sentence that only adds an amount or deadline to
    the one before folds into it (``_continues``). ``answer`` is "none reported" unless the threads
    stage links the proposal to an answer stored in the corpus (``answers``: computed when not given).
    Rows are in date order (undated last), then document and sentence order.
    """
    pledges = [p for p in _pledge_rows(con) if (p.get("actor") or "").startswith(actor)]
    if doc_id:
        pledges = [p for p in pledges if p.get("doc_id") == doc_id]
    if kinds:
        pledges = [p for p in pledges if p.get("kind") in kinds]
    if not pledges:
        return {"items": [], "aims": [], "introduction": []}
    docs = _doc_index(con)
    events = _events_by_id(con, [p["event_id"] for p in pledges if p.get("event_id")])
    answers = answers_by_proposal(con) if answers is None else answers

    def order(p: dict[str, Any]) -> tuple[Any, ...]:
        doc = docs.get(p.get("doc_id")) or {}
        day = doc.get("published") or doc.get("window_earliest") or date.max
        return (day, p.get("doc_id") or "", p.get("sentence_index") or 0)

    rows: list[dict[str, Any]] = []
    by_sentence: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    by_cluster: dict[tuple[Any, ...], dict[str, Any]] = {}
    for pledge in sorted(pledges, key=order):
        row = _pledge_view(pledge, events.get(pledge.get("event_id")), docs)
        key = (row["doc_id"], row["sentence_index"], row["actor"])
        same = next((r for r in by_sentence.get(key, []) if _same_proposal(r, row)), None)
        reported = by_cluster.get((row["_cluster"], row["actor"], row["kind"])) if row["_cluster"] else None
        if same is not None:
            _merge(same, row)
        elif reported is not None and reported["doc_id"] != row["doc_id"]:
            _merge(reported, row)
        elif rows and _continues(rows[-1], row):
            _merge(rows[-1], row)
        elif rows and _restates(rows[-1], row):
            _fold_restatement(rows[-1], row)
        else:
            rows.append(row)
            by_sentence.setdefault(key, []).append(row)
            if row["_cluster"]:
                by_cluster.setdefault((row["_cluster"], row["actor"], row["kind"]), row)
    for row in rows:
        answer = next((answers[e] for e in row["event_ids"] if e in answers), None)
        if answer:
            row["answer"] = answer["status"] or "answered"
            row["answer_sentence"] = answer["answer_sentence"]
    sections: dict[str, list[dict[str, Any]]] = {"items": [], "aims": [], "introduction": []}
    for i, row in enumerate(rows):
        if row["answer"] == NONE_REPORTED and _is_umbrella(row, rows[i + 1 :]):
            sections["introduction"].append(row)
        elif row["answer"] == NONE_REPORTED and _bare_aim(row):
            sections["aims"].append(row)
        else:
            sections["items"].append(row)
    return {k: _public(v) for k, v in sections.items()}


def _events_by_id(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Target, mode and (when the clustering stage ran) cluster id of these events."""
    if not event_ids:
        return {}
    cluster = "c.cluster_id" if _has_table(con, "event_clusters") else "NULL"
    join = "LEFT JOIN event_clusters c ON c.event_id = e.event_id" if cluster != "NULL" else ""
    origin = "e.target_origin" if has_evidence(con) else "NULL"
    rows = _rows(
        con,
        f"SELECT e.event_id, e.target, e.mode, {origin} AS target_origin, {cluster} AS cluster_id FROM events e "
        f"{join} WHERE list_contains(?, e.event_id)",
        [event_ids],
    )
    return {r["event_id"]: r for r in rows}


def _doc_index(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    rows = _rows(
        con,
        "SELECT doc_id, url, path, title, published, window_earliest, window_latest FROM documents d "
        "WHERE version = (SELECT max(version) FROM documents x WHERE x.doc_id = d.doc_id)",
    )
    return {
        r["doc_id"]: r | {"date": date_text(r["published"], r["window_earliest"], r["window_latest"])} for r in rows
    }


# ------------------------------------------------------------------------------ alliance card


# Modes that report something that did not (or not yet) happen: shown, never counted as cooperation or
# conflict ("His proposals, if implemented, could alter ..." is a conjecture, not an appeal).
UNCOUNTED_MODES = ("hypothetical",)


def counts_as_event(row: dict[str, Any]) -> bool:
    """Whether an event enters the card's figures: not negated ("X did not meet Y") and not a conjecture."""
    return not row.get("negated") and row.get("mode") not in UNCOUNTED_MODES


def _uncounted_reason(row: dict[str, Any]) -> str:
    return "negated" if row.get("negated") else str(row.get("mode"))


def _direction_totals(events: list[dict[str, Any]], source: str, target: str) -> dict[str, Any]:
    mine = [e for e in events if (e["source"] or "").startswith(source) and (e["target"] or "").startswith(target)]
    by_quad = []
    for quad, label in QUAD_LABELS.items():
        values = [e["goldstein"] for e in mine if e["quad_class"] == quad]
        by_quad.append(_totals(values) | {"quad_class": quad, "label": label})
    return {"source": source, "target": target, **_totals([e["goldstein"] for e in mine]), "by_quad": by_quad}


def _totals(values: list[float]) -> dict[str, Any]:
    total = round(sum(values), 2)
    return {"events": len(values), "goldstein_sum": total, "goldstein_mean": round(total / len(values), 2) if values else None}


@lru_cache(maxsize=1)
def _register() -> Any:
    """The agreement register, or None when the agreements stage is not installed."""
    try:
        from dyadwatch.analyse.agreements import AgreementRegister
    except ImportError:  # the register is optional: ids are shown as they are
        return None
    return AgreementRegister.load()


def _agreement_entry(agreement_id: str) -> dict[str, Any]:
    register = _register()
    entry = register.get(agreement_id) if register is not None else None
    if entry is None:
        return {"name": agreement_id, "kind": None, "parties": []}
    return {"name": entry.name, "kind": entry.kind, "parties": list(entry.parties)}


def _models_named(sentence: str) -> set[str]:
    """Register ids a sentence names only as the model of a proposed new organisation
    ("an Asian version of NATO" names NATO as a model, not as a party to the story)."""
    register = _register()
    if register is None:
        return set()
    return {p.modelled_on for p in register.find_proposed(sentence) if p.modelled_on}


def _agreements_named(sentences: list[tuple[str, list[str]]]) -> list[dict[str, Any]]:
    """Agreements and forums named in these (sentence, agreement ids) pairs, most mentioned first."""
    counts: Counter[str] = Counter()
    for sentence, ids in sentences:
        models = _models_named(sentence)
        counts.update(i for i in dict.fromkeys(ids) if i not in models)
    return [
        {"id": agreement_id, "mentions": n, **_agreement_entry(agreement_id)}
        for agreement_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _in_dyad(row: dict[str, Any], a: str, b: str) -> bool:
    """A pledge by one side belongs to the dyad when it is addressed to the other side or its sentence
    names the other side's country."""
    actor = row.get("actor") or ""
    other = b if actor.startswith(a) else a
    if (row.get("addressee") or "").startswith(other):
        return True
    return other[:3] in countries_in(row.get("sentence") or "")


def alliance_card(con: duckdb.DuckDBPyConnection, a: str, b: str, *, latest: int = 5) -> dict[str, Any]:
    """The relation between a and b as the store holds it (see module doc)."""
    events = dyad_events(con, a, b)
    answers = answers_by_proposal(con)
    both = agenda(con, a, answers=answers) + agenda(con, b, answers=answers)
    items = [r for r in both if _in_dyad(r, a, b)]
    proposals = [r for r in items if r["kind"] in PROPOSAL_KINDS and r["answer"] == NONE_REPORTED]
    pledges = [r for r in items if r["kind"] not in PROPOSAL_KINDS]
    doc_ids = {e["doc_id"] for e in events}
    context = [r for r in both if r["doc_id"] in doc_ids]
    named = [(e["sentence"], e["agreements"]) for e in events]
    named += _item_agreements(con, [e for r in context for e in r["event_ids"]])
    agreements = _agreements_named(list({(s_, tuple(ids)): (s_, ids) for s_, ids in named}.values()))
    counted = [e for e in events if counts_as_event(e)]
    newest = sorted(counted, key=lambda e: e["_sort"], reverse=True)[:latest]
    return {
        "a": a,
        "b": b,
        "a_name": country_name(a),
        "b_name": country_name(b),
        "events": len(counted),
        "documents": len({e["doc_id"] for e in counted}),
        "directions": [_direction_totals(counted, a, b), _direction_totals(counted, b, a)],
        "latest": _public(newest),
        # negated and hypothetical statements between the two: listed with their reason, never counted
        "not_counted": [_public([e])[0] | {"why": _uncounted_reason(e)} for e in events if not counts_as_event(e)],
        "open_proposals": proposals,
        "pledges": pledges,
        "agreements": agreements,
        "proposed_organisations": proposed_organisations(con, a, b) or _proposed_in(context),
    }


def _proposed_in(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Organisations proposed in these agenda items' sentences (when the store holds none)."""
    register = _register()
    if register is None:
        return []
    found = []
    for row in items:
        for p in register.find_proposed(row["sentence"] or ""):
            found.append({"name": p.name, "modelled_on": p.modelled_on, "proposer": row["actor"],
                          "proposer_text": row["actor_text"], "sentence": row["sentence"], "phrase": p.phrase})
    return found


def _item_agreements(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[tuple[str, list[str]]]:
    """(sentence, agreement ids) of these events."""
    if not event_ids:
        return []
    found = con.execute(
        "SELECT sentence, agreements FROM events WHERE list_contains(?, event_id)", [event_ids]
    ).fetchall()
    return [(sentence, list(ids or [])) for sentence, ids in found]


def proposed_organisations(con: duckdb.DuckDBPyConnection, a: str, b: str | None = None) -> list[dict[str, Any]]:
    """Organisations proposed in the text by either side (table written by the agreements stage)."""
    if not _has_table(con, "proposed_organisations"):
        return []
    rows = _rows(con, "SELECT * FROM proposed_organisations ORDER BY first_seen NULLS LAST, doc_id, sentence_index")
    dating = document_dating(con, [r["doc_id"] for r in rows])
    sides = [s for s in (a, b) if s]
    keep = []
    for row in rows:
        proposer = _pick(row, "proposer", "proposer_code", "actor") or ""
        if any(proposer.startswith(s) for s in sides):
            # the date as the article gives it: a day, or an undated article's inferred window
            when = date_text(*dating.get(row["doc_id"], (None, None, None)))
            keep.append({k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()} | {"date": when})
    return keep


# ---------------------------------------------------------------------------------------- demo

SAMPLES_DIR = DATA_DIR / "samples"
FEATURED_SAMPLE = "ishiba-japan-us-alliance.txt"  # the founding article, featured by the demo
DASHBOARD_URL = "http://127.0.0.1:8000"


def featured_document(con: duckdb.DuckDBPyConnection, a: str, b: str) -> str | None:
    """The founding article if stored, else the document with most a–b events."""
    row = con.execute(
        "SELECT doc_id FROM documents WHERE replace(path, '\\', '/') LIKE ? ORDER BY version DESC LIMIT 1",
        [f"%/{FEATURED_SAMPLE}"],
    ).fetchone()
    if row:
        return row[0]
    counts = Counter(e["doc_id"] for e in dyad_events(con, a, b))
    return counts.most_common(1)[0][0] if counts else None


def demo_report(con: duckdb.DuckDBPyConnection, a: str = "JPN", b: str = "USA") -> dict[str, Any]:
    """What the demo shows, as one JSON-ready object: the featured article with its junk report,
    the a–b alliance card, and a's agenda in the featured article: its items, the introduction line(s)
    announcing them, and the other stated aims."""
    doc_id = featured_document(con, a, b)
    empty: dict[str, list[dict[str, Any]]] = {"items": [], "aims": [], "introduction": []}
    sections = agenda_sections(con, a, doc_id=doc_id) if doc_id else empty
    return {
        "article": document_info(con, doc_id) if doc_id else None,
        "removed": removed_lines(con, doc_id) if doc_id else [],
        "card": alliance_card(con, a, b),
        "agenda_actor": a,
        "agenda": sections["items"],
        "introduction": sections["introduction"],
        "aims": sections["aims"],
        "dashboard": f"{DASHBOARD_URL}/alliance?a={a}&b={b}",
    }
