"""Alert kinds (analyse/alerts.py) over small databases of invented articles written with the hand-made
helpers (tests/fixtures/pledges/handmade.py): what each kind reports, what it leaves out, and "new"
as since a time or since a watcher round."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from dyadwatch.analyse.alerts import (
    ALERT_KINDS, AlertOptions, conflict_involving, dyad_shift, find_alerts, since_round, watch_actor_codes,
)
from dyadwatch.store.db import open_db
from dyadwatch.store.rounds import finish_round, start_round
from fixtures.pledges.handmade import article, event, store

YESTERDAY = datetime(2026, 11, 30, 8, 0)  # when the "old" articles were stored


def _stored_earlier(con, *articles) -> None:
    for art in articles:
        con.execute("UPDATE documents SET ingested_at = ? WHERE doc_id = ?", [YESTERDAY, art.doc_id])


def _dyads(con) -> dict:
    """Three dyads over weeks of November 2026 (weeks start on Mondays: 2, 9, 16, 23 November)."""
    arts = {}
    # CHN-JPN: cooperative in week 45, hostile in week 47 (mean +3.5 -> -4.0).
    a = arts["chn_jpn_old"] = article(
        "China and Japan agreed to expand ferry routes. Japan praised China for the new routes.",
        published=date(2026, 11, 3), url="https://wire.example/ferry")
    store(con, a, [event(a, "agreed", "agreed", "057", "CHNGOV", "JPNGOV"),
                   event(a, "praised", "praised", "051", "JPNGOV", "CHN")])
    b = arts["chn_jpn_new"] = article(
        "China threatened Japan with new port fees. Japan criticised China over the fees.",
        published=date(2026, 11, 18), url="https://wire.example/fees")
    store(con, b, [event(b, "threatened", "threatened", "130", "CHNGOV", "JPN"),
                   event(b, "criticised", "criticised", "111", "JPNGOV", "CHN")])
    # DEU-FRA: +3.5 then +1.0: a small move.
    c = arts["fra_deu"] = article(
        "France praised Germany for its rail plan. Germany consulted France on the route.",
        published=date(2026, 11, 4), url="https://wire.example/rail")
    store(con, c, [event(c, "praised", "praised", "051", "FRAGOV", "DEU")])
    d = arts["fra_deu_2"] = article("Germany consulted France on the route.", published=date(2026, 11, 11),
                                    url="https://wire.example/route")
    store(con, d, [event(d, "consulted", "consulted", "040", "DEUGOV", "FRA")])
    # KOR-USA: a big move from week 45 to 46, then a small one to week 47: only the last two weeks count.
    e = arts["kor_usa"] = article("The United States attacked a Korean vessel by mistake.",
                                  published=date(2026, 11, 2), url="https://wire.example/vessel")
    store(con, e, [event(e, "attacked", "attacked", "190", "USAMIL", "KOR")])
    f = arts["kor_usa_2"] = article("South Korea praised the United States for the apology.",
                                    published=date(2026, 11, 10), url="https://wire.example/apology")
    store(con, f, [event(f, "praised", "praised", "051", "KORGOV", "USA")])
    g = arts["kor_usa_3"] = article("The United States consulted South Korea on the inquiry.",
                                    published=date(2026, 11, 17), url="https://wire.example/inquiry")
    store(con, g, [event(g, "consulted", "consulted", "040", "USAGOV", "KOR")])
    return arts


@pytest.fixture
def con():
    con = open_db(":memory:")
    yield con
    con.close()


def test_dyad_shift_reports_the_dyad_whose_last_two_weeks_moved_past_the_threshold(con):
    arts = _dyads(con)
    alerts = dyad_shift(con, AlertOptions())
    assert [a.subject for a in alerts] == ["CHN-JPN"]
    [alert] = alerts
    assert alert.kind == "dyad_shift" and alert.day == date(2026, 11, 16)
    assert alert.message == ("CHN-JPN: weekly Goldstein mean fell from +3.5 (2026-W45, 2 events) to -4.0 "
                             "(2026-W47, 2 events), by 7.5")
    # The evidence is the latest week's events, the one pulling the mean down the most first.
    assert alert.sentence == "China threatened Japan with new port fees." and alert.doc_id == arts["chn_jpn_new"].doc_id
    threat, criticism = (con.execute("SELECT event_id FROM events WHERE doc_id = ? ORDER BY sentence_index",
                                     [arts["chn_jpn_new"].doc_id]).fetchall())
    assert alert.event_ids == [threat[0], criticism[0]]


def test_dyad_shift_threshold_is_configurable_and_strict(con):
    _dyads(con)
    assert dyad_shift(con, AlertOptions(shift_threshold=7.5)) == []  # "more than" the threshold
    moved = {a.subject for a in dyad_shift(con, AlertOptions(shift_threshold=0.4))}
    assert moved == {"CHN-JPN", "DEU-FRA", "KOR-USA"}


def test_dyad_shift_rise_is_reported_with_the_most_cooperative_event_first(con):
    a = article("Brazil criticised Peru over the dam.", published=date(2026, 11, 3), url="https://x.example/1")
    store(con, a, [event(a, "criticised", "criticised", "111", "BRAGOV", "PER")])
    b = article("Peru thanked Brazil for the aid. Brazil consulted Peru on the dam.", published=date(2026, 11, 24),
                url="https://x.example/2")
    store(con, b, [event(b, "consulted", "consulted", "040", "BRAGOV", "PER"),
                   event(b, "thanked", "thanked", "051", "PERGOV", "BRA")])
    [alert] = dyad_shift(con, AlertOptions())
    assert "rose from -2.0 (2026-W45, 1 event) to +2.2 (2026-W48, 2 events), by 4.2" in alert.message
    assert alert.sentence == "Peru thanked Brazil for the aid."


def test_dyad_shift_leaves_out_domestic_and_unknown_countries(con):
    a = article("Japan's army criticised the Japanese government. Rebels attacked Japan.", published=date(2026, 11, 3),
                url="https://x.example/3")
    store(con, a, [event(a, "criticised", "criticised", "111", "JPNMIL", "JPNGOV"),
                   event(a, "attacked", "attacked", "190", "---REB", "JPN")])
    b = article("Japan's army praised the Japanese government. Rebels praised Japan.", published=date(2026, 11, 24),
                url="https://x.example/4")
    store(con, b, [event(b, "praised the", "praised", "051", "JPNMIL", "JPNGOV"),
                   event(b, "Rebels praised", "praised", "051", "---REB", "JPN")])
    assert dyad_shift(con, AlertOptions()) == []


def test_dyad_shift_is_new_only_when_an_event_of_its_last_two_weeks_was_stored_since(con):
    arts = _dyads(con)
    _stored_earlier(con, *arts.values())
    assert dyad_shift(con, AlertOptions(since=YESTERDAY + timedelta(hours=1))) == []
    assert [a.subject for a in dyad_shift(con, AlertOptions(since=YESTERDAY))] == ["CHN-JPN"]
    late = article("Japan criticised China again over the fees.", published=date(2026, 11, 19),
                   url="https://wire.example/fees-2")
    store(con, late, [event(late, "criticised", "criticised", "111", "JPNGOV", "CHN")])
    [alert] = dyad_shift(con, AlertOptions(since=YESTERDAY + timedelta(hours=1)))
    assert alert.subject == "CHN-JPN" and "to -3.3 (2026-W47, 3 events)" in alert.message
    assert alert.stored_at > YESTERDAY + timedelta(hours=1)


def _conflicts(con) -> dict:
    arts = {}
    a = arts["threat"] = article("China threatened Japan with sanctions over the fishing boats.",
                                 published=date(2026, 11, 20), url="https://wire.example/sanctions", source="wire")
    store(con, a, [event(a, "threatened", "threatened", "130", "CHNGOV", "JPN")])
    b = arts["reprint"] = article("China threatened Japan with sanctions over the fishing boats on Friday.",
                                  published=date(2026, 11, 20), url="https://paper.example/sanctions", source="paper")
    store(con, b, [event(b, "threatened", "threatened", "130", "CHNGOV", "JPN")])
    c = arts["negated"] = article("Japan did not reject the Chinese offer of talks.", published=date(2026, 11, 21),
                                  url="https://wire.example/offer")
    store(con, c, [event(c, "reject", "reject", "120", "JPNGOV", "CHN", negated=True)])
    d = arts["hypothetical"] = article("Russia could attack Japanese ships in the strait.",
                                       published=date(2026, 11, 21), url="https://wire.example/strait")
    store(con, d, [event(d, "attack", "attack", "190", "RUSMIL", "JPN", mode="hypothetical")])
    e = arts["unwatched"] = article("India attacked a Pakistani border post.", published=date(2026, 11, 22),
                                    url="https://wire.example/post")
    store(con, e, [event(e, "attacked", "attacked", "190", "INDMIL", "PAK")])
    f = arts["cooperation"] = article("Japan appealed to the United States for help.", published=date(2026, 11, 22),
                                      url="https://wire.example/appeal")
    store(con, f, [event(f, "appealed", "appealed", "020", "JPNGOV", "USA")])
    g = arts["force"] = article("The United States Navy fired on a Chinese drone near Guam.",
                                published=date(2026, 11, 23), url="https://wire.example/drone")
    store(con, g, [event(g, "fired", "fired", "190", "USAMIL", "CHN")])
    h = arts["rejection"] = article("Japan rejected the Chinese proposal for a joint patrol.",
                                    published=date(2026, 11, 24), url="https://wire.example/patrol")
    store(con, h, [event(h, "rejected", "rejected", "120", "JPNGOV", "CHN")])
    return arts


def test_conflict_involving_reports_asserted_threats_rejections_and_force_of_watched_actors(con):
    arts = _conflicts(con)
    alerts = conflict_involving(con, AlertOptions(watch_actors=("JPN",)))
    by_doc = {a.doc_id: a for a in alerts}
    assert len(alerts) == 2 == len(by_doc)
    threat = next(a for a in alerts if a.message.startswith("threat"))
    # Two outlets' reports of one threat (one cluster) make one alert with both events as evidence.
    assert len(threat.event_ids) == 2 and threat.message.endswith(", 2 reports")
    assert threat.message.startswith("threat: CHNGOV -> JPN: ") and "(CAMEO 130), 2026-11-20" in threat.message
    assert threat.subject == "JPN" and threat.day == date(2026, 11, 20)
    rejection = by_doc[arts["rejection"].doc_id]
    assert rejection.message.startswith("rejection: JPNGOV -> CHN: ") and rejection.event_ids
    assert rejection.sentence == "Japan rejected the Chinese proposal for a joint patrol."
    # Negated, hypothetical, unwatched and cooperative events give none.
    evidence = {e for a in alerts for e in a.event_ids}
    for key in ("negated", "hypothetical", "unwatched", "cooperation", "force"):
        ids = {r[0] for r in con.execute("SELECT event_id FROM events WHERE doc_id = ?", [arts[key].doc_id]).fetchall()}
        assert not ids & evidence, key


def test_conflict_involving_watches_code_prefixes_on_either_side_and_names_them(con):
    _conflicts(con)
    assert conflict_involving(con, AlertOptions()) == []  # nobody watched
    alerts = conflict_involving(con, AlertOptions(watch_actors=("USA", "CHN")))
    subjects = sorted(a.subject for a in alerts)
    assert subjects == ["CHN", "CHN", "USA,CHN"]  # the threat, the rejection, the drone
    force = next(a for a in alerts if a.subject == "USA,CHN")
    assert force.message.startswith("use of force: USAMIL -> CHN: ")
    assert conflict_involving(con, AlertOptions(watch_actors=("USAGOV",))) == []  # the Navy is USAMIL


def test_conflict_involving_since_a_round(con):
    arts = _conflicts(con)
    _stored_earlier(con, *arts.values())
    first = finish_round(con, start_round(con, YESTERDAY - timedelta(minutes=1), sources=1), YESTERDAY)
    second = start_round(con, datetime.now() - timedelta(seconds=1), sources=1)
    late = article("Japan rejected China's claim to the reef.", published=date(2026, 11, 25),
                   url="https://wire.example/reef")
    store(con, late, [event(late, "rejected", "rejected", "120", "JPNGOV", "CHN")])
    finish_round(con, second, datetime.now())
    watched = ("JPN",)
    assert len(conflict_involving(con, AlertOptions(since=since_round(con, first.round_id), watch_actors=watched))) == 3
    [new] = conflict_involving(con, AlertOptions(since=since_round(con, second.round_id), watch_actors=watched))
    assert new.doc_id == late.doc_id and new.stored_at >= second.started_at
    with pytest.raises(ValueError, match="no watcher round 9"):
        since_round(con, 9)


def test_find_alerts_runs_every_kind_newest_evidence_first(con):
    arts = _dyads(con)
    _stored_earlier(con, arts["chn_jpn_old"])
    con.execute("UPDATE documents SET ingested_at = ? WHERE doc_id = ?",
                [YESTERDAY + timedelta(hours=2), arts["chn_jpn_new"].doc_id])
    later = article("Japan rejected the Chinese fee schedule.", published=date(2026, 11, 19),
                    url="https://wire.example/schedule")
    store(con, later, [event(later, "rejected", "rejected", "120", "JPNGOV", "CHN")])
    alerts = find_alerts(con, AlertOptions(watch_actors=("JPN",)))
    # The new article brought the rejection (dated 19 November) and the shift (week of 16 November).
    assert [a.kind for a in alerts] == ["conflict_involving", "dyad_shift", "conflict_involving"]
    assert alerts[0].stored_at == alerts[1].stored_at > alerts[2].stored_at == YESTERDAY + timedelta(hours=2)
    assert [a.kind for a in find_alerts(con, AlertOptions(watch_actors=("JPN",)), kinds=["conflict_involving"],
                                        limit=1)] == ["conflict_involving"]
    with pytest.raises(ValueError, match="unknown alert kind pledge_answered"):
        find_alerts(con, kinds=["pledge_answered"])
    assert set(ALERT_KINDS) == {"dyad_shift", "conflict_involving", "pledge_update"}


def test_watch_actor_codes():
    assert watch_actor_codes(" jpn, USA,,CHN,jpn ") == ("JPN", "USA", "CHN")
    assert watch_actor_codes(["JPN,usa", "CHNGOV"]) == ("JPN", "USA", "CHNGOV")
    assert watch_actor_codes(None) == () and watch_actor_codes("") == ()
    with pytest.raises(ValueError, match="'J P' is not an actor code"):
        watch_actor_codes("JPN, J P")


def test_conflict_involving_one_sentence_coded_with_and_without_its_target_is_one_alert(con):
    a = article("Japan rejected the demand and said the survey would go on.", published=date(2026, 11, 30),
                url="https://wire.example/survey")
    store(con, a, [event(a, "rejected", "rejected", "120", "JPN", None),
                   event(a, "rejected", "rejected", "120", "JPN", "CHNGOV")])
    [alert] = conflict_involving(con, AlertOptions(watch_actors=("JPN",)))
    assert alert.message == "rejection: JPN -> CHNGOV: Reject (CAMEO 120), 2026-11-30"  # the report naming a target
    assert len(alert.event_ids) == 2
