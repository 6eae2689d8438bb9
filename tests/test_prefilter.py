"""The fast path skips sentences whose verbs can code nothing for any parse, and 'he' with no
person named before; the events stay those of parsing every sentence."""
from __future__ import annotations

from dataclasses import replace

import pytest

from dyadwatch.events.coder import Coder
from dyadwatch.nlp.pipeline import split_sentences

ARTICLES = [
    # no mention, verbs that cannot code ('used to be', 'are ... to choose'): skipped by the verb gate
    "Germany criticised Russia on Monday. Gaming used to be so simple for them. "
    "There are more devices for them to choose from than ever before. Berlin condemned Moscow.",
    # 'He' with only countries named before: ArticleContext.person is empty, nothing to resolve
    "Japan accused China of coercion on Tuesday. He said the talks had failed and threatened to leave. "
    "Japan welcomed the deal.",
    # an actor mention, an uncodable verb and no later sentence that reads the article context
    "Japan accused China of coercion. The car gets some styling cues in Japan.",
    # the same with a pronoun after it: parsed (its groups may set the context 'they' reads)
    "Japan accused China of coercion. The car gets some styling cues in Japan. They condemned China.",
    # a person named: 'he' resolves, parsed and coded
    "Prime Minister Shigeru Ishiba met Donald Trump. He said the talks had failed and he criticized China.",
]


@pytest.fixture(scope="module")
def coders():
    fast = Coder.from_settings()
    slow = Coder(fast.dictionaries, replace(fast.settings, fast_path=False),
                 extra_actors=fast.matcher.actors[len(fast.dictionaries.actors):], strict_roles=True)
    return fast, slow


def _code(coder, text):
    sentences = split_sentences(text)
    return [repr(e) for e in coder._code_sentences(sentences, None, "doc", None)]


@pytest.mark.parametrize("text", ARTICLES)
def test_skipped_sentences_code_the_same_events(coders, text):
    fast, slow = coders
    assert _code(fast, text) == _code(slow, text)


def test_which_sentences_are_skipped(coders):
    fast, _slow = coders

    def parsed(text):
        return [can for (_m, _d, can) in fast._scan_article(split_sentences(text), None)]

    assert parsed(ARTICLES[0]) == [True, False, False, True]
    assert parsed(ARTICLES[1]) == [True, False, True]
    assert parsed(ARTICLES[2]) == [True, False]
    assert parsed(ARTICLES[3]) == [True, True, True]
    assert parsed(ARTICLES[4])[1] is True


def test_verb_gate_bounds_lemmas_and_forms(coders):
    fast, _slow = coders
    assert fast._verb_can_code(["Japan", "said", "it", "."])  # SAY codes 010 by default
    assert fast._verb_can_code(["the", "plans", "."])  # a proposal noun ('plan') may make an event
    assert not fast._verb_can_code(["Gaming", "used", "to", "be", "so", "simple", "."])
