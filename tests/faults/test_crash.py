"""Crash: SIGKILL the worker at random moments during a replay, restart it; the final canonical events and
alerts equal those of an uninterrupted run on a fresh broker; nothing lost, nothing doubled.

What it models: a live wire in event time. Dedup and escalation promise the same result in any arrival order
only for reports within their retention (dedup: 14 days of publication time; escalation: its dyad history)
of each other, and a live wire delivers reports within hours of their publication. The replay compresses
years of news into minutes, so the feeder publishes the articles in publication order one window of
EVENT_TIME_WINDOW (7 days) at a time, each once every stage has processed the one before (the workers
commit every COMMIT_INTERVAL so that the feeder learns it quickly); a crash replays at most the current
window. What it checks: every article and every mention the offline chain (``agents.chain``, the same
articles in the same publication order) puts in an event is in some live event of both runs, no report is
in two live events, no (id, version) is re-sent with other content, and both runs end with the same
clusters, event ids and alerts. It does not check anything about reports further apart in event time than
the retention."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest

from bench.wire import valid_articles
from schemas import Alert, Event, decode
from streams import topics
from streams.broker import free_port
from streams.client import Record, produce

from .conftest import FULL, GVA_ARTICLES, Stack, say, size

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(3600)]


def replay_articles() -> list[bytes]:
    """Reduced: generated articles. Full: the GVA dev articles (when present) plus generated ones, so
    that alerts (state-on-state dyads) are exercised too; in publication order."""
    n = size(160, 2000, "STRIKEWIRE_FAULTS_CRASH_ARTICLES")
    articles: list[dict[str, object]] = []
    if FULL and GVA_ARTICLES.exists():
        with GVA_ARTICLES.open(encoding="utf-8") as lines:
            for line in lines:
                if len(articles) >= n * 3 // 4:
                    break
                with_ok = json.loads(line)
                if isinstance(with_ok, dict) and isinstance(with_ok.get("published_at"), str):
                    articles.append(with_ok)
        say(f"replay: {len(articles)} GVA dev articles from {GVA_ARTICLES}")
    elif FULL:
        say(f"{GVA_ARTICLES} absent: the full replay uses generated articles only")
    articles += valid_articles(n - len(articles), seed=21, prefix="crash")
    # The offline chain replays this same list, so both see the articles in one publication order.
    articles.sort(key=lambda a: dt.datetime.fromisoformat(str(a["published_at"])))
    return [orjson.dumps(a) for a in articles]


@dataclass
class Final:
    """The final state subscribers see."""

    events: dict[str, Event]  # latest version per id, superseded ones excluded
    superseded: int
    alerts: dict[str, Alert]  # latest version per id, superseded ones excluded
    repeats: int  # identical (id, version) records delivered again (allowed: at-least-once)
    conflicts: list[str]  # (id, version) records delivered twice with different content (not allowed)
    trace: dict[str, set[str]] = field(default_factory=dict)  # article ids seen per topic
    positions: dict[str, str] = field(
        default_factory=dict
    )  # article id -> "raw partition@offset, valid partition@offset" on articles.raw and articles.valid

    @property
    def clusters(self) -> set[frozenset[str]]:
        return {frozenset(event.mention_ids) for event in self.events.values()}

    @property
    def alert_view(self) -> dict[str, tuple[object, ...]]:
        """Each live alert's judgement: level, every rule with its score and reason, the events cited."""
        return {
            i: (a.level, tuple((h.rule, h.score, h.reason) for h in a.rules), tuple(r.id for r in a.events))
            for i, a in self.alerts.items()
        }

    def describe(self) -> str:
        return (
            f"{len(self.events)} canonical events ({self.superseded} superseded), {len(self.alerts)} alerts, "
            f"{self.repeats} repeated records, {len(self.conflicts)} conflicting records"
        )


def final_state(records: list[Record]) -> Final:
    seen: dict[tuple[str, str, int], bytes] = {}
    repeats, conflicts = 0, []
    latest_events: dict[str, Event] = {}
    latest_alerts: dict[str, Alert] = {}
    for record in records:
        model = Event if record.topic == topics.EVENTS else Alert
        item = decode(model, record.value)
        key = (record.topic, item.id, item.version)
        if key in seen:
            repeats += 1
            before, after = _comparable(seen[key]), _comparable(record.value)
            if before != after:
                fields = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
                conflicts.append(f"{item.id} v{item.version} differs in {fields}")
            continue
        seen[key] = record.value
        table = latest_events if model is Event else latest_alerts
        if item.id not in table or table[item.id].version < item.version:
            table[item.id] = item  # type: ignore[assignment]
    live = {i: e for i, e in latest_events.items() if not e.superseded_by}
    live_alerts = {i: a for i, a in latest_alerts.items() if not a.superseded_by}
    return Final(live, len(latest_events) - len(live), live_alerts, repeats, conflicts)


def _comparable(value: bytes) -> dict[str, object]:
    """A record's content without the wall-clock fields a re-send may legitimately change."""
    data = orjson.loads(value)
    for volatile in ("created_at", "updated_at"):
        data.pop(volatile, None)
    return data


def _wait_mid_stream(stack: Stack, rng: random.Random) -> None:
    """Sleep until the worker is in the middle of the stream: a random number (1-40) of records more has
    left the dedup stage since this worker started (or a random 0.5-6 s when none comes within 60 s), so
    the kill hits a worker whose tables, changelogs and outputs are all in flight."""
    target = rng.randint(1, 40)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = stack.metrics().get('strikewire_messages_out_total{stage="dedup"}', 0.0)
        if done >= target:
            time.sleep(rng.uniform(0.0, 0.5))
            return
        time.sleep(0.1)
    time.sleep(rng.uniform(0.5, 6.0))


PACE_STEP = 8
"""Articles published at once."""
PACE_BACKLOG = 32
"""Records the pipeline's stages may have left to process (per committed offsets) before more is published."""
EVENT_TIME_WINDOW = dt.timedelta(days=7)
"""Longest span of publication time the articles in flight (published, not yet processed by every stage) may
cover. Dedup clusters reports independently of their arrival order only within its retention (14 days of
event time, ``DedupPolicy.retention_days``) of each other, escalation within its dyad history (38 days); a
live wire delivers reports within hours of each other, but the replay compresses years of news into
minutes, so without this bound the records in flight (and a crashed worker's replayed backlog) would span
months and land on the too-late paths differently in each run. Every earlier window is processed before a
window is published, so a report in flight is at most this far behind the newest report any blocking key or
dyad has seen; that must stay below the retention, and half of it leaves a margin."""
COMMIT_INTERVAL = "0.2"
"""The test workers' ``STRIKEWIRE_COMMIT_INTERVAL``: the feeder learns that a window is processed from the
group's committed offsets, which Faust's default interval (2.8 s) would delay by seconds per window."""


def published_at(raw: bytes) -> dt.datetime:
    return dt.datetime.fromisoformat(str(orjson.loads(raw)["published_at"]))


def event_time_windows(articles: list[bytes]) -> list[list[bytes]]:
    """The articles (in publication order) cut into runs of consecutive ones published within
    EVENT_TIME_WINDOW of the run's first."""
    windows: list[list[bytes]] = []
    first: dt.datetime | None = None
    for raw in articles:
        at = published_at(raw)
        if first is None or at - first > EVENT_TIME_WINDOW:
            windows.append([])
            first = at
        windows[-1].append(raw)
    return windows


def feed(stack: Stack, articles: list[bytes], report: list[str]) -> None:
    """Publish the articles as a live wire does, in event time: one window (EVENT_TIME_WINDOW of publication
    time) at a time, each only once every stage has processed the one before (the group's lag, measured on
    committed offsets, is 0), and inside a window a few at a time while the backlog stays under
    PACE_BACKLOG. The feeder keeps pacing while the worker is down: a killed worker's window waits for its
    successor."""
    sent, waited, longest = 0, 0.0, 0.0
    for window in event_time_windows(articles):
        for start in range(0, len(window), PACE_STEP):
            while (stack.lag() or 0) > PACE_BACKLOG:
                time.sleep(0.05)
            chunk = window[start : start + PACE_STEP]
            n, errors = asyncio.run(
                produce(stack.settings, topics.ARTICLES_RAW, [(None, raw) for raw in chunk])
            )
            if errors or n != len(chunk):
                report.append(f"produce failed after {sent}: {errors}")
                return
            sent += n
        since = time.monotonic()
        while stack.lag() != 0:
            time.sleep(0.05)
        waited += time.monotonic() - since
        longest = max(longest, time.monotonic() - since)
    report.append(f"sent {sent}")
    report.append(
        f"feeder: {len(event_time_windows(articles))} windows, {waited:.0f}s spent waiting for each to be "
        f"processed (longest {longest:.1f}s)"
    )


def run_pipeline(
    stack: Stack, articles: list[bytes], kills: int, rng: random.Random
) -> tuple[Final, list[str]]:
    stack.start_broker()
    stack.start_worker()
    ready = stack.wait_ready()
    notes = [f"worker ready after {ready:.1f}s"]
    started = time.monotonic()
    feeding: list[str] = []
    feeder = threading.Thread(target=feed, args=(stack, articles, feeding), daemon=True)
    feeder.start()
    for kill in range(kills):
        _wait_mid_stream(stack, rng)
        lag = stack.lag()
        seen = stack.metrics()
        out = seen.get('strikewire_messages_out_total{stage="extract"}')
        dedup = seen.get('strikewire_messages_out_total{stage="dedup"}')
        pid = stack.worker.process.pid
        stack.worker.kill()
        notes.append(
            f"kill {kill + 1}: SIGKILL pid {pid} with lag {lag}, extract had sent {out}, dedup {dedup}"
        )
        stack.worker.stop()
        stack.start_worker()
        notes.append(f"restarted as pid {stack.worker.process.pid}, ready after {stack.wait_ready(180):.1f}s")
    feeder.join()
    assert feeding[:1] == [f"sent {len(articles)}"], feeding
    notes += feeding[1:]
    drained = stack.wait_drained(timeout=size(300, 2400))
    notes.append(f"drained {time.monotonic() - started:.1f}s after producing ({drained:.1f}s wait)")
    final = final_state(stack.read([topics.EVENTS, topics.ALERTS]))
    final.trace, final.positions = trace_articles(stack)
    for worker in stack.workers:
        text = Path(worker.log.name).read_text(errors="replace")
        marks = (
            "nudge",
            "lost the group",
            "cluster",
            "dropped the ack",
            "extraction failed",
            "Traceback",
            "Revoking",
            "Discarded commit",
            "for a gap (no records there)",
        )
        notes += [f"watchdog: {line[:300]}" for line in text.splitlines() if any(m in line for m in marks)]
    return final, notes


def trace_articles(stack: Stack) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Which article ids reached each topic (to say where a lost one disappeared), and where each article is
    on articles.raw and articles.valid (to find it in the workers' logs)."""
    by_block = topics.mentions_by_block_topic(stack.settings.app_id)
    seen: dict[str, set[str]] = {
        topics.ARTICLES_RAW: set(),
        topics.ARTICLES_VALID: set(),
        topics.MENTIONS: set(),
        by_block: set(),
    }
    events: dict[str, set[str]] = defaultdict(set)
    dead: dict[str, str] = {}
    positions: dict[str, list[str]] = defaultdict(list)
    for record in stack.read([*seen, topics.EVENTS, topics.DEADLETTER]):
        try:
            data = orjson.loads(record.value)
        except orjson.JSONDecodeError:
            continue  # a raw record that is not JSON: validate dead-letters it
        if not isinstance(data, dict):
            continue
        if record.topic == topics.DEADLETTER:
            why = f"{data.get('stage')}: {data.get('reason')}: {str(data.get('error', ''))[:120]}"
            dead[str(data.get("key"))] = why
        elif record.topic == topics.EVENTS:
            for mention in data.get("mention_ids", ()):
                events[mention.split("#")[0]].add(f"{data['id']} v{data['version']}")
        else:
            article = str(data.get("article_id") or data.get("id", "")).split("#")[0]
            seen[record.topic].add(article)
            if record.topic in (topics.ARTICLES_RAW, topics.ARTICLES_VALID):
                side = "raw" if record.topic == topics.ARTICLES_RAW else "valid"
                positions[article].append(f"{side} {record.partition}@{record.offset}")
    for article, why in sorted(dead.items())[:3]:
        say(f"dead letter {article}: {why}")
    reached = seen | {"events.enriched (any version)": set(events), "articles.deadletter": set(dead)}
    return reached, {article: ", ".join(where) for article, where in positions.items()}


def test_sigkill_during_replay_changes_nothing() -> None:
    articles = replay_articles()
    kills = size(2, 5, "STRIKEWIRE_FAULTS_CRASH_KILLS")
    seed = int(time.time())
    rng = random.Random(seed)
    say(f"replaying {len(articles)} articles; {kills} SIGKILLs at random moments (seed {seed})")

    # The two runs go side by side (separate brokers and ports): most of their time is spent waiting for
    # group joins and restarts, so this keeps the reduced tier short.
    results: dict[str, tuple[Final, list[str]]] = {}
    failures: list[BaseException] = []

    def run(name: str, n_kills: int) -> None:
        stack = Stack(
            port=free_port(), web_port=free_port(), extra_env={"STRIKEWIRE_COMMIT_INTERVAL": COMMIT_INTERVAL}
        )
        try:
            results[name] = run_pipeline(stack, articles, n_kills, rng)
        except BaseException as exc:  # re-raised in the test's thread
            failures.append(exc)
        finally:
            stack.close()

    threads = [threading.Thread(target=run, args=item) for item in (("uninterrupted", 0), ("killed", kills))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    for name, (final, notes) in results.items():
        for note in notes:
            say(f"{name}: {note}")
        say(f"{name}: {final.describe()}")
    reference, killed = results["uninterrupted"][0], results["killed"][0]

    # Nothing lost: every article that yields mentions offline is in some canonical event.
    from agents.chain import Chain

    chain = Chain.create()
    offline = Final({}, 0, {}, 0, [])
    offline_events: dict[str, Event] = {}
    for output in chain.feed_raw(articles):
        if isinstance(output, Event) and (
            output.id not in offline_events or offline_events[output.id].version < output.version
        ):
            offline_events[output.id] = output
    offline.events = {i: e for i, e in offline_events.items() if not getattr(e, "superseded_by", None)}
    expected_mentions = {m for e in offline_events.values() for m in e.mention_ids}
    expected_articles = {m.split("#")[0] for m in expected_mentions}

    problems: list[str] = []
    for name, final in (("uninterrupted", reference), ("killed", killed)):
        covered_mentions = {m for e in final.events.values() for m in e.mention_ids}
        covered = {m.split("#")[0] for m in covered_mentions}
        lost = expected_articles - covered
        if lost:
            where = {topic: len(lost & ids) for topic, ids in final.trace.items()}
            problems.append(
                f"{name}: {len(lost)} articles with mentions offline are in no event (where they are on "
                f"the input topics): {[(i, final.positions.get(i)) for i in sorted(lost)[:5]]}; "
                f"how many of them reached each topic: {where}"
            )
        # A mention lost between extract and dedup leaves its article covered by its other mentions.
        lost_mentions = {m for m in expected_mentions - covered_mentions if m.split("#")[0] not in lost}
        if lost_mentions:
            problems.append(
                f"{name}: {len(lost_mentions)} mentions are in no event although their articles are: "
                f"{[(m, final.positions.get(m.split('#')[0])) for m in sorted(lost_mentions)[:5]]}"
            )
        owners: dict[str, list[str]] = defaultdict(list)
        for event in final.events.values():
            for mention in event.mention_ids:
                owners[mention].append(event.id)
        doubled = {m: ids for m, ids in owners.items() if len(ids) > 1}
        if doubled:
            problems.append(
                f"{name}: {len(doubled)} mentions in two live events, e.g. {next(iter(doubled.items()))}"
            )
        if final.conflicts:
            problems.append(f"{name}: (id, version) re-sent with different content: {final.conflicts[:5]}")
    say(f"offline chain: {len(offline.events)} canonical events covering {len(expected_articles)} articles")

    same_clusters = killed.clusters == reference.clusters
    same_ids = {i: e.mention_ids for i, e in killed.events.items()} == {
        i: e.mention_ids for i, e in reference.events.items()
    }
    same_alerts = killed.alert_view == reference.alert_view
    say(f"clusterings equal: {same_clusters}; event ids equal: {same_ids}; alerts equal: {same_alerts}")
    say(f"offline clustering equals the uninterrupted run's: {offline.clusters == reference.clusters}")
    if not same_clusters:
        only_ref = reference.clusters - killed.clusters
        only_killed = killed.clusters - reference.clusters
        problems.append(
            f"clusterings differ: {len(only_ref)} clusters only uninterrupted, "
            f"{len(only_killed)} only killed; "
            f"e.g. {sorted(map(sorted, only_ref))[:2]} vs {sorted(map(sorted, only_killed))[:2]}"
        )
    elif not same_ids:
        by_cluster = {frozenset(e.mention_ids): i for i, e in reference.events.items()}
        renamed = [
            (by_cluster[frozenset(e.mention_ids)], i)
            for i, e in killed.events.items()
            if by_cluster.get(frozenset(e.mention_ids)) != i
        ]
        problems.append(f"{len(renamed)} events have other ids than in the uninterrupted run: {renamed[:3]}")
    if not same_alerts:
        ref, got = reference.alert_view, killed.alert_view
        differ = sorted(i for i in ref.keys() | got.keys() if ref.get(i) != got.get(i))
        problems.append(f"alerts differ: {differ[:4]}")
        for i in differ[:4]:
            for name, run in (("uninterrupted", reference), ("killed", killed)):
                a = run.alerts.get(i)
                shown = "none live" if a is None else f"v{a.version} {run.alert_view[i]}"
                problems.append(f"  {i} {name}: {shown}")
    for line in problems:
        say("PROBLEM:", line)
    assert not problems, "\n".join(problems)
