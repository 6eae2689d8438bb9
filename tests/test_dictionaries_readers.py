"""PETRARCH/TABARI dictionary readers: actors, agents, discards, verbs, CAMEO tables, the loader."""
from __future__ import annotations

import time
from datetime import date

import pytest

from dyadwatch.dictionaries.actors import read_actor_file, read_agent_file, read_discard_file
from dyadwatch.dictionaries.cameo import CameoTables, quad_class
from dyadwatch.dictionaries.loader import DICT_DIR, Dictionaries
from dyadwatch.dictionaries.verbs import read_verb_file
from dyadwatch.errors import DictionaryError

VALIDATE = DICT_DIR / "validate"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_actor_codes_dates_synonyms_and_comments(tmp_path):
    path = write(tmp_path, "a.actors.txt", """<!-- header
spanning lines -->
UNITED_STATES_ [USA]  # comment
+U.S.
+AMERICAN
BARACK_OBAMA_
\t[USAELI 20081105-20090119]
\t[USAGOV >20090120]
GOLLUM
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
ARGENTIN [ARG]
THE_SHIRE [FRO/BIL/SAM]
""")
    entries = {e.name: e for e in read_actor_file(path)}
    assert entries["UNITED_STATES"].phrases == ["UNITED STATES", "U.S.", "AMERICAN"]
    obama = entries["BARACK_OBAMA"]
    assert obama.codes_on(date(2008, 12, 1)) == ["USAELI"]
    assert obama.codes_on(date(2010, 1, 1)) == ["USAGOV"]
    gollum = entries["GOLLUM"]
    assert gollum.codes_on(date(1995, 5, 31)) == ["HOB"]  # '<950601' ends the day before (two-digit year)
    assert gollum.codes_on(date(1996, 1, 1)) == ["HOBGOV"]
    assert "SMEAGOL" in gollum.phrases
    assert entries["ARGENTIN"].stem_phrases == ["ARGENTIN"]  # no trailing '_': a stem
    assert "UNITED STATES" not in entries["UNITED_STATES"].stem_phrases  # trailing "_": exact
    assert entries["THE_SHIRE"].codes[0].code == "FRO/BIL/SAM"


def test_malformed_actor_line_names_file_and_line(tmp_path):
    path = write(tmp_path, "bad.actors.txt", "JAPAN_ [JPN]\nBROKEN [JPN 2020x]\n+SYN\n")
    with pytest.raises(DictionaryError) as err:
        read_actor_file(path)
    assert str(err.value).startswith(f"{path}:2: ")
    found = []
    entries = read_actor_file(path, found.append)  # non-strict: collect and go on
    assert [e.name for e in entries] == ["JAPAN"]
    assert found and found[0].line == 2


def test_agents_plurals_and_substitution_sets(tmp_path):
    path = write(tmp_path, "x.agents.txt", """!PERSON! = MAN, MEN, WOMAN
CONGRESS!PERSON! [~LEG]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
MEDIA {} [~MED]
POLICY [~POL]
MSF {} [NGO~]
""")
    agents = read_agent_file(path)
    phrases = {p: a.code for a in agents for p in a.phrases}
    assert phrases["CONGRESSMAN"] == phrases["CONGRESSWOMAN"] == "~LEG"
    assert "GOLDEN GEESE" in phrases and "GOLDEN GOOSES" not in phrases
    assert "MEDIAS" not in phrases and "MEDIA" in phrases
    assert "POLICIES" in phrases
    assert phrases["MSF"] == "NGO~"


def test_agent_without_tilde_is_an_error(tmp_path):
    path = write(tmp_path, "x.agents.txt", "SOLDIER [MIL]\n")
    with pytest.raises(DictionaryError, match=r"x.agents.txt:1: agent code must contain '~'"):
        read_agent_file(path)


def test_discards_story_and_sentence_level(tmp_path):
    path = write(tmp_path, "d.txt", "+Manchester United # football\nMONTHS LATER\n")
    assert read_discard_file(path) == {"MANCHESTER UNITED": True, "MONTHS LATER": False}


def test_verb_blocks_patterns_synsets(tmp_path):
    path = write(tmp_path, "v.verbs.txt", """&TIETYPES
+MILITARY
+ECONOMIC

&NESTED
+&TIETYPES
+CULTURAL

--- ABANDON  [345]  ---
ABANDON    # comment
KLM_NOP_+RST [002]
+STIR_UP {+STIRS_UP +STIRRED_UP}
- * DIPLOMATIC TIES [901]
- $ * &TIETYPES_TIES + [902]
- IN_* [075]

--- MEET  [031:032]  ---
MEET {MEETS MET MEETING}
""")
    verbs = read_verb_file(path)
    block, form = verbs.lookup("ABANDON")[0]
    assert block.code == "345" and form.verb == "ABANDON"
    assert verbs.lookup("ABANDONED") and verbs.lookup("ABANDONING")  # regular forms generated
    (_, rst), = verbs.lookup("RST")
    assert rst.before == ("KLM", "NOP") and rst.code == "002"
    stir = [f for _, f in verbs.lookup("STIR")][0]
    assert stir.after == ("UP",)
    assert verbs.lookup("STIRRED")[0][1].after == ("UP",)
    patterns = {p.code: p for p in block.patterns}
    assert [e.value for e in patterns["901"].post] == ["DIPLOMATIC", "TIES"]
    p902 = patterns["902"]
    assert p902.pre[0].kind == "source" and p902.post[-1].kind == "target"
    assert p902.post[0].kind == "synset" and p902.post[0].joined
    assert patterns["075"].pre_joined
    assert sorted(verbs.expand_synset("NESTED")) == [("CULTURAL",), ("ECONOMIC",), ("MILITARY",)]
    assert verbs.lookup("MET")[0][0].code == "031:032"
    assert patterns["901"].where.endswith(":13") and patterns["901"].text == "- * DIPLOMATIC TIES [901]"


def test_verb_pattern_without_code_is_reported(tmp_path):
    path = write(tmp_path, "v.verbs.txt", "--- ABANDON [345] ---\nABANDON\n- * TIES\n")
    problems = []
    read_verb_file(path, problems.append)
    assert problems and problems[0].line == 3 and "without [code]" in problems[0].reason


def test_packaged_validate_dictionaries_read():
    d = Dictionaries.from_dir(VALIDATE)
    names = {e.name for e in d.actors}
    assert {"ARNOR", "GONDOR", "SAM_GAMGEE"} <= names
    assert d.verbs.lookup("RESTORE")
    assert "MONTHS LATER" in d.discards


def test_packaged_phoenix_load_is_cached_and_fast():
    Dictionaries.packaged()  # warm the cache
    started = time.perf_counter()
    d = Dictionaries.packaged()
    elapsed = time.perf_counter() - started
    assert len(d.actors) > 20000 and len(d.agents) > 3000
    assert elapsed < 6.0  # cached parse (machine is shared; ~1 s idle)
    japan = [e for e in d.actors if e.name == "JAPAN"][0]
    assert "JAPANESE" in japan.phrases


def test_cameo_tables_goldstein_quad_plover():
    tables = CameoTables.load()
    assert tables.goldstein["036"] == 4.0
    assert tables.goldstein_of("0361") == tables.goldstein.get("0361", 4.0)
    assert quad_class("036") == 1 and quad_class("061") == 2 and quad_class("112") == 3 and quad_class("190") == 4
    assert tables.plover_of("036") == "AGREE"
    assert tables.plover_of("0431") == tables.plover_of("043")  # falls back to the parent


def test_cache_is_keyed_by_file_contents(tmp_path, monkeypatch):
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    path = write(tmp_path, "c.actors.txt", "FREEDONIA_ [FRD]\n")
    first = Dictionaries.load([path], [], [], [])
    assert [e.name for e in first.actors] == ["FREEDONIA"]
    assert list((tmp_path / "cache").rglob("actors-*.pickle"))
    path.write_text("FREEDONIA_ [FRD]\nSYLVANIA_ [SYL]\nBROKEN [X 2020x]\n", encoding="utf-8")
    second = Dictionaries.load([path], [], [], [])
    assert [e.name for e in second.actors] == ["FREEDONIA", "SYLVANIA"]
    third = Dictionaries.load([path], [], [], [])  # from the cache, problems included
    assert [p.line for p in third.problems] == [3]
    with pytest.raises(DictionaryError, match=r"c.actors.txt:3:"):
        Dictionaries.load([path], [], [], [], strict=True)
