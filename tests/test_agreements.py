"""The agreement register: tagging, proposed organisations, store tables, timeline and commands."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from dyadwatch.analyse.agreements import (
    AgreementRegister,
    agreement_timeline,
    read_register,
    record_proposed,
    register_summary,
    sync_register,
)
from dyadwatch.errors import DictionaryError
from dyadwatch.records import ActorRef, Article, Event
from dyadwatch.store.db import open_db


@pytest.fixture(scope="module")
def register():
    return AgreementRegister.load()


# --- register content ----------------------------------------------------------------------------

def test_required_entries_present(register):
    ids = {a.id for a in register}
    assert {"JPN_USA_SECURITY_TREATY", "JPN_USA_SOFA", "NATO", "AUKUS", "QUAD", "APEC", "G20", "UNSC",
            "G7", "ASEAN", "EU", "SCO", "BRICS", "NEW_START", "JCPOA", "PARIS_AGREEMENT",
            "CAMP_DAVID_TRILATERAL"} <= ids
    sofa = register.get("JPN_USA_SOFA")
    assert sofa.signed == date(1960, 1, 19) and sofa.parties == ["JPN", "USA"] and sofa.kind == "treaty"
    assert register.get("JPN_USA_SECURITY_TREATY").in_force == date(1960, 6, 23)


# --- tag -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The Prime Minister's most ambitious proposal involves revising the Japan-US Status of Forces "
         "Agreement (SOFA).", ["JPN_USA_SOFA"]),
        ("Leaders discussed the Japan\u2013U.S. Status of Forces Agreement.", ["JPN_USA_SOFA"]),
        ("He plans to attend APEC and G20 summits.", ["APEC", "G20"]),
        ("Tokyo and Washington reaffirmed the security treaty.", ["JPN_USA_SECURITY_TREATY"]),
        ("Japan and the US must strengthen the Japan-U.S. alliance.", ["JPN_USA_SECURITY_TREATY"]),
        ("The Quad foreign ministers met in Tokyo.", ["QUAD"]),
        ("The U.N. Security Council met.", ["UNSC"]),
        ("The Security Council passed a resolution.", ["UNSC"]),
        ("NATO and the UN met; the Group of Seven followed.", ["NATO", "UN", "G7"]),
        ("Washington left the Iran nuclear deal and later the Paris climate accord.", ["JCPOA", "PARIS_AGREEMENT"]),
        ("The AU summit in Addis Ababa opened.", ["AFRICAN_UNION"]),
        # the alliance a treaty founds, named by its parties
        ("Prime Minister Shigeru Ishiba of Japan has set his sights on strengthening the alliance with the "
         "United States.", ["JPN_USA_SECURITY_TREATY"]),
        ("The Japan-US security cooperation remains a cornerstone of Japanese policy.", ["JPN_USA_SECURITY_TREATY"]),
        ("Seoul wants to strengthen its alliance with the United States.", ["KOR_USA_MUTUAL_DEFENSE_TREATY"]),
    ],
)
def test_tag_finds_named_agreements(register, sentence, expected):
    assert register.tag(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Ishiba acknowledges the mutual benefits of this alliance.",
        "The alliance remains strong.",
        "He rode a quad bike.",  # one-word aliases are case-sensitive
        "The security treaty was signed long ago.",  # no Japan/US context
        "The National Security Council met.",
        "SOFAS were sold at a discount.",  # whole words only
        "Canberra will spend AU$5 billion on submarines.",  # "AU" is the African Union only near Africa
        "France values its alliance with the United States.",  # no treaty of France's in the register
    ],
)
def test_tag_rejects_vague_or_unrelated_mentions(register, sentence):
    assert register.tag(sentence) == []


def test_context_aliases_use_sentence_first_then_article(register):
    sentence = "Ishiba believes updating SOFA will lead to a stronger alliance."
    assert register.tag(sentence) == []
    assert register.tag(sentence, context="Prime Minister Shigeru Ishiba of Japan") == ["JPN_USA_SOFA"]
    assert register.tag("Seoul wants to revise the SOFA.", context="Japan") == ["KOR_USA_SOFA"]


def test_find_by_id_alias_and_close_matches(register):
    assert register.find("sofa").id == "JPN_USA_SOFA"
    assert register.find("nato").id == "NATO"
    assert register.find("Japan-US Security Treaty").id == "JPN_USA_SECURITY_TREATY"
    assert register.find("NATOO") is None
    assert "NATO" in register.close_matches("NATOO")


# --- proposed organisations ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, name, model",
    [
        ("He proposes creating an \u201cAsian version of NATO\u201d to address regional security challenges.",
         "Asian NATO", "NATO"),
        ("Ishiba has called for an Asian NATO.", "Asian NATO", "NATO"),
        ("The king floated the idea of a Middle East NATO.", "Middle East NATO", "NATO"),
        ("He suggested a NATO-style alliance in Asia.", "NATO-style alliance in Asia", "NATO"),
        ("Seoul proposed a new security pact with Tokyo.", "new security pact", None),
        ("She pushed for a Pacific alliance of democracies.", "Pacific alliance", None),
        ("Analysts discussed the plan for an Asian version of the EU.", "Asian EU", "EU"),
        ("Ishiba's Asian NATO concept drew criticism.", "Asian NATO", "NATO"),
        ("Ishiba floated an 'Asian NATO'.", "Asian NATO", "NATO"),
        ("He urged the creation of a collective security framework for Asia.",
         "collective security framework for Asia", None),
    ],
)
def test_find_proposed(register, sentence, name, model):
    found = register.find_proposed(sentence)
    assert [(p.name, p.modelled_on) for p in found] == [(name, model)]
    assert found[0].trigger


@pytest.mark.parametrize(
    "sentence",
    [
        "China opposes an Asian NATO.",
        "Beijing rejected calls for an Asian NATO.",
        "He proposed strengthening the Japan-US alliance.",  # an existing alliance
        "NATO held a summit.",  # no proposal
        "He does not propose an Asian NATO.",
        "He proposes revising the agreement. An Asian NATO is far off.",
        "Beijing rejected the Asian NATO idea.",
        "He plans to attend the Osaka G20 summit.",  # a meeting of an existing forum
        "He called for the European Union to act.",
        "Tokyo wants to strengthen the Quad.",
        "Merz plans to form a new coalition.",  # a government coalition, not an organisation
        "He proposed a new framework for talks.",
        "Leaders called for a new partnership with Africa.",
    ],
)
def test_find_proposed_rejects(register, sentence):
    assert register.find_proposed(sentence) == []


# --- reading errors --------------------------------------------------------------------------------

def test_bad_register_rows(tmp_path):
    header = "id,name,aliases,context_aliases,context,kind,parties,signed,in_force,status,source\n"
    bad = tmp_path / "r.csv"
    bad.write_text(header + "X,X,X,,,empire,,1960-01-01,,,\n")
    with pytest.raises(DictionaryError, match=r"r.csv:2: unknown kind 'empire'"):
        read_register(bad)
    bad.write_text(header + "X,X,X,,,treaty,,1960-31-01,,,\n")
    with pytest.raises(DictionaryError, match="signed '1960-31-01'"):
        read_register(bad)
    bad.write_text(header + "X,X,X,,,treaty,,,,,\nX,Y,Y,,,treaty,,,,,\n")
    with pytest.raises(DictionaryError, match=r":3: duplicate id 'X'"):
        read_register(bad)
    bad.write_text(header + "X,X,X,treaty words,,treaty,,,,,\n")
    with pytest.raises(DictionaryError, match="context_aliases given without context"):
        read_register(bad)


# --- store ----------------------------------------------------------------------------------------

TEXT = ("Ishiba proposes revising the Japan-US Status of Forces Agreement. "
        "He proposes creating an Asian version of NATO. Trump answered later.")


def _actor(code, text):
    return ActorRef(code=code, text=text, start=0, end=len(text), country=code[:3], role=code[3:])


def _event(idx, sentence, cameo, mode, source, target, agreements, day, doc="doc1"):
    return Event(doc_id=doc, sentence_index=idx, sentence=sentence, sentence_start=0, cameo=cameo,
                 cameo_root=cameo[:2], quad_class=1, goldstein=3.0, plover="CONSULT", verb_text="proposes",
                 verb_start=0, verb_end=8, source=source, target=target, mode=mode, agreements=agreements,
                 published=day)


def _insert(con, article, events, version=1):
    con.execute(
        "INSERT INTO documents (doc_id, version, content_hash, path, published, text) VALUES (?, ?, ?, ?, ?, ?)",
        [article.doc_id, version, article.content_hash, article.path, article.published, article.text],
    )
    for e in events:
        con.execute(
            """INSERT INTO events (event_id, doc_id, version, published, sentence_index, sentence, sentence_start,
               source, target, cameo, cameo_root, quad_class, goldstein, plover, negated, mode, agreements)
               VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 1, 3.0, ?, false, ?, ?)""",
            [e.event_id, e.doc_id, version, e.published, e.sentence_index, e.sentence,
             e.source.code if e.source else None, e.target.code if e.target else None,
             e.cameo, e.cameo_root, e.plover, e.mode, e.agreements],
        )


@pytest.fixture()
def db(tmp_path, register):
    path = tmp_path / "a.duckdb"
    con = open_db(path)
    day = date(2024, 11, 20)
    article = Article(doc_id="doc1", path="a.txt", text=TEXT, content_hash="h1", published=day)
    sentences = ["Ishiba proposes revising the Japan-US Status of Forces Agreement.",
                 "He proposes creating an Asian version of NATO."]
    events = [
        _event(0, sentences[0], "036", "proposed", _actor("JPNGOV", "Ishiba"), _actor("USAGOV", "US"),
               register.tag(sentences[0]), day),
        _event(1, sentences[1], "036", "proposed", _actor("JPNGOV", "He"), None, register.tag(sentences[1]), day),
    ]
    answer = _event(0, "Washington said it would consider revising the SOFA with Japan.", "040", "asserted",
                    _actor("USAGOV", "Washington"), _actor("JPNGOV", "Japan"), ["JPN_USA_SOFA"],
                    date(2024, 12, 5), doc="doc2")
    _insert(con, article, events)
    _insert(con, Article(doc_id="doc2", path="b.txt", text=answer.sentence, content_hash="h2",
                         published=answer.published), [answer])
    con.execute("INSERT INTO thread_links (proposal_event_id, answer_event_id, status, shared_terms) "
                "VALUES (?, ?, 'considering', ['sofa'])",
                [events[0].event_id, answer.event_id])
    found = record_proposed(con, article, events, register)
    yield con, path, found, events
    con.close()


def test_record_proposed_stores_proposer_and_is_idempotent(db, register):
    con, _, found, events = db
    assert [p.name for p in found] == ["Asian NATO"]
    rows = con.execute("SELECT name, modelled_on, proposer, proposer_text, doc_id, sentence_index, first_seen "
                       "FROM proposed_organisations").fetchall()
    assert rows == [("Asian NATO", "NATO", "JPNGOV", "He", "doc1", 1, date(2024, 11, 20))]
    article = Article(doc_id="doc1", path="a.txt", text=TEXT, content_hash="h1", published=date(2024, 11, 20))
    record_proposed(con, article, events, register)
    assert con.execute("SELECT count(*) FROM proposed_organisations").fetchone()[0] == 1


def test_timeline_in_date_order_with_answers(db):
    con, _, _, _ = db
    timeline = agreement_timeline(con, "JPN_USA_SOFA")
    assert [(r["kind"], str(r["day"]), r["source"]) for r in timeline] == [
        ("proposal", "2024-11-20", "JPNGOV"), ("event", "2024-12-05", "USAGOV")]
    assert timeline[0]["answers"][0]["status"] == "considering"
    assert "Washington said" in timeline[0]["answers"][0]["sentence"]
    nato = agreement_timeline(con, "NATO")
    assert [r["kind"] for r in nato] == ["proposal", "proposed-organisation"]
    assert nato[1]["name"] == "Asian NATO"


def test_summary_counts_events_and_lists_proposed(db, register):
    con, _, _, _ = db
    assert sync_register(con, register) == len(register)
    assert con.execute("SELECT count(*) FROM agreements").fetchone()[0] == len(register)
    rows = {r["name"]: r for r in register_summary(con, register)}
    assert rows["Japan-US Status of Forces Agreement"]["events"] == 2
    assert rows["North Atlantic Treaty Organization"]["events"] == 1
    assert rows["Asian NATO"]["kind"] == "proposed"
    assert rows["Asian NATO"]["parties"] == ["JPNGOV"]
    assert rows["Asian NATO"]["status"] == "proposed (modelled on NATO)"


def test_commands(db):
    from dyadwatch.cli.common import app
    import dyadwatch.cli  # noqa: F401  (registers the command modules)

    con, path, _, _ = db
    con.close()
    runner = CliRunner()
    result = runner.invoke(app, ["agreements", "--db", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert any(r["name"] == "Asian NATO" and r["kind"] == "proposed" for r in rows)
    result = runner.invoke(app, ["agreement", "SOFA", "--db", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["id"] == "JPN_USA_SOFA" and len(payload["timeline"]) == 2
    result = runner.invoke(app, ["agreement", "SOFA", "--db", str(path)])
    assert result.exit_code == 0 and "Status of Forces" in result.output
    result = runner.invoke(app, ["agreement", "NATOO", "--db", str(path)])
    assert result.exit_code == 1
    assert ("'NATOO' is not in the agreement register nor among proposed organisations; close matches: NATO"
            in " ".join(result.output.split()))
    result = runner.invoke(app, ["agreement", "asian nato", "--db", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["kind"] == "proposed" and payload["modelled_on"] == "NATO"
    assert [r["source"] for r in payload["timeline"]] == ["JPNGOV"]
    result = runner.invoke(app, ["agreement", "Asian NATO", "--db", str(path)])
    assert result.exit_code == 0 and "proposed organisation, modelled on NATO" in result.output
    result = runner.invoke(app, ["agreement", "Asian NATOs", "--db", str(path)])
    assert result.exit_code == 1 and "Asian NATO" in result.output
    result = runner.invoke(app, ["agreements", "--db", str(path), "--format", "xml"])
    assert result.exit_code == 2


def test_record_proposed_syncs_register_table(db, register):
    con, _, _, _ = db
    assert con.execute("SELECT count(*) FROM agreements").fetchone()[0] == len(register)
    assert con.execute("SELECT parties FROM agreements WHERE id = 'JPN_USA_SOFA'").fetchone()[0] == ["JPN", "USA"]


def test_reads_work_on_a_database_without_the_proposal_tables(db, register):
    con, _, _, _ = db
    con.execute("DROP TABLE proposed_organisations")
    con.execute("DROP VIEW IF EXISTS cluster_stats")
    con.execute("DROP VIEW current_events")
    con.execute("DROP TABLE thread_links")
    assert [r["kind"] for r in agreement_timeline(con, "JPN_USA_SOFA")] == ["proposal", "event"]
    assert all(r["kind"] != "proposed" for r in register_summary(con, register))


def test_timeline_shows_an_undated_article_by_its_window_not_its_first_day(db):
    con, _, _, _ = db
    con.execute("UPDATE documents SET published = NULL, window_earliest = DATE '2024-11-06', "
                "window_latest = DATE '2025-01-20' WHERE doc_id = 'doc1'")
    con.execute("UPDATE events SET published = NULL WHERE doc_id = 'doc1'")
    timeline = agreement_timeline(con, "JPN_USA_SOFA")
    proposal = next(r for r in timeline if r["doc_id"] == "doc1")
    assert proposal["date"] == "between 2024-11-06 and 2025-01-20 (inferred)"
    assert proposal["answers"][0]["date"] == "2024-12-05"  # the answer's article has its own date


def test_summary_dates_a_proposed_organisation_by_its_articles_window(db, register):
    con, _, _, _ = db
    con.execute("UPDATE documents SET published = NULL, window_earliest = DATE '2024-11-06', "
                "window_latest = DATE '2025-01-20' WHERE doc_id = 'doc1'")
    proposed = [r for r in register_summary(con, register) if r["id"] is None]
    assert proposed[0]["first_seen_text"] == "between 2024-11-06 and 2025-01-20 (inferred)"
