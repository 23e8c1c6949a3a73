"""Bytes per topic: what one article costs the broker, stage by stage (issue 7).

    python -m bench.topics [--articles 1500] [--corpus generated|gva] [--write docs/BENCHMARKS.md]

Starts the embedded broker and one worker (``bench.run.Rig``), sends ``--articles`` articles (the fault
suite's generated wire articles, ``bench.wire.valid_articles``, spanning about ``articles * 7 / 3`` hours of
event time; or the first GVA dev articles), waits until the pipeline has drained, then reads every topic
back and prints, per topic, the records, megabytes and kilobytes per article (keys and values), and the
broker's resident memory. The embedded broker keeps every record in memory, so these bytes are what a long
run costs it; real Kafka deletes old records and compacts the changelogs. ``--write`` puts the table into
that file's ``bench.topics`` section (``bench.run`` keeps it). Benchmarks report; they never fail.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path

import orjson

from bench import sections
from bench.run import Rig, load_gva, log, machine_line, rss_bytes
from bench.wire import valid_articles
from streams import topics
from streams.client import follow, produce

__all__ = ["BEGIN", "END", "main", "measure"]

BEGIN = "<!-- bench.topics:begin (written by python -m bench.topics --write) -->"
END = "<!-- bench.topics:end -->"


def measure(articles: list[dict[str, object]]) -> dict[str, object]:
    """Send ``articles`` through one worker and tally every topic once the pipeline has drained."""
    with Rig(workers=1) as rig:
        started = time.monotonic()
        payload = [(None, orjson.dumps(a)) for a in articles]
        asyncio.run(produce(rig.settings, topics.ARTICLES_RAW, payload))
        rig.wait_drained()
        took = time.monotonic() - started
        names = [spec.name for spec in topics.all_topics(rig.settings.app_id)]

        async def tally() -> tuple[Counter[str], Counter[str]]:
            size: Counter[str] = Counter()
            count: Counter[str] = Counter()
            async for record in follow(rig.settings, names, idle_timeout=3.0):
                size[record.topic] += len(record.value or b"") + len(record.key or b"")
                count[record.topic] += 1
            return size, count

        size, count = asyncio.run(tally())
        broker_pid = rig.broker.pid if rig.broker else None
        broker_rss = rss_bytes(broker_pid) if broker_pid else 0
    return {
        "articles": len(articles),
        "seconds": round(took, 1),
        "broker_rss_mb": round(broker_rss / 2**20, 1),
        "topics": {
            name: {"records": count[name], "bytes": size[name]}
            for name in sorted(size, key=lambda n: size[n], reverse=True)
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.topics", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--corpus", choices=("generated", "gva"), default="generated")
    parser.add_argument("--write", type=Path, default=None, help="put the table into this file's section")
    args = parser.parse_args(argv)
    if args.corpus == "gva":
        articles = load_gva(args.articles)
        if articles is None:
            return 0
    else:
        articles = valid_articles(args.articles, seed=1, start=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    log(f"bench.topics: {len(articles)} {args.corpus} articles through one worker")
    result = measure(articles)
    n = len(articles)
    total = sum(t["bytes"] for t in result["topics"].values())  # type: ignore[union-attr]
    print(f"{'topic':48s} {'records':>8s} {'MB':>9s} {'KB/article':>11s}")
    for name, t in result["topics"].items():  # type: ignore[union-attr]
        print(f"{name:48s} {t['records']:8d} {t['bytes'] / 1e6:9.2f} {t['bytes'] / n / 1e3:11.1f}")
    print(f"{'all topics':48s} {'':8s} {total / 1e6:9.2f} {total / n / 1e3:11.1f}")
    print(f"broker RSS {result['broker_rss_mb']} MB after {result['seconds']} s")
    print(json.dumps(result))
    if args.write:
        rows = "\n".join(
            f"| `{name}` | {t['records']:,} | {t['bytes'] / 1e6:.2f} | {t['bytes'] / n / 1e3:.1f} |"
            for name, t in result["topics"].items()  # type: ignore[union-attr]
        )
        section = (
            f"{BEGIN}\n## Bytes per topic (`bench.topics`)\n\n"
            f"- Command: `python -m bench.topics --articles {args.articles} --corpus {args.corpus} "
            f"--write {args.write}`\n"
            f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n- Machine: {machine_line()}\n"
            f"- {n:,} articles through one worker on the embedded broker, every topic read back after the "
            f"pipeline drained (keys and values). Broker RSS at the end {result['broker_rss_mb']} MB. Table "
            "changelogs are zlib-compressed (`streams.codecs.StateCodec`): every update of a key writes "
            "its whole state.\n\n| topic | records | MB | KB per article |\n|---|---|---|---|\n"
            f"{rows}\n| all topics | | {total / 1e6:.2f} | {total / n / 1e3:.1f} |\n{END}"
        )
        sections.write_section(args.write, section, BEGIN, END)
        log(f"wrote the bench.topics section of {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
