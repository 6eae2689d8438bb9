"""PLOVER gold-standard scoring (dyadwatch.evaluate.plover) with a fake coder, and the command."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from dyadwatch.errors import InputError
from dyadwatch.evaluate.plover import GOLD_TO_CURRENT, packaged_path, read_gold, score_records
from dyadwatch.records import ActorRef, Event


def _ref(code):
    return ActorRef(code=code, text=code, start=0, end=1, country=code[:3] if not code.startswith("IGO") else None)


def _event(plover, source, target, negated=False):
    return Event(doc_id="d", sentence_index=0, sentence="s", sentence_start=0, cameo="000", cameo_root="00",
                 quad_class=1, goldstein=0.0, plover=plover, verb_text="v", verb_start=0, verb_end=1,
                 source=_ref(source) if source else None, target=_ref(target) if target else None, negated=negated)


GOLD = [
    {"id": "doc", "event": "DOCUMENT", "text": "notes"},
    {"id": "r1", "event": "AGREE", "text": "{Japan agreed with the United States.}", "date": "2000-01-01",
     "source": [{"actorText": "Japan", "code": "JPN"}], "target": [{"actorText": "US", "code": "USA"}]},
    {"id": "r2", "event": "DEMAND", "text": "China demanded that Japan withdraw.",
     "source": [{"actorText": "China", "code": "CHN"}], "target": [{"actorText": "Japan", "code": "JPN"}]},
    {"id": "r3", "event": "FIGHT", "text": "Troops fought rebels.",
     "source": [{"actorText": "Troops", "code": "RUS", "sector": "MIL"}], "target": ""},
    {"id": "r4", "event": "PROTEST", "text": "Nothing codable here.",
     "source": [{"actorText": "x", "code": "FRA"}], "target": None},
]

FAKE = {
    "Japan agreed with the United States.": [_event("AGREE", "JPNGOV", "CHNGOV"), _event("CONSULT", "JPN", "USA")],
    "China demanded that Japan withdraw.": [_event("REQUEST", "CHNGOV", "JPNGOV")],
    "Troops fought rebels.": [_event("ASSAULT", "USAMIL", None), _event("PROTEST", "RUS", None, negated=True)],
    "Nothing codable here.": [],
}


@pytest.fixture()
def gold_file(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(GOLD))
    return path


def fake_code(text, day):
    assert day in (None, date(2000, 1, 1))
    return FAKE[text]


def test_read_gold_skips_documents_and_cleans_text(gold_file):
    records, skipped = read_gold(gold_file)
    assert skipped == 1
    assert [r.id for r in records] == ["r1", "r2", "r3", "r4"]
    assert records[0].text == "Japan agreed with the United States."
    assert records[0].day == date(2000, 1, 1) and records[1].day is None
    assert records[2].targets == [] and records[2].sources[0].sector == "MIL"


def test_scores_types_with_gold_translation_and_dyads(gold_file):
    records, skipped = read_gold(gold_file)
    report = score_records(records, fake_code, skipped)
    out = report.as_dict()
    # r1 AGREE found, r2 DEMAND->REQUEST found, r3 FIGHT->ASSAULT found, r4 missed; negated events ignored
    assert out["event_type"]["found"] == 3 and out["event_type"]["recall"] == 0.75
    assert out["event_type"]["strict_recall"] == 0.25  # only AGREE matches without translation
    assert out["event_type"]["coded_types"] == 4 and out["event_type"]["precision"] == 0.75
    assert out["records_with_any_event"] == 3
    assert out["per_type"]["DEMAND->REQUEST"] == {"records": 1, "found": 1, "recall": 1.0}
    assert out["per_type"]["PROTEST"]["recall"] == 0.0
    assert out["confusion"] == [{"expected": "PROTEST", "coded": "(none)", "count": 1}]
    # dyads: r1 source JPN ok, target CHN != USA; r2 both ok; r3 source USA != RUS, no gold target
    assert out["dyad"] == {"records_scored": 3, "source_agreement": round(2 / 3, 4),
                           "target_agreement": 0.5, "both_agreement": round(1 / 3, 4)}
    assert "details" not in out and len(report.as_dict(verbose=True)["details"]) == 4


def test_translation_table_follows_the_plover_manual():
    assert GOLD_TO_CURRENT == {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                               "FIGHT": "ASSAULT"}


def test_bad_gold_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match=r"bad.json: not JSON"):
        read_gold(bad)
    bad.write_text(json.dumps([{"id": "x1", "event": "AGREE"}]))
    with pytest.raises(InputError, match=r"bad.json#x1: record needs 'event' and 'text'"):
        read_gold(bad)
    bad.write_text(json.dumps([{"id": "x2", "event": "AGREE", "text": "t", "source": "USA"}]))
    with pytest.raises(InputError, match="source must be a list"):
        read_gold(bad)
    with pytest.raises(InputError, match="cannot read"):
        read_gold(tmp_path / "missing.json")


def test_packaged_gold_copy_is_readable():
    records, skipped = read_gold(packaged_path())
    assert skipped == 1 and len(records) == 179
    assert {r.event for r in records} >= {"AGREE", "THREATEN", "DEMAND", "FIGHT"}


def test_command_with_fake_coder(gold_file, monkeypatch):
    import dyadwatch.cli  # noqa: F401
    import dyadwatch.events.coder as coder_module
    from dyadwatch.cli.common import app

    class FakeCoder:
        require_dyad = True

        @classmethod
        def from_settings(cls, settings=None):
            return cls()

        def code_sentence(self, text, published=None):
            return fake_code(text, published)

    monkeypatch.setattr(coder_module, "Coder", FakeCoder)
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", "plover", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["event_type"]["recall"] == 0.75
    result = runner.invoke(app, ["evaluate", "plover", str(gold_file), "--verbose"])
    assert result.exit_code == 0 and "recall 0.750" in result.output and "MISS r4" in result.output
    result = runner.invoke(app, ["evaluate", "plover", str(gold_file), "--fail-under", "0.9", "--json"])
    assert result.exit_code == 1
    seen = []
    original = FakeCoder.code_sentence
    monkeypatch.setattr(FakeCoder, "code_sentence", lambda self, t, p=None: seen.append(self.require_dyad) or original(self, t, p))
    result = runner.invoke(app, ["evaluate", "plover", str(gold_file), "--json", "--allow-no-target"])
    assert result.exit_code == 0 and seen and not any(seen)
    result = runner.invoke(app, ["evaluate", "plover", str(gold_file.parent / "nope.json")])
    assert result.exit_code == 1 and "cannot read" in result.output
