"""bench.state: the dedup and dyad tables stay bounded under event-time expiry (synthetic mentions)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from agents.dedup import DedupPolicy
from bench.state import BEGIN, END, keep_section, main, replay, shifted, write_section
from schemas.models import Mention
from tests.unit.factories import JAISH, VILLAGERS, at, mention

GAP = dt.timedelta(days=400)  # past the dedup archive


def corpus() -> list[list[Mention]]:
    """Ten days of reports: shootings in three US cities and an Iran-Pakistan exchange, 2-3 outlets each."""
    out: list[list[Mention]] = []
    for day in range(10):
        for city in ("Tulsa", "Chicago", "Houston"):
            for outlet in range(2 + day % 2):
                out.append(
                    [
                        mention(
                            f"{city.lower()}-{day}-{outlet}",
                            sub="Attack",
                            actor=None,
                            target=None,
                            place=city,
                            published=at(day, outlet),
                            killed=1 + day % 3,
                            text=f"A gunman shot {day + 1} people in {city} on day {day}, police said.",
                        )
                    ]
                )
        strike = [mention(f"strike-{day}-{n}", target=JAISH if n else VILLAGERS, published=at(day, 5 + n))
                  for n in range(2)]  # fmt: skip
        out.append(strike)
    return sorted(out, key=lambda ms: (ms[0].published_at, ms[0].id))


def ends(samples):
    return [s for i, s in enumerate(samples) if i + 1 == len(samples) or samples[i + 1].rep != s.rep]


def test_bench_state_tables_stay_bounded_over_repetitions():
    totals: dict[str, int] = {}
    samples = list(replay(corpus(), 6, GAP, sample_every=25, totals=totals))
    rounds = ends(samples)
    assert len(rounds) == 6 and totals["events"] > 0 and totals["alerts"] > 0
    first = rounds[0]
    assert first.open_events > 0 and first.dyad_records > 0
    for r in rounds[1:]:  # every round ends with the same tables as the first (ids a little longer)
        assert (r.dedup_keys, r.open_events, r.held_mentions, r.dyad_keys, r.dyad_records) == (
            first.dedup_keys,
            first.open_events,
            first.held_mentions,
            first.dyad_keys,
            first.dyad_records,
        )
        assert r.dedup_bytes <= first.dedup_bytes * 1.1 and r.dyad_bytes <= first.dyad_bytes * 1.1
    peak = max(s.open_events for s in samples)
    assert all(s.open_events <= peak for s in samples[len(samples) // 2 :])


def test_bench_state_the_archive_stays_bounded_over_repetitions():
    """A day of retention, three of archive: events expire into the archive within a round, and leave it."""
    short = dataclasses.replace(DedupPolicy(), retention_days=1, archive_days=3)
    cities = ("Tulsa", "Chicago", "Houston")
    shootings = [
        [mention(f"s{day}", sub="Attack", actor=None, target=None, place=cities[day % 3], published=at(day))]
        for day in range(12)
    ]
    rounds = ends(list(replay(shootings, 4, GAP, sample_every=0, policy=short)))
    assert rounds[0].archived_events > 0 and rounds[0].archive_bytes > 0
    assert {r.archived_events for r in rounds} == {rounds[0].archived_events}
    assert all(r.archive_bytes <= rounds[0].archive_bytes * 1.1 for r in rounds)


def test_bench_state_without_expiry_the_tables_grow():
    """The control: a retention longer than the whole replay keeps every round's events."""
    forever = dataclasses.replace(DedupPolicy(), retention_days=100_000)
    rounds = ends(list(replay(corpus(), 3, GAP, sample_every=0, policy=forever)))
    assert rounds[0].open_events < rounds[1].open_events < rounds[2].open_events


def test_bench_state_shift_makes_unique_later_copies():
    m = mention("a", published=at(0))
    later = shifted(m, 2, dt.timedelta(days=100))
    assert later.id == "a#1@2" and later.article_id == "a@2"
    assert later.published_at == m.published_at + dt.timedelta(days=100)
    assert later.date == m.date + dt.timedelta(days=100)
    assert shifted(m, 0, dt.timedelta(days=100)) == m


def test_bench_state_writes_only_its_own_section(tmp_path):
    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text("# Benchmarks\n\nother figures\n", encoding="utf-8")
    write_section(doc, f"{BEGIN}\nfirst\n{END}")
    write_section(doc, f"{BEGIN}\nsecond\n{END}")
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nother figures\n")
    assert "second" in text and "first" not in text and text.count(BEGIN) == 1
    rewritten = keep_section(doc, "# Benchmarks\n\nnew figures\n")  # what bench.run writes
    assert rewritten.startswith("# Benchmarks\n\nnew figures\n") and "second" in rewritten
    assert keep_section(tmp_path / "none.md", "x\n") == "x\n"


def test_bench_state_skips_without_the_corpus(tmp_path, capsys):
    assert main(["--articles", str(tmp_path / "absent.jsonl")]) == 0
    assert "skipping" in capsys.readouterr().err
