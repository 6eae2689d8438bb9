"""Dating undated articles from title clues (dyadwatch.actors.dating)."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.actors.dating import find_clues, infer_window, infer_window_detail
from dyadwatch.actors.leaders import LeaderTable

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def table():
    return LeaderTable.load()


def window(text, table):
    w = infer_window(text, table, TODAY)
    return (w.earliest, w.latest) if w else None


def test_president_elect_and_prime_minister_intersect(table):
    text = ("Prime Minister Shigeru Ishiba of Japan has set his sights on the alliance. "
            "He aims to talk with President-elect Donald Trump.")
    w = infer_window(text, table, TODAY)
    assert (w.earliest, w.latest) == (date(2024, 11, 6), date(2025, 1, 20))
    assert "'President-elect Donald Trump'" in w.basis and "'Prime Minister Shigeru Ishiba'" in w.basis


def test_single_clue_gives_the_role_span(table):
    assert window("Prime Minister Shigeru Ishiba said on Monday.", table) == (date(2024, 10, 1), date(2025, 10, 21))
    assert window("Chancellor Olaf Scholz visited Paris.", table) == (date(2021, 12, 8), date(2025, 5, 6))


def test_open_role_ends_today(table):
    assert window("Prime Minister Sanae Takaichi spoke.", table) == (date(2025, 10, 21), TODAY)


def test_president_elect_alone_is_ambiguous_between_2016_and_2024(table):
    result = infer_window_detail("President-elect Donald Trump named a cabinet.", table, TODAY)
    assert result.window is None
    assert result.reason.startswith("ambiguous")
    assert result.candidates == [(date(2016, 11, 9), date(2017, 1, 20)), (date(2024, 11, 6), date(2025, 1, 20))]


def test_second_clue_resolves_ambiguity(table):
    text = "President-elect Donald Trump spoke with Chancellor Angela Merkel."
    assert window(text, table) == (date(2016, 11, 9), date(2017, 1, 20))
    text = "President Trump and Foreign Secretary David Lammy."
    assert window(text, table) == (date(2025, 1, 20), date(2025, 9, 5))


def test_title_after_name(table):
    assert window("Sanae Takaichi, the Japanese prime minister, said.", table) == (date(2025, 10, 21), TODAY)
    assert window("Olaf Scholz, Germany's Chancellor, said.", table) == (date(2021, 12, 8), date(2025, 5, 6))


def test_conflict_keeps_the_majority_and_says_what_was_set_aside(table):
    text = ("Prime Minister Shigeru Ishiba met President-elect Donald Trump. "
            "Chancellor Olaf Scholz agreed. Prime Minister Fumio Kishida was quoted.")
    result = infer_window_detail(text, table, TODAY)
    assert (result.window.earliest, result.window.latest) == (date(2024, 11, 6), date(2025, 1, 20))
    assert [c.person for c in result.ignored] == ["FUMIO_KISHIDA"]
    assert "set aside as conflicting (older titles are used in retrospect): 'Prime Minister Fumio Kishida'" in result.window.basis


def test_vice_titles_are_their_own_office(table):
    assert window("Vice President Joe Biden visited Tokyo.", table) == (date(2009, 1, 20), date(2017, 1, 20))
    # Scholz was vice chancellor before he was chancellor: not a "Chancellor Olaf Scholz" clue
    assert infer_window("Vice Chancellor Olaf Scholz spoke.", table, TODAY) is None
    assert infer_window("Deputy President Cyril Ramaphosa spoke.", table, TODAY) is None


def test_tie_between_conflicting_clues_prefers_the_more_recent_title(table):
    # news calls people by old titles in retrospect, never by titles they have not held yet
    result = infer_window_detail("President Biden recalled talks with Prime Minister Abe.", table, TODAY)
    assert (result.window.earliest, result.window.latest) == (date(2021, 1, 20), date(2025, 1, 20))
    assert [c.person for c in result.ignored] == ["SHINZO_ABE"]
    assert "'Prime Minister Abe' => 2012-12-26..2020-09-16" in result.window.basis


def test_ambiguity_resolved_by_latest_year_mentioned(table):
    text = "President Trump said on Tuesday that the 2019 talks would go on, with a deal due by 2030."
    w = infer_window(text, table, TODAY)
    assert (w.earliest, w.latest) == (date(2017, 1, 20), date(2021, 1, 20))
    assert "ambiguity resolved by the latest year mentioned (2019)" in w.basis
    w = infer_window("President Trump spoke. Tariffs imposed in 2025 stayed.", table, TODAY)
    assert (w.earliest, w.latest) == (date(2025, 1, 20), TODAY)
    # a year outside both terms resolves nothing
    assert infer_window("President Trump spoke about 2023.", table, TODAY) is None


def test_conflict_then_ambiguity_is_none_with_reason(table):
    result = infer_window_detail("President Trump met Prime Minister Kishida.", table, TODAY)
    assert result.window is None
    assert result.reason.startswith("ambiguous")
    assert [c.person for c in result.ignored] == ["FUMIO_KISHIDA"]


def test_handover_day_touch_is_a_conflict_not_a_one_day_window(table):
    result = infer_window_detail("President Biden and President Trump.", table, TODAY)
    assert result.window is None


def test_former_and_then_titles_are_not_clues(table):
    result = infer_window_detail("Former President Donald Trump and then-Prime Minister Fumio Kishida.", table, TODAY)
    assert result.window is None
    assert result.retrospective == ["President Donald Trump", "Prime Minister Fumio Kishida"]
    assert "no dated title" in result.reason


def test_no_clue_no_window(table):
    assert infer_window("Japan and the United States held talks.", table, TODAY) is None
    # a name without a title says nothing about the date
    assert infer_window("Ishiba met Trump.", table, TODAY) is None


def test_clues_are_deduplicated_and_accent_blind(table):
    clues, _ = find_clues("President Erdogan and President Erdoğan; President Erdogan again.", table, TODAY)
    assert [c.person for c in clues] == ["RECEP_TAYYIP_ERDOGAN"]


def test_default_table_is_used(table):
    w = infer_window("Prime Minister Shigeru Ishiba said.")
    assert w is not None and w.earliest == date(2024, 10, 1)
