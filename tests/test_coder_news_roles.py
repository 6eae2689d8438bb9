"""News mode: roles located by the one country a sentence names, pronouns reported from a speaker,
announced acts coded as intents or threats, protests named by a noun, and aimed repression."""
from __future__ import annotations

import pytest

from dyadwatch.dictionaries.cameo import CameoTables
from dyadwatch.events.coder import Coder
from dyadwatch.settings import Settings


@pytest.fixture(scope="module")
def coder():
    return Coder.from_settings(Settings())


def triples(events):
    return [(e.source.code, e.cameo, e.target.code if e.target else None) for e in events if not e.negated]


def test_role_takes_the_only_country_the_sentence_names(coder):
    events = coder.code_sentence("Rebels attacked a police station in northern Mali, killing four officers.")
    assert ("MLIREB", "190", "MLICOP") in triples(events)


def test_role_stays_unknown_when_two_countries_are_named(coder):
    events = coder.code_sentence("Rebels attacked a police station near the border between Mali and Niger.")
    assert all(not e.source.code.startswith(("MLI", "NER")) for e in events)


def test_pronoun_in_a_reported_clause_is_the_speaker(coder):
    events = coder.code_sentence("Chile's president said she would meet Argentina's foreign minister next week.")
    assert ("CHLGOV", "036", "ARGGOV") in triples(events)


def test_pronoun_after_another_actor_in_the_clause_is_not_the_speaker(coder):
    events = coder.code_sentence("Poland said Ukraine expects that it will send troops to Belarus.")
    assert [e.source.code for e in events if e.verb_text == "send"] == ["UKR"]


def test_announced_aid_is_an_intent_and_announced_sanctions_a_threat(coder):
    aid = coder.code_sentence("Poland said it will send humanitarian aid to Ukraine.")
    assert ("POL", "0333", "UKR") in triples(aid)
    sanctions = coder.code_sentence("Hungary's government said it would impose sanctions on Belarus.")
    assert [(s, c, t) for s, c, t in triples(sanctions) if c.startswith("13")] == [("HUNGOV", "1312", "BLR")]


def test_readiness_to_yield_is_an_intent(coder):
    events = coder.code_sentence("Canada is ready to lift sanctions on Cuba, the minister said.")
    assert [e.plover for e in events if e.verb_text == "lift"] == ["AGREE"]


def test_done_acts_keep_their_code(coder):
    events = coder.code_sentence("Poland sent humanitarian aid to Ukraine.")
    assert all(not e.cameo.startswith("03") for e in events)


def test_protest_named_by_a_noun(coder):
    strike = coder.code_sentence("Teachers in Kenya staged a strike over unpaid wages.")
    assert [(s, c) for s, c, _t in triples(strike)] == [("KENEDU", "143")]
    hunger = coder.code_sentence("Striking workers in Peru continued their hunger strike on Monday.")
    assert [(s, c) for s, c, _t in triples(hunger)] == [("PERLAB", "142")]


def test_repression_aimed_at_a_target(coder):
    events = coder.code_sentence("Kenyan police fired tear gas at protesters in Nairobi on Tuesday.")
    assert ("KENCOP", "175", "KENOPP") in triples(events)


def test_intent_table_reads_most_specific_prefix():
    tables = CameoTables.load()
    assert tables.intent_of("0874") == "0356"
    assert tables.intent_of("163") == "1312"
    assert tables.intent_of("190") == "138"
    assert tables.intent_of("010") is None
