"""Escalation scenarios through the real rules: dedup output of the Pakistan/Iran sequence into escalate."""

from __future__ import annotations

from agents.dedup import DedupPolicy, blocking_key
from agents.dedup import step as dedup_step
from agents.escalate import DyadState, load_rules, pair_key
from agents.escalate import step as escalate_step
from schemas.models import Alert, AlertLevel, Event
from tests.unit.factories import event, mention, pakistan_iran_mentions

RULES = load_rules()


def dedup(mentions) -> list[Event]:
    states: dict = {}
    out: list[Event] = []
    for m in mentions:
        key = blocking_key(m)
        states[key], events = dedup_step(states.get(key), m, DedupPolicy())
        out += events
    return out


def escalate(events, states: dict[str, DyadState | None] | None = None) -> tuple[dict, list[Alert]]:
    states = {} if states is None else states
    alerts: list[Alert] = []
    for e in events:
        key = pair_key(e)
        if key is None:
            continue
        states[key], out = escalate_step(states.get(key), e, RULES)
        alerts += out
    return states, alerts


def test_escalate_pakistan_iran_is_one_critical_episode():
    events = dedup(pakistan_iran_mentions())
    _, alerts = escalate(events)
    assert len({a.id for a in alerts}) == 1
    assert [a.version for a in alerts] == list(range(1, len(alerts) + 1))
    alert = alerts[-1]
    assert alert.pair == "IRN-PAK" and alert.level is AlertLevel.CRITICAL
    rules = {h.rule: h for h in alert.rules}
    assert {"reciprocal_strike", "cross_border_strike", "civilian_harm", "nuclear_armed_party",
            "diplomatic_downgrade"} <= set(rules)  # fmt: skip
    assert rules["reciprocal_strike"].reason.startswith(
        "Pakistan struck inside Iran 2 days after Iran struck inside Pakistan"
    )
    assert "recalled its ambassador" in rules["diplomatic_downgrade"].reason
    assert "3 women and 4 children" in rules["civilian_harm"].reason
    assert "Pakistan is nuclear-armed" in rules["nuclear_armed_party"].reason
    assert len(alert.events) == 3
    assert alert.outlets == tuple(sorted({o for e in events for o in e.outlets}))
    # Levels only rise within the episode.
    order = [AlertLevel.INFO, AlertLevel.WARNING, AlertLevel.CRITICAL]
    assert [order.index(a.level) for a in alerts] == sorted(order.index(a.level) for a in alerts)


def test_escalate_replaying_the_same_events_gives_no_new_alert():
    events = dedup(pakistan_iran_mentions())
    states, alerts = escalate(events)
    snapshot = dict(states)
    _, again = escalate(events, states)
    assert again == [] and states == snapshot
    assert alerts


def test_escalate_lone_strike_through_dedup_is_a_warning():
    events = dedup(pakistan_iran_mentions()[:5])  # Tuesday's strike only
    _, alerts = escalate(events)
    assert alerts and alerts[-1].level is AlertLevel.WARNING
    assert {h.rule for h in alerts[-1].rules} >= {"cross_border_strike", "civilian_harm"}


def test_escalate_sport_and_market_news_yield_nothing():
    # What dedup makes of non-conflict news has no two-country dyad: escalation skips it.
    news = [
        event("sport", dyad=None, sub="Condemnation", actors=(), targets=()),
        event("market", dyad="USA>USA", sub="Condemnation"),
    ]
    _, alerts = escalate(news)
    assert alerts == []
    domestic = dedup([mention("local", actor=None, target=None, place="Chicago", sub="Attack")])
    assert pair_key(domestic[0]) is None
