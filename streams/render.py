"""One readable terminal line per record: how `tail` and the demo show events, alerts and dead letters."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from schemas import Alert, DeadLetter, Event

__all__ = ["Style", "alert_line", "dead_letter_line", "event_line", "live_ids"]


def live_ids(records: Iterable[Event | Alert]) -> set[str]:
    """Ids whose latest version is not superseded (what a subscriber shows)."""
    latest: dict[str, Event | Alert] = {}
    for record in records:
        if record.id not in latest or latest[record.id].version < record.version:
            latest[record.id] = record
    return {rid for rid, record in latest.items() if record.superseded_by is None}


class Style:
    """ANSI colours, only when writing to a terminal."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stdout.isatty() if enabled is None else enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text


_LEVEL_COLOUR = {"info": "36", "warning": "33", "critical": "1;31"}


def _range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "?"
    if low == high or high is None:
        return str(low)
    if low is None:
        return f"≤{high}"
    return f"{low}-{high}"


def event_line(event: Event, style: Style) -> str:
    if event.superseded_by is not None:
        return f"{style('EVENT', '2')} {event.id} v{event.version:<2} merged into {event.superseded_by}"
    place = event.place
    where = "place unknown"
    if place is not None:
        parts = [place.name] + ([place.admin1] if place.admin1 and place.admin1 != place.name else [])
        where = f"{', '.join(parts)} ({place.country or '?'})"
    actor = event.actors[0].name if event.actors else "?"
    target = event.targets[0].name if event.targets else "?"
    dyad = event.dyad or f"{actor}>{target}"
    response = f"  answers {event.in_response_to}" if event.in_response_to else ""
    killed = _range(event.fatalities.lowest, event.fatalities.highest)
    return (
        f"{style('EVENT', '1;34')} {event.id} v{event.version:<2} {event.sub_event_type:<34} {dyad:<9} "
        f"{event.date.isoformat()}  {where}  killed {killed}  outlets {len(event.outlets)}{response}"
    )


def alert_line(alert: Alert, style: Style, *, reasons: int = 3) -> str:
    """The alert's level, dyad and rules on one line, then its strongest reasons, one per line."""
    if alert.superseded_by is not None:
        gone = f"{alert.pair} {alert.id} v{alert.version}"
        return f"{style('ALERT', '2')} {gone} replaced by {alert.superseded_by}"
    level = alert.level.value
    head = style(f"ALERT {level.upper():<8}", _LEVEL_COLOUR.get(level, "0"))
    rules = ", ".join(dict.fromkeys(hit.rule for hit in alert.rules))
    lines = [
        f"{head} {alert.pair} {alert.id} v{alert.version} score {alert.score:g}  "
        f"events {len(alert.events)}  outlets {len(alert.outlets)}  [{rules}]"
    ]
    strongest = sorted(alert.rules, key=lambda hit: -hit.score)[:reasons]
    lines += [f"          - {hit.reason}" for hit in strongest]
    return "\n".join(lines)


def dead_letter_line(letter: DeadLetter, style: Style) -> str:
    where = (
        f"{letter.topic}[{letter.partition}]@{letter.offset}"
        if letter.partition is not None
        else letter.topic
    )
    return f"{style('DEAD ', '2')} {letter.reason:<22} {where}  {letter.error[:100]}"
