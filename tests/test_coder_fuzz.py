"""Property: any text codes without an exception, and every event points into the text."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.events.coder import Coder
from dyadwatch.records import Article, sha256_hex

WORDS = ["Japan", "China", "the", "United", "States", "criticized", "He", "they", "not", "may", "urged", "Ishiba",
         "Prime", "Minister", "’s", "government", "troops", ",", ".", "and", "to", "meet", "with", "NATO", "-", "\n"]


@pytest.fixture(scope="module")
def coder():
    return Coder.from_settings()


texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_text_codes_and_spans_point_into_it(coder, text):
    article = Article("fuzz", "fuzz", text, sha256_hex(text))
    for e in coder.code_article(article):
        assert text[e.sentence_start:e.sentence_start + len(e.sentence)] == e.sentence
        assert text[e.verb_start:e.verb_end] == e.verb_text
        assert e.source is not None and text[e.source.start:e.source.end] == e.source.text
        assert 0 <= e.quad_class <= 4
