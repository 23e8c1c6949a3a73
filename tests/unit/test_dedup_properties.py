"""Dedup invariants under hypothesis: order independence, redelivery idempotence, bounded state."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.dedup import DedupPolicy, DedupState, blocking_key, step
from schemas.codec import decode, encode
from schemas.models import Mention, Place
from tests.unit.factories import PLACES, TUESDAY, at, clustering, mention, replay_dedup

POLICY = DedupPolicy()
CITIES = ["Tulsa", "Albuquerque", "Chicago", "Houston", "Denver", "Miami"]

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _admin1(city: str) -> Place:
    p = PLACES[city]
    return Place(name=p.admin1 or "", admin1=p.admin1, country=p.country, precision="admin1")


@st.composite
def report_sets(draw: st.DrawFn) -> list[Mention]:
    """Mentions of 1-4 well-separated shootings (different US states), 1-4 reports each."""
    cities = draw(st.lists(st.sampled_from(CITIES), min_size=1, max_size=4, unique=True))
    out: list[Mention] = []
    for e, city in enumerate(cities):
        day = draw(st.integers(0, 5))
        n = draw(st.integers(1, 4))
        for r in range(n):
            precise = draw(st.booleans())
            published = at(day, draw(st.integers(0, 36)))
            by_publication = draw(st.booleans())  # no phrase dates it: dated by its publication
            out.append(
                mention(
                    f"e{e}-r{r}",
                    sub="Attack",
                    actor=None,
                    target=None,
                    source=draw(st.sampled_from(["ap.org", "cnn.com", "local.news", f"{city.lower()}.com"])),
                    place=city if precise or r == 0 else _admin1(city),
                    date=published.date()
                    if by_publication
                    else TUESDAY + dt.timedelta(days=day + draw(st.integers(0, 1))),
                    date_reason="publication date" if by_publication else "",
                    published=published,
                    killed=draw(st.sampled_from([None, 2, 3])),
                    text=f"A gunman opened fire at an apartment in {city}, police said.",
                )
            )
    return out


def replay(mentions: list[Mention]) -> tuple[dict[str, DedupState | None], list]:
    return replay_dedup(mentions, None, POLICY)


def truth(mentions: list[Mention]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for m in mentions:
        groups.setdefault(m.article_id.split("-")[0], set()).add(m.id)
    return {frozenset(g) for g in groups.values()}


@PROFILE
@given(data=st.data(), mentions=report_sets())
def test_dedup_clustering_is_independent_of_delivery_order(data, mentions):
    shuffled = data.draw(st.permutations(mentions))
    in_order = clustering(replay(sorted(mentions, key=lambda m: (m.published_at, m.id)))[0])
    assert in_order == truth(mentions)
    assert clustering(replay(shuffled)[0]) == in_order


@PROFILE
@given(data=st.data(), mentions=report_sets())
def test_dedup_canonical_content_is_independent_of_delivery_order(data, mentions):
    shuffled = data.draw(st.permutations(mentions))

    def content(states):
        return {
            frozenset(oe.event.mention_ids): oe.event.model_dump(
                exclude={"id", "version", "matches", "summary"}
            )
            for s in states.values()
            if s
            for oe in s.events
            if len(oe.event.mention_ids) == len(oe.mentions)  # last emission carries every mention
        }

    a, b = content(replay(mentions)[0]), content(replay(shuffled)[0])
    for k in a.keys() & b.keys():
        assert a[k] == b[k]


@PROFILE
@given(data=st.data(), mentions=report_sets())
def test_dedup_redelivery_of_any_prefix_is_idempotent(data, mentions):
    states, _ = replay(mentions)
    cut = data.draw(st.integers(0, len(mentions)))
    again = dict(states)
    for m in data.draw(st.permutations(mentions[:cut])):
        key = blocking_key(m)
        again[key], events = step(again.get(key), m, POLICY)
        assert events == []
    assert again == states


@PROFILE
@given(mentions=report_sets())
def test_dedup_every_emission_increments_the_version(mentions):
    _, events = replay(mentions)
    seen: dict[str, int] = {}
    for e in events:
        assert e.version == seen.get(e.id, 0) + 1
        seen[e.id] = e.version


@PROFILE
@given(mentions=report_sets(), later=st.integers(29, 60))
def test_dedup_state_is_bounded_after_expiry(mentions, later):
    states, _ = replay(mentions)
    fresh = mention("fresh", sub="Attack", actor=None, target=None, place="Tulsa", published=at(6 + later))
    key = blocking_key(fresh)
    state, _ = step(states.get(key), fresh, POLICY)
    assert state is not None
    assert [oe.mentions[0].id for oe in state.events] == ["fresh#1"]
    assert decode(DedupState, encode(state)) == state
