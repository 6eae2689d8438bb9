"""Answers as wire copy words them (second story set, corpus/pledges2): indirect refusals and
acceptances, the answering country named before the answer, the proposer named in the answer, open and
uncoded proposals, proposals told after their answers. Every story is invented for the test."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.analyse.threads import build_threads, proposer_named, wording_status
from dyadwatch.store.db import open_db
from fixtures.pledges.handmade import article, event, store

DAY = date(2026, 6, 10)


@pytest.mark.parametrize(("sentence", "status"), [
    ("Denmark's prime minister poured cold water on the idea.", "rejected"),
    ("He poured cold water, however, on a proposal from Japan.", "rejected"),
    ("A spokesman said the time was not right for outside mediation.", "rejected"),
    ("The spokesman said there was no need to retract the remarks.", "rejected"),
    ("Tokyo pushed back against the demands.", "rejected"),
    ("Pyongyang had no interest in any dialogue with Seoul.", "rejected"),
    ("France said it was not in a position to contribute this year.", "rejected"),
    ("Kyiv would not sit down with Russian officials while the strikes continued.", "rejected"),
    ("The White House dismissed the idea, saying the tariffs would stay in place.", "rejected"),
    ("Italy backed the French request, the minister said.", "accepted"),
    ("The Commission granted a request from France.", "accepted"),
    ("Caracas appreciated the gesture.", "accepted"),
    ("Germany signalled openness to joining the fund.", "considering"),
    ("Washington was looking favourably at the request.", "considering"),
    ("The finance ministry said it saw no grounds for lowering the fee.", "rejected"),
    ("A spokeswoman said a second base was not on the table.", "rejected"),
    ("Oslo saw some room for a longer schedule.", "considering"),
    ("Nepal will send 800 more police officers to the mission in response to a UN appeal.", "accepted"),
    ("Peru will send 500 more police to the border, partly meeting a Chilean demand.", "partial"),
    ("The ministry partially granted the request.", "partial"),
])
def test_indirect_wording(sentence, status):
    assert wording_status(sentence) == status


def test_a_refusal_beside_a_promise_is_partial_only_against_a_contrast():
    assert wording_status("Washington said it would deploy more troops but did not commit to a base.") == "partial"
    assert wording_status("Madrid rejected the goal, saying it would keep spending at 2%.") == "rejected"
    # a study beside a refusal, and a promise beside an act the answer says it cannot do
    assert wording_status("Lima saw room to discuss the route but would not accept the price Quito had named.") == "partial"
    assert wording_status("Vienna would store the grain for a month, but could not extend the deal beyond June.") == "partial"
    assert wording_status("The minister would not comment, but said the talks would resume.") is None


@pytest.mark.parametrize(("sentence", "proposer"), [
    ("Ukraine dismissed a Kremlin offer of talks in Istanbul.", "RUS"),
    ("He poured cold water on a proposal from Japan, the biggest lender to the plant.", "JPN"),
    ("India rebuffed an offer by Pakistan's prime minister to join an inquiry.", "PAK"),
    ("Denmark poured cold water on the U.S. president's renewed suggestion.", "USA"),
    ("Ukraine rejected the plan, saying Russia kept bombing its cities.", None),
])
def test_the_proposer_named_in_the_answer(sentence, proposer):
    assert proposer_named(sentence, {}, "XXX") == proposer


def _db():
    return open_db(":memory:")


def test_the_answer_is_the_country_named_before_its_words():
    con = _db()
    a = article("Ukraine on Monday dismissed a Kremlin offer of talks in Istanbul, saying Kyiv would not sit down "
                "while Moscow kept bombing Ukrainian cities.", published=DAY, url="https://example.com/w1")
    store(con, a, [event(a, "dismissed", "dismissed", "120", "UKRGOV", None, source_text="Ukraine"),
                   event(a, "bombing", "bombing", "190", "RUSGOV", "UKR", source_text="Moscow")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"], t["status"]) == ("RUS", "UKRGOV", "rejected")
    assert t["proposal"] == "not reported"


def test_a_proposal_told_after_its_answer_in_the_pluperfect():
    con = _db()
    a = article("Japan's spokesman said there was no need for the prime minister to retract her remarks.\n"
                "China's foreign ministry had demanded that the prime minister take back the remarks.",
                published=DAY, url="https://example.com/w2")
    store(con, a, [event(a, "spokesman said", "said", "010", "JPNGOV", None, source_text="Japan's spokesman"),
                   event(a, "had demanded", "demanded", "020", "CHNGOV", "JPN", source_text="China's foreign ministry")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"], t["status"]) == ("CHNGOV", "JPN", "rejected")
    # in the present perfect the demand comes after the sentence before it, which then answers nothing
    b = article("Japan's spokesman said there was no need for the prime minister to retract her remarks.\n"
                "China's foreign ministry has demanded that the prime minister take back the remarks.",
                published=DAY, url="https://example.com/w3")
    con2 = _db()
    store(con2, b, [event(b, "spokesman said", "said", "010", "JPNGOV", None, source_text="Japan's spokesman"),
                    event(b, "has demanded", "demanded", "020", "CHNGOV", "JPN", source_text="China's foreign ministry")])
    [u] = build_threads(con2)
    assert u["status"] == "no answer yet"


def test_an_open_proposal_is_answered_by_whoever_answers_it_in_its_story():
    con = _db()
    a = article("NATO's secretary general has asked allies to spend 5% of GDP on defence.\n"
                "Spain, however, signalled it would not sign up.", published=DAY, url="https://example.com/w4")
    store(con, a, [event(a, "has asked", "asked", "020", "IGOWSTNAT", None, source_text="NATO"),
                   event(a, "Spain, however", "signalled", "010", "ESPGOV", None, source_text="Spain")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"], t["status"]) == ("IGOWSTNAT", "ESPGOV", "rejected")


def test_a_proposal_the_coder_missed_opens_a_thread_when_answered():
    con = _db()
    a = article("Brazil, which launched the fund, has invited wealthy nations to invest in it.\n"
                "France said it was not in a position to contribute this year.\n"
                "The fund's board meets in March.", published=DAY, url="https://example.com/w5")
    store(con, a, [event(a, "France said", "said", "010", "FRAGOV", None, source_text="France")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"], t["status"]) == ("BRA", "FRAGOV", "rejected")
    # nobody answers: no thread
    b = article("Brazil has invited wealthy nations to invest in the fund.\nThe board meets in March.",
                published=DAY, url="https://example.com/w6")
    con2 = _db()
    store(con2, b, [])
    assert build_threads(con2) == []


def test_a_third_country_answering_the_proposer():
    con = _db()
    a = article("France asked the Commission to postpone the vote on the trade deal.\n"
                "Italy backed the French request, the agriculture minister said.", published=DAY,
                url="https://example.com/w7")
    store(con, a, [event(a, "France asked", "asked", "020", "FRAGOV", "EURGOV", source_text="France"),
                   event(a, "Italy backed", "backed", "050", "ITAGOV", "FRA", source_text="Italy")])
    threads = build_threads(con)
    assert [(t["proposer"], t["responder"], t["status"]) for t in threads] == [
        ("FRAGOV", "EURGOV", "no answer yet"), ("FRAGOV", "ITAGOV", "accepted")]


def test_a_proposal_coded_off_the_dateline_place_of_its_own_country():
    con = _db()
    a = article("MOSCOW, May 11 (Example Wire) -- Russia's president proposed direct talks with Kyiv in Istanbul.\n"
                "Turkey's president told his Russian counterpart that Ankara was ready to host the talks.",
                published=DAY, url="https://example.com/w8")
    store(con, a, [event(a, "proposed direct", "proposed", "036", "RUSGOV", "UKRGOV", source_text="MOSCOW",
                         mode="proposed"),
                   event(a, "Turkey's president told", "told", "010", "TURGOV", "RUS", source_text="Turkey's president")])
    threads = {t["responder"]: t for t in build_threads(con)}
    assert threads["TURGOV"]["status"] == "accepted" and threads["TURGOV"]["proposer"] == "RUSGOV"
    # the place of another country's dateline proposes nothing
    b = article("KYIV, May 11 (Example Wire) -- Russia's president proposed direct talks with Kyiv.",
                published=DAY, url="https://example.com/w9")
    con2 = _db()
    store(con2, b, [event(b, "proposed direct", "proposed", "036", "UKRGOV", "RUSGOV", source_text="KYIV",
                          mode="proposed")])
    assert build_threads(con2) == []


def test_a_refusal_the_subject_suffered_is_no_answer():
    assert wording_status("The gunman, who had been refused asylum in 2020, fled.") is None
    assert wording_status("Kyiv said the ceasefire terms were unacceptable.") == "rejected"
    assert wording_status("France said it was not in a position to contribute.") == "rejected"


def test_naming_a_country_is_no_open_proposal():
    con = _db()
    a = article("Iran's foreign minister called the move unjustified.\n"
                "Russia said it would not join any talks on the move.", published=DAY, url="https://example.com/w10")
    store(con, a, [event(a, "called the move", "called", "111", "IRNGOV", None, source_text="Iran's foreign minister"),
                   event(a, "Russia said", "said", "010", "RUSGOV", None, source_text="Russia")])
    assert build_threads(con) == []


def test_a_passive_invitation_proposes_nothing():
    con = _db()
    a = article("The communique said Ukraine would be invited to join the alliance.\n"
                "Turkey's president agreed to send the protocol to parliament.", published=DAY, url="https://example.com/w11")
    store(con, a, [event(a, "Turkey's president agreed", "agreed", "030", "TURGOV", None, source_text="Turkey's president")])
    assert build_threads(con) == []


@pytest.mark.parametrize(("sentence", "status"), [
    ("Kyiv said it would take part in the talks.", "accepted"),
    ("Parliament gave its blessing to the plan.", "accepted"),
    ("The council gave the green light to the mission.", "accepted"),
    ("Hanoi responded positively to the invitation.", "accepted"),
    ("Ankara agreed to host the talks on condition that a ceasefire holds.", "partial"),
    ("Moscow vetoed the resolution.", "rejected"),
    ("Beijing slammed the U.S. proposal as interference.", "rejected"),
    ("Beijing slammed the attack.", None),
    ("The minister did not rule out talks with Caracas.", "considering"),
    ("Oslo signalled its willingness to help.", "considering"),
])
def test_more_wire_answers(sentence, status):
    assert wording_status(sentence) == status


@pytest.mark.parametrize(("sentence", "proposer"), [
    ("Iran rejected the peace plan put forward by Washington.", "USA"),
    ("Kyiv dismissed a French offer of mediation.", "FRA"),
])
def test_capitals_and_adjectives_name_the_proposer(sentence, proposer):
    assert proposer_named(sentence, {}, "XXX") == proposer


def test_an_uncoded_answer_by_a_country_named_by_its_capital():
    con = _db()
    a = article("Egypt proposed a 60-day truce in Gaza on Monday.\n"
                "Jerusalem said on Tuesday that the time was not right for a truce.", published=DAY,
                url="https://example.com/w12")
    store(con, a, [event(a, "Egypt proposed", "proposed", "036", "EGYGOV", None, source_text="Egypt", mode="proposed")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"], t["status"]) == ("EGYGOV", "ISR", "rejected")


def test_an_uncoded_offer_with_its_day_between():
    con = _db()
    a = article("Malaysia's prime minister offered on Saturday to host talks between Thailand and Cambodia.\n"
                "A spokesman for Thailand's foreign ministry said the time was not right for outside help.",
                published=DAY, url="https://example.com/w13")
    store(con, a, [event(a, "A spokesman", "said", "010", "THAGOV", None, source_text="Thailand's foreign ministry")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"], t["status"]) == ("MYS", "THAGOV", "rejected")


def test_an_answer_hung_on_the_proposals_own_sentence():
    con = _db()
    a = article("Austria had proposed that Slovenia also take back migrants of other nationalities, a request the "
                "Slovenian interior minister rejected on Friday.", published=DAY, url="https://example.com/w30")
    store(con, a, [event(a, "had proposed", "proposed", "020", "AUTGOV", "SVN", source_text="Austria"),
                   event(a, "Slovenian interior minister", "rejected", "120", "SVNGOV", None,
                         source_text="Slovenian interior minister")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"][:3], t["status"]) == ("AUTGOV", "SVN", "rejected")
    # with no clause naming the proposal between them, the responder's act in the same sentence is no answer
    con2 = _db()
    b = article("Austria proposed that Slovenia take back migrants and Slovenia rejected a new border fence.",
                published=DAY, url="https://example.com/w31")
    store(con2, b, [event(b, "proposed", "proposed", "020", "AUTGOV", "SVN", source_text="Austria"),
                    event(b, "Slovenia rejected", "rejected", "120", "SVNGOV", None, source_text="Slovenia")])
    [u] = build_threads(con2)
    assert u["status"] == "no answer yet"


def test_an_answer_in_a_clause_hung_on_the_proposal_by_an_actor_without_an_event_there():
    # the coder gave the clause's answerer no event: the country named in the clause answers
    con = _db()
    a = article("Austria had proposed that Slovenia also take back migrants of other nationalities, a request "
                "Slovenia's interior minister rejected on Friday.", published=DAY, url="https://example.com/w32")
    store(con, a, [event(a, "had proposed", "proposed", "020", "AUTGOV", "SVN", source_text="Austria")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"][:3], t["status"]) == ("AUTGOV", "SVN", "rejected")


def test_an_answer_told_on_a_later_proposal_belongs_to_that_proposal():
    con = _db()
    a = article("Norway asked Iceland to open its fishing grounds to Norwegian trawlers, a request Reykjavik rejected.\n"
                "Norway also proposed a joint study of cod stocks in the Arctic, an idea Iceland accepted.",
                published=DAY, url="https://example.com/w9")
    store(con, a, [event(a, "asked Iceland", "asked", "020", "NORGOV", "ISLGOV", source_text="Norway"),
                   event(a, "Reykjavik rejected", "rejected", "120", "ISLGOV", "NOR", source_text="Reykjavik"),
                   event(a, "also proposed", "proposed", "020", "NORGOV", "ISLGOV", source_text="Norway"),
                   event(a, "Iceland accepted", "accepted", "050", "ISLGOV", "NOR", source_text="Iceland")])
    threads = build_threads(con)
    # the acceptance answers the study it is hung on; the fishing grounds stay refused
    assert [(t["proposer"], t["responder"], t["status"]) for t in threads] == [
        ("NORGOV", "ISLGOV", "rejected"), ("NORGOV", "ISLGOV", "accepted")]


def test_two_answers_in_one_sentence_are_read_from_their_own_clauses():
    con = _db()
    a = article("Chile proposed that the fund's secretariat be based in Santiago.\n"
                "Peru said it was open to the idea, while Bolivia said it backed the Chilean proposal.",
                published=DAY, url="https://example.com/w10")
    store(con, a, [event(a, "Chile proposed", "proposed", "020", "CHLGOV", None, source_text="Chile", mode="proposed"),
                   event(a, "Peru said", "said", "010", "PERGOV", None, source_text="Peru"),
                   event(a, "Bolivia said", "backed", "050", "BOLGOV", "CHL", source_text="Bolivia")])
    status = {t["responder"][:3]: t["status"] for t in build_threads(con)}
    # Peru only studies the idea; the acceptance is Bolivia's
    assert status == {"PER": "considering", "BOL": "accepted"}


def test_an_answer_by_a_state_named_by_its_adjective_from_the_dictionary():
    from dyadwatch.analyse.countries import DEMONYMS, name_hits

    assert "Mauritanian" not in DEMONYMS and "Senegalese" not in DEMONYMS  # the hand list lacks them
    assert [c for _s, _e, c in name_hits("the Mauritanian minister met his Senegalese counterpart")] == ["MRT", "SEN"]
    con = _db()
    a = article("Spain had proposed that Mauritania take back migrants of other nationalities, a request the "
                "Mauritanian interior minister rejected.", published=DAY, url="https://example.com/w11")
    store(con, a, [event(a, "Spain had proposed", "proposed", "020", "ESPGOV", "MRT", source_text="Spain",
                         mode="proposed")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"][:3], t["status"]) == ("ESPGOV", "MRT", "rejected")


def test_a_story_that_grants_one_part_and_refuses_another_answers_partially():
    con = _db()
    a = article("Chile had asked Peru to send troops to the whole border and to allow joint patrols.\n"
                "Peru agreed to send 1,000 soldiers to the border, the defence minister said.\n"
                "But Lima rejected joint patrols on Peruvian soil.", published=DAY, url="https://example.com/w12")
    store(con, a, [event(a, "Chile had asked", "asked", "020", "CHLGOV", "PERGOV", source_text="Chile"),
                   event(a, "Peru agreed", "agreed", "057", "PERGOV", "CHL", source_text="Peru"),
                   event(a, "Lima rejected", "rejected", "120", "PERGOV", "CHL", source_text="Lima")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"], t["status"]) == ("CHLGOV", "PERGOV", "partial")
    # a refusal told on the proposal's own sentence is its answer, whatever the story said before it
    con2 = _db()
    b = article("Peru agreed to take back its own nationals, the joint statement said.\n"
                "Chile had proposed that Peru also take back migrants of other nationalities, a request Peru rejected.",
                published=DAY, url="https://example.com/w13")
    store(con2, b, [event(b, "Peru agreed", "agreed", "057", "PERGOV", "CHL", source_text="Peru"),
                    event(b, "Chile had proposed", "proposed", "020", "CHLGOV", "PERGOV", source_text="Chile")])
    [u] = build_threads(con2)
    assert (u["proposer"], u["responder"], u["status"]) == ("CHLGOV", "PERGOV", "rejected")
