"""Which actor codes are one actor when events are matched and scored (data/actors/organisations.csv),
and the wire-copy forms the actor scan must read: a '--' dateline, 'U.S.-brokered'."""
from datetime import date

import pytest

from dyadwatch.actors.identity import ActorIdentities, default_identities
from dyadwatch.errors import DictionaryError
from dyadwatch.evaluate.news import actor_key
from dyadwatch.events.learned import country_key
from dyadwatch.nlp.pipeline import tokenize


@pytest.mark.parametrize("code, key", [
    ("USAGOV", "USA"), ("IGOBUSIMF", "IGOIMF"), ("IGOIMF", "IGOIMF"), ("IGOBUSIMFGOV", "IGOIMF"),
    ("IGOWAFBUSWAS", "IGOECOWAS"), ("IGOUNOIAE", "IGOIAEA"), ("IGOEUREECGOV", "EUR"), ("IGOUNO", "IGOUNO"),
    ("IGOUNOGOV", "IGOUNO"), ("---", None), (None, None),
    ("KSV", "KSV"), ("KOS", "KSV"), ("KOSGOV", "KSV"), ("XKX", "KSV")])  # Kosovo has no ISO code
def test_one_identity_per_organisation(code, key):
    assert default_identities().key(code) == key
    # the coder's pairing and the evaluator compare by the same identity
    assert country_key(code) == actor_key(code) == key


def test_identity_table_refuses_a_code_with_two_identities(tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_text("code,identity,name\nIGOXYZ,IGOA,a\nIGOXYZ,IGOB,b\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="two identities"):
        ActorIdentities.load(path)


def test_every_shipped_identity_row_is_an_igo_the_eu_or_a_country_code():
    for code, identity in default_identities().aliases.items():
        assert (code.startswith("IGO") and (identity.startswith("IGO") or identity == "EUR")) \
            or (len(code) == len(identity) == 3 and not code.startswith("IGO")), code


def test_abbreviation_hyphen_splits_the_country_off():
    assert [t.text for t in tokenize("a U.S.-brokered deal")] == ["a", "U.S.", "-", "brokered", "deal"]
    assert [t.text for t in tokenize("U.S.-Iranian talks")] == ["U.S.", "-", "Iranian", "talks"]


def test_a_plus_after_an_acronym_is_split_off():
    assert [t.text for t in tokenize("OPEC+ agreed")] == ["OPEC", "+", "agreed"]
    assert [t.text for t in tokenize("C++ code")][0] == "C++"  # not an acronym of two capitals


def test_current_armed_movements_and_the_congos(coder_rules):
    for sentence, source, target in [("The RSF attacked the army in Darfur.", "SDNREB", "SDNMIL"),
                                     ("Houthi rebels fired missiles at Israel.", "YEMREB", "ISR"),
                                     ("The Vatican urged Russia to release prisoners.", "VATGOV", "RUS"),
                                     ("OPEC+ criticized Russia on Monday.", "IGOOPC", "RUS"),
                                     ("Congo accused Rwanda of backing rebels.", "COD", "RWA"),
                                     ("The Republic of Congo accused Rwanda of backing rebels.", "COG", "RWA")]:
        events = coder_rules.code_sentence(sentence, date(2025, 3, 1))
        assert (source, target) in [(e.source.code, e.target.code if e.target else None) for e in events], sentence


def test_double_hyphen_dateline_is_not_an_actor(coder_rules):
    info = coder_rules.explain("PERTH, July 17 -- Australia and the United States opened a rare earths refinery "
                               "in Western Australia on Friday.", date(2025, 7, 17))
    texts = [a["text"] for a in info["actors"]]
    assert "Australia" in texts and "the United States" in texts
    assert not any("PERTH" in t for t in texts)


def test_organisations_the_phoenix_files_lack_are_actors(coder_rules):
    for name, code in [("The International Criminal Court", "IGOICC"), ("The Pacific Islands Forum", "IGOPIF"),
                       ("The Shanghai Cooperation Organisation", "IGOCAS"), ("CARICOM", "IGOCRB")]:
        events = coder_rules.code_sentence(f"{name} criticized Russia on Monday.", date(2025, 3, 1))
        assert [e.source.code for e in events] == [code], name


@pytest.fixture(scope="module")
def coder_rules():
    from dyadwatch.events.coder import Coder
    from dyadwatch.settings import Settings

    return Coder.from_settings(Settings(extra={"hybrid": False}))
