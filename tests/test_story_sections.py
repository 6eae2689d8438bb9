"""The agenda's sections: a restating sentence folds into the one before, an umbrella sentence becomes
the introduction, and bare intents go to "other stated aims" (a database built by hand)."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.analyse import brief as brief_mod
from dyadwatch.analyse.clusters import assign_clusters
from dyadwatch.analyse import story
from dyadwatch.records import Amount, Pledge
from dyadwatch.store.db import open_db
from dyadwatch.store.pledge_store import write_pledges

TEXT = " ".join(
    [
        "Chancellor Anna Weber of Germany wants closer ties with France.",  # 0 intent -> FRA
        "She hopes to open a new chapter through talks with President Claire Martin.",  # 1 She -> FRAGOV
        "Weber puts forward a series of new measures to boost defence cooperation.",  # 2 umbrella
        "She proposes a joint tank programme with France.",  # 3 proposal -> FRA
        "She wants to fix old problems.",  # 4 bare intent
        "Weber's government plans to spend 5 billion euros on rail links by 2028.",  # 5 plan with amount
        "It wants a fair deal with Poland.",  # 6 intent -> POL, not a restatement of 5 (different country)
    ]
)


def _index(needle: str) -> tuple[int, str]:
    for i, s in enumerate(brief_mod.split_sentences(TEXT)):
        if needle in s:
            return i, s
    raise AssertionError(needle)


def _pledge(needle, pid, kind, what, *, actor_text, addressee=None, amount=None, deadline=None,
            deadline_text=None, status="planned", actor="DEUGOV"):
    index, sentence = _index(needle)
    return Pledge(pledge_id=pid, event_id=f"e-{pid}", doc_id="d1", actor=actor, actor_text=actor_text, kind=kind,
                  what=what, sentence=sentence, sentence_index=index, addressee=addressee, amount=amount,
                  deadline=deadline, deadline_text=deadline_text, condition=None, status=status, topics=[])


@pytest.fixture()
def con(tmp_path):
    con = open_db(tmp_path / "sections.duckdb")
    con.execute(
        "INSERT INTO documents (doc_id, version, content_hash, path, url, title, published, published_basis, "
        "window_earliest, window_latest, window_basis, text) VALUES "
        "('d1', 1, 'h1', 'samples/weber.txt', NULL, NULL, '2025-03-01', 'feed', NULL, NULL, NULL, ?)",
        [TEXT],
    )
    pledges = [
        _pledge("closer ties", "p0", "intent", "closer ties with France", actor_text="Chancellor Anna Weber",
                addressee="FRA"),
        _pledge("new chapter", "p1", "intent", "open a new chapter", actor_text="She", addressee="FRAGOV"),
        _pledge("series of new measures", "p2", "proposal", "boost defence cooperation", actor_text="Weber",
                status="proposed"),
        _pledge("joint tank", "p3", "proposal", "a joint tank programme", actor_text="She", addressee="FRA",
                status="proposed"),
        _pledge("old problems", "p4", "intent", "fix old problems", actor_text="She"),
        _pledge("rail links", "p5", "plan", "spend on rail links", actor_text="Weber's government",
                amount=Amount("5 billion euros", 5e9, "EUR"), deadline=date(2028, 12, 31), deadline_text="by 2028"),
        _pledge("fair deal", "p6", "intent", "a fair deal with Poland", actor_text="It", addressee="POL"),
    ]
    write_pledges(con, "d1", 1, pledges)
    assign_clusters(con, doc_id="d1")  # the derived table the run updates after writing
    yield con
    con.close()


def test_sections_split_items_introduction_and_aims(con):
    parts = story.agenda_sections(con, "DEU", answers={})
    assert [r["what"] for r in parts["items"]] == [
        "closer ties with France; open a new chapter",
        "a joint tank programme",
        "spend on rail links",
        "a fair deal with Poland",
    ]
    assert [r["sentence_index"] for r in parts["introduction"]] == [_index("series of new measures")[0]]
    assert [r["what"] for r in parts["aims"]] == ["fix old problems"]
    assert story.agenda(con, "DEU", answers={}) == parts["items"]


def test_restatement_keeps_both_sentences(con):
    first = story.agenda(con, "DEU", answers={})[0]
    assert "closer ties with France." in first["sentence"] and "talks with President Claire Martin" in first["sentence"]
    assert first["addressee"] == "FRA" and first["actor_text"] == "Chancellor Anna Weber"


def test_no_fold_across_countries_or_without_pronoun(con):
    rows = {r["what"]: r for r in story.agenda(con, "DEU", answers={})}
    assert rows["a fair deal with Poland"]["addressee"] == "POL"  # "It" after a plan with an amount: its own row


def test_umbrella_needs_following_items_of_the_same_actor(tmp_path):
    con = open_db(tmp_path / "alone.duckdb")
    con.execute(
        "INSERT INTO documents (doc_id, version, content_hash, path, url, title, published, published_basis, "
        "window_earliest, window_latest, window_basis, text) VALUES "
        "('d1', 1, 'h1', 'x.txt', NULL, NULL, '2025-03-01', 'feed', NULL, NULL, NULL, ?)",
        [TEXT],
    )
    write_pledges(con, "d1", 1, [
        _pledge("series of new measures", "p2", "proposal", "boost defence cooperation", actor_text="Weber",
                status="proposed"),
    ])
    parts = story.agenda_sections(con, "DEU", answers={})
    assert [r["what"] for r in parts["items"]] == ["boost defence cooperation"]  # nothing follows: an item
    assert parts["introduction"] == [] and parts["aims"] == []
    con.close()


def test_umbrella_phrase_data_lists():
    row = {"kind": "proposal", "addressee": None, "amount": None, "deadline_text": None}
    assert story._umbrella_phrase(row | {"sentence": "She offers several bold ideas."}) == "several bold ideas"
    assert story._umbrella_phrase(row | {"sentence": "He unveiled a number of reforms."}) == "a number of reforms"
    assert story._umbrella_phrase(row | {"sentence": "He proposes a joint tank programme."}) is None
    assert story._umbrella_phrase(row | {"addressee": "FRA", "sentence": "He offers several ideas."}) is None
