"""Databases for the API and browser tests.

`build_hand_db` inserts a few documents and events by hand (rows matching the schema, offsets computed
from the text), so the API is tested without the NLP stages; `build_other_db` does the same for a corpus
without Japan or the United States. `build_sample_db` runs the real `dyadwatch ingest` over the packaged
sample corpus.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from dyadwatch.records import sha256_hex
from dyadwatch.store.db import open_db

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "dyadwatch" / "data" / "samples"

DOC_A = (
    "Prime Minister Shigeru Ishiba of Japan has set his sights on strengthening the alliance with the "
    "United States. He aims to take the partnership to new heights through open dialogue with "
    "President-elect Donald Trump.\n"
    "Ishiba proposes several bold initiatives to enhance the alliance. He suggests joint use of US "
    "military facilities in Japan by Japanese Self-Defense Forces.\n"
    "North Korea condemned the plan & fired a missile <toward> the sea."
)
DOC_B = "China criticised Japan over the plan. Japan rejected the criticism from China."

# (doc, sentence text, source text, verb text, target text or None, source, target, cameo, quad, goldstein)
EVENTS = [
    ("A", 0, "Shigeru Ishiba", "strengthening", "United States", "JPNGOV", "USA", "057", 1, 8.0, date(2024, 11, 12)),
    ("A", 1, "He", "dialogue", "Donald Trump", "JPNGOV", "USAELI", "043", 1, 2.8, date(2024, 11, 12)),
    ("A", 2, "Ishiba", "proposes", None, "JPNGOV", None, "036", 1, 4.0, date(2024, 11, 12)),
    ("A", 3, "He", "suggests", "Japanese Self-Defense Forces", "JPNGOV", "JPNMIL", "036", 1, 4.0, date(2024, 11, 12)),
    ("A", 4, "North Korea", "condemned", "plan", "PRK", "JPN", "111", 3, -2.0, date(2024, 11, 12)),
    ("A", 4, "North Korea", "fired", "sea", "PRK", "JPN", "190", 4, -10.0, date(2024, 11, 12)),
    ("B", 0, "China", "criticised", "Japan", "CHN", "JPN", "111", 3, -2.0, date(2024, 10, 1)),
    ("B", 1, "Japan", "rejected", "China", "JPN", "CHN", "120", 3, -4.0, date(2024, 10, 2)),
]


def _sentences(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for para in text.split("\n"):
        start = 0
        for piece in para.replace(". ", ".|").split("|"):
            i = text.index(piece, pos + start if start == 0 else pos)
            out.append((i, piece))
            pos = i + len(piece)
            start = 1
        pos += 1
    return out


# Two short articles written for these tests about actors other than Japan and the United States, so a
# dashboard that assumed JPN-USA would show nothing: France-Germany is the busiest dyad.
DOC_C = (
    "France and Germany agreed to deepen their defence cooperation. The French president praised Germany "
    "for its support.\n"
    "Brazil criticised Argentina over trade barriers."
)
DOC_D = "Germany pledged aid to France after the floods. France thanked Germany for the help."
OTHER_EVENTS = [
    ("C", 0, "France", "agreed", "Germany", "FRAGOV", "DEU", "057", 1, 8.0, date(2021, 3, 4)),
    ("C", 1, "The French president", "praised", "Germany", "FRAGOV", "DEU", "051", 1, 3.4, date(2021, 3, 4)),
    ("C", 2, "Brazil", "criticised", "Argentina", "BRA", "ARG", "111", 3, -2.0, date(2021, 5, 6)),
    ("D", 0, "Germany", "pledged", "France", "DEUGOV", "FRA", "070", 2, 7.0, date(2021, 7, 20)),
    ("D", 1, "France", "thanked", "Germany", "FRA", "DEU", "051", 1, 3.4, date(2021, 7, 21)),
]


def build_hand_db(path: Path) -> dict:
    """A database with two documents and eight events; returns ids for assertions."""
    texts = {"A": DOC_A, "B": DOC_B}
    ids = {"A": sha256_hex("https://example.org/ishiba"), "B": sha256_hex(DOC_B)}
    published = {"A": date(2024, 11, 12), "B": date(2024, 10, 1)}
    urls = {"A": "https://example.org/ishiba"}
    titles = {"A": "Ishiba pushes for stronger alliance"}
    con = open_db(path)
    event_ids = insert_documents(con, texts, ids, published, EVENTS, urls=urls, titles=titles)
    con.execute(
        "INSERT INTO removed_lines VALUES (?, 1, 3, 'GIPHY App Key not set. Please check settings', 'widget',"
        " 'a web widget message, not article text')", [ids["A"]]
    )
    con.close()
    return {"doc_ids": ids, "event_ids": event_ids, "texts": texts}


def build_other_db(path: Path) -> dict:
    """A database whose actors are France, Germany, Brazil and Argentina (no Japan, no United States)."""
    texts = {"C": DOC_C, "D": DOC_D}
    ids = {key: sha256_hex(text) for key, text in texts.items()}
    published = {"C": date(2021, 3, 4), "D": date(2021, 7, 20)}
    con = open_db(path)
    event_ids = insert_documents(con, texts, ids, published, OTHER_EVENTS)
    con.close()
    return {"doc_ids": ids, "event_ids": event_ids, "texts": texts}


def insert_documents(con, texts: dict, ids: dict, published: dict, events: list, *, urls: dict | None = None,
                     titles: dict | None = None) -> list[str]:
    """Documents and their events as rows of the schema, spans computed from the text; the event ids."""
    urls, titles = urls or {}, titles or {}
    for key, text in texts.items():
        con.execute(
            "INSERT INTO documents (doc_id, version, content_hash, path, url, title, published, published_basis,"
            " source, language, text) VALUES (?, 1, ?, ?, ?, ?, ?, 'cli', 'example.org', 'en', ?)",
            [ids[key], sha256_hex(text), f"{key}.txt", urls.get(key), titles.get(key), published[key], text],
        )
    event_ids = []
    for key, idx, src_text, verb, tgt_text, src, tgt, cameo, quad, gold, day in events:
        text = texts[key]
        start, sentence = _sentences(text)[idx]
        s = start + sentence.index(src_text)
        v = start + sentence.index(verb)
        t = start + sentence.index(tgt_text) if tgt_text else None
        event_id = sha256_hex(f"{key}{idx}{verb}{cameo}")[:24]
        event_ids.append(event_id)
        con.execute(
            "INSERT INTO events (event_id, doc_id, version, published, sentence_index, sentence, sentence_start,"
            " source, source_text, source_start, source_end, source_name, source_country, source_role,"
            " target, target_text, target_start, target_end, target_country, target_role,"
            " cameo, cameo_root, quad_class, goldstein, plover, verb_text, verb_start, verb_end, negated, mode,"
            " pattern, agreements) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " NULL, ?, ?, ?, false, 'asserted', ?, [])",
            [event_id, ids[key], day, idx, sentence, start, src, src_text, s, s + len(src_text),
             "SHIGERU_ISHIBA" if src == "JPNGOV" else src, src[:3], src[3:] or None,
             tgt, tgt_text, t, (t + len(tgt_text)) if tgt_text else None, tgt[:3] if tgt else None,
             (tgt[3:] or None) if tgt else None, cameo, cameo[:2], quad, gold, verb, v, v + len(verb),
             f"* {verb.upper()} +"],
        )
    return event_ids


def build_sample_db(path: Path) -> None:
    """Run the real `dyadwatch ingest` over the packaged sample corpus into ``path``."""
    cmd = [str(Path(sys.executable).with_name("dyadwatch")), "ingest", str(SAMPLES), "--db", str(path), "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
