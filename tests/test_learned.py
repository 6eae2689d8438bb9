"""The learned pair scorer: the shipped model loads and scores deterministically; feature extraction on
sentences written for these tests; the hybrid is off by default and marks its own events."""
from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from dyadwatch.actors.compose import ActorGroup
from dyadwatch.events.learned import (DEFAULT_MODEL, NONE, Candidate, LinearModel, PairModel, candidates, country_key,
                                      mode_features, pair_features)
from dyadwatch.nlp.pipeline import parse


def group(codes, start, end, head=None, person=False):
    return ActorGroup(list(codes), start, end, end - 1 if head is None else head, [], person)


def test_country_key_drops_roles():
    assert country_key("USAGOV") == "USA"
    assert country_key("IGOUNOGOV") == "IGOUNO"
    assert country_key("IGOEUREEC") == "EUR"
    assert country_key("---GOV") is None


def test_candidates_pair_sentence_actors_and_earlier_ones():
    here = [group(["USAGOV"], 0, 1), group(["CHNGOV"], 4, 5)]
    earlier = [group(["RUSGOV"], 0, 1), group(["USA"], 3, 4)]  # USA is named here already
    found = candidates(here, [(0, earlier)], 1)
    pairs = {(c.keys, c.target_from) for c in found}
    assert (("USA", "CHN"), "sentence") in pairs and (("CHN", "USA"), "sentence") in pairs
    assert (("USA", "RUS"), "context") in pairs and (("CHN", "RUS"), "context") in pairs
    assert not any(c.keys[1] == "USA" and c.target_from == "context" for c in found)
    # too far back: not a candidate
    assert not [c for c in candidates(here, [(0, earlier)], 9) if c.target_from == "context"]


def test_pair_features_read_the_object_phrase():
    doc = parse(["Russia launched strikes on Ukraine."])[0]
    src, tgt = group(["RUS"], 0, 1), group(["UKR"], 4, 5)
    feats = pair_features(doc, Candidate(src, tgt), {1: "190"}, {})
    assert "t_prep+head=on|strike" in feats
    assert "s_gov=launch" in feats and "s_subject" in feats
    assert "s_gov_dv=19" in feats and "rule=none" in feats
    assert feats == sorted(set(feats))


def test_pair_features_possessive_and_reported_speech():
    doc = parse(["The minister said Canada rejected Moscow's offer."])[0]
    src, tgt = group(["CANGOV"], 3, 4), group(["RUSGOV"], 5, 6)
    feats = pair_features(doc, Candidate(src, tgt), {4: "120"}, {("CAN", "RUS"): "12"})
    assert "t_mod=poss|offer" in feats
    assert "rule=12" in feats and "rule_back=none" in feats
    speaker = group(["CANGOV"], 0, 2)
    said = pair_features(doc, Candidate(speaker, tgt), {4: "120"}, {})
    assert "s_speech" in said and "speech_dv=12" in said


def test_mode_features_see_negation_and_modals():
    doc = parse(["France did not sign the treaty.", "Japan might impose new sanctions on Russia."])
    neg = mode_features(doc[0], doc[0][3])
    assert "neg@0" in neg
    hyp = mode_features(doc[1], doc[1][2])
    assert "modal=might@0" in hyp


def test_linear_model_round_trips_and_scores():
    model = LinearModel(["01", NONE], {"a": 0, "b": 1}, np.array([[1.0, -1.0], [0.5, 0.0]]), np.array([0.0, 0.2]))
    again = LinearModel.from_json(json.loads(json.dumps(model.to_json())))
    p = again.probabilities(["a", "b", "unknown"])
    assert p.sum() == pytest.approx(1.0)
    assert p[0] == pytest.approx(1 / (1 + np.exp(-(1.5 + 1.0 - 0.2))))
    assert again.contributions(["a", "b"], "01")[0] == ("a", 1.0)


def test_shipped_model_loads_and_scores_deterministically():
    model = PairModel.load(DEFAULT_MODEL)
    assert NONE in model.detect.classes and "11" in model.roots.classes and set(model.modes.classes) <= {"asserted", "hypothetical", "negated"}
    assert 0 < model.add_threshold < 1
    card = model.card
    for key in ("data", "seed", "scikit_learn", "spacy_model", "date"):
        assert key in card
    doc = parse(["Russia launched strikes on Ukraine."])[0]
    cand = Candidate(group(["RUS"], 0, 1), group(["UKR"], 4, 5))
    first = model.score(doc, cand, {1: "190"}, {})
    second = model.score(doc, Candidate(cand.source, cand.target), {1: "190"}, {})
    assert (first.root, first.probability, first.features) == (second.root, second.probability, second.features)
    # scoring a sentence's pairs together (its own features computed once) scores each the same
    back = Candidate(cand.target, cand.source)
    together = model.score_all(doc, [Candidate(cand.source, cand.target), back], {1: "190"}, {})
    alone = model.score(doc, Candidate(cand.target, cand.source), {1: "190"}, {})
    assert [(x.root, x.probability, x.candidate.features) for x in together] == [
        (first.root, first.probability, first.candidate.features), (alone.root, alone.probability, alone.candidate.features)]


def test_model_file_with_other_feature_version_is_refused(tmp_path):
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    data["feature_version"] = -1
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="feature version"):
        PairModel.load(path)


def test_hybrid_is_on_by_default_and_marks_its_events():
    from dyadwatch.events.coder import Coder
    from dyadwatch.settings import Settings

    plain = Coder.from_settings(replace(Settings(), extra={"hybrid": False}))
    assert plain.learned is None
    hybrid = Coder.from_settings()
    assert isinstance(hybrid.learned, PairModel)
    hybrid.learned.add_threshold = 0.0  # every candidate pair the rules left uncoded becomes a model event
    events = hybrid.code_sentence("Russian forces kept up strikes on Ukraine.")
    model_events = [e for e in events if e.pattern.startswith("model")]
    assert model_events, events
    assert all("p=" in e.pattern and "dyadwatch:data/models/pair_scorer.json" in e.pattern for e in model_events)
    info = hybrid.explain("Russian forces kept up strikes on Ukraine.")
    assert "model" in info
    # the features behind a model event's score are computed when it becomes an event (Scored.features)
    added = [note for note in info["model"] if "added" in note]
    assert added and all(note["features"] for note in added), info["model"]


@pytest.mark.slow  # parses and codes the whole labelled corpus (minutes), then trains
def test_training_reproduces_the_shipped_weights(tmp_path):
    """Same corpus files, same seed, same code: the same model file, byte for byte (the card's date aside,
    given here as the shipped one). Needs scikit-learn (the `train` extra)."""
    pytest.importorskip("sklearn")
    import sys
    from pathlib import Path

    scripts = Path(__file__).resolve().parents[1] / "scripts" / "train"
    sys.path.insert(0, str(scripts))
    try:
        import train
    finally:
        sys.path.remove(str(scripts))
    shipped = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    trained_on = shipped["card"]["data"]  # the files the shipped model was trained on, with their sha256
    for name, digest in trained_on.items():
        path = train.pairdata.ROOT / name
        if not path.exists() or train.pairdata.sha256_file(path) != digest:
            pytest.fail(f"{name} changed since the shipped model was trained: retrain (scripts/train/train.py)")
    out = tmp_path / "model.json"
    assert train.main(["--out", str(out), "--cache", str(tmp_path / "pairs.json"),
                       "--date", shipped["card"]["date"], "--files", *trained_on]) == 0
    assert out.read_bytes() == DEFAULT_MODEL.read_bytes()


def test_corpus_loader_reads_pages_and_stories_and_reports_bad_lines(tmp_path):
    import sys
    from pathlib import Path

    scripts = Path(__file__).resolve().parents[1] / "scripts" / "train"
    sys.path.insert(0, str(scripts))
    try:
        import pairdata
    finally:
        sys.path.remove(str(scripts))
    event = {"source": "FRAGOV", "target": "IGOUNOGOV", "cameo": "0311", "mode": "asserted", "reciprocal": False}
    (tmp_path / "labelled").mkdir()
    (tmp_path / "labelled" / "pages-x.jsonl").write_text("\n".join([
        json.dumps({"page": "p1", "i": 1, "text": "Second.", "topic": "diplomacy", "region": "europe", "events": []}),
        json.dumps({"page": "p1", "i": 0, "text": "First.", "topic": "diplomacy", "region": "europe",
                    "events": [event]}),
        "{not json",
    ]), encoding="utf-8")
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "s.jsonl").write_text(json.dumps(
        {"story": "s1", "i": 0, "text": "Only.", "date": "2025-03-01", "headline": "H", "events": []}) + "\n"
        + json.dumps({"story": "s2", "i": 0, "text": "Bad date.", "date": "March", "events": []}) + "\n",
        encoding="utf-8")
    warnings = []
    stories = pairdata.load_corpus(pairdata.corpus_files(tmp_path), warnings.append)
    assert [(s.batch, s.story) for s in stories] == [("pages-x", "p1"), ("s", "s1"), ("s", "s2")]
    assert [r["i"] for r in stories[0].sentences] == [0, 1]
    assert stories[1].day.isoformat() == "2025-03-01" and stories[2].day is None
    assert len(warnings) == 2 and "pages-x.jsonl:3: skipped" in warnings[0] and "not ISO" in warnings[1]
    gold = pairdata.gold_events(stories[0].sentences[0])
    assert gold == [{"s": "FRA", "t": "IGOUNO", "root": "03", "mode": "asserted", "reciprocal": False,
                     "reported": False, "target_from": "sentence"}]
    assert pairdata.gold_label(("IGOUNO", "FRA"), gold) == ("none", None, [])
    assert pairdata.gold_label(("FRA", "IGOUNO"), gold) == ("03", "asserted", ["03"])
    # two events between one pair in one sentence (an accusation and a threat): both roots are the row's
    threat = dict(gold[0], root="13", mode="hypothetical")
    assert pairdata.gold_label(("FRA", "IGOUNO"), gold + [threat]) == ("03", "asserted", ["03", "13"])


def test_context_targets_have_their_own_add_threshold():
    model = PairModel.load(DEFAULT_MODEL)
    here, there = Candidate(group(["RUS"], 0, 1), group(["UKR"], 4, 5)), \
        Candidate(group(["RUS"], 0, 1), group(["UKR"], 4, 5), "context", 1)
    old = model.add_context_threshold
    try:
        model.add_context_threshold = 0.9
        assert model.threshold_for(there) == 0.9 and model.threshold_for(here) == model.add_threshold
        model.add_context_threshold = None  # a model file from before the split: one threshold for both
        assert model.threshold_for(there) == model.add_threshold
    finally:
        model.add_context_threshold = old


def test_a_phrase_naming_several_countries_gives_a_candidate_for_each():
    from dyadwatch.events.coder import one_subject

    leaders = group(["USAGOV", "JPNGOV", "PHLGOV"], 1, 9)  # 'the leaders of the United States, Japan and ...'
    china = group(["CHN"], 12, 13)
    found = candidates([leaders, china], [], 0)
    pairs = {c.keys: c for c in found}
    assert {("USA", "CHN"), ("JPN", "CHN"), ("PHL", "CHN"), ("CHN", "PHL")} <= set(pairs)
    # members of the one phrase pair with each other, as members of one coordinated subject do
    assert {("USA", "PHL"), ("PHL", "JPN")} <= set(pairs)
    assert one_subject(pairs[("USA", "PHL")], None) and pairs[("USA", "PHL")].source.codes == ["USAGOV"]
    assert not any(c.keys[0] == c.keys[1] for c in found)


def test_scored_roots_give_the_runner_up_only_when_probable_enough():
    from dyadwatch.events.learned import Scored

    x = Scored(Candidate(group(["RUS"], 0, 1), group(["UKR"], 4, 5)), "11", 0.8, 0.2, None, 0.55, "13", 0.35)
    assert x.features == []  # no detector to explain it
    assert x.roots(0.3) == [("11", 0.55), ("13", 0.35)]
    assert x.roots(0.4) == [("11", 0.55)]
    assert replace(x, second_root="11").roots(0.0) == [("11", 0.55)]  # never the same root twice


def test_the_model_root_joins_a_rule_event_on_its_pair_only_above_its_threshold():
    from dyadwatch.events.coder import Coder

    coder = Coder.from_settings()
    # one rule event (112) on the pair: of the model's two most probable roots at least one is another
    sentence = "China accused Japan of provoking tensions in the region."
    model = coder.learned
    old = model.beside_threshold, model.second_threshold, model.add_threshold, model.beside_pair_threshold
    try:
        model.beside_pair_threshold = 0.0
        model.beside_threshold, model.second_threshold, model.add_threshold = 2.0, 2.0, 2.0
        rules_only = coder.code_sentence(sentence)
        assert [e.cameo_root for e in rules_only if e.target] == ["11"], rules_only
        assert not any("beside the rules'" in e.pattern for e in rules_only)
        model.beside_threshold = 0.0  # the model's root and its runner-up join every rule event's pair
        events = coder.code_sentence(sentence)
        beside = [e for e in events if "beside the rules'" in e.pattern]
        assert beside, events
        coded = {(e.source.code[:3], e.target.code[:3], e.cameo_root) for e in events if e.target}
        assert len(coded) == len([e for e in events if e.target])  # no pair coded twice with one root
        assert all(e.pattern.startswith("model root ") and e.target_origin.startswith("model") for e in beside)
        info = coder.explain(sentence)
        assert any("beside" in note for note in info["model"])
        # a second reading of a pair stands under the rules' reading's modality
        hedged = coder.code_sentence("China would accuse Japan of provoking tensions in the region if talks failed.")
        rule = [e for e in hedged if e.target and "beside the rules'" not in e.pattern]
        assert rule and rule[0].mode != "asserted", hedged
        assert all((e.mode, e.negated) == (rule[0].mode, rule[0].negated)
                   for e in hedged if "beside the rules'" in e.pattern)
        assert any("beside the rules'" in e.pattern for e in hedged), hedged
    finally:
        model.beside_threshold, model.second_threshold, model.add_threshold, model.beside_pair_threshold = old


def test_a_two_party_phrase_stands_for_the_pair_just_named():
    from dyadwatch.events.coder import one_subject
    from dyadwatch.events.learned import names_two_parties, two_party, two_party_phrase

    [doc] = parse(["Both sides agreed to keep talking about fishing rights."])
    assert two_party_phrase(doc).text == "sides"
    earlier = [group(["NORGOV"], 0, 1), group(["ISLGOV"], 4, 5), group(["DNK"], 9, 10)]
    found = [c for c in candidates([], [(0, earlier)], 1, doc) if two_party(c.source)]
    # the first two countries of the nearest sentence that names two; both orders; one phrase of the sentence
    assert {c.keys for c in found} == {("NOR", "ISL"), ("ISL", "NOR")}
    assert all(one_subject(c, doc) and c.target_from == "sentence" for c in found)
    # three sentences back at most, and never without two countries named
    assert not [c for c in candidates([], [(0, earlier)], 9, doc) if two_party(c.source)]
    assert not [c for c in candidates([], [(0, earlier[:1])], 1, doc) if two_party(c.source)]
    [other] = parse(["Two ships collided near the strait, officials said."])
    assert two_party_phrase(other) is None
    assert names_two_parties("The two foreign ministers met .".split())
    assert not names_two_parties("Two ships collided .".split())


def test_the_pre_filter_parses_a_two_party_sentence_once_actors_are_named():
    from datetime import date

    from dyadwatch.events.coder import Coder
    from dyadwatch.records import Article

    coder = Coder.from_settings()
    text = ("Norway's fisheries minister met Iceland's foreign minister in Oslo on Monday.\n"
            "Both sides agreed to keep talking about fishing rights.")
    article = Article(doc_id="t", path="t", text=text, content_hash="t", published=date(2026, 3, 2))
    assert coder.planned_parses(article) == {0, 1}
    alone = Article(doc_id="u", path="u", text="Both sides agreed to keep talking.", content_hash="u",
                    published=date(2026, 3, 2))
    assert coder.planned_parses(alone) == set()  # no party named before: nothing to stand for


def test_a_specific_or_hedged_rule_code_takes_the_model_root_only_at_its_own_threshold():
    from dyadwatch.events.coder import Coder

    coder = Coder.from_settings()
    model = coder.learned
    old = model.retype_threshold, model.retype_any_threshold, model.beside_threshold, model.add_threshold
    # specific codes ('112' accuse, '161' and '043' from exact dictionary entries, '0333' an intent), one
    # hypothetical and one negated event: the model disagrees with at least one of them
    sentences = ("China accused Japan of provoking tensions in the region.",
                 "China would accuse Japan of provoking tensions in the region if talks failed.",
                 "Russia expelled two Polish diplomats on Monday.",
                 "India pledged to send food aid to Sri Lanka.",
                 "Turkey hosted Syrian officials for talks on the border.",
                 "France would not condemn Israel's strikes on Lebanon.")
    try:
        model.beside_threshold, model.add_threshold = 2.0, 2.0
        model.retype_threshold, model.retype_any_threshold = 0.0, 2.0  # generic asserted codes only
        before = [[e for e in coder.code_sentence(s) if e.target] for s in sentences]
        assert all(not e.pattern.startswith("model root") for events in before for e in events), before
        model.retype_any_threshold = 0.0  # any rule code the model disagrees with takes its root
        changed = 0
        for sentence, rule_events in zip(sentences, before):
            scored = {e.cameo_root for e in rule_events}
            events = [e for e in coder.code_sentence(sentence) if e.target]
            retyped = [e for e in events if e.pattern.startswith("model root")]
            for e in retyped:  # the rules' actors and modality stay; only the type is the model's
                rule = next(r for r in rule_events if (r.source.code, r.target.code) == (e.source.code, e.target.code))
                assert (e.mode, e.negated) == (rule.mode, rule.negated) and e.cameo_root not in scored
                assert f"over the rules' [{rule.cameo}]" in e.pattern
            best = coder.explain(sentence)["model"]
            assert bool(retyped) == any("retyped" in note for note in best)
            changed += len(retyped)
        assert changed
    finally:
        model.retype_threshold, model.retype_any_threshold, model.beside_threshold, model.add_threshold = old


def test_corpus_scoring_the_dev_sets_way_counts_both_directions_of_a_meeting():
    import sys
    from pathlib import Path

    scripts = Path(__file__).resolve().parents[1] / "scripts" / "train"
    sys.path.insert(0, str(scripts))
    try:
        import fit
    finally:
        sys.path.remove(str(scripts))
    met = {"s": "JPN", "t": "USA", "root": "04", "reciprocal": True}
    accused = {"s": "CHN", "t": "JPN", "root": "11", "reciprocal": False}
    gold = {"d#0": [met, accused]}
    system = {"d#0": {("JPN", "USA", "04"), ("USA", "JPN", "04"), ("JPN", "CHN", "11")}}
    one_to_one = fit.score_events(system, gold, ["d#0"])
    as_dev = fit.score_events_as_dev(system, gold, ["d#0"])
    # one to one, the meeting's second direction is a false event; the dev scorer counts it right
    assert (one_to_one["tp"], one_to_one["fp"], one_to_one["fn"]) == (1, 2, 1)
    assert (as_dev["tp"], as_dev["fp"], as_dev["found"], as_dev["fn"]) == (2, 1, 1, 1)
    assert as_dev["precision"] == round(2 / 3, 3) and as_dev["recall"] == 0.5


def test_a_dropped_rule_events_pair_added_back_by_the_model_says_whose_place_it_takes():
    from dyadwatch.events.coder import Coder

    coder = Coder.from_settings()
    model = coder.learned
    sentence = "China accused Japan of provoking tensions in the region."
    old = model.drop_threshold, model.add_threshold, model.beside_threshold, model.retype_any_threshold
    try:
        model.beside_threshold, model.retype_any_threshold = 2.0, 2.0
        model.drop_threshold, model.add_threshold = 2.0, 2.0  # the rules' event, nothing dropped or added
        [rule] = [e for e in coder.code_sentence(sentence) if e.target]
        assert "in place of" not in rule.pattern
        model.drop_threshold, model.add_threshold = 0.0, 0.0  # every rule event dropped, the best pair added
        events = [e for e in coder.code_sentence(sentence) if e.target]
        same_pair = [e for e in events if (e.source.code, e.target.code) == (rule.source.code, rule.target.code)]
        assert same_pair and all(e.pattern.startswith("model p=") for e in same_pair), events
        assert all(f"in place of the rules' [{rule.cameo}]" in e.pattern for e in same_pair)
        assert all((e.verb_text, e.verb_start) == (rule.verb_text, rule.verb_start) for e in same_pair)  # its verb
        notes = coder.explain(sentence)["model"]
        assert any("dropped" in n for n in notes) and any(n.get("in_place_of") == rule.cameo for n in notes)
        # a pair the rules never coded is added plainly
        assert all("in place of" not in e.pattern for e in events if e not in same_pair)
        # the model's event stands under the rules' reading's modality, as a retyped one does
        hedged = "China would accuse Japan of provoking tensions in the region if talks failed."
        model.drop_threshold, model.add_threshold = 2.0, 2.0
        [rule] = [e for e in coder.code_sentence(hedged) if e.target]
        assert rule.mode != "asserted" or rule.negated
        model.drop_threshold, model.add_threshold = 0.0, 0.0
        stand_in = [e for e in coder.code_sentence(hedged) if "in place of" in e.pattern]
        assert stand_in and all((e.mode, e.negated) == (rule.mode, rule.negated) for e in stand_in)
    finally:
        model.drop_threshold, model.add_threshold, model.beside_threshold, model.retype_any_threshold = old


def test_an_added_event_needs_its_pair_and_its_type_probable_together():
    import re
    from datetime import date

    from dyadwatch.events.coder import Coder
    from dyadwatch.records import Article

    coder = Coder.from_settings()
    model = coder.learned
    text = ("Japan's foreign minister met his Philippine counterpart in Manila on Tuesday. "
            "The two ministers discussed maritime security and Chinese activity near disputed reefs.")
    old = model.joint_threshold, model.add_threshold, model.add_context_threshold, model.drop_threshold
    try:
        model.add_threshold = model.add_context_threshold = 0.0  # every sentence's best pair is added
        model.drop_threshold = 2.0

        def added(joint):
            model.joint_threshold = joint
            article = Article(doc_id="j", path="j", text=text, content_hash="j", published=date(2026, 3, 2))
            return [e for e in coder.code_article(article) if e.pattern.startswith("model p=")]

        loose = added(0.0)
        assert loose
        products = [float(a) * float(b) for a, b in
                    (re.match(r"model p=([\d.]+) root \d+ p=([\d.]+)", e.pattern).groups() for e in loose)]
        cut = sorted(products)[0] + 0.01  # above the least probable added event
        kept = added(cut)
        assert len(kept) < len(loose)
        assert all(float(a) * float(b) >= cut - 0.01 for a, b in
                   (re.match(r"model p=([\d.]+) root \d+ p=([\d.]+)", e.pattern).groups() for e in kept))
        assert added(1.01) == []  # no event is that sure
    finally:
        model.joint_threshold, model.add_threshold, model.add_context_threshold, model.drop_threshold = old


@pytest.mark.slow  # codes a small slice of the corpus, then runs 5 folds with inner cross-validation
def test_held_out_evaluation_runs_end_to_end_on_a_corpus_slice(tmp_path):
    """`scripts/train/evaluate.py --only folds` on 60 stories: every system and figure present, the dev-set
    way of scoring beside the one-to-one one (a reciprocal event's second direction: right there)."""
    pytest.importorskip("sklearn")
    import sys
    from pathlib import Path

    scripts = Path(__file__).resolve().parents[1] / "scripts" / "train"
    sys.path.insert(0, str(scripts))
    try:
        import evaluate
    finally:
        sys.path.remove(str(scripts))
    source = evaluate.pairdata.CORPUS / "stories" / "stories-1.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    keep, stories = [], []
    for line in lines:
        story = json.loads(line)["story"]
        if story not in stories:
            if len(stories) == 60:
                break
            stories.append(story)
        keep.append(line)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "slice.jsonl").write_text("\n".join(keep) + "\n", encoding="utf-8")
    out = tmp_path / "figures.json"
    assert evaluate.main(["--corpus", str(tmp_path), "--cache", str(tmp_path / "pairs.json"), "--only", "folds",
                          "--json", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    pooled = results[-1]
    assert pooled["split"] == "folds pooled" and len(results) == 6
    for system in evaluate.SYSTEMS:
        assert {"tp", "fp", "fn", "precision", "recall", "f1"} <= set(pooled[system])
    assert pooled["hybrid (dev scoring)"]["found"] >= pooled["hybrid"]["tp"]
    assert pooled["hybrid"]["tp"] > 0 and "joint" in pooled
