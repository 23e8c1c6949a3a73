"""Dedup is order-independent: the clustering is a function of the set of mentions, not of delivery order.

The generated mentions are deliberately tangled (close dates, shared places, both directions of a dyad,
diplomatic acts next to strikes, syndicated copies, equal publication times), so greedy matching at
arrival time would cluster them differently in different orders.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.dedup import DedupPolicy, DedupState, blocking_key, build_event, event_id, step
from agents.dedup.core import _Members, _View
from schemas.models import Event, Mention, Place
from tests.unit.factories import (
    BLF,
    JAISH,
    TUESDAY,
    VILLAGERS,
    at,
    clustering,
    latest_versions,
    mention,
    replay_dedup,
)
from tests.unit.test_dedup_matching import bridge_reports

POLICY = DedupPolicy()
PROFILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SUBS = [
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Armed clash",
    "Attack",
    "Ambassador recalled",
    "Arrests",  # a follow-up type: a report reaching its event and a violent one merges them
]
TARGETS = [JAISH, VILLAGERS, BLF, "IRN", "PAK", None]
NEAR_PANJGUR = Place(
    name="Gichk", admin1="Balochistan", country="PAK", lat=26.85, lon=64.35, precision="village"
)
WHERE = ["Panjgur", "Panjgur", "Balochistan", NEAR_PANJGUR, "Saravan", "Islamabad", None]
TEXTS = [
    "Iran launched missile and drone strikes on Panjgur, killing two children.",
    "Iranian drones struck a village near Panjgur in Balochistan, officials said.",
    "Pakistan struck hideouts in Saravan, Iran, the military said.",
    "Pakistan recalled its ambassador from Tehran after the strike.",
]


@st.composite
def tangled(draw: st.DrawFn) -> list[Mention]:
    """1-10 mentions from up to 6 articles (an article may report several events), all mixed up."""
    n = draw(st.integers(1, 10))
    published: dict[str, dt.datetime] = {}
    per_article: dict[str, int] = {}
    out: list[Mention] = []
    for _ in range(n):
        article = f"art{draw(st.integers(0, 5))}"
        if article not in published:  # a coarse grid, so that publication times tie across articles
            published[article] = at(draw(st.integers(0, 3)), draw(st.sampled_from([0, 6, 12])))
        per_article[article] = per_article.get(article, 0) + 1
        actor = draw(st.sampled_from(["IRN", "PAK", "IRN", None]))
        syndicated = draw(st.integers(0, 3)) == 0
        out.append(
            mention(
                article,
                n=per_article[article],
                source=draw(st.sampled_from(["dawn.com", "reuters.com", "irna.ir", "geo.tv"])),
                published=published[article],
                sub=draw(st.sampled_from(SUBS)),
                actor=actor,
                target=draw(st.sampled_from(TARGETS)),
                place=draw(st.sampled_from(WHERE)),
                date=TUESDAY + dt.timedelta(days=draw(st.integers(0, 4))),
                date_precision=draw(st.sampled_from(["day", "day", "day", "week", "unknown"])),
                killed=draw(st.sampled_from([None, 2, 3, 9, 20])),
                injured=draw(st.sampled_from([None, 0, 4, 11])),
                text=draw(st.sampled_from(TEXTS)),
                fingerprint="fp-wire" if syndicated else None,
                confidence=draw(st.sampled_from([0.6, 0.8])),
            )
        )
    return out


def canonical(mentions: list[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: (m.published_at, m.id))


def replay(mentions: list[Mention], states: dict[str, DedupState | None] | None = None):
    return replay_dedup(mentions, states, POLICY)


def cluster_of(states: dict[str, DedupState | None]) -> dict[str, frozenset[str]]:
    return {
        oe.event.id: frozenset(m.id for m in oe.mentions) for s in states.values() if s for oe in s.events
    }


def links(states: dict[str, DedupState | None]) -> dict[frozenset[str], frozenset[str] | None]:
    """The retaliation links, named by mention sets instead of (history-dependent) ids."""
    by_id = cluster_of(states)
    return {
        by_id[oe.event.id]: by_id[oe.event.in_response_to] if oe.event.in_response_to else None
        for s in states.values()
        if s
        for oe in s.events
    }


_HISTORY_DEPENDENT = {"version", "matches"}
"""What the last emitted version of an event may legitimately owe to the order of delivery: how many
versions it took, and the score each report had against the event when it joined."""


def contents(states: dict[str, DedupState | None]) -> dict[frozenset[str], dict]:
    return {
        frozenset(m.id for m in oe.mentions): oe.event.model_dump(exclude=_HISTORY_DEPENDENT)
        for s in states.values()
        if s
        for oe in s.events
    }


def latest(events: list[Event]) -> dict[str, Event]:
    return latest_versions(events)


# ---------------------------------------------------------------------------------------------- properties


@PROFILE
@given(data=st.data(), mentions=tangled())
def test_dedup_order_clustering_is_a_function_of_the_mention_set(data, mentions):
    reference, _ = replay(canonical(mentions))
    shuffled, _ = replay(data.draw(st.permutations(mentions)))
    assert clustering(shuffled) == clustering(reference)
    assert cluster_of(shuffled) == cluster_of(reference)  # the ids too
    assert links(shuffled) == links(reference)
    assert contents(shuffled) == contents(reference)


@PROFILE
@given(data=st.data(), mentions=tangled())
def test_dedup_order_emitted_stream_tells_subscribers_the_final_clustering(data, mentions):
    states, events = replay(data.draw(st.permutations(mentions)))
    final = latest(events)
    held = {oe.event.id: oe for s in states.values() if s for oe in s.events}
    live = {eid: e for eid, e in final.items() if e.superseded_by is None}
    assert set(live) == set(held)
    for eid, e in live.items():
        assert e == held[eid].event  # the state remembers exactly the version last emitted
        # The last version names every mention the event holds.
        assert set(e.mention_ids) == {m.id for m in held[eid].mentions}
    # Every mention is named by exactly one live event (a moved mention is re-emitted by its new event).
    named = [m for e in live.values() for m in e.mention_ids]
    assert len(named) == len(set(named))
    for eid, e in final.items():
        if e.superseded_by is not None:
            assert eid not in held
            survivor = e.superseded_by
            while survivor not in live:  # a chain of merges ends in a live event
                survivor = final[survivor].superseded_by
    # Versions count up by one per emission, also for an id that a re-cluster gives back after it was
    # superseded, so "the highest version wins" stays true for subscribers.
    seen: dict[str, int] = {}
    for e in events:
        assert e.version == seen.get(e.id, 0) + 1
        seen[e.id] = e.version


@PROFILE
@given(data=st.data(), mentions=tangled())
def test_dedup_order_redelivery_of_any_prefix_is_idempotent(data, mentions):
    order = data.draw(st.permutations(mentions))
    states, _ = replay(order)
    cut = data.draw(st.integers(0, len(order)))
    again, events = replay(data.draw(st.permutations(order[:cut])), states)
    assert events == []
    assert again == states


@PROFILE
@given(data=st.data(), mentions=tangled(), later=st.integers(29, 60))
def test_dedup_order_expiry_keeps_state_bounded(data, mentions, later):
    states, _ = replay(data.draw(st.permutations(mentions)))
    fresh = mention("fresh", target="PAK", place="Panjgur", published=at(4 + later))
    state, _ = step(states.get(blocking_key(fresh)), fresh, POLICY)
    assert state is not None
    assert [m.id for oe in state.events for m in oe.mentions] == ["fresh#1"]
    assert state.retired == ()


@PROFILE
@given(mentions=tangled())
def test_dedup_order_folded_members_agree_with_build_event(mentions):
    ms = canonical(mentions)
    ev = build_event("e", ms, (), 1)
    assert _Members(ms).view() == _View.of(ev)


# ------------------------------------------------------------------------------------------------ concrete


def test_dedup_order_late_report_published_before_the_opener_takes_over_the_event():
    opener = mention("dawn-1", published=at(0, 6), killed=2, target=VILLAGERS)
    follow = mention("geo-1", published=at(0, 9), killed=2, target=VILLAGERS)
    late = mention("tasnim-1", published=at(0, 1), target=JAISH, claimant="Iranian media")
    states, events = replay([opener, follow, late])
    (held,) = states["Southern Asia"].events
    assert held.event.id == event_id("tasnim-1#1")  # named after its canonically first report
    assert [m.id for m in held.mentions] == ["tasnim-1#1", "dawn-1#1", "geo-1#1"]
    (gone,) = [e for e in events if e.superseded_by]
    assert gone.id == event_id("dawn-1#1") and gone.superseded_by == held.event.id
    last = events[-1]
    assert last.id == held.event.id and last.first_seen == late.published_at and last.version == 1
    assert events.index(gone) < events.index(last)  # subscribers learn of the move before the new record
    in_order, _ = replay(canonical([opener, follow, late]))
    assert cluster_of(states) == cluster_of(in_order)


def bridge_case() -> tuple[Mention, Mention, Mention]:
    # x (Tuesday) and y (Friday) are 3 days apart: beyond the 2-day tolerance, never one event by
    # themselves. An earlier-published report dated Wednesday bridges them: in publication order it
    # opens the event, x joins it (1 day), then y joins it (2 days from Wednesday).
    x = mention("x", published=at(1, 0), date=TUESDAY, killed=2)
    y = mention("y", published=at(3, 0), date=TUESDAY + dt.timedelta(days=3), killed=2)
    bridge = mention("bridge", published=at(0, 2), date=TUESDAY + dt.timedelta(days=1), killed=2)
    return x, y, bridge


def test_dedup_order_out_of_order_bridge_merges_two_events_into_the_canonical_one():
    x, y, bridge = bridge_case()
    states, before = replay([x, y])
    assert len(states["Southern Asia"].events) == 2
    state, events = step(states["Southern Asia"], bridge, POLICY)
    survivor = event_id("bridge#1")
    superseded = [e for e in events if e.superseded_by is not None]
    assert {e.id for e in superseded} == {event_id("x#1"), event_id("y#1")}
    for gone in superseded:
        assert gone.superseded_by == survivor and gone.version == 2  # one last version after its first
        assert gone.mention_ids == next(e for e in before if e.id == gone.id).mention_ids
    (merged,) = [e for e in events if e.superseded_by is None]
    assert merged.id == survivor and set(merged.mention_ids) == {"x#1", "y#1", "bridge#1"}
    assert all(events.index(g) < events.index(merged) for g in superseded)
    assert state is not None and [oe.event.id for oe in state.events] == [survivor]
    assert sorted(r.id for r in state.retired) == sorted(e.id for e in superseded)
    # The same three in publication order: the same event, never a superseded record.
    canon, in_order = replay([bridge, x, y])
    assert cluster_of(canon) == cluster_of({"Southern Asia": state})
    assert not [e for e in in_order if e.superseded_by]
    # Redelivering any of them afterwards changes nothing.
    for m in (x, y, bridge):
        again, out = step(state, m, POLICY)
        assert out == [] and again == state


def test_dedup_order_retaliation_link_follows_the_surviving_event():
    x, y, bridge = bridge_case()
    answer = mention("answer", actor="PAK", target="IRN", place="Saravan", published=at(4, 0),
                     date=TUESDAY + dt.timedelta(days=4))  # fmt: skip
    states, _ = replay([x, y, answer])
    held = {oe.event.id: oe.event for oe in states["Southern Asia"].events}
    assert held[event_id("answer#1")].in_response_to == event_id("y#1")  # the latest earlier strike
    state, events = step(states["Southern Asia"], bridge, POLICY)
    final = {oe.event.id: oe.event for oe in state.events}
    assert final[event_id("answer#1")].in_response_to == event_id("bridge#1")
    assert any(e.id == event_id("answer#1") and e.in_response_to == event_id("bridge#1") for e in events)


def test_dedup_order_an_id_given_back_by_a_recluster_continues_its_versions():
    # Arrival order x, y, bridge merges x and y into the bridge's event (x and y retired); reports that pull
    # the event apart again may give a retired id back: its versions then continue after the superseded one.
    x, y, bridge = bridge_case()
    states, _ = replay([x, y, bridge])
    retired = {r.id: r.version for r in states["Southern Asia"].retired}
    more = [
        mention("z", published=at(0, 0), date=TUESDAY + dt.timedelta(days=3), killed=20, place="Balochistan"),
        mention("w", published=at(0, 1), date=TUESDAY, killed=2, place=NEAR_PANJGUR),
    ]
    states, later = replay(more, states)
    for e in later:
        if e.id in retired:
            assert e.version > retired[e.id]
    reference, _ = replay(canonical([x, y, bridge, *more]))
    assert cluster_of(states) == cluster_of(reference)


def test_dedup_order_reverse_delivery_of_the_pakistan_iran_sequence():
    from tests.unit.factories import pakistan_iran_mentions

    ms = pakistan_iran_mentions()
    reference, _ = replay(ms)
    for order in (list(reversed(ms)), ms[3:] + ms[:3], ms[1::2] + ms[::2]):
        states, _ = replay(order)
        assert clustering(states) == clustering(reference)
        assert links(states) == links(reference)


def test_dedup_order_a_late_report_leaves_the_events_before_it_as_publication_order_made_them():
    # Two reports of one article (an arrest and the shooting it follows up) share the names "Senquez
    # Jackson" with an older report of another shooting (dated three weeks earlier: never the same event).
    # While the older report is open, the two names are common in the block and the arrest and the shooting
    # stay apart (the arrest is dated four days after the shooting: a gap only strong identity bridges,
    # whereas one name would do for an agreeing date). A month later the older report has been dropped from
    # the state while the pair is still held; a report delivered out of order then re-clusters the block,
    # and must not re-decide the pair without the older report (the names would look rare, and the pair
    # would merge). The names' mass is pinned against a strong identity of 2.0.
    pinned = dataclasses.replace(POLICY, strong_identity=2.0)
    text = "Police said Senquez Jackson was shot."
    older = mention(
        "older",
        published=at(0),
        sub="Attack",
        actor=None,
        place="Tulsa",
        date=TUESDAY - dt.timedelta(days=20),
        text=text,
    )
    arrest, shooting = (
        mention(
            "pair",
            n=n,
            published=at(5),
            sub=sub,
            actor=None,
            place="Tulsa",
            date=TUESDAY + dt.timedelta(days=days),
            text=text,
        )
        for n, sub, days in ((1, "Arrests", 4), (2, "Attack", 0))
    )
    newest = mention(
        "newest", published=at(31), sub="Attack", actor=None, place="Houston", text="A man was shot."
    )
    late = mention(
        "late", published=at(30), sub="Attack", actor=None, place="Denver", text="A woman was shot."
    )
    delivered = [older, arrest, shooting, newest]
    states, _ = replay_dedup(delivered, None, pinned)
    assert "older#1" not in {m.id for oe in states["Northern America"].events for m in oe.mentions}  # dropped
    assert {frozenset({"pair#1"}), frozenset({"pair#2"})} <= clustering(states)
    states, events = replay_dedup([late], states, pinned)
    assert {frozenset({"pair#1"}), frozenset({"pair#2"})} <= clustering(states)
    assert not [e for e in events if {"pair#1", "pair#2"} & set(e.mention_ids)]
    in_order, _ = replay_dedup(canonical([*delivered, late]), None, pinned)
    assert clustering(in_order) == clustering(states)


def test_dedup_order_a_bridge_merge_is_the_same_in_every_delivery_order():
    # A report that joins a shooting's event and merges its arrest report's event (see
    # test_dedup_matching): any delivery order ends with the clustering and event ids of publication order,
    # also when the bridge or the reports before it come late and re-cluster the block.
    reports = bridge_reports()
    reference, _ = replay(canonical(reports))
    assert frozenset({"a#1", "b#1", "c#1"}) in clustering(reference)
    for order in itertools.permutations(reports):
        states, events = replay(list(order))
        assert cluster_of(states) == cluster_of(reference)
        assert contents(states) == contents(reference)
        final = latest(events)
        assert {eid for eid, e in final.items() if e.superseded_by is None} == set(cluster_of(states))
    # A second arrest report, published between the first and the bridge and delivered last: the block is
    # re-clustered from it, with the events as they stood before it (the shooting and the arrest apart, as
    # the bridge had not merged them yet), so it joins the arrest report (same type, day and place), which
    # it could not do if the shooting were already part of that event (a follow-up needs a shared name).
    between = mention("d", sub="Arrests", actor=None, place="Tulsa", date=TUESDAY, published=at(1, 12),
                      text="Police arrested a man on Tuesday.")  # fmt: skip
    states, _ = replay([*reports, between])
    in_order, _ = replay(canonical([*reports, between]))
    assert frozenset({"a#1", "b#1", "c#1", "d#1"}) in clustering(in_order)
    assert cluster_of(states) == cluster_of(in_order)
