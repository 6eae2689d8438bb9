"""Actor matching: the automaton, dated roles, leaders overriding Phoenix, composition with agents."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.actors.match import ActorMatcher, resolve_codes
from dyadwatch.dictionaries.types import ActorEntry, AgentEntry, CodeSpan
from dyadwatch.events.coder import Coder


def matcher():
    actors = [
        ActorEntry("JAPAN", ["JAPAN", "JAPANESE"], [CodeSpan("JPN")], "t:1"),
        ActorEntry("UNITED_STATES", ["UNITED STATES", "U.S.", "US"], [CodeSpan("USA")], "t:2"),
        ActorEntry("ARGENTINA", ["ARGENTIN"], [CodeSpan("ARG")], "t:3", stem_phrases=["ARGENTIN"]),
        ActorEntry("OLD_ISHIBA", ["SHIGERU ISHIBA", "ISHIBA"],
                   [CodeSpan("JPNGOVMIL", date(2007, 11, 1), date(2008, 8, 31))], "t:4"),
        ActorEntry("SHIGERU_ISHIBA", ["SHIGERU ISHIBA", "ISHIBA"],
                   [CodeSpan("JPNGOV", date(2024, 10, 1), date(2025, 10, 21))], "leaders", titles=["PRIME MINISTER"]),
        ActorEntry("DONALD_TRUMP", ["DONALD TRUMP", "TRUMP"],
                   [CodeSpan("USAELI", date(2024, 11, 6), date(2025, 1, 19)), CodeSpan("USAGOV", date(2025, 1, 20))],
                   "leaders", titles=["PRESIDENT-ELECT", "PRESIDENT"]),
    ]
    agents = [AgentEntry("TROOPS", ["TROOP", "TROOPS"], "~MIL"),
              AgentEntry("GOVERNMENT", ["GOVERNMENT"], "~GOV")]
    return ActorMatcher(actors, agents, {"MONTHS LATER": False}, stems=True)


def test_longest_match_and_word_boundaries():
    m = matcher()
    mentions, _ = m.find("The United States and Japanese troops".split())
    assert [(x.start, x.end, x.kind, x.codes) for x in mentions] == [
        (1, 3, "actor", ["USA"]), (4, 5, "actor", ["JPN"]), (5, 6, "agent", ["~MIL"])]
    assert m.find(["Japanism"])[0] == []  # exact phrase: no partial words


def test_stem_phrase_matches_longer_word():
    mentions, _ = matcher().find(["Argentina", "protested"])
    assert mentions[0].codes == ["ARG"] and (mentions[0].start, mentions[0].end) == (0, 1)


def test_capitalisation_required_for_actors():
    m = matcher()
    words = ["they", "told", "us", "about", "US", "troops"]
    caps = [w[:1].isupper() for w in words]
    mentions, _ = m.find(words, None, caps)
    assert [(x.start, x.codes) for x in mentions] == [(4, ["USA"]), (5, ["~MIL"])]


def test_dated_roles_and_leaders_override():
    m = matcher()
    mentions, _ = m.find(["Ishiba"], date(2024, 12, 1))
    assert mentions[0].codes == ["JPNGOV"] and mentions[0].name == "SHIGERU_ISHIBA"
    mentions, _ = m.find(["Ishiba"], date(2008, 1, 1))  # the leaders entry has no role then: Phoenix's does
    assert mentions[0].codes == ["JPNGOVMIL"]


def test_undated_prefers_latest_role_unless_title_says_otherwise():
    trump = matcher().actors[5]
    assert resolve_codes(trump, None) == ["USAGOV"]
    assert resolve_codes(trump, None, ["PRESIDENT", "-", "ELECT"]) == ["USAELI"]
    assert resolve_codes(trump, date(2024, 12, 1)) == ["USAELI"]
    mentions, _ = matcher().find("President - elect Donald Trump".split())
    assert mentions[-1].codes == ["USAELI"]


def test_discards_reported():
    _, discards = matcher().find("Three MONTHS later Japan".split())
    assert discards == [("MONTHS LATER", False)]


@pytest.fixture(scope="module")
def coder():
    return Coder.from_settings()


@pytest.mark.parametrize("sentence, text, code", [
    ("Japanese Self-Defense Forces will train with Australia.", "Japanese Self-Defense Forces", "JPNMIL"),
    ("US troops will stay in Japan, Tokyo said.", "US troops", "USAMIL"),
    ("The Japanese government urged China to talk.", "Japanese government", "JPNGOV"),
    ("Ishiba’s government criticized China.", "Ishiba’s government", "JPNGOV"),
    ("Washington criticized China.", "Washington", "USAGOV"),
    ("NATO criticized Russia.", "NATO", "IGOWSTNAT"),
])
def test_composed_actors_in_real_sentences(coder, sentence, text, code):
    result = coder.explain(sentence, date(2024, 12, 1))
    found = {a["text"]: a["codes"] for a in result["actors"]}
    assert any(text in t and code in codes for t, codes in found.items()), found


def test_president_elect_title_picks_role_without_date(coder):
    result = coder.explain("Japan praised President-elect Donald Trump.", None)
    assert ["USAELI"] in [a["codes"] for a in result["actors"]]


def test_surname_after_full_name_resolves(tmp_path):
    from dyadwatch.records import Article
    from dyadwatch.settings import Settings

    actors = tmp_path / "people.actors.txt"
    actors.write_text("IVAN_PETROVSKY_\n\t[RUSGOV >20200101]\n", encoding="utf-8")
    coder = Coder.from_settings(Settings(actors_files=(str(actors),)))
    text = "Ivan Petrovsky visited Japan on Monday.\nPetrovsky later criticized Japan."
    events = coder.code_article(Article("d", "p", text, "h", published=date(2023, 3, 1)))
    later = [e for e in events if e.sentence_index == 1]
    assert later and later[0].source.code == "RUSGOV"
    assert later[0].source.resolved_from.startswith("surname 'Petrovsky'")


def test_a_country_adjective_before_its_leader_gives_the_leaders_code():
    from datetime import date

    from dyadwatch.events.coder import Coder
    from dyadwatch.settings import Settings

    from dataclasses import replace

    # the rules alone: the actor codes are under test, not which of the meeting's two directions the pair
    # scorer keeps
    coder = Coder.from_settings(replace(Settings(), extra={"hybrid": False}))
    events = coder.code_sentence("Chinese President Xi Jinping met US President Donald Trump in Busan.",
                                 date(2025, 10, 30))
    assert sorted((e.source.code, e.target.code) for e in events) == [("CHNGOV", "USAGOV"), ("USAGOV", "CHNGOV")]


def _codes(coder, sentence, day):
    """{actor text: codes} of a sentence coded on a day."""
    return {a["text"]: a["codes"] for a in coder.explain(sentence, day)["actors"]}


def _has(found, text, code):
    return any(text in t and code in codes for t, codes in found.items())


@pytest.mark.parametrize("sentence, day, text, code", [
    ("Finance Minister Lars Klingbeil criticized China.", date(2025, 9, 1), "Lars Klingbeil", "DEUGOV"),
    ("Rachel Reeves met Scott Bessent in Ottawa.", date(2025, 4, 10), "Rachel Reeves", "GBRGOV"),
    ("Rachel Reeves met Scott Bessent in Ottawa.", date(2025, 4, 10), "Scott Bessent", "USAGOV"),
    ("Nirmala Sitharaman rejected the tariff plan.", date(2025, 3, 3), "Nirmala Sitharaman", "INDGOV"),
    ("Commerce Minister Wang Wentao warned Japan.", date(2025, 6, 1), "Wang Wentao", "CHNGOV"),
    ("Jamieson Greer threatened India with tariffs.", date(2025, 8, 1), "Jamieson Greer", "USAGOV"),
    ("Maria Zakharova accused Britain of lying.", date(2023, 3, 1), "Maria Zakharova", "RUSGOV"),
    ("Dmitry Peskov rejected the proposal.", date(2024, 3, 1), "Dmitry Peskov", "RUSGOV"),
    ("Viktor Orban criticized Brussels.", date(2024, 6, 1), "Viktor Orban", "HUNGOV"),
    ("Anutin Charnvirakul accused Cambodia.", date(2025, 11, 1), "Anutin Charnvirakul", "THAGOV"),
    ("Abiy Ahmed met William Ruto in Nairobi.", date(2024, 2, 1), "Abiy Ahmed", "ETHGOV"),
])
def test_office_holders_code_their_government_on_the_day(coder, sentence, day, text, code):
    found = _codes(coder, sentence, day)
    assert _has(found, text, code), found


def test_an_office_ends_on_its_end_date(coder):
    """Janet Yellen was Treasury Secretary until 2025-01-20: that day she codes USAGOV, the next day she
    is nobody's government (she holds no other office in the table and Phoenix does not list her)."""
    sentence = "Janet Yellen criticized China."
    assert _has(_codes(coder, sentence, date(2025, 1, 20)), "Janet Yellen", "USAGOV")
    assert not any("Yellen" in t for t in _codes(coder, sentence, date(2025, 1, 21)))
    assert not any("Yellen" in t for t in _codes(coder, sentence, date(2021, 1, 25)))  # the day before she began


def test_a_role_from_the_table_is_bounded_by_its_dates(tmp_path):
    """The loader turns start/end into the only days a person codes, in the matcher itself."""
    from dyadwatch.actors.leaders import load_leader_entries

    table = tmp_path / "leaders.csv"
    table.write_text("person,aliases,country,code,office,title,start,end,source,note\n"
                     "ANA_VOLKOVA,Ana Volkova|Volkova,XYZ,XYZGOV,finance_minister,Finance Minister,"
                     "2021-03-01,2023-05-31,test,\n"
                     "ANA_VOLKOVA,Ana Volkova|Volkova,XYZ,XYZGOV,spokesperson,Spokesperson,2024-01-01,,test,\n",
                     encoding="utf-8")
    m = ActorMatcher(load_leader_entries(table), [], {})
    assert m.find(["Volkova"], date(2023, 5, 31))[0][0].codes == ["XYZGOV"]
    assert m.find(["Volkova"], date(2023, 6, 1))[0] == []
    assert m.find(["Ana", "Volkova"], date(2024, 2, 1))[0][0].codes == ["XYZGOV"]


@pytest.mark.parametrize("sentence, text, code", [
    ("The European Union criticized China.", "European Union", "EURGOV"),
    ("The EU imposed sanctions on Iran.", "EU", "EURGOV"),
    ("The European Commission fined the company.", "European Commission", "EURGOV"),
    ("The European Parliament condemned Hungary.", "European Parliament", "EURLEG"),
    ("Brussels warned Budapest.", "Brussels", "EURGOV"),
    ("NATO condemned Russia.", "NATO", "IGOWSTNAT"),
    ("The United Nations urged Sudan to talk.", "United Nations", "IGOUNO"),
    ("The UN Security Council condemned North Korea.", "UN Security Council", "IGOUNO"),
    ("The UN Secretary-General urged Israel to stop.", "Secretary-General", "IGOUNO"),
    ("The G7 warned Russia.", "G7", "IGOG7"),
    ("The G20 praised India.", "G20", "IGOG20"),
    ("The Quad criticized China.", "Quad", "IGOQUAD"),
    ("BRICS welcomed Indonesia.", "BRICS", "IGOBRICS"),
    ("ASEAN urged Myanmar to talk.", "ASEAN", "IGOASEAN"),
    ("The African Union suspended Niger.", "African Union", "IGOAU"),
    ("The Gulf Cooperation Council welcomed Qatar.", "Gulf Cooperation Council", "IGOGCC"),
    ("The Arab League condemned Israel.", "Arab League", "IGOMEAARL"),
    ("OPEC angered India.", "OPEC", "IGOOPC"),
    ("The WTO ruled against China.", "WTO", "IGOBUSWTO"),
    ("The IMF praised Argentina.", "IMF", "IGOBUSIMF"),
    ("The World Bank lent money to Kenya.", "World Bank", "IGOUNODEVWBK"),
])
def test_organisations_resolve_to_their_codes(coder, sentence, text, code):
    found = _codes(coder, sentence, date(2025, 3, 1))
    assert _has(found, text, code), found


@pytest.mark.parametrize("capital, code", [
    ("Kyiv", "UKRGOV"), ("Kiev", "UKRGOV"), ("Tehran", "IRNGOV"), ("Ottawa", "CANGOV"), ("Canberra", "AUSGOV"),
    ("New Delhi", "INDGOV"), ("Islamabad", "PAKGOV"), ("Ankara", "TURGOV"), ("Riyadh", "SAUGOV"),
    ("Berlin", "DEUGOV"), ("Paris", "FRAGOV"), ("London", "GBRGOV"), ("Rome", "ITAGOV"), ("Madrid", "ESPGOV"),
    ("Warsaw", "POLGOV"), ("Budapest", "HUNGOV"), ("Minsk", "BLRGOV"), ("Caracas", "VENGOV"),
    ("Havana", "CUBGOV"), ("Taipei", "TWNGOV"), ("Manila", "PHLGOV"), ("Hanoi", "VNMGOV"),
    ("Wellington", "NZLGOV"), ("Brasilia", "BRAGOV"), ("Buenos Aires", "ARGGOV"), ("Mexico City", "MEXGOV"),
    ("Pretoria", "ZAFGOV"), ("Cairo", "EGYGOV"), ("Doha", "QATGOV"), ("Abu Dhabi", "AREGOV"),
    ("Jakarta", "IDNGOV"), ("Seoul", "KORGOV"), ("Pyongyang", "PRKGOV"), ("Beijing", "CHNGOV"),
    ("Moscow", "RUSGOV"), ("Tokyo", "JPNGOV"), ("Washington", "USAGOV"), ("Damascus", "SYRGOV"),
    ("Beirut", "LBNGOV"), ("Bangkok", "THAGOV"), ("Kuala Lumpur", "MYSGOV"), ("Nairobi", "KENGOV"),
    ("Abuja", "NGAGOV"), ("Bogota", "COLGOV"), ("Addis Ababa", "ETHGOV"),
])
def test_a_capital_as_subject_is_its_government(coder, capital, code):
    found = _codes(coder, f"{capital} protested the decision.", date(2025, 3, 1))
    assert _has(found, capital, code), found


def test_an_agreement_named_after_a_capital_is_not_its_government(coder):
    found = _codes(coder, "Brazil rejoined the Paris Agreement.", date(2025, 3, 1))
    assert not any(code == "FRAGOV" for codes in found.values() for code in codes), found


@pytest.mark.parametrize("sentence, text, code", [
    ("Police in Minsk detained students.", "Police in Minsk", "BLRCOP"),
    ("Lawmakers in Kyiv criticized Moscow.", "Lawmakers in Kyiv", "UKRLEG"),
    ("Reporters in Beijing questioned the spokesman.", "Reporters in Beijing", "CHNMED"),
    ("Students from Tehran protested the decision.", "Students from Tehran", "IRNEDU"),
    ("Officials in Washington criticized Beijing.", "Officials in Washington", "USAGOV"),
])
def test_a_capital_as_the_place_of_a_role_gives_its_country(coder, sentence, text, code):
    """A capital stands for its government as an actor, but as the place of a role it lends only its
    country: 'police in Minsk' are Belarusian police, not the Belarusian government."""
    found = _codes(coder, sentence, date(2025, 3, 1))
    assert found.get(text) == [code], found
