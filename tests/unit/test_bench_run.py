"""bench.run: a saturated run's clock stops at the pipeline's last write, not at a committed lag of 0."""

from __future__ import annotations

from bench.run import last_write, median_run, report
from streams import topics


def test_bench_run_last_write_is_the_latest_record_the_pipeline_wrote() -> None:
    written = [
        (topics.ARTICLES_VALID, 101.0),
        ("strikewire-dedup_blocks-changelog", 118.25),
        (topics.EVENTS, 118.2),
        (topics.MENTIONS, 117.9),
    ]
    assert last_write(written, since=100.0) == 118.25


def test_bench_run_last_write_leaves_out_the_benchmarks_input_and_earlier_records() -> None:
    written = [(topics.ARTICLES_RAW, 130.0), (topics.EVENTS, 90.0), (topics.DEADLETTER, 104.5)]
    assert last_write(written, since=100.0) == 104.5
    assert last_write([(topics.ARTICLES_RAW, 130.0)], since=100.0) is None


def test_bench_run_ratio_divides_by_the_median_ner_pass_of_the_rounds() -> None:
    def run(rate: float) -> dict[str, float]:
        return {"articles_per_s": rate, "words_per_s": rate * 100, "seconds": 400 / rate}

    one = median_run([run(r) | {"worker_cpu_seconds": 40.0, "peak_rss_mb": 700.0} for r in (12.0, 14.0, 8.0)])
    ner = median_run([run(r) for r in (25.0, 17.0, 20.0)])
    latency = {"offered_rate": 6.0, "articles": 0, "with_event": 0, "with_alert": 0}
    latency |= dict.fromkeys(("event_p50", "event_p95", "event_p99", "alert_p50", "alert_p95", "alert_p99"))
    result = {"name": "c", "articles": 400, "words": 1000, "ner": ner, "one": one, "two": None}
    text = report([result | {"latency": latency}], command="bench", started=0.0)
    row = next(line for line in text.splitlines() if line.startswith("| c | 400 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[3:6] == ["12.0", "1200", "20.0"]  # median e2e run, its words/s, median NER pass
    assert cells[6] == "**0.60**"
    assert "NER only 25.0, 17.0, 20.0" in text
