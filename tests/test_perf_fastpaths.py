"""Speed-ups that must not change results: the verb-pattern index and the array sentence splitter."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import SENT_START

from dyadwatch.dictionaries.loader import Dictionaries
from dyadwatch.events.patterns import View, _index, _possible
from dyadwatch.nlp.pipeline import _sentencizer, full_pipeline, parse, split_sentences
from dyadwatch.settings import Settings

SEED = Path(__file__).resolve().parents[1] / "src" / "dyadwatch" / "data" / "samples" / "ishiba-japan-us-alliance.txt"
TEXT = SEED.read_text(encoding="utf-8") + (
    "\nThe talks ended... Then? Officials said \"no!\" and left. Mr. Smith met Dr. Jones in the U.S. today.\n"
    "Iran warned Israel; the minister called for calm!! Nothing else.")


@pytest.fixture(scope="module")
def verbs():
    return Dictionaries.packaged(Settings()).verbs


def test_pattern_index_keeps_every_possible_pattern_in_order(verbs):
    docs = parse([s.text for s in split_sentences(TEXT)])
    tried = 0
    for doc in docs:
        view = View(doc)
        for block in verbs.blocks:
            wanted = [i for i, p in enumerate(block.patterns) if _possible(p, view, verbs)]
            got = _index(block).candidates(view)
            assert got == sorted(got)
            assert set(wanted) <= set(got), block.name
            tried += len(got)
    assert tried < sum(len(b.patterns) for b in verbs.blocks) * len(docs) / 3  # the index skips most


def test_split_sentences_matches_spacy_sentencizer():
    nlp = full_pipeline()
    sentences = split_sentences(TEXT)
    expected = []
    for para in [p for p in TEXT.split("\n") if p.strip()]:
        doc = _sentencizer()(nlp.make_doc(para))
        expected.extend(s.text.strip() for s in doc.sents if s.text.strip())
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert TEXT[s.start:s.end] == s.text
        if s.span is not None:
            assert s.words == [t.text for t in s.span]
            flags = s.as_doc().to_array([SENT_START]).tolist()
            assert flags[0] == 1 and all(f != 1 for f in flags[1:])  # one sentence for the parser


def test_sentence_as_doc_parses_like_span_as_doc():
    sentences = [s for s in split_sentences(TEXT) if s.span is not None]
    ours, spacy_docs = [s.as_doc() for s in sentences], [s.span.as_doc() for s in sentences]
    for a, b in zip(ours, spacy_docs):
        assert a.to_array(["ORTH", "NORM", "SPACY", "SENT_START"]).tolist() == \
            b.to_array(["ORTH", "NORM", "SPACY", "SENT_START"]).tolist()
    key = lambda d: [(t.text, t.dep_, t.head.i, t.lemma_, t.tag_, t.pos_, t.idx) for t in d]  # noqa: E731
    assert [key(d) for d in parse(ours)] == [key(d) for d in parse(spacy_docs)]


def test_enormous_paragraph_is_hard_split_without_tokens():
    sentences = split_sentences("Talks went on. " * 8000)  # one 120k-character paragraph
    assert len(sentences) == 8000
    assert sentences[1].text == "Talks went on." and sentences[1].span is None and sentences[1].words is None


# Sentences for every kind of attribute-ruler rule: the two-token ones ('ai n't', 'gon na', 'got ta',
# "let 's", "c'm on", "y' all", 'There is'), the DEP-dependent ones ('I'/'you'/'it' as subject and
# object, 'but' as adverb, auxiliaries, 'do'/'have' as main verbs, 'that' as pronoun), whitespace tokens.
RULER_TEXT = (
    "I ain't gon na do it, but you got ta see it.\nLet's go now; y'all know it and c'mon, there is a way.\n"
    "There were talks and it was I who saw you.  Two  spaces   here.\nHe had a plan that did not work, "
    "did he?\nWhat is that? That is what they have.\nShe does it all but never says so.\n\nIt gave it to me."
)


def _token_rows(docs):
    return [[(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start)
             for t in doc] for doc in docs]


def test_fast_attribute_ruler_and_lemmatizer_give_spacy_s_attributes():
    from dyadwatch.nlp.pipeline import _fast_components

    assert _fast_components() is not None  # the installed model is the one the stand-ins understand
    texts = [SEED.read_text(encoding="utf-8"), TEXT, RULER_TEXT]
    sentences = [s for text in texts for s in split_sentences(text)]
    ours = parse([s.as_doc() for s in sentences])
    theirs = list(full_pipeline().pipe([s.as_doc() for s in sentences], disable=["ner"]))
    assert _token_rows(ours) == _token_rows(theirs)
    # whole paragraphs too (several sentences per doc, raw text tokenized by the model)
    ours = parse(RULER_TEXT.split("\n"))
    theirs = list(full_pipeline().pipe(RULER_TEXT.split("\n"), disable=["ner"]))
    assert _token_rows(ours) == _token_rows(theirs)
    rules = {t.lemma_ for doc in ours for t in doc}
    assert {"go", "to", "be", "come", "you", "us"} <= rules  # the two-token rules fired


def test_pledge_phrases_parse_with_the_coder_s_model_as_with_a_model_of_their_own():
    import spacy

    from dyadwatch.pledges.phrases import load_nlp

    own = spacy.load(full_pipeline().meta["lang"] + "_" + full_pipeline().meta["name"], exclude=["ner"])
    sentences = [s.text for s in split_sentences(SEED.read_text(encoding="utf-8") + "\n" + RULER_TEXT)]
    assert _token_rows([load_nlp()(s) for s in sentences]) == _token_rows([own(s) for s in sentences])
