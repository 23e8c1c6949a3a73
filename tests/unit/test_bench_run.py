"""bench.run: a saturated run's clock stops at the pipeline's last write, not at a committed lag of 0."""

from __future__ import annotations

from bench.run import last_write
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
