"""Render an article's clean text as HTML with its events' sentences, actors and verbs marked.

Each sentence that holds events becomes ``<span class="sent">`` holding one empty anchor
``<span id="e-<event_id>">`` per event, so ``#e-<event_id>`` lands on (and CSS highlights) the sentence
the event was coded from. Inside a sentence, actors and verbs are ``<mark>``ed by their character spans.
"""
from __future__ import annotations

from html import escape

from markupsafe import Markup


def render_article(text: str, events: list[dict]) -> Markup:
    regions = _sentence_regions(text, events)
    out: list[str] = []
    pos = 0
    for start, end, members in regions:
        out.append(escape(text[pos:start]))
        anchors = "".join(f'<span class="anchor" id="e-{escape(e["event_id"])}"></span>' for e in members)
        out.append(f'<span class="sent" data-events="{len(members)}">{anchors}')
        out.append(_marked(text, start, end, members))
        out.append("</span>")
        pos = end
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def render_sentence(event: dict) -> Markup:
    """An event's sentence with its source, verb and target marked (offsets moved to the sentence)."""
    shift = event["sentence_start"]
    local = dict(event)
    for part in ("source", "verb", "target"):
        for end in ("_start", "_end"):
            if event.get(part + end) is not None:
                local[part + end] = event[part + end] - shift
    sentence = event["sentence"]
    return Markup(_marked(sentence, 0, len(sentence), [local]))


def _sentence_regions(text: str, events: list[dict]) -> list[tuple[int, int, list[dict]]]:
    """Sentence spans holding events, sorted; overlapping spans are merged into one region."""
    spans = []
    for event in events:
        start = max(0, min(len(text), event["sentence_start"]))
        end = max(start, min(len(text), start + len(event["sentence"])))
        spans.append((start, end, event))
    spans.sort(key=lambda s: (s[0], s[1]))
    regions: list[tuple[int, int, list[dict]]] = []
    for start, end, event in spans:
        if regions and start < regions[-1][1]:
            r_start, r_end, members = regions[-1]
            regions[-1] = (r_start, max(r_end, end), members + [event])
        else:
            regions.append((start, end, [event]))
    return regions


def _marked(text: str, start: int, end: int, events: list[dict]) -> str:
    """Text[start:end] with source/target actors and verbs wrapped in <mark>."""
    marks: list[tuple[int, int, str, str]] = []
    for e in events:
        for part, cls in (("source", "actor src"), ("target", "actor tgt"), ("verb", "verb")):
            a, b = e.get(f"{part}_start"), e.get(f"{part}_end")
            if a is None or b is None or not (start <= a < b <= end):
                continue
            code = e.get(part) if part != "verb" else f"{e['cameo']} {e.get('pattern') or ''}".strip()
            marks.append((a, b, cls, f"{part}: {code}"))
    # Keep non-overlapping marks (first by position, longer first at the same start).
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen: list[tuple[int, int, str, str]] = []
    for mark in marks:
        if chosen and mark[0] < chosen[-1][1]:
            if mark[:2] == chosen[-1][:2] and mark[3] not in chosen[-1][3]:
                a, b, cls, title = chosen[-1]
                chosen[-1] = (a, b, cls, f"{title}; {mark[3]}")
            continue
        chosen.append(mark)
    out: list[str] = []
    pos = start
    for a, b, cls, title in chosen:
        out.append(escape(text[pos:a]))
        out.append(f'<mark class="{cls}" title="{escape(title)}">{escape(text[a:b])}</mark>')
        pos = b
    out.append(escape(text[pos:end]))
    return "".join(out)
