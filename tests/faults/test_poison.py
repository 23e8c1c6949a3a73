"""Poison: bad records of every kind interleaved with valid articles; nothing lost, nothing crashes."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from pathlib import Path

import orjson
import pytest

from bench.wire import bad_records, valid_articles
from schemas import Article, DeadLetter, decode
from streams import topics
from streams.client import produce

from .conftest import FULL, Stack, say, size

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]


def test_poison_records_are_dead_lettered_and_valid_ones_processed(stack: Stack) -> None:
    n_bad = size(1000, 5000, "STRIKEWIRE_FAULTS_POISON_BAD")
    n_valid = size(100, 500, "STRIKEWIRE_FAULTS_POISON_VALID")
    big = 10 * 1024 * 1024
    bad = list(bad_records(n_bad, big_bytes=big))
    valid = [orjson.dumps(a) for a in valid_articles(n_valid, seed=3, prefix="poison-ok")]
    valid_ids = {orjson.loads(raw)["id"] for raw in valid}
    # Interleave: the huge record first, then a valid article after every ~n_bad/n_valid bad ones.
    rng = random.Random(5)
    stream: list[tuple[str, bytes]] = [bad[0]]
    rest = bad[1:] + [("valid", raw) for raw in valid]
    rng.shuffle(rest)
    stream += rest
    kinds = Counter(kind for kind, _ in stream)
    say(f"injecting {len(bad)} bad records ({dict(kinds - Counter(valid=n_valid))}) and {n_valid} valid")

    stack.start_broker()
    worker = stack.start_worker()
    pid = worker.process.pid
    say(f"worker pid {pid}; ready after {stack.wait_ready():.1f}s")

    started = time.monotonic()
    sent, errors = asyncio.run(
        produce(stack.settings, topics.ARTICLES_RAW, [(None, raw) for _, raw in stream])
    )
    say(f"produced {sent} records in {time.monotonic() - started:.1f}s; refused by the broker: {len(errors)}")
    for line in errors:
        say("  refused:", line[:200])
    # An oversize record may be refused by the broker (reported as rejected by ingest); then it is
    # not the pipeline's to dead-letter. Anything else refused is a failure of the test set-up.
    refused = {int(line.split()[1].rstrip(":")) - 1 for line in errors}
    assert all(stream[i][0] == "too_large" for i in refused), errors
    delivered = [item for i, item in enumerate(stream) if i not in refused]

    took = stack.wait_drained(timeout=size(300, 1200))
    say(f"worker drained in {took:.1f}s")

    letters = [decode(DeadLetter, r.value) for r in stack.read([topics.DEADLETTER])]
    valid_out = [decode(Article, r.value) for r in stack.read([topics.ARTICLES_VALID])]
    reasons = Counter(letter.reason for letter in letters)
    say(f"found {len(letters)} dead letters by reason {dict(reasons)}; {len(valid_out)} valid articles")

    expected_bad = Counter(raw for kind, raw in delivered if kind != "valid")
    got_bad = Counter(letter.original for letter in letters)
    missing = expected_bad - got_bad
    extra = got_bad - expected_bad
    kind_of = {raw: kind for kind, raw in delivered}
    assert not missing, f"{sum(missing.values())} bad records not dead-lettered: " + str(
        Counter(kind_of[raw] for raw in missing)
    )
    assert not extra, f"{sum(extra.values())} dead letters too many (duplicates or valid ones dead-lettered)"
    assert all(letter.reason and letter.error for letter in letters), "a dead letter without a reason"
    if any(kind == "too_large" for kind, _ in delivered):
        big_letters = [letter for letter in letters if len(letter.original) >= big]
        assert [letter.reason for letter in big_letters] == ["too_large"]

    out_ids = Counter(article.id for article in valid_out)
    assert set(out_ids) == valid_ids, (
        f"valid articles lost: {sorted(valid_ids - set(out_ids))[:10]}; "
        f"unexpected: {sorted(set(out_ids) - valid_ids)[:10]}"
    )
    doubled = {i: n for i, n in out_ids.items() if n > 1}
    say(
        f"valid articles passed on: {len(out_ids)}/{len(valid_ids)}; repeated (at-least-once): {len(doubled)}"
    )
    assert not doubled, f"valid articles passed on twice without any crash: {list(doubled)[:5]}"

    metrics = stack.metrics()
    say(
        "metrics: validate in",
        metrics.get('strikewire_messages_in_total{stage="validate"}'),
        "out",
        metrics.get('strikewire_messages_out_total{stage="validate"}'),
    )
    assert worker.alive() and worker.process.pid == pid, f"worker restarted or died:\n{worker.tail(60)}"
    log = Path(worker.log.name).read_text(errors="replace")
    crashes = [line for line in log.splitlines() if "Restarting dead" in line or "Crashed reason" in line]
    say(f"agent crashes/restarts inside the worker: {len(crashes)}")
    assert not crashes, "an agent crashed and was restarted by Faust's supervisor:\n" + "\n".join(crashes[:5])
    assert stack.ready()[0] == 200
    assert metrics.get('strikewire_messages_out_total{stage="validate"}') == len(valid_ids)
    say("worker alive with the same pid; full sizes" if FULL else "worker alive with the same pid")
