"""Dedup on the Pakistan/Iran sequence of January 2024 (hand-built mentions)."""

from __future__ import annotations

from agents.dedup import DedupPolicy, DedupState, blocking_key, event_id, step
from schemas.codec import decode, encode
from tests.unit.factories import live, pakistan_iran_mentions
from tests.unit.factories import replay_dedup as replay

POLICY = DedupPolicy()


def test_dedup_pakistan_iran_gives_three_canonical_events():
    mentions = pakistan_iran_mentions()
    assert {blocking_key(m) for m in mentions} == {"Southern Asia"}
    states, events = replay(mentions)
    evs = live(events)
    assert len(evs) == 3
    strike1 = evs[event_id("tasnim-1#1")]
    recall = evs[event_id("dawn-2#1")]
    strike2 = evs[event_id("irna-1#1")]
    assert strike1.dyad == "IRN>PAK" and strike1.cross_border
    assert strike1.mention_count == 5 and strike1.independent_sources == 4  # Reuters copy counts once
    assert strike1.outlets == ("aljazeera.com", "dawn.com", "reuters.com", "tasnimnews.com", "thenews.com.pk")
    assert strike1.place is not None and strike1.place.name == "Panjgur"
    f = strike1.fatalities
    assert (f.conservative, f.lowest, f.highest, f.latest) == (2, 2, 3, 2)
    assert {c.field for c in strike1.contested} == {"fatalities", "targets"}
    assert {c.claimant for c in strike1.casualty_claims} >= {"Pakistani foreign ministry"}
    assert strike2.dyad == "PAK>IRN" and strike2.in_response_to == strike1.id
    assert strike2.fatalities.conservative == 9
    assert recall.sub_event_type == "Ambassador recalled" and recall.in_response_to == strike1.id
    assert strike1.in_response_to is None
    state = states["Southern Asia"]
    assert state is not None and decode(DedupState, encode(state)) == state


def test_dedup_pakistan_iran_replay_emits_nothing_new():
    mentions = pakistan_iran_mentions()
    states, _ = replay(mentions)
    state = states["Southern Asia"]
    for m in mentions:
        state, out = step(state, m, POLICY)
        assert out == []
    assert state == states["Southern Asia"]


def test_dedup_pakistan_iran_reverse_order_gives_the_same_events():
    mentions = pakistan_iran_mentions()
    _, forward = replay(mentions)
    _, backward = replay(list(reversed(mentions)))

    def groups(events):
        return {frozenset(e.mention_ids) for e in live(events).values()}

    assert groups(forward) == groups(backward)
    (answer,) = [e for e in live(backward).values() if "irna-1#1" in e.mention_ids]
    (first,) = [e for e in live(backward).values() if "dawn-1#1" in e.mention_ids]
    assert answer.in_response_to == first.id
