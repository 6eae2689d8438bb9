"""Find actors, agents and discard phrases in a token sequence with one Aho-Corasick automaton.

The automaton runs over the sentence's upper-cased tokens joined by single spaces, so a key
" JAPAN " matches the token JAPAN and a stem key " ARGENTIN" (TABARI: no trailing '_') matches any
token starting with ARGENTIN. Matches are then reduced to the longest non-overlapping ones.
Codes are resolved at a date: dated codes valid on the day win; with no day, the most recent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import ahocorasick

from dyadwatch.dictionaries.types import ActorEntry, AgentEntry

_ACTOR, _AGENT, _DISCARD = 0, 1, 2


def norm_token(text: str) -> str:
    return text.upper().replace("’", "'").replace("‘", "'").replace("_", " ")


def norm_phrase(phrase: str) -> str:
    text = norm_token(phrase).replace("_", " ")
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"(\w)'S\b", r"\1 'S", text)
    text = re.sub(r"(\w)'(?=\s|$)", r"\1 '", text)  # plural possessive: "WORKERS' PARTY" as tokenized
    return " ".join(text.split())


@dataclass(slots=True)
class Mention:
    """A dictionary phrase found in a sentence: token span [start, end)."""

    start: int
    end: int
    kind: str  # "actor" | "agent"
    codes: list[str]  # actor: codes at the date (compound 'A/B' split); agent: ['~GOV'] / ['NGO~']
    name: str
    source: str  # dictionary file:line (or the leaders table's source)
    entry: ActorEntry | None = None
    titles: list[str] = field(default_factory=list)


class ActorMatcher:
    """Built once from dictionary entries; `find(tokens, day)` returns mentions and discards."""

    def __init__(self, actors: list[ActorEntry], agents: list[AgentEntry], discards: dict[str, bool],
                 stems: bool = False, plurals: bool = False):
        """plurals: a country's one-word demonym also names it in the plural ('Iraqi' -> 'Iraqis',
        'Albanian' -> 'Albanians'), unless the plural is an entry of its own."""
        self.actors = actors
        self.agents = agents
        self.discards = discards
        self._titles: dict[str, list[int]] = {}
        payloads: dict[str, list[tuple[int, int]]] = {}
        for index, entry in enumerate(actors):
            stem_set = set(entry.stem_phrases) if stems else set()
            for phrase in entry.phrases:
                key = " " + norm_phrase(phrase) + ("" if phrase in stem_set else " ")
                if len(key.strip()) < 2:
                    continue
                payloads.setdefault(key, []).append((_ACTOR, index))
            for title in entry.titles:
                self._titles.setdefault(norm_phrase(title), []).append(index)
        if plurals:
            for index, entry in enumerate(actors):
                for key in _demonym_plurals(entry):
                    if key not in payloads:
                        payloads[key] = [(_ACTOR, index)]
        for index, agent in enumerate(agents):
            for phrase in agent.phrases:
                payloads.setdefault(" " + norm_phrase(phrase) + " ", []).append((_AGENT, index))
        for index, phrase in enumerate(discards):
            payloads.setdefault(" " + norm_phrase(phrase) + " ", []).append((_DISCARD, index))
        self._discard_list = list(discards.items())
        self.automaton = ahocorasick.Automaton()
        for key, values in payloads.items():
            self.automaton.add_word(key, (len(key), values))
        self.automaton.make_automaton()
        self.phrase_count = len(payloads)
        self._norms: dict[str, str] = {}  # token text -> norm_token(text): the same words recur in every article

    def find(self, tokens: list[str], day: date | None = None,
             capitalised: list[bool] | None = None) -> tuple[list[Mention], list[tuple[str, bool]]]:
        """Mentions (longest first, non-overlapping) and discard phrases (phrase, story_level) found."""
        norms = self._norms
        if len(norms) > 200_000:  # a long-running process: keep the cache bounded
            norms.clear()
        norm = [norms.get(t) or norms.setdefault(t, norm_token(t)) for t in tokens]
        text = " " + " ".join(norm) + " "
        starts: dict[int, int] = {}
        ends: list[int] = []
        pos = 1
        for i, tok in enumerate(norm):
            starts[pos] = i
            pos += len(tok)
            ends.append(pos)  # char index just after token i
            pos += 1
        candidates: list[tuple[int, int, int, int]] = []  # (-length, start_tok, end_tok, payload idx)
        found_payloads: list[list[tuple[int, int]]] = []
        discards: list[tuple[str, bool]] = []
        for end_char, (length, values) in self.automaton.iter(text):
            start_char = end_char - length + 2  # first char of the first token
            if start_char not in starts:
                continue
            start_tok = starts[start_char]
            # token containing end_char (a stem key may end inside a token)
            last_char = end_char if text[end_char] != " " else end_char - 1
            end_tok = start_tok
            while end_tok < len(ends) and ends[end_tok] <= last_char:
                end_tok += 1
            end_tok = min(end_tok + 1, len(norm))
            kept = [v for v in values if v[0] != _DISCARD]
            for kind, index in values:
                if kind == _DISCARD:
                    discards.append(self._discard_list[index])
            if kept:
                found_payloads.append(kept)
                candidates.append((-(end_tok - start_tok), start_tok, end_tok, len(found_payloads) - 1))
        candidates.sort()
        taken = [False] * len(norm)
        mentions: list[Mention] = []
        for _neg, start, end, pidx in candidates:
            if any(taken[start:end]):
                continue
            mention = self._mention(start, end, found_payloads[pidx], day, norm, capitalised)
            if mention is None:
                continue
            for i in range(start, end):
                taken[i] = True
            mentions.append(mention)
        mentions.sort(key=lambda m: m.start)
        return mentions, discards

    def _mention(self, start: int, end: int, values: list[tuple[int, int]], day: date | None,
                 norm: list[str], capitalised: list[bool] | None) -> Mention | None:
        actors = [v for v in values if v[0] == _ACTOR]
        if actors and (capitalised is None or any(capitalised[start:end])):
            for _kind, index in reversed(actors):  # the last added (user files, leaders) wins
                entry = self.actors[index]
                codes = resolve_codes(entry, day, norm[max(0, start - 4):start])
                if codes == ["---"]:
                    return Mention(start, end, "null", [], entry.name, entry.source, entry)
                if codes:
                    return Mention(start, end, "actor", codes, entry.name, entry.source, entry, list(entry.titles))
        agents = [v for v in values if v[0] == _AGENT]
        if agents:
            agent = self.agents[agents[-1][1]]
            return Mention(start, end, "agent", [agent.code], agent.name, agent.source)
        return None

    def entries_with_title(self, title: str) -> list[ActorEntry]:
        return [self.actors[i] for i in self._titles.get(norm_phrase(title), [])]


def _demonym_plurals(entry: ActorEntry) -> list[str]:
    """Keys for the plurals of a country entry's one-word demonyms ('SERBIAN' -> ' SERBIANS ')."""
    if not any(len(c.code) == 3 for c in entry.codes):
        return []
    out = []
    for phrase in entry.phrases:
        word = norm_phrase(phrase)
        if " " not in word and len(word) > 4 and word.isalpha() and word.endswith(("AN", "I")) \
                and word != norm_phrase(entry.name):
            out.append(" " + word + "S ")
    return out


def resolve_codes(entry: ActorEntry, day: date | None, before: list[str] | None = None) -> list[str]:
    """The entry's codes on a day; with no day, the most recent dated code (a title right before the
    name, like 'President-elect', picks the role it names)."""
    if day is not None:
        codes = entry.codes_on(day)[:1]  # overlapping restrictions: the first listed wins
    else:
        dated = [c for c in entry.codes if c.start or c.end]
        if not dated:
            codes = [c.code for c in entry.codes]
        else:
            context = " ".join(before or [])
            if "ELECT" in context:
                elect = [c for c in dated if c.code.endswith("ELI")]
                dated = elect or dated
            latest = max(dated, key=lambda c: (c.start or date.min, c.end or date.max))
            codes = [latest.code]
    out: list[str] = []
    for code in codes:
        out.extend(part for part in code.split("/") if part)
    return out
