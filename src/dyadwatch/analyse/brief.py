"""A brief on a dyad, written only from stored records (no language model).

``build_brief(con, a, b, since=None)`` gathers the facts: headline figures, a dated timeline,
proposals with their status, pledges with amounts and deadlines, and the concerns the actors name.
``render_brief(..., fmt="md"|"html")`` writes them out. Every statement carries a footnote citing the
sentence it rests on and the article's URL (or its input path when it has none).
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any

import duckdb

from dyadwatch.analyse import story

# The nouns texts use for a standing relationship; the brief's title uses the one the sentences use
# most. Episodes ("trade war", "dispute") are events, not the relationship, so they are not here.
_RELATION_NOUNS = ("alliance", "partnership", "relationship", "relations", "rivalry")
_CONCERN = re.compile(
    r"\b(concern(?:s|ed)?|threat(?:s|en|ens|ened)?|challeng(?:e|es|ing)|worr(?:y|ies|ied)|fears?|"
    r"tensions?|risks?|dangers?|provocations?|aggression)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘A-Z0-9])")


class _Citations:
    """Footnotes: one number per distinct (sentence, source)."""

    def __init__(self) -> None:
        self.notes: list[dict[str, str]] = []

    def cite(self, sentence: str | None, where: str | None) -> int:
        note = {"sentence": (sentence or "").strip(), "source": where or ""}
        if note not in self.notes:
            self.notes.append(note)
        return self.notes.index(note) + 1


def build_brief(con: duckdb.DuckDBPyConnection, a: str, b: str, since: date | None = None) -> dict[str, Any]:
    """The brief's content as data: title, figures, timeline, proposals, pledges, concerns, notes."""
    notes = _Citations()
    events = story.dyad_events(con, a, b, since=since)
    doc_ids = sorted({e["doc_id"] for e in events})
    answers = story.answers_by_proposal(con) if doc_ids else {}
    sections = [story.agenda_sections(con, x, answers=answers) for x in (a, b)]
    items = [r for part in sections for r in part["items"] if r["doc_id"] in doc_ids]
    # Intents with no addressee, amount or deadline: listed with their sentences, not counted.
    aims = [r for part in sections for r in part["aims"] if r["doc_id"] in doc_ids]
    tracked = _tracked(con) if items else {}
    leader = head_of_government(events, a)
    leader_note = next(
        (notes.cite(e["sentence"], e["cite"]) for e in events if leader and story.person_name(e["source_name"]) == leader),
        None,
    )
    relation = dyad_relation_noun(con, a, b, doc_ids, events)
    title = f"{story.country_name(a)}–{story.country_name(b)} {relation}"
    title = title if relation == "relations" else f"The {title}"
    if leader:
        title += f" under {leader.split()[-1]}"
    return {
        "a": a,
        "b": b,
        "since": since.isoformat() if since else None,
        "title": title,
        "leader": leader,
        "leader_note": leader_note,
        "figures": _figures(con, a, b, events, items, doc_ids, notes),
        "timeline": [_timeline_line(e, notes) for e in events],
        "proposals": [_item_line(r, notes) for r in items if r["kind"] in story.PROPOSAL_KINDS],
        "pledges": [_item_line(r, notes, tracked) for r in items if r["kind"] not in story.PROPOSAL_KINDS],
        "aims": [_item_line(r, notes) for r in aims],
        "concerns": concerns(con, a, b, doc_ids, notes),
        "notes": notes.notes,
    }


def head_of_government(events: list[dict[str, Any]], a: str) -> str | None:
    """The person most often named as a's government in a's events ("SHIGERU_ISHIBA" -> "Shigeru Ishiba").

    People the leaders table knows as a head of government or state come before other officials.
    """
    names = Counter(
        e["source_name"]
        for e in events
        if (e["source"] or "").startswith(a) and (e["source"] or "").endswith("GOV") and _is_person(e["source_name"])
    )
    if not names:
        return None
    heads = _heads(list(names))
    best = max(names, key=lambda n: (n in heads, names[n], n))
    return story.person_name(best)


def _heads(people: list[str]) -> set[str]:
    """Those of these canonical names that ever led a government or state (empty without the table)."""
    table = _leader_table()
    if table is None:
        return set()
    offices = {"head_of_government", "head_of_state"}
    return {p for p in people if any(r.office in offices for r in table.roles_of(p))}


@lru_cache(maxsize=1)
def _leader_table() -> Any:
    try:
        from dyadwatch.actors.leaders import LeaderTable
    except ImportError:  # the leaders table is optional here
        return None
    return LeaderTable.load()


def _is_person(name: str | None) -> bool:
    """Canonical person names are FIRST_LAST; country and group names are single words or known states."""
    if not name or "_" not in name:
        return False
    table = _leader_table()
    titles = {t.casefold() for t in table.titles()} if table is not None else set()
    words = story.person_name(name)
    return words.casefold() not in titles and not story.countries_in(words)


def dyad_relation_noun(con, a: str, b: str, doc_ids: list[str], events: list[dict[str, Any]]) -> str:
    """The word for the relationship: each article carrying the dyad's events votes for the noun its own
    sentences use most (its event sentences and every sentence naming a or b), with as many votes as it
    carries events; so an article about one side's trade war with everyone, which holds one event of the
    pair and talks of 'relations' with each partner, does not outvote the article about the pair."""
    votes: Counter = Counter()
    for doc_id in doc_ids:
        mine = [e for e in events if e["doc_id"] == doc_id]
        text, _ = _doc_text(con, doc_id)
        sentences = [e["sentence"] for e in mine] + \
            [s for s in split_sentences(text) if {a[:3], b[:3]} & set(story.countries_in(s))]
        # each sentence once: one holding three events, or an event that also names a or b, is one use
        votes[relation_noun(list(dict.fromkeys(s.strip() for s in sentences)))] += len(mine)
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0] == "relations", kv[0]))
    return ranked[0][0] if ranked else "relations"


def relation_noun(sentences: list[str]) -> str:
    counts = Counter(w for s in sentences for w in re.findall(r"[a-z]+", s.lower()) if w in _RELATION_NOUNS)
    return counts.most_common(1)[0][0] if counts else "relations"


def _figures(con, a, b, events, items, doc_ids, notes) -> list[str]:
    lines = []
    for source, target in ((a, b), (b, a)):
        mine = [e for e in events if (e["source"] or "").startswith(source) and (e["target"] or "").startswith(target)
                and story.counts_as_event(e)]
        left_out = [e for e in events if (e["source"] or "").startswith(source)
                    and (e["target"] or "").startswith(target) and not story.counts_as_event(e)]
        if not mine:
            lines.append(f"{story.country_name(source)} → {story.country_name(target)}: no events recorded.")
            continue
        total = sum(e["goldstein"] for e in mine)
        coop = sum(1 for e in mine if e["quad_class"] in (1, 2))
        refs = _refs(notes.cite(e["sentence"], e["cite"]) for e in mine)
        lines.append(
            f"{story.country_name(source)} → {story.country_name(target)}: {len(mine)} events, {coop} cooperative, "
            f"Goldstein sum {total:+.1f}, mean {total / len(mine):+.2f} {refs}"
        )
        if left_out:  # negated and hypothetical statements are in the timeline, not in the figures
            refs = _refs(notes.cite(e["sentence"], e["cite"]) for e in left_out)
            lines.append(f"{story.country_name(source)} → {story.country_name(target)}: {len(left_out)} negated or "
                         f"hypothetical statement(s), not counted in these figures {refs}")
    proposals = [r for r in items if r["kind"] in story.PROPOSAL_KINDS]
    answered = [r for r in proposals if r["answer"] != story.NONE_REPORTED]
    if items:
        refs = _refs(notes.cite(r["sentence"], r["cite"]) for r in items)
        lines.append(
            f"{len(items)} proposals, plans and pledges, of which {len(proposals)} proposals, "
            f"{len(answered)} answered {refs}"
        )
    lines.append(f"{len(doc_ids)} article(s) hold these events.")
    for doc_id in doc_ids:
        doc = story.document_info(con, doc_id)
        if doc:
            label = doc["title"] or doc["url"] or Path(doc["path"] or doc_id).name
            lines.append(f"{label}: {doc['dating']} [{notes.cite(None, doc['url'] or doc['path'])}]")
    return lines


def _refs(numbers: Any) -> str:
    return "".join(f"[{n}]" for n in sorted(set(numbers)))


def _timeline_line(event: dict[str, Any], notes: _Citations) -> dict[str, Any]:
    who = event["source_text"] or event["source"]
    whom = event["target_text"] or event["target"]
    label = event["cameo_label"] or event["cameo"]
    text = f"{who} ({event['source']}) → {whom} ({event['target']}): {label} [CAMEO {event['cameo']}, Goldstein {event['goldstein']:+.1f}]"
    if event["negated"]:
        text += " (negated, not counted)"
    elif not story.counts_as_event(event):
        text += f" ({event['mode']}, not counted)"
    return {"date": event["date"], "text": text, "note": notes.cite(event["sentence"], event["cite"])}


def _tracked(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """pledge id -> the pledge tracker's record, for pledges seen more than once (restated, changed, or
    with an outcome reported): the brief cites their history."""
    from dyadwatch.analyse.pledge_tracker import track_pledges

    try:
        tracked = track_pledges(con)
    except duckdb.Error:  # a store without the pledges table
        return {}
    return {pid: t for t in tracked if len(t.history) > 1 for pid in t.pledge_ids}


def _item_line(row: dict[str, Any], notes: _Citations, tracked: dict[str, Any] | None = None) -> dict[str, Any]:
    amount = row["amount"]["text"] if row["amount"] else story.NO_AMOUNT
    if row["amount"] and row["amount"].get("usd"):
        amount += f" (≈ {usd_text(row['amount']['usd'])})"
    deadline = row["deadline_text"] or row["deadline"] or story.NO_DATE
    parts = [
        f"{row['actor_text'] or row['actor']} ({row['actor']}), {row['kind']}: {row['what']}",
        f"status {row['status'] or 'unknown'}",
        f"addressed to {row['addressee']}" if row["addressee"] else "no addressee named",
        f"amount {amount}",
        f"deadline {deadline}",
    ]
    if row["condition"]:
        parts.append(f"condition: {row['condition']}")
    if row.get("mode") == "hypothetical":
        parts.append("stated hypothetically")
    parts.append(f"answer: {row['answer']}")
    note = str(notes.cite(row["sentence"], row["cite"]))
    for other in row.get("also_reported") or []:
        note += f"][{notes.cite(other['sentence'], other['cite'])}"
    if row["condition_sentence"] and row["condition_sentence"] not in (row["sentence"] or ""):
        note += f"][{notes.cite(row['condition_sentence'], row['cite'])}"
    history = next((tracked[i] for i in row.get("pledge_ids") or [] if i in (tracked or {})), None)
    if history is not None:  # the pledge tracker: its later news, each entry cited
        parts.append(f"tracked: {history.summary()}")
        for entry in history.history[1:]:
            note += f"][{notes.cite(entry.sentence, entry.url or entry.doc_id)}"
    return {"date": row["date"], "text": "; ".join(parts), "note": note}


def usd_text(usd: float) -> str:
    """3.3e10 -> "US$33.0 billion"."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(usd) >= size:
            return f"US${usd / size:,.1f} {word}"
    return f"US${usd:,.0f}"


def concerns(con, a: str, b: str, doc_ids: list[str], notes: _Citations) -> list[dict[str, Any]]:
    """Countries other than a and b named in a sentence that speaks of a's concern, threat or challenge.

    Sentences are those of the documents holding the dyad's events that are a's event sentences or
    name a's country. These are concerns, not events: nothing here is counted in the figures.
    """
    a_events = {(e["doc_id"], e["sentence"]) for e in story.actor_events(con, a) if e["doc_id"] in doc_ids}
    found: dict[str, dict[str, Any]] = {}
    for doc_id in doc_ids:
        text, cite = _doc_text(con, doc_id)
        for sentence in split_sentences(text):
            if not _CONCERN.search(sentence):
                continue
            named = story.countries_in(sentence)
            if (doc_id, sentence) not in a_events and a[:3] not in named:
                continue
            for code in named:
                if code in (a[:3], b[:3]):
                    continue
                entry = found.setdefault(code, {"country": code, "name": story.country_name(code), "notes": []})
                note = notes.cite(sentence, cite)
                if note not in entry["notes"]:
                    entry["notes"].append(note)
    return list(found.values())


def split_sentences(text: str) -> list[str]:
    return [s.strip() for para in text.splitlines() for s in _SENTENCE_END.split(para) if s.strip()]


def _doc_text(con: duckdb.DuckDBPyConnection, doc_id: str) -> tuple[str, str]:
    row = con.execute(
        "SELECT text, coalesce(url, path, doc_id) FROM documents WHERE doc_id = ? ORDER BY version DESC LIMIT 1",
        [doc_id],
    ).fetchone()
    return (row[0], row[1]) if row else ("", doc_id)


# ------------------------------------------------------------------------------------ render


def render_brief(
    con: duckdb.DuckDBPyConnection, a: str, b: str, since: date | None = None, fmt: str = "md"
) -> str:
    """The brief as Markdown (``fmt="md"``) or a standalone HTML page (``fmt="html"``)."""
    brief = build_brief(con, a, b, since=since)
    if fmt == "md":
        return _markdown(brief)
    if fmt == "html":
        return _html(brief)
    raise ValueError(f"unknown brief format {fmt!r}: use md or html")


def _sections(brief: dict[str, Any]) -> list[tuple[str, list[str]]]:
    def dated(rows: list[dict[str, Any]]) -> list[str]:
        """Rows under their date: "2025-02-01:" then the statements of that date, indented."""
        out: list[str] = []
        last = None
        for r in rows:
            if r["date"] != last:
                out.append(f"{r['date']}:")
                last = r["date"]
            out.append(f"  {r['text']} [{r['note']}]")
        return out

    concerns = [
        f"{c['name']} ({c['country']}) " + " ".join(f"[{n}]" for n in c["notes"]) for c in brief["concerns"]
    ]
    return [
        ("Headline figures", brief["figures"]),
        ("Timeline", dated(brief["timeline"]) or ["No events recorded."]),
        ("Proposals", dated(brief["proposals"]) or ["None recorded."]),
        ("Plans and pledges", dated(brief["pledges"]) or ["None recorded."]),
        *([("Other stated aims (no addressee, amount or deadline; not counted)", dated(brief["aims"]))]
          if brief.get("aims") else []),
        ("Concerns named (not events)", concerns or ["None named."]),
    ]


def _markdown(brief: dict[str, Any]) -> str:
    out = [f"# {brief['title']}", ""]
    if brief["leader"]:
        out += [f"Head of government in the sources: {brief['leader']} [{brief['leader_note']}].", ""]
    if brief["since"]:
        out += [f"Since {brief['since']}.", ""]
    for heading, lines in _sections(brief):
        out += [f"## {heading}", ""] + [_md_item(line) for line in lines] + [""]
    out += ["## Sources", ""]
    out += [f"[{i}] {_quote(n['sentence'])}{n['source']}" for i, n in enumerate(brief["notes"], 1)]
    return "\n".join(out) + "\n"


def _md_item(line: str) -> str:
    return f"  - {line[2:]}" if line.startswith("  ") else f"- {line}"


def _html(brief: dict[str, Any]) -> str:
    esc = html.escape

    def link_notes(line: str) -> str:
        return re.sub(r"\[(\d+)\]", r'<sup><a href="#n\1">[\1]</a></sup>', esc(line))

    body = [f"<h1>{esc(brief['title'])}</h1>"]
    if brief["leader"]:
        body.append(
            f"<p>Head of government in the sources: "
            f"{link_notes(brief['leader'] + ' [' + str(brief['leader_note']) + ']')}.</p>"
        )
    for heading, lines in _sections(brief):
        items = "".join(
            f'<li class="sub">{link_notes(x.strip())}</li>' if x.startswith("  ") else f"<li>{link_notes(x)}</li>"
            for x in lines
        )
        body.append(f"<h2>{esc(heading)}</h2><ul>{items}</ul>")
    notes = "".join(
        f'<li id="n{i}">{esc(_quote(n["sentence"]))}{_source_link(n["source"])}</li>' for i, n in enumerate(brief["notes"], 1)
    )
    body.append(f"<h2>Sources</h2><ol>{notes}</ol>")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(brief['title'])}</title><style>li.sub{{margin-left:1.5em}}</style></head><body>" + "".join(body) + "</body></html>\n"
    )


def _quote(sentence: str) -> str:
    return f'"{sentence}" — ' if sentence else ""


def _source_link(source: str) -> str:
    if source.startswith(("http://", "https://")):
        return f'<a href="{html.escape(source, quote=True)}">{html.escape(source)}</a>'
    return html.escape(source)
