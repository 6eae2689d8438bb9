"""Quality gate: the real coder on the packaged PLOVER gold records must not get worse.

Floors are pinned a little under the figures measured when the gate was last raised (2026-11-29:
recall 0.726, precision 0.718, source agreement 0.885; set 2026-11-25 at 0.374 / 0.496 / 0.806);
raise them as the coder improves.
"""
from __future__ import annotations

import pytest

from dyadwatch.evaluate.plover import evaluate_plover

RECALL_FLOOR = 0.68
PRECISION_FLOOR = 0.66
SOURCE_AGREEMENT_FLOOR = 0.84


@pytest.mark.slow
def test_plover_gate():
    from dyadwatch.events.coder import Coder
    from dyadwatch.settings import load_settings

    report = evaluate_plover(None, Coder.from_settings(load_settings()))
    summary = report.as_dict()
    assert summary["records"] == 179
    assert report.recall >= RECALL_FLOOR, summary["event_type"]
    assert report.precision >= PRECISION_FLOOR, summary["event_type"]
    assert summary["dyad"]["source_agreement"] >= SOURCE_AGREEMENT_FLOOR, summary["dyad"]
