"""Alliance card, agenda and brief over a database built by hand (no pipeline needed)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from dyadwatch.analyse import brief as brief_mod
from dyadwatch.analyse.clusters import assign_clusters
from dyadwatch.analyse import story
from dyadwatch.records import Amount, Pledge
from dyadwatch.store.db import open_db
from dyadwatch.store.pledge_store import write_pledges

DOC1_TEXT = "\n".join(
    [
        "Prime Minister Taro Sato of Japan wants a stronger alliance with the United States. "
        "He aims to deepen the alliance through talks with President-elect Donald Trump.",
        "He suggests joint use of US military facilities in Japan by Japanese Self-Defense Forces.",
        "Sato proposes a Pacific treaty organisation. This idea reflects Japan's concerns about "
        "North Korea and China. However, realizing this vision may require constitutional amendments.",
        "Sato's government plans significant investments in AI and semiconductor industries. "
        "They aim to provide over 5 trillion yen in public support by 2030.",
    ]
)
DOC2_TEXT = "Washington criticized Tokyo over trade. The US rejected the idea of joint use of its bases."
WINDOW_BASIS = "'President-elect Donald Trump' => 2024-11-06..2025-01-20"


def _sentence(text: str, needle: str) -> tuple[int, str]:
    sentences = brief_mod.split_sentences(text)
    for i, s in enumerate(sentences):
        if needle in s:
            return i, s
    raise AssertionError(needle)


def _event(con, doc, text, needle, event_id, source, target, cameo, quad, goldstein, *, mode="asserted",
           source_name=None, agreements=(), version=1):
    index, sentence = _sentence(text, needle)
    con.execute(
        "INSERT INTO events (event_id, doc_id, version, published, sentence_index, sentence, sentence_start, "
        "source, source_text, source_name, source_country, target, target_text, target_country, cameo, "
        "cameo_root, quad_class, goldstein, plover, verb_text, negated, mode, agreements) "
        "VALUES (?, ?, ?, NULL, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'v', false, ?, ?)",
        [event_id, doc, version, index, sentence, source, source, source_name, (source or "")[:3] or None,
         target, target, (target or "")[:3] or None, cameo, cameo[:2], quad, goldstein, mode, list(agreements)],
    )
    return index, sentence


def _pledge(doc, text, needle, event_id, pid, kind, what, *, actor="JPNGOV", actor_text="Sato",
            addressee=None, amount=None, deadline=None, deadline_text=None, condition=None, status="proposed",
            topics=()):
    index, sentence = _sentence(text, needle)
    return Pledge(pledge_id=pid, event_id=event_id, doc_id=doc, actor=actor, actor_text=actor_text, kind=kind,
                  what=what, sentence=sentence, sentence_index=index, addressee=addressee, amount=amount,
                  deadline=deadline, deadline_text=deadline_text, condition=condition, status=status,
                  topics=list(topics))


@pytest.fixture()
def con(tmp_path):
    con = open_db(tmp_path / "story.duckdb")
    con.execute(
        "INSERT INTO documents (doc_id, version, content_hash, path, url, title, published, published_basis, "
        "window_earliest, window_latest, window_basis, text) VALUES "
        "('d1', 1, 'h1', 'samples/sato.txt', NULL, NULL, NULL, 'inferred', '2024-11-06', '2025-01-20', ?, ?), "
        "('d2', 1, 'h2', 'feed.xml#1', 'https://news.example/us-japan', 'US answers', '2025-02-01', 'feed', "
        "NULL, NULL, NULL, ?)",
        [WINDOW_BASIS, DOC1_TEXT, DOC2_TEXT],
    )
    con.execute(
        "INSERT INTO removed_lines VALUES ('d1', 1, 4, 'Sato Pushes for Alliance (Photo Internet reproduction)', "
        "'photo-caption', 'a photo credit'), ('d1', 1, 9, 'GIPHY App Key not set.', 'widget', 'site chrome')"
    )
    _event(con, "d1", DOC1_TEXT, "talks with", "e1", "JPNGOV", "USAELI", "036", 1, 4.0, mode="intended",
           source_name="TARO_SATO")
    _event(con, "d1", DOC1_TEXT, "joint use", "e2", "JPNGOV", "USAMIL", "039", 1, 1.0, mode="proposed",
           source_name="TARO_SATO")
    _event(con, "d1", DOC1_TEXT, "joint use", "e2b", "JPNMIL", "USAMIL", "039", 1, 1.0, mode="proposed")
    _event(con, "d1", DOC1_TEXT, "Pacific treaty", "e3", "JPNGOV", None, "039", 1, 1.0, mode="proposed",
           source_name="TARO_SATO")
    _event(con, "d1", DOC1_TEXT, "significant investments", "e4", "JPNGOV", None, "030", 1, 4.0, mode="intended")
    _event(con, "d1", DOC1_TEXT, "trillion yen", "e5", "JPNGOV", None, "030", 1, 4.0, mode="intended")
    _event(con, "d2", DOC2_TEXT, "criticized", "e6", "USAGOV", "JPNGOV", "111", 3, -2.0, agreements=["apec"])
    pledges = [
        _pledge("d1", DOC1_TEXT, "talks with", "e1", "p1", "intent", "talks with President-elect Donald Trump",
                actor_text="He", addressee="USAELI", status="planned"),
        _pledge("d1", DOC1_TEXT, "joint use", "e2", "p2", "proposal", "joint use of US military facilities in Japan",
                actor_text="He", addressee="USAMIL"),
        _pledge("d1", DOC1_TEXT, "joint use", "e2b", "p2b", "proposal", "joint use of US military facilities",
                actor="JPNGOV", actor_text="He"),
        _pledge("d1", DOC1_TEXT, "Pacific treaty", "e3", "p3", "proposal", "a Pacific treaty organisation",
                condition="may require constitutional amendments"),
        _pledge("d1", DOC1_TEXT, "significant investments", "e4", "p4", "plan",
                "significant investments in AI and semiconductor industries", actor_text="Sato's government",
                status="planned", topics=["AI", "semiconductors"]),
        _pledge("d1", DOC1_TEXT, "trillion yen", "e5", "p5", "plan", "over 5 trillion yen in public support",
                actor_text="They", amount=Amount("over 5 trillion yen", 5e12, "JPY", qualifier="over", usd=3.3e10),
                deadline=date(2030, 12, 31), deadline_text="by 2030", status="planned",
                topics=["AI", "finance", "semiconductors"]),
    ]
    write_pledges(con, "d1", 1, pledges)
    assign_clusters(con, doc_id="d1")  # the derived table the run updates after writing
    yield con
    con.close()


def test_agenda_one_row_per_distinct_proposal(con):
    rows = story.agenda(con, "JPN")
    whats = [r["what"] for r in rows]
    assert whats == [
        "talks with President-elect Donald Trump",
        "joint use of US military facilities in Japan",
        "a Pacific treaty organisation",
        "significant investments in AI and semiconductor industries",
    ]
    joint = rows[1]
    assert sorted(joint["event_ids"]) == ["e2", "e2b"]  # two events for the same sentence and object merged
    assert joint["addressee"] == "USAMIL"
    investment = rows[3]  # "They aim to provide ..." only adds amount and deadline to the sentence before
    assert investment["amount"]["text"] == "over 5 trillion yen"
    assert investment["amount"]["currency"] == "JPY"
    assert investment["deadline_text"] == "by 2030" and investment["deadline"] == "2030-12-31"
    assert "They aim to provide" in investment["sentence"]


def test_agenda_keeps_missing_facts_missing(con):
    rows = {r["what"]: r for r in story.agenda(con, "JPNGOV")}
    treaty = rows["a Pacific treaty organisation"]
    assert treaty["condition"] == "may require constitutional amendments"
    assert treaty["amount"] is None and treaty["deadline"] is None
    assert treaty["answer"] == story.NONE_REPORTED
    assert treaty["date"] == "between 2024-11-06 and 2025-01-20 (inferred)"
    # d2's "The US rejected the idea of joint use of its bases." has no coded event; the threads read its
    # answerer off the country's name ("The US"), so only the joint-use proposal has an answer
    joint = rows["joint use of US military facilities in Japan"]
    assert joint["answer"] == "rejected" and joint["answer_sentence"].startswith("The US rejected the idea")
    assert all(r["answer"] == story.NONE_REPORTED for w, r in rows.items() if r is not joint)


def test_agenda_reports_an_answer_from_threads(con, monkeypatch):
    monkeypatch.setattr(
        story, "answers_by_proposal",
        lambda c: {"e2b": {"status": "rejected", "answer_event_id": "e7", "answer_sentence": "The US rejected it."}},
    )
    joint = next(r for r in story.agenda(con, "JPN") if r["what"].startswith("joint use"))
    assert joint["answer"] == "rejected" and joint["answer_sentence"] == "The US rejected it."


def test_agenda_filters_by_document_and_actor(con):
    assert story.agenda(con, "JPN", doc_id="d2") == []
    assert story.agenda(con, "USA") == []


def test_alliance_card_counts_both_directions(con):
    card = story.alliance_card(con, "JPN", "USA")
    assert (card["a_name"], card["b_name"]) == ("Japan", "United States")
    jpn_usa, usa_jpn = card["directions"]
    assert jpn_usa["events"] == 3 and jpn_usa["goldstein_sum"] == 6.0 and jpn_usa["goldstein_mean"] == 2.0
    assert jpn_usa["by_quad"][0]["events"] == 3 and jpn_usa["by_quad"][2]["events"] == 0
    assert usa_jpn["events"] == 1 and usa_jpn["by_quad"][2]["goldstein_sum"] == -2.0
    assert card["latest"][0]["event_id"] == "e6"  # the dated 2025 event comes before the undated window
    assert card["latest"][0]["date"] == "2025-02-01"
    assert card["latest"][1]["date"] == "between 2024-11-06 and 2025-01-20 (inferred)"
    # open proposals: only those that involve the other side (addressed to it or naming it) and are not
    # answered: joint use is the one involving the US, and d2's "The US rejected the idea of joint use"
    # answers it (an answer read off the country's name in a sentence with no coded event)
    assert [p["what"] for p in card["open_proposals"]] == []
    assert [p["what"] for p in card["pledges"]] == ["talks with President-elect Donald Trump"]
    assert [a["id"] for a in card["agreements"]] == ["apec"]


def test_removed_lines_and_dating(con):
    removed = story.removed_lines(con, "d1")
    assert [(r["position"], r["reason"]) for r in removed] == [(4, "photo-caption"), (9, "widget")]
    doc = story.document_info(con, "d1")
    assert doc["dating"] == (
        "date inferred from text: between 2024-11-06 and 2025-01-20, because 'President-elect Donald Trump'"
    )
    assert story.document_info(con, "d2")["dating"] == "published 2025-02-01 (from feed)"


def test_countries_in_sentence():
    assert story.countries_in("particularly regarding North Korea and China.") == ["PRK", "CHN"]
    assert story.countries_in("The Japan-US Status of Forces Agreement") == ["JPN", "USA"]
    assert story.countries_in("Japanese forces in Korea") == []


def test_brief_markdown_cites_every_line(con):
    text = brief_mod.render_brief(con, "JPN", "USA", fmt="md")
    assert text.startswith("# The Japan–United States alliance under Sato\n")
    assert "## Concerns named (not events)" in text
    concerns = text.split("## Concerns named (not events)")[1].split("##")[0]
    assert "North Korea (PRK)" in concerns and "China (CHN)" in concerns
    assert "between 2024-11-06 and 2025-01-20 (inferred)" in text
    assert "because 'President-elect Donald Trump'" in text
    body, sources = text.split("## Sources")
    for section in ("## Timeline", "## Proposals", "## Plans and pledges"):
        for line in body.split(section)[1].split("##")[0].strip().splitlines():
            if line.startswith("  - "):
                assert line.rstrip().endswith("]"), line  # a footnote on every statement
            else:
                assert line.endswith(":") or line == "- None recorded.", line  # a date heading
    assert '"Washington criticized Tokyo over trade." — https://news.example/us-japan' in sources
    assert "samples/sato.txt" in sources  # no URL: cite the input path
    assert "over 5 trillion yen" in body and "deadline by 2030" in body
    assert "North Korea" not in body.split("## Timeline")[1].split("##")[0]  # concerns are not events


def test_brief_since_and_html(con):
    text = brief_mod.render_brief(con, "JPN", "USA", since=date(2025, 1, 25), fmt="md")
    timeline = text.split("## Timeline")[1].split("##")[0]
    assert "2025-02-01" in timeline and "inferred" not in timeline
    page = brief_mod.render_brief(con, "JPN", "USA", fmt="html")
    assert page.startswith("<!doctype html>") and '<a href="https://news.example/us-japan">' in page
    assert '<sup><a href="#n1">[1]</a></sup>' in page
    with pytest.raises(ValueError):
        brief_mod.render_brief(con, "JPN", "USA", fmt="pdf")


def test_head_of_government_prefers_a_known_leader():
    def ev(name, source="JPNGOV"):
        return {"source": source, "source_name": name}

    events = [ev("TARO_SATO"), ev("TARO_SATO"), ev("SHIGERU_ISHIBA"), ev("JAPAN"), ev("DONALD_TRUMP", "USAGOV")]
    assert brief_mod.head_of_government(events, "JPN") == "Shigeru Ishiba"
    assert brief_mod.head_of_government(events[:2], "JPN") == "Taro Sato"
    assert brief_mod.head_of_government([ev("JAPAN")], "JPN") is None
    assert brief_mod.head_of_government([ev("PRIME_MINISTER"), ev("PRIME_MINISTER")], "JPN") is None


def test_agreements_named_skip_a_model_of_a_proposed_organisation():
    named = story._agreements_named(
        [
            ("He proposes creating an Asian version of NATO to address regional challenges.", ["NATO"]),
            ("He plans to attend APEC and G20 summits.", ["APEC", "G20"]),
            ("Leaders met at the APEC summit in Lima.", ["APEC", "APEC"]),
        ]
    )
    assert [(a["id"], a["mentions"]) for a in named] == [("APEC", 2), ("G20", 1)]
    assert named[0]["kind"] == "forum" and "JPN" in named[0]["parties"]


def test_agenda_answer_from_a_later_article_via_threads(con):
    # d2 (2025-02-01) reports the US answer to the joint-use proposal of d1: the threads stage links them
    _event(con, "d2", DOC2_TEXT, "rejected", "e7", "USAGOV", "JPNGOV", "120", 3, -4.0)
    joint = next(r for r in story.agenda(con, "JPN") if r["what"].startswith("joint use"))
    assert joint["answer"] == "rejected"
    assert joint["answer_sentence"] == "The US rejected the idea of joint use of its bases."
    others = [r for r in story.agenda(con, "JPN") if not r["what"].startswith("joint use")]
    assert all(r["answer"] == story.NONE_REPORTED for r in others)
    card = story.alliance_card(con, "JPN", "USA")
    assert card["open_proposals"] == []  # answered: no longer open


def test_agenda_row_carries_the_coders_mode(con):
    con.execute("UPDATE events SET mode = 'hypothetical' WHERE event_id = 'e3'")
    rows = {r["what"]: r for r in story.agenda(con, "JPN")}
    assert rows["a Pacific treaty organisation"]["mode"] == "hypothetical"
    assert rows["joint use of US military facilities in Japan"]["mode"] == "proposed"
    text = brief_mod.render_brief(con, "JPN", "USA")
    line = next(x for x in text.splitlines() if "Pacific treaty" in x)
    assert "stated hypothetically" in line


def test_relation_noun_is_a_standing_relationship():
    assert brief_mod.relation_noun(["Japan and the US strengthen the alliance.", "The alliance holds."]) == "alliance"
    assert brief_mod.relation_noun(["The trade war goes on.", "The trade war deepens."]) == "relations"


def test_a_pronoun_pledge_on_another_topic_stays_its_own_row(con):
    con.execute("UPDATE pledges SET topics = ['aid'], what = 'over 5 trillion yen in aid' WHERE pledge_id = 'p5'")
    rows = [r for r in story.agenda(con, "JPN") if r["doc_id"] == "d1"]
    assert [r["what"] for r in rows][-2:] == [
        "significant investments in AI and semiconductor industries",
        "over 5 trillion yen in aid",
    ]
    assert rows[-2]["amount"] is None and rows[-1]["amount"]["text"] == "over 5 trillion yen"


def test_the_same_proposal_reprinted_elsewhere_is_one_row(con):
    text = "He suggests joint use of US military facilities in Japan by Japanese Self-Defense Forces."
    con.execute(
        "INSERT INTO documents (doc_id, version, content_hash, path, url, published, published_basis, text) "
        "VALUES ('d3', 1, 'h3', 'reprint.html', 'https://reprint.example/a', '2024-11-07', 'html-meta', ?)",
        [text],
    )
    _event(con, "d3", text, "joint use", "e8", "JPNGOV", "USAMIL", "039", 1, 1.0, mode="proposed")
    write_pledges(con, "d3", 1, [_pledge("d3", text, "joint use", "e8", "p8", "proposal",
                                         "joint use of US military facilities in Japan", actor_text="He")])
    assign_clusters(con, doc_id="d3")
    clusters = dict(con.execute("SELECT event_id, cluster_id FROM event_clusters").fetchall())
    assert clusters["e8"] == clusters["e2"]  # the clustering stage sees one real-world event
    rows = [r for r in story.agenda(con, "JPN") if r["what"].startswith("joint use")]
    assert len(rows) == 1
    assert rows[0]["also_reported"] == [
        {"date": "2024-11-07", "sentence": text, "cite": "https://reprint.example/a"}
    ]
    assert "e8" in rows[0]["event_ids"]
    text_ = text
    text = brief_mod.render_brief(con, "JPN", "USA")
    line = next(x for x in text.splitlines() if "proposal: joint use" in x)
    sources = text.split("## Sources")[1]
    numbers = re.findall(r"\[(\d+)\]", line)
    assert len(numbers) == 2 and f"[{numbers[1]}] \"{text_}\" — https://reprint.example/a" in sources


def test_card_and_brief_leave_hypothetical_and_negated_statements_out_of_the_figures(con):
    con.execute("UPDATE events SET mode = 'hypothetical' WHERE event_id = 'e2'")
    con.execute("UPDATE events SET negated = true WHERE event_id = 'e6'")
    card = story.alliance_card(con, "JPN", "USA")
    jpn_usa, usa_jpn = card["directions"]
    assert jpn_usa["events"] == 2 and jpn_usa["goldstein_sum"] == 5.0  # e1 and e2b, not the conjecture e2
    assert usa_jpn["events"] == 0 and usa_jpn["goldstein_mean"] is None
    assert card["events"] == 2
    assert {(e["event_id"], e["why"]) for e in card["not_counted"]} == {("e2", "hypothetical"), ("e6", "negated")}
    assert all(e["event_id"] not in ("e2", "e6") for e in card["latest"])
    text = brief_mod.render_brief(con, "JPN", "USA", fmt="md")
    figures = text.split("## Headline figures")[1].split("##")[0]
    assert "Japan → United States: 2 events" in figures
    assert "1 negated or hypothetical statement(s), not counted in these figures [" in figures
    timeline = text.split("## Timeline")[1].split("##")[0]
    assert "(hypothetical, not counted)" in timeline and "(negated, not counted)" in timeline
