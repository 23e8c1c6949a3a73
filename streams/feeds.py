"""RSS 2.0 and Atom 1.0 feeds as Articles, with the standard library's XML parser only.

Each item becomes one Article: its guid/id (or link) is the article id, so re-reading a feed is
idempotent downstream; summary or content is the body (the validate stage strips HTML).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

from schemas import Article

__all__ = ["FeedError", "host_of", "looks_like_feed", "parse_feed"]

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


class FeedError(ValueError):
    """The bytes are not a readable RSS or Atom feed."""


def looks_like_feed(data: bytes) -> bool:
    head = data.lstrip()[:512].lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")


def _when(text: str | None, fallback: dt.datetime) -> dt.datetime:
    if not text:
        return fallback
    text = text.strip()
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return fallback
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _text(node: ET.Element | None) -> str:
    return "".join(node.itertext()).strip() if node is not None else ""


def _article(
    ident: str, source: str, url: str | None, title: str, body: str, published: dt.datetime
) -> Article | None:
    if not body and not title:
        return None
    if len(ident) > 200 or not ident:
        ident = "feed-" + hashlib.sha256((ident or url or title).encode()).hexdigest()[:24]
    return Article(
        id=ident, source=source, url=url or None, title=title, body=body or title, published_at=published
    )


def parse_feed(data: bytes, *, fallback_source: str, now: dt.datetime) -> list[Article]:
    """Articles of an RSS or Atom document; items without a date get ``now``."""
    if b"<!DOCTYPE" in data[:2048].upper() or b"<!ENTITY" in data.upper():
        raise FeedError("feeds with a DOCTYPE or entity declarations are refused")
    try:
        root = ET.fromstring(data)  # noqa: S314 - DTDs and entities refused above
    except ET.ParseError as exc:
        raise FeedError(f"not well-formed XML: {exc}") from exc
    articles: list[Article | None] = []
    if root.tag == "rss" or root.find("channel") is not None:
        channel = root.find("channel")
        if channel is None:
            raise FeedError("RSS document without a channel")
        source = _text(channel.find("title")) or fallback_source
        for item in channel.iter("item"):
            link = _text(item.find("link"))
            body = _text(item.find(CONTENT)) or _text(item.find("description"))
            published = _when(_text(item.find("pubDate")) or _text(item.find(DC_DATE)), now)
            ident = _text(item.find("guid")) or link
            articles.append(_article(ident, source, link, _text(item.find("title")), body, published))
    elif root.tag == f"{ATOM}feed":
        source = _text(root.find(f"{ATOM}title")) or fallback_source
        for entry in root.iter(f"{ATOM}entry"):
            link_node = entry.find(f"{ATOM}link[@rel='alternate']")
            if link_node is None:
                link_node = entry.find(f"{ATOM}link")
            link = link_node.get("href", "") if link_node is not None else ""
            body = _text(entry.find(f"{ATOM}content")) or _text(entry.find(f"{ATOM}summary"))
            stamp = _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
            ident = _text(entry.find(f"{ATOM}id")) or link
            articles.append(
                _article(ident, source, link, _text(entry.find(f"{ATOM}title")), body, _when(stamp, now))
            )
    else:
        raise FeedError(f"neither RSS nor Atom (root element {root.tag!r})")
    return [a for a in articles if a is not None]


def host_of(url: str) -> str:
    """The outlet name for a feed fetched from ``url``."""
    return urlparse(url).hostname or url
