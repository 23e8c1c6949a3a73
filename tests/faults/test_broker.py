"""Broker late or gone: the worker waits for a late broker, and survives one that goes away.

What the worker does (observed with the embedded Tansu broker, faust-streaming 0.15.3, aiokafka 0.14):

- Started before the broker: ``run_worker`` retries ``prepare_topics`` (each attempt waits
  ``STRIKEWIRE_BROKER_START_TIMEOUT`` seconds, pauses between attempts double up to 30 s) and starts
  the Faust worker once the broker answers. Until then nothing listens on the web port, so ``/ready``
  gets no answer (a Kubernetes readiness probe fails, as it should).
- Broker gone while running: the process stays up; ``/ready`` answers 503 ("broker did not answer an
  offsets request") within ~3-10 s; aiokafka reconnects every ~100 ms and logs an ERROR line each time;
  the worker's repeat filter (``streams.web.logs.RepeatFilter``) lets one line per message per 10 s
  through, with a count of the suppressed ones.
- A new broker on the same port: Tansu keeps everything in memory, so it is empty; topics must be
  recreated (``prepare_topics``, as a starting worker does). The running worker rediscovers the
  coordinator, re-joins the group and reports ready within seconds. Its in-memory positions predate the
  reset, and Faust never commits below them. The embedded broker gets a new cluster id on every start;
  the watchdog notices the change of cluster and reads every partition again from its start
  (``Probe._rewind_after_broker_reset``), so everything sent to the new broker is processed without a
  restart. With a persistent Kafka this case does not arise.
"""

from __future__ import annotations

import asyncio
import time

import orjson
import pytest

from bench.wire import valid_articles
from schemas import Article, decode
from streams import topics
from streams.client import produce

from .conftest import Stack, say, size

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]


def _articles(n: int, prefix: str) -> list[tuple[None, bytes]]:
    return [(None, orjson.dumps(a)) for a in valid_articles(n, seed=len(prefix), prefix=prefix)]


def _valid_ids(stack: Stack) -> set[str]:
    return {decode(Article, r.value).id for r in stack.read([topics.ARTICLES_VALID], idle=1.5)}


def test_worker_started_before_the_broker_waits_and_connects(stack: Stack) -> None:
    # Each connection attempt gives up after STRIKEWIRE_BROKER_START_TIMEOUT; the worker must retry.
    attempt = size(3, 20)
    late = size(10, 45, "STRIKEWIRE_FAULTS_BROKER_LATE")
    stack.extra_env["STRIKEWIRE_BROKER_START_TIMEOUT"] = str(attempt)
    worker = stack.start_worker()
    say(
        f"worker pid {worker.process.pid} started with no broker; "
        f"attempt timeout {attempt}s; broker {late}s late"
    )
    time.sleep(late)
    assert worker.alive(), f"the worker gave up waiting for the broker:\n{worker.tail(30)}"
    status, _ = stack.ready()
    say(f"after {late}s without a broker: worker alive, /ready -> {status or 'no answer'}")
    assert status != 200
    stack.start_broker()
    say(f"broker started on port {stack.port}")
    took = stack.wait_ready(180)
    say(f"worker ready {took:.1f}s after the broker came up (same pid: {worker.process.pid})")
    batch = _articles(10, "late")
    asyncio.run(produce(stack.settings, topics.ARTICLES_RAW, batch))
    stack.wait_drained(120)
    got = _valid_ids(stack)
    say(f"processed {len(got)}/{len(batch)} articles sent after connecting")
    assert got == {orjson.loads(raw)["id"] for _, raw in batch}
    assert worker.alive() and len(stack.workers) == 1


def test_broker_gone_makes_the_worker_not_ready_without_crashing(stack: Stack) -> None:
    stack.start_broker()
    worker = stack.start_worker(STRIKEWIRE_STALL_SECONDS="8")  # watchdog rounds every 2 s
    pid = worker.process.pid
    say(f"worker pid {pid} ready after {stack.wait_ready():.1f}s")
    first = _articles(10, "before")
    asyncio.run(produce(stack.settings, topics.ARTICLES_RAW, first))
    stack.wait_drained(120)

    stack.stop_broker()
    gone_at = time.monotonic()
    say("broker killed (SIGTERM to its process group); Tansu is memory-only, its data is gone")
    not_ready_after = None
    outage = size(15, 90, "STRIKEWIRE_FAULTS_BROKER_OUTAGE")
    statuses: dict[int, int] = {}
    while time.monotonic() - gone_at < outage:
        assert worker.alive(), f"worker died when the broker went away:\n{worker.tail(40)}"
        status, _ = stack.ready()
        statuses[status] = statuses.get(status, 0) + 1
        if status == 503 and not_ready_after is None:
            not_ready_after = time.monotonic() - gone_at
        time.sleep(1.0)
    say(f"during a {outage}s outage: /ready answers {statuses}; first 503 after {not_ready_after}s")
    assert not_ready_after is not None, "/ready never answered 503 while the broker was gone"
    assert worker.alive() and worker.process.pid == pid

    log_errors = sum("[ERROR]" in line for line in worker.tail(100000).splitlines())
    say(
        f"worker log: {log_errors} ERROR lines so far "
        "(aiokafka reconnects every ~100 ms while the broker is gone; repeats are rate-limited)"
    )
    assert log_errors <= 20 + outage, f"{log_errors} ERROR lines in a {outage}s outage: the log is flooded"

    # A new, empty broker on the same port: recreate the topics (prepare_topics, as `strikewire worker`
    # does on start) and see whether the running worker picks up new work.
    stack.start_broker()
    back_at = time.monotonic()
    say("new empty broker on the same port, topics recreated")
    later = _articles(10, "after") + _articles(30, "after-more")
    asyncio.run(produce(stack.settings, topics.ARTICLES_RAW, later))
    expected = {orjson.loads(raw)["id"] for _, raw in later}
    resumed, ready_seen = None, None
    while time.monotonic() - back_at < size(60, 120):
        assert worker.alive(), f"worker died after the broker came back:\n{worker.tail(40)}"
        if ready_seen is None and stack.ready()[0] == 200:
            ready_seen = time.monotonic() - back_at
        if resumed is None and _valid_ids(stack) >= expected:
            resumed = time.monotonic() - back_at
        if resumed is not None and ready_seen is not None:
            break
        time.sleep(2.0)
    got = _valid_ids(stack) & expected
    say(
        f"running worker (pid {pid}) on the new broker: alive; /ready 200 after {ready_seen}s; "
        + (
            f"processed everything after {resumed:.1f}s"
            if resumed
            else f"FINDING: processed only {len(got)}/{len(expected)} new articles "
            "(its in-memory positions and "
            "offsets predate the empty broker, so records at lower offsets are skipped)"
        )
    )
    assert ready_seen is not None, (
        f"the worker never became ready again on the new broker: {stack.ready()}\n{worker.tail(60)}"
    )
    assert resumed is not None, f"lost on the new broker: {sorted(expected - got)[:10]}\n{worker.tail(60)}"
