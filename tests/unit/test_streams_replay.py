"""strikewire replay: the whole chain offline, in publication order, as deterministic JSON lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from agents.validate import ValidationPolicy
from schemas import Alert, Article, DeadLetter, Event, decode
from streams.replay import EPOCH, ReplayItem, ReplaySummary, collect, envelope, replay, replay_command

DEMO = Path(__file__).resolve().parents[2] / "demo"
DEMO_ARTICLES = DEMO / "articles.jsonl"


BODY = "Officials said the talks would resume next week in the capital after a short pause."


def article_line(article_id: str, published: str, body: str = BODY) -> bytes:
    return orjson.dumps(
        {"id": article_id, "source": "example.org", "title": "Talks", "body": body, "published_at": published}
    )


def write_lines(path: Path, lines: Iterable[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@dataclass
class FakeChain:
    """Stands in for agents.chain.Chain: records the articles it is fed, emits nothing."""

    validation: ValidationPolicy = field(default_factory=ValidationPolicy)
    fed: list[Article] = field(default_factory=list)

    def feed_articles(self, articles: Iterable[Article]) -> Iterator[Event | Alert | DeadLetter]:
        self.fed.extend(articles)
        return iter(())


def letters_of(items: list[ReplayItem]) -> list[DeadLetter]:
    records = [item.record for item in items]
    assert all(isinstance(r, DeadLetter) for r in records)
    return records  # type: ignore[return-value]


def origins_of(items: list[ReplayItem]) -> list[tuple[str, int]]:
    origins = [item.origin for item in items]
    return [(o.file, o.line) for o in origins if o is not None]


# ------------------------------------------------------------------------------------ without the model


def test_replay_orders_articles_by_publication_across_files(tmp_path):
    a = write_lines(
        tmp_path / "a.jsonl",
        [article_line("a1", "2026-01-13T10:00:00+00:00"), article_line("a2", "2026-01-15T10:00:00+00:00")],
    )
    b = write_lines(
        tmp_path / "b.jsonl",
        [article_line("b1", "2026-01-14T10:00:00+00:00"), article_line("b2", "2026-01-13T09:00:00Z")],
    )
    articles, dead = collect([str(a), str(b)])
    assert [x.id for x in articles] == ["b2", "a1", "b1", "a2"]
    assert dead == []


def test_replay_ties_keep_file_then_line_order(tmp_path):
    same = "2026-01-13T10:00:00+00:00"
    a = write_lines(tmp_path / "a.jsonl", [article_line("a1", same), article_line("a2", same)])
    b = write_lines(tmp_path / "b.jsonl", [article_line("b1", "2026-01-13T12:00:00+02:00")])  # same instant
    articles, _ = collect([str(b), str(a)])
    assert [x.id for x in articles] == ["b1", "a1", "a2"]


def split_demo(tmp_path: Path) -> tuple[Path, Path]:
    """The demo stream cut in two halves at a change of publication time (so no tie spans the cut)."""
    lines = DEMO_ARTICLES.read_bytes().splitlines()

    def published(line: bytes) -> str | None:
        try:
            return orjson.loads(line).get("published_at")
        except orjson.JSONDecodeError:
            return None

    cut = next(
        i
        for i in range(len(lines) // 2, len(lines))
        if published(lines[i]) and published(lines[i]) != published(lines[i - 1])
    )
    return (
        write_lines(tmp_path / "first.jsonl", lines[:cut]),
        write_lines(tmp_path / "second.jsonl", lines[cut:]),
    )


def test_replay_split_demo_files_replay_in_the_same_order(tmp_path):
    first, second = split_demo(tmp_path)
    whole, whole_dead = collect([str(DEMO_ARTICLES)])
    split, split_dead = collect([str(second), str(first)])
    assert [x.id for x in split] == [x.id for x in whole]
    assert len(whole) == 49
    reasons = sorted(d.reason for d in letters_of(whole_dead))
    assert sorted(d.reason for d in letters_of(split_dead)) == reasons
    assert {file for file, _ in origins_of(split_dead)} <= {str(first), str(second)}


def test_replay_dead_letters_have_origin_and_a_failed_at_from_the_input(tmp_path):
    path = write_lines(
        tmp_path / "mixed.jsonl",
        [
            b'{"id": "broken", ',
            article_line("ok1", "2026-01-13T10:00:00+00:00"),
            b'{"id": "no-body", "source": "x", "published_at": "2026-01-13T11:00:00+00:00"}',
            b"",
            article_line("ok2", "2026-01-14T10:00:00+00:00"),
            b"not json at all",
        ],
    )
    articles, dead = collect([str(path)])
    assert [x.id for x in articles] == ["ok1", "ok2"]
    assert origins_of(dead) == [(str(path), 1), (str(path), 3), (str(path), 6)]
    letters = letters_of(dead)
    assert [x.reason for x in letters] == ["malformed_json", "schema_violation", "malformed_json"]
    assert [x.failed_at for x in letters] == [
        EPOCH,
        dt.datetime(2026, 1, 13, 10, tzinfo=dt.UTC),
        dt.datetime(2026, 1, 14, 10, tzinfo=dt.UTC),
    ]
    assert letters[1].key == "no-body"
    assert letters[1].topic == "articles.raw"
    assert letters[0].original == b'{"id": "broken", '
    assert [x.offset for x in letters] == [0, 2, 4]


def test_replay_plain_text_takes_published_at_and_source(tmp_path):
    path = tmp_path / "crisis.txt"
    path.write_text(
        "Pakistan strikes inside Iran\n\nPakistan's air force struck militant hideouts in Iran's "
        "Sistan-Baluchestan province on Thursday, officials said."
    )
    when = dt.datetime(2026, 1, 18, 6, tzinfo=dt.UTC)
    articles, dead = collect([str(path)], published_at=when, source="wire")
    assert dead == []
    [article] = articles
    assert (article.published_at, article.source) == (when, "wire")
    assert article.title == "Pakistan strikes inside Iran"
    summary = ReplaySummary()
    collect([str(path)], summary=summary)
    assert any("mtime" in note for note in summary.notes)


def test_replay_dead_letters_come_first_and_chain_gets_sorted_articles(tmp_path):
    path = write_lines(
        tmp_path / "x.jsonl",
        [
            article_line("late", "2026-01-15T10:00:00+00:00"),
            b"{",
            article_line("early", "2026-01-14T10:00:00+00:00"),
        ],
    )
    chain = FakeChain()
    items = list(replay([str(path)], chain))  # type: ignore[arg-type]
    assert [i.kind for i in items] == ["deadletter"]
    assert [a.id for a in chain.fed] == ["early", "late"]


def test_replay_envelope_is_type_record_and_wire_bytes(tmp_path):
    path = write_lines(tmp_path / "x.jsonl", [b"{"])
    _, [item] = collect([str(path)])
    line = envelope(item)
    data = orjson.loads(line)
    assert list(data) == ["type", "record", "origin"]
    assert data["type"] == "deadletter"
    assert data["origin"] == {"file": str(path), "line": 1}
    assert decode(DeadLetter, orjson.dumps(data["record"])) == item.record
    assert b"\n" not in line


def test_replay_command_has_help():
    result = CliRunner().invoke(replay_command, ["--help"])
    assert result.exit_code == 0
    for text in ("--only", "--published-at", '"type"', "deadletter", "deterministic"):
        assert text in result.output


def test_replay_command_rejects_naive_published_at(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Some text about talks.")
    result = CliRunner().invoke(replay_command, [str(path), "--published-at", "2026-01-15T12:00:00"])
    assert result.exit_code == 2
    assert "timezone" in result.output


def test_replay_command_missing_file_is_a_usage_error():
    result = CliRunner().invoke(replay_command, ["/nonexistent/articles.jsonl"])
    assert result.exit_code == 2
    assert "no such file" in result.output


# --------------------------------------------------------------------------------------- with the model


def run(args: list[str]) -> tuple[bytes, str]:
    result = CliRunner().invoke(replay_command, args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes, result.stderr


@pytest.fixture(scope="module")
def demo_run() -> tuple[bytes, str]:
    return run([str(DEMO_ARTICLES)])


@pytest.mark.slow
def test_replay_demo_yields_a_reciprocal_strike_alert(demo_run):
    stdout, stderr = demo_run
    lines = [orjson.loads(line) for line in stdout.splitlines()]
    kinds = [line["type"] for line in lines]
    assert set(kinds) == {"deadletter", "event", "alert"}
    assert kinds.count("deadletter") == 6
    assert kinds.index("event") > max(i for i, k in enumerate(kinds) if k == "deadletter")
    alerts = [decode(Alert, orjson.dumps(line["record"])) for line in lines if line["type"] == "alert"]
    assert any("reciprocal_strike" in {hit.rule for hit in alert.rules} for alert in alerts)
    events = [decode(Event, orjson.dumps(line["record"])) for line in lines if line["type"] == "event"]
    assert events
    assert "6 dead letters" in stderr
    assert "reciprocal_strike" in stderr


@pytest.mark.slow
def test_replay_demo_gives_the_seven_events_of_the_crisis(demo_run):
    """demo/README.md's table: every report of one act (IRNA's actorless first word of the Saravan strike,
    the IRGC's own word that does not say where it struck) is in that act's event, and the talks are one."""
    stdout, stderr = demo_run
    events = [decode(Event, orjson.dumps(line["record"])) for line in map(orjson.loads, stdout.splitlines())
              if line["type"] == "event"]  # fmt: skip
    live = {e.id: e for e in events}
    live = {i: e for i, e in live.items() if e.superseded_by is None}
    assert sorted((e.date.isoformat(), e.sub_event_type, e.dyad) for e in live.values()) == [
        ("2026-01-13", "Air/drone strike", "IRN>PAK"),
        ("2026-01-13", "Envoy summoned", "PAK>IRN"),
        ("2026-01-14", "Ambassador recalled", "PAK>IRN"),
        ("2026-01-15", "Air/drone strike", "PAK>IRN"),
        ("2026-01-15", "Envoy summoned", "IRN>PAK"),
        ("2026-01-16", "Remote explosive/landmine/IED", None),
        ("2026-01-17", "Talks held", "IRN>PAK"),
    ]
    by_type = {(e.sub_event_type, e.dyad): e for e in live.values()}
    assert "irna-20260115-saravan#0" in by_type["Air/drone strike", "PAK>IRN"].mention_ids
    assert "tasnim-20260113-0412#0" in by_type["Air/drone strike", "IRN>PAK"].mention_ids
    assert by_type["Talks held", "IRN>PAK"].in_response_to is None
    assert "; 7 events (" in stderr and " 1 alerts (" in stderr


@pytest.mark.slow
def test_replay_demo_twice_is_byte_identical(demo_run):
    again, _ = run([str(DEMO_ARTICLES)])
    assert again == demo_run[0]


@pytest.mark.slow
def test_replay_only_alerts_and_split_files_give_the_same_alerts(demo_run, tmp_path):
    first, second = split_demo(tmp_path)
    only_alerts, _ = run([str(second), str(first), "--only", "alerts", "--quiet"])
    expected = [line for line in demo_run[0].splitlines() if line.startswith(b'{"type":"alert"')]
    assert only_alerts.splitlines() == expected
    assert expected
