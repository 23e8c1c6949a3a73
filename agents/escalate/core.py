"""Escalation: one alert per dyad episode, from canonical events (pure, state-in/state-out, event time).

State is keyed by the undirected country pair (:func:`pair_key`, "IRN-PAK"). It remembers a compact record
of the pair's recent events (latest version of each, for ``EscalationRules.history_days`` of event time)
and the current episode.

Episode
    A strike between the pair opens an episode unless one is open; an episode stays open while strikes keep
    coming within ``episode.quiet_days`` of each other. The alert id is
    ``"alr-" + sha256(pair + "|" + opening event id)[:16]``: stable for the episode, new for the next one.
    Diplomatic acts never open an episode; they join it when the diplomatic-downgrade rule links them to
    a strike of the episode (before or after the strike, within the window).

Rules and level
    Each rule hit carries a score and a reason; during an episode a rule keeps the highest score it reached
    (its first reason at that score). The alert's score is the sum; level = critical if score >=
    ``levels.critical``, warning if >= ``levels.warning``, else info (defaults and the per-rule scores are
    documented in ``rules.yaml``). Scores never go down within an episode, so an alert can be raised but
    never lowered.

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
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from agents.dedup.vocab import DOWNGRADE_ACTS, country_name, is_strike
from agents.escalate.rules import EscalationRules
from schemas.models import Alert, AlertLevel, Event, EventRef, RuleHit

__all__ = ["DyadState", "EpisodeState", "EventRecord", "alert_id", "pair_key", "record", "step", "surge_hit"]

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

    @property
    def actor(self) -> str:
        return self.dyad.split(">", 1)[0]

    @property
    def target(self) -> str:
        return self.dyad.split(">", 1)[1]

    def ref(self) -> EventRef:
        return EventRef(id=self.id, version=self.version)


class EpisodeState(BaseModel):
    """The current (or last) episode of a pair."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    opened_by: str
    created_at: AwareDatetime
    first_strike: dt.date
    last_strike: dt.date
    event_ids: tuple[str, ...]
    rules: tuple[RuleHit, ...] = ()
    alert: Alert | None = None
    """The version last emitted."""


class DyadState(BaseModel):
    """Everything one undirected pair holds; round-trips through ``schemas.codec``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pair: str
    newest: AwareDatetime
    """Latest first-report time seen for the pair (the pair's event-time clock)."""
    history: tuple[EventRecord, ...] = ()
    episode: EpisodeState | None = None


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


def _aggregate(hits: Iterable[RuleHit]) -> list[RuleHit]:
    """One hit per rule over the episode's events: the highest score; reasons of that score joined by "; "."""
    best: dict[str, float] = {}
    reasons: dict[str, dict[str, None]] = {}
    for h in hits:
        if h.rule not in best or h.score > best[h.rule]:
            best[h.rule], reasons[h.rule] = h.score, {}
        if h.score == best[h.rule] and (h.rule != "surge" or not reasons[h.rule]):
            reasons[h.rule][h.reason] = None
    return [RuleHit(rule=r, score=best[r], reason="; ".join(reasons[r])) for r in best]


def _merge_hits(old: Sequence[RuleHit], new: Iterable[RuleHit]) -> tuple[RuleHit, ...]:
    """The episode's new hits, except that a rule never loses score (nor disappears) within an episode."""
    by_rule = {h.rule: h for h in old}
    for h in new:
        if h.rule not in by_rule or h.score >= by_rule[h.rule].score:
            by_rule[h.rule] = h
    rank = {r: i for i, r in enumerate(RULE_ORDER)}
    return tuple(sorted(by_rule.values(), key=lambda h: (rank.get(h.rule, len(rank)), h.rule)))


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
    """Apply one event version to one pair's state: returns the new state (``None`` = delete) and alerts."""
    pair = pair_key(event)
    if pair is None:
        return state, []
    if event.superseded_by is not None:
        return _retire(state, event)
    retention = dt.timedelta(days=rules.history_days)
    if state is not None:
        known = next((r for r in state.history if r.id == event.id), None)
        if known is not None and known.version >= event.version:
            return state, []  # redelivery, replay or an older version
        if known is None and event.first_seen < state.newest - retention:
            return state, []  # too late to matter: its window has passed
    rec = record(event, rules)
    newest = max(state.newest, event.first_seen) if state is not None else event.first_seen
    history = [r for r in (state.history if state else ()) if r.id != rec.id] + [rec]
    history = sorted((r for r in history if r.first_seen >= newest - retention), key=_order)
    episode = state.episode if state is not None else None

    quiet = rules.episode.quiet_days
    in_episode = episode is not None and rec.id in episode.event_ids
    episode_open = episode is not None and (
        (episode.first_strike - dt.timedelta(days=quiet))
        <= rec.date
        <= (episode.last_strike + dt.timedelta(days=quiet))
    )
    opens = False
    if rec.kind == "strike" and not in_episode and not episode_open:
        episode = EpisodeState(
            id=alert_id(pair, rec.id),
            opened_by=rec.id,
            created_at=rec.first_seen,
            first_strike=rec.date,
            last_strike=rec.date,
            event_ids=(),
        )
        opens = True
    if episode is None or not (in_episode or episode_open or opens):
        return _finish(pair, newest, history, episode), []

    by_id = {r.id: r for r in history}
    own_hits, linked = _hits(rec, history, rules, opens_episode=episode.opened_by == rec.id)
    if rec.kind != "strike" and not own_hits and not in_episode:
        return _finish(pair, newest, history, episode), []  # unrelated event of the pair
    # The episode's events: what it held, this event, and (transitively) what the rules link them to.
    ids = dict.fromkeys((*episode.event_ids, rec.id, *linked))
    hits: list[RuleHit] = []
    done: set[str] = set()
    while len(done) < len(ids):
        for eid in [i for i in ids if i not in done]:
            done.add(eid)
            if eid not in by_id:
                continue
            h, more = _hits(by_id[eid], history, rules, opens_episode=episode.opened_by == eid)
            hits += h
            ids.update(dict.fromkeys(m for m in more if m not in ids))
    strike_dates = [r.date for r in history if r.id in ids and r.kind == "strike"]
    episode = episode.model_copy(
        update={
            "event_ids": tuple(ids),
            "rules": _merge_hits(episode.rules, _aggregate(hits)),
            "first_strike": min([episode.first_strike, *strike_dates]),
            "last_strike": max([episode.last_strike, *strike_dates]),
        }
    )
    if not episode.rules:
        return _finish(pair, newest, history, episode), []

    alert = _alert(pair, rec, episode, history, rules)
    prev = episode.alert
    if prev is not None and _judgement(prev) == _judgement(alert):
        return _finish(pair, newest, history, episode), []
    alert = alert.model_copy(update={"version": prev.version + 1 if prev else 1})
    episode = episode.model_copy(update={"alert": alert})
    return _finish(pair, newest, history, episode), [alert]


def _judgement(alert: Alert) -> tuple[object, ...]:
    """What makes an alert version worth sending: its level, rules and reasons, and which events it rests
    on. A newer version of an event already cited changes none of these unless it changes a reason."""
    return alert.level, alert.rules, tuple(ref.id for ref in alert.events)


def _retire(state: DyadState | None, event: Event) -> tuple[DyadState | None, list[Alert]]:
    """Forget an event that dedup merged into another; the survivor arrives as its own version.

    An alert that rested on it is re-sent without the reference; its rules stay, since the survivor carries
    the same evidence.
    """
    if state is None:
        return None, []
    history = [r for r in state.history if r.id != event.id]
    episode = state.episode
    alerts: list[Alert] = []
    if episode is not None and event.id in episode.event_ids:
        episode = episode.model_copy(
            update={"event_ids": tuple(i for i in episode.event_ids if i != event.id)}
        )
        prev = episode.alert
        if prev is not None and any(ref.id == event.id for ref in prev.events):
            alert = prev.model_copy(
                update={
                    "version": prev.version + 1,
                    "events": tuple(ref for ref in prev.events if ref.id != event.id),
                    "updated_at": max(prev.updated_at, event.last_updated),
                }
            )
            episode = episode.model_copy(update={"alert": alert})
            alerts.append(alert)
    return _finish(state.pair, state.newest, history, episode), alerts


def _alert(
    pair: str, rec: EventRecord, ep: EpisodeState, history: Sequence[EventRecord], rules: EscalationRules
) -> Alert:
    by_id = {r.id: r for r in history}
    prev_refs = {e.id: e for e in ep.alert.events} if ep.alert else {}
    refs: list[tuple[tuple[dt.date, dt.datetime, str], EventRef]] = []
    outlets: set[str] = set(ep.alert.outlets) if ep.alert else set()
    updated = rec.last_updated
    for eid in ep.event_ids:
        r = by_id.get(eid)
        if r is not None:
            refs.append((_order(r), r.ref()))
            outlets.update(r.outlets)
            updated = max(updated, r.last_updated)
        elif eid in prev_refs:  # aged out of the history: keep the reference already published
            refs.append(((dt.date.min, dt.datetime.min.replace(tzinfo=dt.UTC), eid), prev_refs[eid]))
    score = round(sum(h.score for h in ep.rules), 6)
    level = _level(score, rules)
    a, b = pair.split("-")
    top = sorted(ep.rules, key=lambda h: -h.score)[:3]
    summary = f"{level.value.upper()} {_name(a)}–{_name(b)} (score {score:g}): " + "; ".join(
        h.reason.split("; ")[0] for h in top
    )
    if ep.alert is not None:
        updated = max(updated, ep.alert.updated_at)
    return Alert(
        id=ep.id,
        version=1,
        dyad=rec.dyad,
        pair=pair,
        level=level,
        score=score,
        rules=ep.rules,
        events=tuple(ref for _, ref in sorted(refs, key=lambda x: x[0])),
        outlets=tuple(sorted(outlets)),
        summary=summary,
        created_at=ep.created_at,
        updated_at=updated,
    )


def _finish(
    pair: str, newest: dt.datetime, history: list[EventRecord], episode: EpisodeState | None
) -> DyadState | None:
    if not history:
        return None
    return DyadState(pair=pair, newest=newest, history=tuple(history), episode=episode)
