"""Metrics: counters, histograms, throughput, latency lineage headers and the Prometheus text format."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from streams.metrics import (
    INGESTED_AT,
    LATENCY_BUCKETS,
    PUBLISHED_AT,
    Histogram,
    Metrics,
    PartitionLag,
    lineage_headers,
    observe_input,
    observe_output,
    render_prometheus,
)

# name{labels} value, as Prometheus's text parser expects
SAMPLE = re.compile(
    r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEInf]+$'
)


def fake_event(timestamp: float | None = 100.0, headers: object = None) -> SimpleNamespace:
    return SimpleNamespace(message=SimpleNamespace(timestamp=timestamp, headers=headers))


def test_metrics_counters_keep_their_existing_api() -> None:
    m = Metrics()
    m.inc("messages_in", "validate")
    m.inc("messages_in", "validate", 2)
    m.inc("messages_in", "extract")
    assert m.get("messages_in", "validate") == 3
    assert m.total("messages_in") == 4
    assert m.snapshot() == {"messages_in": {"extract": 1, "validate": 3}}


def test_metrics_histogram_buckets_are_cumulative_and_end_in_inf() -> None:
    h = Histogram()
    for value in (0.005, 0.3, 0.3, 4.0, 10**9):
        h.observe(value)
    pairs = h.cumulative()
    assert pairs[-1] == ("+Inf", 5)
    assert len(pairs) == len(LATENCY_BUCKETS) + 1
    counts = [count for _, count in pairs]
    assert counts == sorted(counts)
    assert dict(pairs)["0.01"] == 1
    assert dict(pairs)["0.5"] == 3
    assert dict(pairs)["5.0"] == 4
    assert h.count == 5 and h.sum > 10**9


def test_metrics_histogram_quantiles_from_recent_samples() -> None:
    h = Histogram()
    assert h.quantile(0.5) is None
    for value in range(1, 101):
        h.observe(value)
    assert h.quantile(0.5) == 50
    assert h.quantile(0.95) == 95
    assert h.summary()["count"] == 100


def test_metrics_rates_average_counter_growth_over_the_window() -> None:
    m = Metrics()
    assert m.rates(now=0.0) == {}
    m.inc("messages_in", "validate", 10)
    m.rates(now=1.0)
    m.inc("messages_in", "validate", 20)
    rates = m.rates(now=3.0)
    assert rates[("messages_in", "validate")] == 10.0  # 20 more over the 2 s since the first sample


def test_metrics_lineage_headers_start_at_the_raw_record_and_carry_forward() -> None:
    raw = fake_event(timestamp=1000.5)
    article = SimpleNamespace(published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    first = lineage_headers(article, event=raw)
    assert first is not None
    assert float(first[INGESTED_AT]) == 1000.5
    assert float(first[PUBLISHED_AT]) == dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp()
    # the next stage reads them back from its input record (aiokafka gives a list of pairs)
    later = lineage_headers(
        SimpleNamespace(), event=fake_event(timestamp=2000.0, headers=list(first.items()))
    )
    assert later == first
    assert lineage_headers(object()) is None  # outside an agent there is no current event


def test_metrics_observe_input_and_output_record_latencies() -> None:
    m = Metrics()
    observe_input(m, "dedup", event=fake_event(timestamp=100.0), now=100.25)
    assert m.histogram("stage_latency_seconds", "dedup").sum == 0.25
    headers = {INGESTED_AT: b"90", PUBLISHED_AT: b"40"}
    observe_output(m, "alert", event=fake_event(headers=headers), now=100.0)
    assert m.histogram("ingestion_latency_seconds", "alert").sum == 10.0
    assert m.histogram("publication_latency_seconds", "alert").sum == 60.0
    mention = SimpleNamespace(published_at=dt.datetime.fromtimestamp(70, dt.UTC))
    observe_output(m, "event", mention, event=fake_event(headers=headers), now=100.0)
    assert m.histogram("publication_latency_seconds", "event").sum == 30.0
    observe_input(m, "extract", event=fake_event(timestamp=None))
    assert m.histogram("stage_latency_seconds", "extract") is None


def test_metrics_partition_lag_is_end_minus_committed() -> None:
    assert PartitionLag("t", 0, 10, 7).lag == 3
    assert PartitionLag("t", 0, 10, None).lag == 10
    assert PartitionLag("t", 0, None, 7).lag is None
    assert PartitionLag("t", 0, 5, 7).lag == 0


def test_metrics_render_prometheus_text_format() -> None:
    m = Metrics()
    m.inc("messages_in", "validate", 5)
    m.inc("messages_out", "validate", 4)
    m.inc("dead_letters", "malformed_json")
    m.inc("events_created", "", 2)
    m.inc("alerts", "critical")
    m.inc("custom_thing", 'we"ird\\label')
    m.observe("stage_latency_seconds", "validate", 0.2)
    m.observe("ingestion_latency_seconds", "event", 1.5)
    text = render_prometheus(m, [PartitionLag("articles.raw", 1, 12, 10)], ready=True, app_id="sw")
    lines = text.splitlines()
    assert text.endswith("\n")
    for line in lines:
        assert line.startswith("# HELP ") or line.startswith("# TYPE ") or SAMPLE.match(line), line
    assert 'strikewire_messages_in_total{stage="validate"} 5' in lines
    assert 'strikewire_messages_out_total{stage="validate"} 4' in lines
    assert 'strikewire_dead_letters_total{reason="malformed_json"} 1' in lines
    assert "strikewire_events_created_total 2" in lines
    assert "strikewire_events_updated_total 0" in lines
    assert 'strikewire_alerts_total{level="critical"} 1' in lines
    assert 'strikewire_custom_thing_total{label="we\\"ird\\\\label"} 1' in lines
    assert 'strikewire_stage_latency_seconds_bucket{stage="validate",le="0.25"} 1' in lines
    assert 'strikewire_stage_latency_seconds_bucket{stage="validate",le="+Inf"} 1' in lines
    assert 'strikewire_stage_latency_seconds_count{stage="validate"} 1' in lines
    assert 'strikewire_ingestion_latency_seconds_sum{output="event"} 1.5' in lines
    assert 'strikewire_consumer_lag{topic="articles.raw",partition="1"} 2' in lines
    assert 'strikewire_consumer_end_offset{topic="articles.raw",partition="1"} 12' in lines
    assert 'strikewire_consumer_committed_offset{topic="articles.raw",partition="1"} 10' in lines
    assert "strikewire_ready 1" in lines
    assert 'strikewire_up{app_id="sw"} 1' in lines
    # every metric family is declared once, before its samples
    types = [line.split()[2] for line in lines if line.startswith("# TYPE ")]
    assert len(types) == len(set(types))
    assert "# TYPE strikewire_publication_latency_seconds histogram" in lines
