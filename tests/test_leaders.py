"""The leaders table and its loader: required facts, merging of roles, bad rows."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.actors.leaders import LeaderTable, load_leader_entries, read_roles
from dyadwatch.errors import DictionaryError

G20 = {"ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR", "MEX",
       "RUS", "SAU", "TUR", "USA", "ZAF"}


@pytest.fixture(scope="module")
def entries():
    return {e.name: e for e in load_leader_entries()}


@pytest.fixture(scope="module")
def table():
    return LeaderTable.load()


def spans(entry, code):
    return [(s.start, s.end) for s in entry.codes if s.code == code]


def test_required_japan_facts(entries):
    assert spans(entries["SHIGERU_ISHIBA"], "JPNGOV") == [(date(2024, 10, 1), date(2025, 10, 21))]
    assert spans(entries["SANAE_TAKAICHI"], "JPNGOV") == [(date(2025, 10, 21), None)]
    assert (date(2021, 10, 4), date(2024, 10, 1)) in spans(entries["FUMIO_KISHIDA"], "JPNGOV")


def test_required_us_facts(entries):
    trump = entries["DONALD_TRUMP"]
    assert (date(2017, 1, 20), date(2021, 1, 20)) in spans(trump, "USAGOV")
    assert (date(2025, 1, 20), None) in spans(trump, "USAGOV")
    assert (date(2024, 11, 6), date(2025, 1, 19)) in spans(trump, "USAELI")
    biden = entries["JOE_BIDEN"]
    assert spans(biden, "USAELI") == [(date(2020, 11, 7), date(2021, 1, 19))]
    assert (date(2021, 1, 20), date(2025, 1, 20)) in spans(biden, "USAGOV")
    assert [r.office for r in LeaderTable.load().roles_of("JOE_BIDEN")] == [
        "vice_president", "president_elect", "head_of_state"]


def test_codes_on_dates(entries):
    trump = entries["DONALD_TRUMP"]
    assert trump.codes_on(date(2024, 12, 1)) == ["USAELI"]
    assert trump.codes_on(date(2025, 3, 1)) == ["USAGOV"]
    assert entries["SHIGERU_ISHIBA"].codes_on(date(2024, 11, 15)) == ["JPNGOV"]


def test_one_entry_per_person_with_merged_roles(entries):
    kishida = entries["FUMIO_KISHIDA"]
    assert len(kishida.codes) == 2
    assert {"FOREIGN MINISTER", "PRIME MINISTER"} <= set(kishida.titles)
    vdl = entries["URSULA_VON_DER_LEYEN"]
    assert {s.code for s in vdl.codes} == {"DEUGOV", "EURGOV"}


def test_phrases_are_upper_single_spaced_with_accent_free_variants(entries):
    for entry in entries.values():
        for phrase in entry.phrases:
            assert phrase == " ".join(phrase.split()) and phrase == phrase.upper(), phrase
    assert "SHIGERU ISHIBA" in entries["SHIGERU_ISHIBA"].phrases
    assert "ISHIBA" in entries["SHIGERU_ISHIBA"].phrases
    assert {"RECEP TAYYIP ERDOĞAN", "RECEP TAYYIP ERDOGAN"} <= set(entries["RECEP_TAYYIP_ERDOGAN"].phrases)
    assert "PRESIDENT-ELECT" in entries["DONALD_TRUMP"].titles


def test_coverage_g20_plus_eu_au_prk_every_year(table):
    offices = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
    countries = {r.country for r in table.roles}
    assert G20 | {"EUR", "AFR", "PRK"} <= countries
    for country in G20 | {"PRK"}:
        for year in range(2015, 2027):
            day = date(year, 7, 15) if year < 2026 else date(2026, 11, 25)
            found = [o for o in offices if table.holders(country, o, day)]
            assert {"head_of_state", "head_of_government"} & set(found), (country, day)
            assert "foreign_minister" in found, (country, day)


def test_no_overlapping_terms_for_single_holder_offices(table):
    by_key = {}
    for role in table.roles:
        if role.office in ("head_of_government", "foreign_minister", "defence_minister"):
            by_key.setdefault((role.country, role.office), []).append(role)
    for key, roles in by_key.items():
        roles.sort(key=lambda r: r.start)
        for a, b in zip(roles, roles[1:]):
            assert a.end is not None and a.end <= b.start, (key, a.person, b.person)


def test_holders_by_title_and_office(table):
    pm = table.holders("JPN", "Prime Minister", date(2024, 11, 15))
    assert [r.person for r in pm] == ["SHIGERU_ISHIBA"]
    assert [r.person for r in table.holders("jpn", "head_of_government", date(2025, 12, 1))] == ["SANAE_TAKAICHI"]
    assert [r.person for r in table.holders("USA", "President-elect", date(2024, 12, 1))] == ["DONALD_TRUMP"]
    assert table.holders("USA", "President-elect", date(2023, 12, 1)) == []
    assert [r.person for r in table.holders("DEU", "Chancellor", date(2019, 1, 1))] == ["ANGELA_MERKEL"]


def test_find_person_is_accent_and_case_blind(table):
    assert table.find_person("erdogan") == ["RECEP_TAYYIP_ERDOGAN"]
    assert table.find_person("Ishiba") == ["SHIGERU_ISHIBA"]


def test_bad_rows_raise_dictionary_error_with_line(tmp_path):
    header = "person,aliases,country,code,office,title,start,end,source,note\n"
    bad_date = tmp_path / "bad.csv"
    bad_date.write_text(header + "A_B,A B,JPN,JPNGOV,head_of_government,PM,2024-13-01,,x,\n")
    with pytest.raises(DictionaryError, match=r"bad.csv:2: start '2024-13-01'"):
        read_roles(bad_date)
    bad_office = tmp_path / "office.csv"
    bad_office.write_text(header + "A_B,A B,JPN,JPNGOV,emperor_of_mars,PM,2024-01-01,,x,\n")
    with pytest.raises(DictionaryError, match="unknown office 'emperor_of_mars'"):
        read_roles(bad_office)
    reversed_dates = tmp_path / "rev.csv"
    reversed_dates.write_text(header + "A_B,A B,JPN,JPNGOV,head_of_government,PM,2024-01-01,2023-01-01,x,\n")
    with pytest.raises(DictionaryError, match="before start"):
        read_roles(reversed_dates)
    with pytest.raises(DictionaryError, match="cannot read"):
        read_roles(tmp_path / "missing.csv")
