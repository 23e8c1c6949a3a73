"""The ``strikewire`` command line: run the broker and workers, feed and watch topics, extract offline."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson

from schemas import Alert, Article, DeadLetter, Event, decode
from schemas.errors import ConfigurationError, StrikewireError
from streams import topics
from streams.settings import Settings

__all__ = ["main"]

TOPIC_ALIASES = {
    "raw": topics.ARTICLES_RAW,
    "articles": topics.ARTICLES_RAW,
    "deadletter": topics.DEADLETTER,
    "dead": topics.DEADLETTER,
    "events": topics.EVENTS,
    "alerts": topics.ALERTS,
    "mentions": topics.MENTIONS,
}


def _iso(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise click.BadParameter(f"{value!r} has no timezone; add e.g. +00:00")
    return when


def _fail(message: str) -> NoReturn:
    click.echo(f"strikewire: {message}", err=True)
    sys.exit(1)


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected errors into one clear line and a non-zero exit code."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except StrikewireError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            sys.exit(130)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """strikewire: conflict news in, canonical events and escalation alerts out, in seconds.

    Configuration comes from STRIKEWIRE_* environment variables (see README). With no
    STRIKEWIRE_BROKER_URL the embedded Tansu broker on 127.0.0.1 is used.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.option("--port", type=int, default=None, help="Port to listen on (default STRIKEWIRE_EMBEDDED_PORT).")
@_guard
def broker(port: int | None) -> None:
    """Run the embedded broker in the foreground, with every topic created, until Ctrl-C."""
    from streams.runtime import embedded_broker, prepare_topics

    settings = Settings() if port is None else Settings(embedded_port=port)
    if not settings.embedded:
        raise ConfigurationError(
            f"STRIKEWIRE_BROKER_URL is set ({settings.broker_url}): `strikewire broker` runs only the "
            "embedded broker; unset it, or use that broker"
        )
    with embedded_broker(settings) as running:
        assert running is not None  # settings.embedded
        created = asyncio.run(prepare_topics(settings))
        click.echo(
            f"embedded broker ready on {running.bootstrap} (pid {running.pid}); created {len(created)} "
            f"topics. Ctrl-C stops it."
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            click.echo("stopping broker")


@main.command()
@_guard
def worker() -> None:
    """Run a worker (all four stages) against the configured broker."""
    from streams.runtime import run_worker

    run_worker(Settings())


@main.command()
@_guard
def up() -> None:
    """Start the embedded broker if no broker URL is configured, then run a worker in the foreground."""
    from streams.runtime import embedded_broker, run_worker

    settings = Settings()
    with embedded_broker(settings):
        run_worker(settings)


@main.command()
@click.argument("path")
@click.option("--source", default=None, help="Outlet name for plain-text files and feeds without a title.")
@click.option("--published-at", default=None, help="ISO time for plain-text files (default: file mtime).")
@click.option("--timeout", type=float, default=30.0, help="Seconds to wait for a feed URL.")
@_guard
def ingest(path: str, source: str | None, published_at: str | None, timeout: float) -> None:
    """Send articles to articles.raw and report sent, rejected and rate.

    PATH is a JSON-lines file (each line sent as is, bad ones included: validation dead-letters them),
    an RSS or Atom feed (a file or an http(s) URL; each item becomes an article), a plain-text
    article, or '-' for JSON lines on standard input.
    """
    from streams.client import produce
    from streams.feeds import FeedError, host_of
    from streams.inputs import read_records
    from streams.runtime import prepare_topics

    settings = Settings()
    when = _iso(published_at)
    try:
        if path == "-":
            records = list(read_records(Path("stdin.jsonl"), data=sys.stdin.buffer.read()))
        elif path.startswith(("http://", "https://")):
            records = list(
                read_records(
                    Path("feed.xml"),
                    source=source or host_of(path),
                    published_at=when,
                    data=_fetch(path, timeout),
                )
            )
        else:
            file = Path(path)
            if not file.is_file():
                _fail(f"no such file: {path}")
            records = list(read_records(file, source=source, published_at=when))
    except FeedError as exc:
        _fail(f"{path}: {exc}")
    started = time.perf_counter()

    async def send() -> tuple[int, list[str]]:
        await prepare_topics(settings)
        with click.progressbar(length=len(records), label="ingest", file=sys.stderr) as bar:
            done = [0]

            def advance(settled: int) -> None:
                bar.update(settled - done[0])
                done[0] = settled

            return await produce(settings, topics.ARTICLES_RAW, records, on_done=advance)

    sent, errors = asyncio.run(send())
    elapsed = max(time.perf_counter() - started, 1e-9)
    for line in errors[:10]:
        click.echo(f"rejected: {line}", err=True)
    click.echo(
        f"sent {sent}, rejected {len(errors)} of {len(records)} records to {topics.ARTICLES_RAW} "
        f"in {elapsed:.2f}s ({sent / elapsed:.0f}/s)"
    )
    if errors:
        sys.exit(1)


def _fetch(url: str, timeout: float) -> bytes:
    """The body of an http(s) URL, or one clear error line."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "strikewire-ingest"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked
            return bytes(response.read())
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        _fail(f"cannot fetch {url}: {exc}")


@main.command()
@click.argument("topic")
@click.option("--from-end", is_flag=True, help="Only records that arrive from now on.")
@click.option("--json", "as_json", is_flag=True, help="Print raw JSON lines instead of readable lines.")
@click.option("--idle-exit", type=float, default=None, help="Exit after this many seconds without records.")
@_guard
def tail(topic: str, from_end: bool, as_json: bool, idle_exit: float | None) -> None:
    """Print a topic's records as they come: events, alerts, deadletter, raw, or a full topic name."""
    from streams.client import follow
    from streams.render import Style, alert_line, dead_letter_line, event_line

    name = TOPIC_ALIASES.get(topic, topic)
    style = Style()
    readers: dict[str, Callable[[bytes], str]] = {
        topics.EVENTS: lambda v: event_line(decode(Event, v), style),
        topics.ALERTS: lambda v: alert_line(decode(Alert, v), style),
        topics.DEADLETTER: lambda v: dead_letter_line(decode(DeadLetter, v), style),
    }
    settings = Settings()

    async def run() -> None:
        async for record in follow(settings, [name], from_beginning=not from_end, idle_timeout=idle_exit):
            reader = readers.get(name)
            if as_json or reader is None:
                click.echo(record.value.decode("utf-8", errors="replace"))
            else:
                click.echo(reader(record.value))

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published-at", default=None, help="Publication time (ISO 8601 with timezone); default now.")
@click.option("--source", default=None, help="Outlet name (default: the file name).")
@_guard
def extract(file: Path, published_at: str | None, source: str | None) -> None:
    """Print the JSON array of mentions in one article (plain text or an Article JSON), no broker needed."""
    from agents.extract import ExtractionPolicy, Extractor
    from streams.inputs import article_from_text

    settings = Settings()
    raw = file.read_bytes()
    when = _iso(published_at)
    article: Article
    if raw.lstrip()[:1] == b"{":
        data = orjson.loads(raw)
        if when is not None:
            data["published_at"] = when.isoformat()
        if source:
            data["source"] = source
        article = Article.model_validate(data)
    else:
        article = article_from_text(
            raw.decode("utf-8", errors="replace"),
            source=source or file.name,
            published_at=when or dt.datetime.now(dt.UTC),
        )
    mentions = Extractor(ExtractionPolicy(model=settings.model)).extract(article)
    click.echo(
        orjson.dumps([m.model_dump(mode="json") for m in mentions], option=orjson.OPT_INDENT_2).decode()
    )


@main.command()
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="JSON lines to replay (default: the bundled demo articles).",
)
@click.option("--timeout", type=float, default=180.0, help="Give up after this many seconds.")
@_guard
def demo(path: Path | None, timeout: float) -> None:
    """Run the whole pipeline on the embedded broker over the demo articles and show what comes out."""
    from streams.demo import run_demo

    sys.exit(run_demo(path, timeout=timeout))


@main.command()
@click.option("--interval", type=float, default=2.0, help="Seconds between the two offset samples.")
@_guard
def status(interval: float) -> None:
    """Show every pipeline topic: partitions, records, the worker group's lag and throughput."""
    from streams.client import topic_status
    from streams.runtime import prepare_topics

    settings = Settings()

    async def run() -> list[tuple[str, int, int, int | None, float]]:
        await prepare_topics(settings)
        return await topic_status(
            settings,
            [spec.name for spec in topics.all_topics(settings.app_id)],
            group=settings.app_id,
            consumed=topics.consumed_topics(settings.app_id),
            interval=interval,
        )

    rows = asyncio.run(run())
    click.echo(f"broker {settings.bootstrap}  group {settings.app_id}")
    click.echo(f"{'topic':<36} {'parts':>5} {'records':>9} {'lag':>7} {'rate/s':>8}")
    for name, parts, records, lag, rate in rows:
        shown = "-" if lag is None else str(lag)
        click.echo(f"{name:<36} {parts:>5} {records:>9} {shown:>7} {rate:>8.1f}")


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory to write into (default: the schemas package).",
)
@_guard
def schemas(out: Path | None) -> None:
    """Regenerate the JSON Schema files and the AsyncAPI document."""
    from schemas.export import write_all

    for written in write_all(out):
        click.echo(f"wrote {written}")


def _register() -> None:
    """Commands that live beside the code they drive."""
    from evaluation.cli import eval_group
    from streams.notify import notify_command
    from streams.replay import replay_command

    main.add_command(replay_command)
    main.add_command(notify_command)
    main.add_command(eval_group)


_register()

if __name__ == "__main__":
    main()
