"""Reader for PETRARCH verb dictionaries (CAMEO.2.0.txt, PETR.Validate.verbs.txt).

Format:
- `&NAME` starts a synonym set; `+WORD` / `+TWO WORDS` / `+&OTHER` lines are its members; a blank
  line ends it.
- `--- NAME [code] ---` starts a verb block; `[---]` means no default code.
- Verb lines: `FREEZE {FREEZES FROZE}` (irregular forms), `+STIR_UP {+STIRS_UP}` (phrasal: the `+` word
  is the verb, the rest are particles), `KLM_NOP_+RST [002]` (words before the verb), an optional
  `[code]` overriding the block code for that verb.
- Pattern lines `- PRE WORDS * POST WORDS [code]`: `*` the verb, `$` source, `+` target, `%` compound
  actor, `^` a skipped actor, `&SET` a synset, `_` joins adjacent words, `{..}`/`(..)` group words.
  A code `[X:Y]` codes X from source to target and Y back.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from dyadwatch.dictionaries.textfile import numbered_lines
from dyadwatch.errors import DictionaryError

OnError = Callable[[DictionaryError], None]
SLOTS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}


@dataclass(frozen=True, slots=True)
class Elem:
    kind: str  # "word" | "synset" | "source" | "target" | "compound" | "skip"
    value: str = ""  # upper-case word (trailing '_' kept: exact) or synset name
    joined: bool = False  # must be adjacent to the next element (toward/away from the verb)


@dataclass(slots=True)
class VerbPattern:
    pre: tuple[Elem, ...]  # in text order, the last one nearest the verb
    post: tuple[Elem, ...]  # in text order, the first one nearest the verb
    code: str  # "064", "032:033", "---"
    text: str  # as written in the file
    where: str  # file:line
    pre_joined: bool = False  # last pre element touches the verb ('IN_*')
    post_joined: bool = False  # first post element touches the verb ('*_OUT')

    @property
    def weight(self) -> int:
        return sum(2 if e.kind in ("word", "synset") else 1 for e in self.pre + self.post)


@dataclass(slots=True)
class VerbForm:
    verb: str  # the word that is the verb, e.g. "STIR"
    before: tuple[str, ...] = ()  # words that must precede it
    after: tuple[str, ...] = ()  # particles that must follow it ("UP")
    code: str | None = None  # per-verb code overriding the block's


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: str  # default code; "---" none
    where: str
    forms: list[VerbForm] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)
    rank: int = 0  # files merged later (user files) rank higher and are tried first


class SynsetParts(NamedTuple):
    """A synset's members by shape. A one-word member 'W_' must be a token's text or lemma exactly
    (`exact` holds W); a member 'W' is a text or lemma, or (4+ letters, `stems`) the start of a text."""

    exact: frozenset[str]
    words: frozenset[str]
    stems: frozenset[str]
    longer: list[tuple[str, ...]]  # members of several words (or none), tested word by word

    def single_present(self, words: set[str], starts: Callable[[], set[str]]) -> bool:
        """Can a one-word member match: its word among `words` (a sentence's texts and lemmas), or
        its 4+ letters among `starts()` (`text_starts` of the texts, asked for only when needed)?"""
        return not self.exact.isdisjoint(words) or not self.words.isdisjoint(words) \
            or (bool(self.stems) and not self.stems.isdisjoint(starts()))


def text_starts(texts) -> set[str]:
    """Every start of 4+ letters of each text (the texts included): a pattern word of 4+ letters
    matches a text as its prefix exactly when it is in this set."""
    return {text[:k] for text in set(texts) for k in range(4, len(text) + 1)}


@dataclass(slots=True)
class VerbDictionary:
    blocks: list[VerbBlock] = field(default_factory=list)
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # name -> member word tuples
    index: dict[str, list[tuple[VerbBlock, VerbForm]]] = field(default_factory=dict)  # word -> forms
    expanded: dict[str, list[tuple[str, ...]]] = field(default_factory=dict, repr=False)  # synset cache
    parts: dict[str, SynsetParts] = field(default_factory=dict, repr=False)  # synset cache, by member shape

    def add(self, other: VerbDictionary) -> None:
        """Merge another dictionary; its verbs are consulted first (user files override)."""
        self.synsets.update(other.synsets)
        self.expanded.clear()
        self.parts.clear()
        rank = 1 + max((b.rank for b in self.blocks), default=0)
        for block in other.blocks:
            block.rank = rank
        self.blocks.extend(other.blocks)
        for word, forms in other.index.items():
            self.index[word] = forms + self.index.get(word, [])

    def lookup(self, word: str) -> list[tuple[VerbBlock, VerbForm]]:
        return self.index.get(word.upper(), [])

    def expand_synset(self, name: str, _depth: int = 0) -> list[tuple[str, ...]]:
        """Member word tuples (nested '&SET' members expanded), longest first; cached."""
        if _depth == 0:
            hit = self.expanded.get(name)
            if hit is not None:
                return hit
            result = sorted(self._expand(name, 0), key=len, reverse=True)
            self.expanded[name] = result
            return result
        return self._expand(name, _depth)

    def synset_parts(self, name: str) -> SynsetParts:
        """The synset's members split by shape (cached), so a sentence tests its one-word members
        with set intersections instead of one member at a time."""
        hit = self.parts.get(name)
        if hit is None:
            members = self.expand_synset(name)
            singles = [m[0] for m in members if len(m) == 1]
            hit = self.parts[name] = SynsetParts(
                exact=frozenset(w[:-1] for w in singles if w.endswith("_")),
                words=frozenset(w for w in singles if not w.endswith("_")),
                stems=frozenset(w for w in singles if not w.endswith("_") and len(w) >= 4),
                longer=[m for m in members if len(m) != 1])
        return hit

    def _expand(self, name: str, _depth: int) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        for member in self.synsets.get(name, []):
            if len(member) == 1 and member[0].startswith("&") and _depth < 5:
                out.extend(self._expand(member[0][1:].rstrip("_"), _depth + 1))
            else:
                out.append(member)
        return out

    def words(self) -> set[str]:
        return set(self.index)


_BLOCK = re.compile(r"^---\s*(.+?)\s*\[([^\]]*)\].*$")
_CODE = re.compile(r"\[\s*([^\]\s]+)\s*\]")


def read_verb_file(path: str | Path, on_error: OnError | None = None) -> VerbDictionary:
    def report(number: int, reason: str) -> None:
        err = DictionaryError(str(path), number, reason)
        if on_error is None:
            raise err
        on_error(err)

    out = VerbDictionary()
    synset: str | None = None
    block: VerbBlock | None = None
    for number, line in numbered_lines(path):
        text = line.strip()
        if not text:
            synset = None
            continue
        if text.startswith("&"):
            synset = text[1:].split()[0].rstrip("_").upper()
            out.synsets.setdefault(synset, [])
            continue
        if synset is not None and text.startswith("+"):
            member = tuple(w for w in re.split(r"[_\s]+", text[1:].strip().upper()) if w)
            if member:
                out.synsets[synset].append(member)
            continue
        if text.startswith("---"):
            match = _BLOCK.match(text)
            if not match:
                report(number, f"verb block header needs '--- NAME [code] ---': {text!r}")
                block = None
                continue
            block = VerbBlock(match.group(1).strip().upper(), match.group(2).strip().upper(), f"{path}:{number}")
            out.blocks.append(block)
            continue
        if block is None:
            report(number, f"line outside a verb block or synset: {text!r}")
            continue
        if text.startswith("-"):
            try:
                block.patterns.append(_parse_pattern(text[1:], f"{path}:{number}"))
            except ValueError as exc:
                report(number, str(exc))
            continue
        try:
            for form in _parse_verb_line(text):
                block.forms.append(form)
                out.index.setdefault(form.verb, []).append((block, form))
        except ValueError as exc:
            report(number, str(exc))
    return out


def _parse_verb_line(text: str) -> list[VerbForm]:
    code_match = _CODE.search(text)
    code = code_match.group(1).upper() if code_match else None
    body = text[: code_match.start()] if code_match else text
    irregular: list[str] = []
    brace = re.search(r"\{([^}]*)\}", body)
    if brace:
        irregular = brace.group(1).split()
        body = body[: brace.start()] + body[brace.end() :]
    words = body.split()
    if not words:
        raise ValueError(f"verb line without a verb: {text!r}")
    main = _verb_form("_".join(words), code)  # 'LASH OUT' is read as 'LASH_OUT'

    forms = [main]
    for form in _regular_forms(main.verb):
        forms.append(VerbForm(form, main.before, main.after, code))
    for word in irregular:
        parsed = _verb_form(word, code)
        forms.append(parsed)
    return forms


def _verb_form(word: str, code: str | None) -> VerbForm:
    raw = word.upper()
    parts = [p for p in raw.split("_") if p]
    if not parts:
        raise ValueError(f"empty verb {word!r}")
    if raw.startswith("+"):
        parts[0] = parts[0][1:]
        return VerbForm(parts[0], (), tuple(parts[1:]), code)
    for i, part in enumerate(parts):
        if part.startswith("+"):
            return VerbForm(part[1:], tuple(parts[:i]), tuple(parts[i + 1 :]), code)
    return VerbForm(parts[0], (), tuple(parts[1:]), code)


def _regular_forms(verb: str) -> list[str]:
    if not verb.isalpha() or len(verb) < 2:
        return []
    if verb.endswith("E"):
        return [verb + "S", verb + "D", verb[:-1] + "ING"]
    if verb.endswith("Y") and verb[-2] not in "AEIOU":
        return [verb[:-1] + "IES", verb[:-1] + "IED", verb + "ING"]
    if verb.endswith(("S", "SH", "CH", "X", "Z")):
        return [verb + "ES", verb + "ED", verb + "ING"]
    return [verb + "S", verb + "ED", verb + "ING"]


def _parse_pattern(body: str, where: str) -> VerbPattern:
    code_match = _CODE.search(body)
    if not code_match:
        raise ValueError(f"pattern without [code]: {body.strip()!r}")
    code = code_match.group(1).upper()
    text = body[: code_match.start()]
    # group words inside {..} and (..) into one joined chunk
    text = re.sub(r"[{(]([^})]*)[})]", lambda m: "_".join(m.group(1).split()), text)
    text = text.replace("{", " ").replace("}", " ").replace("(", " ").replace(")", " ")
    chunks = text.split()
    pre: list[Elem] = []
    post: list[Elem] = []
    seen_verb = False
    pre_joined = post_joined = False
    for chunk in chunks:
        pieces = chunk.split("_")
        # keep a trailing '_' as the exact-match marker of the previous piece
        elems: list[tuple[str, bool]] = []
        for i, piece in enumerate(pieces):
            if piece == "":
                if elems:
                    word, _ = elems[-1]
                    if not word.endswith("_") and word not in ("*",) and word[0] not in "$+%^&":
                        elems[-1] = (word + "_", elems[-1][1])
                continue
            joined = i < len(pieces) - 1 and any(p for p in pieces[i + 1 :])
            elems.append((piece.upper(), joined))
        for word, joined in elems:
            if word == "*":
                if seen_verb:
                    raise ValueError(f"pattern has two '*': {body.strip()!r}")
                seen_verb = True
                if pre and pre[-1].joined:
                    pre_joined = True
                post_joined = joined
                continue
            elem = _elem(word, joined)
            (post if seen_verb else pre).append(elem)
    if not seen_verb:
        raise ValueError(f"pattern without '*' for the verb: {body.strip()!r}")
    return VerbPattern(tuple(pre), tuple(post), code, "- " + body.split("[")[0].strip() + f" [{code}]", where,
                       pre_joined, post_joined)


def _elem(word: str, joined: bool) -> Elem:
    if word in SLOTS:
        return Elem(SLOTS[word], "", joined)
    if word.startswith("&"):
        return Elem("synset", word[1:].rstrip("_"), joined)
    if word.startswith("+") and len(word) > 1:  # '+' attached to a word: a target slot next to it
        return Elem("word", word[1:], joined)
    return Elem("word", word, joined)
