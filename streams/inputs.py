"""Reading articles from files: JSON lines (sent byte for byte) and plain text (wrapped as an Article)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import orjson

from schemas import Article, encode
from streams.feeds import looks_like_feed, parse_feed

__all__ = ["article_from_text", "read_records", "record_key"]


def article_from_text(
    text: str, *, source: str, published_at: dt.datetime, title: str = "", article_id: str | None = None
) -> Article:
    """Wrap plain text as an Article; the id is derived from the content so re-ingesting is idempotent.

    A first line shorter than 200 characters followed by a blank line is taken as the title.
    """
    body = text.strip()
    if not title:
        head, sep, rest = body.partition("\n\n")
        if sep and len(head) < 200 and rest.strip():
            title, body = head.strip(), rest.strip()
    digest = hashlib.sha256(f"{source}\n{title}\n{body}".encode()).hexdigest()[:20]
    return Article(
        id=article_id or f"txt-{digest}",
        source=source,
        title=title,
        body=body,
        published_at=published_at,
        language="en",
    )


def record_key(line: bytes) -> bytes | None:
    """The Kafka key of a JSON-lines record: its ``id`` when it has one (bad records have none)."""
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"]:
        return value["id"].encode()
    return None


def read_records(
    path: Path,
    *,
    source: str | None = None,
    published_at: dt.datetime | None = None,
    data: bytes | None = None,
) -> Iterator[tuple[bytes | None, bytes]]:
    """``(key, value)`` records from a file: RSS/Atom items as Articles, JSON lines as they are, anything
    else as one text article. ``data`` replaces the file's content (standard input, a fetched URL)."""
    raw = path.read_bytes() if data is None else data
    if looks_like_feed(raw):
        now = published_at or dt.datetime.now(dt.UTC)
        for article in parse_feed(raw, fallback_source=source or path.name, now=now):
            yield article.id.encode(), encode(article)
        return
    looks_jsonl = path.suffix in {".jsonl", ".ndjson", ".json"} or raw.lstrip()[:1] == b"{"
    if looks_jsonl:
        for line in raw.splitlines():
            if line.strip():
                yield record_key(line), line
        return
    if published_at is None:
        published_at = (
            dt.datetime.now(dt.UTC)
            if data is not None
            else dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        )
    article = article_from_text(
        raw.decode("utf-8", errors="replace"), source=source or path.name, published_at=published_at
    )
    yield article.id.encode(), encode(article)
