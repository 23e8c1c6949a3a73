"""``strikewire replay``: run the whole chain offline over article files and print what comes out.

Back-testing escalation rules on history needs exactly what a worker would produce, without a broker.
:func:`replay` reads JSON-lines and plain-text files with :func:`streams.inputs.read_records`, validates
every record with the validate stage's own function, orders the valid articles by publication time
across all files, and feeds them through :class:`agents.chain.Chain` (the pure functions the Faust
agents call).

Output format (one JSON object per line on stdout, UTF-8, ``\\n``-terminated)::

    {"type": "deadletter", "record": {...DeadLetter...}, "origin": {"file": "a.jsonl", "line": 7}}
    {"type": "event", "record": {...Event...}}
    {"type": "alert", "record": {...Alert...}}

``record`` is byte for byte the value the worker would publish on ``articles.deadletter``,
``events.enriched`` or ``alerts.escalation`` (``schemas.encode``); every version of an event or an
alert is printed, in the order the chain emits them (consumers keep the highest version). Dead
letters come first, in file and line order, with an ``origin`` naming the file (as given on the
command line) and its 1-based line; then events and alerts, in the order the articles are replayed.

Determinism: the same files, options and rules give byte-identical stdout. A live dead letter's
``failed_at`` is the wall clock; a replayed one's is derived from the input instead: the
``published_at`` of the closest valid article before it in the same file, or the Unix epoch
(``1970-01-01T00:00:00Z``) when there is none. A plain-text file without ``--published-at`` takes its
modification time as publication time (reported on stderr), so touching it changes the output.
Ties in publication time keep the order of the files on the command line and of the lines in a file.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click
import orjson

from schemas import Alert, Article, DeadLetter, Event, encode
from schemas.errors import RejectedInput, StrikewireError
from streams import topics
from streams.inputs import read_records
from streams.render import live_ids

if TYPE_CHECKING:
    from agents.chain import Chain

__all__ = [
    "EPOCH",
    "Origin",
    "ReplayItem",
    "ReplaySummary",
    "collect",
    "envelope",
    "replay",
    "replay_command",
]

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""``failed_at`` of a replayed dead letter with no valid article before it in its file."""

Kind = Literal["event", "alert", "deadletter"]


@dataclass(frozen=True)
class Origin:
    """Where a record was read: the file as named on the command line and its 1-based line."""

    file: str
    line: int


@dataclass(frozen=True)
class ReplayItem:
    """One output of a replay: an event or alert version, or a dead letter with where it came from."""

    kind: Kind
    record: Event | Alert | DeadLetter
    origin: Origin | None = None


@dataclass
class ReplaySummary:
    """Counts of one replay, for the stderr summary."""

    files: int = 0
    records: int = 0
    articles: int = 0
    dead_letters: int = 0
    event_versions: int = 0
    alert_versions: int = 0
    events: dict[str, Event] = field(default_factory=dict)
    """The latest version of each event id."""
    alerts: dict[str, Alert] = field(default_factory=dict)
    """The latest version of each alert id."""
    notes: list[str] = field(default_factory=list)

    def add(self, item: ReplayItem) -> None:
        record = item.record
        if isinstance(record, Event):
            self.event_versions += 1
            self.events[record.id] = max(record, self.events.get(record.id, record), key=lambda r: r.version)
        elif isinstance(record, Alert):
            self.alert_versions += 1
            self.alerts[record.id] = max(record, self.alerts.get(record.id, record), key=lambda r: r.version)
        else:
            self.dead_letters += 1

    def text(self, elapsed: float) -> str:
        events = len(live_ids(self.events.values()))
        merged = len(self.events) - events
        alerts = [a for a in self.alerts.values() if a.superseded_by is None]
        levels = Counter(a.level.value for a in alerts)
        by_level = ", ".join(f"{levels[n]} {n}" for n in ("critical", "warning", "info") if levels[n])
        fired = Counter(hit.rule for a in alerts for hit in a.rules)
        rules = ", ".join(f"{rule} {count}" for rule, count in sorted(fired.items()))
        return (
            f"replayed {self.files} file(s): {self.records} records, {self.articles} valid articles, "
            f"{self.dead_letters} dead letters; "
            f"{events} events ({self.event_versions} versions"
            f"{f'; {merged} more superseded' if merged else ''}), "
            f"{len(alerts)} alerts ({self.alert_versions} versions"
            f"{'; ' + by_level if by_level else ''}) in {elapsed:.1f}s"
            + (f"\nrules in latest alert versions: {rules}" if rules else "")
        )


@dataclass(frozen=True)
class _Source:
    """One input record before validation."""

    raw: bytes
    key: bytes | None
    origin: Origin
    index: int
    """0-based position of the record in its file (the offset it would have in an empty partition)."""


def _read(
    name: str, *, source: str | None, published_at: dt.datetime | None, notes: list[str]
) -> list[_Source]:
    """Every record of one file (``-`` is JSON lines on standard input), with its line number."""
    if name == "-":
        path, data = Path("stdin.jsonl"), sys.stdin.buffer.read()
    else:
        path = Path(name)
        data = path.read_bytes()
    lines = [n for n, line in enumerate(data.splitlines(), start=1) if line.strip()]
    when = published_at
    if when is None and name != "-":
        when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    records = list(read_records(path, source=source, published_at=when, data=data))
    plain_text = len(records) == 1 and not (
        path.suffix in {".jsonl", ".ndjson", ".json"} or data.lstrip()[:1] == b"{"
    )
    if plain_text and published_at is None:
        notes.append(
            f"{name}: plain text, published_at taken from the file's mtime "
            f"{when:%Y-%m-%dT%H:%M:%SZ} (use --published-at for a fixed time)"
        )
    return [
        _Source(raw=value, key=key, origin=Origin(name, lines[i] if i < len(lines) else 1), index=i)
        for i, (key, value) in enumerate(records)
    ]


def collect(
    files: Sequence[str],
    *,
    validation: object | None = None,
    source: str | None = None,
    published_at: dt.datetime | None = None,
    summary: ReplaySummary | None = None,
) -> tuple[list[Article], list[ReplayItem]]:
    """Read and validate ``files``: the valid articles in replay order, and the dead letters in file order.

    Validation is ``agents.validate.validate_article``, the validate agent's own function.
    """
    from agents.validate import ValidationPolicy, dead_letter, validate_article

    policy = validation if isinstance(validation, ValidationPolicy) else ValidationPolicy()
    summary = summary if summary is not None else ReplaySummary()
    valid: list[tuple[dt.datetime, int, int, Article]] = []
    dead: list[ReplayItem] = []
    for file_index, name in enumerate(files):
        summary.files += 1
        last_published: dt.datetime | None = None
        for record in _read(name, source=source, published_at=published_at, notes=summary.notes):
            summary.records += 1
            try:
                article = validate_article(record.raw, policy)
            except RejectedInput as exc:
                letter = dead_letter(
                    record.raw,
                    exc,
                    topic=topics.ARTICLES_RAW,
                    partition=None,
                    offset=record.index,
                    key=record.key,
                    failed_at=last_published or EPOCH,
                )
                dead.append(ReplayItem("deadletter", letter, record.origin))
                continue
            last_published = article.published_at
            valid.append((article.published_at, file_index, record.index, article))
    valid.sort(key=lambda item: item[:3])
    summary.articles = len(valid)
    return [article for *_, article in valid], dead


def replay(
    files: Sequence[str],
    chain: Chain,
    *,
    source: str | None = None,
    published_at: dt.datetime | None = None,
    summary: ReplaySummary | None = None,
) -> Iterator[ReplayItem]:
    """Dead letters of ``files`` (in file order), then every event and alert version the chain emits."""
    summary = summary if summary is not None else ReplaySummary()
    articles, dead = collect(
        files, validation=chain.validation, source=source, published_at=published_at, summary=summary
    )
    for item in dead:
        summary.add(item)
        yield item
    for output in chain.feed_articles(articles):
        item = ReplayItem(
            "event" if isinstance(output, Event) else "alert" if isinstance(output, Alert) else "deadletter",
            output,
        )
        summary.add(item)
        yield item


def envelope(item: ReplayItem) -> bytes:
    """One output line (without the newline): ``{"type": ..., "record": <wire bytes>[, "origin": ...]}``."""
    line = b'{"type":"' + item.kind.encode() + b'","record":' + encode(item.record)
    if item.origin is not None:
        line += b',"origin":' + orjson.dumps({"file": item.origin.file, "line": item.origin.line})
    return line + b"}"


def _iso(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 time", param_hint="--published-at") from exc
    if when.tzinfo is None:
        raise click.BadParameter(f"{value!r} has no timezone; add e.g. +00:00", param_hint="--published-at")
    return when


def _write(lines: Iterable[bytes]) -> None:
    out = click.get_binary_stream("stdout")
    for line in lines:
        out.write(line + b"\n")
    out.flush()


ONLY = {"events": "event", "alerts": "alert", "deadletters": "deadletter"}


@click.command("replay", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--only",
    type=click.Choice(sorted(ONLY)),
    default=None,
    help="Print only events, only alerts or only dead letters (the summary still counts all).",
)
@click.option(
    "--published-at",
    default=None,
    metavar="ISO",
    help="Publication time (ISO 8601 with timezone) of plain-text files; default: each file's mtime.",
)
@click.option("--source", default=None, help="Outlet name of plain-text files (default: the file name).")
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Escalation rules YAML to back-test (default: STRIKEWIRE_RULES_FILE or the packaged rules).",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
def replay_command(
    files: tuple[str, ...],
    only: str | None,
    published_at: str | None,
    source: str | None,
    rules_file: Path | None,
    quiet: bool,
) -> None:
    """Run the whole chain offline over article files and print events and alerts as JSON lines.

    No broker is needed: every record goes through the same validate, extract, dedup and escalate
    code the workers run. FILE is JSON lines (one Article per line, as sent to articles.raw) or a
    plain-text article; '-' reads JSON lines from standard input. Valid articles of all files are
    replayed in publication order; records that fail validation are printed as dead letters.

    \b
    Each stdout line is one JSON object:
      {"type": "event",      "record": <Event, as on events.enriched>}
      {"type": "alert",      "record": <Alert, as on alerts.escalation>}
      {"type": "deadletter", "record": <DeadLetter>, "origin": {"file": F, "line": N}}
    Dead letters come first, then every event and alert version in replay order.

    Output is deterministic: the same input gives byte-identical stdout. A dead letter's failed_at
    is the publication time of the closest valid article before it in its file (else 1970-01-01Z).
    A summary goes to stderr.

    \b
    Example:
      strikewire replay demo/articles.jsonl --only alerts | jq -c '.record | [.version, .level]'
    """
    started = time.perf_counter()
    when = _iso(published_at)
    for name in files:
        if name != "-" and not Path(name).is_file():
            raise click.BadParameter(f"no such file: {name}", param_hint="FILE")
    try:
        from agents.chain import Chain
        from agents.escalate import load_rules
        from agents.validate import ValidationPolicy
        from streams.settings import Settings

        settings = Settings()
        chain = Chain.create(
            model=settings.model,
            validation=ValidationPolicy(max_bytes=settings.max_article_bytes),
            dedup=settings.dedup_policy(),
            rules=load_rules(rules_file or settings.rules_file),
        )
        summary = ReplaySummary()
        wanted = ONLY.get(only) if only else None
        items = replay(files, chain, source=source, published_at=when, summary=summary)
        _write(envelope(item) for item in items if wanted is None or item.kind == wanted)
    except StrikewireError as exc:
        click.echo(f"strikewire: {exc}", err=True)
        sys.exit(1)
    if not quiet:
        for note in summary.notes:
            click.echo(f"note: {note}", err=True)
        click.echo(summary.text(time.perf_counter() - started), err=True)
