"""What the dashboard shows, as plain JSON-ready dicts built from metrics, recent records and lag.

Pure functions only: the web views gather the inputs, these shape them (and are unit-tested alone).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from streams.metrics import Metrics, PartitionLag

__all__ = ["STAGES", "alert_view", "dashboard_state", "event_view", "fatalities_range"]

STAGES = ("validate", "extract", "dedup", "escalate")
"""Pipeline stages in order; each is one agent with a ``messages_in`` counter."""

_LEVEL_ORDER = {"critical": 0, "warning": 1, "info": 2}


def fatalities_range(low: int | None, high: int | None) -> str:
    """ "3", "3-7", "≤7" or "?"."""
    if low is None and high is None:
        return "?"
    if high is None or low == high:
        return str(low)
    if low is None:
        return f"≤{high}"
    return f"{low}-{high}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def event_view(event: Any) -> dict[str, Any]:
    """One canonical event as the dashboard lists and maps it."""
    place = event.place
    return {
        "id": event.id,
        "version": event.version,
        "type": event.event_type,
        "sub_type": event.sub_event_type,
        "dyad": event.dyad,
        "actors": [a.name for a in event.actors],
        "place": None
        if place is None
        else {
            "name": place.name,
            "admin1": place.admin1,
            "country": place.country,
            "lat": place.lat,
            "lon": place.lon,
            "precision": place.precision,
        },
        "date": event.date.isoformat(),
        "fatalities": {
            "lowest": event.fatalities.lowest,
            "highest": event.fatalities.highest,
            "text": fatalities_range(event.fatalities.lowest, event.fatalities.highest),
        },
        "outlets": len(event.outlets),
        "mentions": event.mention_count,
        "in_response_to": event.in_response_to,
        "summary": event.summary,
        "last_updated": _iso(event.last_updated),
    }


def alert_view(alert: Any) -> dict[str, Any]:
    """One alert with its level and the reasons of the rules that fired, strongest first."""
    hits = sorted(alert.rules, key=lambda hit: -hit.score)
    return {
        "id": alert.id,
        "version": alert.version,
        "level": alert.level.value,
        "pair": alert.pair,
        "dyad": alert.dyad,
        "score": alert.score,
        "rules": list(dict.fromkeys(hit.rule for hit in hits)),
        "reasons": [hit.reason for hit in hits],
        "events": len(alert.events),
        "outlets": len(alert.outlets),
        "summary": alert.summary,
        "updated_at": _iso(alert.updated_at),
    }


def _sorted_alerts(alerts: Iterable[Any]) -> list[Any]:
    return sorted(alerts, key=lambda a: (_LEVEL_ORDER.get(a.level.value, 9), -a.updated_at.timestamp()))


def dashboard_state(
    metrics: Metrics,
    events: Sequence[Any],
    alerts: Sequence[Any],
    lag: Sequence[PartitionLag],
    *,
    ready: bool,
    reason: str = "",
    app_id: str = "strikewire",
    now: float | None = None,
    monotonic: float | None = None,
) -> dict[str, Any]:
    """Everything ``/api/state`` returns: worker status, per-stage figures, lag, recent events and alerts."""
    now = time.time() if now is None else now
    rates = metrics.rates(monotonic)
    stages = []
    for stage in STAGES:
        latency = metrics.histogram("stage_latency_seconds", stage)
        stages.append(
            {
                "stage": stage,
                "in": metrics.get("messages_in", stage),
                "out": metrics.get("messages_out", stage),
                "in_rate": round(rates.get(("messages_in", stage), 0.0), 3),
                "out_rate": round(rates.get(("messages_out", stage), 0.0), 3),
                "latency": latency.summary()
                if latency
                else {"count": 0, "p50": None, "p95": None, "mean": None},
            }
        )
    end_to_end = {}
    for name in ("ingestion_latency_seconds", "publication_latency_seconds"):
        for output in ("event", "alert"):
            histogram = metrics.histogram(name, output)
            key = f"{name.split('_')[0]}_to_{output}"
            end_to_end[key] = histogram.summary() if histogram else {"count": 0, "p50": None, "p95": None}
    return {
        "app_id": app_id,
        "time": now,
        "uptime": max(now - metrics.started, 0.0),
        "ready": ready,
        "reason": reason,
        "stages": stages,
        "latency": end_to_end,
        "dead_letters": {
            "total": metrics.total("dead_letters"),
            "by_reason": metrics.snapshot().get("dead_letters", {}),
        },
        "events_created": metrics.total("events_created"),
        "events_updated": metrics.total("events_updated"),
        "alerts_by_level": metrics.snapshot().get("alerts", {}),
        "lag": [
            {
                "topic": p.topic,
                "partition": p.partition,
                "end": p.highwater,
                "committed": p.committed,
                "lag": p.lag,
            }
            for p in sorted(lag, key=lambda p: (p.topic, p.partition))
        ],
        "events": [event_view(e) for e in events],
        "alerts": [alert_view(a) for a in _sorted_alerts(alerts)],
    }
