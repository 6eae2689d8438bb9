"""One event, many reports: a wire story reprinted by three outlets is one event with 3 mentions."""
from __future__ import annotations

from datetime import date

from dyadwatch.analyse.clusters import assign_clusters, cluster_rows
from dyadwatch.store.db import open_db
from fixtures.pledges.handmade import FIXTURES, article, event, store

WIRE = (FIXTURES / "wire_story.txt").read_text(encoding="utf-8")
REPRINT = (FIXTURES / "wire_story_reprint.txt").read_text(encoding="utf-8")


def _signed(con, text, url, day, source=None):
    a = article(text, url=url, published=day, source=source)
    store(con, a, [event(a, "signed", "signed", "057", "JPNGOV", "USAGOV")])
    return a


def test_reprint_by_three_outlets_is_one_event_with_three_mentions_and_sources():
    con = open_db(":memory:")
    _signed(con, WIRE, "https://www.outlet-one.example/a", date(2024, 11, 5))
    _signed(con, REPRINT, "https://outlet-two.example/story/9", date(2024, 11, 5))
    _signed(con, WIRE, "https://news.outlet-three.example/x?id=1", date(2024, 11, 6))
    [cluster] = cluster_rows(con)
    assert (cluster["num_mentions"], cluster["num_sources"], cluster["num_articles"]) == (3, 3, 3)


def test_counts_stay_current_and_same_outlet_counts_once():
    con = open_db(":memory:")
    _signed(con, WIRE, "https://outlet-one.example/a", date(2024, 11, 5))
    assert [(c["num_mentions"], c["num_sources"]) for c in cluster_rows(con)] == [(1, 1)]
    _signed(con, REPRINT, "https://outlet-one.example/b", date(2024, 11, 5))  # same outlet, second URL
    [c] = cluster_rows(con)
    assert (c["num_mentions"], c["num_sources"], c["num_articles"]) == (2, 1, 2)
    _signed(con, REPRINT, "https://mirror.example/c", date(2024, 11, 6), source="outlet-two.example")
    [c] = cluster_rows(con)
    assert (c["num_mentions"], c["num_sources"], c["num_articles"]) == (3, 2, 3)


def test_different_date_actor_or_sentence_is_a_different_event():
    con = open_db(":memory:")
    _signed(con, WIRE, "https://a.example/1", date(2024, 11, 5))
    _signed(con, WIRE, "https://b.example/1", date(2024, 12, 20))  # weeks later: a new signing
    other = article("Japan signed a fisheries accord with the United States.", url="https://c.example/1",
                    published=date(2024, 11, 5))
    store(con, other, [event(other, "signed", "signed", "057", "JPNGOV", "USAGOV")])
    reverse = article(WIRE, url="https://d.example/1", published=date(2024, 11, 5))
    store(con, reverse, [event(reverse, "signed", "signed", "057", "USAGOV", "JPNGOV")])
    assert sorted(c["num_mentions"] for c in cluster_rows(con)) == [1, 1, 1, 1]
    assert assign_clusters(con) == 0  # nothing left unassigned
