"""Match PETRARCH verb patterns against a parsed sentence.

A pattern's words before `*` are looked for before the verb (nearest first), words after it in the
verb's phrase; `_`-joined words must be adjacent. `$`/`+` bind an actor as source/target, `^` skips an
actor, `%` needs a compound actor. The most specific matching pattern (most words) wins.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dyadwatch.actors.compose import ActorGroup
from dyadwatch.dictionaries.verbs import Elem, VerbBlock, VerbDictionary, VerbForm, VerbPattern, text_starts
from dyadwatch.nlp.pipeline import token_rows

PRE_WINDOW = 6
# A pattern that is only a particle ('- * ON', '- * AHEAD', '- * (OUT)') names a phrasal verb ('press
# on', 'push ahead'): the particle must follow the verb closely, not be any 'on' later in the sentence
# ('wants Trump to eliminate the tariffs on Chinese goods' is no 'press on' [190]).
PARTICLES = {"ON", "IN", "AT", "OUT", "OFF", "UP", "DOWN", "AHEAD", "BACK", "AWAY", "OVER", "INTO", "AGAINST",
             "FOR", "WITH", "TO", "FROM", "OF", "BY", "THROUGH", "ACROSS", "AROUND", "ABOUT", "FORWARD", "ALONG"}
PARTICLE_REACH = 3


@dataclass(slots=True)
class VerbMatch:
    block: VerbBlock
    form: VerbForm
    start: int  # token span of the verb (with its particles / preceding words)
    end: int
    code: str
    pattern: VerbPattern | None = None
    slots: dict[str, list[ActorGroup]] = field(default_factory=dict)
    rule: str | None = None  # a coder rule that set `code` over the dictionary's ('obligation: demand')

    @property
    def pattern_text(self) -> str:
        if self.pattern:
            text = f"{self.pattern.text} ({self.pattern.where})"
        else:
            code = self.form.code or self.block.code
            text = f"--- {self.block.name} [{code}] --- ({self.block.where})"
        return f"{text} {RULE_MARK}{self.rule}" if self.rule else text


# how an event's `pattern` says a coder rule, not the dictionary, set its code
RULE_MARK = "+ rule: "


class View:
    """Upper-cased texts and lemmas of a parsed sentence, computed once for all patterns."""

    def __init__(self, doc: Doc):
        self.doc = doc
        rows = token_rows(doc)  # token attributes from one array: no Token objects
        self.texts = [text.upper().replace("’", "'") for text in rows.texts]
        self.lemmas = [lemma.upper() for lemma in rows.lemmas]
        self.alpha = rows.alpha
        self._present: dict[str, bool] = {}
        self._words = set(self.texts) | set(self.lemmas)
        self._sorted = sorted(set(self.texts))
        self._keys: set[str] | None = None
        self._starts: set[str] | None = None

    @property
    def keys(self) -> set[str]:
        """A superset of the pattern words `present` accepts: the words, their exact forms ('WORD_')
        and every prefix of 4+ letters of a text (built once, for the pattern index)."""
        if self._keys is None:
            keys = set(self._words)
            keys.update(w + "_" for w in self._words)
            for text in set(self.texts):
                keys.update(text[:k] for k in range(4, len(text)))
            self._keys = keys
        return self._keys

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def starts(self) -> set[str]:
        """Every start of 4+ letters of a text (the texts included): a word of 4+ letters is present
        as a prefix exactly when it is in this set."""
        if self._starts is None:
            self._starts = text_starts(self.texts)
        return self._starts

    def synset_present(self, name: str, verbs: VerbDictionary) -> bool:
        key = "&" + name
        hit = self._present.get(key)
        if hit is None:
            parts = verbs.synset_parts(name)
            hit = parts.single_present(self._words, lambda: self.starts) \
                or any(all(self.present(w) for w in member) for member in parts.longer)
            self._present[key] = hit
        return hit

    def present(self, word: str) -> bool:
        """Can the word match anywhere in the sentence? (cheap pre-check for a pattern)"""
        hit = self._present.get(word)
        if hit is None:
            if word.endswith("_"):
                hit = word[:-1] in self._words
            else:
                hit = word in self._words
                if not hit and len(word) >= 4:
                    at = bisect_left(self._sorted, word)
                    hit = at < len(self._sorted) and self._sorted[at].startswith(word)
            self._present[word] = hit
        return hit


def _word_matches(word: str, view: View, i: int) -> bool:
    text = view.texts[i]
    if word.endswith("_"):
        return text == word[:-1]
    return text == word or view.lemmas[i] == word or (len(word) >= 4 and text.startswith(word))


def _seq_at(words: tuple[str, ...], view: View, i: int) -> int:
    """Length matched if the word sequence starts at token i, else 0."""
    for k, word in enumerate(words):
        if i + k >= len(view) or not _word_matches(word, view, i + k):
            return 0
    return len(words)


def find_verbs(doc: Doc, verbs: VerbDictionary,
               view: View | None = None) -> list[tuple[int, int, VerbBlock, VerbForm, bool]]:
    """Candidate verbs: (start, end, block, form, exact_text) for verb-tagged tokens in the dictionary."""
    out = []
    view = view or View(doc)
    rows = token_rows(doc)
    for i, (pos, tag) in enumerate(zip(rows.pos, rows.tags)):
        if not (pos in ("VERB", "AUX") or tag.startswith("VB")):
            continue
        tok = doc[i]
        seen = set()
        for key, exact in ((tok.text.upper(), True), (tok.lemma_.upper(), False)):
            for block, form in verbs.lookup(key):
                if id(form) in seen:
                    continue
                seen.add(id(form))
                start, end = tok.i, tok.i + 1
                if form.before:
                    n = len(form.before)
                    if tok.i - n < 0 or _seq_at(form.before, view, tok.i - n) != n:
                        continue
                    start = tok.i - n
                if form.after:
                    # particles: adjacent, or a 'prt' child of the verb
                    got = _seq_at(form.after, view, tok.i + 1)
                    if not got:
                        prt = [c for c in tok.children if c.dep_ == "prt" and c.text.upper() == form.after[0]]
                        if not prt or len(form.after) > 1:
                            continue
                    else:
                        end = tok.i + 1 + got
                out.append((start, end, block, form, exact))
    return out


def _possible(pattern: VerbPattern, view: View, verbs: VerbDictionary) -> bool:
    for elem in pattern.pre + pattern.post:
        if elem.kind == "word" and not view.present(elem.value):
            return False
        if elem.kind == "synset" and not view.synset_present(elem.value, verbs):
            return False
    return True


class _PatternIndex:
    """A block's patterns by one required word (the longest), so a sentence tries only the patterns
    whose key word it contains; patterns with no required word are always tried."""

    __slots__ = ("block", "count", "always", "by_word")

    def __init__(self, block: VerbBlock):
        self.block = block
        self.count = len(block.patterns)
        self.always: list[int] = []
        self.by_word: dict[str, list[int]] = {}
        for i, pattern in enumerate(block.patterns):
            words = [e.value for e in pattern.pre + pattern.post if e.kind == "word"]
            if words:
                self.by_word.setdefault(max(words, key=len), []).append(i)
            else:
                self.always.append(i)

    def candidates(self, view: View) -> list[int]:
        """Indices (in dictionary order) of the patterns that can match: a superset of `_possible`."""
        hits = list(self.always)
        by_word = self.by_word
        if len(by_word) < len(view.keys):
            for word, found in by_word.items():
                if word in view.keys:
                    hits.extend(found)
        else:
            for word in view.keys:
                found = by_word.get(word)
                if found:
                    hits.extend(found)
        hits.sort()
        return hits


_INDEXES: dict[int, _PatternIndex] = {}


def _index(block: VerbBlock) -> _PatternIndex:
    index = _INDEXES.get(id(block))
    if index is None or index.block is not block or index.count != len(block.patterns):
        if len(_INDEXES) > 20_000:  # many dictionaries loaded in one process: drop the old ones
            _INDEXES.clear()
        index = _INDEXES[id(block)] = _PatternIndex(block)
    return index


def best_match(view: View, start: int, end: int, block: VerbBlock, form: VerbForm, verbs: VerbDictionary,
               groups: list[ActorGroup], scope: set[int]) -> VerbMatch:
    best: VerbMatch | None = None
    best_weight = -1
    doc = view
    patterns = block.patterns
    for i in _index(block).candidates(view):
        pattern = patterns[i]
        if not _possible(pattern, view, verbs):
            continue
        slots: dict[str, list[ActorGroup]] = {}
        if not _match_post(pattern, doc, end, verbs, groups, scope, slots):
            continue
        if not _match_pre(pattern, doc, start, verbs, groups, slots):
            continue
        weight = pattern.weight + (1 if pattern.pre_joined or pattern.post_joined else 0)
        if weight > best_weight:
            best_weight = weight
            best = VerbMatch(block, form, start, end, pattern.code, pattern, slots)
    if best is not None:
        return best
    return VerbMatch(block, form, start, end, form.code or block.code)


def _group_at(groups: list[ActorGroup], i: int) -> ActorGroup | None:
    for g in groups:
        if g.start == i:
            return g
    return None


def _elem_at(elem: Elem, doc: View, i: int, verbs: VerbDictionary, groups: list[ActorGroup],
             slots: dict[str, list[ActorGroup]]) -> int:
    """Tokens consumed if elem matches starting at i (0: no match)."""
    if elem.kind == "word":
        return 1 if _word_matches(elem.value, doc, i) else 0
    if elem.kind == "synset":
        for member in verbs.expand_synset(elem.value):
            got = _seq_at(member, doc, i)
            if got:
                return got
        return 0
    group = _group_at(groups, i)
    if group is None:
        if elem.kind == "skip" and doc.alpha[i]:  # '^' skips an actor or any one word
            return 1
        return 0
    if elem.kind in ("source", "target"):
        slots.setdefault(elem.kind, []).append(group)
    if elem.kind == "compound":
        slots.setdefault("compound", []).append(group)
    return group.end - group.start


def _match_post(pattern: VerbPattern, doc: View, pos: int, verbs: VerbDictionary, groups: list[ActorGroup],
                scope: set[int], slots: dict[str, list[ActorGroup]]) -> bool:
    must_touch = pattern.post_joined
    particle_only = (not pattern.pre and len(pattern.post) == 1 and pattern.post[0].kind == "word"
                     and pattern.post[0].value.strip("()_") in PARTICLES)
    for elem in pattern.post:
        found = False
        limit = len(doc) if not scope else max(max(scope) + 1, pos)
        if particle_only:
            limit = min(limit, pos + PARTICLE_REACH)
        for i in range(pos, limit):
            if scope and i not in scope and elem.kind == "word":
                if must_touch:
                    break
                continue
            got = _elem_at(elem, doc, i, verbs, groups, slots)
            if got:
                pos = i + got
                found = True
                break
            if must_touch:
                break
        if not found:
            return False
        must_touch = elem.joined
    return True


def _match_pre(pattern: VerbPattern, doc: View, pos: int, verbs: VerbDictionary, groups: list[ActorGroup],
               slots: dict[str, list[ActorGroup]]) -> bool:
    must_touch = pattern.pre_joined
    for elem in reversed(pattern.pre):
        found = False
        lowest = max(0, pos - PRE_WINDOW) if elem.kind in ("word", "synset") else 0
        for i in range(pos - 1, lowest - 1, -1):
            # a match must end right before pos when joined; try each start i
            got = _elem_at(elem, doc, i, verbs, groups, slots)
            if got and (not must_touch or i + got == pos):
                pos = i
                found = True
                break
            if must_touch and i + 3 < pos:
                break
        if not found:
            return False
        must_touch = elem.joined
    return True
