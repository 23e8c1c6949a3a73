"""Typed, immutable wire records of every strikewire topic.

Every record is a frozen pydantic model; datetimes are timezone-aware; country codes are
ISO 3166-1 alpha-3. ``schemas.codec`` turns them into bytes and back.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "PUBLICATION_DATE",
    "Actor",
    "ActorKind",
    "Alert",
    "AlertLevel",
    "Article",
    "Casualties",
    "CasualtyClaim",
    "Claim",
    "ContestedClaim",
    "Country",
    "DeadLetter",
    "Event",
    "EventRef",
    "Evidence",
    "Fatalities",
    "FieldSpan",
    "MatchReason",
    "Mention",
    "Place",
    "PlacePrecision",
    "Qualifier",
    "RuleHit",
    "Victims",
]

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
"""ISO 3166-1 alpha-3 country code, e.g. ``PAK``."""

Qualifier = Literal["exact", "at_least", "about", "at_most", "unknown"]
"""How a reported count is qualified ("at least 7" is ``at_least``; "a number of" is ``unknown``)."""

PlacePrecision = Literal["village", "city", "admin2", "admin1", "country", "unknown"]
"""How precisely a place was resolved, from a named village down to only a country."""

DatePrecision = Literal["day", "week", "month", "unknown"]

PUBLICATION_DATE = "publication date"
"""``Mention.date_reason`` of a report that no phrase dates: it is dated by its publication."""


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Article(_Record):
    """One news article as a wire ingester publishes it to ``articles.raw``."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=True)]
    """Ingester-assigned id, unique per article; redelivering the same id is idempotent."""
    source: Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=True)]
    """The outlet, e.g. ``reuters.com`` or ``Tasnim``."""
    url: str | None = None
    """Where the article was published, if known."""
    title: str = ""
    """Headline."""
    body: str
    """Plain text (or light HTML, stripped by the validate stage)."""
    published_at: AwareDatetime
    """Publication time as stated by the outlet; relative dates are resolved against it."""
    language: str | None = None
    """ISO 639-1 language declared by the ingester; checked, not trusted."""


class Evidence(_Record):
    """A sentence of an article that backs a field, with character offsets into ``title + body``."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class FieldSpan(_Record):
    """The words of an article a mention's field was read from, with character offsets into ``title +
    body`` (as ``Evidence``): the trigger, each actor and target as written, the place, the date phrase,
    each casualty phrase."""

    field: Literal["trigger", "actor", "target", "place", "date", "killed", "injured"]
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ActorKind(StrEnum):
    """What kind of party an actor or target is (ACLED-style actor classes)."""

    STATE = "state"
    STATE_FORCES = "state_forces"
    GOVERNMENT = "government"
    POLICE = "police"
    SEPARATIST_GROUP = "separatist_group"
    ISLAMIST_MILITANT_GROUP = "islamist_militant_group"
    REBEL_GROUP = "rebel_group"
    MILITIA = "militia"
    MILITANTS = "militants"
    CIVILIANS = "civilians"
    PROTESTERS = "protesters"
    CRIMINAL = "criminal"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    UNKNOWN = "unknown"


class Actor(_Record):
    """A party to an event: who acted, or who was acted upon."""

    text: str
    """The name as written in the article ("Tehran", "BLF", "Iranian forces")."""
    name: str
    """Normalised name ("Iran", "Balochistan Liberation Front")."""
    country: Country | None = None
    """The country the actor belongs to (a state, or a group's home country)."""
    kind: ActorKind = ActorKind.UNKNOWN


class Place(_Record):
    """Where an event happened, resolved offline from a gazetteer."""

    name: str
    """Canonical place name."""
    text: str | None = None
    """The name as written, if different ("Baluchestan")."""
    admin1: str | None = None
    """First-level administrative division (province, state)."""
    country: Country | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    precision: PlacePrecision = "unknown"

    def km(self, other: Place) -> float | None:
        """Great-circle distance to ``other`` in km; None when either has no point."""
        if self.lat is None or self.lon is None or other.lat is None or other.lon is None:
            return None
        p1, p2 = math.radians(self.lat), math.radians(other.lat)
        dphi, dlmb = p2 - p1, math.radians(other.lon - self.lon)
        h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
        return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class Victims(_Record):
    """Breakdown of the killed by victim group, as reported."""

    women: int | None = None
    children: int | None = None
    civilians: int | None = None
    militants: int | None = None
    soldiers: int | None = None
    police: int | None = None


class Casualties(_Record):
    """Killed and injured as one mention reports them."""

    killed: int | None = None
    """Number killed; None when none were reported or the count is unknown (see qualifier)."""
    killed_qualifier: Qualifier | None = None
    """None when the article reports no deaths at all."""
    injured: int | None = None
    injured_qualifier: Qualifier | None = None
    victims: Victims = Victims()
    """Who the dead were."""


class Claim(_Record):
    """Who asserts a mention's facts ("Iranian media said", "the ministry said")."""

    claimant: str
    """Normalised claimant name, e.g. "Iranian media" or "Pakistani foreign ministry"."""
    country: Country | None = None
    evidence: Evidence


class Mention(_Record):
    """One event as reported by one article (internal topic ``mentions``)."""

    id: str
    """Deterministic: ``<article id>#<n>``, so redelivery never creates a new mention."""
    article_id: str
    source: str
    url: str | None = None
    published_at: AwareDatetime
    event_type: str
    """ACLED event type, e.g. "Explosions/Remote violence", "Strategic developments"."""
    sub_event_type: str
    """ACLED sub-event type (or a diplomatic act), e.g. "Air/drone strike", "Ambassador recalled"."""
    cameo: str
    """CAMEO root code, e.g. "19" (fight) or "16" (reduce relations)."""
    plover: str
    """PLOVER type:mode, e.g. "ASSAULT:aerial" or "REDUCE:diplomatic"."""
    goldstein: float = Field(ge=-10, le=10)
    quad_class: int = Field(ge=1, le=4)
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    actors: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    place: Place | None = None
    cross_border: bool = False
    """True when an actor's country differs from the place's country."""
    date: dt.date
    """When the event happened, resolved against ``published_at``."""
    date_precision: DatePrecision = "day"
    date_reason: str = ""
    """Why this date: the phrase it came from, or "publication date" (``PUBLICATION_DATE``)."""
    casualties: Casualties = Casualties()
    claims: tuple[Claim, ...] = ()
    evidence: Evidence
    """The sentence the event trigger sits in."""
    spans: tuple[FieldSpan, ...] = ()
    """Where each field was read, in article order: the trigger, actors, targets, place, date and casualty
    phrases (a field inferred from the rest of the article, or dated by publication, has none)."""
    text_fingerprint: str
    """Hash of the normalised article text: identical syndicated copies share it."""
    confidence: float = Field(ge=0, le=1)
    names: tuple[str, ...] = ()
    """People the article names, as written, officials introduced by their title left out (victims,
    suspects, witnesses): follow-up reports of one incident name the same people."""
    venues: tuple[str, ...] = ()
    """Venues and streets the article names, as written (a bar, a school, "Blue Hill Avenue"), institutions
    that serve a whole city left out (hospitals, police, courthouses, jails) unless the sentence of a
    remote strike names one (the hospital an air strike hit, listed first): follow-up reports of one
    incident name the same venue."""


class MatchReason(_Record):
    """Why a mention was merged into an event (or started it)."""

    mention_id: str
    score: float
    reasons: tuple[str, ...]


class CasualtyClaim(_Record):
    """One source's casualty figures for an event, kept side by side with the others."""

    mention_id: str
    source: str
    claimant: str | None = None
    published_at: AwareDatetime
    killed: int | None = None
    killed_qualifier: Qualifier | None = None
    injured: int | None = None
    victims: Victims = Victims()


class Fatalities(_Record):
    """Fatality figures across all claims; ``conservative`` follows ACLED's rule (lowest credible)."""

    conservative: int | None = None
    lowest: int | None = None
    highest: int | None = None
    latest: int | None = None


class ContestedClaim(_Record):
    """A field on which sources disagree, each version with who says it."""

    field: str
    versions: tuple[tuple[str, str], ...]
    """(value, claimant or source) pairs."""


class Event(_Record):
    """The canonical, versioned record of one real-world event (topic ``events.enriched``)."""

    id: str
    """Deterministic id derived from the first mention that opened the event."""
    version: int = Field(ge=1)
    """Incremented on each material change; consumers keep the highest."""
    event_type: str
    sub_event_type: str
    cameo: str
    plover: str
    goldstein: float
    quad_class: int
    actors: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    dyad: str | None = None
    """Ordered country dyad "ACTOR>TARGET", e.g. "PAK>IRN", when both sides are known."""
    place: Place | None = None
    cross_border: bool = False
    date: dt.date
    date_precision: DatePrecision = "day"
    fatalities: Fatalities = Fatalities()
    injured: Fatalities = Fatalities()
    casualty_claims: tuple[CasualtyClaim, ...] = ()
    contested: tuple[ContestedClaim, ...] = ()
    outlets: tuple[str, ...] = ()
    mention_ids: tuple[str, ...] = ()
    mention_count: int = 0
    independent_sources: int = 0
    """Distinct texts behind the event: syndicated copies count once."""
    matches: tuple[MatchReason, ...] = ()
    in_response_to: str | None = None
    """Id of the earlier event of the reverse dyad this one answers, if any."""
    superseded_by: str | None = None
    """When set, this event was found to be the same real event as the one named; subscribers drop it."""
    first_seen: AwareDatetime
    last_updated: AwareDatetime
    summary: str = ""
    """One human-readable line."""


class AlertLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class RuleHit(_Record):
    """One escalation rule that fired, with a reason a person can read."""

    rule: str
    score: float
    reason: str


class EventRef(_Record):
    id: str
    version: int


class Alert(_Record):
    """One alert per dyad episode (topic ``alerts.escalation``, keyed by the undirected dyad)."""

    id: str
    """Stable per episode: hash of the undirected dyad and the episode's first event."""
    version: int = Field(ge=1)
    dyad: str
    """Ordered dyad of the latest triggering event, "PAK>IRN"."""
    pair: str
    """Undirected dyad, "IRN-PAK" (sorted), the topic key."""
    level: AlertLevel
    score: float
    rules: tuple[RuleHit, ...]
    events: tuple[EventRef, ...]
    outlets: tuple[str, ...] = ()
    summary: str
    created_at: AwareDatetime
    updated_at: AwareDatetime
    superseded_by: str | None = None
    """When set, the episode's events now belong to the alert named (an earlier strike arrived late, or
    dedup merged the events); subscribers drop this one."""


class DeadLetter(_Record):
    """A record that could not be processed, with its original bytes (topic ``articles.deadletter``)."""

    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")

    reason: str
    """Machine-readable code from ``schemas.errors`` (e.g. ``malformed_json``)."""
    error: str
    """Human-readable explanation."""
    original: bytes
    """The record's value exactly as received, base64 in JSON."""
    topic: str
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    stage: str = "validate"
    failed_at: AwareDatetime
