"""RSS and Atom feeds become Articles; hostile XML is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from schemas import Article, decode
from streams.feeds import FeedError, looks_like_feed, parse_feed
from streams.inputs import read_records
from tests.conftest import REPO

FEEDS = REPO / "tests" / "fixtures" / "feeds"
NOW = dt.datetime(2026, 1, 20, tzinfo=dt.UTC)


def test_feeds_rss_items_become_articles():
    articles = parse_feed((FEEDS / "wire.rss").read_bytes(), fallback_source="x", now=NOW)
    assert [a.title for a in articles] == ["Shelling hits border villages", "Markets steady"]
    first, second = articles
    assert first.source == "Frontier Wire"
    assert first.id == "https://frontier.example/a/1"
    assert first.published_at == dt.datetime(2026, 1, 13, 18, 30, tzinfo=dt.UTC)
    assert "<p>Artillery" in first.body  # HTML is the validate stage's job
    assert second.id == "https://frontier.example/a/2"  # no guid: the link
    assert second.body.startswith("Shares closed")


def test_feeds_atom_entries_become_articles():
    [article] = parse_feed((FEEDS / "wire.atom").read_bytes(), fallback_source="x", now=NOW)
    assert article.id == "urn:ridge:2026-01-15:envoy"
    assert article.url == "https://ridge.example/envoy"
    assert article.source == "Ridge Report"
    assert article.published_at == dt.datetime(2026, 1, 15, 9, 40, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]>'
        b"<rss><channel><item>&x;</item></channel></rss>",
        b"<rss><channel><item>",
        b"<?xml version='1.0'?><html><body/></html>",
    ],
)
def test_feeds_refuse_hostile_or_foreign_xml(data):
    with pytest.raises(FeedError):
        parse_feed(data, fallback_source="x", now=NOW)


def test_feeds_are_recognised_by_read_records():
    path = FEEDS / "wire.atom"
    assert looks_like_feed(path.read_bytes())
    [(key, value)] = list(read_records(path))
    assert key == b"urn:ridge:2026-01-15:envoy"
    assert decode(Article, value).title == "Envoy summoned over border strike"
