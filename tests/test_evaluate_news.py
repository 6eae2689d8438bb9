"""`dyadwatch evaluate news`: the real pipeline (read, clean, pledges, threads) on the invented gold
folder tests/fixtures/news_eval, with a scripted coder whose events are written below, so every
figure can be counted by hand; and the coder's `planned_parses` against what the real coder parses."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.errors import InputError
from dyadwatch.evaluate.news import (GoldPledge, actor_key, amount_agrees, evaluate_news, normalise, read_gold)
from dyadwatch.nlp.pipeline import split_sentences
from dyadwatch.records import ActorRef, Amount, Article, Event, Pledge
from dyadwatch.settings import Settings

FOLDER = Path(__file__).parent / "fixtures" / "news_eval"

# (sentence start, source, target, CAMEO code, verb, mode, negated): what the scripted coder codes.
SCRIPT = [
    # headlines (txt line 1 and its repeat, the html <h1>): dropped
    ("Norway and Iceland Spar", "NORGOV", "ISLGOV", "111", "Spar", "asserted", False),
    ("Chile and Peru agree to", "CHLGOV", "PERGOV", "043", "agree", "asserted", False),
    # n01
    ("OSLO, March 3", "NORGOV", "ISLGOV", "020", "proposed", "proposed", False),  # found; a proposal
    ("Iceland rejected", "ISLGOV", "NORGOV", "120", "rejected", "asserted", False),  # found; its answer
    ("The two governments", "ISLGOV", "NORGOV", "040", "held", "asserted", False),  # found (reciprocal)
    ("Norway did not sign", "NORGOV", "ISLGOV", "057", "sign", "asserted", False),  # trap emitted plain
    ("Norway pledged", "NORGOV", None, "030", "pledged", "asserted", False),  # no target: ignored; a pledge
    # n02
    ("SANTIAGO, May 6", "CHLGOV", "PERGOV", "036", "agreed", "asserted", False),  # found
    ("SANTIAGO, May 6", "BOLGOV", "PERGOV", "036", "agreed", "asserted", False),  # wrong source
    ("Chile accused", "CHLGOV", "PERGOV", "112", "accused", "asserted", False),  # found
    ("Chile accused", "PERGOV", "CHLGOV", "013", "denied", "asserted", False),  # optional only: ignored
    ("Peru's navy seized", "PERMIL", None, "171", "seized", "asserted", False),  # gold missed: no target
    ("Chile might impose", "CHLGOV", "PERGOV", "163", "impose", "hypothetical", False),  # trap flagged
    ("The United Nations urged", "IGOUNO", "CHLGOV", "020", "urged", "asserted", False),  # found; ->PER wrong target
    # n03 item 1
    ("LISBON, June 2", "PRTGOV", "GHAGOV", "033", "offered", "asserted", False),  # found; pledge; proposal
    ("Ghana said it was studying", "GHAGOV", "PRTGOV", "040", "studying", "asserted", False),  # found; answer
    # n03 item 2
    ("ACCRA, June 9", "GHAGOV", "PRTGOV", "040", "met", "asserted", False),  # found
    ("NATO criticised", "IGOUNO", "GHAGOV", "111", "criticised", "asserted", False),  # wrong source (IGO)
    ("The G7 welcomed", "DEUGOV", "PRTGOV", "051", "welcomed", "asserted", False),  # found via source_ok/target_ok
    # n04 record 1 ("Norway called ..." is skipped by the pre-filter below)
    ("BRUSSELS, July 1", "IGOEUREECGOV", "NORBUS", "163", "fined", "asserted", False),  # found (EU alias)
    # n04 record 2
    ("REYKJAVIK, July 8", "ISLGOV", "NORGOV", "057", "signed", "asserted", False),  # found; a pledge
    ("Norway will send", "NORGOV", "ISLGOV", "043", "send", "asserted", False),  # wrong code
]
NOT_PARSED = ("Norway called the fine",)


def _quad(root: str) -> int:
    return 1 if root <= "05" else 2 if root <= "08" else 3 if root <= "13" else 4


class ScriptedCoder:
    """Codes each sentence of an article as SCRIPT says; its pre-filter skips NOT_PARSED sentences."""

    def code_article(self, article: Article) -> list[Event]:
        events = []
        for s in split_sentences(article.text):
            if s.text.startswith(NOT_PARSED):
                continue
            for start, source, target, cameo, verb, mode, negated in SCRIPT:
                if s.text.startswith(start):
                    events.append(self._event(article, s, source, target, cameo, verb, mode, negated))
        return events

    def planned_parses(self, article: Article) -> set[int]:
        return {s.index for s in split_sentences(article.text) if not s.text.startswith(NOT_PARSED)}

    @staticmethod
    def _event(article, s, source, target, cameo, verb, mode, negated) -> Event:
        at = s.start + s.text.index(verb)

        def ref(code):
            return ActorRef(code=code, text=code, start=s.start, end=s.start + 1, country=code[:3]) if code else None

        return Event(doc_id=article.doc_id, sentence_index=s.index, sentence=s.text, sentence_start=s.start,
                     cameo=cameo, cameo_root=cameo[:2], quad_class=_quad(cameo[:2]), goldstein=0.0, plover=None,
                     verb_text=verb, verb_start=at, verb_end=at + len(verb), source=ref(source), target=ref(target),
                     negated=negated, mode=mode, published=article.published)


@pytest.fixture(scope="module")
def report():
    """keep_junk: the junk filter off, so the junk figures and the headline lines do not depend on it."""
    return evaluate_news(FOLDER, Settings(keep_junk=True), ScriptedCoder()).as_dict(verbose=True)


def test_events_counted_by_hand(report):
    ev = report["events"]
    assert report["articles"] == {"gold": 6, "missing": 0, "not_processed": [], "errors": []}
    assert (ev["gold"], ev["required"], ev["optional"], ev["traps"]) == (22, 18, 2, 2)
    # found: n01 3, n02 2, n03 item 1 2, item 2 2, n04 record 1 1, record 2 1
    assert ev["found"] == 12 and ev["recall"] == pytest.approx(12 / 18, abs=1e-3)
    assert (ev["asserted"], ev["correct"], ev["wrong"]) == (16, 12, 4)
    assert ev["precision"] == 0.75
    assert ev["f1"] == pytest.approx(24 / 34, abs=1e-3)
    assert ev["headline_events_dropped"] == 3  # txt line 1, its repeat, the html <h1>
    assert ev["targetless_ignored"] == 2 and ev["flagged_ignored"] == 1 and ev["optional_only_ignored"] == 1
    assert ev["system_events"] == 20


def test_traps(report):
    ev = report["events"]
    assert ev["traps_emitted_plain"] == 1  # 'did not sign' coded as signing
    assert ev["traps_flagged"] == 1  # 'might impose' coded hypothetical
    outcomes = {row["sentence"][:20]: row["outcome"] for row in report["details"]["traps"]}
    assert outcomes == {"Norway did not sign ": "emitted plain", "Chile might impose n": "flagged"}


def test_failure_classes(report):
    ev = report["events"]
    assert ev["missed_by_class"] == {"no event": 2, "no target": 1, "wrong target": 1, "wrong source": 1,
                                     "wrong code": 1}
    assert ev["wrong_by_class"] == {"trap": 1, "wrong source": 2, "wrong code": 1}
    missed = {(row["sentence"][:15], row["gold"]): row["failure"] for row in report["details"]["missed"]}
    assert missed[("Peru's navy sei", "PERMIL -> CHLBUS 17")] == "no target"
    assert missed[("The United Nati", "IGOUNO -> PERGOV 02")] == "wrong target"
    assert missed[("NATO criticised", "IGOWSTNAT -> GHAGOV 11")] == "wrong source"  # IGOUNO is another IGO
    assert missed[("Norway will sen", "NORMIL -> ISLGOV 03")] == "wrong code"
    wrong = sorted((row["sentence"][:15], row["failure"]) for row in report["details"]["wrong"])
    assert wrong == [("NATO criticised", "wrong source"), ("Norway did not ", "trap"),
                     ("Norway will sen", "wrong code"), ("SANTIAGO, May 6", "wrong source")]


def test_per_root(report):
    roots = report["events"]["per_root"]
    assert roots["02"] == {"gold": 4, "found": 2, "recall": 0.5, "asserted": 2, "correct": 2, "precision": 1.0}
    assert roots["05"] == {"gold": 2, "found": 2, "recall": 1.0, "asserted": 3, "correct": 2, "precision": 0.667}
    assert roots["17"]["found"] == 0 and roots["17"]["asserted"] == 0
    assert sum(r["gold"] for r in roots.values()) == 18


def test_prefilter(report):
    assert report["prefilter"] == {"required_events": 18, "parsed": 16, "skipped": 2, "sentence_not_found": 0,
                                   "unknown": 0, "recall": pytest.approx(16 / 18, abs=1e-3)}


def test_pledges(report):
    # system: n01 proposal, agreement, 2% of GDP pledge; n02 agreement (CHL, BOL) and appeal (UN);
    # n03 the loan offer; n04 the accord. Listed (commitments with an amount or a deadline): the GDP
    # share and the loan, both found; proposals, appeals and the bare agreements are not commitments.
    assert report["pledges"] == {"gold": 4, "emitted": 2, "found": 2, "recall": 0.5, "precision": 1.0,
                                 "actor_found": 2, "amount_right": 2, "deadline_right": 2,
                                 "amount_accuracy": 1.0, "deadline_accuracy": 1.0}


def test_answers(report):
    # n01: reject found; n03 item 1: 'studying' is partial, found; n04: the sentence was not parsed.
    assert report["answers"] == {"gold": 3, "emitted": 2, "found": 2, "recall": 0.667, "precision": 1.0,
                                 "pair_found_wrong_response": 0}


def test_junk(report):
    # all junk stays with the filter off, except the html headline, which may stay once
    assert report["junk"] == {"gold_junk": 8, "left": 7, "gold_sentences": 19, "sentences_lost": 0}
    left = {row["junk"] for row in report["details"]["junk_left"]}
    assert "Norway and Iceland Spar Over Herring Quotas" in left  # twice in the text
    assert "Chile and Peru agree to water talks" not in left


def test_units_and_actor_keys():
    def pledge(value, currency=None, unit=None):
        amount = Amount(text="x", value=value, currency=currency, unit=unit) if value is not None else None
        return Pledge("p", "e", "d", "NORGOV", "Norway", "pledge", "w", "s", 0, amount=amount)

    tonnes = GoldPledge("NORGOV", "", 12000.0, "TONNES", None)
    assert amount_agrees(pledge(12100.0, unit="tonnes"), tonnes)  # within 1 %
    assert not amount_agrees(pledge(12200.0, unit="tonnes"), tonnes)
    assert not amount_agrees(pledge(12000.0, currency="USD"), tonnes)
    assert amount_agrees(pledge(2.0, unit="percent_gdp"), GoldPledge("NORGOV", "", 2.0, "PCT_GDP", None))
    assert amount_agrees(pledge(None), GoldPledge("NORGOV", "", None, None, 2026))
    assert not amount_agrees(pledge(None), tonnes)
    assert actor_key("USAGOV") == "USA" and actor_key("IGOWSTNAT") == "IGOWSTNAT"
    assert actor_key("IGOEUREECGOV") == actor_key("EURLEG") == "EUR"
    assert normalise("  \u201cNo,\u201d she said&nbsp;today ") == '"No," she said today'


def test_missing_story_and_bad_gold(tmp_path):
    folder = tmp_path / "gold"
    shutil.copytree(FOLDER, folder)
    (folder / "n02.html").unlink()
    lines = []
    result = evaluate_news(folder, Settings(keep_junk=True), ScriptedCoder(), on_error=lambda e: lines.append(str(e)))
    summary = result.as_dict()
    assert summary["articles"]["not_processed"] == ["n02"] and len(lines) == 1 and "n02.html" in lines[0]
    assert summary["articles"]["errors"] == lines
    assert summary["events"]["missed_by_class"]["no article"] == 5  # n02's required events
    (folder / "gold.json").write_text(json.dumps([{"file": "n01.txt", "events": [{"sentence": "x"}]}]))
    with pytest.raises(InputError, match=r"gold.json#1: malformed gold article"):
        read_gold(folder)
    with pytest.raises(InputError, match="no gold.json"):
        read_gold(tmp_path)


def test_cli_json_and_verbose(monkeypatch):
    from dyadwatch.cli import app

    monkeypatch.setattr("dyadwatch.pipeline.load_coder", lambda settings: ScriptedCoder())
    runner = CliRunner()
    out = runner.invoke(app, ["evaluate", "news", str(FOLDER), "--json"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.stdout)
    # the junk filter on: the headline lines are gone, the event figures stay
    assert summary["events"]["found"] == 12 and summary["events"]["wrong"] == 4
    assert summary["events"]["headline_events_dropped"] == 0
    text = runner.invoke(app, ["evaluate", "news", str(FOLDER), "--verbose"])
    assert text.exit_code == 0, text.output
    assert "MISS [wrong target]" in text.stdout and "WRONG [trap]" in text.stdout
    assert "NOT PARSED" in text.stdout and "ANSWER ok" in text.stdout
    bad = runner.invoke(app, ["evaluate", "news", str(FOLDER / "nowhere")])
    assert bad.exit_code == 1 and "not a folder" in bad.output


def test_planned_parses_is_what_the_coder_parses():
    from dyadwatch.clean import clean_document
    from dyadwatch.events.coder import Coder
    from dyadwatch.records import RawDocument

    coder = Coder.from_settings()
    raw = RawDocument(path="n01.txt", body=(FOLDER / "n01.txt").read_text(encoding="utf-8"), format="text")
    article = clean_document(raw, Settings(keep_junk=True))  # the junk lines stay: no actor in them
    plan = coder.planned_parses(article)
    before = coder.stats["parsed"]
    events = coder.code_article(article)
    assert coder.stats["parsed"] - before == len(plan)
    assert {e.sentence_index for e in events} <= plan
    sentences = split_sentences(article.text)
    skipped = {s.text for s in sentences if s.index not in plan}
    assert "Sign up for our morning newsletter" in skipped and len(plan) >= 3
