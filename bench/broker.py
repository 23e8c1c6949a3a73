"""What the embedded broker's requests cost as a partition fills up (issue 7's soak).

    python -m bench.broker [--steps 6] [--step-records 10000] [--write docs/BENCHMARKS.md]

Starts an embedded Tansu broker, creates a one-partition topic and fills it the way the worker writes (one
record per batch, 100 bytes each), ``--step-records`` at a time. After each step it measures, as the
broker's own CPU time (``/proc/<pid>/stat``): producing 2,000 more records, 200 end-offsets requests
(``ListOffsets(latest)``: what consumer lag, ``strikewire status`` and the stall watchdog ask), and fetching
the last 1,000 records. Tansu keeps every record in memory and has no retention, so a cost that grows with
the records stored grows for as long as the broker runs. ``--write`` puts the table into that file's
``bench.broker`` section (``bench.run`` keeps it). Benchmarks report; they never fail.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench import sections
from bench.run import cpu_seconds, log, machine_line
from streams.broker import EmbeddedBroker

__all__ = ["BEGIN", "END", "main", "measure"]

BEGIN = "<!-- bench.broker:begin (written by python -m bench.broker --write) -->"
END = "<!-- bench.broker:end -->"

TOPIC = "bench.broker"


async def measure(broker: EmbeddedBroker, steps: int, step_records: int) -> list[dict[str, float]]:
    """One row per step: records stored, and the broker's CPU ms per produced record, per end-offsets
    request and per fetched record."""
    rows = []
    assert broker.pid is not None
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(TOPIC, 1, 1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, max_batch_size=1, linger_ms=0)
    consumer = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap, enable_auto_commit=False)
    await producer.start()
    await consumer.start()
    tp = TopicPartition(TOPIC, 0)
    stored = 0
    try:
        for _ in range(steps):
            for _ in range(step_records):
                await producer.send(TOPIC, b"x" * 100)
            await producer.flush()
            stored += step_records
            before = cpu_seconds(broker.pid)
            for _ in range(2000):
                await producer.send(TOPIC, b"x" * 100)
            await producer.flush()
            stored += 2000
            produced = cpu_seconds(broker.pid)
            for _ in range(200):
                await consumer.end_offsets([tp])
            listed = cpu_seconds(broker.pid)
            consumer.assign([tp])
            consumer.seek(tp, stored - 1000)
            got = 0
            while got < 1000:
                batch = await consumer.getmany(timeout_ms=1000)
                got += sum(len(records) for records in batch.values())
            fetched = cpu_seconds(broker.pid)
            rows.append(
                {
                    "stored": stored,
                    "produce_ms_per_record": round(1000 * (produced - before) / 2000, 3),
                    "end_offsets_ms_per_request": round(1000 * (listed - produced) / 200, 2),
                    "fetch_ms_per_record": round(1000 * (fetched - listed) / 1000, 3),
                }
            )
            print(rows[-1], flush=True)
    finally:
        with contextlib.suppress(Exception):
            await consumer.stop()
        with contextlib.suppress(Exception):
            await producer.stop()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.broker", description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--step-records", type=int, default=10000)
    parser.add_argument("--write", type=Path, default=None, help="put the table into this file's section")
    args = parser.parse_args(argv)
    with EmbeddedBroker() as broker:
        rows = asyncio.run(measure(broker, args.steps, args.step_records))
    print(f"{'records stored':>15s} {'produce ms/rec':>15s} {'end offsets ms':>15s} {'fetch ms/rec':>13s}")
    for r in rows:
        print(
            f"{r['stored']:15.0f} {r['produce_ms_per_record']:15.3f} {r['end_offsets_ms_per_request']:15.2f}"
            f" {r['fetch_ms_per_record']:13.3f}"
        )
    if args.write:
        table = "\n".join(
            f"| {r['stored']:,.0f} | {r['produce_ms_per_record']:.3f} | "
            f"{r['end_offsets_ms_per_request']:.1f} | {r['fetch_ms_per_record']:.3f} |"
            for r in rows
        )
        section = (
            f"{BEGIN}\n## The embedded broker as a partition fills (`bench.broker`)\n\n"
            f"- Command: `python -m bench.broker --steps {args.steps} --step-records {args.step_records} "
            f"--write {args.write}`\n- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n"
            f"- Machine: {machine_line()}\n"
            "- The broker's own CPU time (ms) per produced record, per end-offsets request (what consumer "
            "lag, `strikewire status` and the stall watchdog ask) and per fetched record, with one topic "
            "partition holding the records stored so far (one record per batch, as the worker writes). "
            "Tansu keeps every record, so what grows with them grows for as long as it runs: why the 100k "
            "soak does not finish on it.\n\n"
            "| records stored | produce ms/record | end offsets ms/request | fetch ms/record |\n"
            f"|---|---|---|---|\n{table}\n{END}"
        )
        sections.write_section(args.write, section, BEGIN, END)
        log(f"wrote the bench.broker section of {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
