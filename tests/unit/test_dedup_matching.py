"""Dedup: blocking, matching, merge and versioning of single steps."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pytest

from agents.dedup import DedupPolicy, DedupState, OpenEvent, blocking_key, build_event, event_id, region, step
from agents.dedup.core import score_match
from agents.dedup.vocab import family, is_strike
from schemas.codec import decode, encode
from schemas.models import Actor, ActorKind, Mention, Place
from tests.unit.factories import BLF, JAISH, PLACES, TUESDAY, VILLAGERS, at, clustering, live, mention

POLICY = DedupPolicy()


def run(mentions: list[Mention], policy: DedupPolicy = POLICY) -> tuple[dict[str, DedupState | None], list]:
    states: dict[str, DedupState | None] = {}
    out = []
    for m in mentions:
        key = blocking_key(m)
        states[key], events = step(states.get(key), m, policy)
        out += events
    return states, out


def latest(events):
    return live(events)


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"actor": "IRN", "target": JAISH, "place": "Panjgur"}, "Southern Asia"),
        ({"actor": "PAK", "target": BLF, "place": "Saravan"}, "Southern Asia"),
        (
            {"actor": "PAK", "target": "IRN", "place": "Islamabad", "sub": "Ambassador recalled"},
            "Southern Asia",
        ),
        ({"actor": None, "target": None, "place": "Tulsa"}, "Northern America"),
        # a target's country keys without an actor too; a report naming one side meets the dyad's reports
        ({"actor": None, "target": "IRN", "place": "Panjgur"}, "Southern Asia"),
        ({"actor": None, "target": "IRN", "place": None}, "Southern Asia"),
        # a dyad across regions keys on both, either way round
        ({"actor": "ISR", "target": "IRN", "place": None}, "Southern Asia+Western Asia"),
        ({"actor": "IRN", "target": "ISR", "place": None}, "Southern Asia+Western Asia"),
        ({"actor": None, "target": None, "place": None}, "UNK"),
        ({"actor": Actor(text="gunmen", name="gunmen"), "target": None, "place": None}, "UNK"),
    ],
)
def test_dedup_blocking_key_is_sorted_region_set(kwargs, key):
    assert blocking_key(mention("a", **kwargs)) == key


def test_dedup_every_country_of_the_gazetteer_has_one_region():
    import json
    from pathlib import Path

    import yaml

    import agents.dedup.core
    import agents.extract

    codes = {
        c["iso3"]
        for c in json.loads((Path(agents.extract.__file__).parent / "data/countries.json").read_text())
    }
    listed = yaml.safe_load((Path(agents.dedup.core.__file__).parent / "regions.yaml").read_text())
    flat = [c for cs in listed.values() for c in cs]
    assert len(flat) == len(set(flat))  # each code once
    assert codes == set(flat)
    assert region("IRN") == region("PAK") == region("AFG") != region("ISR") == region("LBN")
    assert region("RUS") == region("UKR") and region("COD") != region("RWA")  # M49 Middle / Eastern Africa


def test_dedup_a_report_naming_one_side_joins_the_dyad_s_event_in_the_same_place():
    """Iran's first word (explosions near Saravan, no actor) and Pakistan's strike there are one event."""
    thursday = TUESDAY + dt.timedelta(days=2)
    blasts = mention("irna", actor=None, place="Saravan", date=thursday, killed=9, published=at(1, 9))
    drones = mention("tasnim", actor="PAK", place="Saravan", date=thursday, killed=7, published=at(1, 10))
    states, out = run([blasts, drones])
    assert clustering(states) == {frozenset({"irna#1", "tasnim#1"})}
    (event,) = live(out).values()
    assert event.dyad == "PAK>IRN" and event.fatalities.lowest == 7 and event.fatalities.highest == 9


def test_dedup_a_report_naming_one_side_joins_on_the_named_parties_without_a_place():
    """The IRGC's own word of its strike, which does not say where, joins Pakistan's account of it."""
    panjgur = mention("dawn", actor="IRN", target=JAISH, place="Panjgur", killed=2)
    irgc = mention(
        "tasnim",
        actor="IRN",
        target=Actor(text="Jaish al-Adl", name="Jaish al-Adl", country="IRN", kind=ActorKind.MILITANTS),
        place=None,
        published=at(0, 1),
    )
    states, _ = run([panjgur, irgc])
    assert clustering(states) == {frozenset({"dawn#1", "tasnim#1"})}


@pytest.mark.parametrize(
    "other",
    [
        # one side only, same province, another town and no party in common: another incident (a roadside
        # bomb in Turbat is not the strike on Panjgur)
        {"actor": None, "place": "Turbat", "killed": 3},
        {"actor": None, "place": "Balochistan", "killed": 3},
        # disjoint countries in one region key: an Indian report never joins a Pakistani event
        {"actor": None, "place": "Srinagar", "killed": 2},
        # crossed dyads: an Indian strike in Pakistan is not Iran's
        {"actor": "IND", "place": "Panjgur", "killed": 2},
    ],
)
def test_dedup_a_report_of_other_countries_of_the_region_stays_apart(other):
    panjgur = mention("dawn", actor="IRN", target=JAISH, place="Panjgur", killed=2)
    states, _ = run([panjgur, mention("other", published=at(0, 1), **other)])
    assert clustering(states) == {frozenset({"dawn#1"}), frozenset({"other#1"})}


def test_dedup_family_keeps_diplomacy_apart_from_strikes():
    assert family("Strategic developments", "Ambassador recalled").startswith("diplomatic")
    assert family("Explosions/Remote violence", "Air/drone strike") == "violence"
    assert is_strike("Explosions/Remote violence", "Air/drone strike", 4)
    assert not is_strike("Strategic developments", "Ambassador recalled", 3)


def test_dedup_family_keeps_each_diplomatic_act_apart():
    recall = family("Strategic developments", "Ambassador recalled")
    summons = family("Strategic developments", "Envoy summoned")
    assert recall != summons
    assert recall == family("Strategic developments", "Ambassador recalled")


def test_dedup_first_mention_opens_event_with_deterministic_id():
    m = mention("dawn-1", killed=2)
    state, events = step(None, m, POLICY)
    assert len(events) == 1
    ev = events[0]
    assert ev.id == "evt-" + hashlib.sha256(b"dawn-1#1").hexdigest()[:16] == event_id("dawn-1#1")
    assert ev.version == 1
    assert ev.mention_ids == ("dawn-1#1",) and ev.mention_count == 1 and ev.independent_sources == 1
    assert ev.dyad == "IRN>PAK" and ev.cross_border
    assert ev.fatalities.conservative == 2
    assert ev.matches[0].reasons == ("opened event",)
    assert state is not None and state.key == "Southern Asia"


def test_dedup_redelivery_changes_nothing():
    m = mention("dawn-1", killed=2)
    state, _ = step(None, m, POLICY)
    again, events = step(state, m, POLICY)
    assert events == [] and again == state


def test_dedup_second_outlet_merges_and_bumps_version():
    _, events = run([mention("dawn-1", killed=2), mention("reuters-1", killed=3, published=at(0, 5))])
    assert [e.version for e in events] == [1, 2]
    ev = events[-1]
    assert ev.outlets == ("dawn-1.example", "reuters-1.example")
    assert ev.mention_count == 2 and ev.independent_sources == 2
    assert (
        ev.fatalities.conservative,
        ev.fatalities.lowest,
        ev.fatalities.highest,
        ev.fatalities.latest,
    ) == (
        2,
        2,
        3,
        3,
    )
    assert ev.contested[0].field == "fatalities"
    assert ev.matches[1].mention_id == "reuters-1#1" and ev.matches[1].score >= POLICY.match_threshold
    assert any("same place" in r for r in ev.matches[1].reasons)


def test_dedup_syndicated_copy_adds_outlet_but_not_independent_source():
    text = "Iran struck Panjgur overnight, killing two children."
    _, events = run(
        [
            mention("reuters-1", source="reuters.com", text=text, fingerprint="fp", killed=2),
            mention(
                "thenews-1",
                source="thenews.com.pk",
                text=text,
                fingerprint="fp",
                killed=2,
                published=at(0, 1),
            ),
        ]
    )
    assert len(events) == 2
    ev = events[-1]
    assert ev.outlets == ("reuters.com", "thenews.com.pk")
    assert ev.independent_sources == 1 and ev.mention_count == 2
    assert any("syndicated" in r for r in ev.matches[1].reasons)


def test_dedup_one_paywall_page_is_no_syndicated_copy_of_another_story():
    # both bodies are the outlet's login page (one fingerprint); the headlines tell two shootings
    page = "paywall"
    _, events = run(
        [
            mention(
                "paper-1",
                source="paper.test",
                sub="Attack",
                actor=None,
                place="Tulsa",
                text="Teenager wounded in drive-by shooting in north Tulsa",
                fingerprint=page,
            ),
            mention(
                "paper-2",
                source="paper.test",
                sub="Attack",
                actor=None,
                place="Houston",
                text="Two men killed outside a Houston nightclub",
                fingerprint=page,
                published=at(0, 2),
            ),
        ]
    )
    assert len({e.id for e in events}) == 2


def test_dedup_same_outlet_update_uses_its_latest_figure_for_conservative():
    _, events = run(
        [
            mention("dawn-1", source="dawn.com", killed=2),
            mention("dawn-9", source="dawn.com", killed=5, published=at(0, 8)),
            mention("geo-1", source="geo.tv", killed=4, published=at(0, 9)),
        ]
    )
    fat = events[-1].fatalities
    assert (fat.conservative, fat.lowest, fat.highest, fat.latest) == (4, 2, 5, 4)


def test_dedup_village_in_province_merges_and_keeps_best_precision():
    _, events = run([mention("a", place="Balochistan"), mention("b", place="Panjgur", published=at(0, 2))])
    ev = latest(events)
    assert len(ev) == 1
    (only,) = ev.values()
    assert only.place == PLACES["Panjgur"] and only.version == 2


@pytest.mark.parametrize(
    ("second", "why"),
    [
        (
            {"sub": "Ambassador recalled", "actor": "PAK", "target": "IRN"},
            "diplomacy never merges with a strike",
        ),
        ({"date": TUESDAY + dt.timedelta(days=3)}, "dates beyond tolerance"),
        ({"place": "Islamabad"}, "precise places far apart"),
        ({"actor": "PAK", "target": "IRN", "place": "Balochistan"}, "reverse dyad"),
    ],
)
def test_dedup_incompatible_mentions_open_separate_events(second, why):
    _, events = run([mention("a", target="PAK"), mention("b", published=at(0, 2), **second)])
    assert len(latest(events)) == 2, why


def test_dedup_date_tolerance_is_a_policy():
    ms = [mention("a"), mention("b", published=at(0, 2), date=TUESDAY + dt.timedelta(days=3))]
    assert len(latest(run(ms)[1])) == 2
    assert len(latest(run(ms, dataclasses.replace(POLICY, date_tolerance_days=3))[1])) == 1


def test_dedup_contested_targets_are_kept_side_by_side():
    _, events = run(
        [
            mention("tasnim-1", target=JAISH, claimant="Iranian media"),
            mention("dawn-1", target=VILLAGERS, claimant="Pakistani foreign ministry", published=at(0, 1)),
        ]
    )
    ev = events[-1]
    (contested,) = [c for c in ev.contested if c.field == "targets"]
    assert contested.versions == (
        ("Jaish al-Adl", "Iranian media"),
        ("villagers", "Pakistani foreign ministry"),
    )
    assert len(ev.casualty_claims) == 0


def test_dedup_casualty_claims_keep_claimant():
    _, events = run([mention("dawn-1", killed=2, claimant="Pakistani foreign ministry")])
    (claim,) = events[-1].casualty_claims
    assert (
        claim.claimant == "Pakistani foreign ministry"
        and claim.killed == 2
        and claim.source == "dawn-1.example"
    )


def test_dedup_syndicated_copy_is_a_new_version_but_not_a_new_source():
    first = mention("a", source="dawn.com", text="Iran struck Panjgur.", fingerprint="fp")
    repost = mention(
        "a-repost", source="dawn.com", text="Iran struck Panjgur.", fingerprint="fp", published=at(0, 1)
    )
    state, _ = step(None, first, POLICY)
    state, [event] = step(state, repost, POLICY)
    assert event.version == 2 and event.mention_count == 2 and event.independent_sources == 1
    assert set(event.mention_ids) == {"a#1", "a-repost#1"}
    # The same article delivered again is a pure repeat: nothing.
    assert step(state, repost, POLICY) == (state, [])


def test_dedup_late_out_of_order_report_merges_into_the_right_event():
    early = mention("early", published=at(0, 1), killed=2)
    later = mention("later", published=at(1, 0), killed=3)
    other = mention("other", place="Saravan", actor="PAK", target="IRN", published=at(2, 0))
    _, events = run([later, other, early])
    groups = {frozenset(e.mention_ids) for e in latest(events).values()}
    assert groups == {frozenset({"early#1", "later#1"}), frozenset({"other#1"})}
    merged = next(e for e in latest(events).values() if "early#1" in e.mention_ids)
    assert merged.first_seen == early.published_at and merged.last_updated == later.published_at


def test_dedup_in_response_to_links_reverse_dyad_strike():
    strike = mention("a", target="PAK", date=TUESDAY)
    answer = mention("b", actor="PAK", target="IRN", place="Saravan", date=TUESDAY + dt.timedelta(days=2),
                     published=at(2))  # fmt: skip
    _, events = run([strike, answer])
    ev = latest(events)
    assert ev[event_id("b#1")].in_response_to == event_id("a#1")
    assert ev[event_id("a#1")].in_response_to is None


@pytest.mark.parametrize(("sub", "linked"), [("Ambassador recalled", True), ("Talks held", False)])
def test_dedup_in_response_to_links_a_reverse_act_of_conflict_never_one_of_cooperation(sub, linked):
    """A recall answers the strike; talks between the two (verbal cooperation) are no retaliation."""
    strike = mention("a", target="PAK", date=TUESDAY)
    act = mention("b", sub=sub, actor="PAK", target="IRN", place="Islamabad",
                  date=TUESDAY + dt.timedelta(days=1), published=at(1))  # fmt: skip
    _, events = run([strike, act])
    assert (latest(events)[event_id("b#1")].in_response_to == event_id("a#1")) is linked


def test_dedup_in_response_to_set_when_the_original_arrives_late():
    strike = mention("a", target="PAK", date=TUESDAY, published=at(0))
    answer = mention("b", actor="PAK", target="IRN", place="Saravan", date=TUESDAY + dt.timedelta(days=2),
                     published=at(2))  # fmt: skip
    _, events = run([answer, strike])
    b = [e for e in events if e.id == event_id("b#1")]
    assert [e.version for e in b] == [1, 2]
    assert b[-1].in_response_to == event_id("a#1")


def test_dedup_in_response_to_respects_the_window():
    strike = mention("a", target="PAK", date=TUESDAY)
    answer = mention("b", actor="PAK", target="IRN", place="Saravan", date=TUESDAY + dt.timedelta(days=9),
                     published=at(9))  # fmt: skip
    _, events = run([strike, answer])
    assert latest(events)[event_id("b#1")].in_response_to is None


def test_dedup_expiry_closes_then_drops_old_events_and_publishes_too_late_reports_alone():
    state, _ = step(None, mention("old"), POLICY)
    state, out = step(
        state, mention("new", place="Saravan", actor="PAK", target="IRN", published=at(20)), POLICY
    )
    # 20 days on, "old" is closed (no new report can join it) but held for one more retention period.
    assert [e.id for e in out] == [event_id("new#1")]
    assert state is not None and {oe.event.id for oe in state.events} == {
        event_id("old#1"),
        event_id("new#1"),
    }
    state, _ = step(
        state, mention("newer", place="Saravan", actor="PAK", target="IRN", published=at(30)), POLICY
    )
    assert state is not None and event_id("old#1") not in {oe.event.id for oe in state.events}  # now dropped
    assert [c.id for c in state.closed] == ["old#1"]  # remembered: a replay of it changes nothing
    assert step(state, mention("old"), POLICY) == (state, [])
    again, [late] = step(state, mention("older", published=at(1)), POLICY)
    assert again is not None and again.events == state.events  # not stored as an event: too late
    assert late.id == event_id("older#1") and late.mention_ids == ("older#1",) and late.version == 1
    assert "late report" in late.matches[0].reasons[0]
    assert step(again, mention("older", published=at(1)), POLICY) == (again, [])


def test_dedup_late_report_reopens_the_closed_event_it_belongs_to():
    """Publication order: a (day 0), b (day 10, same incident), c (day 20). Delivered c before b (a partition
    lagged): a's event had closed by then, yet b must still join it, as in publication order."""
    a = mention("a", killed=3)
    b = mention("b", killed=3, published=at(10), date=at().date())  # a late report of the same day
    c = mention(
        "c",
        place="Saravan",
        actor="PAK",
        target="IRN",
        published=at(20),
        date=TUESDAY + dt.timedelta(days=20),
    )
    in_order, _ = run([a, b, c])
    lagged, events = run([a, c, b])
    assert clustering(lagged) == clustering(in_order)
    assert {frozenset(e.mention_ids) for e in live(events).values()} == {
        frozenset({"a#1", "b#1"}),
        frozenset({"c#1"}),
    }


def test_dedup_state_round_trips_through_the_codec():
    state, _ = run([mention("a", killed=2), mention("b", killed=3, published=at(0, 1), target=VILLAGERS)])
    st = state["Southern Asia"]
    assert st is not None
    assert decode(DedupState, encode(st)) == st


def test_dedup_open_events_are_capped():
    policy = dataclasses.replace(POLICY, max_open_events=2)
    ms = [
        mention(f"m{i}", actor=None, target=None, place=p, published=at(0, i))
        for i, p in enumerate(["Tulsa", "Chicago", "Houston"])
    ]
    states, _ = run(ms, policy)
    st = states["Northern America"]
    assert st is not None and {oe.mentions[0].id for oe in st.events} == {"m1#1", "m2#1"}


def test_dedup_unknown_place_still_merges_on_actor_date_and_type():
    nowhere = Place(name="somewhere", precision="unknown")
    _, events = run([mention("a", place=nowhere), mention("b", place=nowhere, published=at(0, 1))])
    assert len(latest(events)) == 1


@pytest.mark.parametrize("bad", [{"retention_days": 0}, {"date_tolerance_days": -1}, {"max_open_events": 0}])
def test_dedup_policy_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        DedupPolicy(**bad)


# ------------------------------------------------------------------------------- identity (shared rare names)

POLICE = Actor(text="police", name="police", kind=ActorKind.POLICE)


def crime(article: str, text: str, **kwargs) -> Mention:
    """A US shooting report with no resolved parties (as most crime reports are extracted)."""
    kwargs.setdefault("sub", "Attack")
    kwargs.setdefault("actor", None)
    kwargs.setdefault("target", None)
    return mention(article, text=text, **kwargs)


def groups(events) -> set[frozenset[str]]:
    return {frozenset(e.mention_ids) for e in latest(events).values() if e.superseded_by is None}


def test_dedup_shared_names_outweigh_a_geocoding_conflict():
    a = crime("a", "Police said Marla Quenby and Dustin Albright were shot outside the Blue Heron Tavern.",
              place="Tulsa")  # fmt: skip
    b = crime("b", "Relatives of Marla Quenby said Dustin Albright was still in hospital on Sunday.",
              place="Albuquerque", published=at(0, 5))  # fmt: skip
    _, events = run([a, b])
    assert groups(events) == {frozenset({"a#1", "b#1"})}
    reasons = latest(events)[event_id("a#1")].matches[1].reasons
    assert any("outweighed by shared names" in r for r in reasons)
    assert any(r.startswith("shared names (albright, dustin, marla, quenby") for r in reasons)


def test_dedup_without_shared_names_a_geocoding_conflict_still_splits():
    a = crime("a", "Police said two men were shot outside a tavern late on Saturday.", place="Tulsa")
    b = crime("b", "Two men were wounded in a shooting outside a bar, officers said.", place="Albuquerque",
              published=at(0, 5))  # fmt: skip
    assert len(groups(run([a, b])[1])) == 2


OKLAHOMA_CITY = Place(
    name="Oklahoma City", admin1="Oklahoma", country="USA", lat=35.47, lon=-97.52, precision="city"
)


@pytest.mark.parametrize(
    ("place", "killed", "days", "joins"),
    [
        (OKLAHOMA_CITY, 2, 0, True),
        (OKLAHOMA_CITY, 2, 1, True),
        (OKLAHOMA_CITY, 2, 2, False),
        (OKLAHOMA_CITY, 1, 0, False),
        ("Albuquerque", 2, 0, False),
    ],
)
def test_dedup_a_toll_of_several_victims_a_day_apart_outweighs_a_conflict_in_one_state(
    place, killed, days, joins
):
    """Two dead in Tulsa and two dead in Oklahoma City, 160 km away, the reports sharing a name (too little to
    outweigh the distance alone): the geocoder chose the wrong town more likely than two such shootings
    happened, when both reports give the toll and date the shooting within a day of each other; one dead,
    or two days apart, is no such sign, nor is a toll in another state (a country has double homicides in
    several states on any day)."""
    a = crime("a", "Police said Marla Quenby's sons were shot outside a tavern late on Saturday.",
              place="Tulsa", killed=killed)  # fmt: skip
    b = crime("b", "Relatives of Marla Quenby said the victims were found outside a bar.",
              place=place, date=TUESDAY + dt.timedelta(days=days), published=at(days, 5),
              killed=killed)  # fmt: skip
    events = run([a, b])[1]
    assert (groups(events) == {frozenset({"a#1", "b#1"})}) is joins
    if joins:
        (reasons,) = [m.reasons for m in latest(events)[event_id("a#1")].matches[1:]]
        assert any(r.endswith("outweighed by the toll and the date") for r in reasons)


def test_dedup_a_name_every_report_carries_is_not_identity():
    """Twelve different shootings reported from one city on one day, each naming the city: the city's
    name is common in the block, so two reports sharing only it (and no place) do not merge."""
    nowhere = Place(name="somewhere", precision="unknown")
    others = [
        crime(
            f"o{i}",
            f"In Brackton a man was shot near Elm Court number {i}, police said.",
            place=nowhere,
            published=at(0, i / 10),
        )
        for i in range(12)
    ]
    a = crime("a", "A teenager was shot in Brackton on Monday night.", place=nowhere, published=at(0, 3))
    b = crime("b", "Officers found a wounded woman in Brackton on Monday.", place=nowhere, published=at(0, 4))
    got = groups(run([*others, a, b])[1])
    assert frozenset({"a#1"}) in got and frozenset({"b#1"}) in got


def test_dedup_the_outlets_own_name_is_not_identity():
    """Two shootings in two towns from one station, both headlines carrying its name: the name says who
    reported them, so it cannot outweigh the place conflict as a shared name would."""
    a = crime("a", "A man was killed in a shooting, KBRX has learned.", place="Tulsa", source="kbrx.test",
              killed=1)  # fmt: skip
    b = crime("b", "A woman was killed at a gas station, KBRX has learned.", place="Albuquerque",
              source="kbrx.test", killed=1, published=at(0, 2))  # fmt: skip
    assert (
        len(groups(run([a, b], dataclasses.replace(POLICY, conflict_identity=0.9, strong_identity=0.9))[1]))
        == 2
    )


def test_dedup_generic_parties_are_not_a_shared_actor():
    nowhere = Place(name="somewhere", precision="unknown")
    a = crime("a", "A man was shot on a porch, police said.", actor=POLICE, place=nowhere)
    b = crime("b", "Officers said a woman was wounded at a gas station.", actor=POLICE, place=nowhere,
              published=at(0, 2))  # fmt: skip
    assert len(groups(run([a, b])[1])) == 2


def test_dedup_arrest_report_follows_up_the_shooting_on_strong_identity_only():
    text = "Marla Quenby and Dustin Albright were shot at the Blue Heron Tavern."
    shooting = crime("a", text, place="Tulsa")
    arrest = crime("b", "Police arrested a man in the shooting of Marla Quenby and Dustin Albright.",
                   sub="Arrests", place="Tulsa", published=at(1))  # fmt: skip
    unrelated = crime("c", "Police arrested a man after a chase downtown.", sub="Arrests", place="Tulsa",
                      published=at(1, 1))  # fmt: skip
    got = groups(run([shooting, arrest, unrelated])[1])
    assert got == {frozenset({"a#1", "b#1"}), frozenset({"c#1"})}


def bridge_reports() -> list[Mention]:
    """A shooting that names no one; the arrest report of the next day names the suspect but nothing it
    shares with the shooting report, so it opens an event of its own; a third report names the suspect
    and tells a date and place within reach of the shooting's: it reaches both. It reaches another shooting
    in the city as well, two days after the first (too far apart to be one event by themselves)."""
    shooting = crime("a", "A man was shot outside a tavern on Monday night, police said.", place="Tulsa",
                     date=TUESDAY - dt.timedelta(days=1), published=at(-1))  # fmt: skip
    other = crime("o", "Two women were wounded in a drive-by on a porch, police said.", place="Tulsa",
                  date=TUESDAY + dt.timedelta(days=1), published=at(0, 1))  # fmt: skip
    arrest = crime("b", "Police arrested Dustin Albright on Tuesday.", sub="Arrests", place="Tulsa",
                   date=TUESDAY, published=at(1))  # fmt: skip
    bridge = crime("c", "Dustin Albright is accused of the shooting outside a tavern on Tuesday night.",
                   place="Tulsa", date=TUESDAY, published=at(2))  # fmt: skip
    return [shooting, other, arrest, bridge]


def test_dedup_a_report_joining_the_shooting_and_its_arrest_report_merges_them():
    shooting, other, arrest, bridge = bridge_reports()
    assert groups(run([shooting, other, arrest])[1]) == {
        frozenset({"a#1"}),
        frozenset({"o#1"}),
        frozenset({"b#1"}),
    }
    _, events = run([shooting, other, arrest, bridge])
    # One incident: the arrest report's event is merged into the shooting's; the other shooting, which the
    # bridge reaches too, stays apart (by date and place alone: below the bridge threshold).
    assert groups(events) == {frozenset({"a#1", "b#1", "c#1"}), frozenset({"o#1"})}
    (gone,) = [e for e in events if e.superseded_by is not None]
    assert gone.id == event_id("b#1") and gone.superseded_by == event_id("a#1")
    reasons = latest(events)[event_id("a#1")].matches[-1].reasons
    assert any(r.startswith("merges the event of") for r in reasons)


def two_reports_of_one_shooting(o1_day: int) -> list[Mention]:
    """One shooting, Monday in Tulsa. The first report names no one; the second names the victim but is
    misdated to Thursday (three days off: they stay apart); a third names him, dated ``o1_day`` days after
    Monday, and joins the second, by the name. A fourth names him and tells Monday at the tavern: it reaches
    both events well above the threshold."""
    day = dt.timedelta(days=1)
    shot = "A man was shot and killed outside a tavern on Monday night, police said."
    j1 = crime("j1", shot, place="Tulsa", killed=1, date=TUESDAY - day, published=at(0, 1))
    o0 = crime("o0", "Police said Dustin Albright, 41, died in the shooting.", place="Tulsa", killed=1,
               date=TUESDAY + 2 * day, published=at(2))  # fmt: skip
    o1 = crime("o1", "His family said Dustin Albright was shot dead.", place="Tulsa", killed=1,
               date=TUESDAY + (o1_day - 1) * day, published=at(3))  # fmt: skip
    c = crime("c", "Police said Dustin Albright was shot and killed outside a tavern on Monday night.",
              place="Tulsa", killed=1, date=TUESDAY - day, published=at(4))  # fmt: skip
    return [j1, o0, o1, c]


def test_dedup_a_report_reaching_two_compatible_shootings_well_merges_them():
    reports = two_reports_of_one_shooting(o1_day=1)  # Tuesday: a report of the second event fits the first
    assert groups(run(reports[:3])[1]) == {frozenset({"j1#1"}), frozenset({"o0#1", "o1#1"})}
    _, events = run(reports)
    assert groups(events) == {frozenset({"j1#1", "o0#1", "o1#1", "c#1"})}
    reasons = latest(events)[event_id("j1#1")].matches[-1].reasons
    assert any(r.endswith("(a report of it would join this event)") for r in reasons)
    # below the bridge threshold, the report joins its best event only
    policy = dataclasses.replace(POLICY, bridge_threshold=2.0)
    assert len(groups(run(reports, policy)[1])) == 2


def test_dedup_a_report_reaching_two_shootings_no_report_of_which_fits_the_other_merges_neither():
    """As above, but the third report is dated Thursday too: no report of the second event would join the
    first on its own (three days apart, no name in common), so the fourth joins one of them only."""
    _, events = run(two_reports_of_one_shooting(o1_day=3))
    assert len(groups(events)) == 2


@pytest.mark.parametrize(
    ("text", "day", "date", "joins"),
    [
        # One rare name and an agreeing date: the day after (within the tolerance) or dated by then.
        ("Police arrested a man Wednesday in the Quenby shooting.", 1, 1, True),
        ("Police arrested a man in the Quenby shooting.", 5, 5, True),  # no phrase: dated by publication
        # One rare name does not bridge a date gap beyond the tolerance ...
        ("Police arrested a man in the Quenby shooting.", 0, -5, False),
        # ... nor does an agreeing date without a shared name.
        ("Police arrested a man after a chase downtown.", 1, 1, False),
    ],
)
def test_dedup_arrest_report_follows_up_the_shooting_on_one_name_when_the_dates_agree(text, day, date, joins):
    shooting = crime("a", "Marla Quenby was shot at the Blue Heron Tavern.", place="Tulsa", date=TUESDAY)
    reason = "publication date" if day == date and day > 1 else "Wednesday"
    arrest = crime("b", text, sub="Arrests", place="Tulsa", published=at(day),
                   date=TUESDAY + dt.timedelta(days=date), date_reason=reason)  # fmt: skip
    assert (groups(run([shooting, arrest])[1]) == {frozenset({"a#1", "b#1"})}) is joins


@pytest.mark.parametrize(
    ("text", "joins"),
    [
        # The death's own day dates the report: the shooting happened by then.
        ("Marla Quenby died Sunday of the wounds she suffered, police said.", True),
        ("Marla Quenby was taken off life support on Sunday, relatives said.", True),
        # A report of another day that tells no later act is another shooting.
        ("Marla Quenby was shot again on Sunday outside her home, police said.", False),
    ],
)
def test_dedup_a_victims_later_death_dated_by_its_day_follows_up_the_shooting(text, joins):
    shooting = crime("a", "Marla Quenby was shot at the Blue Heron Tavern.", place="Tulsa", date=TUESDAY)
    death = crime("b", text, place="Tulsa", published=at(6), date=TUESDAY + dt.timedelta(days=5),
                  date_reason="Sunday")  # fmt: skip
    assert (groups(run([shooting, death])[1]) == {frozenset({"a#1", "b#1"})}) is joins


def test_dedup_strong_identity_bridges_a_wrong_date_within_limits():
    a = crime("a", "Marla Quenby and Dustin Albright were shot at the Blue Heron Tavern.", place="Tulsa",
              date=TUESDAY)  # fmt: skip
    near = crime("b", "Marla Quenby and Dustin Albright are recovering, relatives said.", place="Tulsa",
                 date=TUESDAY + dt.timedelta(days=6), published=at(1))  # fmt: skip
    far = crime("c", "Marla Quenby and Dustin Albright are recovering, relatives said.", place="Tulsa",
                date=TUESDAY + dt.timedelta(days=11), published=at(1, 1))  # fmt: skip
    assert groups(run([a, near])[1]) == {frozenset({"a#1", "b#1"})}
    assert len(groups(run([a, far])[1])) == 2
    weak = crime("d", "A man was wounded, police said.", place="Tulsa", date=TUESDAY + dt.timedelta(days=6),
                 published=at(1, 2))  # fmt: skip
    assert len(groups(run([a, weak])[1])) == 2


def test_dedup_report_naming_the_place_outweighs_the_geocoder():
    a = crime("a", "A man was shot dead in Tulsa on Tuesday.", place="Tulsa", killed=1)
    b = crime("b", "Police in Tulsa said a man died after a shooting.", place="Albuquerque", killed=1,
              published=at(0, 3))  # fmt: skip
    _, events = run([a, b])
    assert groups(events) == {frozenset({"a#1", "b#1"})}
    assert any("place named" in r for r in latest(events)[event_id("a#1")].matches[1].reasons)


def test_dedup_report_naming_the_county_outweighs_the_geocoder():
    county = Place(
        name="Osage County", admin1="Oklahoma", country="USA", lat=36.63, lon=-96.4, precision="admin2"
    )
    a = crime("a", "A boy was shot dead on a farm on Tuesday, deputies said.", place=county, killed=1)
    b = crime("b", "An Osage County boy died after a shooting, the sheriff said.", place="Albuquerque",
              killed=1, published=at(0, 3))  # fmt: skip
    _, events = run([a, b])
    assert groups(events) == {frozenset({"a#1", "b#1"})}
    assert any("place named" in r for r in latest(events)[event_id("a#1")].matches[1].reasons)
    # A province's name is not enough: "Oklahoma" is the province of the event, not its place.
    c = crime("c", "An Oklahoma boy died after a shooting, the sheriff said.", place="Albuquerque", killed=1,
              published=at(0, 3))  # fmt: skip
    assert len(groups(run([a, c])[1])) == 2


def test_dedup_shared_names_never_merge_the_reverse_dyad():
    text = "Jaish al-Adl said the Mashkel camp near Panjgur was hit, Brigadier Tahir Qureshi said."
    a = mention("a", target="PAK", text=text)
    b = mention("b", actor="PAK", target="IRN", place="Balochistan", text=text, published=at(0, 2))
    assert len(groups(run([a, b])[1])) == 2


@pytest.mark.parametrize("bad", [{"strong_identity": 0}, {"identity_date_days": 1}])
def test_dedup_policy_rejects_nonsense_identity_knobs(bad):
    with pytest.raises(ValueError):
        DedupPolicy(**bad)


@pytest.mark.parametrize("days_later", [29, 45, 400])
def test_dedup_redelivery_after_the_closed_memory_changes_nothing(days_later):
    """A crash replay can deliver a report again after the key's clock moved on by more than two retentions
    (a replay compresses weeks into seconds): it has left ``closed`` by then, yet it must not come back as a
    new event (a v1 with other content for an id already published, or a report in two events)."""
    state, [opened] = step(None, mention("old"), POLICY)
    assert opened.id == event_id("old#1")
    for n, day in enumerate((days_later, days_later + 1)):
        newer = mention(f"new{n}", place="Saravan", actor="PAK", target="IRN", published=at(day))
        state, _ = step(state, newer, POLICY)
    assert state is not None and "old#1" not in {c.id for c in state.closed}
    assert step(state, mention("old"), POLICY) == (state, [])


def test_dedup_too_late_report_delivered_again_changes_nothing():
    state, _ = step(None, mention("new", published=at(60)), POLICY)
    state, [late] = step(state, mention("ancient", published=at(1)), POLICY)
    assert late.mention_ids == ("ancient#1",)
    assert step(state, mention("ancient", published=at(1)), POLICY) == (state, [])


# ------------------------------------------------------------------------ people and counties (GVA, issue #4)

HARRIS = Place(name="Harris County", admin1="Texas", country="USA", lat=29.86, lon=-95.39, precision="admin2")


def test_dedup_the_people_an_article_names_identify_the_incident():
    """Two headlines that share no word; the articles name the same victim and suspect, and the follow-up
    dates the court hearing: the people bridge the date gap; other people do not."""
    people = ("Marla Quenby", "Dustin Albright")
    a = crime("a", "Woman wounded in tavern shooting.", place="Tulsa", date=TUESDAY, names=people)

    def follow_up(names: tuple[str, ...]) -> Mention:
        return crime("b", "Suspect appears in court over shooting.", place="Tulsa", published=at(5),
                     date=TUESDAY + dt.timedelta(days=5), names=names)  # fmt: skip

    assert groups(run([a, follow_up(people)])[1]) == {frozenset({"a#1", "b#1"})}
    assert len(groups(run([a, follow_up(("Ida Bell", "Al Roe"))])[1])) == 2


def test_dedup_the_venue_an_article_names_corroborates_a_join():
    """Two reports of a Tulsa shooting two days apart that share no name in their sentences (when and where
    alone are a busy city's coincidence): the venue both articles name elsewhere (``Mention.venues``)
    tells it is one incident; different venues do not."""
    a = crime("a", "A man was shot and wounded early on Tuesday.", place="Tulsa", injured=1, date=TUESDAY,
              venues=("Copper Kettle Lanes", "Harwick Avenue"))  # fmt: skip

    def other(venues: tuple[str, ...]) -> Mention:
        return crime("b", "Police are looking for a gunman after a shooting.", place="Tulsa", injured=1,
                     date=TUESDAY + dt.timedelta(days=2), published=at(2), venues=venues)  # fmt: skip

    _, events = run([a, other(("Copper Kettle Lanes",))])
    assert groups(events) == {frozenset({"a#1", "b#1"})}
    reasons = latest(events)[event_id("a#1")].matches[1].reasons
    assert any(r.startswith("shared names (copper, kettle") for r in reasons)
    assert len(groups(run([a, other(("Marlow Street",))])[1])) == 2


def test_dedup_a_city_inside_a_named_county_merges():
    a = crime("a", "A man was shot dead on Tuesday, deputies said.", place=HARRIS, killed=1)
    b = crime("b", "A man died after a shooting late on Tuesday.", place="Houston", killed=1,
              published=at(0, 3))  # fmt: skip
    _, events = run([a, b])
    assert groups(events) == {frozenset({"a#1", "b#1"})}
    assert any(
        r.startswith("place lies in Harris County")
        for r in latest(events)[event_id("a#1")].matches[1].reasons
    )


def test_dedup_a_person_named_like_a_place_does_not_name_it():
    """ "Place named in the reports" reads the reports' own words, not the people their articles name."""
    a = crime("a", "A man was shot dead in a parking lot.", place="Tulsa", killed=1)
    named = crime("b", "A man died after a shooting in Tulsa.", place="Albuquerque", killed=1,
                  published=at(0, 3))  # fmt: skip
    person = crime("c", "A man died after a shooting.", place="Albuquerque", killed=1, published=at(0, 3),
                   names=("Tulsa Jones",))  # fmt: skip
    assert groups(run([a, named])[1]) == {frozenset({"a#1", "b#1"})}
    assert len(groups(run([a, person])[1])) == 2


def test_dedup_a_place_conflict_needs_more_names_than_a_date_gap():
    """Two shared names bridge a date gap, not two provinces: shootings at two towns' Juneteenth Jubilee
    parades share the names and the day."""
    a = crime("a", "A man was shot at the Juneteenth Jubilee parade.", place="Tulsa")
    b = crime("b", "Two were hurt at the Juneteenth Jubilee parade.", place="Albuquerque", published=at(0, 3))
    assert len(groups(run([a, b])[1])) == 2
    assert len(groups(run([a, b], dataclasses.replace(POLICY, conflict_identity=2.0))[1])) == 1


def test_dedup_policy_rejects_a_conflict_identity_below_strong_identity():
    with pytest.raises(ValueError):
        DedupPolicy(conflict_identity=1.0)


# ---------------------------------------------------------------- reports dated by their publication (GVA)


def by_publication(article: str, text: str, day: int, **kwargs) -> Mention:
    """A follow-up report that no phrase dates: the extractor dates it by its publication."""
    return crime(article, text, published=at(day), date=at(day).date(), date_reason="publication date",
                 **kwargs)  # fmt: skip


def test_dedup_a_report_dated_by_its_publication_joins_the_event_of_days_before_on_one_name():
    a = crime("a", "Marla Quenby was shot at the Blue Heron Tavern on Tuesday.", place="Tulsa", date=TUESDAY)
    named = by_publication(
        "b", "Police identify a suspect in the shooting of Marla Quenby.", 5, place="Tulsa"
    )
    _, events = run([a, named])
    assert groups(events) == {frozenset({"a#1", "b#1"})}
    assert (
        "dated by publication, after the event's date" in latest(events)[event_id("a#1")].matches[1].reasons
    )
    anonymous = by_publication("c", "Police identify a suspect in the tavern shooting.", 5, place="Tulsa")
    assert len(groups(run([a, anonymous])[1])) == 2
    # A phrase that dates the report five days later is a date gap, which one name does not bridge.
    dated = crime("d", "Police identify a suspect in the Quenby shooting.", place="Tulsa",
                  published=at(5), date=TUESDAY + dt.timedelta(days=5))  # fmt: skip
    assert len(groups(run([a, dated])[1])) == 2


def test_dedup_a_report_dated_by_its_publication_bridges_the_retention_on_strong_identity_only():
    a = crime("a", "Marla Quenby and Dustin Albright were shot at the Blue Heron Tavern.", place="Tulsa",
              date=TUESDAY)  # fmt: skip
    weeks = POLICY.identity_date_days + 2
    trial = by_publication("b", "Trial set for the man charged in the shooting of Marla Quenby and Dustin "
                           "Albright.", weeks, place="Tulsa")  # fmt: skip
    assert groups(run([a, trial])[1]) == {frozenset({"a#1", "b#1"})}
    one_name = by_publication("c", "Trial set in the Quenby shooting.", weeks, place="Tulsa")
    assert len(groups(run([a, one_name])[1])) == 2
    # "By the day it was published" says nothing of an event dated after that day.
    early = by_publication("d", "Marla Quenby and Dustin Albright were shot at the tavern.", 0, place="Tulsa")
    later = crime("e", "Marla Quenby and Dustin Albright were shot at the Blue Heron Tavern.", place="Tulsa",
                  published=at(weeks), date=TUESDAY + dt.timedelta(days=weeks))  # fmt: skip
    assert len(groups(run([early, later])[1])) == 2


def test_dedup_a_report_dated_by_its_publication_bridges_any_gap_back_to_an_open_event():
    """A sentencing report months after the shooting, while the event is still open (a report of the day
    before dated it by its phrase "on Aug. 29"): the gap back is no veto on strong identity."""
    months = 4 * POLICY.retention_days
    a = crime("a", "Marla Quenby and Dustin Albright were shot at the Blue Heron Tavern on Aug. 29.",
              place="Tulsa", date=TUESDAY, published=at(months - 1))  # fmt: skip
    sentenced = by_publication("b", "The man who shot Marla Quenby and Dustin Albright was sentenced.",
                               months, place="Tulsa")  # fmt: skip
    assert groups(run([a, sentenced])[1]) == {frozenset({"a#1", "b#1"})}
    one_name = by_publication("c", "The man in the Quenby shooting was sentenced.", months, place="Tulsa")
    assert len(groups(run([a, one_name])[1])) == 2


def test_dedup_the_publication_date_mark_survives_the_state():
    m = by_publication("a", "A man was shot on Tuesday.", 0, place="Tulsa", url="https://x.example/a")
    state, _ = step(None, m, POLICY)
    assert state is not None
    back = decode(DedupState, encode(state))
    [held] = back.events[0].mentions
    assert held.date_reason == "publication date" and held.url is None
    other = crime("b", "A man was shot.", place="Tulsa", date_reason="on Tuesday", url="https://x.example/b")
    state, _ = step(None, other, POLICY)
    assert state is not None and state.events[0].mentions[0].date_reason == ""


def test_dedup_precise_places_across_a_provincial_border_are_nearby():
    """One metro area across a state line (Kansas City, Missouri and Overland Park, Kansas): not the
    geocoding conflict of two provinces."""
    kcmo = Place(
        name="Kansas City", admin1="Missouri", country="USA", lat=39.10, lon=-94.58, precision="city"
    )
    opks = Place(
        name="Overland Park", admin1="Kansas", country="USA", lat=38.98, lon=-94.67, precision="city"
    )
    a = crime("a", "A man was shot dead outside a bar on Tuesday.", place=kcmo, killed=1)
    b = crime("b", "A man died after a shooting outside a bar.", place=opks, killed=1, published=at(0, 3))
    _, events = run([a, b])
    assert groups(events) == {frozenset({"a#1", "b#1"})}
    assert any(
        r.startswith("nearby places across a border")
        for r in latest(events)[event_id("a#1")].matches[1].reasons
    )


def test_dedup_neighbouring_towns_a_day_apart_need_corroboration():
    """When, where and what alone: a day apart in two towns of one metro area is two incidents of a busy
    block more often than one. The same place, a shared name, an age both reports give, or the province
    the town lies in still do."""
    broken_arrow = Place(
        name="Broken Arrow", admin1="Oklahoma", country="USA", lat=36.05, lon=-95.79, precision="city"
    )
    oklahoma = Place(name="Oklahoma", admin1="Oklahoma", country="USA", precision="admin1")
    a = crime("a", "Marla Quenby was wounded on a porch late on Tuesday.", place="Tulsa", date=TUESDAY)
    wednesday = TUESDAY + dt.timedelta(days=1)

    def report(article: str, text: str, place: Place | str) -> Mention:
        return crime(article, text, place=place, date=wednesday, published=at(1))

    neighbour = report("b", "Officers found a man with a gunshot wound in a parked car.", broken_arrow)
    assert len(groups(run([a, neighbour])[1])) == 2
    same_place = report("c", "Officers found a man with a gunshot wound in a parked car.", "Tulsa")
    assert groups(run([a, same_place])[1]) == {frozenset({"a#1", "c#1"})}
    named = report("d", "Officers found Quenby with a gunshot wound in a parked car.", broken_arrow)
    assert groups(run([a, named])[1]) == {frozenset({"a#1", "d#1"})}
    province = report("e", "Officers found a man with a gunshot wound in a parked car.", oklahoma)
    assert groups(run([a, province])[1]) == {frozenset({"a#1", "e#1"})}
    teen = crime(
        "t",
        "A 16-year-old girl was hurt by a stray bullet on her porch late on Tuesday.",
        place="Tulsa",
        date=TUESDAY,
    )
    same_age = report("f", "Officers found a 16-year-old with a gunshot wound in a parked car.", broken_arrow)
    assert groups(run([teen, same_age])[1]) == {frozenset({"t#1", "f#1"})}
    other_age = report(
        "g", "Officers found a 17-year-old with a gunshot wound in a parked car.", broken_arrow
    )
    assert len(groups(run([teen, other_age])[1])) == 2


@pytest.mark.parametrize(
    ("killed", "injured", "joins"),
    [
        (2, None, True),
        (3, 0, True),
        (1, 2, True),
        (1, 4, True),
        (1, None, False),
        (1, 1, False),
        (0, 4, False),
    ],
)
def test_dedup_a_toll_of_several_victims_both_reports_give_corroborates(killed, injured, joins):
    """Two dead in Tulsa on Tuesday and two dead in Broken Arrow on Wednesday, or one dead and two wounded
    in both: a shooting with that many victims is rare enough to be one incident; one dead each, one dead and
    one wounded, or wounded only (every other shooting of a busy block) is not."""
    broken_arrow = Place(
        name="Broken Arrow", admin1="Oklahoma", country="USA", lat=36.05, lon=-95.79, precision="city"
    )
    a = crime(
        "a",
        "People were found shot in a house late on Tuesday.",
        place="Tulsa",
        killed=killed,
        injured=injured,
    )
    b = crime(
        "b",
        "Deputies said the victims were found at the scene.",
        place=broken_arrow,
        date=TUESDAY + dt.timedelta(days=1),
        published=at(1),
        killed=killed,
        injured=injured,
    )
    assert (groups(run([a, b])[1]) == {frozenset({"a#1", "b#1"})}) is joins


def test_dedup_a_neighbourhood_is_weakly_compatible_with_a_city_of_its_state():
    """A report placed in a neighbourhood (the extractor gives it no point) and an event in a city of the
    same state: the neighbourhood may lie in that city or another, and a Chicago neighbourhood's report
    saying "Chicago police" names no place of the event; when, where and what need more in common."""
    brighton_park = Place(name="Brighton Park", admin1="Illinois", country="USA", precision="village")
    a = crime("a", "A man was shot dead on a porch in Chicago late on Tuesday.", place="Chicago", killed=1)
    event = OpenEvent(event=build_event(event_id("a#1"), [a], [], 1), mentions=(a,), matches=())
    b = crime("b", "Chicago police said a teenager was wounded in Brighton Park.", place=brighton_park,
              published=at(0, 3))  # fmt: skip
    assert score_match(b, event, POLICY) is None
    named = crime("c", "Chicago police said Marla Quenby was wounded in Brighton Park.", place=brighton_park,
                  published=at(0, 3))  # fmt: skip
    quenby = crime("q", "Marla Quenby was shot dead on a porch in Chicago late on Tuesday.", place="Chicago")
    event = OpenEvent(event=build_event(event_id("q#1"), [quenby], [], 1), mentions=(quenby,), matches=())
    scored = score_match(named, event, POLICY)
    assert scored is not None and scored[0] >= POLICY.match_threshold
    assert "a neighbourhood and a city (Brighton Park / Chicago)" in scored[1]


def test_dedup_a_report_without_a_place_naming_the_events_place_is_at_that_place():
    """A report the geocoder could not place but whose own words name the event's town ("in Tulsa") is
    close in place, as the same place is, for a join that nothing else corroborates."""
    a = crime("a", "A teenager was wounded on a porch late on Tuesday.", place="Tulsa")
    b = crime("b", "Officers in Tulsa found a man with a gunshot wound.", place=None, published=at(0, 3))
    event = OpenEvent(event=build_event(event_id("a#1"), [a], [], 1), mentions=(a,), matches=())
    scored = score_match(b, event, POLICY)
    assert scored is not None and scored[0] >= POLICY.match_threshold
    assert "place named in the report (Tulsa)" in scored[1]


def test_dedup_a_report_whose_sentence_starts_with_the_events_place_names_it():
    """A sentence's first word is no name by its capital alone ("Police said"), but a place the sentence
    starts with is named all the same ("Tulsa police found ..."): the report is at the event's place."""
    a = crime("a", "A teenager was wounded on a porch late on Tuesday.", place="Tulsa")
    b = crime("b", "Tulsa police found a man with a gunshot wound.", place=None, published=at(0, 3))
    event = OpenEvent(event=build_event(event_id("a#1"), [a], [], 1), mentions=(a,), matches=())
    scored = score_match(b, event, POLICY)
    assert scored is not None and scored[0] >= POLICY.match_threshold
    assert "place named in the report (Tulsa)" in scored[1]


# ------------------------------------------------------- reports dated by a follow-up act (GVA, issue #4)


@pytest.mark.parametrize(
    ("text", "days", "joins"),
    [
        # The charge's day dates the report: the shooting came before it, and one shared name joins, as
        # for a report dated by its publication.
        ("A man was charged Friday in the Quenby shooting.", 5, True),
        ("Mourners gathered Friday at a vigil for Quenby.", 5, True),
        ("A judge set bail Friday for the man accused in the Quenby shooting.", 5, True),
        ("A jury found a man guilty Friday in the Quenby shooting.", 5, True),
        ("A man got probation Friday in the Quenby shooting.", 5, True),
        ("The man accused in the Quenby shooting surrendered Friday.", 5, True),
        # No follow-up act: a phrase dating the report five days later is a date gap (as before).
        ("Police said Friday the Quenby shooting was over a debt.", 5, False),
        # A follow-up act dated before the event says nothing of it.
        ("A man was charged Friday in the Quenby shooting.", -5, False),
        # Beyond ``reported_within_days`` one name is not enough.
        ("A man was charged Friday in the Quenby shooting.", 9, False),
    ],
)
def test_dedup_a_report_dated_by_a_follow_up_act_joins_the_event_it_follows(text, days, joins):
    a = crime("a", "Marla Quenby was shot at the Blue Heron Tavern on Tuesday.", place="Tulsa", date=TUESDAY)
    b = crime("b", text, place="Tulsa", published=at(max(days, 0)), date=TUESDAY + dt.timedelta(days=days))
    assert (groups(run([a, b])[1]) == {frozenset({"a#1", "b#1"})}) is joins


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        ({"killed": 1}, {"injured": 2}, False),  # wounded only, after the dead: another shooting
        ({"killed": 1}, {"killed": 1}, True),
        ({"injured": 2}, {"killed": 1}, True),  # a victim died of the wounds
    ],
)
def test_dedup_a_wounded_only_report_after_the_dead_needs_more(first, second, merged):
    a = crime("a", "A man died after a shooting on the north side late on Tuesday.", place="Tulsa", **first)
    b = crime("b", "Officers found two people hurt near a gas station, police said.", place="Tulsa",
              published=at(1, 2), date=TUESDAY + dt.timedelta(days=1), **second)  # fmt: skip
    _, events = run([a, b])
    together = {frozenset({"a#1", "b#1"})}
    assert (groups(events) == together) is merged


@pytest.mark.parametrize(
    ("second", "merged"),
    [
        ("Officers said the 9-year-old boy was taken to hospital by relatives.", False),
        ("Officers said the 16-year-old was taken to hospital by relatives.", True),
        ("Officers said the boy was taken to hospital by relatives.", True),  # no age: nothing to compare
    ],
)
def test_dedup_a_report_of_other_ages_needs_more(second, merged):
    a = crime("a", "A 16-year-old was shot in the leg on a north side street late on Tuesday.", place="Tulsa")
    b = crime("b", second, place="Tulsa", published=at(1, 2), date=TUESDAY + dt.timedelta(days=1))
    _, events = run([a, b])
    assert (groups(events) == {frozenset({"a#1", "b#1"})}) is merged
