"""In-process metrics of one worker: counters, latency histograms, throughput, and their Prometheus text.

Agents bump counters (``w.metrics.inc(name, label)``) and observe latencies; the web server renders them
(``render_prometheus``) for ``/metrics`` and summarises them for the dashboard. Nothing here talks to
Kafka, so every function is testable on its own.

Latency lineage: every record a worker sends carries two headers, ``strikewire-ingested-at`` (the Kafka
timestamp of the raw article the record descends from) and ``strikewire-published-at`` (the article's
publication time), copied forward from the record being processed (see ``lineage_headers``). Schemas stay
untouched and the latencies stay correct when stages run on different workers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import time
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "INGESTED_AT",
    "LATENCY_BUCKETS",
    "PUBLISHED_AT",
    "Histogram",
    "Metrics",
    "PartitionLag",
    "lineage_headers",
    "observe_input",
    "observe_output",
    "render_prometheus",
]

INGESTED_AT = "strikewire-ingested-at"
"""Header: Kafka timestamp (epoch seconds) of the raw article a record descends from."""
PUBLISHED_AT = "strikewire-published-at"
"""Header: publication time (epoch seconds) of the article a record descends from."""

LATENCY_BUCKETS: tuple[float, ...] = (
    0.01,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
    300.0,
    900.0,
    3600.0,
    21600.0,
    86400.0,
    604800.0,
    2592000.0,
    7776000.0,
    31536000.0,
)
"""Histogram upper bounds in seconds: 10 ms to a year (publication latency of backfilled news is long)."""

_RATE_WINDOW = 10.0
"""Seconds over which throughput is averaged."""


@dataclass
class Histogram:
    """A Prometheus-style cumulative histogram plus the latest samples for dashboard percentiles."""

    buckets: tuple[float, ...] = LATENCY_BUCKETS
    counts: list[int] = field(default_factory=list)
    sum: float = 0.0
    count: int = 0
    recent: deque[float] = field(default_factory=lambda: deque(maxlen=512))

    def __post_init__(self) -> None:
        if not self.counts:
            self.counts = [0] * len(self.buckets)

    def observe(self, value: float) -> None:
        value = max(float(value), 0.0)
        index = bisect.bisect_left(self.buckets, value)
        if index < len(self.counts):
            self.counts[index] += 1
        self.sum += value
        self.count += 1
        self.recent.append(value)

    def cumulative(self) -> list[tuple[str, int]]:
        """``(le, count)`` pairs, ending with ``+Inf`` = total count."""
        out: list[tuple[str, int]] = []
        running = 0
        for bound, count in zip(self.buckets, self.counts, strict=True):
            running += count
            out.append((_number(bound), running))
        out.append(("+Inf", self.count))
        return out

    def quantile(self, q: float) -> float | None:
        """Quantile of the recent samples (nearest rank), None without samples."""
        if not self.recent:
            return None
        ordered = sorted(self.recent)
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    def summary(self) -> dict[str, float | int | None]:
        return {
            "count": self.count,
            "p50": self.quantile(0.5),
            "p95": self.quantile(0.95),
            "mean": self.sum / self.count if self.count else None,
        }


@dataclass(frozen=True)
class PartitionLag:
    """Consumer position of one assigned topic-partition."""

    topic: str
    partition: int
    highwater: int | None
    """End offset: the offset the next record produced will get."""
    committed: int | None
    """Committed offset of the consumer group: the next record to process."""

    @property
    def lag(self) -> int | None:
        if self.highwater is None:
            return None
        return max(self.highwater - (self.committed or 0), 0)


@dataclass
class Metrics:
    """Monotonic counters keyed by (name, label) and histograms; cheap enough to bump on every message."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    histograms: dict[tuple[str, str], Histogram] = field(default_factory=dict)
    started: float = field(default_factory=time.time)
    _samples: deque[tuple[float, dict[tuple[str, str], int]]] = field(
        default_factory=lambda: deque(maxlen=64)
    )

    def inc(self, name: str, label: str = "", by: int = 1) -> None:
        self.counts[(name, label)] += by

    def get(self, name: str, label: str = "") -> int:
        return self.counts[(name, label)]

    def total(self, name: str) -> int:
        """Sum of a counter over all its labels."""
        return sum(value for (key, _), value in self.counts.items() if key == name)

    def snapshot(self) -> dict[str, dict[str, int]]:
        """Counters grouped by name, for logs and the web page."""
        out: dict[str, dict[str, int]] = {}
        for (name, label), value in sorted(self.counts.items()):
            out.setdefault(name, {})[label] = value
        return out

    def observe(self, name: str, label: str, seconds: float) -> None:
        """Add one latency sample (seconds) to histogram ``name`` under ``label``."""
        histogram = self.histograms.get((name, label))
        if histogram is None:
            histogram = self.histograms[(name, label)] = Histogram()
        histogram.observe(seconds)

    def histogram(self, name: str, label: str = "") -> Histogram | None:
        return self.histograms.get((name, label))

    def rates(
        self,
        now: float | None = None,
        names: Iterable[str] = ("messages_in", "messages_out"),
    ) -> dict[tuple[str, str], float]:
        """Per-second rate of each counter of ``names`` over the last ~10 s (sampled on each call)."""
        now = time.monotonic() if now is None else now
        names = tuple(names)
        current = {key: value for key, value in self.counts.items() if key[0] in names}
        if not self._samples or now - self._samples[-1][0] >= 0.5:
            self._samples.append((now, current))
        while len(self._samples) > 1 and now - self._samples[1][0] >= _RATE_WINDOW:
            self._samples.popleft()
        then, old = self._samples[0]
        elapsed = now - then
        if elapsed <= 0:
            return {key: 0.0 for key in current}
        return {key: (value - old.get(key, 0)) / elapsed for key, value in current.items()}


def _epoch(value: Any) -> float | None:
    if isinstance(value, dt.datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, bytes | str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _header(headers: Any, name: str) -> float | None:
    """A numeric header from Faust's headers (a mapping, or a list of pairs as aiokafka gives them)."""
    if not headers:
        return None
    items = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in items:
        if (key.decode() if isinstance(key, bytes) else key) == name:
            return _epoch(value)
    return None


def _current_event() -> Any:
    from faust.streams import current_event

    return current_event()


def lineage_headers(value: Any = None, event: Any = None) -> dict[str, bytes] | None:
    """Headers for a record sent while processing ``event`` (default: Faust's current event).

    ``ingested-at`` is copied from the input record, or taken from its Kafka timestamp when the input is
    the raw article; ``published-at`` comes from the value's ``published_at`` when it has one, else from
    the input record.
    """
    event = _current_event() if event is None else event
    headers: dict[str, bytes] = {}
    if event is not None:
        message = event.message
        ingested = _header(message.headers, INGESTED_AT)
        if ingested is None:
            ingested = message.timestamp
        if ingested is not None:
            headers[INGESTED_AT] = _number(ingested).encode()
        published = _header(message.headers, PUBLISHED_AT)
        if published is not None:
            headers[PUBLISHED_AT] = _number(published).encode()
    published_at = _epoch(getattr(value, "published_at", None))
    if published_at is not None:
        headers[PUBLISHED_AT] = _number(published_at).encode()
    return headers or None


def observe_input(metrics: Metrics, stage: str, event: Any = None, now: float | None = None) -> None:
    """Stage latency: from the Kafka timestamp of the record being processed to now."""
    event = _current_event() if event is None else event
    if event is None or event.message.timestamp is None:
        return
    now = time.time() if now is None else now
    metrics.observe("stage_latency_seconds", stage, now - event.message.timestamp)


def observe_output(
    metrics: Metrics, output: str, value: Any = None, event: Any = None, now: float | None = None
) -> None:
    """End-to-end latencies of an ``output`` ("event" or "alert") produced while processing ``event``:
    from the raw article's ingestion and from its publication."""
    event = _current_event() if event is None else event
    now = time.time() if now is None else now
    headers = event.message.headers if event is not None else None
    ingested = _header(headers, INGESTED_AT)
    if ingested is not None:
        metrics.observe("ingestion_latency_seconds", output, now - ingested)
    published = _epoch(getattr(value, "published_at", None)) or _header(headers, PUBLISHED_AT)
    if published is not None:
        metrics.observe("publication_latency_seconds", output, now - published)


# -- Prometheus text exposition format (version 0.0.4) ------------------------------------------------------

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_COUNTERS: dict[str, tuple[str, str, str]] = {
    # counter name: (metric name, label name, help)
    "messages_in": ("strikewire_messages_in_total", "stage", "Records taken in by each stage."),
    "messages_out": ("strikewire_messages_out_total", "stage", "Records a stage sent on to the next one."),
    "dead_letters": ("strikewire_dead_letters_total", "reason", "Records dead-lettered, by reason."),
    "events_created": ("strikewire_events_created_total", "", "Canonical events emitted at version 1."),
    "events_updated": ("strikewire_events_updated_total", "", "Canonical event updates (version > 1)."),
    "alerts": ("strikewire_alerts_total", "level", "Alert versions emitted, by level."),
    "expired_keys": (
        "strikewire_expired_keys_total",
        "table",
        "Table keys deleted because their state no longer mattered (a dyad quiet for two history periods).",
    ),
    "rewinds": (
        "strikewire_rewinds_total",
        "",
        "Times the broker had lost the committed offset of an input partition and it was read again.",
    ),
    "stale_acks": (
        "strikewire_stale_acks_total",
        "",
        "Acks of records read before a rebalance, dropped so that their offsets are not committed.",
    ),
    "stalls": (
        "strikewire_stalls_total",
        "",
        "Times the watchdog found an input partition with lag and no progress, and nudged it.",
    ),
}

_HISTOGRAMS: dict[str, tuple[str, str, str]] = {
    "stage_latency_seconds": (
        "strikewire_stage_latency_seconds",
        "stage",
        "From the Kafka timestamp of a stage's input record to its processing.",
    ),
    "ingestion_latency_seconds": (
        "strikewire_ingestion_latency_seconds",
        "output",
        "From the Kafka timestamp of the raw article to the enriched event or alert being sent.",
    ),
    "publication_latency_seconds": (
        "strikewire_publication_latency_seconds",
        "output",
        "From the article's publication time to the enriched event or alert being sent.",
    ),
}


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value)) if isinstance(value, int) else f"{value:.1f}"
    return repr(float(value))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(pairs: Iterable[tuple[str, str]]) -> str:
    body = ",".join(f'{name}="{_escape(str(value))}"' for name, value in pairs if name)
    return "{" + body + "}" if body else ""


def render_prometheus(
    metrics: Metrics,
    lag: Iterable[PartitionLag] = (),
    *,
    ready: bool | None = None,
    app_id: str | None = None,
) -> str:
    """All metrics of one worker in the Prometheus text exposition format."""
    lines: list[str] = []

    def header(name: str, kind: str, help_text: str) -> None:
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} {kind}")

    header("strikewire_up", "gauge", "1 while the worker process serves requests.")
    lines.append(f"strikewire_up{_labels([('app_id', app_id or '')])} 1")
    if ready is not None:
        header("strikewire_ready", "gauge", "1 when the worker has partitions and reaches the broker.")
        lines.append(f"strikewire_ready {int(ready)}")
    header("strikewire_start_time_seconds", "gauge", "Start time of the worker since the Unix epoch.")
    lines.append(f"strikewire_start_time_seconds {_number(round(metrics.started, 3))}")

    grouped: dict[str, list[tuple[str, int]]] = {}
    for (name, label), value in sorted(metrics.counts.items()):
        grouped.setdefault(name, []).append((label, value))
    for name in list(_COUNTERS) + sorted(set(grouped) - set(_COUNTERS)):
        metric, label_name, help_text = _COUNTERS.get(
            name, (f"strikewire_{name}_total", "label", f"Counter {name}.")
        )
        header(metric, "counter", help_text)
        values = grouped.get(name, [])
        if not values and not label_name:
            values = [("", 0)]
        for label, value in values:
            label_pairs = [(label_name, label)] if label_name else []
            lines.append(f"{metric}{_labels(label_pairs)} {value}")

    hist_grouped: dict[str, list[tuple[str, Histogram]]] = {}
    for (name, label), histogram in sorted(metrics.histograms.items()):
        hist_grouped.setdefault(name, []).append((label, histogram))
    for name in list(_HISTOGRAMS) + sorted(set(hist_grouped) - set(_HISTOGRAMS)):
        metric, label_name, help_text = _HISTOGRAMS.get(name, (f"strikewire_{name}", "label", name))
        header(metric, "histogram", help_text)
        for label, histogram in hist_grouped.get(name, []):
            base = [(label_name, label)]
            for le, count in histogram.cumulative():
                lines.append(f"{metric}_bucket{_labels([*base, ('le', le)])} {count}")
            lines.append(f"{metric}_sum{_labels(base)} {_number(histogram.sum)}")
            lines.append(f"{metric}_count{_labels(base)} {histogram.count}")

    partitions = sorted(lag, key=lambda p: (p.topic, p.partition))
    header(
        "strikewire_consumer_lag",
        "gauge",
        "Records not yet committed by the consumer group: end offset minus committed offset.",
    )
    for p in partitions:
        if p.lag is not None:
            tp = _labels([("topic", p.topic), ("partition", str(p.partition))])
            lines.append(f"strikewire_consumer_lag{tp} {p.lag}")
    header("strikewire_consumer_end_offset", "gauge", "End offset (high watermark) of assigned partitions.")
    for p in partitions:
        if p.highwater is not None:
            lines.append(
                f"strikewire_consumer_end_offset"
                f"{_labels([('topic', p.topic), ('partition', str(p.partition))])} {p.highwater}"
            )
    header("strikewire_consumer_committed_offset", "gauge", "Committed offset of each assigned partition.")
    for p in partitions:
        if p.committed is not None:
            lines.append(
                f"strikewire_consumer_committed_offset"
                f"{_labels([('topic', p.topic), ('partition', str(p.partition))])} {p.committed}"
            )
    header("strikewire_assigned_partitions", "gauge", "Topic-partitions assigned to this worker.")
    lines.append(f"strikewire_assigned_partitions {len(partitions)}")
    return "\n".join(lines) + "\n"
