"""Commitments read off the parse (pledges/commitments.py) through the real pipeline: one pledge per
commitment, each party of an agreement its own, units and deadlines, and what is not a commitment.
Every story here is invented for the test."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.pipeline import load_coder, process_articles
from dyadwatch.pledges.amounts import find_amounts
from dyadwatch.pledges.deadlines import find_deadline
from dyadwatch.pledges.extract import merge_restatements, same_commitment
from dyadwatch.records import Amount, Pledge
from dyadwatch.settings import Settings
from fixtures.pledges.handmade import article


@pytest.fixture(scope="module")
def run():
    settings = Settings()
    coder = load_coder(settings)

    def commitments(text: str, published: date = date(2026, 5, 12)) -> list[Pledge]:
        [done] = process_articles([article(text, published=published)], settings, coder)
        return [p for p in done.pledges if p.commitment]

    return commitments


def brief(p: Pledge) -> tuple:
    amount = p.amount
    unit = (amount.unit or amount.currency) if amount else None
    return (p.actor[:3], amount.value if amount else None, unit, p.deadline.year if p.deadline else None)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("buy 3 million tonnes of wheat a year", 3e6, "tonnes_per_year"),
    ("cut coal imports by 12 million tonnes", 12e6, "tonnes"),
    ("lift output by 250,000 barrels per day", 250000, "barrels_per_day"),
    ("ship 80,000 barrels a day of crude", 80000, "barrels_per_day"),
    ("send 1,500 more troops", 1500, "troops"),
    ("spend 3.5% of GDP on defence", 3.5, "percent_gdp"),
])
def test_quantities_that_are_not_money(text, value, unit):
    [found] = find_amounts(text)
    assert (found.amount.value, found.amount.unit, found.amount.currency) == (value, unit, None)


def test_crowns_by_nationality():
    assert find_amounts("2 billion Danish kroner")[0].amount.currency == "DKK"
    assert find_amounts("2 billion Norwegian kroner")[0].amount.currency == "NOK"
    assert find_amounts("2 billion Swedish kronor")[0].amount.currency == "SEK"


@pytest.mark.parametrize(("text", "year"), [
    ("suspend the fees for one year", 2027), ("spend more next year", 2027), ("by the end of the year", 2026),
    ("over the next three years", 2029), ("within six months", 2027), ("by the end of 2028", 2028),
])
def test_deadline_years_against_the_article_date(text, year):
    assert find_deadline(text, date(2026, 10, 20)).day.year == year


def test_commitment_whose_verb_has_no_event_code(run):
    [p] = run("OTTAWA, March 4 (Example Wire) -- Canada will raise defence spending to 2.5% of GDP by 2031, "
              "the defence minister said.")
    assert brief(p) == ("CAN", 2.5, "percent_gdp", 2031)
    assert p.what == "raise defence spending"


def test_each_party_of_an_agreement_commits_its_own_part(run):
    pledges = run("Under the deal, India will buy 3 million tonnes of wheat a year from Australia, while "
                  "Australia committed to invest $4 billion in Indian railways by 2031.")
    assert sorted(brief(p) for p in pledges) == [("AUS", 4e9, "USD", 2031), ("IND", 3e6, "tonnes_per_year", None)]


def test_restatements_in_one_story_are_one_pledge_with_its_mentions(run):
    pledges = run("Spain pledged 600 million euros for water projects in Morocco by 2029. The foreign minister "
                  "said Spain would deliver the 600 million euros by 2029 through its aid agency.")
    [p] = pledges
    assert brief(p) == ("ESP", 6e8, "EUR", 2029)
    assert len(p.mentions) == 1 and p.mentions[0].startswith("The foreign minister said")


@pytest.mark.parametrize("text", [
    # an appeal to another side is not that side's pledge
    "Ukraine's president urged Germany to deliver 300 million euros in air defence by the end of the year.",
    # a condition
    "Paris would raise its contribution to 2 billion euros if other members match it.",
    # an expectation about how things will turn out
    "Ankara expects trade with Russia to reach $90 billion by 2030.",
    # past spending and a pipeline
    "Germany has provided 25 billion euros in aid since 2022.",
    "Korean companies have a pipeline of $30 billion in projects.",
    # a hope about what others will do
    "Berlin hopes other donors will give 2 billion euros by 2027.",
    # a threat, a hedge, an obligation, a passive whose subject is the thing given, a plan told as past
    "Washington will impose tariffs on another $90 billion of goods by March 2027.",
    "An expert said Rome would likely have to spend 4 billion euros by 2028.",
    "Officials said it would be provided next year.",
    "A levy that Ottawa had planned to collect on $2 billion of imports by 2027 was dropped.",
    # companies are not states: an investment plan of firms is no government's pledge
    "Korean companies plan to invest $150 billion in the United States by 2029.",
    # how things stand or turn out, and countries named inside a thing
    "Japan unveiled an aid plan. It will cost $2 billion over three years.",
    "Chinese exports to the EU will reach $600 billion by 2027, analysts said.",
    # a guess about the actor, a price, a newspaper's plan
    "Oil fell after sources said Russia is unlikely to agree to cut its output by 500,000 barrels per day.",
    "Toyota unveiled a new car. It will start at $44,000, not including a tax credit.",
    "The Tribune is planning to end its Saturday edition by 2027.",
])
def test_not_commitments(run, text):
    assert run(text) == []


def test_a_compound_subject_gives_one_pledge_per_actor(run):
    pledges = run("Germany and France will each contribute 1 billion euros to the fund by 2028, officials said.")
    assert sorted(brief(p) for p in pledges) == [("DEU", 1e9, "EUR", 2028), ("FRA", 1e9, "EUR", 2028)]


def test_what_is_the_act_without_the_measure(run):
    [p] = run("Beijing vowed to cut steel output by 30 million tonnes by 2030.")
    assert p.what == "cut steel output" and brief(p) == ("CHN", 3e7, "tonnes", 2030)
    [p] = run("Baghdad agreed to export 100,000 barrels a day of crude oil to Amman within six months.")
    assert p.what == "export crude oil to Amman" and p.kind == "agreement"


def test_committed_to_doing_and_goods_worth_an_amount(run):
    [p] = run("India has committed to buying $500 billion worth of US energy and defence products over five years.")
    assert brief(p) == ("IND", 5e11, "USD", 2031) and p.what == "buy US energy and defence products"


def test_a_start_date_is_no_deadline(run):
    assert run("Beijing will cut its tariffs on American soybeans to 10% from next month.") == []


def _pledge(actor: str, value: float | None, unit: str | None, year: int | None, sentence: str) -> Pledge:
    amount = Amount(text="x", value=value, currency=unit) if value is not None else None
    return Pledge(pledge_id=sentence, event_id="e", doc_id="d", actor=actor, actor_text=actor, kind="pledge",
                  what="w", sentence=sentence, sentence_index=0, amount=amount,
                  deadline=date(year, 12, 31) if year else None, commitment=True)


def test_same_commitment_needs_the_same_actor_and_amount_or_deadline():
    a = _pledge("NORGOV", 3e9, "NOK", 2028, "a")
    assert same_commitment(a, _pledge("NOR", 3.01e9, "NOK", None, "b"))  # within 1 %
    assert not same_commitment(a, _pledge("NOR", 3e9, "EUR", 2028, "c"))  # another currency
    assert not same_commitment(a, _pledge("SWEGOV", 3e9, "NOK", 2028, "d"))  # another actor
    assert same_commitment(_pledge("BRA", None, None, 2030, "e"), _pledge("BRAGOV", None, None, 2030, "f"))
    merged = merge_restatements([a, _pledge("NOR", 3e9, "NOK", 2028, "b"), _pledge("NOR", 5e9, "NOK", 2028, "c")])
    assert [p.sentence for p in merged] == ["a", "c"] and merged[0].mentions == ["b"]


def test_the_committing_word_prefilter_knows_every_committing_lemma():
    # the pledge stage parses only sentences with one of these forms (pledges/extract.py): a lemma added
    # to the commitment sets must be added to the prefilter too
    from dyadwatch.pledges.commitments import COMMIT_LEMMAS, DIRECT_COMMIT_LEMMAS, FUTURE_AUX
    from dyadwatch.pledges.extract import COMMITTING_WORD

    for lemma in sorted(COMMIT_LEMMAS | DIRECT_COMMIT_LEMMAS | FUTURE_AUX):
        assert COMMITTING_WORD.search(f"They {lemma} it."), lemma
    assert not COMMITTING_WORD.search("The ministry said 40 people were hurt in 2024.")
    from dyadwatch.pledges.commitments import COMMITMENT_NOUNS, PLEDGED_NOUNS

    for noun in sorted(COMMITMENT_NOUNS):
        assert COMMITTING_WORD.search(f"They set a {noun} of doing it."), noun
    for noun in sorted(PLEDGED_NOUNS):
        assert COMMITTING_WORD.search(f"They have raised their {noun} to 5 million."), noun
