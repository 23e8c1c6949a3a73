"""Memory: a long soak keeps the worker's RSS bounded (event-time expiry of the dedup and dyad state).

Full tier only (``make faults``); the size is STRIKEWIRE_FAULTS_SOAK_ARTICLES (default 100,000, which
takes about 100,000 / extraction rate, i.e. well over an hour at ~20 articles/s on 2 cores). Setting
STRIKEWIRE_FAULTS_SOAK_ARTICLES also runs it in the reduced tier.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import threading
import time
from pathlib import Path

import orjson
import pytest

from bench.wire import valid_articles
from streams import topics
from streams.client import produce

from .conftest import FULL, Stack, say

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(6 * 3600)]

CHUNK = 500


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@pytest.mark.skipif(
    not FULL and not os.environ.get("STRIKEWIRE_FAULTS_SOAK_ARTICLES"), reason="soak runs in make faults only"
)
def test_soak_keeps_worker_memory_bounded(stack: Stack) -> None:
    total = int(os.environ.get("STRIKEWIRE_FAULTS_SOAK_ARTICLES", "100000"))
    stack.start_broker()
    worker = stack.start_worker()
    say(
        f"soak: {total} generated articles spanning {total // 2 * 7 / 24 / 365:.1f} years of event time; "
        f"worker pid {worker.process.pid} ready after {stack.wait_ready():.1f}s"
    )
    samples: list[tuple[float, int, int]] = []  # (seconds, rss bytes, articles produced so far)
    produced = 0
    stop = threading.Event()

    def sample() -> None:
        t0 = time.monotonic()
        while not stop.is_set():
            try:
                samples.append((time.monotonic() - t0, rss(worker.process.pid), produced))
            except OSError:
                return
            stop.wait(2.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    last_report = 0.0
    try:
        for index in range(0, total, CHUNK):
            n = min(CHUNK, total - index)
            chunk_start = start + dt.timedelta(hours=7 * index // 2)
            batch = valid_articles(n, seed=index, start=chunk_start, prefix=f"soak{index // CHUNK}")
            # Keep at most ~2 chunks in flight so the backlog (and the broker's memory) stays small. Not
            # polled more often: the embedded broker's answer to an end-offsets request costs it CPU in
            # proportion to the records stored in the partition (about 0.8 ms per 1,000, `python -m
            # bench.broker`), and by the end the lag covers some 800,000 records every time.
            while (stack.lag() or 0) > 2 * CHUNK:
                assert worker.alive(), worker.tail(40)
                time.sleep(5.0)
            asyncio.run(
                produce(stack.settings, topics.ARTICLES_RAW, [(None, orjson.dumps(a)) for a in batch])
            )
            produced += n
            elapsed = time.monotonic() - started
            if elapsed - last_report > 60 or produced == total:
                last_report = elapsed
                rate = max(produced - 4 * CHUNK, 1) / elapsed
                say(
                    f"soak: {produced}/{total} produced after {elapsed / 60:.1f} min, "
                    f"~{rate:.1f} articles/s, RSS {samples[-1][1] / 2**20 if samples else 0:.0f} MB, "
                    f"ETA {(total - produced) / rate / 60:.0f} min"
                )
        stack.wait_drained(timeout=3600)
    finally:
        stop.set()
        sampler.join()
    took = time.monotonic() - started
    values = [r for _, r, _ in samples]
    quarter = max(len(values) // 4, 1)
    q2 = statistics.fmean(values[quarter : 2 * quarter] or values)
    q4 = statistics.fmean(values[-quarter:])
    say(
        f"soak: {total} articles in {took / 60:.1f} min ({total / took:.1f} articles/s); RSS peak "
        f"{max(values) / 2**20:.0f} MB, final {values[-1] / 2**20:.0f} MB, "
        f"2nd-quarter mean {q2 / 2**20:.0f} MB, "
        f"last-quarter mean {q4 / 2**20:.0f} MB ({q4 / q2:.2f}x)"
    )
    assert worker.alive()
    assert q4 <= 1.5 * q2, "worker RSS keeps growing: state is not expired"
