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
# the rules alone on 2026-12-02, 0.7318 / 0.7238 / 0.8855 / 0.6917; the default coder (the rules plus
# the learned pair scorer's added, retyped and second events) on 2026-12-03, 0.7598 / 0.6044 / 0.8824 /
# 0.6880. A record has one gold type, so an event added beside a rule event on its pair (a quarter of
# the corpus's events share their pair with another) costs precision here: 0.6650 before it, on
# 2026-12-02; held out on the corpus and on the news development set it wins recall and F1.
FLOORS = {"rules": (0.73, 0.72, 0.88, 0.69), "default": (0.75, 0.59, 0.87, 0.68)}


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
