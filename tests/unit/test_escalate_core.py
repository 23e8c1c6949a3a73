"""Escalation: pair keys, each rule, episodes, versions, redelivery and bounded state."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.escalate import DyadState, EscalationRules, alert_id, load_rules, pair_key, step
from agents.escalate.core import record, surge_hit
from schemas.codec import decode, encode
from schemas.models import Alert, AlertLevel, Event, Place, Victims
from tests.unit.factories import PLACES, TUESDAY, event, live

RULES = load_rules()


def run(
    events: list[Event], rules: EscalationRules = RULES
) -> tuple[dict[str, DyadState | None], list[Alert]]:
    states: dict[str, DyadState | None] = {}
    alerts: list[Alert] = []
    for e in events:
        key = pair_key(e)
        if key is None:
            continue
        states[key], out = step(states.get(key), e, rules)
        alerts += out
    return states, alerts


def rule_names(alert: Alert) -> set[str]:
    return {h.rule for h in alert.rules}


def day(n: int) -> dt.date:
    return TUESDAY + dt.timedelta(days=n)


def noon(n: float) -> dt.datetime:
    """Noon of Tuesday plus ``n`` days (may be fractional)."""
    return dt.datetime.combine(TUESDAY, dt.time(12), tzinfo=dt.UTC) + dt.timedelta(days=n)


def strike_at(eid: str, n: float, **kw) -> Event:
    """A strike first reported ``n`` days after Tuesday noon, dated that day."""
    return event(eid, date=noon(n).date(), first_seen=noon(n), **kw)


@pytest.mark.parametrize(
    ("dyad", "key"),
    [("IRN>PAK", "IRN-PAK"), ("PAK>IRN", "IRN-PAK"), ("USA>USA", None), (None, None), ("IRN>", None)],
)
def test_escalate_pair_key_is_sorted_and_needs_two_countries(dyad, key):
    assert pair_key(event("e", dyad=dyad)) == key


def test_escalate_event_without_pair_is_skipped():
    state, alerts = step(None, event("e", dyad=None), RULES)
    assert state is None and alerts == []


def test_escalate_lone_cross_border_strike_is_a_warning():
    _, alerts = run([event("e1", killed=2, victims=Victims(children=2), claimant="Pakistani officials")])
    (alert,) = alerts
    assert alert.level is AlertLevel.WARNING
    assert rule_names(alert) == {"cross_border_strike", "nuclear_armed_party", "first_strike_quiet_dyad",
                                 "civilian_harm"}  # fmt: skip
    assert alert.id == alert_id("IRN-PAK", "e1") and alert.version == 1
    assert alert.pair == "IRN-PAK" and alert.dyad == "IRN>PAK"
    assert alert.events[0].id == "e1" and alert.events[0].version == 1
    cb = next(h for h in alert.rules if h.rule == "cross_border_strike")
    assert "Iran" in cb.reason and "Pakistan" in cb.reason
    ch = next(h for h in alert.rules if h.rule == "civilian_harm")
    assert "2 children" in ch.reason and "Pakistani officials" in ch.reason
    assert alert.created_at == alert.updated_at == dt.datetime.combine(TUESDAY, dt.time(12), tzinfo=dt.UTC)


def test_escalate_lone_strike_between_non_nuclear_states_is_a_warning():
    ganja = Place(name="Ganja", admin1="Ganja", country="AZE", lat=40.68, lon=46.36, precision="city")
    _, alerts = run([event("e1", actor="ARM", target="AZE", place=ganja)])
    (alert,) = alerts
    assert rule_names(alert) == {"cross_border_strike", "first_strike_quiet_dyad"}
    assert alert.level is AlertLevel.WARNING
    assert "Armenia's forces struck inside Azerbaijan" in alert.summary


def test_escalate_strike_not_inside_the_other_state_is_info():
    # Iran strikes a Pakistani target inside Iran: not cross-border.
    _, alerts = run([event("e1", place="Saravan")])
    (alert,) = alerts
    assert "cross_border_strike" not in rule_names(alert)
    assert alert.level is AlertLevel.INFO


def test_escalate_reciprocal_strike_names_both_events():
    _, alerts = run([event("e1"), event("e2", actor="PAK", target="IRN", place="Saravan", date=day(2))])
    alert = alerts[-1]
    assert len({a.id for a in alerts}) == 1
    hit = next(h for h in alert.rules if h.rule == "reciprocal_strike")
    assert hit.reason.startswith("Pakistan struck inside Iran 2 days after Iran struck inside Pakistan")
    assert "e1" in hit.reason and "e2" in hit.reason
    assert alert.level is AlertLevel.CRITICAL
    assert [r.id for r in alert.events] == ["e1", "e2"]


def test_escalate_reciprocal_strike_outside_window_opens_no_reciprocity():
    rules = dataclasses.replace(RULES, episode=dataclasses.replace(RULES.episode, quiet_days=30))
    _, alerts = run(
        [event("e1"), event("e2", actor="PAK", target="IRN", place="Saravan", date=day(9))], rules
    )
    assert "reciprocal_strike" not in rule_names(alerts[-1])


def test_escalate_diplomatic_act_alone_raises_nothing_but_counts_later():
    recall = event(
        "r1", sub="Ambassador recalled", actor="PAK", target="IRN", place="Islamabad", date=day(-1)
    )
    states, alerts = run([recall])
    assert alerts == [] and states["IRN-PAK"] is not None
    _, alerts = run([recall, event("e1")])
    (alert,) = alerts
    hit = next(h for h in alert.rules if h.rule == "diplomatic_downgrade")
    assert hit.reason.startswith(
        "Pakistan recalled its ambassador from Iran 1 day before Iran struck inside Pakistan"
    )
    assert {r.id for r in alert.events} == {"e1", "r1"}


def test_escalate_diplomatic_downgrade_after_strike_updates_the_alert():
    recall = event("r1", sub="Ambassador recalled", actor="PAK", target="IRN", place="Islamabad", date=day(1))
    _, alerts = run([event("e1"), recall])
    assert [a.version for a in alerts] == [1, 2] and len({a.id for a in alerts}) == 1
    assert "diplomatic_downgrade" in rule_names(alerts[-1]) and "diplomatic_downgrade" not in rule_names(
        alerts[0]
    )


def test_escalate_sanctions_after_a_strike_are_a_downgrade_with_a_reason():
    sanctions = event(
        "s1", sub="Sanctions imposed", actor="PAK", target="IRN", place="Islamabad", date=day(2)
    )
    _, alerts = run([event("e1"), sanctions])
    hit = next(h for h in alerts[-1].rules if h.rule == "diplomatic_downgrade")
    assert "imposed sanctions on" in hit.reason and hit.score == 1
    assert {r.id for r in alerts[-1].events} == {"e1", "s1"}


def test_escalate_condemnation_is_not_a_downgrade():
    cond = event("c1", sub="Condemnation", actor="PAK", target="IRN", place="Islamabad", date=day(1))
    _, alerts = run([event("e1"), cond])
    assert len(alerts) == 1


def test_escalate_redelivery_and_older_versions_emit_nothing():
    e1 = event("e1", version=2, killed=2)
    states, alerts = run([e1])
    assert len(alerts) == 1
    state = states["IRN-PAK"]
    for again in (e1, event("e1", version=1)):
        new_state, out = step(state, again, RULES)
        assert out == [] and new_state == state


def test_escalate_event_version_with_only_a_new_outlet_sends_nothing():
    _, alerts = run([event("e1"), event("e1", version=2, outlets=("a.example", "b.example"))])
    assert [a.version for a in alerts] == [1]


def test_escalate_event_version_that_changes_a_reason_reemits_with_version_plus_one():
    _, alerts = run(
        [
            event("e1"),
            event("e1", version=2, outlets=("a.example", "b.example")),
            event("e1", version=3, killed=4, victims=Victims(children=4), outlets=("a.example", "b.example")),
        ]
    )
    assert [a.version for a in alerts] == [1, 2]
    assert "civilian_harm" in rule_names(alerts[-1])
    assert alerts[-1].events[0].version == 3 and alerts[-1].outlets == ("a.example", "b.example")


def test_escalate_retracted_figure_lowers_the_alert_as_a_new_version():
    _, alerts = run([
        event("e1", killed=3, victims=Victims(children=3)),
        event("e1", version=2, killed=0, victims=Victims(children=0)),
    ])  # fmt: skip
    assert [a.version for a in alerts] == [1, 2] and len({a.id for a in alerts}) == 1
    assert "civilian_harm" in rule_names(alerts[0]) and "civilian_harm" not in rule_names(alerts[1])
    assert alerts[1].score < alerts[0].score


def test_escalate_episode_closes_after_quiet_period_and_a_new_strike_opens_a_new_alert():
    quiet = RULES.episode.quiet_days
    _, alerts = run([event("e1"), event("e2", date=day(quiet + 5))])
    assert len(alerts) == 2
    assert alerts[0].id != alerts[1].id and alerts[1].version == 1
    assert alerts[1].id == alert_id("IRN-PAK", "e2")
    assert "first_strike_quiet_dyad" not in rule_names(alerts[1])  # a strike 15 days before


def test_escalate_strikes_within_quiet_period_share_the_episode():
    _, alerts = run([event("e1"), event("e2", date=day(3))])
    assert len({a.id for a in alerts}) == 1 and [a.version for a in alerts] == [1, 2]


def test_escalate_first_strike_needs_a_quiet_dyad():
    rules = dataclasses.replace(RULES, episode=dataclasses.replace(RULES.episode, quiet_days=2))
    _, alerts = run([event("e1"), event("e2", date=day(10))], rules)
    assert "first_strike_quiet_dyad" in rule_names(alerts[0])
    assert "first_strike_quiet_dyad" not in rule_names(alerts[1])
    _, alerts = run([event("e1"), event("e2", date=day(40))], rules)
    assert "first_strike_quiet_dyad" in rule_names(alerts[1])


def test_escalate_nuclear_party_list_is_configurable():
    rules = dataclasses.replace(
        RULES, nuclear_armed=dataclasses.replace(RULES.nuclear_armed, states=("IRN",))
    )
    _, alerts = run([event("e1")], rules)
    hit = next(h for h in alerts[0].rules if h.rule == "nuclear_armed_party")
    assert hit.reason.startswith("Iran is nuclear-armed")
    _, alerts = run([event("e1", actor="ARM", target="AZE", place=None)])
    assert "nuclear_armed_party" not in rule_names(alerts[0])


@pytest.mark.parametrize(("victims", "fires"), [
    (Victims(children=1), True),
    (Victims(women=2), True),
    (Victims(civilians=1), True),
    (Victims(militants=5), False),
    (None, False),
])  # fmt: skip
def test_escalate_civilian_harm_thresholds(victims, fires):
    _, alerts = run([event("e1", killed=5, victims=victims)])
    assert ("civilian_harm" in rule_names(alerts[0])) is fires


def test_escalate_surge_in_a_province_is_flagged_against_its_baseline():
    base = [strike_at(f"b{i}", -35 + 6 * i) for i in range(4)]
    burst = [
        event(f"s{i}", date=day(0), killed=2, first_seen=dt.datetime(2024, 1, 16, 2 + i, tzinfo=dt.UTC))
        for i in range(3)
    ]
    _, alerts = run([*base, *burst])
    surge = next(h for h in alerts[-1].rules if h.rule == "surge")
    assert "large increase" in surge.reason and surge.score == RULES.surge.large_score
    province_only = dataclasses.replace(RULES, surge=dataclasses.replace(RULES.surge, scopes=("province",)))
    _, alerts = run([*base, *burst], province_only)
    surge = next(h for h in alerts[-1].rules if h.rule == "surge")
    assert surge.reason.startswith("Balochistan (Pakistan) intensity") and "large increase" in surge.reason


def test_escalate_surge_in_one_province_is_not_diluted_by_another():
    # The baseline is in another province: the pair's baseline exists, the province's does not.
    base = [strike_at(f"b{i}", -30 + 6 * i, place="Saravan", actor="PAK", target="IRN") for i in range(4)]
    province_only = dataclasses.replace(RULES, surge=dataclasses.replace(RULES.surge, scopes=("province",)))
    burst = [
        event(f"s{i}", killed=2, first_seen=dt.datetime(2024, 1, 16, 2 + i, tzinfo=dt.UTC)) for i in range(3)
    ]
    _, alerts = run([*base, *burst], province_only)
    assert "surge" not in rule_names(alerts[-1])
    _, alerts = run([*base, *burst])
    assert "surge" in rule_names(alerts[-1])


def test_escalate_moderate_surge_band():
    # Baseline 30 strikes in 30 days (7 expected per week); 8 in the last week: +14%, a moderate increase.
    base = [strike_at(f"b{i}", -8 - i) for i in range(30)]
    week = [strike_at(f"w{i}", -0.8 * i) for i in range(8)]
    history = [record(e, RULES) for e in [*base, *week]]
    surge = surge_hit(history[-1 - 7], history, RULES)
    assert surge is not None
    assert "moderate increase" in surge.reason and surge.score == RULES.surge.moderate_score


def test_escalate_no_surge_without_baseline():
    _, alerts = run([event(f"s{i}", killed=3) for i in range(4)])
    assert "surge" not in rule_names(alerts[-1])


def test_escalate_state_is_bounded_and_round_trips():
    states, _ = run(
        [event("old", date=day(-200), first_seen=dt.datetime(2023, 6, 1, tzinfo=dt.UTC)), event("e1")]
    )
    state = states["IRN-PAK"]
    assert state is not None and [r.id for r in state.history] == ["e1"]
    assert decode(DyadState, encode(state)) == state


def test_escalate_too_late_event_is_ignored():
    states, _ = run([event("e1")])
    state = states["IRN-PAK"]
    late = event("ancient", date=day(-100), first_seen=dt.datetime(2023, 10, 1, tzinfo=dt.UTC))
    assert step(state, late, RULES) == (state, [])


@pytest.mark.parametrize(("warning", "critical", "level"), [
    (3, 8, AlertLevel.WARNING), (1, 2, AlertLevel.CRITICAL), (10, 20, AlertLevel.INFO),
])  # fmt: skip
def test_escalate_level_thresholds_come_from_the_rules(warning, critical, level):
    rules = dataclasses.replace(
        RULES, levels=dataclasses.replace(RULES.levels, warning=warning, critical=critical)
    )
    _, alerts = run([event("e1")], rules)
    assert alerts[0].level is level


def test_escalate_place_used_for_reason_when_target_elsewhere():
    _, alerts = run([event("e1", actor="IRN", target="PAK", place=PLACES["Islamabad"])])
    assert alerts[0].summary.startswith("WARNING Iran–Pakistan")


def test_escalate_superseded_event_leaves_the_episode_and_the_alert():
    first, second = event("e1", killed=2), event("e2", place="Panjgur")
    state, [alert] = step(None, first, RULES)
    state, alerts = step(state, second, RULES)
    alert = alerts[-1] if alerts else alert
    assert {ref.id for ref in alert.events} == {"e1", "e2"}
    merged = second.model_copy(update={"version": 2, "superseded_by": "e1"})
    state, [update] = step(state, merged, RULES)
    assert update.id == alert.id and update.version == alert.version + 1
    assert [ref.id for ref in update.events] == ["e1"]
    assert state is not None and [r.id for r in state.history] == ["e1"]
    assert step(state, merged, RULES) == (state, [])


def live_alerts(alerts: list[Alert]) -> dict[str, tuple[object, ...]]:
    """What a subscriber holds at the end: the latest version per id, superseded alerts dropped."""
    return {i: (a.level, a.rules, tuple(r.id for r in a.events)) for i, a in live(alerts).items()}


def test_escalate_late_earlier_strike_supersedes_the_published_alert():
    later = event("e2", actor="PAK", target="IRN", place="Saravan", date=day(2))
    earlier = event("e1", date=day(0), first_seen=noon(2.5))  # reported after e2
    _, alerts = run([later, earlier])
    first, gone, new = alerts[0], *[a for a in alerts[1:] if a.superseded_by], alerts[-1]
    assert first.id == alert_id("IRN-PAK", "e2") and new.id == alert_id("IRN-PAK", "e1")
    assert gone.id == first.id and gone.version == first.version + 1 and gone.superseded_by == new.id
    assert "reciprocal_strike" in rule_names(new) and new.superseded_by is None
    assert live_alerts(alerts) == live_alerts(run([earlier, later])[1])


SCENARIO = [
    [event("a1", killed=2), event("a1", version=2, killed=7, victims=Victims(women=3, children=4))],
    [event("b1", actor="PAK", target="IRN", place="Saravan", date=day(2))],
    [event("r1", sub="Ambassador recalled", actor="PAK", target="IRN", place="Islamabad", date=day(2))],
    [
        event("a2", date=day(1), first_seen=noon(3)),
        event("a2", version=2, superseded_by="a1", date=day(1), first_seen=noon(3)),
    ],
    [event("c1", date=day(-1))],
    [event("d1", date=day(25), killed=1)],
    [event("d2", actor="PAK", target="IRN", place="Saravan", date=day(27))],
]


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_escalate_final_alerts_do_not_depend_on_arrival_order(rnd):
    """Versions of one event arrive in order (one dedup partition); different events interleave freely."""
    queues = [list(versions) for versions in SCENARIO]
    order: list[Event] = []
    while any(queues):
        queue = rnd.choice([q for q in queues if q])
        order.append(queue.pop(0))
    reference = live_alerts(run([e for versions in SCENARIO for e in versions])[1])
    _, alerts = run(order)
    assert live_alerts(alerts) == reference
    assert len(reference) == 2  # the Tuesday episode and the one 25 days later
    seen: dict[tuple[str, int], Alert] = {}
    for a in alerts:  # an (id, version) is never sent twice
        assert (a.id, a.version) not in seen
        seen[a.id, a.version] = a


def test_escalate_replayed_version_of_a_merged_event_does_not_bring_it_back():
    """After a crash the input is replayed from the last commit against a newer table state."""
    first, second = event("e1", killed=2), event("e2", place="Panjgur")
    state, _ = step(None, first, RULES)
    state, _ = step(state, second, RULES)
    merged = second.model_copy(update={"version": 2, "superseded_by": "e1"})
    state, _ = step(state, merged, RULES)
    assert state is not None and [r.id for r in state.retired] == ["e2"]
    for replayed in (second, merged):
        assert step(state, replayed, RULES) == (state, [])
    revived = second.model_copy(update={"version": 3})  # dedup gave the id back to a cluster
    state, _ = step(state, revived, RULES)
    assert state is not None and "e2" in {r.id for r in state.history} and state.retired == ()


def test_escalate_episode_split_after_its_first_strike_aged_out_publishes_each_id_once():
    """An episode whose first strike has aged out keeps its id; when a later version of one of its events
    moves it past the quiet period, the episode falls apart in two groups. Only one of them may continue
    the published id: two alert versions with one (id, version) and different content must never go out."""
    quiet = RULES.episode.quiet_days
    days = [0, quiet - 2, 2 * quiet - 4, 3 * quiet - 6]  # gaps of quiet - 2: one episode
    first = [strike_at(f"e{i}", d) for i, d in enumerate(days)]
    later = strike_at("late", RULES.history_days + 2)  # ages e0 (only) out of the history
    moved = event(
        "e3", version=2, date=day(days[2] + quiet + 2), first_seen=noon(days[3])
    )  # e3 now comes after a quiet gap
    _, alerts = run([*first, later, moved])
    keys = [(a.id, a.version) for a in alerts]
    assert len(keys) == len(set(keys))
    episode = alert_id("IRN-PAK", "e0")
    last = {a.id: a for a in alerts}
    assert {e.id for e in last[episode].events} >= {"e1", "e2"}
    assert last[episode].superseded_by is None
    split = [a for a in last.values() if "e3" in {e.id for e in a.events} and a.id != episode]
    assert split and split[0].id == alert_id("IRN-PAK", "e3")


def test_escalate_episode_past_its_history_drops_a_merged_event_from_its_alert():
    """An episode whose first strike has aged out keeps the references of its aged-out events, but not of an
    event dedup has since merged into another: whether such a short-lived event was ever cited depends on
    the order the reports came in, so the alert would too."""
    quiet = RULES.episode.quiet_days
    days = [0, quiet - 2, 2 * quiet - 4]
    first = [strike_at(f"e{i}", d) for i, d in enumerate(days)]
    later = strike_at("late", RULES.history_days + 2)  # ages e0 (only) out of the history
    brief = strike_at("brief", days[2])  # a report of e2's strike that opened an event of its own...
    merged = brief.model_copy(update={"version": 2, "superseded_by": "e2"})  # ...then merged into e2
    _, alerts = run([*first, later, brief, merged])
    _, reference = run([*first, later])
    assert "brief" not in {e.id for a in live(alerts).values() for e in a.events}
    assert live_alerts(alerts) == live_alerts(reference)


def long_war(n: int, seed: int, gaps: tuple[int, ...] = (1, 2, 3, 6, 9, 14)) -> list[Event]:
    """``n`` strikes 1-14 days apart (episodes that outlive the history), both ways, some with casualties,
    each reported the day it happened and some updated two days later."""
    rnd = __import__("random").Random(seed)
    out: list[Event] = []
    d = 0
    for i in range(n):
        d += rnd.choice(gaps)
        iran = rnd.random() < 0.6
        kw = {"actor": "IRN", "target": "PAK", "place": "Panjgur"} if iran else {
            "actor": "PAK", "target": "IRN", "place": "Saravan"}  # fmt: skip
        killed = rnd.choice([None, 1, 3, 12])
        out.append(strike_at(f"w{i:03d}", d, killed=killed, **kw))
        if rnd.random() < 0.3:
            out.append(strike_at(f"w{i:03d}", d, version=2, killed=(killed or 0) + 2, **kw))
            out[-1] = out[-1].model_copy(update={"last_updated": noon(d + 2)})
    return out


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 3))
def test_escalate_episode_longer_than_its_history_reads_the_same_in_any_order(rnd, seed):
    """An episode that outlives the history keeps what its aged-out events fired. Reports arrive in the order
    of a live wire, shuffled within windows shorter than ``episode.settle_days`` (partitions interleave; a
    crashed worker replays): the final alerts, down to every reason's wording, are the same."""
    window = RULES.episode.settle_days - 1
    events = long_war(40, seed)
    reference = live_alerts(run(sorted(events, key=lambda e: (e.last_updated, e.version)))[1])
    t0 = min(e.last_updated for e in events)
    buckets: dict[int, list[Event]] = {}
    for e in events:
        buckets.setdefault((e.last_updated - t0).days // window, []).append(e)
    order: list[Event] = []
    for b in sorted(buckets):
        queues: dict[str, list[Event]] = {}
        for e in sorted(buckets[b], key=lambda e: e.version):
            queues.setdefault(e.id, []).append(e)
        live_q = list(queues.values())
        while any(live_q):
            q = rnd.choice([q for q in live_q if q])
            order.append(q.pop(0))
    assert max(e.date for e in events) - min(e.date for e in events) > dt.timedelta(days=RULES.history_days)
    assert live_alerts(run(order)[1]) == reference


def test_escalate_endless_episode_state_and_alert_stay_bounded():
    """A war with a strike every few days is one episode for ever: the alert cites the latest aged-out events
    and the history, lists a few reasons per rule with a count of the rest, and the state stops growing."""
    from agents.escalate.core import MAX_ARCHIVED_REFS, MAX_REASONS

    events = long_war(400, 1, gaps=(1, 2, 3, 4, 5, 6))
    states: dict[str, DyadState | None] = {}
    sizes = []
    alerts: list[Alert] = []
    for e in sorted(events, key=lambda e: (e.last_updated, e.version)):
        states["IRN-PAK"], out = step(states.get("IRN-PAK"), e, RULES)
        alerts += out
        sizes.append(len(encode(states["IRN-PAK"])))
    (last,) = live(alerts).values()
    state = states["IRN-PAK"]
    assert state is not None and len(state.episodes) == 1
    assert len(last.events) <= MAX_ARCHIVED_REFS + len(state.history) < 400
    assert last.events[-1].id == "w399"
    cross = next(h for h in last.rules if h.rule == "cross_border_strike")
    assert cross.reason.count("struck inside") == MAX_REASONS and cross.reason.endswith("more")
    assert max(sizes[-100:]) < 1.3 * max(sizes[200:300])


def test_escalate_pair_quiet_for_two_histories_is_stale_and_its_state_changes_nothing():
    """The stage deletes a stale pair's state (``streams.sweep``): a step on a later event must then do
    exactly what it does with the state."""
    from agents.escalate import is_stale

    states, _ = run(long_war(12, 2))
    state = states["IRN-PAK"]
    assert state is not None and state.episodes
    last = max([state.newest, *(ep.alert.updated_at for ep in state.episodes)])
    two = 2 * dt.timedelta(days=RULES.history_days)
    assert not is_stale(state, last + two - dt.timedelta(hours=1), RULES)
    assert is_stale(state, last + two + dt.timedelta(hours=1), RULES)
    now = last + two + dt.timedelta(hours=1)
    for lag in (0, RULES.history_days - 1):  # an event at the clock, or nearly a history behind it
        seen = now - dt.timedelta(days=lag)
        later = event("new", date=seen.date(), first_seen=seen, killed=3)
        with_state, out = step(state, later, RULES)
        without, fresh = step(None, later, RULES)
        assert out == fresh
        assert with_state is not None and without is not None
        assert (with_state.history, with_state.episodes) == (without.history, without.episodes)
