"""Hand-built Mentions and Events for the dedup and escalation unit tests (no extractor involved)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from schemas.models import (
    Actor,
    ActorKind,
    Casualties,
    CasualtyClaim,
    Claim,
    Event,
    Evidence,
    Fatalities,
    Mention,
    Place,
    Victims,
)

# Tuesday 16 January 2024: Iran strikes Panjgur (Pakistan); Thursday 18: Pakistan strikes Saravan (Iran).
TUESDAY = dt.date(2024, 1, 16)
T0 = dt.datetime(2024, 1, 16, 20, 0, tzinfo=dt.UTC)

PLACES: dict[str, Place] = {
    "Panjgur": Place(
        name="Panjgur", admin1="Balochistan", country="PAK", lat=26.96, lon=64.09, precision="city"
    ),
    "Balochistan": Place(name="Balochistan", admin1="Balochistan", country="PAK", precision="admin1"),
    "Saravan": Place(
        name="Saravan", admin1="Sistan and Baluchestan", country="IRN", lat=27.37, lon=62.33, precision="city"
    ),
    "Turbat": Place(
        name="Turbat", admin1="Balochistan", country="PAK", lat=26.0, lon=63.05, precision="city"
    ),
    "Srinagar": Place(
        name="Srinagar", admin1="Jammu and Kashmir", country="IND", lat=34.08, lon=74.8, precision="city"
    ),
    "Islamabad": Place(
        name="Islamabad", admin1="Islamabad", country="PAK", lat=33.69, lon=73.05, precision="city"
    ),
    "Tulsa": Place(name="Tulsa", admin1="Oklahoma", country="USA", lat=36.15, lon=-95.99, precision="city"),
    "Albuquerque": Place(
        name="Albuquerque", admin1="New Mexico", country="USA", lat=35.08, lon=-106.65, precision="city"
    ),
    "Chicago": Place(
        name="Chicago", admin1="Illinois", country="USA", lat=41.88, lon=-87.63, precision="city"
    ),
    "Houston": Place(name="Houston", admin1="Texas", country="USA", lat=29.76, lon=-95.37, precision="city"),
    "Denver": Place(
        name="Denver", admin1="Colorado", country="USA", lat=39.74, lon=-104.99, precision="city"
    ),
    "Miami": Place(name="Miami", admin1="Florida", country="USA", lat=25.76, lon=-80.19, precision="city"),
}

STATES = {
    "IRN": Actor(text="Iran", name="Iran", country="IRN", kind=ActorKind.STATE_FORCES),
    "PAK": Actor(text="Pakistan", name="Pakistan", country="PAK", kind=ActorKind.STATE_FORCES),
    "IND": Actor(text="India", name="India", country="IND", kind=ActorKind.STATE_FORCES),
    "ARM": Actor(text="Armenia", name="Armenia", country="ARM", kind=ActorKind.STATE_FORCES),
    "AZE": Actor(text="Azerbaijan", name="Azerbaijan", country="AZE", kind=ActorKind.STATE_FORCES),
    "ISR": Actor(text="Israel", name="Israel", country="ISR", kind=ActorKind.STATE_FORCES),
}

STRIKE_TYPES = {
    "Air/drone strike": ("Explosions/Remote violence", "19", "ASSAULT:aerial", -10.0, 4),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", "19", "ASSAULT:artillery", -10.0, 4),
    "Armed clash": ("Battles", "19", "FIGHT:small-arms", -10.0, 4),
    "Attack": ("Violence against civilians", "18", "ASSAULT:firearms", -9.0, 4),
    "Ambassador recalled": ("Strategic developments", "16", "REDUCE:diplomatic", -4.0, 3),
    "Ambassador expelled": ("Strategic developments", "16", "REDUCE:diplomatic", -5.0, 3),
    "Envoy summoned": ("Strategic developments", "16", "REDUCE:diplomatic", -2.0, 3),
    "Condemnation": ("Strategic developments", "11", "DISAPPROVE:verbal", -2.0, 3),
    "Sanctions imposed": ("Strategic developments", "16", "SANCTION:economic", -8.0, 4),
    "Arrests": ("Strategic developments", "17", "COERCE:arrest", -5.0, 4),
    "Talks held": ("Strategic developments", "04", "CONSULT:telephone", 1.0, 1),
}


def at(day: int = 0, hours: float = 0) -> dt.datetime:
    """A publication time ``day`` days and ``hours`` hours after T0."""
    return T0 + dt.timedelta(days=day, hours=hours)


def mention(
    article: str,
    *,
    n: int = 1,
    source: str | None = None,
    published: dt.datetime | None = None,
    sub: str = "Air/drone strike",
    actor: str | Actor | None = "IRN",
    target: str | Actor | None = None,
    place: str | Place | None = "Panjgur",
    date: dt.date | None = None,
    killed: int | None = None,
    injured: int | None = None,
    victims: Victims | None = None,
    claimant: str | None = None,
    claimant_country: str | None = None,
    text: str | None = None,
    fingerprint: str | None = None,
    confidence: float = 0.8,
    **extra: Any,
) -> Mention:
    """One Mention with sensible defaults (an Iranian air strike on Panjgur reported on Tuesday evening)."""
    etype, cameo, plover, goldstein, quad = STRIKE_TYPES[sub]
    pl = PLACES[place] if isinstance(place, str) else place
    act = STATES[actor] if isinstance(actor, str) else actor
    if isinstance(target, str):
        tgt: Actor | None = STATES.get(target) or Actor(text=target, name=target, kind=ActorKind.MILITANTS)
    else:
        tgt = target
    sentence = text or f"{act.name if act else 'Unknown'} {sub.lower()} hit {pl.name if pl else 'somewhere'}."
    pub = published or at()
    claims = ()
    if claimant:
        claims = (
            Claim(
                claimant=claimant, country=claimant_country, evidence=Evidence(text=sentence, start=0, end=1)
            ),
        )
    return Mention(
        id=f"{article}#{n}",
        article_id=article,
        source=source or f"{article}.example",
        published_at=pub,
        event_type=etype,
        sub_event_type=sub,
        cameo=cameo,
        plover=plover,
        goldstein=goldstein,
        quad_class=quad,
        actors=(act,) if act else (),
        targets=(tgt,) if tgt else (),
        place=pl,
        cross_border=bool(act and pl and act.country and pl.country and act.country != pl.country),
        date=date or pub.date(),
        casualties=Casualties(
            killed=killed,
            killed_qualifier="exact" if killed is not None else None,
            injured=injured,
            injured_qualifier="exact" if injured is not None else None,
            victims=victims or Victims(),
        ),
        claims=claims,
        evidence=Evidence(text=sentence, start=0, end=len(sentence)),
        text_fingerprint=fingerprint or hashlib.sha256(f"{article}:{sentence}".encode()).hexdigest()[:16],
        confidence=confidence,
        **extra,
    )


def event(
    eid: str,
    *,
    version: int = 1,
    sub: str = "Air/drone strike",
    actor: str = "IRN",
    target: str = "PAK",
    place: str | Place | None = "Panjgur",
    date: dt.date = TUESDAY,
    first_seen: dt.datetime | None = None,
    killed: int | None = None,
    victims: Victims | None = None,
    claimant: str | None = None,
    outlets: tuple[str, ...] = ("a.example",),
    **extra: Any,
) -> Event:
    """One canonical Event as dedup would emit it (dyad ``actor>target``)."""
    etype, cameo, plover, goldstein, quad = STRIKE_TYPES[sub]
    pl = PLACES[place] if isinstance(place, str) else place
    seen = first_seen or dt.datetime.combine(date, dt.time(12), tzinfo=dt.UTC)
    claims: tuple[CasualtyClaim, ...] = ()
    if killed is not None or victims is not None:
        claims = (
            CasualtyClaim(
                mention_id=f"{eid}-m#1",
                source=outlets[0],
                claimant=claimant,
                published_at=seen,
                killed=killed,
                victims=victims or Victims(),
            ),
        )
    fields: dict[str, Any] = {
        "id": eid,
        "version": version,
        "event_type": etype,
        "sub_event_type": sub,
        "cameo": cameo,
        "plover": plover,
        "goldstein": goldstein,
        "quad_class": quad,
        "actors": (STATES[actor],),
        "targets": (STATES[target],),
        "dyad": f"{actor}>{target}",
        "place": pl,
        "cross_border": bool(pl and pl.country != actor),
        "date": date,
        "fatalities": Fatalities(conservative=killed, lowest=killed, highest=killed, latest=killed),
        "casualty_claims": claims,
        "outlets": outlets,
        "mention_ids": (f"{eid}-m#1",),
        "mention_count": 1,
        "independent_sources": 1,
        "first_seen": seen,
        "last_updated": seen,
        "summary": f"{actor} {sub} {date}",
    }
    fields.update(extra)
    return Event(**fields)


JAISH = Actor(text="Jaish al-Adl", name="Jaish al-Adl", country="IRN", kind=ActorKind.ISLAMIST_MILITANT_GROUP)
VILLAGERS = Actor(text="a village", name="villagers", country="PAK", kind=ActorKind.CIVILIANS)
BLF = Actor(
    text="BLF hideouts", name="Balochistan Liberation Front", country="PAK", kind=ActorKind.SEPARATIST_GROUP
)
IRAN_VILLAGERS = Actor(text="a village", name="villagers", country="IRN", kind=ActorKind.CIVILIANS)
WEDNESDAY = TUESDAY + dt.timedelta(days=1)
THURSDAY = TUESDAY + dt.timedelta(days=2)


def pakistan_iran_mentions() -> list[Mention]:
    """The Pakistan/Iran sequence of January 2024, in publication order.

    Tuesday: Iran strikes Panjgur; three outlets with different figures (2, 3, 2 killed; 2 children), plus a
    syndicated copy of the Reuters text. Wednesday: Pakistan recalls its ambassador from Iran. Thursday:
    Pakistan strikes Saravan; Iranian media say 3 women and 4 children were among 9 killed.
    """
    wire = "Iran launched missile and drone strikes on Panjgur in Pakistan's Balochistan, killing three."
    return [
        mention("tasnim-1", source="tasnimnews.com", published=at(0, 1), target=JAISH, date=TUESDAY,
                claimant="Iranian media", claimant_country="IRN",
                text="Iran struck Jaish al-Adl bases near Panjgur with missiles and drones."),
        mention("dawn-1", source="dawn.com", published=at(0, 3), target=VILLAGERS, date=TUESDAY, killed=2,
                injured=3, victims=Victims(children=2, civilians=2), claimant="Pakistani foreign ministry",
                claimant_country="PAK",
                text="Two children were killed and three girls injured when Iran struck a village near "
                "Panjgur."),
        mention("reuters-1", source="reuters.com", published=at(0, 6), target=VILLAGERS,
                place="Balochistan", date=TUESDAY, killed=3, victims=Victims(children=2), text=wire,
                fingerprint="fp-reuters-1"),
        mention("thenews-1", source="thenews.com.pk", published=at(0, 7), target=VILLAGERS,
                place="Balochistan", date=TUESDAY, killed=3, victims=Victims(children=2), text=wire,
                fingerprint="fp-reuters-1"),
        mention("aljazeera-1", source="aljazeera.com", published=at(0, 9), target=VILLAGERS, date=TUESDAY,
                killed=2, victims=Victims(children=2),
                text="Pakistan said two children died in the Iranian strike on Panjgur."),
        mention("dawn-2", source="dawn.com", published=at(1, 0), sub="Ambassador recalled", actor="PAK",
                target="IRN", place="Islamabad", date=WEDNESDAY, claimant="Pakistani foreign ministry",
                text="Pakistan recalled its ambassador from Iran after the violation of its airspace."),
        mention("irna-1", source="irna.ir", published=at(2, 2), actor="PAK", target=IRAN_VILLAGERS,
                place="Saravan", date=THURSDAY, killed=9, victims=Victims(women=3, children=4, civilians=9),
                claimant="Iranian media", claimant_country="IRN",
                text="Pakistani strikes on a village near Saravan killed nine, including three women and "
                "four children, Iranian media said."),
        mention("dawn-3", source="dawn.com", published=at(2, 4), actor="PAK", target=BLF, place="Saravan",
                date=THURSDAY, claimant="Pakistani military", claimant_country="PAK",
                text="Pakistan struck terrorist hideouts in Saravan, Iran, the military said."),
    ]  # fmt: skip


def latest_versions(records: Any) -> dict[str, Any]:
    """The latest version per id of events or alerts, in the order of their ids' first appearance."""
    by_id: dict[str, Any] = {}
    for r in records:
        if r.id not in by_id or r.version > by_id[r.id].version:
            by_id[r.id] = r
    return by_id


def live(records: Any) -> dict[str, Any]:
    """What a subscriber holds: the latest version per id, with superseded records dropped."""
    return {i: r for i, r in latest_versions(records).items() if r.superseded_by is None}


def replay_dedup(mentions: Any, states: Any = None, policy: Any = None) -> tuple[dict[str, Any], list[Any]]:
    """Run mentions through dedup's step, key by key, as the agent would; (states, emitted events)."""
    from agents.dedup import DedupPolicy, blocking_key, step

    policy = policy or DedupPolicy()
    states = dict(states or {})
    out: list[Any] = []
    for m in mentions:
        key = blocking_key(m)
        states[key], events = step(states.get(key), m, policy)
        out += events
    return states, out


def clustering(states: dict[str, Any]) -> set[frozenset[str]]:
    """The held clusters as sets of mention ids."""
    return {frozenset(m.id for m in oe.mentions) for s in states.values() if s for oe in s.events}


CLASSIFIER_TEXTS = [
    "Warplanes bombed the village at dawn.",
    "Jets bombed a market in the north.",
    "Warplanes bombed positions near the river.",
    "Thousands marched peacefully in the capital.",
    "Students marched peacefully to parliament.",
    "Farmers marched peacefully through the town.",
]
CLASSIFIER_LABELS = ["AIR_STRIKE"] * 3 + ["PEACE_PROTEST"] * 3
"""A made-up two-label corpus for the type classifier tests."""


_T = TypeVar("_T")


def shuffled_within(items: Sequence[_T], when: Callable[[_T], dt.datetime], days: int, seed: int) -> list[_T]:
    """``items`` (in publication order) with each run of ``days`` days shuffled: how partitions interleave,
    or a crashed worker replays, within a live wire's reach."""
    rnd = random.Random(seed)
    out: list[_T] = []
    window: list[_T] = []
    for item in items:
        if window and when(item) - when(window[0]) > dt.timedelta(days=days):
            rnd.shuffle(window)
            out += window
            window = []
        window.append(item)
    rnd.shuffle(window)
    return out + window
