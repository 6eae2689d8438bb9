"""Quality gate: the real coder on the packaged PLOVER gold records must not get worse.

Floors sit within one point under the published figures (README, "Commands"), for the rules alone and
for the default coder (the hybrid), so a change that costs a record shows here; raise them with the
published figures as the coder improves.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from dyadwatch.evaluate.plover import evaluate_plover

# (recall, precision, source agreement, target agreement) floors, one point under the figures measured:
# the rules alone on 2026-12-02, 0.7318 / 0.7238 / 0.8855 / 0.6917; the default coder (the rules revised by
# the learned pair scorer: added, retyped, dropped and second events) on 2026-12-03 (late, 17 batches),
# 0.6313 / 0.6570 / 0.8938 / 0.6762. The records are single sentences coded by PLOVER's coders to PLOVER's
# conventions, and rules were written against them over earlier rounds: the model's overrides of rule
# events (a rule event dropped when the model scores its pair as no event, a specific code retyped) cost
# 0.14 of recall here (0.765 the round before), while held out on the corpus and on the news development
# set they win precision and F1 (docs/coder.md, "This round (3 Dec 2026, night)").
FLOORS = {"rules": (0.73, 0.72, 0.88, 0.69), "default": (0.62, 0.64, 0.88, 0.66)}


@pytest.mark.slow
@pytest.mark.parametrize("coder_kind", sorted(FLOORS))
def test_plover_gate(coder_kind):
    from dyadwatch.events.coder import Coder
    from dyadwatch.settings import load_settings

    settings = load_settings()
    if coder_kind == "rules":
        settings = replace(settings, extra={**settings.extra, "hybrid": False})
    report = evaluate_plover(None, Coder.from_settings(settings))
    summary = report.as_dict()
    recall_floor, precision_floor, source_floor, target_floor = FLOORS[coder_kind]
    assert summary["records"] == 179
    assert report.recall >= recall_floor, summary["event_type"]
    assert report.precision >= precision_floor, summary["event_type"]
    assert summary["dyad"]["source_agreement"] >= source_floor, summary["dyad"]
    assert summary["dyad"]["target_agreement"] >= target_floor, summary["dyad"]
