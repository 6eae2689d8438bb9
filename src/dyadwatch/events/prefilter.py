"""A parse-free test that no dictionary verb in a sentence can code an event.

`_code_doc` codes a verb only when its match code is a CAMEO code: a pattern's code, or else the
form's or block's default. A verb whose blocks all default to no event ('---') codes something only
when one of their coded patterns can match, and a pattern can match only when every word it requires
is in the sentence (`patterns._possible`: a word is a token's text or lemma, or a prefix of 4+ letters
of a text). Without a parse the lemmas are unknown: `VerbGate` takes every lemma spaCy's rule
lemmatizer could give a word (any part of speech, every exception and suffix rule, every lemma the
attribute ruler sets), a superset of the parsed lemmas. So when `can_code` says no, the full coder
finds no verb that codes, whatever the parse.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from dyadwatch.dictionaries.verbs import VerbDictionary, text_starts


def _codes(code: str | None) -> bool:
    """Does this match code make an event (`_code_doc`: not '---', '', nor a non-CAMEO code)?"""
    code = (code or "").split(":")[0]
    return code not in ("---", "") and code[:2].isdigit()


@lru_cache(maxsize=1)
def _lemma_tables():
    """(exceptions by part of speech, suffix rules by part of speech, attribute-ruler lemmas) of the
    model's rule lemmatizer, or None when the model has no rule lemmatizer to bound."""
    from dyadwatch.nlp.pipeline import full_pipeline

    nlp = full_pipeline()
    if "lemmatizer" not in nlp.pipe_names or getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
        return None
    lookups = nlp.get_pipe("lemmatizer").lookups
    exc = lookups.get_table("lemma_exc", {})
    rules = lookups.get_table("lemma_rules", {})
    exceptions: dict[str, set[str]] = {}
    for pos in exc.keys():
        for word, lemmas in exc[pos].items():
            exceptions.setdefault(word, set()).update(lemmas)
    suffixes = [(old, new) for pos in rules.keys() for old, new in rules[pos]]
    ruled: dict[str, set[str]] = {}  # lower-cased word -> lemmas the attribute ruler may set
    anyword: set[str] = set()  # lemmas a rule sets whatever the word
    if "attribute_ruler" in nlp.pipe_names:
        for rule in nlp.get_pipe("attribute_ruler").patterns:
            lemma = rule.get("attrs", {}).get("LEMMA")
            if not lemma:
                continue
            for pattern in rule.get("patterns", []):
                spec = pattern[rule.get("index", 0)] if pattern else {}
                words = None  # the words the rule's token can be (a LOWER, ORTH or TEXT value or 'IN' list)
                for attr in ("LOWER", "ORTH", "TEXT"):
                    value = spec.get(attr)
                    if isinstance(value, str):
                        words = [value]
                    elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                        words = list(value["IN"])
                    if words is not None:
                        break
                if words is None:
                    anyword.add(lemma)  # no plain word constraint (a regex...): any token may get it
                    continue
                for w in words:
                    ruled.setdefault(w.lower(), set()).add(lemma)
    return exceptions, suffixes, ruled, frozenset(anyword)


class VerbGate:
    """Which dictionary keys can code, and what their coded patterns need."""

    def __init__(self, verbs: VerbDictionary):
        self.verbs = verbs
        self.always: set[str] = set()  # keys with a coding default or a coded pattern needing no word
        self.needs: dict[str, list[tuple]] = {}  # key -> required (words, synsets) of its coded patterns
        for key in verbs.words():
            if not any(ch.isalpha() for ch in key):
                continue  # a verb token is a word: forms keyed by punctuation never match one (as in the scan)
            needs: list[tuple] = []
            for block, form in verbs.lookup(key):
                # a multi-word form ('be determined') is a candidate only with its other words present
                own = tuple(form.before) + tuple(form.after)
                if _codes(form.code or block.code):
                    needs.append((own, ()))
                    continue
                for pattern in block.patterns:
                    if _codes(pattern.code):
                        words = own + tuple(e.value for e in pattern.pre + pattern.post if e.kind == "word")
                        synsets = tuple(e.value for e in pattern.pre + pattern.post if e.kind == "synset")
                        needs.append((words, synsets))
            if any(not words and not synsets for words, synsets in needs):
                self.always.add(key)
            elif needs:
                self.needs[key] = needs
        self._lemmas: dict[str, frozenset[str]] = {}

    def lemmas(self, word: str) -> frozenset[str] | None:
        """Every lemma the parse could give the word (upper-cased), or None if unknown."""
        hit = self._lemmas.get(word)
        if hit is None:
            tables = _lemma_tables()
            if tables is None:
                return None
            exceptions, suffixes, ruled, anyword = tables
            low = word.lower()
            out = {word, low}
            out.update(exceptions.get(low, ()))
            out.update(low[: len(low) - len(old)] + new for old, new in suffixes if low.endswith(old))
            out.update(ruled.get(low, ()))
            out.update(anyword)
            if len(self._lemmas) > 200_000:  # a long-running process: keep the cache bounded
                self._lemmas.clear()
            hit = self._lemmas[word] = frozenset(w.upper() for w in out)
        return hit

    def can_code(self, words: list[str]) -> bool:
        """False only if no dictionary verb in these tokens can code an event, for any parse."""
        texts = {w.upper().replace("’", "'") for w in words}
        keys = set(texts)
        for w in words:
            lemmas = self.lemmas(w)
            if lemmas is None:
                return True
            keys |= lemmas
        if keys & self.always:
            return True
        found = [k for k in keys if k in self.needs]
        if not found:
            return False
        known = keys  # texts and every possible lemma
        ordered = sorted(texts)  # a word of 4+ letters is also present as the prefix of a text
        seen: dict[str, bool] = {}

        def present(word: str) -> bool:
            hit = seen.get(word)
            if hit is None:
                if word.endswith("_"):
                    hit = word[:-1] in known
                elif word in known:
                    hit = True
                elif len(word) >= 4:
                    # the texts sorted: the first one not below `word` is the only candidate to start with it
                    at = bisect_left(ordered, word)
                    hit = at < len(ordered) and ordered[at].startswith(word)
                else:
                    hit = False
                seen[word] = hit
            return hit

        starts: list[set[str]] = []  # text_starts(texts), made on first need

        def text_starts_once() -> set[str]:
            if not starts:
                starts.append(text_starts(texts))
            return starts[0]

        def synset(name: str) -> bool:
            hit = seen.get("&" + name)
            if hit is None:
                parts = self.verbs.synset_parts(name)
                hit = parts.single_present(known, text_starts_once) \
                    or any(all(present(w) for w in member) for member in parts.longer)
                seen["&" + name] = hit
            return hit

        for k in found:
            for needed_words, synsets in self.needs[k]:
                if all(present(w) for w in needed_words) and all(synset(s) for s in synsets):
                    return True
        return False
