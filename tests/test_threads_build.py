"""Proposals linked to answers across articles: rejected, accepted, no answer yet."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.analyse.threads import build_threads, key_terms
from dyadwatch.store.db import open_db
from fixtures.pledges.handmade import FIXTURES, article, event, store


def _load(con, name, published, url):
    return article((FIXTURES / name).read_text(encoding="utf-8"), published=published, url=url,
                   source=url.split("/")[2])


@pytest.fixture()
def con():
    con = open_db(":memory:")
    sofa_p = _load(con, "sofa_proposal.txt", date(2024, 11, 4), "https://japannews.example/sofa")
    sofa_r = _load(con, "sofa_rejected.txt", date(2024, 11, 8), "https://wirenews.example/sofa-no")
    bases_p = _load(con, "bases_proposal.txt", date(2024, 11, 5), "https://japannews.example/bases")
    bases_a = _load(con, "bases_accepted.txt", date(2024, 11, 20), "https://wirenews.example/bases-yes")
    fish = _load(con, "unanswered_proposal.txt", date(2024, 11, 6), "https://japannews.example/fish")
    store(con, sofa_p, [event(sofa_p, "proposed revising", "proposed", "030", "JPNGOV", "USA",
                              source_text="prime minister", mode="proposed", agreements=["SOFA"])])
    store(con, sofa_r, [event(sofa_r, "not interested", "renegotiate", "036", "USAGOV", None,
                              source_text="We", negated=True, agreements=["SOFA"])])
    store(con, bases_p, [event(bases_p, "joint use", "proposed", "030", "JPN", "USA", source_text="Japan",
                               mode="proposed")])
    store(con, bases_a, [event(bases_a, "agreed to joint", "agreed", "057", "USA", "JPNMIL",
                               source_text="United States")])
    store(con, fish, [event(fish, "fisheries pact", "proposed", "030", "JPN", "KOR", source_text="Japan",
                            mode="proposed")])
    return con


def test_thread_statuses(con):
    threads = {t["topic"].split(",")[0] if t["status"] == "no answer yet" else t["status"]: t
               for t in build_threads(con)}
    assert len(build_threads(con)) == 3
    statuses = sorted(t["status"] for t in build_threads(con))
    assert statuses == ["accepted", "no answer yet", "rejected"]
    rejected = threads["rejected"]
    assert rejected["proposer"] == "JPNGOV" and rejected["responder"] == "USA"
    assert "sofa" in rejected["shared_terms"] and "agreement:SOFA" in rejected["shared_terms"]
    assert [s["role"] for s in rejected["sentences"]] == ["proposal", "answer"]
    assert [s["day"] for s in rejected["sentences"]] == [date(2024, 11, 4), date(2024, 11, 8)]
    accepted = threads["accepted"]
    assert {"joint", "base"} <= set(accepted["shared_terms"]) or {"joint", "bas"} <= set(accepted["shared_terms"])
    assert accepted["sentences"][1]["url"] == "https://wirenews.example/bases-yes"


def test_unanswered_proposal_and_stored_links(con):
    fish = next(t for t in build_threads(con) if t["responder"] == "KOR")
    assert fish["status"] == "no answer yet" and len(fish["sentences"]) == 1
    rows = con.execute("SELECT status, shared_terms FROM thread_links ORDER BY status").fetchall()
    assert [r[0] for r in rows] == ["accepted", "no answer yet", "rejected"]
    assert "sofa" in rows[2][1]


def test_answer_must_come_from_addressee_and_not_before_proposal(con):
    early = article("The United States agreed to discuss the Status of Forces Agreement and SOFA reform.",
                    published=date(2024, 10, 1), url="https://old.example/a", source="old.example")
    store(con, early, [event(early, "agreed", "agreed", "057", "USAGOV", "JPN", agreements=["SOFA"])])
    rejected = next(t for t in build_threads(con) if t["proposer"] == "JPNGOV")
    assert [s["day"] for s in rejected["sentences"]] == [date(2024, 11, 4), date(2024, 11, 8)]
    assert rejected["status"] == "rejected"


def test_key_terms_drop_actor_words_and_generic_words():
    terms = key_terms("Japan's government proposed revising the Japan-US SOFA.", {"japan"})
    assert "sofa" in terms and "japan" not in terms and "government" not in terms


def test_topic_match_without_agreement_ids_uses_acronyms_or_two_words():
    con = open_db(":memory:")
    p = _load(con, "sofa_proposal.txt", date(2024, 11, 4), "https://japannews.example/sofa")
    r = _load(con, "sofa_rejected.txt", date(2024, 11, 8), "https://wirenews.example/sofa-no")
    store(con, p, [event(p, "proposed revising", "proposed", "030", "JPNGOV", "USA", mode="proposed")])
    store(con, r, [event(r, "not interested", "renegotiate", "036", "USAGOV", None, negated=True)])
    [t] = build_threads(con)
    assert t["status"] == "rejected" and t["shared_terms"] == ["sofa"]


def test_one_shared_ordinary_word_is_not_a_topic_match():
    con = open_db(":memory:")
    p = article("Japan proposed a review of the Status of Forces Agreement.", published=date(2024, 11, 4),
                url="https://a.example/1")
    r = article("The United States agreed to train the Self-Defense Forces.", published=date(2024, 11, 9),
                url="https://b.example/1")
    store(con, p, [event(p, "proposed", "proposed", "030", "JPNGOV", "USA", mode="proposed")])
    store(con, r, [event(r, "agreed", "agreed", "057", "USAGOV", "JPN")])
    [t] = build_threads(con)
    assert t["status"] == "no answer yet"


def test_consultation_is_considering_and_a_later_decision_wins():
    from dyadwatch.analyse.threads import answer_status

    con = open_db(":memory:")
    p = _load(con, "sofa_proposal.txt", date(2024, 11, 4), "https://japannews.example/sofa")
    store(con, p, [event(p, "proposed revising", "proposed", "030", "JPNGOV", "USA", mode="proposed")])
    c = article("US officials said they would consider the Japanese SOFA proposal.", published=date(2024, 11, 6),
                url="https://c.example/1")
    store(con, c, [event(c, "consider", "consider", "043", "USAGOV", "JPNGOV")])
    [t] = build_threads(con)
    assert t["status"] == "considering"
    r = _load(con, "sofa_rejected.txt", date(2024, 11, 8), "https://wirenews.example/sofa-no")
    store(con, r, [event(r, "not interested", "renegotiate", "036", "USAGOV", None, negated=True)])
    [t] = build_threads(con)
    assert t["status"] == "rejected" and [s["role"] for s in t["sentences"]] == ["proposal", "answer", "answer"]
    assert answer_status({"cameo_root": "12", "cameo": "120", "negated": False, "verb_text": "rejected"}) == "rejected"
    assert answer_status({"cameo_root": "01", "cameo": "010", "negated": False, "verb_text": "said"}) is None


def test_a_hypothetical_mention_of_proposals_opens_no_thread():
    from dyadwatch.analyse.threads import is_proposal

    base = {"negated": False, "source": "JPNGOV", "target": "USA", "verb_text": "proposals", "cameo_root": "02"}
    assert is_proposal(base | {"mode": "proposed"})
    assert not is_proposal(base | {"mode": "hypothetical"})  # 'His proposals, if implemented, could ...'


def test_a_statement_that_mentions_discussing_is_considering():
    from dyadwatch.analyse.threads import answer_status

    said = {"cameo_root": "01", "cameo": "010", "negated": False, "verb_text": "said",
            "sentence": "The White House said it was open to discussing the joint use of US bases."}
    assert answer_status(said) == "considering"
    assert answer_status(said | {"sentence": "The White House said nothing."}) is None
