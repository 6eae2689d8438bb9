"""Answers read from their wording: refusals however put, partial answers, answers in sentences with no
coded event, and answers whose proposal no story reports. Every story is invented for the test."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.analyse.threads import build_threads, wording_status
from dyadwatch.store.db import open_db
from fixtures.pledges.handmade import article, event, store

DAY = date(2026, 5, 6)


@pytest.mark.parametrize(("sentence", "status"), [
    ("Pyongyang said it would not join the talks.", "rejected"),
    ("Thailand turned down the offer on Wednesday.", "rejected"),
    ("Belgrade sees no point in imposing sanctions.", "rejected"),
    ("Ankara refused to withdraw the ship.", "rejected"),
    ("The ministry declined to comment on the offer.", None),
    ("Kyiv accepted the prisoner exchange but said the ceasefire terms were unacceptable.", "partial"),
    ("Seoul agreed to raise its share by 8% but rejected the $10 billion figure.", "partial"),
    ("Washington said it would deploy more troops but did not commit to a permanent base.", "partial"),
    ("Tehran said it was studying the proposal.", "considering"),
    ("Manila agreed to hold the exercises in August.", "accepted"),
    ("The minister spoke to reporters in Geneva.", None),
    ("Madrid said it was not willing to reopen the accord.", "rejected"),
    ("Lima said it was ready to host the talks.", "accepted"),
    ("Canberra has no plans to join the pact.", "rejected"),
    ("The truce may hold if Hanoi accepts the offer.", None),
])
def test_wording(sentence, status):
    assert wording_status(sentence) == status


def _db():
    return open_db(":memory:")


def test_a_refusal_in_a_sentence_with_no_coded_event_answers(tmp_path):
    con = _db()
    a = article("Russia proposed new peace talks with Ukraine in Istanbul.\n"
                "Ukraine said on Wednesday it would not join the talks without a ceasefire.",
                published=DAY, url="https://example.com/t1")
    store(con, a, [event(a, "Russia proposed", "proposed", "036", "RUSGOV", "UKRGOV", source_text="Russia",
                         mode="proposed")])
    [t] = build_threads(con)
    assert (t["proposer"], t["responder"], t["status"]) == ("RUSGOV", "UKRGOV", "rejected")
    assert t["sentences"][1]["sentence"].startswith("Ukraine said on Wednesday it would not join")
    row = con.execute("SELECT status, answer_sentence, responder FROM thread_links").fetchone()
    assert row[0] == "rejected" and row[1].startswith("Ukraine said") and row[2] == "UKRGOV"


def test_the_offer_answered_in_the_same_story_needs_no_shared_words():
    con = _db()
    a = article("China offered to mediate in the border dispute.\nThailand turned down the offer.",
                published=DAY, url="https://example.com/t2")
    store(con, a, [event(a, "China offered", "offered", "030", "CHNGOV", "THAGOV", source_text="China"),
                   event(a, "Thailand turned", "turned down", "120", "THAGOV", None, source_text="Thailand")])
    [t] = build_threads(con)
    assert t["status"] == "rejected" and t["shared_terms"] == []


def test_an_answer_whose_proposal_is_not_reported_opens_a_thread():
    con = _db()
    a = article("India rejected Pakistan's demand for a neutral inquiry into the clash.", published=DAY,
                url="https://example.com/t3")
    store(con, a, [event(a, "India rejected", "rejected", "120", "INDGOV", "PAKGOV", source_text="India")])
    [t] = build_threads(con)
    assert t["proposal"] == "not reported" and t["proposal_event_id"] is None
    assert (t["proposer"], t["responder"], t["status"]) == ("PAKGOV", "INDGOV", "rejected")
    assert [s["role"] for s in t["sentences"]] == ["proposal", "answer"]
    assert t["sentences"][0]["sentence"] == "(proposal not reported)"
    row = con.execute("SELECT proposal_event_id, proposer, answer_sentence FROM thread_links").fetchone()
    assert row[0] is None and row[1] == "PAKGOV" and row[2].startswith("India rejected")


def test_a_joint_agreement_answers_no_proposal():
    con = _db()
    a = article("Chile and Peru agreed to hold talks on the river.", published=DAY, url="https://example.com/t4")
    store(con, a, [event(a, "agreed", "agreed", "036", "CHLGOV", "PERGOV", source_text="Chile")])
    assert build_threads(con) == []


def test_partial_answer_wins_over_an_earlier_acceptance_in_the_story():
    con = _db()
    a = article("The United States asked South Korea to pay $10 billion a year for its troops.\n"
                "Seoul agreed to raise its share of the costs.\n"
                "Seoul agreed to pay more but rejected the $10 billion figure.", published=DAY,
                url="https://example.com/t5")
    store(con, a, [event(a, "asked", "asked", "020", "USAGOV", "KORGOV", source_text="The United States"),
                   event(a, "Seoul agreed to raise", "agreed", "030", "KORGOV", None, source_text="Seoul"),
                   event(a, "Seoul agreed to pay", "agreed", "030", "KORGOV", None, source_text="Seoul")])
    [t] = build_threads(con)
    assert [s["status"] for s in t["sentences"][1:]] == ["accepted", "partial"] and t["status"] == "partial"


def test_a_negated_act_that_echoes_the_request_is_a_refusal():
    con = _db()
    a = article("Germany called on Poland to drop its veto of the budget.\n"
                "Warsaw said on Friday it would not drop the veto.", published=DAY, url="https://example.com/t6")
    store(con, a, [event(a, "called on", "called", "020", "DEUGOV", "POLGOV", source_text="Germany"),
                   event(a, "Warsaw said", "said", "010", "POLGOV", None, source_text="Warsaw")])
    [t] = build_threads(con)
    assert t["status"] == "rejected"
    # a negation of another act answers nothing
    b = article("Germany called on Austria to drop its veto of the budget.\n"
                "Vienna said it would not comment on the budget.", published=DAY, url="https://example.com/t7")
    store(con, b, [event(b, "called on", "called", "020", "DEUGOV", "AUTGOV", source_text="Germany"),
                   event(b, "Vienna said", "said", "010", "AUTGOV", None, source_text="Vienna")])
    austria = next(t for t in build_threads(con) if t["responder"] == "AUTGOV")
    assert austria["status"] == "no answer yet"


def test_an_agreement_under_if_answers_nothing():
    con = _db()
    a = article("China demanded that the United States roll back its tariffs.\n"
                "The talks could widen if Washington agrees to the demand.", published=DAY, url="https://example.com/t8")
    store(con, a, [event(a, "China demanded", "demanded", "020", "CHNGOV", "USAGOV", source_text="China"),
                   event(a, "Washington agrees", "agrees", "030", "USAGOV", "CHNGOV", source_text="Washington",
                         mode="hypothetical")])
    [t] = build_threads(con)
    assert t["status"] == "no answer yet"
