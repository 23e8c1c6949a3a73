"""Escalation: one alert per dyad episode, from canonical events (pure, state-in/state-out, event time).

State is keyed by the undirected country pair (:func:`pair_key`, "IRN-PAK"). It remembers a compact record
of the pair's recent events (latest version of each, for ``EscalationRules.history_days`` of event time)
and the episodes it has published alerts for.

Order independence
    The episodes and their alerts are a function of the remembered events, not of the order in which they
    arrived: after every event the episodes near it are recomputed from the history. Two workers that see
    the same event versions in different orders (partitions interleave differently; a crashed worker
    replays) end with the same alerts.

Episode
    The pair's strikes, sorted by (date, first report, id), form one episode while each comes within
    ``episode.quiet_days`` of the previous one; a longer gap closes it and the next strike opens another.
    A diplomatic act never opens an episode; it joins the episode of the strike its diplomatic-downgrade
    rule links it to (the nearest strike within the window, before or after). The alert id is
    ``"alr-" + sha256(pair + "|" + first strike's event id)[:16]``. When an earlier strike arrives late, or
    dedup merges the first strike into another event, the episode's first strike changes and so does its
    id: the published alert is then sent one last time with ``superseded_by`` naming the alert that took its
    events over (subscribers drop it, as they drop superseded events). An episode whose first strike has
    aged out of the history keeps its id.

Rules and level
    Each rule hit carries a score and a reason; over an episode's events a rule counts once, with its
    highest score (the reasons at that score joined, the first ``MAX_REASONS`` of them, then "and N more").
    The alert's score is the sum; level = critical if score >= ``levels.critical``, warning if >=
    ``levels.warning``, else info (defaults and the per-rule scores are documented in ``rules.yaml``). The
    judgement follows the evidence: a later event version that retracts a figure lowers it, as a new version.

Settled events
    The history holds ``episode.settle_days`` more than the rules look back (``lookback_days``), so an event
    is judged anew against complete inputs on every new event of the pair for at least ``settle_days`` of
    event time. Once an event its rules might look at has aged out of the history (``forgotten``), the event
    has *settled*: the rules it fired are kept as they are (judging it again would see part of its inputs,
    and which part would depend on the arrival order). Only a new version of it, or a late strike that
    takes over (or gives back) the opening of its episode, judges it again. When an event ages out of the
    history its episode keeps its reference (the latest ``MAX_ARCHIVED_REFS``), outlets and rules in an
    ``Archive``, so an episode longer than the history reads the same whatever order its reports came in
    (within ``settle_days``), and its state stays bounded.

Versions
    The alert is (re-)emitted with version + 1 only when its level, its rules or their reasons, or the set
    of events it rests on change; each emitted version cites the latest event versions. A newer event
    version that changes none of these (one more outlet) is recorded silently, so subscribers are not
    paged for every cross-report. An event version not newer than the one already recorded changes
    nothing, so redelivery and replay never duplicate an alert.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from agents.dedup.vocab import DOWNGRADE_ACTS, country_name, is_strike
from agents.escalate.rules import EscalationRules
from schemas.models import Alert, AlertLevel, Event, EventRef, RuleHit

__all__ = [
    "Archive",
    "DyadState",
    "EpisodeState",
    "EventRecord",
    "RetiredRecord",
    "alert_id",
    "is_stale",
    "pair_key",
    "record",
    "step",
    "surge_hit",
]

MAX_REASONS = 5
"""An alert's rule lists the reasons of at most this many events (then "and N more")."""
MAX_ARCHIVED_REFS = 200
"""An episode cites at most this many of its events that aged out of the history (the latest)."""

RULE_ORDER = (
    "reciprocal_strike",
    "cross_border_strike",
    "civilian_harm",
    "diplomatic_downgrade",
    "surge",
    "nuclear_armed_party",
    "first_strike_quiet_dyad",
)


class EventRecord(BaseModel):
    """What escalation remembers of one event (its latest version)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int
    kind: Literal["strike", "downgrade", "other"]
    sub_event_type: str
    dyad: str
    actor_name: str | None = None
    target_name: str | None = None
    actor_state: bool = False
    """The main actor is a state's forces (per ``cross_border.actor_kinds``)."""
    cross_border: bool = False
    place_name: str | None = None
    place_country: str | None = None
    admin1: str | None = None
    date: dt.date
    first_seen: AwareDatetime
    last_updated: AwareDatetime
    fatalities: int | None = None
    civilians: int | None = None
    women: int | None = None
    children: int | None = None
    harm_claimants: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    hits: tuple[RuleHit, ...] = ()
    """The rules this event fired when it was last judged (final once it has settled)."""
    opened: bool = False
    """Whether it was judged as the strike that opens its episode."""

    @property
    def actor(self) -> str:
        return self.dyad.split(">", 1)[0]

    @property
    def target(self) -> str:
        return self.dyad.split(">", 1)[1]

    def ref(self) -> EventRef:
        return EventRef(id=self.id, version=self.version)


class Tally(BaseModel):
    """One rule over some events: its highest score, the first ``MAX_REASONS`` reasons at that score and how
    many more there were."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    score: float
    reasons: tuple[str, ...]
    more: int = 0


class Archive(BaseModel):
    """What an episode keeps of its events that aged out of the history: their references (the latest
    ``MAX_ARCHIVED_REFS``), outlets and rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    events: tuple[EventRef, ...] = ()
    outlets: tuple[str, ...] = ()
    rules: tuple[Tally, ...] = ()


class EpisodeState(BaseModel):
    """A published episode of a pair: its events and the alert version last emitted for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    opened_by: str
    """The episode's first strike (the id is derived from it)."""
    event_ids: tuple[str, ...]
    """Its events in the history."""
    alert: Alert
    """The version last emitted (``superseded_by`` set once another episode took its events over)."""
    archive: Archive = Archive()


class RetiredRecord(BaseModel):
    """A superseded event: its id, the version that announced it, and when it was first reported."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int
    first_seen: AwareDatetime


class DyadState(BaseModel):
    """Everything one undirected pair holds; round-trips through ``schemas.codec``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pair: str
    newest: AwareDatetime
    """Latest first-report time seen for the pair (the pair's event-time clock)."""
    history: tuple[EventRecord, ...] = ()
    episodes: tuple[EpisodeState, ...] = ()
    retired: tuple[RetiredRecord, ...] = ()
    """Events dedup merged into others: a replayed older version of one must not bring it back."""
    forgotten: AwareDatetime | None = None
    """The latest first report among the events that aged out of the history."""


# ----------------------------------------------------------------------------------------------- helpers


def pair_key(event: Event) -> str | None:
    """Undirected sorted dyad ("IRN-PAK"); ``None`` without a dyad of two different countries."""
    if not event.dyad or ">" not in event.dyad:
        return None
    a, b = event.dyad.split(">", 1)
    if not a or not b or a == b:
        return None
    return "-".join(sorted((a, b)))


def alert_id(pair: str, opening_event_id: str) -> str:
    return "alr-" + hashlib.sha256(f"{pair}|{opening_event_id}".encode()).hexdigest()[:16]


def _victim_figure(event: Event, group: str, figure: str) -> tuple[int | None, tuple[str, ...]]:
    latest: dict[str, tuple[tuple[dt.datetime, str], int]] = {}
    for c in event.casualty_claims:
        v = getattr(c.victims, group)
        if v is None:
            continue
        voice = c.claimant or c.source
        stamp = (c.published_at, c.mention_id)
        if voice not in latest or stamp > latest[voice][0]:
            latest[voice] = (stamp, v)
    if not latest:
        return None, ()
    voices = tuple(sorted(latest))
    if figure == "highest":
        return max(v for _, v in latest.values()), voices
    if figure == "latest":
        return max(latest.values())[1], voices
    return min(v for _, v in latest.values()), voices


def record(event: Event, rules: EscalationRules) -> EventRecord:
    a, _, b = (event.dyad or ">").partition(">")
    kind: Literal["strike", "downgrade", "other"] = "other"
    if is_strike(event.event_type, event.sub_event_type, event.quad_class):
        kind = "strike"
    elif event.sub_event_type in DOWNGRADE_ACTS:
        kind = "downgrade"
    main = next((x for x in event.actors if x.country == a), event.actors[0] if event.actors else None)
    tgt = next((x for x in event.targets if x.country == b), None)
    state_kinds = set(rules.cross_border.actor_kinds)
    actor_state = main is not None and (
        main.kind.value in state_kinds
        or (
            main.kind.value == "unknown"
            and rules.cross_border.assume_state_when_unknown
            and bool(main.country)
        )
    )
    fig = rules.civilian_harm.figure
    civ, c1 = _victim_figure(event, "civilians", fig)
    women, c2 = _victim_figure(event, "women", fig)
    children, c3 = _victim_figure(event, "children", fig)
    if civ is None and (women or children):
        civ = (women or 0) + (children or 0)
    if civ is None and any(t.kind.value == "civilians" for t in event.targets):
        civ = event.fatalities.conservative
    place = event.place
    return EventRecord(
        id=event.id,
        version=event.version,
        kind=kind,
        sub_event_type=event.sub_event_type,
        dyad=f"{a}>{b}",
        actor_name=main.name if main else None,
        target_name=tgt.name if tgt else None,
        actor_state=actor_state,
        cross_border=event.cross_border or bool(place and place.country and a and place.country != a),
        place_name=place.name if place else None,
        place_country=place.country if place else None,
        admin1=place.admin1 if place else None,
        date=event.date,
        first_seen=event.first_seen,
        last_updated=event.last_updated,
        fatalities=event.fatalities.conservative,
        civilians=civ,
        women=women,
        children=children,
        harm_claimants=tuple(sorted(set(c1) | set(c2) | set(c3))),
        outlets=event.outlets,
    )


def _name(code: str, fallback: str | None = None) -> str:
    return country_name(code, fallback)


def _struck(r: EventRecord) -> str:
    """'Iran struck inside Pakistan' (or 'Iran struck Pakistan' when it did not happen inside the target)."""
    who = _name(r.actor, r.actor_name)
    where = r.place_country or r.target
    if where == r.target:
        return f"{who} struck inside {_name(r.target, r.target_name)}"
    return f"{who} struck {_name(r.target, r.target_name)} in {_name(where)}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _after(later: EventRecord, earlier: EventRecord) -> str:
    gap = (later.date - earlier.date).days
    return "on the same day as" if gap == 0 else f"{_days(gap)} after"


def _order(r: EventRecord) -> tuple[dt.date, dt.datetime, str]:
    return (r.date, r.first_seen, r.id)


def _earliest(r: EventRecord) -> dt.datetime:
    """The earlier of its first report and the start of its date (UTC)."""
    return min(r.first_seen, dt.datetime.combine(r.date, dt.time(), tzinfo=dt.UTC))


# -------------------------------------------------------------------------------------------------- rules


def surge_hit(rec: EventRecord, history: Sequence[EventRecord], rules: EscalationRules) -> RuleHit | None:
    """Surge of the pair (and of ``rec``'s province) at ``rec``'s first report, from ``history`` up to then.

    Intensity of a strike = ``base_intensity + fatality_weight * conservative fatalities``. For each window
    (short, long) the current sum is compared with the baseline sum (the ``baseline_days`` before the long
    window) scaled to the window's length; > ``large_pct`` percent is a large increase, ``moderate_pct`` to
    ``large_pct`` a moderate one. No baseline, or a current sum under ``min_intensity``, fires nothing.
    """
    s = rules.surge
    now = rec.first_seen
    strikes = [r for r in history if r.kind == "strike" and r.first_seen <= now]

    def intensity(rs: Iterable[EventRecord]) -> float:
        return sum(s.base_intensity + s.fatality_weight * (r.fatalities or 0) for r in rs)

    long_start = now - dt.timedelta(days=s.long_days)
    base_start = long_start - dt.timedelta(days=s.baseline_days)
    best: tuple[tuple[float, float], RuleHit] | None = None
    for scope in s.scopes:
        if scope == "province":
            if not rec.admin1:
                continue
            pool = [r for r in strikes if r.admin1 == rec.admin1 and r.place_country == rec.place_country]
            label = f"{rec.admin1} ({_name(rec.place_country or '')})"
        else:
            pool = strikes
            label = f"{_name(rec.actor)}–{_name(rec.target)}"
        baseline = intensity(r for r in pool if base_start < r.first_seen <= long_start)
        if baseline <= 0:
            continue
        for window, width, wlabel in (
            (dt.timedelta(hours=s.short_hours), dt.timedelta(hours=s.short_hours), f"{s.short_hours} h"),
            (dt.timedelta(days=s.long_days), dt.timedelta(days=s.long_days), f"{s.long_days} days"),
        ):
            current = intensity(r for r in pool if now - window < r.first_seen <= now)
            expected = baseline * (width / dt.timedelta(days=s.baseline_days))
            if current < s.min_intensity or expected <= 0:
                continue
            pct = (current - expected) / expected * 100
            if pct > s.large_pct:
                score, band = s.large_score, "large increase"
            elif pct >= s.moderate_pct:
                score, band = s.moderate_score, "moderate increase"
            else:
                continue
            reason = (
                f"{label} intensity over the last {wlabel} is {current:g} vs {expected:.1f} expected "
                f"from the {s.baseline_days}-day baseline (+{pct:.0f}%): {band}"
            )
            if best is None or (score, pct) > best[0]:
                best = ((score, pct), RuleHit(rule="surge", score=score, reason=reason))
    return best[1] if best else None


def _hits(
    rec: EventRecord,
    history: Sequence[EventRecord],
    rules: EscalationRules,
    opens_episode: bool,
) -> tuple[list[RuleHit], list[str]]:
    """Rules fired by ``rec`` against the pair's history: (hits, ids of other events they rest on)."""
    hits: list[RuleHit] = []
    linked: list[str] = []
    others = [r for r in history if r.id != rec.id]
    pair_names = f"{_name(rec.actor, rec.actor_name)} and {_name(rec.target, rec.target_name)}"
    if rec.kind == "strike":
        if rec.cross_border and rec.actor_state and rec.place_country and rec.place_country != rec.actor:
            where = f" ({rec.sub_event_type.lower()}" + (f" at {rec.place_name}" if rec.place_name else "")
            hits.append(
                RuleHit(
                    rule="cross_border_strike",
                    score=rules.cross_border.score,
                    reason=f"{_name(rec.actor, rec.actor_name)}'s forces struck inside "
                    f"{_name(rec.place_country)}{where}, {rec.date.isoformat()})",
                )
            )
        window = rules.reciprocal.window_days
        rev = [
            r
            for r in others
            if r.kind == "strike"
            and r.dyad == f"{rec.target}>{rec.actor}"
            and abs((r.date - rec.date).days) <= window
        ]
        if rev:
            other = min(rev, key=lambda r: (abs((r.date - rec.date).days), r.id))
            later, earlier = (rec, other) if _order(rec) > _order(other) else (other, rec)
            hits.append(
                RuleHit(
                    rule="reciprocal_strike",
                    score=rules.reciprocal.score,
                    reason=f"{_struck(later)} {_after(later, earlier)} {_struck(earlier)} "
                    f"({later.id} after {earlier.id})",
                )
            )
            linked.append(other.id)
        ch = rules.civilian_harm
        parts = []
        if rec.women is not None and rec.women >= ch.women and rec.women > 0:
            parts.append(f"{rec.women} women")
        if rec.children is not None and rec.children >= ch.children and rec.children > 0:
            parts.append(f"{rec.children} children")
        if not parts and rec.civilians is not None and rec.civilians >= ch.civilians and rec.civilians > 0:
            parts.append(f"{rec.civilians} civilians")
        if parts:
            by = f" according to {', '.join(rec.harm_claimants)}" if rec.harm_claimants else ""
            hits.append(
                RuleHit(
                    rule="civilian_harm",
                    score=ch.score,
                    reason=f"{' and '.join(parts)} killed when {_struck(rec)}{by} ({rec.id})",
                )
            )
        nuclear = sorted({c for c in (rec.actor, rec.target) if c in rules.nuclear_armed.states})
        if nuclear:
            names = " and ".join(_name(c) for c in nuclear)
            verb = "are" if len(nuclear) > 1 else "is"
            a, b = sorted((rec.actor, rec.target))
            hits.append(
                RuleHit(
                    rule="nuclear_armed_party",
                    score=rules.nuclear_armed.score,
                    reason=f"{names} {verb} nuclear-armed (strikes between {_name(a)} and {_name(b)})",
                )
            )
        if opens_episode:
            quiet = rules.first_strike.quiet_days
            before = [r for r in others if r.kind == "strike" and 0 <= (rec.date - r.date).days <= quiet]
            if not before:
                hits.append(
                    RuleHit(
                        rule="first_strike_quiet_dyad",
                        score=rules.first_strike.score,
                        reason=f"first strike between {pair_names} in at least {_days(quiet)}: "
                        f"{_struck(rec)} on {rec.date.isoformat()}",
                    )
                )
        # Downgrades near this strike join the episode; their hit is computed from the act's side.
        linked += [
            r.id
            for r in sorted(others, key=_order)
            if r.kind == "downgrade"
            and abs((r.date - rec.date).days) <= rules.diplomatic_downgrade.window_days
        ]
        surge = surge_hit(rec, [*others, rec], rules)
        if surge is not None:
            hits.append(surge)
    elif rec.kind == "downgrade":
        strikes = [
            r
            for r in others
            if r.kind == "strike" and abs((r.date - rec.date).days) <= rules.diplomatic_downgrade.window_days
        ]
        if strikes:
            strike = min(strikes, key=lambda r: (abs((r.date - rec.date).days), r.date > rec.date, r.id))
            hits.append(_downgrade_hit(rec, strike, rules))
            linked.append(strike.id)
    return hits, linked


def _downgrade_hit(act: EventRecord, strike: EventRecord, rules: EscalationRules) -> RuleHit:
    verb = DOWNGRADE_ACTS.get(act.sub_event_type, act.sub_event_type.lower())
    gap = (act.date - strike.date).days
    when = "on the same day as" if gap == 0 else f"{_days(abs(gap))} " + ("after" if gap > 0 else "before")
    return RuleHit(
        rule="diplomatic_downgrade",
        score=rules.diplomatic_downgrade.scores.get(act.sub_event_type, 0.0),
        reason=f"{_name(act.actor, act.actor_name)} {verb} {_name(act.target, act.target_name)} {when} "
        f"{_struck(strike)} ({act.id}, {strike.id})",
    )


def _tally(start: Iterable[Tally], hits: Iterable[RuleHit]) -> tuple[Tally, ...]:
    """One tally per rule over ``start`` and then ``hits`` in order: the highest score, and the distinct
    reasons at that score (the surge keeps its first one only), the first ``MAX_REASONS`` of them kept."""
    best: dict[str, tuple[float, list[str], int]] = {
        t.rule: (t.score, list(t.reasons), t.more) for t in start
    }
    for h in hits:
        got = best.get(h.rule)
        if got is None or h.score > got[0]:
            best[h.rule] = (h.score, [h.reason], 0)
        elif h.score == got[0] and h.rule != "surge" and h.reason not in got[1]:
            if len(got[1]) < MAX_REASONS:
                got[1].append(h.reason)
            else:
                best[h.rule] = (got[0], got[1], got[2] + 1)
    rank = {r: i for i, r in enumerate(RULE_ORDER)}
    return tuple(
        Tally(rule=rule, score=score, reasons=tuple(reasons), more=more)
        for rule, (score, reasons, more) in sorted(
            best.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])
        )
    )


def _render(tallies: Iterable[Tally]) -> tuple[RuleHit, ...]:
    """The alert's rules: one hit per tally, its reasons joined by "; "."""
    return tuple(
        RuleHit(
            rule=t.rule,
            score=t.score,
            reason="; ".join(t.reasons) + (f"; and {t.more} more" if t.more else ""),
        )
        for t in tallies
    )


def _level(score: float, rules: EscalationRules) -> AlertLevel:
    if score >= rules.levels.critical:
        return AlertLevel.CRITICAL
    if score >= rules.levels.warning:
        return AlertLevel.WARNING
    return AlertLevel.INFO


# --------------------------------------------------------------------------------------------------- step


def step(
    state: DyadState | None, event: Event, rules: EscalationRules
) -> tuple[DyadState | None, list[Alert]]:
    """Apply one event version to one pair's state: returns the new state (``None`` = delete) and alerts.

    The pair's episodes and their alerts are recomputed from the remembered events (see the module
    docstring), so the result does not depend on the order in which the events arrived.
    """
    pair = pair_key(event)
    if pair is None:
        return state, []
    retention = dt.timedelta(days=rules.history_days)
    held = state.history if state is not None else ()
    episodes = state.episodes if state is not None else ()
    retired = {r.id: r for r in (state.retired if state is not None else ())}
    newest = state.newest if state is not None else event.first_seen
    gone = retired.get(event.id)
    if gone is not None and gone.version >= event.version:
        return state, []  # a replayed version of an event already merged into another
    retired.pop(event.id, None)  # a higher version: dedup gave the id back to a cluster
    if event.superseded_by is not None:
        retired[event.id] = RetiredRecord(id=event.id, version=event.version, first_seen=event.first_seen)
        if state is None or not any(r.id == event.id for r in held):
            return _with_retired(state, retired, newest - retention), []
        history = [r for r in held if r.id != event.id]
        # the survivor carries the same reports: an episode that cited the merged event follows it
        survivor = event.superseded_by
        episodes = tuple(
            ep.model_copy(
                update={
                    "event_ids": _redirect(ep.event_ids, event.id, survivor),
                    "opened_by": survivor if ep.opened_by == event.id else ep.opened_by,
                }
            )
            if event.id in ep.event_ids
            else ep
            for ep in episodes
        )
        touched = {event.id, survivor}
    else:
        known = next((r for r in held if r.id == event.id), None)
        if known is not None and known.version >= event.version:
            return state, []  # redelivery, replay or an older version
        if state is not None and known is None and event.first_seen < state.newest - retention:
            return state, []  # too late to matter: its window has passed
        rec = record(event, rules)
        newest = max(newest, event.first_seen)
        history = [r for r in held if r.id != rec.id] + [rec]
        touched = {rec.id}
    aged = sorted(
        (r for r in history if r.first_seen < newest - retention), key=lambda r: (r.first_seen, r.id)
    )
    history = sorted((r for r in history if r.first_seen >= newest - retention), key=_order)
    forgotten = state.forgotten if state is not None else None
    if aged:
        forgotten = max(aged[-1].first_seen, forgotten or aged[-1].first_seen)
    return _judge(
        pair,
        newest,
        forgotten,
        history,
        _archived(episodes, aged),
        _recent(retired, newest - retention),
        touched,
        event,
        rules,
    )


def _archived(episodes: tuple[EpisodeState, ...], aged: Sequence[EventRecord]) -> tuple[EpisodeState, ...]:
    """Each live episode keeps what it needs of its events that just aged out of the history (``aged``, in
    the order they aged: first report, then id): their references, outlets and (final) rules."""
    if not aged:
        return episodes
    gone = {r.id for r in aged}
    out = []
    for ep in episodes:
        mine = [r for r in aged if r.id in ep.event_ids]
        if not mine or ep.alert.superseded_by is not None:
            out.append(ep)
            continue
        a = ep.archive
        archive = Archive(
            events=(*a.events, *(r.ref() for r in mine))[-MAX_ARCHIVED_REFS:],
            outlets=tuple(sorted({*a.outlets, *(o for r in mine for o in r.outlets)})),
            rules=_tally(a.rules, (h for r in mine for h in r.hits)),
        )
        ids = tuple(i for i in ep.event_ids if i not in gone)
        out.append(ep.model_copy(update={"archive": archive, "event_ids": ids}))
    return tuple(out)


def is_stale(state: DyadState, now: dt.datetime, rules: EscalationRules) -> bool:
    """Whether a pair has been quiet so long that its state no longer matters: everything in it is more than
    two history periods older than ``now`` (the event-time clock of its partition). A step on any event not
    itself more than a history period behind ``now`` then does what it would do without the state (all of
    it would age out), so the stage deletes such states and the table stays bounded."""
    retention = dt.timedelta(days=rules.history_days)
    last = max(
        [
            state.newest,
            *(ep.alert.updated_at for ep in state.episodes),
            *(r.first_seen for r in state.retired),
        ]
    )
    return last < now - 2 * retention


def _recent(retired: dict[str, RetiredRecord], horizon: dt.datetime) -> tuple[RetiredRecord, ...]:
    """The tombstones still within the history window, sorted by id."""
    return tuple(sorted((r for r in retired.values() if r.first_seen >= horizon), key=lambda r: r.id))


def _with_retired(
    state: DyadState | None, retired: dict[str, RetiredRecord], horizon: dt.datetime
) -> DyadState | None:
    return None if state is None else state.model_copy(update={"retired": _recent(retired, horizon)})


def _redirect(ids: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(new if i == old else i for i in ids))


def _components(history: Sequence[EventRecord], rules: EscalationRules) -> list[list[EventRecord]]:
    """The pair's episodes as groups of events, canonically: strikes sorted by (date, first report, id)
    chain while each comes within ``episode.quiet_days`` of the previous one; a diplomatic act joins the
    episode of the strike its downgrade rule links it to. Earliest episode first."""
    quiet = rules.episode.quiet_days
    groups: list[list[EventRecord]] = []
    last: dt.date | None = None
    home: dict[str, int] = {}
    for r in history:
        if r.kind != "strike":
            continue
        if last is None or (r.date - last).days > quiet:
            groups.append([])
        groups[-1].append(r)
        home[r.id] = len(groups) - 1
        last = r.date if last is None else max(last, r.date)
    window = rules.diplomatic_downgrade.window_days
    for r in history:
        if r.kind != "downgrade":
            continue
        strikes = [s for s in history if s.kind == "strike" and abs((s.date - r.date).days) <= window]
        if strikes:
            strike = min(strikes, key=lambda s: (abs((s.date - r.date).days), s.date > r.date, s.id))
            groups[home[strike.id]].append(r)
    return [sorted(g, key=_order) for g in groups]


def _episode_id(
    pair: str,
    opener: EventRecord,
    ids: set[str],
    episodes: Sequence[EpisodeState],
    in_history: set[str],
    claimed: set[str],
) -> str:
    """An episode is named after its first strike; one whose first strike has aged out of the history keeps
    the id it was published under (the episode it continues is the one sharing events with it). Only one
    group continues such an episode: when its events fall apart into several groups, the first (in
    ``_components`` order) keeps the id (``claimed`` holds the ids already given this round) and the others
    are named after their own first strike, so no id is published twice with one version."""
    for ep in sorted(episodes, key=lambda e: (e.alert.created_at, e.id)):
        if (
            ep.alert.superseded_by is None
            and ep.opened_by not in in_history
            and ep.id not in claimed
            and ids & set(ep.event_ids)
        ):
            return ep.id
    return alert_id(pair, opener.id)


def _judge(
    pair: str,
    newest: dt.datetime,
    forgotten: dt.datetime | None,
    history: list[EventRecord],
    episodes: tuple[EpisodeState, ...],
    retired: tuple[RetiredRecord, ...],
    touched: set[str],
    anchor: Event,
    rules: EscalationRules,
) -> tuple[DyadState | None, list[Alert]]:
    """Recompute the episodes near the touched events; emit the alert versions whose judgement changed,
    after the versions that retire superseded alerts."""
    in_history = {r.id for r in history}
    retention = dt.timedelta(days=rules.history_days)
    # Every rule looks at most ``reach`` days around an event (the surge: at events reported before it),
    # so an episode far from the touched events cannot have changed.
    reach = dt.timedelta(
        days=max(
            rules.reciprocal.window_days,
            rules.diplomatic_downgrade.window_days,
            rules.first_strike.quiet_days,
            rules.episode.quiet_days,
        )
    )
    lookback = dt.timedelta(days=rules.lookback_days)
    judged: dict[str, EventRecord] = {}
    cited = {i for ep in episodes if touched & set(ep.event_ids) for i in ep.event_ids}
    kept = {ep.id: ep for ep in episodes}
    merged = {r.id for r in retired}
    current: dict[str, EpisodeState] = {}
    claimed: set[str] = set()
    out: list[Alert] = []
    for group in _components(history, rules):
        ids = [r.id for r in group]
        opener = next(r for r in group if r.kind == "strike")
        eid = _episode_id(pair, opener, set(ids), episodes, in_history, claimed)
        claimed.add(eid)
        prev = kept.get(eid)
        live = prev if prev is not None and prev.alert.superseded_by is None else None
        near = bool((touched | cited) & set(ids)) or (
            max(r.date for r in group) >= anchor.date - reach
            or max(r.first_seen for r in group) >= anchor.first_seen
        )
        if not near:
            if live is not None:
                current[eid] = live
            continue
        anchored = live is not None and live.opened_by not in in_history
        archive = live.archive if live is not None else Archive()
        hits: list[RuleHit] = []
        for r in group:
            # An event is judged anew until it settles, when an event its rules might look at has aged out
            # of the history; then the rules it fired are final (when that happened depends on the arrival
            # order). Only a late strike that takes over (or gives back) the opening of its episode, or a
            # new version of the event itself, judges it again.
            opens = not anchored and r.id == opener.id
            settled = forgotten is not None and forgotten >= _earliest(r) - lookback
            if r.id in touched or not settled or r.opened != opens:
                own = tuple(_hits(r, history, rules, opens_episode=opens)[0])
                if own != r.hits or opens != r.opened:
                    judged[r.id] = r.model_copy(update={"hits": own, "opened": opens})
                hits += own
            else:
                hits += r.hits
        found = _render(_tally(archive.rules, hits))
        if not found and live is None:
            continue  # nothing fired and nothing was said
        since = live.alert.created_at if live is not None and (anchored or archive.events) else None
        alert = _alert(pair, group, eid, found, archive, since, merged, rules)
        opened_by = live.opened_by if anchored and live else opener.id
        if live is not None and _judgement(live.alert) == _judgement(alert):
            current[eid] = live.model_copy(update={"event_ids": tuple(ids), "opened_by": opened_by})
            continue
        alert = alert.model_copy(update={"version": prev.alert.version + 1 if prev is not None else 1})
        out.append(alert)
        current[eid] = EpisodeState(
            id=eid, opened_by=opened_by, event_ids=tuple(ids), alert=alert, archive=archive
        )
    # A published alert that no episode continues is superseded by the episode now holding most of its
    # events. Without such an episode it stays as it is (closed, or waiting for the event its own events
    # were merged into) while it is recent. Superseded alerts are remembered as long, so that an id that
    # comes back continues its version numbers.
    owner = {i: ep.id for ep in current.values() if ep.alert.superseded_by is None for i in ep.event_ids}
    superseded: list[Alert] = []
    for ep in episodes:
        if ep.id in current:
            continue
        recent = any(i in in_history for i in ep.event_ids) or ep.alert.updated_at >= newest - retention
        votes = Counter(owner[i] for i in ep.event_ids if i in owner)
        if ep.alert.superseded_by is not None or not votes:
            if recent:
                current[ep.id] = ep
            continue
        successor = min(votes, key=lambda s: (-votes[s], current[s].alert.created_at, s))
        gone = ep.alert.model_copy(
            update={
                "version": ep.alert.version + 1,
                "superseded_by": successor,
                "updated_at": max(ep.alert.updated_at, current[successor].alert.updated_at),
            }
        )
        superseded.append(gone)
        current[ep.id] = ep.model_copy(update={"alert": gone})
    history = [judged.get(r.id, r) for r in history]
    if not history and not current and not retired:
        return None, superseded + out
    state = DyadState(
        pair=pair,
        newest=newest,
        forgotten=forgotten,
        history=tuple(history),
        episodes=tuple(sorted(current.values(), key=lambda ep: ep.id)),
        retired=retired,
    )
    return state, superseded + out


def _judgement(alert: Alert) -> tuple[object, ...]:
    """What makes an alert version worth sending: its level, rules and reasons, and which events it rests
    on. A newer version of an event already cited changes none of these unless it changes a reason."""
    return alert.level, alert.rules, tuple(ref.id for ref in alert.events)


def _alert(
    pair: str,
    group: Sequence[EventRecord],
    eid: str,
    hits: tuple[RuleHit, ...],
    archive: Archive,
    since: dt.datetime | None,
    merged: set[str],
    rules: EscalationRules,
) -> Alert:
    """The alert of one episode (``group`` in canonical order, after the ``archive`` of its events that aged
    out of the history; ``since``: when the published episode it continues was created). A reference to an
    event since ``merged`` into another is not kept: it no longer exists, and whether such a short-lived
    event was ever cited depends on the order the reports came in."""
    here = {r.id for r in group}
    kept_refs = [ref for ref in archive.events if ref.id not in here and ref.id not in merged]
    refs = kept_refs + [r.ref() for r in group]
    outlets = {o for r in group for o in r.outlets} | set(archive.outlets)
    score = round(sum(h.score for h in hits), 6)
    level = _level(score, rules)
    a, b = pair.split("-")
    top = sorted(hits, key=lambda h: -h.score)[:3]
    summary = f"{level.value.upper()} {_name(a)}–{_name(b)} (score {score:g}): " + "; ".join(
        h.reason.split("; ")[0] for h in top
    )
    created = min(r.first_seen for r in group)
    if since is not None:
        created = min(created, since)
    return Alert(
        id=eid,
        version=1,
        dyad=group[-1].dyad,
        pair=pair,
        level=level,
        score=score,
        rules=hits,
        events=tuple(refs),
        outlets=tuple(sorted(outlets)),
        summary=summary,
        created_at=created,
        updated_at=max(r.last_updated for r in group),
    )
