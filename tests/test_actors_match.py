"""Actor matching: the automaton, dated roles, leaders overriding Phoenix, composition with agents."""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.actors.match import ActorMatcher, resolve_codes
from dyadwatch.dictionaries.types import ActorEntry, AgentEntry, CodeSpan
from dyadwatch.events.coder import Coder


def matcher():
    actors = [
        ActorEntry("JAPAN", ["JAPAN", "JAPANESE"], [CodeSpan("JPN")], "t:1"),
        ActorEntry("UNITED_STATES", ["UNITED STATES", "U.S.", "US"], [CodeSpan("USA")], "t:2"),
        ActorEntry("ARGENTINA", ["ARGENTIN"], [CodeSpan("ARG")], "t:3", stem_phrases=["ARGENTIN"]),
        ActorEntry("OLD_ISHIBA", ["SHIGERU ISHIBA", "ISHIBA"],
                   [CodeSpan("JPNGOVMIL", date(2007, 11, 1), date(2008, 8, 31))], "t:4"),
        ActorEntry("SHIGERU_ISHIBA", ["SHIGERU ISHIBA", "ISHIBA"],
                   [CodeSpan("JPNGOV", date(2024, 10, 1), date(2025, 10, 21))], "leaders", titles=["PRIME MINISTER"]),
        ActorEntry("DONALD_TRUMP", ["DONALD TRUMP", "TRUMP"],
                   [CodeSpan("USAELI", date(2024, 11, 6), date(2025, 1, 19)), CodeSpan("USAGOV", date(2025, 1, 20))],
                   "leaders", titles=["PRESIDENT-ELECT", "PRESIDENT"]),
    ]
    agents = [AgentEntry("TROOPS", ["TROOP", "TROOPS"], "~MIL"),
              AgentEntry("GOVERNMENT", ["GOVERNMENT"], "~GOV")]
    return ActorMatcher(actors, agents, {"MONTHS LATER": False}, stems=True)


def test_longest_match_and_word_boundaries():
    m = matcher()
    mentions, _ = m.find("The United States and Japanese troops".split())
    assert [(x.start, x.end, x.kind, x.codes) for x in mentions] == [
        (1, 3, "actor", ["USA"]), (4, 5, "actor", ["JPN"]), (5, 6, "agent", ["~MIL"])]
    assert m.find(["Japanism"])[0] == []  # exact phrase: no partial words


def test_stem_phrase_matches_longer_word():
    mentions, _ = matcher().find(["Argentina", "protested"])
    assert mentions[0].codes == ["ARG"] and (mentions[0].start, mentions[0].end) == (0, 1)


def test_capitalisation_required_for_actors():
    m = matcher()
    words = ["they", "told", "us", "about", "US", "troops"]
    caps = [w[:1].isupper() for w in words]
    mentions, _ = m.find(words, None, caps)
    assert [(x.start, x.codes) for x in mentions] == [(4, ["USA"]), (5, ["~MIL"])]


def test_dated_roles_and_leaders_override():
    m = matcher()
    mentions, _ = m.find(["Ishiba"], date(2024, 12, 1))
    assert mentions[0].codes == ["JPNGOV"] and mentions[0].name == "SHIGERU_ISHIBA"
    mentions, _ = m.find(["Ishiba"], date(2008, 1, 1))  # the leaders entry has no role then: Phoenix's does
    assert mentions[0].codes == ["JPNGOVMIL"]


def test_undated_prefers_latest_role_unless_title_says_otherwise():
    trump = matcher().actors[5]
    assert resolve_codes(trump, None) == ["USAGOV"]
    assert resolve_codes(trump, None, ["PRESIDENT", "-", "ELECT"]) == ["USAELI"]
    assert resolve_codes(trump, date(2024, 12, 1)) == ["USAELI"]
    mentions, _ = matcher().find("President - elect Donald Trump".split())
    assert mentions[-1].codes == ["USAELI"]


def test_discards_reported():
    _, discards = matcher().find("Three MONTHS later Japan".split())
    assert discards == [("MONTHS LATER", False)]


@pytest.fixture(scope="module")
def coder():
    return Coder.from_settings()


@pytest.mark.parametrize("sentence, text, code", [
    ("Japanese Self-Defense Forces will train with Australia.", "Japanese Self-Defense Forces", "JPNMIL"),
    ("US troops will stay in Japan, Tokyo said.", "US troops", "USAMIL"),
    ("The Japanese government urged China to talk.", "Japanese government", "JPNGOV"),
    ("Ishiba’s government criticized China.", "Ishiba’s government", "JPNGOV"),
    ("Washington criticized China.", "Washington", "USAGOV"),
    ("NATO criticized Russia.", "NATO", "IGOWSTNAT"),
])
def test_composed_actors_in_real_sentences(coder, sentence, text, code):
    result = coder.explain(sentence, date(2024, 12, 1))
    found = {a["text"]: a["codes"] for a in result["actors"]}
    assert any(text in t and code in codes for t, codes in found.items()), found


def test_president_elect_title_picks_role_without_date(coder):
    result = coder.explain("Japan praised President-elect Donald Trump.", None)
    assert ["USAELI"] in [a["codes"] for a in result["actors"]]


def test_surname_after_full_name_resolves(tmp_path):
    from dyadwatch.records import Article
    from dyadwatch.settings import Settings

    actors = tmp_path / "people.actors.txt"
    actors.write_text("IVAN_PETROVSKY_\n\t[RUSGOV >20200101]\n", encoding="utf-8")
    coder = Coder.from_settings(Settings(actors_files=(str(actors),)))
    text = "Ivan Petrovsky visited Japan on Monday.\nPetrovsky later criticized Japan."
    events = coder.code_article(Article("d", "p", text, "h", published=date(2023, 3, 1)))
    later = [e for e in events if e.sentence_index == 1]
    assert later and later[0].source.code == "RUSGOV"
    assert later[0].source.resolved_from.startswith("surname 'Petrovsky'")


def test_a_country_adjective_before_its_leader_gives_the_leaders_code():
    from datetime import date

    from dyadwatch.events.coder import Coder
    from dyadwatch.settings import Settings

    coder = Coder.from_settings(Settings())
    events = coder.code_sentence("Chinese President Xi Jinping met US President Donald Trump in Busan.",
                                 date(2025, 10, 30))
    assert sorted((e.source.code, e.target.code) for e in events) == [("CHNGOV", "USAGOV"), ("USAGOV", "CHNGOV")]
