"""extract_pledges on hand-built events: amounts, USD, deadlines, topics, conditions, kinds."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.pledges import extract_pledges
from dyadwatch.pledges.amounts import default_rates, find_amounts
from dyadwatch.pledges.deadlines import find_deadline
from fixtures.pledges.handmade import FIXTURES, article, event

SEED = FIXTURES.parents[2] / "src" / "dyadwatch" / "data" / "samples" / "ishiba-japan-us-alliance.txt"
PUB = date(2024, 11, 10)


def seed_article():
    return article(SEED.read_text(encoding="utf-8"), published=PUB, url="https://example.org/ishiba")


def seed_events(a):
    return [
        event(a, "He suggests joint use", "suggests", "030", "JPNGOV", "USA", source_text="He", mode="proposed",
              resolved_from="He -> SHIGERU_ISHIBA"),
        event(a, "Ishiba also pledges", "pledges", "030", "JPNGOV", "USA", source_text="Ishiba"),
        event(a, "He proposes creating", "proposes", "030", "JPNGOV", source_text="He", mode="proposed",
              resolved_from="He -> SHIGERU_ISHIBA"),
        event(a, "government plans significant", "plans", "031", "JPNGOV", source_text="Ishiba’s government",
              mode="intended"),
        event(a, "They aim to provide", "aim", "031", "JPNGOV", source_text="They", mode="intended",
              resolved_from="They -> JPNGOV"),
    ]


def test_founding_article_pledge_from_hand_built_events():
    a = seed_article()
    pledges = extract_pledges(a, seed_events(a))
    money = [p for p in pledges if p.amount and p.amount.value]
    assert len(money) == 1
    p = money[0]
    assert p.actor == "JPNGOV"
    assert p.what == "public support for AI and semiconductor industries"
    assert p.amount.value == 10e12 and p.amount.currency == "JPY" and p.amount.qualifier == "over"
    rate = default_rates().rates[(2024, "JPY")]
    assert p.amount.usd_rate_year == 2024 and p.amount.usd == pytest.approx(10e12 / rate, rel=1e-6)
    assert 60e9 < p.amount.usd < 75e9
    assert p.deadline == date(2030, 12, 31) and p.deadline_precision == "year" and p.deadline_text == "by 2030"
    assert {"AI", "semiconductors"} <= set(p.topics)
    assert p.url == "https://example.org/ishiba" and p.sentence.startswith("They aim to provide")


def test_founding_article_condition_attaches_to_previous_proposal():
    a = seed_article()
    nato = next(p for p in extract_pledges(a, seed_events(a)) if "NATO" in p.what)
    assert nato.kind == "proposal" and nato.status == "proposed"
    assert nato.what == "creating an Asian version of NATO"
    assert nato.condition == "may require constitutional amendments to allow full use of collective self-defense rights"
    assert nato.condition_sentence.startswith("However, realizing this vision")


def test_founding_article_kinds_and_what():
    a = seed_article()
    by_verb = {p.sentence.split()[1]: p for p in extract_pledges(a, seed_events(a))}
    assert by_verb["also"].kind == "pledge" and by_verb["also"].status == "pledged"
    assert by_verb["also"].what == "address issues related to the stationing of US troops in Japan"
    assert by_verb["suggests"].addressee == "USA"
    assert "joint use of US military facilities" in by_verb["suggests"].what


def test_junk_headline_amount_is_attached_to_nothing():
    a = seed_article()
    pledges = extract_pledges(a, seed_events(a))
    assert not any(p.amount and p.amount.value == 140e9 for p in pledges)


def test_pronoun_subject_without_coded_source_gives_no_pledge():
    a = seed_article()
    ev = event(a, "They aim to provide", "aim", "031", None, mode="intended")
    assert extract_pledges(a, [ev]) == []


def test_negated_and_non_pledge_events_are_skipped():
    a = article("Japan will not pledge aid to Russia. Japan criticized Russia.", published=PUB)
    evs = [event(a, "will not pledge", "pledge", "030", "JPNGOV", "RUS", negated=True),
           event(a, "criticized", "criticized", "111", "JPNGOV", "RUS")]
    assert extract_pledges(a, evs) == []


CURRENCIES = [
    ("Germany pledged", "pledged", "DEU", "€500m", 500e6, "EUR", None, None),
    ("Britain promised", "promised", "GBR", "£2 billion", 2e9, "GBP", None, date(2027, 3, 31)),
    ("United States pledged", "pledged", "USA", "$1.2 billion", 1.2e9, "USD", None, None),
    ("Australia committed", "committed", "AUS", "US$3bn", 3e9, "USD", None, date(2029, 11, 10)),
    ("Japan plans", "plans", "JPN", "over 10 trillion yen", 10e12, "JPY", None, date(2030, 12, 31)),
    ("Poland pledged", "pledged", "POL", "5 percent of GDP", 5.0, None, "percent_gdp", date(2030, 12, 31)),
    ("NATO allies agreed", "agreed", "IGOWSTNAT", "at least 2% of GDP", 2.0, None, "percent_gdp", None),
]


@pytest.mark.parametrize("part,verb,actor,text,value,currency,unit,deadline", CURRENCIES)
def test_currency_forms_in_fixture_article(part, verb, actor, text, value, currency, unit, deadline):
    a = article((FIXTURES / "currencies.txt").read_text(encoding="utf-8"), published=PUB)
    ev = event(a, part, verb, "057" if verb == "agreed" else "030", actor + ("GOV" if len(actor) == 3 else ""),
               mode="asserted" if verb == "agreed" else "intended")
    [p] = extract_pledges(a, [ev])
    assert p.amount.text == text and p.amount.value == pytest.approx(value)
    assert p.amount.currency == currency and p.amount.unit == unit
    assert p.deadline == deadline
    if currency and currency != "USD":
        assert p.amount.usd == pytest.approx(value / default_rates().rates[(2024, currency)], rel=1e-6)
    if unit == "percent_gdp":
        assert p.amount.usd is None
    if verb == "agreed":
        assert p.kind == "agreement" and p.status == "agreed"
        assert p.amount.qualifier == "at least"


def test_topic_tags_from_table():
    a = article((FIXTURES / "currencies.txt").read_text(encoding="utf-8"), published=PUB)
    [p] = extract_pledges(a, [event(a, "Poland pledged", "pledged", "030", "POLGOV")])
    assert "defence" in p.topics
    [q] = extract_pledges(a, [event(a, "United States pledged", "pledged", "030", "USAGOV")])
    assert "semiconductors" in q.topics


def test_unparsed_amounts_kept_as_text_and_impossible_dates_rejected():
    a = article((FIXTURES / "bad_amounts.txt").read_text(encoding="utf-8"), published=PUB)
    evs = [event(a, "plans to invest", "plans", "031", "JPNGOV", mode="intended"),
           event(a, "Ministers pledged", "pledged", "030", "GBRGOV"),
           event(a, "council promised", "promised", "030", "FRAGOV")]
    yen, record, railway = extract_pledges(a, evs)
    assert yen.amount.text == "billions of yen" and yen.amount.value is None and yen.amount.currency == "JPY"
    assert record.amount.text == "a record sum" and record.amount.value is None
    assert record.deadline is None and record.deadline_text == "by February 30, 2027"
    assert "not a date" in record.deadline_rejected
    assert railway.deadline is None and railway.deadline_text == "by 1850"
    assert "before the article's date" in railway.deadline_rejected


def test_relative_deadline_without_any_date_keeps_text_only():
    a = article("Australia committed US$3bn to a fund within five years.")
    [p] = extract_pledges(a, [event(a, "Australia committed", "committed", "030", "AUSGOV")])
    assert p.deadline is None and p.deadline_text == "within five years"
    assert p.amount.usd_rate_year == max(y for y, _ in default_rates().rates)  # latest rate, no date


@pytest.mark.parametrize("text,expected", [
    ("by 2030", date(2030, 12, 31)), ("by March 2027", date(2027, 3, 31)), ("by June 5, 2026", date(2026, 6, 5)),
    ("within five years", date(2029, 11, 10)), ("within 6 months", date(2025, 5, 10)),
    ("by the end of next year", date(2025, 12, 31)), ("in the next two weeks", date(2024, 11, 24)),
    ("for next year", date(2025, 12, 31)), ("by next month", date(2024, 12, 31)),
])
def test_deadline_forms(text, expected):
    assert find_deadline(f"They will do it {text}.", PUB).day == expected


def test_amount_symbol_needs_tight_suffix_and_years_are_not_money():
    assert [f.amount.text for f in find_amounts("He paid $5 more in 2030 euros")] == ["$5"]


def test_uncoded_follow_up_sentence_details_the_plan_before_it():
    a = seed_article()
    plan = event(a, "government plans significant", "plans", "031", "JPNGOV", source_text="Ishiba’s government",
                 mode="intended")
    plan_p, detail = extract_pledges(a, [plan])
    assert plan_p.amount is None and detail.actor == "JPNGOV" and detail.actor_text == "They"
    assert detail.what == "public support for AI and semiconductor industries"
    assert detail.amount.text == "over 10 trillion yen" and detail.deadline == date(2030, 12, 31)
    assert detail.event_id == plan.event_id and detail.pledge_id != plan_p.pledge_id


def test_follow_up_without_pronoun_intent_or_money_is_not_a_detail():
    for follow in ("Critics say it costs 10 trillion yen.", "They praised the plan.",
                   "Analysts aim to provide 5 billion yen by 2030."):
        a = article(f"Japan plans new chip plants. {follow}", published=PUB)
        assert len(extract_pledges(a, [event(a, "Japan plans", "plans", "031", "JPNGOV", mode="intended")])) == 1


def test_only_cooperative_commitments_are_pledges():
    a = article("Russia accused US forces of controlling bandit formations. Rebels tried to raid the base.",
                published=PUB)
    evs = [event(a, "controlling", "controlling", "030", "RUSGOV", "USAMIL"),  # 03x but no commitment verb
           event(a, "raid", "raid", "190", "REB", "USAMIL", mode="intended")]  # intended attack: conflict
    assert extract_pledges(a, evs) == []


def test_content_verb_kept_and_relative_deadline_counts_from_date_window():
    from dyadwatch.records import DateWindow

    a = article("Japan set its sights on strengthening the alliance within two years.")
    a.date_window = DateWindow(date(2024, 11, 6), date(2025, 1, 20), "test")
    [p] = extract_pledges(a, [event(a, "strengthening", "strengthening", "030", "JPNGOV", "USA", mode="intended")])
    assert p.what == "strengthening the alliance"
    assert p.deadline == date(2026, 11, 6) and p.published is None


def test_hypothetical_mention_of_proposals_is_not_a_pledge():
    a = article("His proposals, if implemented, could alter the dynamics of Japan-US relations.", published=PUB)
    ev = event(a, "His proposals", "proposals", "020", "JPNGOV", "USA", mode="hypothetical")
    assert extract_pledges(a, [ev]) == []


@pytest.mark.parametrize("text,value,currency", [
    ("India will spend Rs 500 crore on ports.", 5e9, "INR"),
    ("They pledged half a billion dollars.", 5e8, "USD"),
    ("Beijing offered 300 million yuan.", 3e8, "CNY"),
    ("Canberra pledged A$3bn.", 3e9, "AUD"),
    ("Tokyo set aside ¥10tn.", 1e13, "JPY"),
    ("Brussels pledged EUR 500 million.", 5e8, "EUR"),
])
def test_more_currency_forms(text, value, currency):
    [found] = find_amounts(text, year=2024)
    assert found.amount.value == pytest.approx(value) and found.amount.currency == currency
    assert found.amount.usd is not None


def test_no_amount_inside_words_or_plain_numbers():
    assert find_amounts("It was yours 5 million times; some 5,000 people; a 2.5% rise in 2025.") == []


def test_ambiguous_currency_words_need_a_scale():
    assert find_amounts("The whale weighed 5,200 pounds; it was a real deal; Korea won 3 won.") == []
    [f] = find_amounts("Britain pledged 2 billion pounds.")
    assert f.amount.currency == "GBP" and f.amount.value == 2e9


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        # the money is the object and a name follows: where it goes, not 'the United States' as what
        ("Japan agreed to invest $550 billion in the United States.", "agreed", "invest in the United States"),
        # a purpose noun follows: what the money is for, said as an act (never a lone noun)
        ("Germany pledged to provide €500m in humanitarian aid.", "pledged", "provide humanitarian aid"),
    ],
)
def test_what_when_the_object_is_the_amount(text, verb, expected):
    a = article(text, published=PUB)
    actor = "JPN" if text.startswith("Japan") else "DEU"
    pledges = extract_pledges(a, [event(a, text[:10], verb, "030", actor, mode="intended")])
    assert [p.what for p in pledges] == [expected]


def test_what_of_a_relative_clause_is_its_antecedent():
    from dyadwatch.pledges.phrases import load_nlp, what_phrase

    sent = "Firms fear a 15 percent tariff that the administration had planned to impose on Dec. 15."
    phrase = what_phrase(load_nlp()(sent), sent.index("planned"), [])
    assert phrase.what == "impose a 15 percent tariff"  # not the relative pronoun 'that'


@pytest.mark.parametrize(
    ("sent", "verb", "expected"),
    [
        ("The U.S. will provide Vietnam's coast guard with a surplus American ship.", "provide",
         "a surplus American ship"),  # the ship is given; the coast guard receives it
        ("They asked their governments to help in their release — but it is impossible to know.", "asked",
         "their release"),  # the phrase ends at the dash
    ],
)
def test_what_of_giving_with_and_of_a_clause_break(sent, verb, expected):
    from dyadwatch.pledges.phrases import load_nlp, what_phrase

    assert what_phrase(load_nlp()(sent), sent.index(verb), []).what == expected


def test_sentences_parsed_together_are_parsed_as_each_alone():
    # extract_pledges parses an article's pledge sentences in one call
    from dyadwatch.pledges.phrases import load_nlp, parse_sentences

    text = SEED.read_text(encoding="utf-8")
    sentences = [s.strip() for s in text.replace("\n", " ").split(". ") if len(s.split()) > 4][:12]
    rows = lambda docs: [[(t.text, t.tag_, t.lemma_, t.dep_, t.head.i) for t in doc] for doc in docs]  # noqa: E731
    assert rows(parse_sentences(sentences)) == rows([load_nlp()(s) for s in sentences])
