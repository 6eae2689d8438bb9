"""Amounts, deadlines and committing clauses in the shapes wire copy writes them (second story set,
corpus/pledges2). Every sentence is invented for the test."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.pledges.amounts import default_rates, find_amounts
from dyadwatch.pledges.commitments import find_commitments
from dyadwatch.pledges.deadlines import find_deadline
from dyadwatch.pledges.phrases import load_nlp

DEC = date(2026, 12, 9)
MAY = date(2026, 5, 8)


@pytest.mark.parametrize(("text", "ref", "day"), [
    ("will pay before the end of this year", DEC, date(2026, 12, 31)),
    ("will deploy troops before the end of next year", MAY, date(2027, 12, 31)),
    ("until the end of next year", MAY, date(2027, 12, 31)),
    ("over the following three years", DEC, date(2029, 12, 9)),
    ("in the coming two years", MAY, date(2028, 5, 8)),
    ("over the next decade", MAY, date(2036, 5, 8)),
    ("within the coming decade", MAY, date(2036, 5, 8)),
    ("to set up the fund by the summer", DEC, date(2027, 8, 31)),
    ("to set up the fund by the summer", MAY, date(2026, 8, 31)),
    ("before next spring", MAY, date(2027, 5, 31)),
    ("by the end of the summer of 2028", MAY, date(2028, 8, 31)),
    ("by the end of March", DEC, date(2027, 3, 31)),
    ("before September", MAY, date(2026, 9, 30)),
    ("by mid-2027", MAY, date(2027, 12, 31)),
    ("in the fiscal year ending in March 2028", MAY, date(2028, 3, 31)),
    ("the financial year to March 2027", MAY, date(2027, 3, 31)),
    ("to build the port by the end of the decade", MAY, date(2030, 12, 31)),
    ("will cap sugar exports at 2 million tonnes this year", MAY, date(2026, 12, 31)),
    ("keep the deposit for at least three years", MAY, date(2029, 5, 8)),
    ("extend the swap line for another year", MAY, date(2027, 5, 8)),
    ("2 billion euros for the 2026-2029 period", MAY, date(2029, 12, 31)),
    ("over the 2027-30 budget cycle", MAY, date(2030, 12, 31)),
])
def test_deadline_shapes(text, ref, day):
    found = find_deadline(text, ref)
    assert found is not None and found.day == day, found


@pytest.mark.parametrize("text", [
    "farmers hit by this year's floods",  # a thing of this year, not a deadline
    "cuts to next year's budget",
    "exports rose 4% earlier this year",
    "the deal signed in 2010-2012",  # a past period
])
def test_no_deadline_shapes(text):
    found = find_deadline(text, MAY)
    assert found is None or found.day is None, found


def test_a_modal_may_is_no_month():
    assert find_deadline("prices may fall by may", MAY) is None


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("will spend 14.6 billion Danish crowns on ships", 14.6e9, "DKK"),
    ("2 billion Czech crowns", 2e9, "CZK"),
    ("5 billion Saudi riyals", 5e9, "SAR"),
    ("3 billion Qatari riyals", 3e9, "QAR"),
    ("a 1 billion-euro fund for farmers", 1e9, "EUR"),
    ("a $500-million loan", 5e8, "USD"),
])
def test_money_shapes(text, value, currency):
    [found] = [f for f in find_amounts(text) if f.amount.value is not None]
    assert (found.amount.value, found.amount.currency) == (value, currency)


def test_crowns_and_riyals_need_their_nationality():
    assert [f for f in find_amounts("the crown jewels are worth 3 million crowns") if f.amount.value] == []
    assert [f for f in find_amounts("fees of 40 riyals") if f.amount.value] == []


def _commitments(sentence: str, ref: date = date(2026, 10, 30)):
    return find_commitments(load_nlp()(sentence), sentence, ref, default_rates())


def test_each_amount_with_its_own_deadline_is_a_commitment():
    found = _commitments("China will buy 12 million metric tons of U.S. soybeans before the end of this year and "
                         "at least 25 million metric tons a year over the following three years, the Treasury "
                         "secretary said.")
    got = [(c.amount.amount.value, c.amount.amount.unit, c.deadline.day.year) for c in found]
    assert got == [(12e6, "tonnes", 2026), (25e6, "tonnes_per_year", 2029)]
    assert [c.part for c in found] == [0, 1]


def test_amounts_sharing_one_deadline_stay_one_commitment():
    found = _commitments("Japan will provide $2 billion in grants and $1 billion in loans by 2030.")
    assert len(found) == 1 and found[0].deadline.day.year == 2030


def test_a_commitment_beside_an_appeal_is_not_under_it():
    found = _commitments("Brazil, which launched the fund, has invited wealthy nations to invest in it and has "
                         "itself committed $1bn.")
    assert [c.amount.amount.value for c in found] == [1e9]
    assert "Brazil" in " ".join(t.text for t in found[0].subject)  # "itself": the subject of the verb it joins


def test_an_appeal_still_blocks_what_it_asks_for():
    assert _commitments("Kyiv urged Berlin to deliver 500 million euros in aid by the end of the year.") == []


def test_the_dateline_place_is_not_the_subject():
    found = _commitments("MANILA, Aug. 5 (Example Wire) -- Washington has allocated $500 million in military "
                         "financing, money that will be disbursed before the end of next year, the secretary said.",
                         date(2026, 8, 5))
    [c] = found
    assert [t.text for t in c.subject] == ["Washington"]
    assert c.deadline.day.year == 2027


def test_a_time_since_is_no_deadline():
    assert find_deadline("at their first such meeting in five years", MAY) is None
    assert find_deadline("the highest level in two years, and will cut it in three years", MAY).day == date(2029, 5, 8)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("1.5 lakh crore rupees", 1.5e12, None),
    ("2% of economic output", 2.0, "percent_gdp"),
    ("3.5% of the country's GDP", 3.5, "percent_gdp"),
    ("a 5,000-strong peacekeeping force", 5000, "troops"),
    ("raise its tax-to-GDP ratio to 13% by 2028", 13.0, "percent_gdp"),
    ("cut the debt-to-GDP ratio from 90% to 70 percent", 70.0, "percent_gdp"),
])
def test_more_amount_shapes(text, value, unit):
    [found] = [f for f in find_amounts(text) if f.amount.value is not None]
    assert (found.amount.value, found.amount.unit) == (value, unit)


def test_in_a_year_is_a_deadline_unless_it_starts_or_is_past():
    assert find_deadline("will deliver the jets in 2027", MAY).day == date(2027, 12, 31)
    assert find_deadline("payments starting in 2027", MAY) is None
    assert find_deadline("the allegation made in 2010", MAY) is None


def test_an_announced_package_is_a_commitment():
    [c] = _commitments("The European Commission unveiled a 2 billion euro package for farmers.")
    assert c.kind == "plan" and c.amount.amount.value == 2e9


@pytest.fixture(scope="module")
def run():
    from dyadwatch.pipeline import load_coder, process_articles
    from dyadwatch.settings import Settings
    from fixtures.pledges.handmade import article

    settings = Settings()
    coder = load_coder(settings)

    def commitments(text: str, published: date = date(2026, 7, 15)):
        [done] = process_articles([article(text, published=published)], settings, coder)
        return [(p.actor[:3], p.amount.value if p.amount else None, p.deadline.year if p.deadline else None)
                for p in done.pledges if p.commitment]

    return commitments


def test_the_government_of_the_dateline_place(run):
    assert run("LONDON, July 15 (Example Wire) -- The government will spend 2 billion pounds on flood defences "
               "by 2030, the environment secretary said on Wednesday.") == [("GBR", 2e9, 2030)]


def test_a_subject_hung_off_the_dateline_place(run):
    assert run("CANBERRA, Dec. 12 (Example Wire) -- Australia will spend 600 million Australian dollars over ten "
               "years to build a stadium.", date(2026, 12, 12)) == [("AUS", 6e8, 2036)]
    assert run("DHAKA, Jan. 27 (Example Wire) -- Japan agreed on Tuesday to lend Bangladesh about $1 billion for a "
               "new metro line, the two governments said.", date(2026, 1, 27)) == [("JPN", 1e9, None)]


def test_the_short_name_of_an_actor_named_before(run):
    # the full name must be a coded actor of an earlier sentence (here the source of "granting a request")
    got = run("BRUSSELS, Dec. 9 (Example Wire) -- The European Commission agreed on Wednesday to postpone the vote "
              "by a month, granting a request from France.\n\n"
              "The Commission also pledged to set up a 1 billion-euro fund for farmers by the summer, a spokeswoman "
              "said.", date(2026, 12, 9))
    assert got == [("EUR", 1e9, 2027)]


def test_the_dateline_place_of_another_country_pledges_nothing(run):
    assert run("KYIV, Oct. 8 (Example Wire) -- Germany pledged 500 million euros in air defence aid to Ukraine "
               "by the end of the year, the German defence minister said.", date(2026, 10, 8)) == [("DEU", 5e8, 2026)]


def test_a_deadline_the_parse_hangs_outside_the_clause(run):
    got = run("ACCRA, March 4 (Example Wire) -- Denmark will grant Ghana 300 million Danish crowns for solar "
              "mini-grids, with the work to be completed by 2029, the two governments said on Wednesday.",
              date(2026, 3, 4))
    assert got == [("DNK", 3e8, 2029)]


def test_a_target_set_is_a_commitment(run):
    assert run("QUITO, Feb. 2 (Example Wire) -- Ecuador's government has set a goal of exporting 500,000 tonnes "
               "of bananas a year to China by 2028, the trade minister said.", date(2026, 2, 2)) \
        == [("ECU", 5e5, 2028)]


def test_the_country_under_a_speech_verb_is_the_speakers(run):
    assert run("Norway's fisheries minister said the country planned to raise salmon exports to 1.5 million "
               "tonnes a year by 2030.", date(2026, 9, 1)) == [("NOR", 1.5e6, 2030)]


def test_a_contribution_raised_is_a_pledge(run):
    assert run("Sweden has raised its contribution to the Green Climate Fund to 8 billion Swedish crowns, the "
               "development minister said on Monday.", date(2026, 9, 1)) == [("SWE", 8e9, None)]


# a loan pledged with no deadline; the sentence after it may give one
LOAN = ("VIENTIANE, May 5 (Example Wire) -- Thailand will lend Laos 3 billion baht for a cross-border railway link, "
        "the Thai finance minister said on Tuesday.\n\n")


def test_a_deadline_from_the_sentence_that_says_when_the_money_is_paid(run):
    text = LOAN + "The minister said the loan would be disbursed by the end of 2028."
    assert run(text, date(2026, 5, 5)) == [("THA", 3e9, 2028)]
    # a following sentence about something else gives no deadline
    other = LOAN + "Laos expects tourism to double by 2028, officials said."
    assert run(other, date(2026, 5, 5)) == [("THA", 3e9, None)]
    led = LOAN + ("Under the agreement, signed in the Lao capital, Thailand's loan is to be paid out over the next "
                  "two years.")
    assert run(led, date(2026, 5, 5)) == [("THA", 3e9, 2028)]


def test_a_follow_up_deadline_past_a_statement_that_is_no_pledge(run):
    # the sentence that says when the loan is paid also tells an expected figure: a statement, not another
    # pledge, so the loan still takes its deadline
    text = (LOAN + "The minister said the loan would be disbursed by the end of 2028, and that Bangkok expected the "
            "loan to mobilise as much as 10 billion baht in private and development-bank investment, a figure he described "
            "as an estimate.")
    assert run(text, date(2026, 5, 5)) == [("THA", 3e9, 2028)]


def test_each_party_of_a_joint_commitment_takes_its_own_amount(run):
    text = ("MADRID, May 5 (Example Wire) -- Spain and Portugal will build a third high-voltage line across their "
            "border by 2031, with Spain paying 240 million euros and Portugal 190 million euros towards the project, "
            "the two countries' prime ministers said on Tuesday.")
    assert sorted(run(text, date(2026, 5, 5))) == [("ESP", 240e6, 2031), ("PRT", 190e6, 2031)]
    # one party's two amounts stay its own
    one = ("ANKARA, May 5 (Example Wire) -- Turkey will buy 2 million tonnes of wheat before the end of this year and at least "
           "3 million tonnes a year over the following two years, the trade minister said.")
    assert sorted(run(one, date(2026, 5, 5))) == [("TUR", 2e6, 2026), ("TUR", 3e6, 2028)]


def test_a_treasury_taking_on_debt_is_a_commitment(run):
    assert run("LISBON, Feb. 3 (Example Wire) -- Portugal's treasury will take on 2 billion euros of debt from the "
               "state airline over the next two years, the finance minister said.", date(2026, 2, 3)) \
        == [("PRT", 2e9, 2028)]


def test_what_names_the_noun_a_relative_clause_hangs_on():
    from dyadwatch.pledges.commitments import act_phrase

    [c] = _commitments("Egypt named the 12 frigates it plans to buy for 3 billion euros by 2029.")
    assert act_phrase(c) == "buy the 12 frigates" and c.amount.amount.value == 3e9


def test_what_cut_to_length_ends_on_a_whole_word_group():
    from dyadwatch.pledges.commitments import act_phrase

    # nine words after the verb: 'across the Gulf of' would leave 'of' hanging
    [c] = _commitments("Finland will build a third undersea power cable across the Gulf of Bothnia by 2031.")
    assert act_phrase(c) == "build a third undersea power cable across the Gulf"
