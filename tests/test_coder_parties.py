"""Who can be the other party: a compound subject acts toward each of its members only in mutual acts
(consult, cooperate, agree, fight), not in statements, appeals, demands or criticism."""
from __future__ import annotations

import pytest

from dyadwatch.events.coder import Coder
from dyadwatch.settings import Settings


@pytest.fixture(scope="module")
def rules():
    return Coder.from_settings(Settings(extra={"hybrid": False}))


def pairs(events):
    return {(e.source.code[:3], e.target.code[:3]) for e in events if e.target is not None}


def test_compound_subject_of_a_one_sided_act_is_not_paired(rules):
    for sentence in ("Peru, Chile and Ecuador issued a joint appeal for the commission to publish the audit.",
                     "Austria and Hungary criticised the ruling as an overreach.",
                     "Norway and Denmark said the plan was premature."):
        events = rules.code_sentence(sentence)
        members = {"PER", "CHL", "ECU", "AUT", "HUN", "NOR", "DNK"}
        assert not {p for p in pairs(events) if p[0] in members and p[1] in members}, sentence


def test_compound_subject_of_a_mutual_act_is_paired_both_ways(rules):
    events = rules.code_sentence("Norway and Denmark signed a fisheries agreement on Tuesday.")
    assert {("NOR", "DNK"), ("DNK", "NOR")} <= pairs(events)
    assert {e.cameo_root for e in events} <= {"03", "04", "05", "06"}
