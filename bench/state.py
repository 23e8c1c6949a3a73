"""State size and peak memory after a long replay (issues 4 and 7): is the stateful part bounded?

    python -m bench.state [--repeat 34] [--gap-days 60] [--articles PATH] [--mentions PATH]
                          [--write docs/BENCHMARKS.md]

Extraction is stateless, so the GVA dev articles are validated and extracted once (in a child process, so
that the spaCy model does not count in the replay's memory; ``--mentions`` keeps the extracted mentions in
a JSON-lines file and reuses it). Their mentions are then replayed ``--repeat`` times through the same pure
functions and keying the agents use (``agents.dedup.step_tables``: ``blocking_key`` + ``step`` into dicts
standing in for the dedup table and the dedup archive table, every emitted event version through
``pair_key`` + ``agents.escalate.step`` into a dict standing in for the dyad table), with the default
policies (dedup retention 14 days of event time, archive 365 days). Repetition ``r`` gets ids suffixed
``@r`` and its publication and event dates shifted by ``r`` times the corpus span plus ``--gap-days``, so
each repetition starts after the previous one's archive has expired (the same names come back).

Samples (every ``--sample-every`` articles and at the end of each repetition): table keys, held events
(open and recently closed), held mentions, retired ids, dyad records, the bytes of every state as the
table codec writes them (``schemas.codec.encode``), and the process's resident memory (VmRSS) and its
peak (VmHWM).
With ``--write`` the Markdown section between the ``bench.state`` markers of that file is replaced (or
appended); nothing else in the file is touched. Without the articles file it skips with a message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GVA = ROOT.parent / "shared" / "eval" / "gva-dev-articles.jsonl"
BEGIN = "<!-- bench.state:begin (written by python -m bench.state) -->"
END = "<!-- bench.state:end -->"

from agents.dedup import DedupPolicy, DedupState, OpenEvent, step_tables  # noqa: E402
from agents.escalate import DyadState, EscalationRules, load_rules, pair_key  # noqa: E402
from agents.escalate import step as escalate_step  # noqa: E402
from bench import sections  # noqa: E402
from schemas import Mention  # noqa: E402
from schemas.codec import encode  # noqa: E402

__all__ = ["Sample", "extract", "keep_section", "main", "replay", "shifted", "write_section"]


def log(*parts: object) -> None:
    print("[bench.state]", *parts, file=sys.stderr, flush=True)


def memory_kb() -> tuple[int, int]:
    """(VmRSS, VmHWM) of this process in KiB; (0, 0) where /proc is absent."""
    rss = hwm = 0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


# -- extraction (once, in a child process) -------------------------------------------------------------


def _extract_to(articles: Path, out: Path) -> None:
    from agents.extract import ExtractionPolicy, Extractor
    from agents.validate import validate_article
    from schemas.errors import RejectedInput
    from streams.settings import Settings

    valid = []
    for raw in articles.read_bytes().splitlines():
        if raw.strip():
            try:
                valid.append(validate_article(raw))
            except RejectedInput:
                continue
    valid.sort(key=lambda a: a.published_at)  # stable: as the evaluation replays them
    extractor = Extractor(ExtractionPolicy(model=Settings().model))
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for i in range(0, len(valid), 32):
            chunk = valid[i : i + 32]
            for mentions in extractor.extract_batch(chunk):
                fh.write(json.dumps([m.model_dump(mode="json") for m in mentions]) + "\n")
            if (i // 32) % 20 == 0:
                log(f"  extracted {i + len(chunk)}/{len(valid)} ({time.perf_counter() - t0:.0f}s)")


def extract(articles: Path, cache: Path | None) -> list[list[Mention]]:
    """Mentions of each valid article in publication order; extracted in a child process unless ``cache``
    already holds them (and written there when it does not)."""
    if cache is None or not cache.exists():
        target = cache or Path(tempfile.mkstemp(suffix=".jsonl", prefix="strikewire-mentions-")[1])
        child = multiprocessing.get_context("spawn").Process(target=_extract_to, args=(articles, target))
        child.start()
        child.join()
        if child.exitcode != 0:
            raise RuntimeError(f"extraction failed (exit code {child.exitcode})")
        cache = target
    out = []
    with cache.open(encoding="utf-8") as lines:
        for line in lines:
            out.append([Mention.model_validate(m) for m in json.loads(line)])
    return out


# -- replay ----------------------------------------------------------------------------------------------


def shifted(mention: Mention, rep: int, shift: dt.timedelta) -> Mention:
    """Repetition ``rep`` of a mention: unique ids, publication and event dates moved by ``shift``."""
    if rep == 0:
        return mention
    return mention.model_copy(
        update={
            "id": f"{mention.id}@{rep}",
            "article_id": f"{mention.article_id}@{rep}",
            "published_at": mention.published_at + shift,
            "date": mention.date + shift,
        }
    )


@dataclass(frozen=True)
class Sample:
    """The tables after ``articles`` articles (of repetition ``rep``)."""

    rep: int
    articles: int
    mentions: int
    dedup_keys: int
    open_events: int
    held_mentions: int
    retired_ids: int
    dedup_bytes: int
    archived_events: int
    archive_bytes: int
    dyad_keys: int
    dyad_records: int
    dyad_bytes: int
    rss_kb: int
    peak_rss_kb: int
    seconds: float


def _sample(
    rep: int,
    articles: int,
    mentions: int,
    blocks: dict[str, DedupState],
    archive: dict[str, OpenEvent],
    dyads: dict[str, DyadState],
    t0: float,
) -> Sample:
    rss, hwm = memory_kb()
    return Sample(
        rep=rep,
        articles=articles,
        mentions=mentions,
        dedup_keys=len(blocks),
        open_events=sum(len(s.events) for s in blocks.values()),
        held_mentions=sum(len(oe.mentions) for s in blocks.values() for oe in s.events),
        retired_ids=sum(len(s.retired) for s in blocks.values()),
        dedup_bytes=sum(len(encode(s)) for s in blocks.values()),
        archived_events=len(archive),
        archive_bytes=sum(len(encode(oe)) for oe in archive.values()),
        dyad_keys=len(dyads),
        dyad_records=sum(len(s.history) for s in dyads.values()),
        dyad_bytes=sum(len(encode(s)) for s in dyads.values()),
        rss_kb=rss,
        peak_rss_kb=hwm,
        seconds=round(time.perf_counter() - t0, 1),
    )


def replay(
    corpus: Sequence[Sequence[Mention]],
    repeat: int,
    gap: dt.timedelta,
    *,
    sample_every: int = 1000,
    policy: DedupPolicy | None = None,
    rules: EscalationRules | None = None,
    totals: dict[str, int] | None = None,
) -> Iterator[Sample]:
    """Replay ``corpus`` (mentions per article, in publication order) ``repeat`` times, shifted; yield a
    sample every ``sample_every`` articles of a repetition (the same points of the corpus in every
    repetition, so repetitions compare like for like) and at the end of each repetition. ``totals`` (if given)
    receives the counts of emitted event versions and alert versions."""
    policy = policy or DedupPolicy()
    rules = rules or load_rules()
    stamps = [m.published_at for ms in corpus for m in ms]
    span = (max(stamps) - min(stamps)) if stamps else dt.timedelta(0)
    period = span + gap
    blocks: dict[str, DedupState] = {}
    archive: dict[str, OpenEvent] = {}
    dyads: dict[str, DyadState] = {}
    counts = totals if totals is not None else {}
    counts.setdefault("events", 0)
    counts.setdefault("alerts", 0)
    articles = mentions = 0
    t0 = time.perf_counter()
    for rep in range(repeat):
        shift = period * rep
        for position, ms in enumerate(corpus, 1):
            for m in ms:
                mention = shifted(m, rep, shift)
                events = step_tables(blocks, archive, mention, policy)
                mentions += 1
                for event in events:
                    counts["events"] += 1
                    pair = pair_key(event)
                    if pair is None:
                        continue
                    dyad, alerts = escalate_step(dyads.get(pair), event, rules)
                    _put(dyads, pair, dyad)
                    counts["alerts"] += len(alerts)
            articles += 1
            if sample_every and position % sample_every == 0 and position < len(corpus):
                yield _sample(rep, articles, mentions, blocks, archive, dyads, t0)
        yield _sample(rep, articles, mentions, blocks, archive, dyads, t0)


def _put(table: dict, key: str, state: object) -> None:
    if state is None:
        table.pop(key, None)
    else:
        table[key] = state


# -- report ----------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 2**20:.1f} GiB"
    except OSError:
        ram = "unknown"
    return f"{os.cpu_count()} CPUs (`nproc`), {cpu}, {ram} RAM, Python {platform.python_version()}"


def report(
    samples: list[Sample],
    command: str,
    corpus_articles: int,
    base_rss_kb: int,
    totals: dict[str, int],
    started: float,
    sample_every: int,
) -> str:
    ends = [s for i, s in enumerate(samples) if i + 1 == len(samples) or samples[i + 1].rep != s.rep]
    big = max(samples, key=lambda s: s.dedup_bytes + s.dyad_bytes)
    last = samples[-1]

    def peak(rep: int) -> Sample:
        return max((s for s in samples if s.rep == rep), key=lambda s: s.dedup_bytes + s.dyad_bytes)

    first_peak, last_peak = peak(min(1, last.rep)), peak(last.rep)

    shown = ends if len(ends) <= 12 else [ends[i] for i in sorted({*range(0, len(ends), 4), len(ends) - 1})]
    lines = [
        BEGIN,
        "## State size and peak memory over a long replay",
        "",
        "Written by `python -m bench.state` (`make bench-state`); method in its module docstring.",
        "",
        f"- Command: `{command}`",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; "
        f"run took {(time.time() - started) / 60:.1f} min",
        f"- Machine: {machine()}; load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- Replayed {last.articles:,} articles ({last.mentions:,} mentions): the {corpus_articles:,} "
        f"extracted articles x {last.rep + 1}, each round shifted past the previous one; "
        f"{totals.get('events', 0):,} event versions and {totals.get('alerts', 0):,} alert versions emitted. "
        "Dedup retention 14 days of event time, archive 365 days (default policy).",
        f"- **State at the end**: {last.dedup_keys} dedup keys holding {last.open_events} held events "
        f"({last.held_mentions} mentions, {last.retired_ids} retired ids), "
        f"{last.dedup_bytes / 1024:.0f} KiB; the archive {last.archived_events} events, "
        f"{last.archive_bytes / 1024:.0f} KiB; "
        f"{last.dyad_keys} dyad keys, {last.dyad_records} records, {last.dyad_bytes / 1024:.0f} KiB.",
        f"- **Largest state seen** (sampled every {sample_every:,} articles of a round and at its end): "
        f"{big.open_events} held events, "
        f"{(big.dedup_bytes + big.dyad_bytes) / 1024:.0f} KiB (round {big.rep + 1}); "
        f"the largest of round {first_peak.rep + 1} {first_peak.open_events} held events, "
        f"{(first_peak.dedup_bytes + first_peak.dyad_bytes) / 1024:.0f} KiB, of the last round "
        f"{last_peak.open_events} held events, "
        f"{(last_peak.dedup_bytes + last_peak.dyad_bytes) / 1024:.0f} KiB "
        "(samples at the same points of the corpus in every round; from round 2 on the idle keys still "
        "hold their last events of the round before, see below).",
        f"- **Peak RSS** of the replay process: {last.peak_rss_kb / 1024:.0f} MB "
        f"(VmHWM; {base_rss_kb / 1024:.0f} MB after loading the mentions, before the replay; "
        f"RSS at the end {last.rss_kb / 1024:.0f} MB). "
        "The spaCy extraction ran in a child process and is not included.",
        "",
        "End of each round (a selection when there are many):",
        "",
        "| round | articles so far | dedup keys | held events (open and recently closed) | held mentions "
        "| retired ids | dedup KiB | archived events | archive KiB "
        "| dyad keys | dyad records | dyad KiB | RSS MB | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in shown:
        lines.append(
            f"| {s.rep + 1} | {s.articles:,} | {s.dedup_keys} | {s.open_events} | {s.held_mentions} "
            f"| {s.retired_ids} | {s.dedup_bytes / 1024:.0f} | {s.archived_events} "
            f"| {s.archive_bytes / 1024:.0f} | {s.dyad_keys} | {s.dyad_records} "
            f"| {s.dyad_bytes / 1024:.0f} | {s.rss_kb / 1024:.0f} | {s.peak_rss_kb / 1024:.0f} |"
        )
    lines += [
        "",
        "Expiry is per key and in event time: a key's state drops what is older than its own newest report "
        "minus the retention, so a key that hears nothing new keeps its last two weeks until it does. The "
        "number of keys is bounded by the country sets that occur, so the total stays bounded; the end "
        "state above is mostly such idle keys. The archive holds each expired event once, by id, for 365 "
        "days after its last report and one retention more; a key's state keeps only the archived events' "
        "ids, last activity, names and days (the names are the largest part of its KiB). Every update "
        "writes the key's whole "
        "state to the changelog, an archived event is written once.",
        "",
        "<details><summary>The end of every round and the largest sample (JSON lines)</summary>",
        "",
        "```json",
        *(json.dumps(asdict(s)) for s in [*ends, big]),
        "```",
        "",
        "</details>",
        END,
    ]
    return "\n".join(lines)


def keep_section(path: Path, text: str) -> str:
    """``text`` with this benchmark's section of ``path`` (if any) carried over: ``bench.run`` rewrites the
    file it writes, and must not drop the section ``bench.state`` wrote."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    return sections.carry_section(old, text, BEGIN, END)


def write_section(path: Path, section: str) -> None:
    """Replace the marked section of ``path`` (or append it); the rest of the file is left as it is."""
    sections.write_section(path, section, BEGIN, END)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=34,
        help="rounds of the corpus (34 x 2,981 valid GVA dev articles > 100,000)",
    )
    parser.add_argument(
        "--gap-days",
        type=int,
        default=400,
        help="days from the end of a round to the next (past the archive)",
    )
    parser.add_argument("--articles", type=Path, default=GVA, help="GVA-format articles (JSON lines)")
    parser.add_argument("--mentions", type=Path, default=None, help="cache of the extracted mentions")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of the corpus")
    parser.add_argument("--sample-every", type=int, default=250, help="articles of a round between samples")
    parser.add_argument("--write", type=Path, default=None, help="write the section into this Markdown file")
    args = parser.parse_args(argv)
    if not args.articles.exists():
        log(f"{args.articles} absent: skipping (the state benchmark replays the GVA dev articles)")
        return 0
    started = time.time()
    command = "python -m bench.state " + " ".join(argv if argv is not None else sys.argv[1:])
    corpus = extract(args.articles, args.mentions)[: args.limit]
    base_rss, _ = memory_kb()
    log(f"{len(corpus)} articles, {sum(map(len, corpus))} mentions; replaying x{args.repeat}")
    totals: dict[str, int] = {}
    samples = []
    for s in replay(corpus, args.repeat, dt.timedelta(days=args.gap_days), sample_every=args.sample_every,
                    totals=totals):  # fmt: skip
        samples.append(s)
        log(
            f"  round {s.rep + 1} article {s.articles}: {s.open_events} held events, "
            f"{(s.dedup_bytes + s.dyad_bytes) / 1024:.0f} KiB state, "
            f"RSS {s.rss_kb / 1024:.0f} MB ({s.seconds}s)"
        )
    text = report(samples, command, len(corpus), base_rss, totals, started, args.sample_every)
    if args.write:
        write_section(args.write, text)
        log(f"wrote the section into {args.write}")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
