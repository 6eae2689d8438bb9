"""Exact stand-ins for two spaCy components whose Python cost dominates on short sentences.

`parse` runs the model's neural components (tok2vec, tagger, parser) as usual, then these two in the
same order as the model would (attribute_ruler, then lemmatizer). Each gives the same token
attributes as the component it replaces (tests/test_perf_fastpaths.py compares every token of the
sample articles and of sentences written to trigger every rule); when a model holds a rule they do
not understand, they hand the document to the original component.

- `FastAttributeRuler`: the model's attribute ruler runs a spaCy Matcher with ~180 patterns over
  every token. 171 of them are single-token patterns on LOWER, TAG, DEP and IS_SPACE: whether they
  match depends only on those four values, so their combined effect (the attributes set, in rule
  order: a later rule wins) is computed once per distinct combination and cached. The few
  multi-token patterns ('gon na', 'There is') run in a Matcher of their own; a token they touch gets
  every matching rule applied in rule order, as spaCy does.
- `FastLemmatizer`: the rule lemmatizer's result depends only on the token's text, POS and morph
  (and the lookup tables); it is cached per (ORTH, POS, MORPH) for every branch (spaCy's own cache
  skips base forms). The lemma index lists are given set-backed membership (`form in index` was a
  linear scan of 57k nouns): same answers.
"""
from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_KEY_ATTRS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
# token fields that Doc.from_array sets as set_token_attrs does (token fields, not lexeme attributes)
_ARRAY_ATTRS = {LEMMA, POS, TAG, DEP, MORPH}


class _Unsupported(Exception):
    pass


def _predicate(attr: str, value: Any) -> tuple[int, Any, Any]:
    """(column, value wanted or None, test) for one token attribute of a pattern, where the test
    reads (lower, tag, dep, is_space) as strings and a bool, as the Matcher evaluates it."""
    if attr not in _KEY_ATTRS:
        raise _Unsupported(attr)
    col = _KEY_ATTRS[attr]
    if attr == "IS_SPACE":
        if not isinstance(value, bool):
            raise _Unsupported(value)
        return col, None, lambda key: key[col] == value
    if isinstance(value, str):
        return col, value, lambda key: key[col] == value
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            wanted = frozenset(arg)
            return col, None, lambda key: key[col] in wanted
        if op == "NOT_IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            unwanted = frozenset(arg)
            return col, None, lambda key: key[col] not in unwanted
        if op == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            return col, None, lambda key: bool(regex.search(key[col]))
    raise _Unsupported(value)


class FastAttributeRuler:
    """The same effect as `ruler(doc)` (spaCy's AttributeRuler), computed per distinct token key."""

    def __init__(self, ruler):
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.attrs = ruler.attrs
        self.supported = True
        # single-token patterns as (rule id, [tests]), indexed by a value they require: by tag, by
        # lowercase form, or (no equality on either) tried for every key
        self._by_tag: dict[str, list[tuple[int, list]]] = {}
        self._by_lower: dict[str, list[tuple[int, list]]] = {}
        self._always: list[tuple[int, list]] = []
        self._multi = Matcher(self.vocab)
        self._cache: dict[tuple, tuple[tuple[int, ...], dict]] = {}
        # What of a token's lowercase form the single-token rules can see: whether it is one of the
        # words they name (equality, IN, NOT_IN), and what their regexes say. Two forms alike in that
        # get the same rules, so the cache is keyed by it and not by the form: a few hundred keys
        # instead of one per word of the corpus.
        self._lower_words: set[int] = set()
        self._lower_regexes: list[re.Pattern] = []
        try:
            for rule, group in enumerate(ruler.patterns):
                patterns = group["patterns"]
                if all(len(p) == 1 for p in patterns):
                    if ruler.indices[rule] not in (0, -1):
                        raise _Unsupported("index")
                    for pattern in patterns:
                        self._add_single(rule, [_predicate(a, v) for a, v in pattern[0].items()], pattern[0])
                else:
                    self._multi.add(self.vocab.strings.add(str(rule)), patterns)
        except (_Unsupported, ValueError, KeyError, TypeError):
            self.supported = False
        # The token attributes the rules set, written back with one `Doc.from_array`: for these
        # fields set_token_attrs sets the token's field only, and so does from_array (which also
        # registers a morph in the morphology table, where the ruler put its morphs already).
        # Rules setting anything else (extensions, lexeme attributes) go token by token through
        # set_token_attrs, as spaCy does.
        keys = {key for attrs in ruler.attrs for key in attrs}
        self._columns = sorted(keys) if keys and keys <= _ARRAY_ATTRS else None
        self._column_of = {attr: col for col, attr in enumerate(self._columns or [])}

    def _add_single(self, rule: int, predicates: list[tuple[int, Any, Any]], spec: dict) -> None:
        lower = spec.get("LOWER")
        if isinstance(lower, str):
            self._lower_words.add(self.vocab.strings.add(lower))
        elif isinstance(lower, dict):
            (op, arg), = lower.items()
            if op == "REGEX":
                self._lower_regexes.append(re.compile(arg))
            else:  # IN / NOT_IN: constant for every form not listed
                self._lower_words.update(self.vocab.strings.add(w) for w in arg)
        tests = [test for _col, _value, test in predicates]
        tag = next((v for col, v, _t in predicates if col == 1 and v is not None), None)
        lower = next((v for col, v, _t in predicates if col == 0 and v is not None), None)
        if tag is not None:
            self._by_tag.setdefault(tag, []).append((rule, tests))
        elif lower is not None:
            self._by_lower.setdefault(lower, []).append((rule, tests))
        else:
            self._always.append((rule, tests))

    def __call__(self, doc: Doc) -> Doc:
        if not self.supported or len(doc) == 0:
            return self.ruler(doc)
        strings = self.vocab.strings
        keys = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()
        extra: dict[int, list[int]] = {}
        for match_id, start, end in self._multi(doc, allow_missing=True, as_spans=False):
            rule = int(strings[match_id])
            index = self.ruler.indices[rule]
            target = start + index if index >= 0 else end + index
            if not start <= target < end:
                return self.ruler(doc)  # spaCy raises a helpful error for this; let it
            extra.setdefault(target, []).append(rule)
        cache = self._cache
        words, regexes = self._lower_words, self._lower_regexes
        updates = []
        for i, key in enumerate(keys):
            lower = key[0]
            seen = (lower if lower in words else 0,
                    tuple(bool(r.search(strings[lower])) for r in regexes) if regexes else (), *key[1:])
            hit = cache.get(seen)
            if hit is None:
                hit = cache[seen] = self._rules_for(key)
            rules, merged = hit
            if i in extra:
                merged = {}
                for rule in sorted(set(rules) | set(extra[i])):
                    merged.update(self.attrs[rule])
            if merged:
                updates.append((i, merged))
        if not updates:
            return doc
        if self._columns is None:
            for i, merged in updates:
                set_token_attrs(doc[i], merged)
            return doc
        where = self._column_of
        values = doc.to_array(self._columns)
        for i, merged in updates:
            for attr, value in merged.items():
                values[i, where[attr]] = value
        doc.from_array(self._columns, values)
        return doc

    def _rules_for(self, key: list[int]) -> tuple[tuple[int, ...], dict]:
        strings = self.vocab.strings
        values = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
        candidates = self._by_tag.get(values[1], []) + self._by_lower.get(values[0], []) + self._always
        rules = sorted({rule for rule, tests in candidates if all(test(values) for test in tests)})
        merged: dict = {}
        for rule in rules:  # later rules win, as in spaCy's rule-ordered application
            merged.update(self.attrs[rule])
        return tuple(rules), merged


class _IndexList(list):
    """A lemma index list with set membership (the lemmatizer only asks `form in index`)."""

    def __init__(self, items):
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item) -> bool:
        try:
            return item in self._members
        except TypeError:  # unhashable: what list.__contains__ would say
            return super().__contains__(item)


class FastLemmatizer:
    """The same lemmas as `lemmatizer(doc)` (spaCy's rule lemmatizer, overwrite off)."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.supported = getattr(lemmatizer, "mode", None) == "rule" and not getattr(lemmatizer, "overwrite", True)
        self._cache: dict[tuple[int, int, int], int] = {}
        if self.supported:
            if not getattr(lemmatizer, "_validated", True):
                lemmatizer._validate_tables()
            table = lemmatizer.lookups.get_table("lemma_index", {})
            for pos in list(table.keys()) if hasattr(table, "keys") else []:
                value = table[pos]
                if isinstance(value, list) and not isinstance(value, _IndexList):
                    table[pos] = _IndexList(value)

    def __call__(self, doc: Doc) -> Doc:
        if not self.supported or len(doc) == 0:
            return self.lemmatizer(doc)
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = numpy.flatnonzero(rows[:, 3] == 0)
        if len(todo) == 0:
            return doc
        cache = self._cache
        lemmatize = self.lemmatizer.lemmatize
        strings = doc.vocab.strings
        lemmas = rows[:, 3].copy()
        for i in todo.tolist():
            key = (int(rows[i, 0]), int(rows[i, 1]), int(rows[i, 2]))
            lemma = cache.get(key)
            if lemma is None:
                lemma = cache[key] = strings.add(lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc
