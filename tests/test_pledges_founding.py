"""The founding article through the real pipeline (coder by the coder engineer) yields its pledges."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyadwatch.run import process_inputs
from dyadwatch.settings import load_settings

SEED = Path(__file__).parents[1] / "src" / "dyadwatch" / "data" / "samples" / "ishiba-japan-us-alliance.txt"


@pytest.fixture(scope="module")
def pledges():
    [processed] = list(process_inputs([str(SEED)], load_settings(published=date(2024, 11, 10))))
    return processed.pledges


def test_ai_semiconductor_pledge(pledges):
    money = [p for p in pledges if p.amount and p.amount.currency == "JPY"]
    assert len(money) == 1, (
        "no yen pledge: the pledges stage needs a coded event (source JPNGOV, intent, any or no target) on "
        "'Economically, Ishiba’s government plans significant investments in AI and semiconductor "
        f"industries.' (or on 'They aim to provide ...'); pledges found: {[p.what for p in pledges]}")
    p = money[0]
    assert p.actor == "JPNGOV"
    assert p.what == "public support for AI and semiconductor industries"
    assert p.amount.value == 10e12 and p.amount.qualifier == "over"
    assert p.amount.usd_rate_year == 2024 and 60e9 < p.amount.usd < 75e9
    assert p.deadline == date(2030, 12, 31) and p.deadline_precision == "year"
    assert {"AI", "semiconductors"} <= set(p.topics)


def test_nato_proposal_with_condition_and_no_junk_amount(pledges):
    nato = [p for p in pledges if "NATO" in p.what]
    assert nato and nato[0].kind == "proposal"
    assert nato[0].condition == "may require constitutional amendments to allow full use of collective self-defense rights"
    assert not any(p.amount and p.amount.value == 140e9 for p in pledges)
