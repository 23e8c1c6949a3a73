"""Cross-report deduplication: pure, state-in/state-out, event-time only.

One call of :func:`step` takes the state of one blocking key and one :class:`~schemas.Mention` and returns
the new state and the canonical :class:`~schemas.Event` versions to publish. Nothing here touches Kafka,
Faust or the wall clock, so a replay of the same mentions in the same order gives byte-identical output,
and the final clustering does not depend on the order at all (see "Order").

Blocking key
    The set of world regions (UN M49 sub-regions, ``regions.yaml``: "Southern Asia", "Western Asia",
    "Northern America", ...) of the countries a mention involves: its place country, its main actor's
    country and its main target's country, sorted and joined with "+"; nothing known keys on "UNK". Reports
    of one event name different subsets of its countries: "explosions hit a village near Saravan" (Iran
    only) and "Pakistani drones struck a village near Saravan" (Iran and Pakistan), or an IRGC statement
    that does not say where it struck (Iran only) and Pakistan's account of the strike in Panjgur. Keyed on
    the country set itself, such reports never met; the neighbours of a cross-border conflict share a
    region, so they meet under one key ("Southern Asia"), and matching vetoes a pair whose country sets
    are disjoint or cross (neither holds the other: a Pakistani report never merges with an Indian one,
    nor an Iran-Pakistan strike with an India-Pakistan one). Both directions of a dyad share a key, so the
    retaliation link (``in_response_to``) is found inside one key without cross-partition lookups, also
    between regions ("Southern Asia+Western Asia" holds Israel-Iran both ways). Every pair of reports that
    shared a key on the country set shares one on the region set, so the region key only adds candidates.
    Trade-off: a report that names only one side of a cross-region dyad still lands apart from the dyad's
    reports; and busy regions make one key hot (all of a domestic conflict under "Northern America"),
    which ``DedupPolicy.max_open_events`` bounds. Measured on GVA dev (US shootings, one region): of the
    same-incident article pairs left apart, about an eighth differ in key because one report names no
    country at all ("UNK": no place was extracted) and a tenth because the geocoder put one report in
    another country ("York" in England, the article naming no state); matching cannot reach those.

Matching
    A mention is scored against every open event of its key. Hard vetoes (never merge): type families that
    are neither the same nor a follow-up pair (a diplomatic act never merges with a strike; each act is
    its own family), event dates further apart than ``identity_date_days``, places in different
    countries, the reverse dyad, and country sets neither of which holds the other (see "Blocking key";
    a report naming only part of the event's countries needs the same place, the same named parties or
    strong identity). Softer conflicts need *strong identity* to be outweighed: dates
    further apart than the tolerance ("Thursday" vs "Jan. 18" is fine, a week is not; but a report that no
    phrase dates, dated by its publication, only says the event happened by then: an event dated up to
    ``reported_within_days`` before it needs ``reported_identity``, one name only the two share, and one
    dated further back strong identity, however far back: the event is open, so one of its reports is
    recent, and a court report months later is dated by its own day; so does a report whose event
    sentence tells a follow-up act, ``vocab.FOLLOW_UP_ACT_WORDS``: "was charged Tuesday in the
    shooting" is dated by the charge, "died Sunday of his wounds" by the death, the shooting came before)
    and a follow-up type
    (an arrest report joins the shooting it follows up; a follow-up needs strong identity whenever the
    event holds a violent report, or ``reported_identity`` when its date agrees with the event's: within
    the tolerance, or dated by then); places in different provinces (unless two precise places within
    ``max_km`` across the border: one city's suburbs) or more than ``max_km`` apart (geocoders pick the
    wrong namesake: "Fresno" in Texas) need more, ``conflict_identity``, or, in one province, a toll of
    several victims both give (``_SEVERAL``) within a day of the event's date. A report whose own words (its
    sentence's first word too) name the event's precise place or county ("Savannah party shooting", "a
    Gilmer County boy", "Marion County toddler injured in accidental shooting has died") is compatible
    with it whatever the geocoder chose; the people its article names do not count for that (a
    Mr. Tulsa is not Tulsa).

    Identity: the proper names of a report (capitalised words of its evidence sentence, of its parties as
    written and of the people and venues its article names, ``Mention.names`` and ``Mention.venues``;
    less general vocabulary, ``vocab.GENERIC_NAMES``, the outlet's own name, "KSLA" from ksla.com, and the
    places' own names, which count as place evidence) are compared with those of each member of the event;
    the best member's shared names are weighed by their rarity among the reports of the key's open events
    and its closed ones of the year, each of those counting as one report (relative IDF: 1.0 for a name
    only the two reports carry, less for a name many reports of the week carry, e.g. a busy city or an
    outlet). The sum is the identity mass;
    ``strong_identity`` (about two rare names: a victim's first and last name) makes identity strong; a
    syndicated copy (same body fingerprint and mention index, and nearly the same event sentence: a paywall
    page is one body for many stories) is strong as well. Rarity is counted over the
    open clusters as they stand when the mention is matched, a function of the mention set like everything
    else (see "Order").

    Score: syndicated copy 0.6; identity 0.15 per unit of mass, at most 0.4; date closeness (0.2 same day,
    0.15 one day, 0.1 two); place compatibility (same place 0.35, nearby 0.2, a city within its province
    0.2; against a county 0.35 the same county, 0.2 a place within reach of it, 0.05 another county of the
    province; same province 0.15, namesakes 0.1, a neighbourhood and a city of its province 0.1, precise
    places within ``max_km`` across a provincial border 0.1; a conflict outweighed by identity or by a toll
    -0.1); type agreement (0.15 same sub-event type, 0.1
    same event type); parties the gazetteer resolved (states, forces, known groups; "police" or
    "civilians" say nothing) 0.15 same actor, 0.1 same actor country, -0.2 different actors, 0.1 / 0.05
    same target / target country; casualty compatibility (+0.1 within the event's range, +0.05 close, -0.15
    far apart; -0.2 for a report of wounded only, "two people hurt near a gas station", after every report of
    the event that gives a toll told of dead, "a man died after a shooting": the dead do not come back, so it
    is most often another shooting of the city, while the other order is a victim dying of the wounds.
    Measured on GVA dev: B3 precision +0.0036, recall -0.0011, F1 +0.0009; as a veto, precision +0.0068 but
    recall -0.0067); -0.2 for a report whose sentence gives ages, "the 9-year-old boy", none of which the
    event's reports give though each gives ages of its own, "a 16-year-old was shot": other people, unless
    strong identity says otherwise (GVA dev: B3 precision +0.0012, recall unchanged, F1 +0.0005); and, as
    supporting evidence, 0.25 x token Jaccard of the evidence sentences. A report that has nothing but when,
    where and what in common with the event (no shared name, syndicated copy, resolved party or actor country,
    age both sentences give, toll of several victims within the event's, nor similar text: Jaccard 0.2)
    needs date and place points of at least ``uncorroborated_min`` (a place within the other, or a place
    named by the report's own words, counting as the same place), e.g. the same place a day apart. (An age
    in common, "a 14-year-old was wounded by a 17-year-old neighbour" and "17-year-old held in shooting of
    boy, 14", corroborates without adding to the score: GVA dev B3 F1 0.9076 -> 0.9078, recall +0.0005; as
    +0.1 of score, precision -0.0018. So does a toll of several victims: see ``_SEVERAL``.) The best event
    at or above ``match_threshold`` wins (ties: the event whose first mention is earlier in canonical
    order), else the mention opens a new event. The score and its reasons are kept on the event as a
    :class:`~schemas.MatchReason`.

    Bridge: a follow-up report that shares no name with the violent event's reports opens an event of its
    own ("Police arrested Dustin Albright" next to "A man was shot outside a tavern"). A later report that
    reaches the threshold with both ("Albright is accused of the tavern shooting": the name links it to the
    arrest, date and place to the shooting) tells they are one incident: it joins its best event and merges
    into it the best-scoring event it also reaches on the other side of the divide between events that hold
    a violent report and events of follow-ups only. Measured on GVA dev: B3 F1 +0.002 (recall +0.004,
    precision -0.0002); merging every event a report reaches gains more recall but loses 0.018 precision.
    Two events on the same side of that divide (two violent ones: in a busy city one report reaches several
    shootings of a day by date and place alone) merge only when the report reaches the other at
    ``bridge_threshold``, and some report of the other would join the event the report joins on its own
    (they were apart by order: that report preferred its own event, or came before the reports it would
    fit): "Police said Dustin Albright was shot outside a tavern on Monday night" joins the unnamed tavern
    shooting and merges the event of Albright's misdated reports when one of them fits the tavern
    shooting's date. Measured on GVA dev (``strikewire eval dedup``): B3 F1 0.9049 -> 0.9074 (recall
    0.8472 -> 0.8519, precision 0.9709 -> 0.9707), pairwise F1 0.7414 -> 0.7493; without the second
    condition F1 0.9076 but precision 0.9648; a threshold of 0.7 scores 0.9066, 0.9 0.9067.

Order
    The clusters of a key are always the *canonical clustering* of its mentions: the greedy assignment
    above applied to the mentions sorted by (published_at, mention id), with retention applied as it goes.
    Every tie-break reads only the mentions, so this is a function of the set of mentions, not of the
    order Kafka delivered them in. A mention that sorts after every held one extends the canonical
    clustering by one greedy step (the common, cheap case). A late or out-of-order mention re-clusters
    the key from its own place in canonical order: the held clusters cut at it stand as greedy left them
    (a cluster a later bridge merged is split back into the events it merged: each mention keeps the first
    mention ids of the events it joined, ``OpenEvent.joined``), and it and every held mention after it are
    assigned again (quadratic in those mentions: tens of
    milliseconds for 300). Re-assigning the earlier mentions too would read their names' rarity without
    the events dropped since, and could merge closed events that publication order kept apart.
    An event's id is ``event_id`` of its canonically first mention, so it too is a function of the
    mentions: two workers that see the same reports in different orders (partitions interleave
    differently; a crashed worker replays) publish the same ids. When a late report sorts before an
    event's first mention, or a re-cluster merges or splits events, a held event whose id no cluster
    carries any more was the same real event as another: it is emitted one last time, as a new version
    with ``superseded_by`` naming the cluster that holds most of its mentions (subscribers drop it),
    before the events that grew. Its id is remembered (with its last version, within retention, in
    ``DedupState.retired``); if a later re-cluster gives that id back to a cluster, its versions continue
    from there.

Merge
    The canonical event is rebuilt from all its mentions (sorted by publication time and id), so its content
    does not depend on arrival order. Fatalities: every report's figure is kept as a ``CasualtyClaim``;
    ``lowest``/``highest`` span them, ``latest`` is the most recently published, and ``conservative``
    follows ACLED's "lowest credible figure": each voice (claimant, else outlet) counts with its most
    recent figure only (an outlet that updates "2 dead" to "5 dead" is not held to 2), and the conservative
    figure is the lowest of those. The same rule gives ``injured``.

Versions
    The event id is ``"evt-" + sha256(first mention id)[:16]`` where "first" is canonically first (see
    "Order"): reports in publication order never change it. A new version is
    emitted whenever a report joins or leaves the event (a syndicated copy included: the evidence grows,
    though ``independent_sources`` does not), or any other field changes (outlet, figure, place precision,
    type, retaliation link); the last version always names every report the event holds, so the records a
    subscriber ends with do not depend on arrival order. A repeat of a known mention id changes nothing and
    emits nothing. Versions of an id count up by one per emission.

Retention
    ``newest`` is the latest ``published_at`` seen in the key. Events whose last report is older than
    ``newest - retention_days`` are *closed* (before the mention that moves the horizon is matched, so it
    cannot join them). A closed event stays held, unmatched, for one more retention period: a late mention
    (at most one retention older than ``newest``) re-clusters the key together with the closed events it
    could have met had it come in time, so that it joins, and re-opens, the event it belongs to just as in
    publication order (a partition that lags behind the others, or a worker that crashed and replays,
    changes nothing). After that the event is dropped and its reports stay in ``DedupState.closed`` for
    one more retention period. A mention older than the horizon is too late to merge (re-opening an event
    that old would duplicate it): it is published as an event of its own and remembered as closed, so a
    report is never lost. Order independence therefore holds for the mentions within retention of each
    other. A report that leaves ``closed`` is still recognised by a digest of its id
    (``DedupState.expired``, the last ``remembered_reports`` of the key): a crash replay delivers a report
    again a number of deliveries later, and a replayed backlog can move the key's clock far beyond any
    retention, so a memory measured in days would let a replayed report come back as a new event (a v1
    with other content for an id already published, or one report in two live events). An empty state
    is returned as ``None``.

    The retention bounds what a key's state holds and writes per update (its whole value goes to the
    changelog); it does not end an event's life: an expired event moves to the archive (below).

Archive
    A shooting's trial, a sentencing or an anniversary is reported months after the incident's other
    reports, long after the event has expired. When an event is dropped from the state (one retention
    after it closed) it is stored apart, by id (the dedup archive table, written from the key's
    partition), and the state keeps only an :class:`ArchivedEvent`: its id, last activity, names and days.
    A mention is scored against the archived events of its key that share a name with it, by the same rules
    as open events (a closed event still held counts as archived too), and joins one only if it *names*
    it (or is dated to its very day, below): shared names of at least ``reported_identity`` (or a
    syndicated copy), not counting the names it
    shares only with reports of its own outlet. One outlet's reports months apart share its
    boilerplate (a station's call signs, a newspaper's staff, its "related stories"), which would weigh
    as a victim's name: on GVA dev, leaving those out takes precision from 0.965 to 0.972 for 0.005 of
    recall. Joining re-opens the event:
    it comes back into the state, grows by a version with its old id, and leaves the archive. An archived
    event whose last report is older than ``archive_days`` (365) can no longer be re-opened, and is
    forgotten one retention later (a re-cluster may go back that far). Rarity counts every closed event
    of the key, archived or still held, as one report of its names, so a name every trial report of the
    year carries (a court, a newsroom) weighs little. Which events are closed at a report is a function of
    its own time, not of how far the key's clock had run when it came (the step that archives a held
    event depends on delivery order): counting the archived ones only made one match of the full crash
    test depend on where a SIGKILL fell. The step only reads the archive; :func:`archive_changes` tells the
    caller what to store and delete. The two tables' changelog records travel apart, so the agent waits
    until the broker has an archived event's record before it writes the state that names the event, and
    until it has the state that no longer names one before it deletes the record: a worker killed between
    the writes leaves at most an orphan record (forgotten when its event expires again, else kept), never
    a name without its event.
    Same day: a report whose own phrase dates the act to a day ("charged in the Oct. 23 shooting"; not its
    publication) on which a phrase of one of an archived event's reports dates that event
    (``ArchivedEvent.days``) re-opens it without naming it, if its place is the event's very place (same
    place, 0.35) and its toll lies within the event's (the number wounded, when neither the report nor any
    report of the event tells of a death), and no other archived event of the key is such a match (a busy
    city has several shootings a day). The archive is read by day as well as by name for it. On GVA dev it
    re-opens the right event in every case: B3 recall +0.0023, F1 +0.0013, precision unchanged; the number
    wounded as the toll of the wounded-only adds recall +0.0016, F1 +0.0009 (precision -0.0001).
    Dated after it: months on, a report of the arrest, the trial or the verdict is often dated to that act's
    own day by a sentence that does not tell the act ("Police say Tom Reyes shot Jordan Hale outside the
    tavern", in a report of the day he was charged), so no date of it agrees with the event's and it is not
    dated "by then". A report dated after an archived event, however long after, still re-opens it if the
    names it shares weigh ``conflict_identity`` (3.0: about three names only the two carry), as much as
    outweighs a place conflict. On GVA dev (``make eval``): B3 F1 0.9158 -> 0.9164 (recall +0.0011,
    precision unchanged). A lower bar (2.5, or ``strong_identity``), tried outside the repo, joined other
    incidents of a city too (Chicago reports that name one another's victims) and cost more precision than
    it gained recall.
    Measured on GVA dev (2013-2017 US shootings, 14 days of retention): the largest share of same-incident
    article pairs left apart (0.073 of B3 recall) were reports published more than a retention after the
    incident's first report (median three months). Of 216 such late articles with an event, 58 carry the
    incident's date and 118 are dated by their publication. The archive raises B3 recall 0.809 -> 0.834
    and F1 0.884 -> 0.898 (precision 0.974 -> 0.972). Treating archived events exactly like open ones (a
    retention of 365 days) scores F1 0.899 at precision 0.965, and every step would then score a year of
    events and write them all to the changelog. An archive of 180 days scores F1 0.894, one of 730 days
    0.899 for twice the references.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import AwareDatetime, BaseModel, ConfigDict

from agents.dedup.vocab import (
    FOLLOW_UP_ACT_WORDS,
    FOLLOW_UP_SUB_EVENTS,
    GENERIC_NAMES,
    family,
    follows_up,
    is_strike,
)
from schemas.models import (
    PUBLICATION_DATE,
    Actor,
    CasualtyClaim,
    ContestedClaim,
    Event,
    Fatalities,
    MatchReason,
    Mention,
    Place,
    Victims,
)

__all__ = [
    "ArchivedEvent",
    "ClosedMention",
    "DedupPolicy",
    "DedupState",
    "OpenEvent",
    "RetiredEvent",
    "archive_changes",
    "archive_wanted",
    "blocking_key",
    "build_event",
    "event_id",
    "key_countries",
    "region",
    "report_digest",
    "score_match",
    "step",
    "step_tables",
]


@dataclass(frozen=True)
class DedupPolicy:
    """Every knob of dedup; the defaults are the documented behaviour."""

    retention_days: int = 14
    """Event-time retention of open events, relative to the newest report seen in the key."""
    date_tolerance_days: int = 2
    """Reports whose event dates differ by more days never merge ("Thursday" vs "Jan. 18")."""
    response_window_days: int = 7
    """An event answers an earlier event of the reverse dyad at most this many days before it."""
    match_threshold: float = 0.5
    """Lowest score at which a mention joins an open event."""
    bridge_threshold: float = 0.8
    """Score at which a report that joins one event merges into it another event that holds a violent report
    as well (or follow-ups only as well), when some report of that other event would join the first on its
    own (see "Matching", bridge): more than date, place and type of a busy city's day."""
    near_km: float = 10.0
    """Two precise places (village/city) this close are the same place."""
    max_km: float = 50.0
    """Two precise places further apart than this never merge."""
    max_open_events: int = 5000
    """Hard cap of open events per key; the least recently reported are dropped first."""
    strong_identity: float = 1.5
    """Rarity mass (summed relative IDF, see "Matching") of the names a report shares with an event at which
    the two are taken to name the same incident (a name only they carry and one a few others do): it then
    outweighs a date gap up to ``identity_date_days`` or a follow-up type (an arrest report joining the
    shooting it follows up; ``reported_identity`` suffices for that when the dates agree). On GVA dev, 2.0
    (two names only they carry) scores B3 F1 0.899 (P 0.971), 1.5 0.901 (P 0.969), 1.25 0.901 (P 0.968),
    with the gain in both halves of its incidents."""
    conflict_identity: float = 3.0
    """Rarity mass at which shared names outweigh a place conflict (different provinces, too far apart):
    more than ``strong_identity``, since two incidents of one day in different places share a famous
    name ("Martin Luther King") or an outlet's far more often than two reports of one incident are
    geocoded that far apart. A report dated after an archived event, beyond every other date rule, needs
    as much to re-open it (see "Archive", dated after it)."""
    reported_within_days: int = 7
    """A report dated by its publication alone (no phrase in it dates the act) tells that the event happened
    by that day: it is compatible with an event dated up to this many days before it, beyond the tolerance
    on ``reported_identity`` of shared names and for no date score (see "Matching"); further back, however
    far (a sentencing months after the shooting), strong identity bridges the gap as ``identity_date_days``
    does."""
    reported_identity: float = 1.0
    """Rarity mass of shared names (about one name only the two reports carry) that a report dated by its
    publication needs to join an event dated beyond the tolerance before it."""
    identity_date_days: int = 10
    """Dates further apart than the tolerance but at most this many days merge only on strong identity."""
    uncorroborated_min: float = 0.5
    """Date and place points (see "Matching": 0.2 same day, 0.35 same place, ...) that a join needs when
    nothing corroborates it: no shared name, no syndicated copy, no resolved party or actor country in
    common, no age both give, no toll of several victims both give (``_SEVERAL``), no similar text. A
    place within the other (a city in its province) counts as the same place (0.35): it is one place said
    less precisely. Same type, a day apart and neighbouring towns (0.15 + 0.2) is two incidents of a busy
    city more often than one; the same place a day apart (0.15 + 0.35) still joins, two days apart (0.1 +
    0.35) does not."""
    archive_days: int = 365
    """How long an expired event stays in the archive (relative to the newest report of its key), where a
    report that names it (a trial, a sentencing, an anniversary months later) can still re-open it; 0
    turns the archive off (see "Archive")."""
    remembered_reports: int = 1000
    """Reports a key still recognises, by a digest of their id, after they have left ``closed``; the oldest
    are forgotten first. A crash replay delivers a report again after a number of *deliveries*, not of days:
    a backlog replayed after a restart can move the key's clock by months (see "Retention")."""

    def __post_init__(self) -> None:
        if self.retention_days < 1 or self.date_tolerance_days < 0 or self.response_window_days < 0:
            raise ValueError("retention_days must be >= 1 and tolerances >= 0")
        if self.max_open_events < 1 or self.remembered_reports < 0:
            raise ValueError("max_open_events must be >= 1 and remembered_reports >= 0")
        if self.identity_date_days < self.date_tolerance_days or self.strong_identity <= 0:
            raise ValueError("identity_date_days must be >= date_tolerance_days and strong_identity > 0")
        if self.bridge_threshold < self.match_threshold:
            raise ValueError("bridge_threshold must be >= match_threshold")
        if self.conflict_identity < self.strong_identity:
            raise ValueError("conflict_identity must be >= strong_identity")
        if self.archive_days < 0:
            raise ValueError("archive_days must be >= 0")


class OpenEvent(BaseModel):
    """One open canonical event: the version last published plus everything needed to rebuild it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: Event
    """The version last emitted."""
    mentions: tuple[Mention, ...]
    """Member mentions, sorted by (published_at, id)."""
    matches: tuple[MatchReason, ...]
    """Why each mention joined, in the same order as ``mentions``."""
    joined: tuple[tuple[str, ...], ...] = ()
    """For each mention (same order), the first mention ids of the events it joined when it was assigned:
    none if it opened the event, one if it joined one, two if it also merged a second one (see "Matching",
    bridge). A re-cluster reads them to rebuild the events as they stood before a late report (see
    "Order"). Empty: every mention joined the one event (a state written before merges existed)."""

    @property
    def last_activity(self) -> dt.datetime:
        return max(m.published_at for m in self.mentions)


class RetiredEvent(BaseModel):
    """An event id that was superseded (merged into another event), with its last published version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    superseded_by: str
    version: int = 1
    """The version that announced ``superseded_by``; a revived id continues after it."""
    last_activity: AwareDatetime
    """The key's clock (``DedupState.newest``) when it was superseded; the tombstone is kept as long as a
    held event would be (two retentions), since a re-cluster from a report up to one retention back can give
    the id back. (Its mentions' latest ``published_at`` is not enough: a report re-opening an archived event
    can merge it months after its last report, and a re-cluster can then split it off again.)"""


class ClosedMention(BaseModel):
    """A report whose event has expired (or that came too late to merge), remembered for a while more."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    published_at: AwareDatetime


class ArchivedEvent(BaseModel):
    """An expired event kept in the archive (see "Archive"): what finds it; the event itself is stored apart,
    by id, so that the key's state stays small."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    last_activity: AwareDatetime
    """Latest ``published_at`` of its mentions: a report can re-open the event until ``archive_days`` after;
    it leaves the archive one retention later (see :class:`_Aged`)."""
    names: tuple[str, ...]
    """The names its reports carry (:func:`_identity`), sorted: a report must share one to re-open it."""
    days: tuple[dt.date, ...] = ()
    """The days its reports' own phrases date it to (day precision, not a publication or a follow-up act),
    sorted: a report dated to one of them may re-open it without naming it (see "Archive", same day)."""


class DedupState(BaseModel):
    """Everything one blocking key holds; round-trips through ``schemas.codec``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    newest: AwareDatetime
    """Latest ``published_at`` seen in this key (the event-time clock of the key)."""
    events: tuple[OpenEvent, ...] = ()
    """Open events and the events closed within the last retention period (see "Retention"), sorted by
    id."""
    retired: tuple[RetiredEvent, ...] = ()
    """Superseded event ids within retention, sorted by id."""
    closed: tuple[ClosedMention, ...] = ()
    """Reports of expired events and too-late reports, for another retention period after they leave: a
    replay after a crash that delivers one again changes nothing (it must not come back as a new event)."""
    expired: tuple[str, ...] = ()
    """Digests (:func:`report_digest`) of the reports that have left ``closed``, oldest first, at most
    ``DedupPolicy.remembered_reports``: delivered again, they too change nothing."""
    archived: tuple[ArchivedEvent, ...] = ()
    """The key's events in the archive (see "Archive"), sorted by id."""


# --------------------------------------------------------------------------------------------- blocking key


def _main_country(actors: Sequence[Actor]) -> str | None:
    for actor in actors:
        if actor.country:
            return actor.country
    return None


def key_countries(mention: Mention) -> frozenset[str]:
    """The countries a mention involves: its place's, its main actor's and its main target's."""
    return frozenset(
        c
        for c in (
            mention.place.country if mention.place else None,
            _main_country(mention.actors),
            _main_country(mention.targets),
        )
        if c
    )


@functools.cache
def _regions() -> dict[str, str]:
    data = yaml.safe_load(Path(__file__).with_name("regions.yaml").read_text(encoding="utf-8"))
    return {code: region for region, codes in data.items() for code in codes}


def region(country: str) -> str:
    """The world region (UN M49 sub-region) of an ISO 3166 alpha-3 code; an unlisted code is its own."""
    return _regions().get(country, country)


def blocking_key(mention: Mention) -> str:
    """Sorted set of the regions of :func:`key_countries`, "+"-joined; "UNK" if none."""
    regions = {region(c) for c in key_countries(mention)}
    return "+".join(sorted(regions)) if regions else "UNK"


def report_digest(mention_id: str) -> str:
    """A short stable digest of a mention id (64 bits: no collision among a key's remembered reports)."""
    return hashlib.blake2b(mention_id.encode(), digest_size=8).hexdigest()


def event_id(first_mention_id: str) -> str:
    """Deterministic event id from the id of the mention that opened the event."""
    return "evt-" + hashlib.sha256(first_mention_id.encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------------------------- matching

_PRECISION_RANK = {"village": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "unknown": 5}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "unknown": 3}
_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "said",
        "says",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "who",
        "with",
    ]
)


@functools.lru_cache(maxsize=65536)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in _TOKEN.findall(text.lower()) if t not in _STOP and len(t) > 1)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


_CAPWORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019.\-]*")


@functools.lru_cache(maxsize=32768)
def _names_in(text: str) -> frozenset[str]:
    """Proper names in a text: capitalised words of 3+ characters that are not sentence-initial and not
    generic (:data:`GENERIC_NAMES`), lower-cased, possessive dropped. In a headline (most words
    capitalised) every capitalised word counts but generic ones."""
    words = _CAPWORD.findall(text)
    longer = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    headline = bool(longer) and sum(w[0].isupper() for w in longer) * 5 > len(longer) * 3
    out = set()
    for i, w in enumerate(words):
        if not w[0].isupper() or (i == 0 and not headline):
            continue
        w = w.lower().rstrip(".-")
        if w.endswith(("'s", "\u2019s")):
            w = w[:-2]
        w = w.strip("'\u2019")
        if len(w) > 2 and w not in GENERIC_NAMES:
            out.add(w)
    return frozenset(out)


@functools.lru_cache(maxsize=16384)
def _identity_names(evidence: str, parties: tuple[str, ...]) -> frozenset[str]:
    return _names_in(evidence).union(*(_names_in("x " + p) for p in parties))


def _identity(m: Mention) -> frozenset[str]:
    """The names that can identify the incident a mention reports: proper names in its evidence sentence, in
    its parties as written (victims, shooters, the bar, the school, the street) and the people and venues
    its article names (``Mention.names``, ``Mention.venues``). Which of them are *rare* is decided by
    :class:`_Rarity`, not by a list."""
    return _written(m).union(*(_names_in("x " + n) for n in (*m.names, *m.venues)))


def _written(m: Mention) -> frozenset[str]:
    """The proper names a mention's own words carry (its evidence sentence and its parties as written): where
    a report says a place's name, it names the place; a person of that name elsewhere in its article
    does not. The outlet's own name ("KSLA" in a ksla.com headline) says who reported, not what happened:
    every report of that outlet carries it."""
    return _identity_names(m.evidence.text, tuple(a.text for a in (*m.actors, *m.targets))) - _outlet_words(
        m.source
    )


def _said(m: Mention) -> frozenset[str]:
    """:func:`_written` with the evidence sentence's first word too: a place a headline starts with ("Marion
    County toddler injured in accidental shooting has died") is named by it, though the word is no name
    when only its sentence's start capitalises it."""
    return _written(m) | (_names_in("x " + m.evidence.text) - _outlet_words(m.source))


@functools.lru_cache(maxsize=4096)
def _outlet_words(source: str) -> frozenset[str]:
    """The labels of an outlet's host name ("ksla.com" -> {"ksla"}; "www." and the top-level domain do not
    count)."""
    labels = source.lower().strip().rstrip(".").split(".")[:-1]
    return frozenset(label for label in labels if label != "www")


_BACKGROUND = 20
"""Pseudo-reports (naming nothing) added to a block's count, so that a name two reports share is evidence
even in a block of a handful of reports, if less than in a block of hundreds."""


class _Rarity:
    """Document frequency of names over the reports of a block's open clusters (the block's recent
    reports) and its closed events, one report each (:class:`_Aged`): a name every report of the week
    carries ("Chicago", an outlet's name) weighs little, a name only two reports carry (a victim's surname)
    weighs 1.

    It is a function of the set of open reports, so scores read from it stay a function of the mention set
    (see "Order")."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0

    def add(self, words: Iterable[str] | Counter[str], n: int = 1) -> None:
        """Count ``n`` reports: one report's names, or the name counts of ``n`` reports."""
        self.df.update(words)
        self.n += n

    def remove(self, words: Iterable[str] | Counter[str], n: int = 1) -> None:
        self.df.subtract(words)
        self.n -= n

    def weight(self, word: str) -> float:
        """IDF of ``word``, relative to a name found in exactly two reports (1.0); floor 0."""
        total = self.n + _BACKGROUND + 1
        return max(0.0, math.log(total / (max(self.df[word], 1) + 1)) / math.log(total / 3))


def _mkey(m: Mention) -> tuple[dt.datetime, str]:
    """Canonical order of mentions: publication time, then id."""
    return (m.published_at, m.id)


def _norm(s: str | None) -> str:
    return (s or "").strip().casefold()


_SIMILAR_TEXT = 0.2
"""Token Jaccard of two evidence sentences from which they count as similar text (a reason, and
corroboration: see ``DedupPolicy.uncorroborated_min``)."""
_SAME_SENTENCE = 0.5
"""Jaccard at which two reports with one body fingerprint tell their event in the same sentence (a
syndicated copy, its headline maybe rewritten), not two stories behind one paywall page."""

_LIES_IN = "place lies in"
"""Reason of a place within the other (a city in its province, a town in a county): one place said more
or less precisely, not two places (see ``DedupPolicy.uncorroborated_min``)."""

_SEVERAL = 2
"""A report's toll of at least this many dead, or of dead and at least this many wounded, within the tolls
of the event's reports, corroborates when and where (see ``DedupPolicy.uncorroborated_min``): a shooting
that kills two, or kills and wounds several, is rare enough in a city's week that two such reports of the
same days and places are one incident more often than not. GVA dev: B3 F1 0.9086 -> 0.9092 for two dead
(recall 0.8553 -> 0.8565, precision 0.9689 -> 0.9688), 0.9097 with one dead and two wounded too (recall
0.8572, precision 0.9691); one dead alone (every other shooting) costs precision 0.011, wounded alone
0.0007. Within a day of the event's date, such a toll outweighs a place conflict in one province too
(more than ``max_km`` apart: the geocoder chose the wrong place, the reports of a manhunt across Oklahoma
their towns): F1 0.9097 -> 0.9102 (recall 0.8572 -> 0.8581, precision unchanged); across provinces, +0.0003
more, but on any day a country has double homicides in several provinces, which the reports of one
province's rarely are."""
_SAME_DAY = "dated to the archived event's very day, same place and toll"
"""Reason of a report that re-opens an archived event without naming it (see "Archive", same day)."""

_CONFLICT = -1.0
"""Place score of two places that, as geocoded, cannot be the same (see :func:`_place_score`)."""


def _place_score(p: Place | None, q: Place | None, policy: DedupPolicy) -> tuple[float, str] | None:
    """Compatibility of two places: (score, reason); ``None`` when they lie in different countries.

    A score of ``_CONFLICT`` marks places in different provinces or further apart than ``max_km``: geocoding
    picks the wrong namesake often enough ("Fresno" in Texas) that strong identity evidence may outweigh
    it, while a different country never merges. Two places of the same name in different provinces
    are the namesake case and count as weakly compatible, as do a neighbourhood and a city of its province.
    """
    if p is None or q is None or p.precision == "unknown" or q.precision == "unknown":
        return 0.0, "place unknown"
    if p.country and q.country and p.country != q.country:
        return None
    same_name = _norm(p.name) == _norm(q.name)
    if p.admin1 and q.admin1 and _norm(p.admin1) != _norm(q.admin1):
        if same_name:
            return 0.1, f"same place name ({p.name}; {p.admin1} / {q.admin1})"
        km = p.km(q) if max(_PRECISION_RANK[p.precision], _PRECISION_RANK[q.precision]) <= 1 else None
        if km is not None and km <= policy.max_km:  # one city across a provincial border (Kansas City)
            return 0.1, f"nearby places across a border ({p.name} / {q.name}, {km:.0f} km)"
        return _CONFLICT, f"different provinces ({p.name}, {p.admin1} / {q.name}, {q.admin1})"
    rp, rq = _PRECISION_RANK[p.precision], _PRECISION_RANK[q.precision]
    if rp <= 1 and rq <= 1:  # both precise
        km = p.km(q)
        if km is not None:
            if km <= policy.near_km or (same_name and km <= policy.max_km):
                return 0.35, f"same place ({p.name}, {km:.0f} km)"
            if km <= policy.max_km:
                return 0.2, f"nearby places ({p.name} / {q.name}, {km:.0f} km)"
            return _CONFLICT, f"places {km:.0f} km apart ({p.name} / {q.name})"
        if same_name:
            return 0.35, f"same place ({p.name})"
        if (p.lat is None) != (q.lat is None) and "city" in (p.precision, q.precision):
            # a neighbourhood (the extractor gives it no point) and a city of its province: it may lie in
            # that city or in another; weak, as namesakes are, and the city's name in the report's words is
            # no sign of the event's place (a Chicago neighbourhood's report says "Chicago police")
            return 0.1, f"a neighbourhood and a city ({p.name} / {q.name})"
        return 0.0, f"different localities ({p.name} / {q.name})"
    if max(rp, rq) == 2:  # a county and a place in the same state: same county, or within reach of it
        county, other = (p, q) if rp == 2 else (q, p)
        if same_name:
            return 0.35, f"same county ({p.name})"
        km = p.km(q)
        if rp != rq and km is not None and km <= 2 * policy.max_km:
            return 0.2, f"{_LIES_IN} {county.name} ({other.name}, {km:.0f} km)"
        return 0.05, f"same province ({p.admin1})"
    if min(rp, rq) <= 2 and max(rp, rq) == 3:  # a village, city or county inside a province
        if p.admin1 and q.admin1:
            return 0.2, f"{_LIES_IN} {p.admin1 if rp == 3 else q.admin1}"
        return 0.05, "province compatible"
    if rp == 3 and rq == 3:
        return (
            (0.15, f"same province ({p.admin1 or p.name})") if p.admin1 and q.admin1 else (0.05, "province")
        )
    if p.country and p.country == q.country:
        return 0.05, f"same country ({p.country})"
    return 0.0, "place compatible"


def _place_words(place: Place | None) -> frozenset[str]:
    """The names of a place and its province (counted as place evidence, never as identity)."""
    return frozenset() if place is None else _place_names(place.name, place.admin1)


@functools.lru_cache(maxsize=16384)
def _place_names(name: str, admin1: str | None) -> frozenset[str]:
    return _names_in(f"x {name} {admin1 or ''}")


def _place_named(place: Place | None, names: Iterable[str] | Counter[str]) -> str | None:
    """The name of a precise place or a county if it is among a report's names ("Savannah" in "Savannah
    party shooting", "Gilmer" in "a Gilmer County boy" while the geocoder placed the report in another
    state's Troy), else None. A province's name says too little ("Virginia" is in "West Virginia")."""
    if place is None or _PRECISION_RANK[place.precision] > 2:
        return None
    words = _names_in("x " + place.name)
    return place.name if words and all(w in names for w in words) else None


def _date_tolerance(mention: Mention, other_precision: str, policy: DedupPolicy) -> int | None:
    worst = max(_DATE_RANK[mention.date_precision], _DATE_RANK[other_precision])
    return (policy.date_tolerance_days, 7, 31, None)[worst]


def _same_province(p: Place | None, q: Place | None) -> bool:
    """Whether two places lie in one province, both known."""
    if p is None or q is None or p.admin1 is None or q.admin1 is None:
        return False
    return _norm(p.admin1) == _norm(q.admin1)


def _several_victims(mention: Mention, ev: _View) -> bool:
    """Whether a report's toll is one of several victims (``_SEVERAL`` dead or more, or dead and that many
    wounded) within the tolls of the event's reports."""
    k, i = mention.casualties.killed, mention.casualties.injured
    if k is None or not _within(k, ev.lowest, ev.highest):
        return False
    hurt = i is not None and i >= _SEVERAL and _within(i, ev.injured_lowest, ev.injured_highest)
    return k >= _SEVERAL or (k > 0 and hurt)


def _within(n: int | None, lo: int | None, hi: int | None) -> bool:
    """Whether a report's count lies within the range the event's reports gave (both known)."""
    return n is not None and lo is not None and hi is not None and lo <= n <= hi


def _by_publication(m: Mention) -> bool:
    return m.date_reason == PUBLICATION_DATE


_FOLLOW_UP_ACT = re.compile(r"\b(?:" + "|".join(FOLLOW_UP_ACT_WORDS) + r")\b", re.IGNORECASE)


@functools.lru_cache(maxsize=16384)
def _tells_follow_up(text: str) -> bool:
    return _FOLLOW_UP_ACT.search(text) is not None


def _dated_by_then(m: Mention) -> bool:
    """Whether a report's date only says the event happened by then: it is dated by its publication (no
    phrase dates it), or its event sentence tells a follow-up act (``vocab.FOLLOW_UP_ACT_WORDS``: an
    arrest, a court appearance, a funeral, a victim's death days later), whose own day the date phrase
    often is ("was charged Tuesday in the shooting")."""
    return _by_publication(m) or _tells_follow_up(m.evidence.text)


def _own_day(m: Mention) -> dt.date | None:
    """The day a phrase of ``m`` dates its act to; None if dated by its publication or less precisely."""
    return m.date if m.date_precision == "day" and not _by_publication(m) else None


def _dated_that_day(m: Mention, members: _Members) -> bool:
    """Whether a phrase of ``m`` dates its act to a day to which a phrase of a member dates the event (not a
    follow-up act's day nor a publication): see "Archive", same day."""
    day = _own_day(m)
    return day is not None and (day, "day", False) in members.dates


def _reported_after(d1: dt.date, pub1: bool, d2: dt.date, pub2: bool, within: int | None = None) -> bool:
    """Whether one of two dates is a publication date on or after the other, at most ``within`` days after
    it (``None``: any number): a report that no phrase dates tells that the event happened by the day it
    was published, not on that day (a follow-up a few days later, "Police identify the victim")."""
    if within is None:
        return (pub1 and d1 >= d2) or (pub2 and d2 >= d1)
    return (pub1 and 0 <= (d1 - d2).days <= within) or (pub2 and 0 <= (d2 - d1).days <= within)


def _names(actors: Iterable[Actor]) -> set[str]:
    return {_norm(a.name) for a in actors if a.name}


def _resolved_names(actors: Iterable[Actor]) -> set[str]:
    """Names of the parties the gazetteer resolved (states, their forces, known groups: they have a country).

    Generic parties ("police", "civilians", "unidentified armed individuals") say nothing about which
    incident it is; a person's name does, and counts through the identity words instead."""
    return {_norm(a.name) for a in actors if a.name and a.country}


def _countries(actors: Iterable[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def _mention_index(mention_id: str) -> str:
    return mention_id.rsplit("#", 1)[-1] if "#" in mention_id else ""


@dataclass(frozen=True)
class _View:
    """The consensus fields of a cluster that matching reads (equal to those :func:`build_event` yields)."""

    event_type: str
    sub_event_type: str
    place: Place | None
    lowest: int | None
    highest: int | None
    injured_lowest: int | None
    injured_highest: int | None

    @classmethod
    def of(cls, ev: Event) -> _View:
        """The view of an event :func:`build_event` made."""
        return cls(
            ev.event_type,
            ev.sub_event_type,
            ev.place,
            ev.fatalities.lowest,
            ev.fatalities.highest,
            ev.injured.lowest,
            ev.injured.highest,
        )


class _Members:
    """What matching reads of a cluster's members, folded up as they are added in canonical order.

    Equivalent to scanning the members (and to :func:`build_event`'s consensus fields), but a score costs
    one Jaccard per distinct text instead of a pass over every member.
    """

    def __init__(self, mentions: Iterable[Mention] = ()) -> None:
        self.syndication: dict[tuple[str, str], list[frozenset[str]]] = {}
        """(text fingerprint, mention index) -> the evidence tokens of the members that carry it."""
        self.dates: set[tuple[dt.date, str, bool]] = set()
        """(date, precision, dated "by then": :func:`_dated_by_then`) of every member."""
        self.countries: set[str] = set()
        """The countries the members involve (:func:`key_countries`)."""
        self.actor_countries: set[str] = set()
        self.target_countries: set[str] = set()
        self.actor_names: set[str] = set()
        self.target_names: set[str] = set()
        self.texts: dict[str, frozenset[str]] = {}
        self.ages: dict[str, frozenset[int]] = {}
        """The ages each distinct evidence sentence gives (:func:`_ages`)."""
        self.families: Counter[str] = Counter()
        self.identities: dict[frozenset[str], frozenset[str]] = {}
        """The distinct identities (:func:`_identity`) of the members, each with the outlets that carry it."""
        self.names: Counter[str] = Counter()
        """How many members carry each name (their share of the block's :class:`_Rarity`)."""
        self.written: set[str] = set()
        """The names the members' own words carry (:func:`_said`): the places they name."""
        self._count: Counter[str] = Counter()
        self._conf: dict[str, float] = {}
        self._rep: dict[str, tuple[tuple[float, dt.datetime, str], Mention]] = {}
        self._rank = len(_PRECISION_RANK)
        self._places: Counter[tuple[str, str | None, str | None]] = Counter()
        self._place_first: dict[tuple[str, str | None, str | None], tuple[int, Place]] = {}
        self._n_places = 0
        self._killed: list[int] = []
        self._injured: list[int] = []
        for m in mentions:
            self.add(m)

    def copy(self) -> _Members:
        other = _Members()
        for name, value in vars(self).items():
            setattr(other, name, value.copy() if hasattr(value, "copy") else value)
        return other

    def add(self, m: Mention) -> None:
        """Fold in ``m``, which must come after every member in (published_at, id) order."""
        self.syndication.setdefault((m.text_fingerprint, _mention_index(m.id)), []).append(
            _tokens(m.evidence.text)
        )
        self.dates.add((m.date, m.date_precision, _dated_by_then(m)))
        self.countries |= key_countries(m)
        self.actor_countries |= _countries(m.actors)
        self.target_countries |= _countries(m.targets)
        self.actor_names |= _resolved_names(m.actors)
        self.target_names |= _resolved_names(m.targets)
        ident = _identity(m)
        self.names.update(ident)
        self.written |= _said(m)
        if ident:
            self.identities[ident] = self.identities.get(ident, frozenset()) | {m.source}
        if m.evidence.text not in self.texts:
            self.texts[m.evidence.text] = _tokens(m.evidence.text)
            self.ages[m.evidence.text] = _ages(m.evidence.text)
        sub = m.sub_event_type
        self.families[family(m.event_type, sub)] += 1
        self._count[sub] += 1
        self._conf[sub] = self._conf.get(sub, 0.0) + m.confidence
        rank_key = (-m.confidence, m.published_at, m.id)
        if sub not in self._rep or rank_key < self._rep[sub][0]:
            self._rep[sub] = (rank_key, m)
        if m.place is not None:
            rank = _PRECISION_RANK[m.place.precision]
            if rank < self._rank:
                self._rank, self._places, self._place_first = rank, Counter(), {}
            if rank == self._rank:
                k = (_norm(m.place.name), m.place.admin1, m.place.country)
                self._places[k] += 1
                self._place_first.setdefault(k, (self._n_places, m.place))
                self._n_places += 1
        if m.casualties.killed is not None:
            self._killed.append(m.casualties.killed)
        if m.casualties.injured is not None:
            self._injured.append(m.casualties.injured)

    def view(self) -> _View:
        sub = min(self._count, key=lambda s: (-self._count[s], -self._conf[s], s))
        place = None
        if self._places:
            k = min(self._places, key=lambda k: (-self._places[k], self._place_first[k][0]))
            place = self._place_first[k][1]
        return _View(
            self._rep[sub][1].event_type,
            sub,
            place,
            min(self._killed) if self._killed else None,
            max(self._killed) if self._killed else None,
            min(self._injured) if self._injured else None,
            max(self._injured) if self._injured else None,
        )


_AGE = re.compile(
    r"\b(\d{1,2})-year-old|\b(?:boy|girl|man|woman|teen|toddler|child|baby|infant|teenager),? (\d{1,2})\b"
    r"|\bage[sd]? (\d{1,2})\b",
    re.IGNORECASE,
)


def _ages(text: str) -> frozenset[int]:
    """The ages a sentence gives its people ("a 16-year-old", "Boy, 9", "ages 11 and 12" gives 11)."""
    return frozenset(int(next(g for g in m.groups() if g)) for m in _AGE.finditer(text))


def _wounded_only(m: Mention) -> bool:
    """``m`` tells of people wounded and of no one killed."""
    return not m.casualties.killed and bool(m.casualties.injured)


def score_match(
    mention: Mention, open_event: OpenEvent, policy: DedupPolicy
) -> tuple[float, list[str]] | None:
    """Score ``mention`` against one open event alone (word rarity over that event and the mention only);
    ``None`` when a hard veto says they are different events."""
    members = _Members(open_event.mentions)
    rarity = _Rarity()
    for m in (*open_event.mentions, mention):
        rarity.add(_identity(m))
    return _score(mention, members, members.view(), policy, rarity)


def _score(
    mention: Mention,
    cluster: _Members | _Cluster,
    ev: _View,
    policy: DedupPolicy,
    rarity: _Rarity,
    words: frozenset[str] | None = None,
    archived: bool = False,
) -> tuple[float, list[str]] | None:
    """Score of ``mention`` against a cluster (see "Matching"); ``words`` is ``_identity(mention)``;
    ``archived``: the cluster has expired and re-opens only for a report that names it (see "Archive")."""
    same_family = family(mention.event_type, mention.sub_event_type) == family(
        ev.event_type, ev.sub_event_type
    )
    if not same_family and not (
        follows_up(mention.sub_event_type, ev.event_type, ev.sub_event_type)
        or follows_up(ev.sub_event_type, mention.event_type, mention.sub_event_type)
    ):
        return None
    if isinstance(cluster, _Cluster) and not cluster.near(mention, policy, archived):
        return None  # cheap veto before the members are folded: no date within reach
    members = cluster if isinstance(cluster, _Members) else cluster.members
    # Countries: one key holds a region's events; a report joins only an event whose countries hold its own
    # or are held by them (Iran's "explosions near Saravan" and Pakistan's strike there), never one of
    # other countries (disjoint) or of another dyad (crossed); naming only part of them, it needs the
    # incident's own marks (below).
    countries = key_countries(mention)
    if not (countries <= members.countries or members.countries <= countries):
        return None
    partial = countries != members.countries
    # A follow-up report (an arrest) joins a violent event, and a violent report an event of follow-ups
    # only, on strong identity alone.
    violent = "violence" in members.families
    if mention.sub_event_type in FOLLOW_UP_SUB_EVENTS:
        follow_up = violent
    else:
        follow_up = not violent and family(mention.event_type, mention.sub_event_type) == "violence"

    # Date: the closest member date within its tolerance (week/month precision widen it; unknown skips it).
    # Beyond it, strong identity bridges up to ``identity_date_days`` (extracted dates are often off). A
    # report dated by its publication says "by then": an earlier event date is no gap up to
    # ``reported_within_days`` and bridgeable by strong identity however far back. A report dated after an
    # archived event, however far, is ``late``: months on, a report of the arrest, the trial or the verdict
    # is dated to that act's day more often than its sentence tells the act; it re-opens the event on names
    # as strong as those that outweigh a place conflict (``conflict_identity``).
    gaps: list[int] = []
    far: list[int] = []
    undated = before = late = False
    m_pub = _dated_by_then(mention)
    for date, precision, pub in members.dates:
        tol = _date_tolerance(mention, precision, policy)
        gap = abs((mention.date - date).days)
        if tol is None:
            undated = True
        elif gap <= tol:
            gaps.append(gap)
        elif _reported_after(mention.date, m_pub, date, pub, policy.reported_within_days):
            before = True
        elif gap <= policy.identity_date_days or _reported_after(mention.date, m_pub, date, pub):
            far.append(gap)
        elif archived and mention.date > date:
            late = True
    if not (gaps or undated or far or before or late):
        return None
    reasons: list[str] = []
    score = 0.0

    # Syndicated copy: identical text, same event index in the article.
    idx = _mention_index(mention.id)
    # The body's fingerprint alone is not enough: a paywall or cookie page is one body for many stories,
    # told apart by their headlines; a copy's event sentence is the same, or nearly (a headline rewritten).
    toks = _tokens(mention.evidence.text)
    syndicated = any(
        _jaccard(toks, other) >= _SAME_SENTENCE
        for other in members.syndication.get((mention.text_fingerprint, idx), ())
    )
    if syndicated:
        score += 0.6
        reasons.append("syndicated copy (same text fingerprint)")

    # Identity: the rare names the report shares with its closest member (victims, shooters, venues).
    words = _identity(mention) if words is None else words
    mine = words - _place_words(mention.place) - _place_words(ev.place)  # the place counts apart
    mass, shared = 0.0, tuple[str, ...]()
    for other, outlets in members.identities.items() if mine else ():
        if archived and outlets == {mention.source}:
            continue  # an outlet's boilerplate months apart, not the incident's names (see "Archive")
        common = mine & other
        if common:
            weight = sum(rarity.weight(w) for w in common)
            if weight > mass:
                mass, shared = weight, tuple(sorted(common))
    strong = syndicated or mass >= policy.strong_identity
    alike = False
    if archived and not syndicated and mass < policy.reported_identity:
        if not _dated_that_day(mention, members):
            return None
        alike = True
    # A follow-up type whose date agrees with the event (within the tolerance, or dated by then: the arrest
    # came after the shooting) needs ``reported_identity``, one name only the two share; else strong identity.
    follows = strong or ((gaps or before) and mass >= policy.reported_identity)
    if (follow_up and not follows) or not (strong or gaps or undated or before):
        return None  # a follow-up type or a date gap beyond the tolerance needs (strong) identity
    if not (gaps or undated) and before and mass < policy.reported_identity:
        return None  # "by the day it was published" alone would join any report of the week before
    if late and not (gaps or undated or far or before) and mass < policy.conflict_identity:
        return None  # only dated after an archived event: its names must be as strong as a conflict needs
    place = _place_score(mention.place, ev.place, policy)
    if place is None:
        return None
    if alike:
        k0, i0 = mention.casualties.killed, mention.casualties.injured
        same_toll = _within(k0, ev.lowest, ev.highest)
        # nobody died: the wounded are the toll
        same_wounded = bool(
            not k0 and not ev.highest and i0 and _within(i0, ev.injured_lowest, ev.injured_highest)
        )
        if not (place[0] == 0.35 and (same_toll or same_wounded)):
            return None  # the same day alone: only in the same place, with a toll the event's reports gave
        reasons.append(_SAME_DAY)
    if mass > 0:
        score += min(0.4, 0.15 * mass)
        reasons.append(f"shared names ({', '.join(shared[:4])}; {mass:.2f})")

    # Type: a follow-up (an arrest after a shooting) joins only on identity (see above).
    if follow_up:
        reasons.append(f"follow-up ({mention.sub_event_type} / {ev.sub_event_type})")
    elif mention.sub_event_type == ev.sub_event_type:
        score += 0.15
        reasons.append(f"same type ({ev.sub_event_type})")
    elif mention.event_type == ev.event_type:
        score += 0.1
        reasons.append(f"same event type ({ev.event_type})")
    else:
        score += 0.05
        reasons.append("compatible type")

    when_where = 0.0  # the date and place points, for the corroboration rule below
    if gaps:
        gap = min(gaps)
        when_where = 0.2 if gap == 0 else 0.15 if gap == 1 else 0.1
        score += when_where
        reasons.append("same date" if gap == 0 else f"dates {gap} day(s) apart")
    elif undated:
        reasons.append("date imprecise")
    elif before:
        reasons.append(
            "dated by publication, after the event's date"
            if _by_publication(mention)
            else "dated by then (a follow-up act or a publication), after the event's date"
        )
    elif strong and far:
        reasons.append(f"dates {min(far)} days apart, bridged by shared names")
    elif late:
        reasons.append("dated after the archived event, bridged by shared names")
    else:
        return None

    # Place: a conflict (different provinces, too far apart) yields to the report naming the event's place
    # (the geocoder chose another namesake), to strong identity or, in one province, to the same toll of
    # several victims within a day. A report without a place that names the event's place is weak place
    # evidence.
    named = _place_named(ev.place, _said(mention)) or _place_named(mention.place, members.written)
    several = _several_victims(mention, ev)
    if place[0] == _CONFLICT:
        if named:
            score += 0.1
            when_where += 0.35  # the report's own words name the event's very place
            reasons.append(f"place named in the reports ({named}; {place[1]})")
        elif syndicated or mass >= policy.conflict_identity:
            score -= 0.1
            reasons.append(place[1] + ", outweighed by shared names")
        elif several and gaps and min(gaps) <= 1 and _same_province(mention.place, ev.place):
            score -= 0.1
            reasons.append(place[1] + ", outweighed by the toll and the date")
        else:
            return None
    elif named and place[0] == 0.0:
        score += 0.15
        when_where += 0.35  # as above: the event's very place, said by the report
        reasons.append(f"place named in the report ({named})")
    else:
        score += place[0]
        when_where += 0.35 if place[1].startswith(_LIES_IN) else place[0]  # coarser, not another place
        reasons.append(place[1])

    # Direction: the reverse dyad is a different event (the retaliation), never a merge.
    m_act, m_tgt = _countries(mention.actors), _countries(mention.targets)
    e_act, e_tgt = members.actor_countries, members.target_countries
    if m_act and m_tgt and e_act and e_tgt and not (m_act & e_act) and (m_act & e_tgt) and (m_tgt & e_act):
        return None

    # Actors and targets (resolved parties only; named people count through the identity words).
    m_names, e_names = _resolved_names(mention.actors), members.actor_names
    if m_names & e_names:
        score += 0.15
        reasons.append("same actor (" + ", ".join(sorted(m_names & e_names)) + ")")
    elif m_act & e_act:
        score += 0.1
        reasons.append("same actor country (" + ", ".join(sorted(m_act & e_act)) + ")")
    elif m_act and e_act:
        score -= 0.2
        reasons.append("different actors")
    t_names = _resolved_names(mention.targets)
    e_tnames = members.target_names
    if t_names & e_tnames:
        score += 0.1
        reasons.append("same target (" + ", ".join(sorted(t_names & e_tnames)) + ")")
    elif m_tgt & e_tgt:
        score += 0.05
        reasons.append("same target country")

    # Casualties.
    k = mention.casualties.killed
    lo, hi = ev.lowest, ev.highest
    if _wounded_only(mention) and lo is not None and lo > 0:
        # The dead do not come back: a report of wounded only, after every toll of the event told of dead,
        # is most often another shooting of the city (the other order is a victim dying of the wounds).
        score -= 0.2
        reasons.append(f"wounded only, after the event's dead ({lo}-{hi})")
    if k is not None and lo is not None and hi is not None:
        if lo <= k <= hi:
            score += 0.1
            reasons.append(f"same toll ({k})")
        else:
            a, b = min(k, lo), max(k, hi)
            if b - a <= 3 or (a > 0 and b / a <= 2):
                score += 0.05
                reasons.append(f"compatible toll ({k} vs {lo}-{hi})")
            else:
                score -= 0.15
                reasons.append(f"tolls differ ({k} vs {lo}-{hi})")

    # Ages: a report whose sentence gives ages ("a 16-year-old", "Boy, 9") none of which any member's
    # sentence gives, each of them giving ages of its own, tells of other people.
    ages = _ages(mention.evidence.text)
    same_ages = frozenset[int]()
    if ages and not strong and all(o and not (o & ages) for o in members.ages.values()):
        score -= 0.2
        reasons.append("ages differ")
    elif ages:
        # an age both sentences give ("a 14-year-old was wounded by a 17-year-old neighbour" and
        # "17-year-old held in shooting of boy, 14") corroborates when, where and what (below); as a score
        # it costs precision: ages of children and teenagers are few
        same_ages = max((o & ages for o in members.ages.values()), key=len, default=frozenset())
        if same_ages:
            reasons.append("same ages (" + ", ".join(map(str, sorted(same_ages))) + ")")

    # Text similarity (supporting evidence only).
    sim = max((_jaccard(toks, other) for other in members.texts.values()), default=0.0)
    if sim > 0:
        score += 0.25 * sim
        if sim >= _SIMILAR_TEXT:
            reasons.append(f"similar text (Jaccard {sim:.2f})")

    # A report naming only part of the event's countries (or the event only part of its own) is another
    # side's account of the incident, or another incident of the region: the same place (not merely its
    # province: a roadside bomb in Turbat is not the strike on Panjgur three days before), the same named
    # parties or shared names tell the former.
    if partial and not (strong or named or place[0] == 0.35 or m_names & e_names or t_names & e_tnames):
        return None

    # Corroboration: when, where and what alone are a coincidence in a busy block (a city has several
    # shootings a week), so without anything else in common they must be close, not only compatible.
    corroborated = (
        syndicated
        or mass > 0
        or m_names & e_names
        or t_names & e_tnames
        or m_act & e_act
        or same_ages
        or several
    )
    if not corroborated and sim < _SIMILAR_TEXT and when_where < policy.uncorroborated_min:
        return None
    return round(score, 4), reasons


# ---------------------------------------------------------------------------------------------------- merge


def _consensus_actors(groups: Iterable[Sequence[Actor]]) -> tuple[Actor, ...]:
    counts: Counter[tuple[str, str | None]] = Counter()
    first: dict[tuple[str, str | None], tuple[int, Actor]] = {}
    order = 0
    for actors in groups:
        seen: set[tuple[str, str | None]] = set()
        for a in actors:
            k = (_norm(a.name), a.country)
            if k in seen:
                continue
            seen.add(k)
            counts[k] += 1
            if k not in first:
                first[k] = (order, a)
                order += 1
    ranked = sorted(first, key=lambda k: (-counts[k], first[k][0]))
    return tuple(first[k][1] for k in ranked)


def _voice(mention: Mention) -> str:
    return mention.claims[0].claimant if mention.claims else mention.source


def _figures(claims: Sequence[CasualtyClaim], field: str) -> Fatalities:
    """Conservative / lowest / highest / latest of one figure over the claims (see module docstring)."""
    values = [(c, getattr(c, field)) for c in claims if getattr(c, field) is not None]
    if not values:
        return Fatalities()
    latest_by_voice: dict[str, tuple[tuple[dt.datetime, str], int]] = {}
    for c, v in values:
        voice = c.claimant or c.source
        stamp = (c.published_at, c.mention_id)
        if voice not in latest_by_voice or stamp > latest_by_voice[voice][0]:
            latest_by_voice[voice] = (stamp, v)
    latest = max(values, key=lambda cv: (cv[0].published_at, cv[0].mention_id))[1]
    return Fatalities(
        conservative=min(v for _, v in latest_by_voice.values()),
        lowest=min(v for _, v in values),
        highest=max(v for _, v in values),
        latest=latest,
    )


def _contested(mentions: Sequence[Mention], claims: Sequence[CasualtyClaim]) -> tuple[ContestedClaim, ...]:
    out: list[ContestedClaim] = []
    killed = [(str(c.killed), c.claimant or c.source) for c in claims if c.killed is not None]
    if len({v for v, _ in killed}) > 1:
        out.append(ContestedClaim(field="fatalities", versions=tuple(dict.fromkeys(killed))))
    for field in ("actors", "targets"):
        sets = [(_names(getattr(m, field)), m) for m in mentions if getattr(m, field)]
        disjoint = any(not (a & b) for i, (a, _) in enumerate(sets) for b, _ in sets[i + 1 :])
        if disjoint:
            versions = [(", ".join(a.name for a in getattr(m, field)), _voice(m)) for _, m in sets]
            out.append(ContestedClaim(field=field, versions=tuple(dict.fromkeys(versions))))
    return tuple(out)


def _summary(
    ev_actors: Sequence[Actor], sub: str, place: Place | None, date: dt.date, fat: Fatalities, outlets: int
) -> str:
    who = ev_actors[0].name if ev_actors else "Unknown actor"
    where = ""
    if place is not None:
        parts = [place.name, place.admin1 if place.admin1 != place.name else None, place.country]
        where = " in " + ", ".join(dict.fromkeys(p for p in parts if p))
    toll = ""
    if fat.conservative is not None:
        toll = f"; {fat.conservative} killed"
        if fat.lowest != fat.highest:
            toll += f" (reports {fat.lowest}-{fat.highest})"
    return f"{who}: {sub.lower()}{where} on {date.isoformat()}{toll}; {outlets} outlet(s)"


def _consensus_type(ms: Sequence[Mention]) -> tuple[str, Mention]:
    """Most frequent sub-event type (ties by summed confidence, then name) and its representative mention."""
    conf: dict[str, float] = {}
    count: Counter[str] = Counter()
    for m in ms:
        count[m.sub_event_type] += 1
        conf[m.sub_event_type] = conf.get(m.sub_event_type, 0.0) + m.confidence
    sub = min(count, key=lambda s: (-count[s], -conf[s], s))
    rep = min((m for m in ms if m.sub_event_type == sub), key=lambda m: (-m.confidence, m.published_at, m.id))
    return sub, rep


def _best_place(ms: Sequence[Mention]) -> Place | None:
    """Best-precision place; ties by how many reports name it, then earliest (``ms`` sorted)."""
    places = [m.place for m in ms if m.place is not None]
    if not places:
        return None
    best_rank = min(_PRECISION_RANK[p.precision] for p in places)
    cands = [p for p in places if _PRECISION_RANK[p.precision] == best_rank]
    pc = Counter((_norm(p.name), p.admin1, p.country) for p in cands)
    return max(cands, key=lambda p: (pc[(_norm(p.name), p.admin1, p.country)], -cands.index(p)))


def build_event(
    eid: str,
    mentions: Sequence[Mention],
    matches: Sequence[MatchReason],
    version: int,
    in_response_to: str | None = None,
) -> Event:
    """The canonical event of ``mentions`` (any order: the result depends only on the set)."""
    ms = sorted(mentions, key=_mkey)
    sub, rep = _consensus_type(ms)
    actors = _consensus_actors(m.actors for m in ms)
    targets = _consensus_actors(m.targets for m in ms)
    place = _best_place(ms)

    a = _main_country(actors)
    t = _main_country(targets)
    pcountry = place.country if place else None
    side = t if t and t != a else (pcountry if pcountry and pcountry != a else t)
    dyad = f"{a}>{side}" if a and side else None
    cross_border = (a != pcountry) if a and pcountry else any(m.cross_border for m in ms)

    best_dp = min((m.date_precision for m in ms), key=_DATE_RANK.__getitem__)
    dated = [m.date for m in ms if m.date_precision == best_dp]
    dc = Counter(dated)
    date = min(dc, key=lambda d: (-dc[d], d))

    claims = tuple(
        CasualtyClaim(
            mention_id=m.id,
            source=m.source,
            claimant=m.claims[0].claimant if m.claims else None,
            published_at=m.published_at,
            killed=m.casualties.killed,
            killed_qualifier=m.casualties.killed_qualifier,
            injured=m.casualties.injured,
            victims=m.casualties.victims,
        )
        for m in ms
        if m.casualties.killed is not None
        or m.casualties.killed_qualifier is not None
        or m.casualties.injured is not None
        or m.casualties.victims != Victims()
    )
    fatalities = _figures(claims, "killed")
    outlets = tuple(sorted({m.source for m in ms}))
    order = {m.id: i for i, m in enumerate(ms)}
    return Event(
        id=eid,
        version=version,
        event_type=rep.event_type,
        sub_event_type=sub,
        cameo=rep.cameo,
        plover=rep.plover,
        goldstein=rep.goldstein,
        quad_class=rep.quad_class,
        actors=actors,
        targets=targets,
        dyad=dyad,
        place=place,
        cross_border=cross_border,
        date=date,
        date_precision=best_dp,
        fatalities=fatalities,
        injured=_figures(claims, "injured"),
        casualty_claims=claims,
        contested=_contested(ms, claims),
        outlets=outlets,
        mention_ids=tuple(m.id for m in ms),
        mention_count=len(ms),
        independent_sources=len({m.text_fingerprint for m in ms}),
        matches=tuple(sorted(matches, key=lambda r: order.get(r.mention_id, len(order)))),
        in_response_to=in_response_to,
        first_seen=ms[0].published_at,
        last_updated=max(m.published_at for m in ms),
        summary=_summary(actors, sub, place, date, fatalities, len(outlets)),
    )


_IMMATERIAL = frozenset({"version", "matches", "mention_ids", "mention_count", "last_updated"})


def _material(event: Event) -> dict[str, object]:
    return event.model_dump(exclude=set(_IMMATERIAL))


# ------------------------------------------------------------------------------------------ retaliation link


def _reverse(dyad: str | None) -> str | None:
    if not dyad or ">" not in dyad:
        return None
    a, b = dyad.split(">", 1)
    return f"{b}>{a}" if a != b else None


def _is_strike_event(e: Event) -> bool:
    return is_strike(e.event_type, e.sub_event_type, e.quad_class)


def _response_link(
    ev: Event, others: Iterable[Event], first: dict[str, str], policy: DedupPolicy
) -> str | None:
    """Id of the latest earlier strike of the reverse dyad within the response window, if any.

    "Earlier" compares (event date, first seen, first mention id): all of them functions of the mention
    sets, so the link does not depend on which ids history handed out.
    """
    rev = _reverse(ev.dyad)
    if rev is None or ev.quad_class <= 2:
        return None  # cooperation (talks, an agreement) answers no strike: it is no retaliation
    me = (ev.date, ev.first_seen, first[ev.id])
    best: tuple[dt.date, dt.datetime, str] | None = None
    best_id: str | None = None
    for o in others:
        if o.id == ev.id or o.dyad != rev or not _is_strike_event(o):
            continue
        stamp = (o.date, o.first_seen, first[o.id])
        if (
            stamp < me
            and (ev.date - o.date).days <= policy.response_window_days
            and (best is None or stamp > best)
        ):
            best, best_id = stamp, o.id
    return best_id


# ----------------------------------------------------------------------------------------------------- step


def _slim(mention: Mention) -> Mention:
    """The mention as kept in state: only what matching and merging read (bounds the changelog record size).

    Dropped: the URL, the date phrase (but the mark of a report dated by its publication, which matching
    reads), the field spans, every claim but the first (whose claimant names the casualty claim)
    and the claim's evidence sentence. The canonical event is identical with or without them.
    """
    claims = mention.claims[:1]
    if claims:
        c = claims[0]
        claims = (c.model_copy(update={"evidence": c.evidence.model_copy(update={"text": ""})}),)
    reason = PUBLICATION_DATE if _by_publication(mention) else ""  # matching reads it
    unchanged = claims == mention.claims and mention.url is None and mention.date_reason == reason
    if unchanged and not mention.spans:
        return mention
    return mention.model_copy(update={"claims": claims, "url": None, "date_reason": reason, "spans": ()})


@dataclass
class _Cluster:
    """A cluster during matching: its members in canonical order and why each joined."""

    mentions: list[Mention]
    matches: list[MatchReason]
    view: _View
    joined: list[tuple[str, ...]]
    """Per mention, the first mention ids of the events it joined (see ``OpenEvent.joined``)."""
    origin: OpenEvent | None = None
    """The open event this cluster continues unchanged or grown (incremental path only)."""
    touched: bool = False
    _members: _Members | None = None
    shared: bool = False
    """``_members`` is the cached fold of a held event (:func:`_folded`), not to be changed in place."""

    @property
    def members(self) -> _Members:
        if self._members is None:  # built on first use: most held events are vetoed on type or date
            if self.origin is not None and not self.touched:
                self._members, self.shared = _folded(self.origin), True
            else:
                self._members = _Members(self.mentions)
        return self._members

    def near(self, m: Mention, policy: DedupPolicy, archived: bool = False) -> bool:
        """Whether any member's date is within ``identity_date_days`` of ``m`` (or imprecise), or one of the
        two is dated by its publication on or after the other (however long after), or, for an ``archived``
        cluster, ``m`` is dated after a member (see ``late`` in :func:`_score`)."""
        reach = policy.identity_date_days
        pub = _dated_by_then(m)
        return m.date_precision != "day" or any(
            x.date_precision != "day"
            or abs((x.date - m.date).days) <= reach
            or _reported_after(m.date, pub, x.date, _dated_by_then(x))
            or (archived and m.date > x.date)
            for x in self.mentions
        )

    def add(self, m: Mention, reason: MatchReason) -> None:
        if self.shared:  # the folded members of a held event are cached: fold into a copy
            self._members, self.shared = self.members.copy(), False
        self.joined.append((self.mentions[0].id,))
        self.members.add(m)
        self.mentions.append(m)
        self.matches.append(reason)
        self.view = self.members.view()
        self.touched = True

    @property
    def first(self) -> tuple[dt.datetime, str]:
        return _mkey(self.mentions[0])

    @property
    def last(self) -> dt.datetime:
        return self.mentions[-1].published_at

    @classmethod
    def of(cls, oe: OpenEvent) -> _Cluster:
        # the event's consensus fields are material, so always those of all its mentions
        return cls(list(oe.mentions), list(oe.matches), _View.of(oe.event), list(_joined(oe)), origin=oe)


_FOLDED: dict[int, tuple[OpenEvent, _Members]] = {}
_FOLDED_MAX = 4096


def _folded(oe: OpenEvent) -> _Members:
    """The folded members of a held event, memoised by object: a block's held events are scored again at
    every step, and a state keeps the very same ``OpenEvent`` objects from step to step while they do not
    change. The entry holds the event, so an id is never confused with a later object's."""
    hit = _FOLDED.get(id(oe))
    if hit is not None and hit[0] is oe:
        return hit[1]
    if len(_FOLDED) >= _FOLDED_MAX:
        _FOLDED.clear()
    members = _Members(oe.mentions)
    _FOLDED[id(oe)] = (oe, members)
    return members


@dataclass
class _Archive:
    """What :func:`_greedy` reads of the archive: the archived events that may concern its mentions, and
    the key's index, whose name counts go into :class:`_Rarity` (each archived event as one report)."""

    clusters: list[_Cluster]
    index: _Index


def _greedy(
    clusters: list[_Cluster],
    mentions: Iterable[Mention],
    clock: dt.datetime | None,
    policy: DedupPolicy,
    archive: _Archive | None = None,
) -> tuple[list[_Cluster], dt.datetime | None]:
    """Assign ``mentions`` (canonical order, each newer than every member) one by one, as :func:`step` would.

    Clusters idle for longer than the retention (relative to the newest mention so far, this one included)
    close first (they are returned too, after the open ones); then the mention joins the best-scoring open
    cluster at or above the threshold (ties: the cluster whose first mention is canonically earlier) or
    opens a new one; then the cap drops the least recently active clusters.
    With an ``archive`` (the archived events that may concern these mentions; ``None``: no archive), a
    closed cluster is archived instead, until ``archive_days``: a mention may join it too if it names it,
    which re-opens it (see "Archive"). Archived clusters are returned after the open ones.
    Every tie-break reads only the mentions, so the result is a function of the mention set.
    """
    retention = dt.timedelta(days=policy.retention_days)
    rarity = _Rarity()
    done: list[_Cluster] = []
    archived = list(archive.clusters) if archive is not None else []
    aged = _Aged(rarity, archive.index) if archive is not None else None
    for c in clusters:
        rarity.add(c.members.names, len(c.mentions))
    for m in mentions:
        clock = m.published_at if clock is None else max(clock, m.published_at)
        horizon = clock - retention
        open_: list[_Cluster] = []
        closed: list[_Cluster] = []
        for c in clusters:  # closed before m can join them
            (open_ if c.last >= horizon else closed).append(c)
        clusters = open_
        _forget(rarity, closed)
        if aged is None:
            done += closed
        else:
            reach = clock - dt.timedelta(days=policy.archive_days)
            aged.close(closed)
            archived += closed
            done += aged.expire([c for c in archived if c.last < reach], reach)
            archived = [c for c in archived if c.last >= reach]
        words = _identity(m)
        rarity.add(words)
        best: tuple[float, tuple[dt.datetime, str], _Cluster, list[str]] | None = None
        fits: list[tuple[float, tuple[dt.datetime, str], _Cluster]] = []
        same_day: list[tuple[tuple[float, list[str]], _Cluster]] = []
        for c in (*clusters, *archived):
            gone = c.last < horizon
            if gone and words.isdisjoint(c.members.names) and not _dated_that_day(m, c.members):
                continue  # it names nothing of an archived event (see "Archive")
            scored = _score(m, c, c.view, policy, rarity, words, archived=gone)
            if scored is None or scored[0] < policy.match_threshold:
                continue
            if _SAME_DAY in scored[1]:
                same_day.append((scored, c))
                continue
            fits.append((scored[0], c.first, c))
            if best is None or scored[0] > best[0] or (scored[0] == best[0] and c.first < best[1]):
                best = (scored[0], c.first, c, scored[1])
        if len(same_day) == 1:
            (sc, rs), c = same_day[0]
            fits.append((sc, c.first, c))
            if best is None or sc > best[0] or (sc == best[0] and c.first < best[1]):
                best = (sc, c.first, c, rs)
        if best is None:
            reason = MatchReason(mention_id=m.id, score=1.0, reasons=("opened event",))
            members = _Members([m])
            clusters.append(_Cluster([m], [reason], members.view(), [()], touched=True, _members=members))
        else:
            joined = best[2]
            compatible = functools.partial(
                _would_join, into=joined, policy=policy, rarity=rarity, horizon=horizon
            )
            other = _bridged(joined, fits, policy.bridge_threshold, compatible)
            for x in (best[2], other):
                if x is not None and x.last < horizon:  # re-opened: an open cluster again
                    archived.remove(x)
                    clusters.append(x)
                    if aged is not None:
                        aged.reopen(x)
                    rarity.add(x.members.names, len(x.mentions))
            reasons = tuple(best[3])
            if other is not None:
                kind = (
                    _kind(other)
                    if _violent(other) != _violent(joined)
                    else "a report of it would join this event"
                )
                reasons += (f"merges the event of {other.mentions[0].id} ({kind})",)
            best[2].add(m, MatchReason(mention_id=m.id, score=best[0], reasons=reasons))
            if other is not None:
                merged = _merge(best[2], other)
                clusters = [c for c in clusters if c is not best[2] and c is not other] + [merged]
        if len(clusters) > policy.max_open_events:
            clusters.sort(key=lambda c: (c.last, c.first), reverse=True)
            _forget(rarity, clusters[policy.max_open_events :])
            clusters = clusters[: policy.max_open_events]
    return clusters + archived + done, clock


def _violent(c: _Cluster) -> bool:
    return "violence" in c.members.families


def _kind(c: _Cluster) -> str:
    return "the violent event" if _violent(c) else "its follow-up reports"


def _bridged(
    joined: _Cluster,
    fits: Sequence[tuple[float, tuple[dt.datetime, str], _Cluster]],
    threshold: float,
    compatible: Callable[[_Cluster], bool],
) -> _Cluster | None:
    """The event a mention that joins ``joined`` merges with it (see "Matching", bridge): the best-scoring of
    the other events it also reaches (ties: canonically earlier first mention) that lies on the other side
    of the violent / follow-up-only divide, or on the same side when the mention scores at least
    ``threshold`` with it and it is ``compatible`` with ``joined``; ``None`` if there is none."""
    side = _violent(joined)
    for score, _, c in sorted(fits, key=lambda t: (-t[0], t[1])):
        if c is not joined and (_violent(c) != side or (score >= threshold and compatible(c))):
            return c
    return None


def _would_join(
    c: _Cluster, into: _Cluster, policy: DedupPolicy, rarity: _Rarity, horizon: dt.datetime
) -> bool:
    """Some report of ``c`` reaches ``match_threshold`` with ``into`` on its own (see "Matching", bridge)."""
    for x in c.mentions:
        got = _score(x, into, into.view, policy, rarity, _identity(x), archived=into.last < horizon)
        if got is not None and got[0] >= policy.match_threshold:
            return True
    return False


def _merge(a: _Cluster, b: _Cluster) -> _Cluster:
    """One cluster of the members of ``a`` and ``b`` (canonical order); the last member of ``a`` is the
    bridge, which joined both."""
    a.joined[-1] = (*a.joined[-1], b.mentions[0].id)
    rows = sorted(
        [
            *zip(a.mentions, a.matches, a.joined, strict=True),
            *zip(b.mentions, b.matches, b.joined, strict=True),
        ],
        key=lambda r: _mkey(r[0]),
    )
    mentions = [r[0] for r in rows]
    members = _Members(mentions)
    return _Cluster(
        mentions, [r[1] for r in rows], members.view(), [r[2] for r in rows], touched=True, _members=members
    )


def _joined(oe: OpenEvent) -> tuple[tuple[str, ...], ...]:
    """``oe.joined``, or for a state that does not hold it, every mention joined the event's first."""
    if oe.joined:
        return oe.joined
    return tuple((oe.mentions[0].id,) if i else () for i in range(len(oe.mentions)))


def _parts(oe: OpenEvent, cut: int) -> list[_Cluster]:
    """The events that the first ``cut`` mentions of a held event formed before the next one was assigned:
    the mentions linked by the events they joined (a bridge's merge not yet made splits them again)."""
    joined = _joined(oe)
    root = {m.id: m.id for m in oe.mentions[:cut]}

    def find(x: str) -> str:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for m, links in zip(oe.mentions[:cut], joined[:cut], strict=True):
        for f in links:
            root[find(m.id)] = find(f)
    groups: dict[str, list[int]] = {}  # in canonical order of their first mention
    for i, m in enumerate(oe.mentions[:cut]):
        groups.setdefault(find(m.id), []).append(i)
    out = []
    for rows in groups.values():
        members = _Members(oe.mentions[i] for i in rows)
        out.append(
            _Cluster(
                [oe.mentions[i] for i in rows],
                [oe.matches[i] for i in rows],
                members.view(),
                [joined[i] for i in rows],
                _members=members,
            )
        )
    return out


def _forget(rarity: _Rarity, clusters: Iterable[_Cluster]) -> None:
    for c in clusters:
        rarity.remove(c.members.names, len(c.mentions))


class _Aged:
    """The closed events :class:`_Rarity` counts as one report of their names each (see "Archive"): the
    archived ones (the key's index) and the clusters that close during :func:`_greedy` (a closed event still
    held), each until its last report is ``archive_days`` older than the clock, or until it re-opens.

    Which events count is a function of the clock and the mention set, not of how far the key's clock had
    run when the step came: a re-cluster from a mention a week back counts the events that publication order
    counted there (the index keeps events for one retention past ``archive_days`` for that)."""

    def __init__(self, rarity: _Rarity, index: _Index) -> None:
        self.rarity = rarity
        self.refs = index.by_age
        self.next = 0  # refs[:next] have left the count (too old)
        self.reopened: set[str] = set()  # ids of archived events re-opened: no longer counted as one
        self.own: set[int] = set()  # ids (``id()``) of the clusters that closed here and count as one
        rarity.add(index.names, len(index.refs))

    def close(self, closed: Iterable[_Cluster]) -> None:
        for c in closed:
            self.rarity.add(c.members.names.keys())
            self.own.add(id(c))

    def expire(self, old: list[_Cluster], reach: dt.datetime) -> list[_Cluster]:
        """Stop counting the closed clusters ``old`` and the archived events older than ``reach``."""
        for c in old:
            if id(c) in self.own:
                self.own.discard(id(c))
                self.rarity.remove(c.members.names.keys())
        while self.next < len(self.refs) and self.refs[self.next].last_activity < reach:
            r = self.refs[self.next]
            self.next += 1
            if r.id not in self.reopened:
                self.rarity.remove(r.names, 1)
        return old

    def reopen(self, c: _Cluster) -> None:
        """``c`` is an open cluster again: its names count per report from now on. An archived event's
        reference carries the names of the same reports, so either way the one report to take back is its
        members' names."""
        if id(c) in self.own:
            self.own.discard(id(c))
        elif c.origin is not None and c.origin.event.id not in self.reopened:  # an archived event
            self.reopened.add(c.origin.event.id)
        else:
            return
        self.rarity.remove(c.members.names.keys())


def step(
    state: DedupState | None,
    mention: Mention,
    policy: DedupPolicy,
    archive: Mapping[str, OpenEvent] | None = None,
) -> tuple[DedupState | None, list[Event]]:
    """Apply one mention to one key's state: returns the new state (``None`` = delete) and events to emit.

    The clusters held are always the canonical clustering of the key's mentions: the greedy assignment
    (:func:`_greedy`) over them in (published_at, id) order. A mention newer than every held one extends
    it by one greedy step; an older one (late or out of order) re-clusters the whole key, then maps the
    new clusters onto the held event ids (:func:`_reconcile`).

    ``archive`` maps ids to archived events (see "Archive"), at least those :func:`archive_wanted` names;
    ``None`` turns the archive off. It is only read: :func:`archive_changes` tells the caller what to store
    and delete.
    """
    if state is not None and (
        any(m.id == mention.id for oe in state.events for m in oe.mentions)
        or any(c.id == mention.id for c in state.closed)
        or report_digest(mention.id) in state.expired
    ):
        return state, []
    retention = dt.timedelta(days=policy.retention_days)
    if state is not None and mention.published_at < state.newest - retention:
        # Too late to merge: the events it could join have expired. It is published as an event of its
        # own and remembered as closed, so that no report is lost when a partition lagged far behind.
        late = _slim(mention)
        reason = MatchReason(mention_id=late.id, score=1.0, reasons=("late report: its events had expired",))
        closed, left = _closed(state.closed, [late], state.newest, retention)
        expired = _expired(state.expired, left, policy)
        return state.model_copy(update={"closed": closed, "expired": expired}), [
            build_event(event_id(late.id), [late], [reason], 1)
        ]
    key = state.key if state is not None else blocking_key(mention)
    newest = max(state.newest, mention.published_at) if state is not None else mention.published_at
    mention = _slim(mention)
    held = state.events if state is not None else ()
    refs = state.archived if state is not None else ()
    index = _index(refs)
    found = None
    if archive is not None and policy.archive_days:
        wanted = _wanted(index, [mention, *_after(held, mention)])
        found = [oe for i in wanted if (oe := archive.get(i)) is not None]
    if found is not None and any(m.id == mention.id for oe in found for m in oe.mentions):
        return state, []  # a report of an archived event, delivered again
    if all(_mkey(oe.mentions[-1]) < _mkey(mention) for oe in held):
        clock = state.newest if state is not None else None
        clusters, _ = _greedy([_Cluster.of(oe) for oe in held], [mention], clock, policy, _view(found, index))
    else:
        clusters = _recluster(held, mention, policy, _view(found, index))
    keep = newest - 2 * retention  # closed events stay held for one more retention (see "Retention")
    out = [c for c in clusters if c.last < keep and c.origin is not None and not c.touched]
    # An old cluster the step changed (a re-cluster cut an event re-opened from the archive back to its old
    # part: a report sorting before the late one) stays held as it now is, to leave at a later step: dropped
    # now, its reports would be in no event.
    clusters = [c for c in clusters if c.last >= keep or c.origin is None or c.touched]
    retired = [r for r in (state.retired if state is not None else ()) if r.last_activity >= keep]
    kept = {m.id for c in clusters for m in c.mentions}
    gone = [m for oe in held for m in oe.mentions if m.id not in kept]
    closed, left = _closed(state.closed if state is not None else (), gone, newest, retention)
    expired = _expired(state.expired if state is not None else (), left, policy)
    new, events = _reconcile(
        key, newest, (*held, *(found or ())), clusters, retired, (closed, expired), policy
    )
    if found is None:
        return new, events
    # The archive: held events that expire now join it; re-opened, superseded and too old ones leave it.
    ids = {oe.event.id for oe in held}
    stay = {oe.event.id for oe in new.events} | {r.id for r in new.retired} if new is not None else set()
    # Kept one retention past ``archive_days``: a re-cluster from a mention up to one retention back reads
    # (and counts in rarity) the archived events publication order read there (see _Aged).
    reach = newest - dt.timedelta(days=policy.archive_days + policy.retention_days)
    added = [
        ArchivedEvent(
            id=c.origin.event.id,
            last_activity=c.last,
            names=tuple(sorted(c.members.names)),
            days=tuple(sorted({d for d, p, then in c.members.dates if p == "day" and not then})),
        )
        for c in out
        if c.origin is not None and c.origin.event.id in ids and c.last >= reach
    ]
    now = refs  # the same object while nothing changes: see _index
    if added or (index.oldest is not None and index.oldest < reach) or any(f.event.id in stay for f in found):
        leaving = {r.id for r in refs if r.id in stay or r.last_activity < reach}
        now = tuple(sorted([r for r in refs if r.id not in leaving] + added, key=lambda r: r.id))
        _remember(_reindexed(index, now, leaving, added))
    if new is None:
        return (_finish(key, newest, [], archived=now) if now else None), events
    return new.model_copy(update={"archived": now}), events


@dataclass(frozen=True)
class _Index:
    """What a step reads of a key's archived events, built once per ``DedupState.archived`` object (a step
    that leaves the archive unchanged passes the same object on to the next state)."""

    refs: tuple[ArchivedEvent, ...]
    names: Counter[str]
    """How many archived events carry each name (each counts as one report in :class:`_Rarity`)."""
    by_name: dict[str, list[str]]
    """Name -> the ids of the archived events that carry it."""
    by_age: tuple[ArchivedEvent, ...]
    """``refs`` sorted by last activity (then id)."""
    by_day: dict[dt.date, list[str]]
    """Day -> the ids of the archived events dated to it (``ArchivedEvent.days``)."""

    @property
    def oldest(self) -> dt.datetime | None:
        return self.by_age[0].last_activity if self.by_age else None


_INDEX: dict[int, _Index] = {}
_INDEX_MAX = 64


def _remember(index: _Index) -> _Index:
    if len(_INDEX) >= _INDEX_MAX:
        del _INDEX[next(iter(_INDEX))]  # the least recently built
    _INDEX[id(index.refs)] = index  # the entry holds the tuple, so its id is not reused meanwhile
    return index


def _index(refs: tuple[ArchivedEvent, ...]) -> _Index:
    """The index of ``refs``, memoised by object."""
    hit = _INDEX.get(id(refs))
    if hit is not None and hit.refs is refs:
        return hit
    return _remember(_reindexed(_Index((), Counter(), {}, (), {}), refs, set(), list(refs)))


def _reindexed(
    index: _Index, refs: tuple[ArchivedEvent, ...], removed: set[str], added: list[ArchivedEvent]
) -> _Index:
    """``index`` with the events ``removed`` (ids) taken out and ``added`` put in, for the new ``refs``: the
    old index is copied, not changed (a caller may step from an older state again)."""
    names, by_name, by_day = index.names.copy(), dict(index.by_name), dict(index.by_day)
    for r in index.refs:
        if r.id in removed:
            for n in r.names:
                names[n] -= 1
                by_name[n] = [i for i in by_name[n] if i != r.id]
                if not names[n]:  # no archived event carries it any more
                    del names[n], by_name[n]
            for d in r.days:
                by_day[d] = [i for i in by_day[d] if i != r.id]
                if not by_day[d]:
                    del by_day[d]
    for r in added:
        names.update(r.names)
        for n in r.names:
            by_name[n] = [*by_name.get(n, ()), r.id]
        for d in r.days:
            by_day[d] = [*by_day.get(d, ()), r.id]
    return _Index(refs, names, by_name, tuple(sorted(refs, key=lambda r: (r.last_activity, r.id))), by_day)


def _after(held: Sequence[OpenEvent], mention: Mention) -> list[Mention]:
    """The held mentions after ``mention`` in canonical order: those a re-cluster assigns again."""
    at = _mkey(mention)
    return [m for oe in held for m in oe.mentions if _mkey(m) > at]


def _wanted(index: _Index, mentions: Sequence[Mention]) -> list[str]:
    """Ids of the archived events that may concern ``mentions``: those that share a name with one of them (a
    report must name an archived event to re-open it), or a day its phrases date it to (see "Archive", same
    day), sorted."""
    words = frozenset().union(*(_identity(m) - _place_words(m.place) for m in mentions))
    out = {i for w in words for i in index.by_name.get(w, ())}
    days = {d for m in mentions if (d := _own_day(m)) is not None}
    out.update(i for d in days for i in index.by_day.get(d, ()))
    return sorted(out)


def archive_wanted(state: DedupState | None, mention: Mention) -> list[str]:
    """Ids of the archived events :func:`step` may read for ``mention``: the agent fetches only those."""
    if state is None or not state.archived:
        return []
    return _wanted(_index(state.archived), [mention, *_after(state.events, mention)])


def _view(found: Sequence[OpenEvent] | None, index: _Index) -> _Archive | None:
    """The archive as :func:`_greedy` reads it."""
    if found is None:
        return None
    return _Archive([_Cluster.of(oe) for oe in found], index)


def archive_changes(before: DedupState | None, after: DedupState | None) -> tuple[list[OpenEvent], list[str]]:
    """What a step changed in the archive (see "Archive"): the events to store (held before, archived now)
    and the ids to delete (archived before, not now), both sorted by id."""
    if before is not None and after is not None and before.archived is after.archived:
        return [], []  # a step that leaves the archive unchanged passes the same tuple on
    old = {r.id for r in before.archived} if before is not None else set()
    new = {r.id for r in after.archived} if after is not None else set()
    held = {oe.event.id: oe for oe in before.events} if before is not None else {}
    return [held[i] for i in sorted(new - old) if i in held], sorted(old - new)


def step_tables(
    blocks: MutableMapping[str, DedupState],
    archive: MutableMapping[str, OpenEvent],
    mention: Mention,
    policy: DedupPolicy,
) -> list[Event]:
    """:func:`step` on in-process tables (the offline chain, the benchmarks): the key's state in ``blocks``,
    archived events in ``archive``, changed in the agent's order (see "Archive"); returns the events."""
    key = blocking_key(mention)
    before = blocks.get(key)
    state, events = step(before, mention, policy, archive)
    store, drop = archive_changes(before, state)
    archive.update((oe.event.id, oe) for oe in store)
    if state is None:
        blocks.pop(key, None)
    else:
        blocks[key] = state
    for event_id in drop:
        archive.pop(event_id, None)
    return events


def _recluster(
    held: Sequence[OpenEvent], mention: Mention, policy: DedupPolicy, archive: _Archive | None = None
) -> list[_Cluster]:
    """The canonical clustering of the held mentions and ``mention``, which sorts before some of them.

    Greedy assignment is online: the clusters as they stood just before ``mention`` in canonical order are
    the held clusters cut at it, so those assignments stay and only ``mention`` and the mentions after it
    are assigned again. Assigning the earlier ones again would not give the canonical clustering: their
    rarity (see "Matching") counted events that were open when they came and have been dropped since,
    so a re-cluster long after would merge reports that publication order kept apart. The mentions
    assigned again come no earlier than ``newest - retention``, and every event open within one retention
    of them is still held."""
    at = _mkey(mention)
    seeds: list[_Cluster] = []
    later = [mention]
    for oe in sorted(held, key=lambda oe: _mkey(oe.mentions[0])):
        cut = sum(1 for m in oe.mentions if _mkey(m) < at)
        later += oe.mentions[cut:]
        if cut == len(oe.mentions):
            seeds.append(_Cluster.of(oe))
        elif cut:
            seeds += _parts(oe, cut)
    clusters, _ = _greedy(seeds, sorted(later, key=_mkey), None, policy, archive)
    return clusters


def _closed(
    held: Sequence[ClosedMention], gone: Iterable[Mention], newest: dt.datetime, retention: dt.timedelta
) -> tuple[tuple[ClosedMention, ...], list[str]]:
    """The closed reports to remember (the held ones and ``gone``, for one retention beyond the horizon),
    and the ids of the held ones that leave ``closed`` now, sorted."""
    keep_from = newest - 2 * retention
    out = {c.id: c for c in held if c.published_at >= keep_from}
    out.update({m.id: ClosedMention(id=m.id, published_at=m.published_at) for m in gone})
    left = sorted(c.id for c in held if c.id not in out)
    return tuple(sorted(out.values(), key=lambda c: c.id)), left


def _expired(held: tuple[str, ...], left: Iterable[str], policy: DedupPolicy) -> tuple[str, ...]:
    """``held`` and the digests of the reports that ``left`` closed, oldest first, the oldest dropped beyond
    ``policy.remembered_reports``."""
    new = [report_digest(i) for i in left]
    if not new:
        return held
    fresh = set(new)
    kept = (*(d for d in held if d not in fresh), *new)
    return kept[-policy.remembered_reports :] if policy.remembered_reports else ()


def _assign_ids(clusters: list[_Cluster]) -> list[str]:
    """Id of each cluster: ``event_id`` of its canonically first mention (a function of the cluster)."""
    return [event_id(c.mentions[0].id) for c in clusters]


def _reconcile(
    key: str,
    newest: dt.datetime,
    held: Sequence[OpenEvent],
    clusters: list[_Cluster],
    retired: list[RetiredEvent],
    memory: tuple[tuple[ClosedMention, ...], tuple[str, ...]],
    policy: DedupPolicy,
) -> tuple[DedupState | None, list[Event]]:
    """Turn the clusters into the new state and the event versions to emit (see the module docstring)."""
    ids = _assign_ids(clusters)
    old = {oe.event.id: oe for oe in held}
    revived = {r.id: r for r in retired if r.id in ids}
    retired = [r for r in retired if r.id not in revived]
    cluster_of = dict(zip(ids, clusters, strict=True))

    # Rebuild the clusters whose membership changed; the others keep their open event as is.
    current: dict[str, Event] = {}
    changed: set[str] = set()
    for eid, c in cluster_of.items():
        prev = old.get(eid)
        if prev is not None and (
            not c.touched  # incremental path: a held event the mention did not join
            if c.origin is not None
            else tuple(m.id for m in c.mentions) == tuple(m.id for m in prev.mentions)  # re-cluster path
        ):
            current[eid] = prev.event
            continue
        version = prev.event.version if prev is not None else 1
        link = prev.event.in_response_to if prev is not None else None
        current[eid] = build_event(eid, c.mentions, c.matches, version, link)
        changed.add(eid)

    # Held events that no cluster continues: superseded by the cluster holding most of their mentions.
    where = {m.id: eid for eid, c in cluster_of.items() for m in c.mentions}
    superseded: dict[str, str] = {}
    for eid, oe in old.items():
        if eid in cluster_of:
            continue
        votes = Counter(where[m.id] for m in oe.mentions if m.id in where)
        if votes:  # else its mentions all closed or were capped away: it simply expires
            superseded[eid] = min(votes, key=lambda s: (-votes[s], cluster_of[s].first))

    # Retaliation links: re-evaluate the changed events, the events of their reverse dyads and the events
    # that answered a superseded one.
    first = {eid: c.mentions[0].id for eid, c in cluster_of.items()}
    dyads = {current[e].dyad for e in changed} | {
        old[e].event.dyad for e in changed | set(superseded) if e in old
    }
    revs = {_reverse(d) for d in dyads} - {None}
    affected = changed | {
        e for e, ev in current.items() if ev.dyad in revs or ev.in_response_to in superseded
    }
    dead = set(superseded) | {r.id for r in retired}
    for eid in sorted(affected):
        ev = current[eid]
        link = _response_link(ev, current.values(), first, policy)
        if (
            link is None
            and ev.in_response_to
            and ev.in_response_to not in current
            and ev.in_response_to not in dead
        ):
            link = ev.in_response_to  # the answered event expired: keep the link
        if link != ev.in_response_to:
            current[eid] = ev.model_copy(update={"in_response_to": link})
            changed.add(eid)

    # Versions: superseded events first (one last version), then new and materially changed events in
    # canonical order. Any change of membership is a new version (the last version names every report).
    emitted = [
        old[eid].event.model_copy(update={"version": old[eid].event.version + 1, "superseded_by": sid})
        for eid, sid in sorted(superseded.items())
    ]
    opened: list[OpenEvent] = []
    for eid in sorted(cluster_of, key=lambda e: cluster_of[e].first):
        c, ev, prev = cluster_of[eid], current[eid], old.get(eid)
        joined = tuple(c.joined)
        if eid not in changed:
            opened.append(
                prev
                if prev is not None and prev.event is ev and prev.joined == joined
                else OpenEvent(event=ev, mentions=tuple(c.mentions), matches=tuple(c.matches), joined=joined)
            )
            continue
        if prev is None:
            back = revived.get(eid)
            ev = ev.model_copy(update={"version": back.version + 1 if back is not None else 1})
            emitted.append(ev)
        elif _material(ev) != _material(prev.event) or {m.id for m in c.mentions} != {
            m.id for m in prev.mentions
        }:
            ev = ev.model_copy(update={"version": prev.event.version + 1})
            emitted.append(ev)
        else:
            ev = prev.event
        opened.append(
            OpenEvent(event=ev, mentions=tuple(c.mentions), matches=tuple(c.matches), joined=joined)
        )
    retired += [
        RetiredEvent(
            id=eid,
            superseded_by=sid,
            version=old[eid].event.version + 1,
            last_activity=newest,
        )
        for eid, sid in superseded.items()
    ]
    return _finish(key, newest, opened, retired, *memory), emitted


def _finish(
    key: str,
    newest: dt.datetime,
    opened: list[OpenEvent],
    retired: Sequence[RetiredEvent] = (),
    closed: tuple[ClosedMention, ...] = (),
    expired: tuple[str, ...] = (),
    archived: tuple[ArchivedEvent, ...] = (),
) -> DedupState | None:
    if not opened and not closed and not expired and not archived:
        return None
    return DedupState(
        key=key,
        newest=newest,
        events=tuple(sorted(opened, key=lambda oe: oe.event.id)),
        retired=tuple(sorted(retired, key=lambda r: r.id)),
        closed=closed,
        expired=expired,
        archived=archived,
    )
